"""Every action id, callback id and block id the app uses, in one place.

A test checks that each action and callback id is handled exactly once.
"""
from __future__ import annotations

from enum import StrEnum


class Command(StrEnum):
    PEER_SUPPORT = "/peer-support"


class ActionId(StrEnum):
    OFFER_ACCEPT = "offer.accept"
    OFFER_DECLINE = "offer.decline"
    OFFER_DETAILS = "offer.details"


class CallbackId(StrEnum):
    SELF_REFERRAL = "referral.self"
    DECLINE_REASON = "offer.decline_reason"


class BlockId(StrEnum):
    EVENT_TYPE = "referral.event_type"
    URGENCY = "referral.urgency"
    CONTACT = "referral.contact"
    AVOID = "referral.avoid"
    NOTE = "referral.note"
    DECLINE_REASON = "decline.reason"
    OFFER_ACTIONS = "offer.actions"


class InputActionId(StrEnum):
    """Action ids of inputs inside modals: read from view state, never routed as actions."""

    EVENT_TYPE = "event_type"
    URGENCY = "urgency"
    CONTACT = "contact"
    AVOID = "avoid"
    NOTE = "note"
    DECLINE_REASON = "reason"

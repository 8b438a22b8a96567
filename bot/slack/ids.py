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
    CASE_CONTACTED = "case.contacted"
    CASE_NOT_REACHED = "case.not_reached"
    CASE_HAND_OFF = "case.hand_off"
    CASE_CHECKED_IN = "case.checked_in"
    CASE_CLOSE = "case.close"
    SUPPORTER_RESUME = "supporter.resume"
    CASE_SAFETY = "case.safety_concern"


class ShortcutId(StrEnum):
    REFER_COLLEAGUE = "referral.colleague"
    REFER_FROM_MESSAGE = "referral.from_message"


class CallbackId(StrEnum):
    SELF_REFERRAL = "referral.self"
    LEAD_REFERRAL = "referral.lead"
    DECLINE_REASON = "offer.decline_reason"
    CLOSE_OUTCOME = "case.close_outcome"


class BlockId(StrEnum):
    EVENT_TYPE = "referral.event_type"
    URGENCY = "referral.urgency"
    CONTACT = "referral.contact"
    AVOID = "referral.avoid"
    NOTE = "referral.note"
    COLLEAGUE = "referral.who"
    MAY_NAME = "referral.may_name"
    DECLINE_REASON = "decline.reason"
    OFFER_ACTIONS = "offer.actions"
    CASE_ACTIONS = "case.actions"
    SUPPORTER_ACTIONS = "supporter.actions"
    SAFETY_ACTIONS = "case.safety"
    OUTCOME = "case.outcome"


class InputActionId(StrEnum):
    """Action ids of inputs inside modals: read from view state, never routed as actions."""

    EVENT_TYPE = "event_type"
    URGENCY = "urgency"
    CONTACT = "contact"
    AVOID = "avoid"
    NOTE = "note"
    COLLEAGUE = "colleague"
    MAY_NAME = "may_name"
    DECLINE_REASON = "reason"
    OUTCOME = "outcome"

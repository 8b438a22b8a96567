"""What coordinators are told when a case stalls (rendered by bot/slack/messages)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from bot.outbox.registry import Notice


class Stall(StrEnum):
    """Why a case needs a person (the coordinators' queue and digest): bot/cases/clocks.py."""

    NOBODY_LEFT = "nobody left"  # unplaced: nobody eligible was left to offer it to
    NOT_ACCEPTED = "not accepted"  # nobody has accepted it for ESCALATE_AFTER
    NO_CONTACT = "no contact"  # accepted, no contact recorded for twice CONTACT_NUDGE_AFTER


@dataclass(frozen=True)
class CaseNeedsAHand(Notice):
    """To a coordinator: case number, state and ages only; never names."""

    case_id: int
    state: str
    age: timedelta  # since the referral
    stall: Stall
    stalled_for: timedelta  # since nobody-accepted started counting, or since Accept


@dataclass(frozen=True)
class SafetyAlert(Notice):
    """To a coordinator or safety contact, at once: which case, and which supporter to call."""

    case_id: int
    supporter_id: str


@dataclass(frozen=True)
class ContactNudge(Notice):
    """To the supporter holding a case: have you been able to connect?"""

    case_id: int
    clinician_id: str

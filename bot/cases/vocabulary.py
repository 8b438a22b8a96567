"""The words of a case and its offers: states, sources, choices on the forms, outcomes.

Codes are what is stored; labels are what people read. Which state may follow which is
the transition table in bot/cases/lifecycle.py.
"""
from __future__ import annotations

from enum import StrEnum


class CaseState(StrEnum):
    NEW = "new"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    CONTACTED = "contacted"
    UNPLACED = "unplaced"
    CLOSED = "closed"
    # A hospital system reported the clinician in a safety event: a coordinator decides whether to
    # offer support (bot/intake/triage.py) before any matching.
    TRIAGE = "triage"


OPEN_CASE_STATES = frozenset(
    {CaseState.NEW, CaseState.OFFERED, CaseState.ACCEPTED, CaseState.CONTACTED, CaseState.UNPLACED,
     CaseState.TRIAGE}
)
# A supporter holds the case: it counts toward their load, and their buttons act on it.
HELD_CASE_STATES = frozenset({CaseState.ACCEPTED, CaseState.CONTACTED})
# Nobody has accepted it yet: the "not accepted in time" escalation watches these.
WAITING_CASE_STATES = frozenset({CaseState.NEW, CaseState.OFFERED})


class OfferStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    HANDED_OFF = "handed_off"


# An offer that ended in any of these keeps the case away from that supporter for good.
PASSED_OFFER_STATUSES = frozenset(
    {OfferStatus.DECLINED, OfferStatus.EXPIRED, OfferStatus.WITHDRAWN, OfferStatus.HANDED_OFF}
)


class Source(StrEnum):
    SELF = "self"
    LEAD = "lead"
    SYSTEM = "system"


EVENT_TYPES: dict[str, str] = {
    "complication": "Unexpected complication",
    "patient_death": "Patient death",
    "adverse_event": "Adverse event",
    "litigation": "Litigation or complaint",
    "other": "Something else",
}

URGENCIES: dict[str, str] = {
    "today": "Today, if possible",
    "few_days": "In the next few days",
}
URGENT = "today"


def is_urgent(urgency: str | None) -> bool:
    """The clinician asked to talk today: shorter timeouts, no waiting for quiet hours."""
    return urgency == URGENT

CONTACT_PREFERENCES: dict[str, str] = {
    "slack": "A Slack message",
    "phone": "A phone call",
    "in_person": "In person",
}

DECLINE_REASONS: dict[str, str] = {
    "conflict": "Conflict of interest",
    "unavailable": "Not available right now",
    "other": "Another reason",
}

OUTCOMES: dict[str, str] = {
    "talked": "We talked",
    "declined_support": "They declined support",
    "not_reached": "I couldn't reach them",
    "referred_out": "Referred to outside resources",
    "handed_off": "Handed off",
}
# Outcomes the bot records itself.
CHECKED_IN = "checked_in"
CLOSED_BY_COORDINATOR = "closed_by_coordinator"

# What a coordinator may close a case with (bot/coordination/placing.py).
COORDINATOR_OUTCOMES: dict[str, str] = {
    CLOSED_BY_COORDINATOR: "No support needed now",
    "declined_support": "They declined support",
    "not_reached": "They couldn't be reached",
    "referred_out": "Referred to outside resources",
    "talked": "A supporter talked with them",
}

# Why a coordinator placed a case with a supporter they chose (Assign, Reassign): stored as the code.
PLACING_REASONS: dict[str, str] = {
    "nobody_free": "Nobody eligible was free",
    "asked_for": "The colleague asked for this person",
    "better_fit": "A better fit for this colleague",
    "supporter_cannot_continue": "The supporter can't continue",
    "other": "Another reason",
}

# Every outcome a closed case can carry, in the order reports list them.
RECORDED_OUTCOMES = (
    "talked", CHECKED_IN, "declined_support", "not_reached", "referred_out", "handed_off", CLOSED_BY_COORDINATOR,
)


class NotAChoice(ValueError):
    """A value that is not one of a form's options reached a service (the form checks first)."""


def require_choice(value: str | None, choices: dict[str, str], what: str) -> str:
    """`value` if it is one of `choices`; NotAChoice otherwise."""
    if value not in choices:
        raise NotAChoice(f"{what} must be one of {', '.join(choices)}")
    return value

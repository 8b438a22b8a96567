"""The words of the domain: states, sources, choices on the forms, outcomes.

Codes are what is stored; labels are what people read.
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


OPEN_CASE_STATES = frozenset(
    {CaseState.NEW, CaseState.OFFERED, CaseState.ACCEPTED, CaseState.CONTACTED, CaseState.UNPLACED}
)
# A supporter's load: the cases they hold.
HELD_CASE_STATES = frozenset({CaseState.ACCEPTED, CaseState.CONTACTED})


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


class Role(StrEnum):
    SUPPORTER = "supporter"
    LEAD = "lead"
    COORDINATOR = "coordinator"


class Cohort(StrEnum):
    FACULTY = "faculty"
    TRAINEE = "trainee"


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

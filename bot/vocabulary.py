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

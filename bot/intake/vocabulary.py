"""The words of the intake API: categories, seriousness, functions, identifier systems, results.

Codes are what systems send and what is stored. Categories start from AHRQ Common Formats'
event classes (Hospital), plus the events peer support programs also reach out after.
"""
from __future__ import annotations

from enum import StrEnum

CATEGORIES: dict[str, str] = {
    # AHRQ Common Formats (Hospital) event classes.
    "blood-product": "Blood or blood product",
    "device-or-supply": "Device or medical/surgical supply",
    "fall": "Fall",
    "healthcare-associated-infection": "Healthcare-associated infection",
    "medication": "Medication or other substance",
    "perinatal": "Perinatal",
    "pressure-injury": "Pressure injury",
    "surgery-or-anesthesia": "Surgery or anesthesia",
    "venous-thromboembolism": "Venous thromboembolism",
    # What else starts outreach.
    "patient-death": "Patient death",
    "litigation": "Litigation",
    "complaint": "Complaint",
    "other": "Other",
}

# A category's case event type (bot/cases/vocabulary.py EVENT_TYPES).
EVENT_TYPE_OF: dict[str, str] = {
    "patient-death": "patient_death",
    "litigation": "litigation",
    "complaint": "litigation",
    "surgery-or-anesthesia": "complication",
    "other": "other",
}
DEFAULT_EVENT_TYPE = "adverse_event"

SERIOUS = "serious"
SERIOUSNESS: dict[str, str] = {SERIOUS: "Serious", "non-serious": "Not serious"}

FUNCTIONS: dict[str, str] = {"primary": "Primary", "team": "Team member", "witness": "Witness"}


class IdentifierSystem(StrEnum):
    EMAIL = "email"
    SLACK = "slack"
    NPI = "npi"
    EMPLOYEE_ID = "employee-id"


class Result(StrEnum):
    CREATED = "created"  # a new case
    ATTACHED = "attached"  # the event joined their open or recent case
    REPEAT = "repeat"  # already part of this event
    UNRESOLVED = "unresolved"  # not on the roster


MAX_PARTICIPANTS = 50

"""The words of the intake API's v1 body: the fixed lists its typed fields take, and its bounds.

The FHIR reader, the CSV reader and the OpenAPI description all take their lists from here, so
the three say the same thing as the v1 endpoint.
"""
from __future__ import annotations

# AHRQ Common Formats (hospital) event categories, then what a peer support program adds.
AHRQ_CATEGORIES = (
    "blood-or-blood-product",
    "device-or-supply",
    "fall",
    "healthcare-associated-infection",
    "medication-or-other-substance",
    "perinatal",
    "pressure-ulcer",
    "surgery-or-anesthesia",
    "venous-thromboembolism",
)
CATEGORIES = AHRQ_CATEGORIES + ("patient-death", "litigation", "complaint", "other")
OTHER = "other"
PATIENT_DEATH = "patient-death"

SERIOUS, NON_SERIOUS = "serious", "non-serious"
SERIOUSNESS = (SERIOUS, NON_SERIOUS)

IDENTIFIER_SYSTEMS = ("email", "slack", "npi", "employee-id")
FUNCTIONS = ("primary", "team", "witness")

RESULTS = ("created", "attached", "repeat", "unresolved")

MAX_PARTICIPANTS = 50
MAX_BODY_BYTES = 16 * 1024

# The fields of a v1 body, in the order the documentation gives them.
EVENT_FIELDS = ("source_system", "source_event_id", "category", "seriousness", "occurred_on", "division")

"""A guard against patient identifiers in typed text.

People are asked not to include patient identifiers; this catches the common
slips (record numbers, dates of birth, social security numbers) so the form can
ask them to take it out before anything is stored.
"""
from __future__ import annotations

import re

_PATTERNS = (
    re.compile(r"\b\d{6,}\b"),  # medical record numbers, account numbers
    re.compile(r"\b\d{3}-\d{2}-\d{4}\b"),  # social security numbers
    re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](19|20)?\d{2}\b"),  # dates (of birth, of admission)
    re.compile(r"\b(19|20)\d{2}[/.-]\d{1,2}[/.-]\d{1,2}\b"),  # ISO dates
    re.compile(r"\b(MRN|DOB|SSN|date of birth|medical record)\b", re.IGNORECASE),
    re.compile(r"\b(room|bed)\s*#?\s*\d+\b", re.IGNORECASE),
)


def looks_like_patient_identifier(text: str) -> bool:
    """True when the text seems to carry a patient identifier."""
    return any(pattern.search(text) for pattern in _PATTERNS)

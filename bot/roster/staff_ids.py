"""Identifiers a hospital's systems know staff by: the NPI and the employee id (roster columns, and
how the intake API names the clinicians in an event)."""
from __future__ import annotations

import re

_NPI = re.compile(r"[0-9]{10}")
_EMPLOYEE_ID = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?")


def npi_check_digit_ok(npi: str) -> bool:
    """A 10-digit NPI's last digit is the Luhn check digit of its first nine behind the prefix 80840."""
    if not _NPI.fullmatch(npi):
        return False
    total = 0
    for position, digit in enumerate(int(d) for d in reversed("80840" + npi[:9])):
        if position % 2 == 0:  # from the right of the payload, every other digit is doubled
            digit = digit * 2 - 9 if digit * 2 > 9 else digit * 2
        total += digit
    return (10 - total % 10) % 10 == int(npi[9])


def npi_problem(value: str) -> str | None:
    if not _NPI.fullmatch(value):
        return "is not an NPI: use its 10 digits"
    return None if npi_check_digit_ok(value) else "is not an NPI: its check digit is wrong"


def employee_id_problem(value: str) -> str | None:
    return None if _EMPLOYEE_ID.fullmatch(value) else "is not an employee id: use letters, digits and hyphens"

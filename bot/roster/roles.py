"""The roles a person can hold on the roster, and the cohorts supporters belong to."""
from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Role(StrEnum):
    SUPPORTER = "supporter"
    LEAD = "lead"
    COORDINATOR = "coordinator"


class Cohort(StrEnum):
    FACULTY = "faculty"
    TRAINEE = "trainee"


def known_roles(names: Iterable[str]) -> frozenset[Role]:
    """The roles among `names` (stored role rows); anything else is ignored."""
    return frozenset(Role(name) for name in names if name in Role._value2member_map_)

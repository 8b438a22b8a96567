"""The base of every feature's enum of due-work kinds.

A feature declares its kinds as `class OfferWork(WorkKind): SEND = "offer"; ...`. The value is
what the `nudges.kind` column stores, so a value never changes once released.
"""
from __future__ import annotations

from enum import StrEnum


class WorkKind(StrEnum):
    """A kind of due work. Subclassed once per feature; never used directly."""


def every_work_kind() -> list[WorkKind]:
    """Every kind any imported feature declares (for the registry's completeness check)."""
    kinds: list[WorkKind] = []
    pending = list(WorkKind.__subclasses__())
    while pending:
        enum = pending.pop()
        kinds.extend(enum)
        pending.extend(enum.__subclasses__())
    return kinds

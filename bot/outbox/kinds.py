"""The base of every feature's enum of due-work kinds.

A feature declares its kinds as `class OfferWork(WorkKind): SEND = "offer"; ...`. The value is
what the `nudges.kind` column stores, so a value never changes once released.
"""
from __future__ import annotations

from enum import StrEnum


class WorkKind(StrEnum):
    """A kind of due work. Subclassed once per feature; never used directly."""


def all_subclasses(cls: type) -> list[type]:
    """Every class below `cls`, however deep (of the modules imported so far)."""
    found, pending = [], list(cls.__subclasses__())
    while pending:
        sub = pending.pop()
        found.append(sub)
        pending.extend(sub.__subclasses__())
    return found


def every_work_kind() -> list[WorkKind]:
    """Every kind any imported feature declares (for the registry's completeness check)."""
    return [kind for enum in all_subclasses(WorkKind) for kind in enum]

"""What the follow-through's due work says (rendered by bot/slack/messages)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.outbox.registry import Notice


@dataclass(frozen=True)
class CheckIn(Notice):
    """To the supporter: time for a check-in; `last` says the case closes after this one."""

    case_id: int
    clinician_id: str
    last: bool


@dataclass(frozen=True)
class ReferrerContactMade(Notice):
    """To a lead who referred the clinician: a supporter has been in touch (no names, no notes)."""

    clinician_id: str

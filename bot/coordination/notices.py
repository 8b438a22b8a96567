"""What the coordinators' digest says (rendered by bot/slack/messages)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.outbox.registry import Notice


@dataclass(frozen=True)
class StalledCase:
    case_id: int
    state: str
    age: timedelta  # since the referral


@dataclass(frozen=True)
class Digest(Notice):
    """Case numbers, states and ages only; never names."""

    cases: tuple[StalledCase, ...]

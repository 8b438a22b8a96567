"""What the roster's due work says (rendered by bot/slack/messages)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.outbox.registry import Notice


@dataclass(frozen=True)
class SupporterPaused(Notice):
    """To a supporter: new requests are paused after three went unanswered; how to resume."""


@dataclass(frozen=True)
class CoordinatorSupporterPaused(Notice):
    """To a coordinator: this supporter was paused."""

    supporter_id: str


@dataclass(frozen=True)
class BackFromAway(Notice):
    """To a supporter whose away date has come: they will get new requests again."""

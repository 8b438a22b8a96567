"""What referrals' due work says (rendered by bot/slack/messages)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.outbox.registry import Notice


@dataclass(frozen=True)
class Welcome(Notice):
    """To a clinician who asked for themselves: thank you, what happens next, outside resources."""

    urgency: str
    contact_preference: str | None
    resources: tuple[str, ...]

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


@dataclass(frozen=True)
class RequestJoined(Notice):
    """To a clinician who asked again while a request was open: it was added to that request."""

    resources: tuple[str, ...]


@dataclass(frozen=True)
class CaseNews(Notice):
    """To the supporter holding or offered a case: the clinician asked again, or a colleague is
    concerned too; Details shows what was added (never in the DM itself)."""

    case_id: int
    clinician_id: str
    offer_id: int
    urgent: bool


@dataclass(frozen=True)
class ReferralLimitReached(Notice):
    """To a coordinator: someone opened REFERRAL_LIMIT referrals within an hour (no content)."""

    person_id: str
    limit: int

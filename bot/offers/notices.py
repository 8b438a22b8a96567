"""What offers' due work says (rendered by bot/slack/messages)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.offers.summaries import OfferSummary
from bot.outbox.registry import Notice


@dataclass(frozen=True)
class OfferMade(Notice):
    """To a supporter: a colleague could use a peer conversation; Accept / Decline / Details."""

    offer: OfferSummary


@dataclass(frozen=True)
class OfferReminder(Notice):
    offer: OfferSummary


@dataclass(frozen=True)
class OfferPassedOn(Notice):
    """Replaces the offer DM once it was not answered in time."""

    offer: OfferSummary


@dataclass(frozen=True)
class OfferWithdrawn(Notice):
    """Replaces the offer DM once a coordinator placed the case with someone else, or closed it."""

    offer: OfferSummary


@dataclass(frozen=True)
class SupporterFound(Notice):
    """To a clinician who asked for themselves: a supporter will reach out."""

    contact_preference: str | None


@dataclass(frozen=True)
class CaseUnplaced(Notice):
    """To a coordinator: nobody eligible is left to offer this case to."""

    case_id: int
    urgency: str

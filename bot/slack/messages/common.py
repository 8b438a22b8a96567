"""Words every DM shares: the message shape, how contact preferences and who asked are said,
durations and ages, and the private notices after a click.

DMs never carry typed text or the event type: workspace owners can export DMs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.cases.vocabulary import CONTACT_PREFERENCES, Source
from bot.slack.blocks import actions, button
from bot.slack.ids import ActionId, BlockId


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message (Slack's upload flow); the message's text introduces it."""

    filename: str
    content: bytes
    title: str
    alt_text: str


@dataclass(frozen=True)
class Message:
    text: str
    blocks: list[dict] = field(default_factory=list)
    file: Attachment | None = None


def contact_words(preference: str | None) -> str:
    return CONTACT_PREFERENCES.get(preference or "", "No preference given").lower()


def who_asked(source: str, clinician_id: str, referrer_id: str | None) -> str:
    """Who the request is about and where it came from; the referrer only if they allowed it."""
    if source == Source.SELF:
        return f"<@{clinician_id}> asked for a peer conversation."
    if source == Source.SYSTEM:
        return (f"<@{clinician_id}> was part of a difficult event that the hospital's safety reports "
                "named. Peer support reaches out to everyone involved, not only those who ask.")
    if referrer_id:
        return (
            f"A colleague, <@{referrer_id}>, asked us to check on <@{clinician_id}>. "
            "They're happy for you to say so."
        )
    return (
        f"A colleague asked us to check on <@{clinician_id}>. "
        "They asked not to be named: please don't say who raised it."
    )


def safety_button(case_id: int) -> dict:
    """On every offer and every message about a case a supporter holds: one click, no confirmation."""
    return actions(BlockId.SAFETY_ACTIONS,
                   button("I'm worried about their safety", ActionId.CASE_SAFETY, str(case_id), style="danger"))


def no_longer_open_text() -> str:
    return (
        "This request is no longer open: it has already been answered or has passed on to another "
        "supporter. Nothing more is needed from you."
    )


def something_went_wrong_text(reference: str) -> str:
    return (
        f"Sorry, something went wrong on our side (reference {reference}). Nothing you shared was lost or "
        "posted anywhere. Please try again in a minute; if it keeps happening, let a program coordinator know."
    )


def describe_duration(duration: timedelta) -> str:
    """7 days, 12 hours, 30 minutes: the largest whole unit that fits."""
    seconds = int(duration.total_seconds())
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if seconds >= size and seconds % size == 0 or size == 1:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "a moment"


def describe_age(hours: float) -> str:
    """9 hours, 2.5 days: how long a case has waited, for coordinators."""
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{hours:.0f} hours"

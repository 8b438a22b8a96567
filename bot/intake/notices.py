"""What intake's due work says to coordinators (rendered by bot/slack/messages/intake.py).

Case numbers, Slack mentions and counts only: never the event's category, date or source ids
(workspace owners can export DMs)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.outbox.registry import Notice


@dataclass(frozen=True)
class TriageRow:
    participant_id: int
    clinician_id: str
    function: str
    case_id: int
    decision: str  # waiting, offered, not_needed, closed


@dataclass(frozen=True)
class TriageRequest(Notice):
    """To a coordinator: a safety event named these colleagues; Offer support / Not needed for each."""

    event_id: int
    serious: bool
    rows: tuple[TriageRow, ...]


@dataclass(frozen=True)
class EventAttached(Notice):
    """To a coordinator: a safety event named a colleague who has an open or recent case; it joined it."""

    case_id: int
    case_open: bool


@dataclass(frozen=True)
class BurstSummary(Notice):
    """To a coordinator: one summary for a burst of safety events."""

    events: int
    minutes: int
    created: int
    offered: int
    unplaced: int
    waiting_for_triage: int
    attached: int
    unplaced_cases: tuple[int, ...]  # the first few case numbers to place

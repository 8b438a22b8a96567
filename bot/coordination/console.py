"""What the coordinators' App Home shows: the cases that need a person (oldest first), the other open
cases, the roster at a glance, and whose training lapses soon.

Everything here is read with a fixed number of queries however many cases there are (two per list:
a count and a page; one for the matching reasons of the cases on the page; one for the roster; one
for training), so the Home costs the same at ten cases and at ten thousand. Coordinators see case
numbers, states, ages, the supporter and the matching reason (SEES in bot/cases/visibility.py);
never notes, and the console does not name the clinician.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, not_, select
from sqlalchemy.orm import Session

from bot.cases.clocks import needs_a_person, oldest_stalled, stall_of
from bot.cases.notices import Stall
from bot.cases.vocabulary import OPEN_CASE_STATES
from bot.config import Settings
from bot.offers.candidates import training_expires_on
from bot.roster.availability import SupporterStatus, status_from
from bot.roster.roles import Role
from models.tables import Case, Offer, Person, PersonRole

# Cases per page of each list (each case is two blocks; a Home holds at most 100).
PAGE_SIZE = 10
# Whose training lapses within this many days is listed.
TRAINING_WARNING = timedelta(days=60)


@dataclass(frozen=True)
class CaseLine:
    """One case on the console."""

    case_id: int
    state: str
    urgency: str
    age: timedelta  # since the referral
    supporter_id: str | None
    match_reason: str | None
    stall: Stall | None  # why it needs a person; None for the other open cases


@dataclass(frozen=True)
class Page:
    lines: tuple[CaseLine, ...]
    total: int
    offset: int

    @property
    def next_offset(self) -> int | None:
        following = self.offset + PAGE_SIZE
        return following if following < self.total else None


@dataclass(frozen=True)
class TrainingDue:
    slack_id: str
    expires_on: date  # the last day their training counts
    lapsed: bool  # that day has passed


@dataclass(frozen=True)
class Console:
    queue: Page  # the cases that need a person, oldest first
    others: Page  # every other open case, oldest first
    supporters: Mapping[SupporterStatus, int]
    training: tuple[TrainingDue, ...]
    monthly_report: bool


def _clamp(offset: int, total: int) -> int:
    """A page that exists: an offset past the end (the list shrank) shows the last page."""
    if offset < 0 or total == 0:
        return 0
    return min(offset - offset % PAGE_SIZE, (total - 1) // PAGE_SIZE * PAGE_SIZE)


def _page(session: Session, where, offset: int, stalled: bool) -> tuple[list[Case], int, int]:
    total = session.scalar(select(func.count()).select_from(Case).where(where))
    offset = _clamp(offset, total)
    if stalled:
        cases = oldest_stalled(session, PAGE_SIZE, offset)
    else:
        cases = list(session.scalars(
            select(Case).where(where).order_by(Case.created_at, Case.id).offset(offset).limit(PAGE_SIZE)))
    return cases, total, offset


def _latest_reasons(session: Session, case_ids: list[int]) -> dict[int, str]:
    """The matching reason of each case's latest offer (one query for the whole page)."""
    if not case_ids:
        return {}
    reasons: dict[int, str] = {}
    for case_id, reason in session.execute(
            select(Offer.case_id, Offer.match_reason).where(Offer.case_id.in_(case_ids)).order_by(Offer.id)):
        reasons[case_id] = reason
    return reasons


def _supporter_counts(session: Session, now: datetime) -> dict[SupporterStatus, int]:
    rows = session.execute(
        select(Person.active, Person.paused_until, Person.away_until)
        .join(PersonRole).where(PersonRole.role == Role.SUPPORTER))
    counts = Counter(status_from(*row, now) for row in rows)
    return {status: counts.get(status, 0) for status in SupporterStatus}


def _training_due(session: Session, settings: Settings, today: date) -> tuple[TrainingDue, ...]:
    """Active supporters whose training lapses within TRAINING_WARNING (or has lapsed), soonest first."""
    last_counted = today + TRAINING_WARNING - settings.training_valid_for
    rows = session.execute(
        select(Person.slack_id, Person.trained_on).join(PersonRole)
        .where(PersonRole.role == Role.SUPPORTER, Person.active.is_(True), Person.trained_on.is_not(None),
               Person.trained_on <= last_counted)
        .order_by(Person.trained_on, Person.slack_id))
    due = ((slack_id, training_expires_on(trained_on, settings.training_valid_for)) for slack_id, trained_on in rows)
    return tuple(TrainingDue(slack_id, expires_on, expires_on < today) for slack_id, expires_on in due)


def console_for(session: Session, settings: Settings, now: datetime, queue_offset: int = 0,
                others_offset: int = 0) -> Console:
    """The coordinators' console (the caller checks the viewer coordinates)."""
    queue_cases, queue_total, queue_offset = _page(session, needs_a_person(), queue_offset, stalled=True)
    others_where = Case.state.in_(list(OPEN_CASE_STATES)) & not_(needs_a_person())
    other_cases, others_total, others_offset = _page(session, others_where, others_offset, stalled=False)
    reasons = _latest_reasons(session, [c.id for c in (*queue_cases, *other_cases)])

    def lines(cases: list[Case], stalled: bool) -> tuple[CaseLine, ...]:
        return tuple(CaseLine(c.id, c.state, c.urgency, now - c.created_at, c.supporter_slack_id, reasons.get(c.id),
                              stall_of(c.state) if stalled else None) for c in cases)

    return Console(
        queue=Page(lines(queue_cases, True), queue_total, queue_offset),
        others=Page(lines(other_cases, False), others_total, others_offset),
        supporters=_supporter_counts(session, now),
        training=_training_due(session, settings, now.date()),
        monthly_report=settings.monthly_report,
    )

"""The registry of due work: one entry for each kind, saying what that kind is.

Each feature registers the kinds it owns (its `due_work.py`, called from the app factory):
- a message kind says whether the message still matters and what it says (`prepare`), whether
  it waits for the recipient's quiet hours (`quiet_hours`), what happens to the case when it
  waits (`on_hold`) and what is recorded once Slack took it (`after_sent`);
- an action kind (a timeout, an escalation) says what it does (`act`), in the transaction that
  records it done.
Each kind also declares its `priority`: among rows due at the same moment, lower goes first, so an
offer is never queued behind welcomes that came due with it. The queue stores it on each row when
the row is scheduled (`priority_of`), and claims rows in priority, then due, order.
Registering a kind twice is an error; a test checks every kind a feature declares is registered.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum

from sqlalchemy.orm import Session

from bot.core.quiet_hours import QuietPolicy
from bot.core.services import Services
from bot.outbox.kinds import WorkKind, all_subclasses
from models.tables import Nudge


class Priority(IntEnum):
    """Which due work goes first among rows due at once (stored on each row; lower first)."""

    FIRST = 0  # offers and what keeps a waiting clinician moving: timeouts, escalations, safety
    NORMAL = 1  # everything a person is told about their own case
    LATER = 2  # background work: digests, reports, purges


# What each registered kind declared. One table for the process: the queue stamps a row with its
# kind's priority when the row is scheduled. A kind nobody registered (yet) is NORMAL.
_declared: dict[str, Priority] = {}


def priority_of(kind: str) -> Priority:
    return _declared.get(str(kind), Priority.NORMAL)


class Notice:
    """What a message says, as facts (a feature's dataclass); the Slack layer renders it."""


def every_notice_type() -> list[type[Notice]]:
    """Every notice any imported feature defines (for the renderers' completeness checks)."""
    return all_subclasses(Notice)


@dataclass(frozen=True)
class StoredMessage:
    """A message the bot posted and recorded: where it is, to update it later."""

    channel: str
    ts: str


@dataclass(frozen=True)
class Delivery:
    """A message to send now."""

    recipient: str
    notice: Notice
    urgent: bool = False  # for QuietPolicy.UNLESS_URGENT
    replaces: StoredMessage | None = None  # update this message instead of sending a new DM


@dataclass(frozen=True)
class Hold:
    """Not yet: the work is due again at `until` (a digest waiting for its hour in a new time zone)."""

    until: datetime


@dataclass(frozen=True)
class WorkContext:
    """What a kind's hooks get: the open transaction (the case row already locked), the row, the time."""

    session: Session
    svc: Services
    nudge: Nudge
    now: datetime
    tz: str | None = None  # the recipient's Slack time zone, when the kind needs it


@dataclass(frozen=True)
class SendsMessage:
    kind: WorkKind
    prepare: Callable[[WorkContext], Delivery | Hold | None]
    quiet_hours: QuietPolicy
    needs_timezone: bool = False  # prepare reads ctx.tz
    on_hold: Callable[[WorkContext, datetime], None] | None = None
    after_sent: Callable[[WorkContext, StoredMessage | None], None] | None = None
    priority: Priority = Priority.NORMAL


@dataclass(frozen=True)
class TakesAction:
    kind: WorkKind
    act: Callable[[WorkContext], None]
    priority: Priority = Priority.NORMAL


DueWork = SendsMessage | TakesAction


class DuplicateRegistration(Exception):
    """A kind of due work was registered twice."""


class DueWorkRegistry:
    def __init__(self, work: Iterable[DueWork] = ()):
        self._work: dict[str, DueWork] = {}
        for item in work:
            self.register(item)

    def register(self, work: DueWork) -> None:
        if work.kind in self._work:
            raise DuplicateRegistration(f"due work {work.kind!r} is registered twice")
        declared = _declared.setdefault(str(work.kind), work.priority)
        if declared != work.priority:
            raise DuplicateRegistration(f"due work {work.kind!r} is registered with two priorities")
        self._work[str(work.kind)] = work

    def get(self, kind: str) -> DueWork | None:
        return self._work.get(kind)

    def kinds(self) -> frozenset[str]:
        return frozenset(self._work)

    def messages(self) -> list[SendsMessage]:
        return [w for w in self._work.values() if isinstance(w, SendsMessage)]

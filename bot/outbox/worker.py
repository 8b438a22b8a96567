"""Doing one piece of claimed due work: send a message, or act on a timeout.

A message goes out in three steps: (1) in a transaction, renew our claim and ask the kind
whether the message still matters and what it says (or whether it waits: quiet hours, a
hold); (2) call Slack, outside any transaction; (3) in a transaction, record it sent. If the
process dies between (2) and (3) the claim runs out and another pass sends it again: that
one window is as short as a single database write. An action (a timeout, an escalation; no
Slack call) is recorded done in the same transaction that acts on it, so it happens once.
Every transaction that may change a case locks the case row first (bot/core/db.py).

Slack asking us to slow down (a 429 with Retry-After) is no failure: the row's channel is held
back until then (`queue.hold_back`), keeping its place, while other channels go on. Nothing here
sleeps: several rows are done at once by the scheduler's pool, and a thread waiting would hold up
the others.

What each kind does is its registration (bot/outbox/registry.py); this module knows no kind.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from sqlalchemy import select

from bot.core.db import lock_case
from bot.core.quiet_hours import QuietPolicy, quiet_until, waits_for_quiet_hours
from bot.core.services import Services
from bot.outbox import queue
from bot.outbox.registry import (
    Delivery,
    DueWorkRegistry,
    Hold,
    Notice,
    SendsMessage,
    StoredMessage,
    TakesAction,
    WorkContext,
)
from models.tables import Nudge

log = logging.getLogger(__name__)

MAX_RETRY_DELAY = timedelta(minutes=15)


class DeliveryFailed(Exception):
    """Slack did not take the message. Permanent failures are not tried again; with `retry_after`
    (seconds) Slack asked us to wait that long before sending to this channel again."""

    def __init__(self, reason: str, permanent: bool, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after


class Messenger(Protocol):
    def send_dm(self, user_id: str, notice: Notice) -> StoredMessage | None: ...

    def update(self, message: StoredMessage, notice: Notice) -> None: ...


class Timezones(Protocol):
    def of(self, slack_id: str) -> str | None: ...


class Outcome(StrEnum):
    SENT = "sent"
    DONE = "done"
    DROPPED = "dropped"
    HELD = "held"
    RETRY = "retry"
    HELD_BACK = "held back"  # rate-limited: its channel waits for Retry-After
    FAILED = "failed"
    NOT_OURS = "not ours"


@dataclass(frozen=True)
class _Head:
    kind: str
    case_id: int | None
    recipient: str | None


class Worker:
    """Does claimed rows, one at a time, for one worker name."""

    def __init__(self, svc: Services, registry: DueWorkRegistry, messenger: Messenger, timezones: Timezones,
                 name: str):
        self.svc = svc
        self.registry = registry
        self.messenger = messenger
        self.timezones = timezones
        self.name = name
        self._soonest_lock = threading.Lock()
        self._soonest: datetime | None = None

    def take_soonest_retry(self) -> datetime | None:
        """The earliest time a row this worker gave back is due again (since the last call)."""
        with self._soonest_lock:
            soonest, self._soonest = self._soonest, None
            return soonest

    def _comes_back_at(self, when: datetime) -> None:
        with self._soonest_lock:
            if self._soonest is None or when < self._soonest:
                self._soonest = when

    def deliver(self, nudge_id: int) -> Outcome:
        """Do one claimed row. Never raises for a Slack failure: it is retried or dropped."""
        head = self._head(nudge_id)
        if head is None:
            return Outcome.NOT_OURS
        work = self.registry.get(head.kind)
        tz = self._timezone_for(work, head)
        with self.svc.db.session() as session:
            session.connection()  # begin: on SQLite this waits for the write lock; the lease counts from here
            lock_case(session, head.case_id)
            now = self.svc.clock.now()
            if not queue.renew_claim(session, nudge_id, self.name, now, self.svc.settings.claim_lease):
                return Outcome.NOT_OURS
            ctx = WorkContext(session, self.svc, session.get(Nudge, nudge_id), now, tz)
            if work is None:
                queue.drop(session, nudge_id, now)
                log.error("nudge %s has an unknown kind; dropping it", nudge_id)
                return Outcome.DROPPED
            if isinstance(work, TakesAction):
                queue.mark_sent(session, nudge_id, self.name, now)
                work.act(ctx)
                return Outcome.DONE
            decision = work.prepare(ctx)
            if decision is None:
                queue.drop(session, nudge_id, now)
                log.info("case %s: %s nudge %s no longer needed", head.case_id, head.kind, nudge_id)
                return Outcome.DROPPED
            until = self._wait_until(work, decision, ctx)
            if until is not None:
                if work.on_hold is not None:
                    work.on_hold(ctx, until)
                queue.release(session, nudge_id, self.name, until)
                log.info("case %s: %s nudge %s held", head.case_id, head.kind, nudge_id)
                return Outcome.HELD
        try:
            if decision.replaces is not None:
                self.messenger.update(decision.replaces, decision.notice)
                posted = None
            else:
                posted = self.messenger.send_dm(decision.recipient, decision.notice)
        except DeliveryFailed as failure:
            return self._after_failure(nudge_id, head, ctx.nudge.attempts, failure)
        with self.svc.db.session() as session:
            lock_case(session, head.case_id)
            now = self.svc.clock.now()
            where = (posted.channel, posted.ts) if posted is not None else (None, None)
            if queue.mark_sent(session, nudge_id, self.name, now, *where) and work.after_sent is not None:
                work.after_sent(WorkContext(session, self.svc, session.get(Nudge, nudge_id), now, tz), posted)
        log.info("case %s: %s nudge %s sent", head.case_id, head.kind, nudge_id)
        return Outcome.SENT

    def _head(self, nudge_id: int) -> _Head | None:
        with self.svc.db.session() as session:
            row = session.execute(
                select(Nudge.kind, Nudge.case_id, Nudge.recipient_slack_id).where(Nudge.id == nudge_id)
            ).first()
        return _Head(*row) if row is not None else None

    def _timezone_for(self, work, head: _Head) -> str | None:
        """The recipient's time zone, looked up (cached on the roster) only when this kind may need it."""
        if not isinstance(work, SendsMessage) or head.recipient is None:
            return None
        quiet_may_apply = work.quiet_hours != QuietPolicy.NEVER and self.svc.settings.quiet_hours is not None
        if not (quiet_may_apply or work.needs_timezone):
            return None
        return self.timezones.of(head.recipient)

    def _wait_until(self, work: SendsMessage, decision: Delivery | Hold, ctx: WorkContext):
        if isinstance(decision, Hold):
            return decision.until
        # A zone Slack would not tell us is no reason to hold a message back.
        if ctx.tz and waits_for_quiet_hours(work.quiet_hours, decision.urgent):
            return quiet_until(ctx.now, ctx.tz, self.svc.settings.quiet_hours)
        return None

    def _after_failure(self, nudge_id: int, head: _Head, attempts: int, failure: DeliveryFailed) -> Outcome:
        now = self.svc.clock.now()
        with self.svc.db.session() as session:
            if failure.permanent:
                queue.drop(session, nudge_id, now)
                log.error("case %s: %s nudge %s failed for good (%s)", head.case_id, head.kind, nudge_id,
                          failure.reason)
                return Outcome.FAILED
            if failure.retry_after is not None:
                until = now + timedelta(seconds=max(failure.retry_after, 1))
                queue.hold_back(session, nudge_id, self.name, until)
                self._comes_back_at(until)
                log.warning("case %s: %s nudge %s rate-limited (%s); its channel waits %ss", head.case_id,
                            head.kind, nudge_id, failure.reason, round(failure.retry_after, 1))
                return Outcome.HELD_BACK
            delay = min(self.svc.settings.scheduler_interval * (2 ** max(attempts - 1, 0)), MAX_RETRY_DELAY)
            queue.release(session, nudge_id, self.name, now + delay)
            self._comes_back_at(now + delay)
        log.warning("case %s: %s nudge %s not sent yet (%s); will retry", head.case_id, head.kind, nudge_id,
                    failure.reason)
        return Outcome.RETRY

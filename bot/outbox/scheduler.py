"""The one scheduler job: claim due rows from the database and do them, several at once.

APScheduler runs a single interval job (coalesced, one instance at a time, in
memory). Its own job store is never shared between processes: the database
claim is what makes several processes safe. `wake()` asks for a pass now, so
that a new offer goes out within a second rather than at the next interval.
A pass only claims due rows: anything periodic (the coordinators' digest) is
itself a row of due work, so a pass costs one indexed look per priority when
nothing is due.

A pass does its rows on a pool of SEND_CONCURRENCY threads. The claim hands out
at most one row per channel (a recipient's DM) and none of a channel that has a
row in flight or held back, so a channel never gets two messages at once and
gets them in due order; a channel Slack rate-limits waits for Retry-After while
the pool goes on with the others. When a row comes back due before the next
interval (a retry, a Retry-After), the next pass is brought forward to then.
While rows are under way the pass renews their leases every third of
CLAIM_LEASE, so a slow send (a busy database, a loaded machine) is never taken
over by another process while this one is alive; a killed process stops
renewing, and its rows go to the others when their leases run out.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import datetime, timedelta, timezone

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler

from bot.outbox import queue
from bot.outbox.worker import Outcome, Worker

log = logging.getLogger(__name__)

JOB_ID = "due-work"


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class DueWork:
    """Claims and does due rows, `concurrency` at a time, until none are left."""

    def __init__(self, worker: Worker, concurrency: int | None = None):
        self.worker = worker
        self.svc = worker.svc
        self.concurrency = concurrency or self.svc.settings.send_concurrency
        self._pool = ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="due-work")
        # Claim again once this many threads are free (or none is busy): fewer, larger claims.
        self._refill = max(1, self.concurrency // 4)

    def run_once(self) -> Counter:
        """One pass: everything due now. Returns how each row went."""
        outcomes: Counter = Counter()
        settings = self.svc.settings
        in_flight: dict[Future, int] = {}
        failing = 0  # transient failures in a row: Slack failing everything ends the pass
        error: BaseException | None = None
        renew_every = settings.claim_lease.total_seconds() / 3
        next_renewal = time.monotonic() + renew_every
        while True:
            free = self.concurrency - len(in_flight)
            if error is None and failing < self.concurrency and (not in_flight or free >= self._refill):
                ids = queue.claim_due(self.svc.db, self.svc.clock.now, self.worker.name, settings.claim_lease,
                                      free)
                in_flight.update({self._pool.submit(self.worker.deliver, nudge_id): nudge_id for nudge_id in ids})
            if not in_flight:
                if error is not None:
                    raise error
                return outcomes
            done, _ = wait(in_flight, timeout=max(next_renewal - time.monotonic(), 0),
                           return_when=FIRST_COMPLETED)
            if time.monotonic() >= next_renewal:
                under_way = [nudge_id for future, nudge_id in in_flight.items() if not future.done()]
                queue.renew_claims(self.svc.db, under_way, self.worker.name, self.svc.clock.now,
                                   settings.claim_lease)
                next_renewal = time.monotonic() + renew_every
            for future in done:
                del in_flight[future]
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001 - the others finish first; the row's lease runs out
                    error = error or exc
                    continue
                outcomes[outcome] += 1
                failing = failing + 1 if outcome == Outcome.RETRY else 0

    def come_back_at(self) -> datetime | None:
        """When a row given back during the last passes is due again (a retry, a Retry-After)."""
        return self.worker.take_soonest_retry()

    def close(self) -> None:
        self._pool.shutdown(wait=True)


class Scheduler:
    """APScheduler driving DueWork, with a wake-up for work that is due now."""

    def __init__(self, work: DueWork, interval_seconds: float, on_start: Callable[[], None] = lambda: None):
        self.work = work
        self.interval = interval_seconds
        self._on_start = on_start
        self._wanted = threading.Event()
        self._scheduler = BackgroundScheduler(timezone="UTC")
        self._scheduler.add_job(
            self._tick, "interval", seconds=interval_seconds, id=JOB_ID,
            coalesce=True, max_instances=1, misfire_grace_time=None,
        )
        self._running_lock = threading.Lock()

    def _tick(self) -> None:
        while True:
            if not self._running_lock.acquire(blocking=False):
                return  # a pass is under way; it looks at the wake-up flag when it ends
            try:
                self._wanted.clear()
                self.work.run_once()
            except Exception:  # noqa: BLE001 - a pass must never kill the scheduler
                log.exception("scheduler pass failed; the next pass will try again")
            finally:
                self._running_lock.release()
            self._bring_forward()
            if not self._wanted.is_set():
                return

    def _bring_forward(self) -> None:
        """If a row comes back due before the next interval, run the next pass then."""
        when = self.work.come_back_at()
        if when is None or not self._scheduler.running:
            return
        delay = max((when - self.work.svc.clock.now()).total_seconds(), 0.0)
        if delay >= self.interval:
            return
        try:
            self._scheduler.modify_job(JOB_ID, next_run_time=datetime.now(timezone.utc) + timedelta(seconds=delay))
        except JobLookupError:
            pass  # shutting down

    def wake(self) -> None:
        """Ask for a pass now (returns at once).

        If a pass is under way it sees the flag when it ends and goes round again;
        otherwise the interval job is brought forward to now.
        """
        self._wanted.set()
        if self._running_lock.locked() or not self._scheduler.running:
            return
        try:
            self._scheduler.modify_job(JOB_ID, next_run_time=datetime.now(timezone.utc))
        except JobLookupError:
            pass  # shutting down

    def start(self, first_pass_now: bool = True) -> None:
        """Start the job. `on_start` (making sure periodic work is scheduled) runs first, here;
        then a first pass now, for whatever came due while the bot was down."""
        self._on_start()
        self._scheduler.start()
        if first_pass_now:
            self.wake()

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=True)
        self.work.close()

"""The one scheduler job: claim due rows from the database and do them.

APScheduler runs a single interval job (coalesced, one instance at a time, in
memory). Its own job store is never shared between processes: the database
claim is what makes several processes safe. `wake()` asks for a pass now, so
that a new offer goes out within a second rather than at the next interval.
A pass only claims due rows: anything periodic (the coordinators' digest) is
itself a row of due work, so a pass costs one query when nothing is due.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timezone

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler

from bot.outbox import queue
from bot.outbox.worker import Outcome, Worker

log = logging.getLogger(__name__)

JOB_ID = "due-work"
BATCH = 20


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class DueWork:
    """Claims and does due rows until none are left."""

    def __init__(self, worker: Worker):
        self.worker = worker
        self.svc = worker.svc

    def run_once(self) -> Counter:
        """One pass: everything due now, in batches. Returns how each row went."""
        outcomes: Counter = Counter()
        settings = self.svc.settings
        while True:
            ids = queue.claim_due(self.svc.db, self.svc.clock.now(), self.worker.name, settings.claim_lease, BATCH)
            if not ids:
                return outcomes
            retried = 0
            for nudge_id in ids:
                outcome = self.worker.deliver(nudge_id)
                outcomes[outcome] += 1
                retried += outcome == Outcome.RETRY
            if retried == len(ids):
                # Slack is failing everything: stop this pass and leave the rest for the next one.
                return outcomes


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
            if not self._wanted.is_set():
                return

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

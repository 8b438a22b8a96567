"""Nudges are sent exactly once with two bot processes on one database, when one of them is
killed mid-send, and when Slack answers 429 and 500 for a while.

These run real `peer-support serve` processes against the fake Slack, so they wait for real
time (a lease running out) by polling with a deadline. On PostgreSQL (TEST_DATABASE_URL, as
CI runs them) the processes claim rows with FOR UPDATE SKIP LOCKED; on SQLite the same tests
show that a single file serialises them.
"""
from __future__ import annotations

import signal
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from conftest import NOTE_KEY
from models.db import Database
from models.tables import Nudge
from processes import Processes, base_env, poll_until

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("processes")]

COUNT = 500
LEASE = "3s"


@pytest.fixture
def procs(slack):
    processes = Processes()
    yield processes
    processes.close()


def add_due_nudges(db: Database, count: int) -> list[str]:
    """`count` messages due now, each to its own person (the kind needs no case)."""
    now = datetime.now(timezone.utc) - timedelta(seconds=1)
    recipients = [f"UPEER{i:04d}" for i in range(count)]
    with db.session() as session:
        session.add_all(
            Nudge(kind="supporter_paused", recipient_slack_id=r, due_at=now, created_at=now, attempts=0)
            for r in recipients
        )
    return recipients


def serve_env(tmp_path, slack, database_url, token: str) -> dict[str, str]:
    return base_env(
        tmp_path / "home",
        SLACK_BOT_TOKEN=token,
        SLACK_SIGNING_SECRET="secret",
        SLACK_API_URL=slack.url,
        DATABASE_URL=database_url,
        SCHEDULER_INTERVAL="1s",
        CLAIM_LEASE=LEASE,
        QUIET_HOURS="",
        DIGEST_AT="",
        NOTE_ENCRYPTION_KEY=NOTE_KEY,  # PostgreSQL will not start without one
        MONTHLY_REPORT="off",
    )


def unsent(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Nudge).where(
            Nudge.sent_at.is_(None), Nudge.cancelled_at.is_(None)))


def sent_by(db: Database, pid: int) -> int:
    """Rows recorded sent by the process `pid` (worker names are host:pid:suffix)."""
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Nudge).where(
            Nudge.sent_at.is_not(None), Nudge.claimed_by.like(f"%:{pid}:%")))


def messages_per_recipient(slack) -> Counter:
    return Counter(c.params["channel"] for c in slack.calls_to("chat.postMessage"))


def wait_until_all_sent(db: Database, slack, recipients, timeout: float = 90) -> Counter:
    """Every row recorded sent: from then on nothing can be sent again, so the counts are final."""
    poll_until(lambda: unsent(db) == 0, timeout, "every nudge recorded as sent",
               describe=lambda: f"{unsent(db)} left")
    return messages_per_recipient(slack)


def test_two_processes_send_each_of_500_nudges_exactly_once(tmp_path, slack, database_url, db, procs):
    recipients = add_due_nudges(db, COUNT)
    first = procs.serve(serve_env(tmp_path, slack, database_url, "xoxb-first"), tmp_path / "a", name="first")
    second = procs.serve(serve_env(tmp_path, slack, database_url, "xoxb-second"), tmp_path / "b", name="second")
    first.wait_healthy()
    second.wait_healthy()
    sent = wait_until_all_sent(db, slack, recipients)
    assert sent == Counter({r: 1 for r in recipients})
    by_process = Counter(c.token for c in slack.calls_to("chat.postMessage"))
    assert set(by_process) == {"xoxb-first", "xoxb-second"}, by_process  # both did a share


def test_a_process_killed_mid_send_loses_nothing_and_doubles_nothing(tmp_path, slack, database_url, db, procs):
    recipients = add_due_nudges(db, COUNT)
    # The victim sends several messages at once (SEND_CONCURRENCY): after its first 40, every call it
    # makes is held inside Slack, and it is killed right there, with those calls under way. (A
    # message Slack took whose record the victim had not yet written would be sent again: that
    # window, one database write long, is why the kill waits for its 40 to be recorded.)
    gate = slack.hold("chat.postMessage", token="xoxb-victim", after=40, every_later=True)
    victim = procs.serve(serve_env(tmp_path, slack, database_url, "xoxb-victim"), tmp_path / "a", name="victim")
    survivor = procs.serve(serve_env(tmp_path, slack, database_url, "xoxb-survivor"), tmp_path / "b",
                           name="survivor")
    assert gate.reached.wait(60), victim.output()
    poll_until(lambda: sent_by(db, victim.proc.pid) == 40, 15, "the victim's 40 messages recorded",
               describe=victim.output)
    victim.signal(signal.SIGKILL)
    victim.wait(10)
    gate.released.set()  # the held call was never accepted by Slack
    sent = wait_until_all_sent(db, slack, recipients)
    assert sent == Counter({r: 1 for r in recipients})
    by_process = Counter(c.token for c in slack.calls_to("chat.postMessage"))
    assert by_process["xoxb-victim"] == 40
    assert by_process["xoxb-survivor"] == COUNT - 40
    survivor.wait_healthy()


def test_slack_rate_limits_and_errors_for_a_while_still_deliver_each_nudge_once(
    tmp_path, slack, database_url, db, procs
):
    recipients = add_due_nudges(db, 30)
    slack.fail_next("chat.postMessage", status=429, times=3, retry_after=1)
    slack.fail_next("chat.postMessage", status=500, times=4)
    slack.fail_next("chat.postMessage", status=503, times=2)
    bot = procs.serve(serve_env(tmp_path, slack, database_url, "xoxb-only"), tmp_path / "a")
    sent = wait_until_all_sent(db, slack, recipients)
    assert sent == Counter({r: 1 for r in recipients})
    failed = [c for c in slack.failed_calls if c.method == "chat.postMessage"]
    assert len(failed) == 9  # every scripted failure was met, and retried past
    assert bot.health() == 200

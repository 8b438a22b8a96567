"""Due work sent several at once: many channels at the same moment, each message once; never two
messages to one channel at once, and each channel's in due order; a channel Slack rate-limits waits
for its Retry-After while the others go on; offers before the welcomes that came due with them; two
processes sharing one backlog send each message once.

Service-level tests send through the real Slack messenger to the fake Slack on loopback, with the
scheduler's pass driven by the test and the clock injected.
"""
from __future__ import annotations

import random
import threading
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from bot.cases.vocabulary import Source
from bot.offers.offering import OfferWork
from bot.outbox import queue
from bot.outbox.registry import Priority, priority_of
from bot.outbox.scheduler import DueWork
from bot.outbox.worker import Outcome, Worker
from bot.features import due_work_registry
from bot.referrals.intake import ReferralWork
from bot.referrals.referral import Referral
from bot.roster.availability import RosterWork
from bot.roster.timezones import TimezoneBook
from bot.slack.client import make_client
from bot.slack.messenger import SlackMessenger
from flows import RecordingMessenger, load_roster, receive, worker_for
from models.tables import Nudge

LEASE = timedelta(minutes=2)


@pytest.fixture
def svc(make_services, slack):
    return make_services(slack_bot_token="xoxb-test", slack_api_url=slack.url, quiet_hours=None, digest_at=None,
                         claim_lease=LEASE, scheduler_interval=timedelta(seconds=30), send_concurrency=8)


def pool(svc, name="worker-1", concurrency=None) -> DueWork:
    """A pass's worker sending through the real Slack messenger (to the fake Slack)."""
    messenger = SlackMessenger(make_client(svc.settings))
    worker = Worker(svc, due_work_registry(), messenger, TimezoneBook(svc, lambda user_id: None), name)
    return DueWork(worker, concurrency)


def add_backlog(svc, channels: int, per_channel: int) -> dict[str, list[int]]:
    """`per_channel` messages to each of `channels` people, due a second apart, added in random
    order (so ids do not follow due order). Returns each person's rows, oldest due first."""
    now = svc.clock.now()
    rows = [(f"UPEER{c:04d}", n) for c in range(channels) for n in range(per_channel)]
    random.Random(12).shuffle(rows)
    ids: dict[str, list[tuple[int, int]]] = defaultdict(list)
    with svc.db.session() as session:
        for recipient, n in rows:
            due = now - timedelta(seconds=per_channel - n)
            nudge = queue.schedule(session, RosterWork.SUPPORTER_PAUSED, due, now, case_id=None, recipient=recipient)
            session.flush()
            ids[recipient].append((n, nudge.id))
    return {r: [nudge_id for _, nudge_id in sorted(found)] for r, found in ids.items()}


def posted_ts(svc, nudge_ids) -> list[str | None]:
    with svc.db.session() as session:
        found = dict(session.execute(select(Nudge.id, Nudge.posted_ts).where(Nudge.id.in_(nudge_ids))).all())
    return [found[i] for i in nudge_ids]


def unsent(svc) -> int:
    with svc.db.session() as session:
        return session.scalar(select(func.count()).select_from(Nudge).where(queue.pending()))


def calls_per_channel(slack) -> Counter:
    return Counter(c.params["channel"] for c in slack.calls_to("chat.postMessage"))


def test_many_channels_are_sent_at_once_each_message_once_and_in_due_order_per_channel(svc, slack):
    backlog = add_backlog(svc, channels=40, per_channel=3)
    gathered = slack.gather("chat.postMessage", 8)  # answered only once eight are in Slack at once

    started = time.monotonic()
    outcomes = pool(svc).run_once()

    assert gathered.is_set(), "the pool never had eight messages in Slack at once"
    assert time.monotonic() - started < 15  # the group formed; nobody waited out the fake's timeout
    assert outcomes == {Outcome.SENT: 120}
    assert unsent(svc) == 0
    assert calls_per_channel(slack) == Counter({r: 3 for r in backlog})  # none doubled, none lost
    assert set(slack.peak_in_flight_per_channel().values()) == {1}  # never two at once in a channel
    for recipient, ids in backlog.items():
        stamps = posted_ts(svc, ids)
        assert stamps == sorted(stamps), f"{recipient}'s messages went out of due order"


def test_a_rate_limited_channel_waits_for_retry_after_while_the_others_go_on(svc, slack, clock):
    backlog = add_backlog(svc, channels=20, per_channel=2)
    slack.fail_next("chat.postMessage", status=429, retry_after=30, channel="UPEER0007")
    work = pool(svc)

    started = time.monotonic()
    outcomes = work.run_once()

    assert time.monotonic() - started < 15  # nobody slept through the 30 s
    assert outcomes == {Outcome.SENT: 38, Outcome.HELD_BACK: 1}
    sent = calls_per_channel(slack)
    assert "UPEER0007" not in sent and sent == Counter({r: 2 for r in backlog if r != "UPEER0007"})
    first, second = backlog["UPEER0007"]
    with svc.db.session() as session:
        held = session.get(Nudge, first)
        assert held.claim_expires_at == clock.now() + timedelta(seconds=30)
        assert held.due_at < clock.now()  # it keeps its place at the head of its channel
    assert work.come_back_at() == clock.now() + timedelta(seconds=30)  # the next pass is brought forward

    clock.advance(timedelta(seconds=29))
    assert work.run_once() == {}  # the channel still rests: not even tried
    assert len([c for c in slack.failed_calls if c.params.get("channel") == "UPEER0007"]) == 1

    clock.advance(timedelta(seconds=1))
    assert work.run_once() == {Outcome.SENT: 2}
    stamps = posted_ts(svc, [first, second])
    assert None not in stamps and stamps == sorted(stamps)  # still in due order
    assert calls_per_channel(slack)["UPEER0007"] == 2


def test_a_429_on_a_method_limited_for_the_whole_app_rests_that_method_while_messages_go_on(svc, slack):
    """The monthly report's upload starts with conversations.open, which Slack limits per method: a
    429 there rests the upload flow in this process (not called again before Retry-After), while
    plain messages, limited per channel, go on."""
    from bot.coordination.metrics import CaseFacts, ReportRequest, compute_report
    from bot.coordination.notices import ReportReady
    from bot.outbox.worker import DeliveryFailed
    from bot.roster.notices import SupporterPaused

    seconds = [1000.0]
    messenger = SlackMessenger(make_client(svc.settings), monotonic=lambda: seconds[0])
    report = ReportReady(compute_report(
        [CaseFacts("lead", datetime(2026, 2, 3, 9, tzinfo=timezone.utc), division="Cardiac Surgery")],
        ReportRequest(date(2026, 2, 1), date(2026, 2, 28))), monthly=True)
    slack.fail_next("conversations.open", status=429, retry_after=20)

    for _ in range(2):
        with pytest.raises(DeliveryFailed) as caught:
            messenger.send_dm("UCOORD1", report)
        assert caught.value.retry_after == 20 and not caught.value.permanent
    assert len([c for c in slack.failed_calls if c.method == "conversations.open"]) == 1  # asked Slack once
    assert messenger.send_dm("UPEER0001", SupporterPaused()) is not None  # messages go on meanwhile

    seconds[0] += 20
    messenger.send_dm("UCOORD1", report)  # rested long enough: the upload goes through
    assert len(slack.shared_files) == 1


def test_offers_go_before_the_welcomes_that_came_due_with_them(make_services):
    svc = make_services(quiet_hours=None, digest_at=None, send_concurrency=1)
    roster = "slack_id,name,roles,cohort,division,max_active_cases\n" + "".join(
        f"USUP{n},Supporter {n},supporter,faculty,Division {n},2\n" for n in range(1, 7))
    load_roster(svc, roster)
    for n in range(1, 7):  # a burst: six requests at the same moment
        receive(svc, Referral(clinician_id=f"UCLIN{n}", source=Source.SELF, urgency="few_days"), f"intake-{n}")
    messenger = RecordingMessenger()

    DueWork(worker_for(svc, messenger), concurrency=1).run_once()

    sent_to = [call[1] for call in messenger.calls if call[0] == "send_dm"]
    assert len(sent_to) == 12
    assert all(r.startswith("USUP") for r in sent_to[:6]), sent_to  # every offer first
    assert all(r.startswith("UCLIN") for r in sent_to[6:]), sent_to


def test_each_kind_declares_its_priority_in_the_registry_and_the_row_carries_it(svc, clock):
    due_work_registry()
    assert priority_of(OfferWork.SEND_OFFER) == Priority.FIRST
    assert priority_of(ReferralWork.CLINICIAN_WELCOME) == Priority.NORMAL
    now = clock.now()
    with svc.db.session() as session:
        welcome = queue.schedule(session, ReferralWork.CLINICIAN_WELCOME, now - timedelta(minutes=5), now,
                                 case_id=None, recipient="UA")
        offer = queue.schedule(session, OfferWork.SEND_OFFER, now, now, case_id=None, recipient="UB")
        session.flush()
        assert (welcome.priority, offer.priority) == (Priority.NORMAL, Priority.FIRST)
        ids = welcome.id, offer.id
    # Claimed in priority order, then due order: the offer first though the welcome is older.
    assert queue.claim_due(svc.db, now, "w", LEASE, 1) == [ids[1]]
    assert queue.claim_due(svc.db, now, "w", LEASE, 1) == [ids[0]]


def test_only_the_head_of_a_channel_is_claimed_and_none_while_one_is_held(svc, clock):
    now = clock.now()
    with svc.db.session() as session:
        rows = [queue.schedule(session, RosterWork.SUPPORTER_PAUSED, now - timedelta(seconds=3 - n), now,
                               case_id=None, recipient="USAME") for n in range(3)]
        other = queue.schedule(session, RosterWork.SUPPORTER_PAUSED, now, now, case_id=None, recipient="UOTHER")
        session.flush()
        ids = [r.id for r in rows]
        other_id = other.id
    assert queue.claim_due(svc.db, now, "w1", LEASE, 10) == [ids[0], other_id]
    assert queue.claim_due(svc.db, now, "w2", LEASE, 10) == []  # USAME's head is held by w1
    with svc.db.session() as session:
        assert queue.mark_sent(session, ids[0], "w1", now)
    assert queue.claim_due(svc.db, now, "w2", LEASE, 10) == [ids[1]]


def test_two_passes_on_one_database_share_the_backlog_and_send_each_message_once(svc, slack):
    backlog = add_backlog(svc, channels=30, per_channel=4)
    passes = [pool(svc, "worker-a", 4), pool(svc, "worker-b", 4)]
    barrier = threading.Barrier(2)
    outcomes: list[Counter] = []
    errors: list[BaseException] = []

    def run(work):
        try:
            barrier.wait(timeout=10)
            outcomes.append(work.run_once())
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in passes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sum(outcomes, Counter()) == {Outcome.SENT: 120}
    assert calls_per_channel(slack) == Counter({r: 4 for r in backlog})
    assert set(slack.peak_in_flight_per_channel().values()) == {1}
    for ids in backlog.values():
        stamps = posted_ts(svc, ids)
        assert stamps == sorted(stamps)


@pytest.mark.slow
@pytest.mark.xdist_group("processes")
def test_two_serve_processes_share_a_backlog_of_busy_channels_each_message_once_in_order(
        tmp_path, slack, database_url, db):
    """Two real `serve` processes (PostgreSQL in CI: FOR UPDATE SKIP LOCKED; SQLite serialises
    them), 100 channels with 5 messages each: each sent once, in due order, never two at once."""
    from processes import Processes
    from test_exactly_once import serve_env, wait_until_all_sent

    now = datetime.now(timezone.utc)
    recipients = [f"UPEER{c:04d}" for c in range(100)]
    with db.session() as session:
        for n in range(5):
            for r in recipients:
                due = now - timedelta(seconds=10 - n)
                session.add(Nudge(kind="supporter_paused", recipient_slack_id=r, due_at=due, created_at=now,
                                  attempts=0))
    procs = Processes()
    try:
        first = procs.serve(serve_env(tmp_path, slack, database_url, "xoxb-first"), tmp_path / "a", name="first")
        second = procs.serve(serve_env(tmp_path, slack, database_url, "xoxb-second"), tmp_path / "b",
                             name="second")
        sent = wait_until_all_sent(db, slack, recipients)
        assert sent == Counter({r: 5 for r in recipients})
        assert set(Counter(c.token for c in slack.calls_to("chat.postMessage"))) == {"xoxb-first", "xoxb-second"}
        assert set(slack.peak_in_flight_per_channel().values()) == {1}
        with db.session() as session:
            rows = session.execute(select(Nudge.recipient_slack_id, Nudge.due_at, Nudge.posted_ts)).all()
        by_channel = defaultdict(list)
        for recipient, due, ts in rows:
            by_channel[recipient].append((due, ts))
        for recipient, sends in by_channel.items():
            stamps = [ts for _, ts in sorted(sends)]
            assert stamps == sorted(stamps), f"{recipient}'s messages went out of due order"
        first.wait_healthy()
        second.wait_healthy()
    finally:
        procs.close()


def test_a_pass_with_nothing_due_reads_only_the_claims_index_ranges(svc, clock):
    """The digest, the reports and the purges are rows due later: a pass with nothing due is one
    look per priority, each an index range that stops at once, whatever is pending."""
    from sqlalchemy import event

    from bot.coordination.digest import CoordinationWork

    now = clock.now()
    with svc.db.session() as session:
        for n in range(500):
            queue.schedule(session, CoordinationWork.COORDINATOR_DIGEST, now + timedelta(hours=1 + n), now,
                           case_id=None, recipient=f"UCOORD{n}")
            queue.schedule(session, RosterWork.SUPPORTER_PAUSED, now + timedelta(minutes=1 + n), now,
                           case_id=None, recipient=f"UPEER{n}")
    executed: list = []

    def record(conn, cursor, statement, parameters, context, executemany):
        executed.append((statement, parameters))

    event.listen(svc.db.engine, "before_cursor_execute", record)
    try:
        assert pool(svc).run_once() == {}
    finally:
        event.remove(svc.db.engine, "before_cursor_execute", record)
    selects = [s for s, _ in executed if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == len(Priority), selects
    assert not [s for s in selects if "coordinator_digest" in str(s)]
    if svc.db.dialect == "sqlite":
        with svc.db.engine.connect() as conn:
            for statement, parameters in executed:
                if statement.lstrip().upper().startswith("SELECT"):
                    plan = [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]
                    assert not [step for step in plan if step.startswith("SCAN nudges")], plan


def test_the_migrations_priorities_for_pending_rows_are_the_ones_the_kinds_declare():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "migrations" / "versions" / "0012_due_work_priority.py"
    spec = importlib.util.spec_from_file_location("migration_0012", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    registry = due_work_registry()
    declared = {kind: priority_of(kind) for kind in registry.kinds()}
    assert {k for k, p in declared.items() if p == Priority.FIRST} == set(migration.FIRST)
    assert {k for k, p in declared.items() if p == Priority.LATER} == set(migration.LATER)


def test_upgrading_gives_rows_already_pending_their_kinds_priority(blank_database_url):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from models.db import MIGRATIONS_DIR, Database

    database = Database(blank_database_url)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    try:
        with database.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0010")
        with database.engine.begin() as conn:
            for kind in ("offer", "clinician_welcome", "coordinator_digest"):
                conn.execute(text("INSERT INTO nudges (kind, due_at, created_at, attempts) "
                                  "VALUES (:kind, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0)"), {"kind": kind})
        database.upgrade()
        with database.engine.connect() as conn:
            found = dict(conn.execute(text("SELECT kind, priority FROM nudges")).all())
    finally:
        database.dispose()
    assert found == {"offer": 0, "clinician_welcome": 1, "coordinator_digest": 2}

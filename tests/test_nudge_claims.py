"""Due work in the database: claims and leases, then DueWork passes with a fake messenger."""
from __future__ import annotations

import itertools
import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.cases.vocabulary import OfferStatus, Source
from bot.core.services import Services
from bot.offers.answers import accept_offer
from bot.offers.offering import OfferWork
from bot.outbox import queue as nudges
from bot.outbox.queue import claim_due, drop, mark_sent, release, renew_claim
from bot.outbox.scheduler import DueWork
from bot.outbox.worker import DeliveryFailed, Outcome
from bot.referrals.intake import ReferralWork
from bot.referrals.referral import Referral
from flows import RecordingMessenger, load_roster, receive, who, worker_for
from models.tables import Case, Nudge, Offer

LEASE = timedelta(minutes=2)
INTERVAL = timedelta(seconds=30)
TIMEOUT = timedelta(hours=4)


@pytest.fixture
def svc(make_services) -> Services:
    # No digest: these tests count every piece of due work a pass does.
    return make_services(claim_lease=LEASE, scheduler_interval=INTERVAL, offer_timeout=TIMEOUT, digest_at=None)


_recipients = itertools.count(1)


def add_nudge(svc, due_in=timedelta(0), recipient: str | None = None, **columns) -> int:
    """A stand-alone nudge (no case), due `due_in` from now, with any columns set; each to a person
    of its own unless `recipient` is given (one person's DM is one channel: see test_due_work_pool)."""
    now = svc.clock.now()
    recipient = recipient or f"UX{next(_recipients)}"
    with svc.db.session() as session:
        nudge = nudges.schedule(session, ReferralWork.CLINICIAN_WELCOME, now + due_in, now, case_id=None,
                                recipient=recipient)
        for column, value in columns.items():
            setattr(nudge, column, value)
        session.flush()
        return nudge.id


def get_nudge(svc, nudge_id) -> Nudge:
    with svc.db.session() as session:
        return session.get(Nudge, nudge_id)


def claim(svc, worker, limit=20) -> list[int]:
    return claim_due(svc.db, svc.clock.now(), worker, LEASE, limit)


# ---- claiming ---------------------------------------------------------------------------------


def test_claim_due_returns_only_due_unsent_uncancelled_unleased_rows(svc, clock):
    now = clock.now()
    due_now = add_nudge(svc)
    overdue = add_nudge(svc, due_in=-timedelta(hours=1))
    add_nudge(svc, due_in=timedelta(seconds=1))  # not due yet
    add_nudge(svc, due_in=-timedelta(minutes=5), sent_at=now - timedelta(minutes=1))
    add_nudge(svc, due_in=-timedelta(minutes=5), cancelled_at=now - timedelta(minutes=1))
    add_nudge(svc, due_in=-timedelta(minutes=5), claimed_by="other", claim_expires_at=now + timedelta(seconds=1))
    lapsed = add_nudge(svc, due_in=-timedelta(minutes=5), claimed_by="other", claim_expires_at=now, attempts=1)

    ids = claim(svc, "w1")
    assert ids == [overdue, lapsed, due_now]  # oldest due first
    for nudge_id in ids:
        row = get_nudge(svc, nudge_id)
        assert row.claimed_by == "w1"
        assert row.claim_expires_at == now + LEASE
    assert get_nudge(svc, due_now).attempts == 1
    assert get_nudge(svc, lapsed).attempts == 2


def test_claim_due_respects_the_limit_and_leaves_the_rest(svc):
    first = add_nudge(svc, due_in=-timedelta(minutes=3))
    second = add_nudge(svc, due_in=-timedelta(minutes=2))
    third = add_nudge(svc, due_in=-timedelta(minutes=1))
    assert claim(svc, "w1", limit=2) == [first, second]
    assert claim(svc, "w2", limit=2) == [third]


def test_a_claimed_row_is_not_claimed_again_until_its_lease_runs_out(svc, clock):
    nudge_id = add_nudge(svc)
    assert claim(svc, "w1") == [nudge_id]
    assert claim(svc, "w2") == []
    assert claim(svc, "w1") == []  # not even by the same worker
    clock.advance(LEASE - timedelta(seconds=1))
    assert claim(svc, "w2") == []
    clock.advance(timedelta(seconds=1))
    assert claim(svc, "w2") == [nudge_id]
    row = get_nudge(svc, nudge_id)
    assert row.claimed_by == "w2"
    assert row.attempts == 2


def test_renew_claim_only_for_the_worker_holding_it(svc, clock):
    nudge_id = add_nudge(svc)
    claim(svc, "w1")
    clock.advance(timedelta(minutes=1))
    with svc.db.session() as session:
        assert renew_claim(session, nudge_id, "w2", clock.now(), LEASE) is False
    assert get_nudge(svc, nudge_id).claim_expires_at == clock.now() - timedelta(minutes=1) + LEASE
    with svc.db.session() as session:
        assert renew_claim(session, nudge_id, "w1", clock.now(), LEASE) is True
    assert get_nudge(svc, nudge_id).claim_expires_at == clock.now() + LEASE


def test_renew_claim_fails_once_another_worker_took_over(svc, clock):
    nudge_id = add_nudge(svc)
    claim(svc, "w1")
    clock.advance(LEASE)
    assert claim(svc, "w2") == [nudge_id]
    with svc.db.session() as session:
        assert renew_claim(session, nudge_id, "w1", clock.now(), LEASE) is False
        assert renew_claim(session, nudge_id, "w2", clock.now(), LEASE) is True


def test_renew_claim_fails_for_a_finished_row(svc, clock):
    nudge_id = add_nudge(svc)
    claim(svc, "w1")
    with svc.db.session() as session:
        assert mark_sent(session, nudge_id, "w1", clock.now())
    with svc.db.session() as session:
        assert renew_claim(session, nudge_id, "w1", clock.now(), LEASE) is False


def test_mark_sent_only_once_and_only_by_the_holder(svc, clock):
    nudge_id = add_nudge(svc)
    claim(svc, "w1")
    with svc.db.session() as session:
        assert mark_sent(session, nudge_id, "w2", clock.now()) is False
    sent_at = clock.now()
    with svc.db.session() as session:
        assert mark_sent(session, nudge_id, "w1", sent_at) is True
    clock.advance(timedelta(seconds=5))
    with svc.db.session() as session:
        assert mark_sent(session, nudge_id, "w1", clock.now()) is False
    row = get_nudge(svc, nudge_id)
    assert row.sent_at == sent_at
    assert row.claim_expires_at is None
    clock.advance(LEASE * 10)
    assert claim(svc, "w1") == []


def test_release_makes_the_row_due_again_at_the_given_time(svc, clock):
    nudge_id = add_nudge(svc)
    claim(svc, "w1")
    retry_at = clock.now() + timedelta(minutes=10)
    with svc.db.session() as session:
        release(session, nudge_id, "w1", retry_at)
    row = get_nudge(svc, nudge_id)
    assert (row.claimed_by, row.claim_expires_at, row.due_at) == (None, None, retry_at)
    clock.set(retry_at - timedelta(seconds=1))
    assert claim(svc, "w2") == []
    clock.set(retry_at)
    assert claim(svc, "w2") == [nudge_id]


def test_release_by_another_worker_changes_nothing(svc, clock):
    nudge_id = add_nudge(svc)
    claim(svc, "w1")
    before = get_nudge(svc, nudge_id)
    with svc.db.session() as session:
        release(session, nudge_id, "w2", clock.now() + timedelta(days=1))
    after = get_nudge(svc, nudge_id)
    assert (after.claimed_by, after.claim_expires_at, after.due_at) == (
        before.claimed_by, before.claim_expires_at, before.due_at,
    )


def test_a_dropped_row_is_never_claimed(svc, clock):
    nudge_id = add_nudge(svc)
    with svc.db.session() as session:
        drop(session, nudge_id, clock.now())
    assert get_nudge(svc, nudge_id).cancelled_at == clock.now()
    clock.advance(timedelta(days=1))
    assert claim(svc, "w1") == []


def test_two_workers_never_claim_the_same_row(svc):
    ids = {add_nudge(svc, due_in=-timedelta(seconds=n)) for n in range(30)}
    first = claim(svc, "w1", limit=20)
    second = claim(svc, "w2", limit=20)
    assert len(first) == 20 and len(second) == 10
    assert set(first).isdisjoint(second)
    assert set(first) | set(second) == ids


@pytest.mark.parametrize("attempt", range(3))
def test_workers_claiming_at_the_same_moment_never_share_a_row(svc, attempt):
    ids = {add_nudge(svc, due_in=-timedelta(seconds=n)) for n in range(40)}
    workers = [f"w{n}" for n in range(4)]
    barrier = threading.Barrier(len(workers))
    claimed: dict[str, list[int]] = {}
    errors: list[Exception] = []

    def run(worker):
        try:
            barrier.wait(timeout=10)
            claimed[worker] = claim(svc, worker, limit=10)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    everything = [nudge_id for worker in workers for nudge_id in claimed[worker]]
    assert len(everything) == len(set(everything))
    assert set(everything) <= ids
    for worker in workers:
        for nudge_id in claimed[worker]:
            assert get_nudge(svc, nudge_id).claimed_by == worker


# ---- DueWork with a fake messenger ------------------------------------------------------------


@pytest.fixture
def messenger() -> RecordingMessenger:
    return RecordingMessenger()


@pytest.fixture
def work(svc, messenger) -> DueWork:
    load_roster(svc)
    return DueWork(worker_for(svc, messenger, "worker-1"))


def refer(svc, key="intake-1") -> int:
    referral = Referral(clinician_id="UCLIN1", source=Source.SELF, urgency="few_days", contact_preference="phone")
    return receive(svc, referral, key).case_id


def offers_of(svc, case_id) -> list[Offer]:
    with svc.db.session() as session:
        return list(session.scalars(select(Offer).where(Offer.case_id == case_id).order_by(Offer.id)))


def nudge_of(svc, offer_id, kind) -> Nudge:
    with svc.db.session() as session:
        (found,) = session.scalars(select(Nudge).where(Nudge.offer_id == offer_id, Nudge.kind == kind)).all()
        return found


def test_run_once_sends_each_due_message_once(svc, work, messenger):
    refer(svc)
    outcomes = work.run_once()
    assert outcomes == {Outcome.SENT: 2}  # the clinician's welcome and the offer
    assert len(messenger.dms_to("UCLIN1")) == 1
    assert len(messenger.dms_to("USUP1")) == 1
    assert work.run_once() == {}
    assert len(messenger.calls) == 2
    # A second worker finds nothing either.
    assert DueWork(worker_for(svc, messenger, "worker-2")).run_once() == {}
    assert len(messenger.calls) == 2


def test_send_offer_stores_the_posted_channel_and_ts_on_the_offer(svc, work, messenger):
    case_id = refer(svc)
    work.run_once()
    (offer,) = offers_of(svc, case_id)
    (posted,) = messenger.posted["USUP1"]
    assert (offer.dm_channel, offer.dm_ts) == (posted.channel, posted.ts)
    assert offer.dm_channel == "DUSUP1"
    assert nudge_of(svc, offer.id, OfferWork.SEND_OFFER).sent_at == svc.clock.now()


def test_reminder_is_sent_at_its_time_and_only_while_the_offer_is_open(svc, work, messenger, clock):
    refer(svc)
    work.run_once()
    clock.advance(TIMEOUT / 2 - timedelta(seconds=1))
    assert work.run_once() == {}
    clock.advance(timedelta(seconds=1))
    assert work.run_once() == {Outcome.SENT: 1}
    assert len(messenger.dms_to("USUP1")) == 2
    assert "reminder" in messenger.dms_to("USUP1")[1].lower()


def test_reminder_for_an_offer_past_its_deadline_is_dropped_not_sent_late(svc, work, messenger, clock):
    case_id = refer(svc)
    work.run_once()
    (first,) = offers_of(svc, case_id)
    clock.advance(TIMEOUT + timedelta(minutes=5))  # the scheduler was down past the deadline
    outcomes = work.run_once()

    assert len(messenger.dms_to("USUP1")) == 1  # only the original offer, never the reminder
    reminder = nudge_of(svc, first.id, OfferWork.OFFER_REMINDER)
    assert reminder.sent_at is None and reminder.cancelled_at == clock.now()
    # The reminder and the timeout are done at once (by the pool, each locking the case): either
    # the reminder finds its offer closed (dropped), or the timeout cancelled it first (no longer ours).
    assert outcomes[Outcome.DROPPED] + outcomes[Outcome.NOT_OURS] == 1
    # The timeout still acted: the offer passed on, its DM was updated, USUP2 got the case.
    stored = {o.supporter_slack_id: o for o in offers_of(svc, case_id)}
    assert stored["USUP1"].status == OfferStatus.EXPIRED
    assert stored["USUP2"].status == OfferStatus.OPEN
    assert [c[:3] for c in messenger.calls if c[0] == "update"] == [("update", "DUSUP1", first.dm_ts)]
    assert len(messenger.dms_to("USUP2")) == 1


def test_reminder_for_an_offer_answered_after_it_was_claimed_is_not_sent(svc, work, messenger, clock):
    case_id = refer(svc)
    work.run_once()
    (offer,) = offers_of(svc, case_id)
    clock.advance(TIMEOUT / 2)
    assert len(claim_due(svc.db, clock.now(), "worker-1", LEASE)) == 1  # the reminder, claimed
    assert accept_offer(svc, offer.id, who(svc, "USUP1")).ok  # answered in the meantime
    reminder = nudge_of(svc, offer.id, OfferWork.OFFER_REMINDER)
    assert work.worker.deliver(reminder.id) == Outcome.NOT_OURS
    assert len(messenger.dms_to("USUP1")) == 1
    assert nudge_of(svc, offer.id, OfferWork.OFFER_REMINDER).sent_at is None


def test_transient_failure_is_retried_on_a_later_pass(svc, work, messenger, clock):
    case_id = refer(svc)
    messenger.fail("USUP1", DeliveryFailed("ratelimited", permanent=False))
    outcomes = work.run_once()
    assert outcomes == {Outcome.SENT: 1, Outcome.RETRY: 1}
    (offer,) = offers_of(svc, case_id)
    send = nudge_of(svc, offer.id, OfferWork.SEND_OFFER)
    assert send.sent_at is None and send.cancelled_at is None
    assert send.claimed_by is None
    assert send.due_at == clock.now() + INTERVAL

    assert work.run_once() == {}  # not due again yet
    assert len(messenger.dms_to("USUP1")) == 1

    clock.advance(INTERVAL)
    assert work.run_once() == {Outcome.SENT: 1}
    assert len(messenger.dms_to("USUP1")) == 2  # one failed attempt, one delivery
    assert nudge_of(svc, offer.id, OfferWork.SEND_OFFER).sent_at == clock.now()
    (offer,) = offers_of(svc, case_id)
    assert offer.dm_ts is not None
    clock.advance(INTERVAL)
    assert work.run_once() == {}


def test_retry_waits_longer_after_each_failure(svc, work, messenger, clock):
    case_id = refer(svc)
    messenger.fail("USUP1", *[DeliveryFailed("timeout", permanent=False) for _ in range(2)])
    work.run_once()
    (offer,) = offers_of(svc, case_id)
    first_retry = nudge_of(svc, offer.id, OfferWork.SEND_OFFER).due_at
    assert first_retry == clock.now() + INTERVAL
    clock.set(first_retry)
    assert work.run_once() == {Outcome.RETRY: 1}
    assert nudge_of(svc, offer.id, OfferWork.SEND_OFFER).due_at == clock.now() + 2 * INTERVAL


def test_permanent_failure_is_dropped_and_never_tried_again(svc, work, messenger, clock):
    case_id = refer(svc)
    messenger.fail("USUP1", DeliveryFailed("user_not_found", permanent=True))
    assert work.run_once() == {Outcome.SENT: 1, Outcome.FAILED: 1}
    (offer,) = offers_of(svc, case_id)
    send = nudge_of(svc, offer.id, OfferWork.SEND_OFFER)
    assert send.sent_at is None and send.cancelled_at == clock.now()
    clock.advance(timedelta(minutes=30))
    assert work.run_once() == {}
    assert len(messenger.dms_to("USUP1")) == 1


def test_accepting_cancels_the_reminder_so_no_pass_sends_it(svc, work, messenger, clock):
    case_id = refer(svc)
    work.run_once()
    (offer,) = offers_of(svc, case_id)
    assert accept_offer(svc, offer.id, who(svc, "USUP1")).ok
    work.run_once()  # the clinician hears a supporter was found
    assert len(messenger.dms_to("UCLIN1")) == 2
    clock.advance(TIMEOUT * 2)
    assert work.run_once() == {}
    assert len(messenger.dms_to("USUP1")) == 1
    with svc.db.session() as session:
        assert session.get(Case, case_id).supporter_slack_id == "USUP1"
        assert session.get(Offer, offer.id).status == OfferStatus.ACCEPTED

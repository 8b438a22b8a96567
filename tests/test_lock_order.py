"""On PostgreSQL, a click and the scheduler touching the same case queue up; they never deadlock.

The scheduler records an offer DM as sent (the nudge row, then the offer row) while the
supporter's Accept (the offer row, then its nudges) arrives in between: both must succeed.
"""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text

import bot.outbox.worker as worker_module
from bot.cases.vocabulary import Source
from bot.offers.answers import accept_offer
from bot.offers.offering import OfferWork
from bot.outbox.queue import claim_due
from bot.outbox.registry import StoredMessage
from bot.outbox.worker import Outcome
from bot.referrals.referral import Referral
from flows import eventually, load_roster, receive, who, worker_for
from models.tables import Nudge, Offer

pytestmark = pytest.mark.postgres


class InstantMessenger:
    def send_dm(self, user_id, notice):
        return StoredMessage(channel=f"D{user_id}", ts="1.000100")

    def update(self, stored, notice):
        return None

    def timezone_of(self, user_id):
        return None


def waiting_on_a_lock(db) -> int:
    with db.engine.connect() as conn:
        return conn.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))


def test_accept_during_recording_of_the_offer_dm_does_not_deadlock(db, make_services, monkeypatch):
    if db.dialect != "postgresql":
        pytest.skip("row locks matter on PostgreSQL (TEST_DATABASE_URL)")
    svc = make_services(slack_bot_token="xoxb", slack_signing_secret="s", quiet_hours=None, digest_at=None)
    settings = svc.settings
    load_roster(svc)
    receive(svc, Referral(clinician_id="UCLIN1", source=Source.SELF, urgency="few_days"), "intake-1")
    with db.session() as session:
        send = session.scalar(select(Nudge).where(Nudge.kind == OfferWork.SEND_OFFER))
        offer_id = send.offer_id
    while True:  # claim until the offer's nudge is ours (the welcome DM is due too)
        claimed = claim_due(db, svc.clock.now(), "worker", settings.claim_lease)
        if send.id in claimed or not claimed:
            break
    assert send.id in claimed

    # Pause step 3 right after it marks the nudge sent, and let Accept run into it.
    original_mark_sent = worker_module.queue.mark_sent
    results: dict[str, object] = {}

    def accept():
        try:
            results["accept"] = accept_offer(svc, offer_id, who(svc, "USUP1")).ok
        except Exception as exc:  # noqa: BLE001 - a deadlock shows up here
            results["accept"] = exc

    def mark_sent_then_let_accept_in(session, nudge_id, worker, now, *where):
        done = original_mark_sent(session, nudge_id, worker, now, *where)
        if nudge_id == send.id:
            clicker = threading.Thread(target=accept)
            clicker.start()
            results["clicker"] = clicker
            eventually(lambda: waiting_on_a_lock(db) >= 1, what="Accept waiting for the scheduler's lock")
        return done

    monkeypatch.setattr(worker_module.queue, "mark_sent", mark_sent_then_let_accept_in)
    outcome = worker_for(svc, InstantMessenger()).deliver(send.id)
    results["clicker"].join(10)
    assert outcome == Outcome.SENT
    assert results["accept"] is True
    with db.session() as session:
        offer = session.get(Offer, offer_id)
        assert (offer.status, offer.dm_ts) == ("accepted", "1.000100")


def test_touching_a_nudge_twice_in_one_transaction_does_not_deadlock_with_a_case_lock(db, make_services):
    """Step 1 of delivery renews its claim and then drops the nudge: the second UPDATE of a row
    in one transaction makes PostgreSQL re-check the nudge's foreign key, taking a share lock on
    the case row. Meanwhile another transaction holds the case lock and waits for the nudge."""
    if db.dialect != "postgresql":
        pytest.skip("row locks matter on PostgreSQL (TEST_DATABASE_URL)")
    from bot.core.db import lock_case
    from bot.outbox import queue as nudges

    svc = make_services(slack_bot_token="xoxb", slack_signing_secret="s", quiet_hours=None, digest_at=None)
    settings = svc.settings
    load_roster(svc)
    case_id = receive(
        svc, Referral(clinician_id="UCLIN1", source=Source.SELF, urgency="few_days"), "intake-1").case_id
    with db.session() as session:
        nudge_id = session.scalar(select(Nudge.id).where(Nudge.kind == OfferWork.OFFER_REMINDER))
        session.get(Nudge, nudge_id).claimed_by = "worker"
    now = svc.clock.now()
    errors: list[Exception] = []

    def other_transaction():
        try:
            with db.session() as session:
                lock_case(session, case_id)
                nudges.mark_sent(session, nudge_id, "worker", now)  # waits for the first transaction
        except Exception as exc:  # noqa: BLE001 - a deadlock shows up here
            errors.append(exc)

    try:
        with db.session() as session:
            assert nudges.renew_claim(session, nudge_id, "worker", now, settings.claim_lease)
            other = threading.Thread(target=other_transaction)
            other.start()
            eventually(lambda: waiting_on_a_lock(db) >= 1, what="the other transaction waiting for the nudge")
            nudges.drop(session, nudge_id, now)
    except Exception as exc:  # noqa: BLE001
        errors.append(exc)
    other.join(10)
    assert errors == []

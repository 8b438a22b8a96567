"""On PostgreSQL, a click and the scheduler touching the same case queue up; they never deadlock.

The scheduler records an offer DM as sent (the nudge row, then the offer row) while the
supporter's Accept (the offer row, then its nudges) arrives in between: both must succeed.
"""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, text

import bot.delivery as delivery
from bot.clock import FakeClock
from bot.config import Settings
from bot.delivery import Outcome, Posted, deliver
from bot.notes import NoteCipher
from bot.nudges import NudgeKind, claim_due
from bot.offers import accept_offer
from bot.referrals import Referral, receive_referral
from bot.services import Services
from bot.vocabulary import Source
from flows import eventually, load_roster
from models.tables import Nudge, Offer

pytestmark = pytest.mark.postgres


class InstantMessenger:
    def send_dm(self, user_id, message):
        return Posted(channel=f"D{user_id}", ts="1.000100")

    def update(self, channel, ts, message):
        return None

    def timezone_of(self, user_id):
        return None


def waiting_on_a_lock(db) -> int:
    with db.engine.connect() as conn:
        return conn.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"))


def test_accept_during_recording_of_the_offer_dm_does_not_deadlock(db, monkeypatch):
    if db.dialect != "postgresql":
        pytest.skip("row locks matter on PostgreSQL (TEST_DATABASE_URL)")
    settings = Settings(slack_bot_token="xoxb", slack_signing_secret="s", quiet_hours=None, digest_at=None)
    svc = Services(db=db, clock=FakeClock(), settings=settings, cipher=NoteCipher.from_settings(settings))
    load_roster(svc)
    receive_referral(svc, Referral(clinician_id="UCLIN1", source=Source.SELF, urgency="few_days"), "intake-1")
    with db.session() as session:
        send = session.scalar(select(Nudge).where(Nudge.kind == NudgeKind.SEND_OFFER))
        offer_id = send.offer_id
    while True:  # claim until the offer's nudge is ours (the welcome DM is due too)
        claimed = claim_due(db, svc.clock.now(), "worker", settings.claim_lease)
        if send.id in claimed or not claimed:
            break
    assert send.id in claimed

    # Pause step 3 right after it marks the nudge sent, and let Accept run into it.
    original_mark_sent = delivery.nudges.mark_sent
    results: dict[str, object] = {}

    def accept():
        try:
            results["accept"] = accept_offer(svc, offer_id, "USUP1").ok
        except Exception as exc:  # noqa: BLE001 - a deadlock shows up here
            results["accept"] = exc

    def mark_sent_then_let_accept_in(session, nudge_id, worker, now):
        done = original_mark_sent(session, nudge_id, worker, now)
        if nudge_id == send.id:
            clicker = threading.Thread(target=accept)
            clicker.start()
            results["clicker"] = clicker
            eventually(lambda: waiting_on_a_lock(db) >= 1, what="Accept waiting for the scheduler's lock")
        return done

    monkeypatch.setattr(delivery.nudges, "mark_sent", mark_sent_then_let_accept_in)
    outcome = deliver(svc, InstantMessenger(), send.id, "worker")
    results["clicker"].join(10)
    assert outcome == Outcome.SENT
    assert results["accept"] is True
    with db.session() as session:
        offer = session.get(Offer, offer_id)
        assert (offer.status, offer.dm_ts) == ("accepted", "1.000100")

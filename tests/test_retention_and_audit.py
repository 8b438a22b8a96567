"""Issue 9: data that expires (the retention purge), an audit trail a privacy office can read and
that nobody rewrites, and a raw dump of the database that holds no note and, after retention,
nobody's Slack id or name."""
from __future__ import annotations

import shutil
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from bot.cases.notes import read_notes
from bot.cases.retention import ensure_purges, purges_due
from bot.core.audit import entries
from flows import button_value, cases, eventually, load_roster, offers, refer_self, wait_for_dm
from models.db import Database
from models.tables import AuditEvent, Case, CaseReferral, Nudge, Offer

NOTE = "Glasswing-9: after the Thursday list I keep seeing the monitor"
CLINICIAN = "UCLINXQ9"  # not on the roster: nothing but the case ever held this id
ROSTER = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,2
"""


def full_case(bot) -> int:
    """Self-referral with a note, offer, accept, contact, close."""
    load_roster(bot.services, ROSTER)
    refer_self(bot, user=CLINICIAN, note=NOTE)
    dm = wait_for_dm(bot.slack, "USUP1", "peer conversation")[0]
    [offer] = offers(bot.services)
    ts = eventually(lambda: offers(bot.services)[0].dm_ts)
    bot.send.click("USUP1", "offer.accept", button_value(dm, "offer.accept"), channel=offer.dm_channel, message_ts=ts)
    [accepted] = bot.slack.wait_for("chat.update")
    bot.send.click("USUP1", "case.contacted", str(offer.case_id), channel=offer.dm_channel, message_ts=ts)
    bot.slack.wait_for("chat.update", count=2)
    bot.send.click("USUP1", "case.close", str(offer.case_id), channel=offer.dm_channel, message_ts=ts)
    view = bot.slack.wait_for("views.open", where=lambda c: c.params["view"].get("callback_id") == "case.close_outcome")
    values = {"case.outcome": {"outcome": {"type": "radio_buttons", "selected_option": {"value": "talked"}}}}
    assert bot.send.submit("USUP1", view[-1].params["view"], values).status == 200
    eventually(lambda: cases(bot.services)[0].state == "closed")
    bot.run_due_work()
    return offer.case_id


def raw_database(bot, database_url: str) -> bytes:
    """Every byte the database holds after a clean stop: the SQLite files, or a pg_dump."""
    bot.stop()
    bot.services.db.dispose()
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        everything = b""
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                with open(path + suffix, "rb") as handle:
                    everything += handle.read()
            except FileNotFoundError:
                pass
        return everything
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    url = Database(database_url).engine.url
    dump = subprocess.run(["pg_dump", "-h", url.host, "-p", str(url.port or 5432), "-U", url.username, url.database],
                          capture_output=True, check=True)
    return dump.stdout


def test_a_raw_dump_after_a_full_case_holds_no_note_and_after_retention_no_slack_id(start_bot, database_url, db):
    bot = start_bot()
    case_id = full_case(bot)
    before = raw_database(bot, database_url)
    for word in (b"Glasswing", b"Thursday list", b"monitor"):
        assert word not in before
    assert CLINICIAN.encode() in before  # until retention, the case still knows whose it is

    bot = start_bot()  # a restart; RETENTION later the purge is due
    bot.clock.advance(bot.services.settings.retention)
    bot.run_due_work()
    eventually(lambda: cases(bot.services)[0].purged_at is not None)
    with bot.services.db.session() as session:
        assert not any("USUP1" in str(row) for model in (Case, Offer, CaseReferral, Nudge)
                       for row in session.execute(select(model.__table__)).all()
                       if getattr(row, "case_id", getattr(row, "id", None)) == case_id)
    after = raw_database(bot, database_url)
    assert CLINICIAN.encode() not in after
    assert b"Glasswing" not in after


def test_what_stays_after_retention_keeps_the_metrics_true(start_bot):
    bot = start_bot()
    case_id = full_case(bot)
    closed = cases(bot.services)[0]
    bot.clock.advance(timedelta(days=30))
    bot.run_due_work()
    [case] = cases(bot.services)
    assert case.purged_at is not None
    kept = ("state", "source", "urgency", "event_type", "outcome", "created_at", "offered_at", "accepted_at",
            "contacted_at", "closed_at", "clinician_division", "clinician_cohort")
    assert {k: getattr(case, k) for k in kept} == {k: getattr(closed, k) for k in kept}
    assert (case.clinician_slack_id, case.supporter_slack_id, case.excluded_slack_ids) == ("-", None, "")
    [offer] = offers(bot.services)
    assert (offer.status, offer.supporter_slack_id, offer.dm_ts) == ("accepted", "-", None)
    trail = entries(bot.services.db, case_id=case_id)
    assert [e.action for e in trail][:2] == ["case.created", "offer.made"]  # actions and times stay
    assert {e.actor for e in trail} <= {"-", "bot"}


def test_retention_leaves_a_coordinators_own_entries_and_open_cases_alone(make_services):
    svc = make_services()
    load_roster(svc, ROSTER)
    from bot.cases.vocabulary import Source
    from bot.referrals.referral import Referral
    from flows import receive

    case_id = receive(svc, Referral(CLINICIAN, Source.SELF, "few_days"), "open-1").case_id
    assert ensure_purges(svc.db, svc.settings.retention, svc.clock.now()) == 0  # an open case is kept
    assert purges_due(svc.db, svc.clock.now() + timedelta(days=365)) == []
    assert read_notes(svc.cipher, cases(svc)[0]).notes == ()
    assert case_id


def test_cases_closed_before_retention_existed_get_their_purge_on_upgrade(make_services):
    svc = make_services()
    now = svc.clock.now()
    with svc.db.session() as session:
        session.add(Case(clinician_slack_id=CLINICIAN, source="self", urgency="few_days", state="closed",
                         outcome="talked", created_at=now - timedelta(days=90), updated_at=now,
                         closed_at=now - timedelta(days=60)))
    assert ensure_purges(svc.db, svc.settings.retention, now) == 1
    assert ensure_purges(svc.db, svc.settings.retention, now) == 0  # once
    [plan] = purges_due(svc.db, now)
    assert (plan.on_case, plan.due_at) == (1, now - timedelta(days=30))


def test_purge_dry_run_lists_what_is_due_and_changes_nothing(start_bot, database_url, tmp_path):
    from processes import base_env, run_cli

    bot = start_bot()
    case_id = full_case(bot)
    env = base_env(tmp_path, DATABASE_URL=database_url, NOTE_ENCRYPTION_KEY=bot.services.settings.note_encryption_key,
                   RETENTION="1s")
    result = run_cli(["purge", "--dry-run"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"case {case_id}:" in result.stdout and "would remove" in result.stdout and "1 offer(s)" in result.stdout
    assert CLINICIAN not in result.stdout and "USUP1" not in result.stdout
    assert cases(bot.services)[0].purged_at is None
    audit = run_cli(["audit", "--case", str(case_id)], env, tmp_path)
    assert audit.returncode == 0 and "case.created" in audit.stdout and "case.closed.talked" in audit.stdout
    assert "Glasswing" not in audit.stdout
    by_actor = run_cli(["audit", "--actor", "USUP1"], env, tmp_path)
    assert "offer.accepted" in by_actor.stdout and "case.created" not in by_actor.stdout
    assert run_cli(["audit"], env, tmp_path).returncode == 2


def test_the_audit_trail_is_append_only_on_postgresql(make_services, db):
    if db.dialect != "postgresql":
        pytest.skip("the trigger is PostgreSQL's (TEST_DATABASE_URL)")
    svc = make_services()
    from bot.core import audit as trail

    with svc.db.session() as session:
        trail.record(session, svc.clock.now(), "USUP1", trail.AuditAction.OFFER_ACCEPTED, 1)
    for change in (update(AuditEvent).values(actor="UEVIL"), AuditEvent.__table__.delete()):
        with pytest.raises(DBAPIError, match="append-only"):
            with svc.db.session() as session:
                session.execute(change)
    assert [e.actor for e in entries(svc.db, case_id=1)] == ["USUP1"]
    with svc.db.session() as session:  # only with the retention job's setting
        session.execute(text("SET LOCAL peer_support.retention = 'on'"))
        session.execute(update(AuditEvent).values(actor="-"))
    assert [e.actor for e in entries(svc.db, case_id=1)] == ["-"]


def test_no_code_path_updates_or_deletes_an_audit_entry_except_retention():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parent.parent / "bot"
    offenders = [
        str(path) for path in root.rglob("*.py") if path.name != "retention.py"
        and re.search(r"(update|delete)\(AuditEvent", path.read_text())
    ]
    assert offenders == []

"""The program report from the database: the queries give the metrics the same facts the demo data set
holds; facts that a hand-off or a reassignment would blur are read from the audit trail; and the
report DM reaches coordinators monthly and on request, with the chart uploaded through Slack's
current upload flow (checked against the method descriptions by the fake Web API)."""
from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta, timezone

import matplotlib.image
import pytest

from bot.coordination.metrics import compute_report
from bot.coordination.report_facts import case_facts, utc_bounds
from bot.coordination.reports import (
    asked_for_range,
    build_report,
    first_working_day,
    monthly_range,
    next_monthly_report_at,
    report_request,
)
from bot.config import Settings
from bot.follow_through.check_ins import record_check_in
from bot.follow_through.closing import close_case
from bot.follow_through.contact import record_contact
from bot.follow_through.hand_off import hand_off
from bot.offers.answers import accept_offer
from console_steps import on_home, text_of
from data.demo_cases import AS_OF, demo_cases, demo_request
from data.demo_database import load_demo
from flows import load_roster, who
from follow_through_steps import ROSTER, move_to, nudges_of, refer, settle
from test_offer_state_machine import offers_of, only_open_offer, refer as receive_case, self_referral

UTC = timezone.utc
HOUR = timedelta(hours=1)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# ---- the queries ---------------------------------------------------------------------------------------


def test_the_report_from_the_database_is_the_report_from_the_demo_facts(db):
    load_demo(db)
    request = report_request(Settings(), demo_request().from_date, demo_request().to_date, as_of=AS_OF)
    from_db = build_report(db, request)
    expected = compute_report(demo_cases(), request)
    assert from_db.periods == expected.periods
    assert from_db.overall == expected.overall
    assert from_db.supporters is not None  # the roster as it stands; the demo's is written for the README


def test_first_accept_and_first_contact_come_from_the_audit_trail_after_a_hand_off(make_services, clock):
    svc = make_services()
    load_roster(svc)
    t0 = clock.now()
    case_id = receive_case(svc, self_referral())
    clock.advance(HOUR)
    assert accept_offer(svc, only_open_offer(svc, case_id).id, who(svc, "USUP1")).ok
    clock.advance(2 * HOUR)
    assert record_contact(svc, case_id, who(svc, "USUP1")).ok
    clock.advance(2 * HOUR)
    assert hand_off(svc, case_id, who(svc, "USUP1")).ok  # clears the case's accepted_at and contacted_at
    clock.advance(HOUR)
    assert accept_offer(svc, only_open_offer(svc, case_id).id, who(svc, "USUP2")).ok
    clock.advance(2 * HOUR)
    assert record_contact(svc, case_id, who(svc, "USUP2")).ok
    assert record_check_in(svc, case_id, who(svc, "USUP2")).ok
    assert record_check_in(svc, case_id, who(svc, "USUP2")).ok
    clock.advance(HOUR)
    assert close_case(svc, case_id, who(svc, "USUP2"), "talked").ok

    with svc.db.session() as session:
        [facts] = case_facts(session, *utc_bounds(date(2026, 3, 1), date(2026, 3, 31), "UTC"))
    assert facts.first_accepted_at == t0 + HOUR
    assert facts.contacted_at == t0 + 3 * HOUR
    assert facts.check_ins_done == 2
    assert (facts.closed_at, facts.outcome) == (t0 + 9 * HOUR, "talked")
    assert [o.status for o in facts.offers] == ["handed_off", "accepted"]
    assert (facts.source, facts.division, facts.cohort) == ("self", "General Surgery", "faculty")
    assert [o.supporter_slack_id for o in offers_of(svc, case_id)] == ["USUP1", "USUP2"]


def test_a_range_is_read_in_the_report_time_zone_both_days_included():
    start, end = utc_bounds(date(2026, 3, 1), date(2026, 3, 31), "America/Chicago")
    assert start == datetime(2026, 3, 1, 6, 0, tzinfo=UTC)
    assert end == datetime(2026, 4, 1, 5, 0, tzinfo=UTC)  # daylight saving time began on 8 March


# ---- when the monthly report comes ---------------------------------------------------------------------


@pytest.mark.parametrize(("year", "month", "day"), [(2026, 3, 2), (2026, 8, 3), (2026, 4, 1), (2026, 11, 2)])
def test_the_first_working_day_skips_a_weekend(year, month, day):
    assert first_working_day(year, month) == date(year, month, day)


def test_the_monthly_report_covers_the_twelve_months_before_its_own():
    settings = Settings(report_time_zone="America/New_York")
    due = next_monthly_report_at(datetime(2026, 3, 2, 15, 0, tzinfo=UTC), settings)
    assert due == datetime(2026, 4, 1, 13, 0, tzinfo=UTC)  # 09:00 in New York
    assert monthly_range(due, settings) == (date(2025, 4, 1), date(2026, 3, 31))
    assert asked_for_range(datetime(2026, 3, 15, 12, 0, tzinfo=UTC), settings) == (date(2025, 4, 1),
                                                                                    date(2026, 3, 15))


# ---- the report DM ------------------------------------------------------------------------------------------


def png_size(content: bytes) -> tuple[int, int]:
    image = matplotlib.image.imread(io.BytesIO(content), format="png")
    return image.shape[1], image.shape[0]


@pytest.fixture
def bot(start_bot):
    running = start_bot()
    load_roster(running.services, ROSTER)
    return running


def test_coordinators_get_the_monthly_report_with_its_chart_on_the_first_working_day(bot):
    for clinician in ("UCLIN1", "UCLIN2", "UCLIN3"):
        refer(bot, user=clinician)
    settle(bot)
    move_to(bot, datetime(2026, 4, 1, 8, 59, tzinfo=UTC))
    assert bot.slack.shared_files == []
    move_to(bot, datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    files = bot.slack.shared_files
    assert sorted(f.channel_id for f in files) == ["DUCOORD1", "DUCOORD2"]
    for shared in files:
        assert shared.content[:8] == PNG_SIGNATURE and png_size(shared.content)[0] > 600
        assert shared.filename == "peer-support-report-2026-03-31.png"
        assert shared.initial_comment is None
        assert shared.blocks[0]["text"]["text"] == "*Peer support program report: March 2026*"
        comment = shared.blocks[1]["text"]["text"]
        assert "• Referrals: <11 (self-referred <11, from leads " in comment  # three, hidden as any 1 to 10
        assert "UCLIN" not in json.dumps(shared.blocks) and "USUP" not in json.dumps(shared.blocks)
    assert len(bot.slack.calls_to("files.getUploadURLExternal")) == 2
    assert len(bot.slack.calls_to("files.completeUploadExternal")) == 2
    bot.slack.assert_no_spec_violations()
    # The chain goes on: next month's is due on the first working day of May.
    [chain] = [n for n in nudges_of(bot, kind="monthly_report") if n.sent_at is None and n.cancelled_at is None]
    assert chain.due_at == datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def test_monthly_report_off_sends_no_report(start_bot):
    bot = start_bot(monthly_report=False)
    load_roster(bot.services, ROSTER)
    move_to(bot, datetime(2026, 4, 2, 12, 0, tzinfo=UTC))
    assert bot.slack.shared_files == []
    assert nudges_of(bot, kind="monthly_report") == []


def test_a_coordinator_can_ask_for_the_report_from_the_home_and_gets_it_the_same_way(bot):
    refer(bot, user="UCLIN1")
    home = on_home(bot, "UCOORD1", "report.send", "report")
    assert "The program report is on its way" in text_of(home)
    settle(bot)
    [shared] = bot.slack.shared_files
    assert shared.channel_id == "DUCOORD1" and shared.content[:8] == PNG_SIGNATURE
    assert shared.blocks[0]["text"]["text"] == "*Peer support program report: March 2026 so far*"
    assert 'Counts from 1 to 10 show as \\"<11\\"' in json.dumps(shared.blocks)


def test_someone_who_is_not_a_coordinator_cannot_ask_for_the_report(bot):
    home = on_home(bot, "USUP1", "report.send", "report")
    assert "Only program coordinators" in text_of(home)
    settle(bot)
    assert bot.slack.shared_files == []


def test_an_upload_slack_keeps_failing_is_done_again_from_the_start_and_shared_once(bot):
    # More failures than the client's own retries: the worker gives the report back, due again later.
    bot.slack.fail_next("files.completeUploadExternal", status=500, times=3)
    on_home(bot, "UCOORD1", "report.send", "report")
    settle(bot)
    assert bot.slack.shared_files == []
    move_to(bot, bot.clock.now() + timedelta(hours=2))
    assert [f.channel_id for f in bot.slack.shared_files] == ["DUCOORD1"]
    assert len(bot.slack.calls_to("files.getUploadURLExternal")) == 2  # a fresh upload, not the half-done one

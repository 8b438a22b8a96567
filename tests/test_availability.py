"""A supporter's availability: away until a date they choose on the App Home (not matched meanwhile,
back by themselves at the start of that day with a DM in their morning), back early, and the
statuses the metrics count separately (available, away, paused)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.coordination.report_facts import supporter_facts
from bot.roster.availability import SupporterStatus, set_away
from console_steps import audit_actions, home_of, on_home, text_of
from flows import dms_to, eventually, load_roster, wait_for_dm, who
from follow_through_steps import ROSTER, case_row, move_to, offers_of, refer
from models.tables import Person

UTC = timezone.utc
BACK_TEXT = "Welcome back"


@pytest.fixture
def bot(start_bot):
    running = start_bot()
    load_roster(running.services, ROSTER)
    running.slack.add_user("USUP1", tz="America/New_York")
    return running


def person(bot, slack_id="USUP1") -> Person:
    with bot.services.db.session() as session:
        return session.scalar(select(Person).where(Person.slack_id == slack_id))


def offered_to(bot, case_id) -> str:
    """Who the case was offered to (the offer itself; its DM may be waiting for their morning)."""
    return eventually(lambda: next((o.supporter_slack_id for o in reversed(offers_of(bot, case_id))), None))


def go_away(bot, day: str) -> dict:
    return on_home(bot, "USUP1", "supporter.away_until", element="datepicker", block_id="home.availability",
                   selected_date=day)


def test_away_until_a_date_means_no_new_requests_then_back_by_themselves_with_a_dm(bot):
    # Monday 2 March 2026, 10:00 UTC (05:00 in New York): away until Thursday.
    home = go_away(bot, "2026-03-05")
    text = text_of(home)
    assert "*Your availability:* away until <!date^" in text and "Enjoy the time away" in text
    assert "I'm back now" in text
    back_at = datetime(2026, 3, 5, 5, 0, tzinfo=UTC)  # the start of Thursday in New York
    assert person(bot).away_until == back_at
    assert "supporter.away" in audit_actions(bot.services)

    meanwhile = refer(bot, user="UCLIN1")
    assert offered_to(bot, meanwhile.id) == "USUP2"
    move_to(bot, datetime(2026, 3, 2, 15, 0, tzinfo=UTC))  # USUP2 let it expire; USUP1 is away: nobody left
    assert case_row(bot, meanwhile.id).state == "unplaced"

    move_to(bot, back_at)  # back, and matched again at once...
    again = refer(bot, user="UCLIN2")
    assert offered_to(bot, again.id) == "USUP1"
    assert dms_to(bot.slack, "USUP1", BACK_TEXT) == []  # ...but it is midnight for them: the DM waits
    move_to(bot, datetime(2026, 3, 5, 12, 0, tzinfo=UTC))  # 07:00 in New York
    [dm] = wait_for_dm(bot.slack, "USUP1", BACK_TEXT)
    assert "Your time away has ended" in str(dm.params["blocks"])
    assert person(bot).away_until is None
    assert "*Your availability:* available" in text_of(home_of(bot, "USUP1"))
    move_to(bot, datetime(2026, 3, 9, 12, 0, tzinfo=UTC))
    assert len(dms_to(bot.slack, "USUP1", BACK_TEXT)) == 1


@pytest.mark.parametrize(("day", "words"), [
    ("2026-03-02", "a day after today"),  # today, on their own clock
    ("2026-02-20", "a day after today"),
    ("2027-03-03", "within the next year"),
    ("not-a-date", "a day after today"),
])
def test_a_day_that_will_not_do_is_refused_with_a_word_on_the_home_and_changes_nothing(bot, day, words):
    home = go_away(bot, day)
    assert words in text_of(home)
    assert person(bot).away_until is None
    assert "*Your availability:* available" in text_of(home)


def test_back_now_ends_the_time_away_at_once_and_no_welcome_dm_follows(bot):
    go_away(bot, "2026-03-10")
    home = on_home(bot, "USUP1", "supporter.back", "back", block_id="home.availability")
    assert "Welcome back" in text_of(home) and "*Your availability:* available" in text_of(home)
    assert person(bot).away_until is None
    case = refer(bot, user="UCLIN1")
    assert offered_to(bot, case.id) == "USUP1"
    move_to(bot, datetime(2026, 3, 11, 12, 0, tzinfo=UTC))
    assert dms_to(bot.slack, "USUP1", BACK_TEXT) == []


def test_a_new_date_moves_the_return_and_one_welcome_dm_comes_on_the_new_day(bot):
    go_away(bot, "2026-03-04")
    go_away(bot, "2026-03-06")
    move_to(bot, datetime(2026, 3, 4, 13, 0, tzinfo=UTC))
    assert dms_to(bot.slack, "USUP1", BACK_TEXT) == []
    assert person(bot).away_until == datetime(2026, 3, 6, 5, 0, tzinfo=UTC)
    move_to(bot, datetime(2026, 3, 6, 13, 0, tzinfo=UTC))
    assert len(wait_for_dm(bot.slack, "USUP1", BACK_TEXT)) == 1


def test_someone_who_is_not_a_supporter_cannot_set_themselves_away(make_services):
    svc = make_services()
    load_roster(svc, ROSTER)
    answer = set_away(svc, who(svc, "UCOORD1"), date(2026, 3, 5), None)
    assert not answer.ok and answer.problem == "not a supporter"


def test_the_metrics_count_available_away_paused_and_inactive_supporters_separately(make_services):
    svc = make_services()
    load_roster(svc, ROSTER + "USUP3,Al,supporter,faculty,Urology,2\nUSUP4,Bo,supporter,trainee,ENT,2\n"
                              "USUP5,Cy,supporter,trainee,ENT,2\n")
    now = svc.clock.now()
    assert set_away(svc, who(svc, "USUP2"), date(2026, 3, 9), None).ok
    with svc.db.session() as session:
        people = {p.slack_id: p for p in session.scalars(select(Person))}
        people["USUP3"].paused_until = now + timedelta(days=365)
        people["USUP4"].away_until = now - timedelta(hours=1)  # came back an hour ago
        people["USUP5"].active = False
    with svc.db.session() as session:
        statuses = sorted(f.status for f in supporter_facts(session, now))
    assert statuses == sorted([SupporterStatus.ACTIVE, SupporterStatus.AWAY, SupporterStatus.PAUSED,
                               SupporterStatus.ACTIVE, SupporterStatus.INACTIVE])

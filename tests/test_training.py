"""Supporters are trained first: with REQUIRE_TRAINING on, only supporters trained within
TRAINING_VALID_FOR are matched; the Assign menu says "training lapsed" like any other rule; and the
coordinators' Home lists whose training lapses in the next 60 days. Off (the default), rosters
without training dates keep working."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.roster.csv_import import RosterImportError, import_roster
from console_steps import home_of, modal_from_home, option_labels, text_of
from flows import load_roster
from follow_through_steps import offers_of, refer, settle
from test_offer_state_machine import refer as receive_case, self_referral
from test_offer_state_machine import offers_of as stored_offers
from models.tables import Person

# The FakeClock starts on 2 March 2026; training is valid for 730 days by default.
TRAINED = """slack_id,name,roles,cohort,division,max_active_cases,trained_on
UCOORD1,Casey Coordinator,coordinator,,,0,
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,3,2024-03-01
USUP2,Pat Supporter,supporter,faculty,Trauma,3,2024-04-15
USUP3,Gale Supporter,supporter,faculty,Urology,3,
USUP4,Kim Supporter,supporter,faculty,Vascular,3,2025-06-01
UCLIN1,Alex Clinician,,faculty,General Surgery,2,
"""


def offered_first(make_services, **settings) -> str:
    svc = make_services(**settings)
    load_roster(svc, TRAINED)
    case_id = receive_case(svc, self_referral())
    return stored_offers(svc, case_id)[0].supporter_slack_id


def test_with_require_training_off_training_dates_do_not_matter(make_services):
    assert offered_first(make_services) == "USUP1"  # lapsed, but training is not required


def test_with_require_training_on_only_supporters_trained_within_the_window_are_matched(make_services):
    # USUP1 lapsed on 1 March 2026, USUP3 has no training: USUP2 (valid until 15 April 2026) is first.
    assert offered_first(make_services, require_training=True) == "USUP2"


def test_training_valid_for_is_a_setting(make_services):
    # Valid for a year: only USUP4, trained in June 2025, still counts.
    assert offered_first(make_services, require_training=True, training_valid_for=timedelta(days=365)) == "USUP4"


@pytest.fixture
def bot(start_bot):
    running = start_bot(require_training=True)
    load_roster(running.services, TRAINED)
    return running


def test_the_assign_menu_says_training_lapsed_like_any_other_rule(bot):
    case = refer(bot, user="UCLIN1")
    settle(bot)
    assert offers_of(bot, case.id)[0].supporter_slack_id == "USUP2"
    modal = modal_from_home(bot, "UCOORD1", "console.assign", str(case.id))
    labels = option_labels(modal, "console.supporter")
    assert labels["USUP1"] == "Sam Supporter · training lapsed on 2026-03-01"
    assert labels["USUP3"] == "Gale Supporter · no training on the roster"
    assert labels["USUP4"].startswith("Kim Supporter · best match")


def test_the_coordinators_home_lists_whose_training_lapses_within_60_days(bot):
    text = text_of(home_of(bot, "UCOORD1"))
    assert "*Training lapses within 60 days:* <@USUP1> (lapsed 2026-03-01), <@USUP2> (lapses 2026-04-15)." in text
    assert "USUP4" not in text.split("Training lapses")[1].split("Program report")[0]


def test_the_roster_csv_takes_a_training_date_and_names_a_bad_one(db, clock):
    import_roster(db, clock, TRAINED, lambda email: None)
    with pytest.raises(RosterImportError) as refused:
        import_roster(db, clock, "slack_id,trained_on\nUSUP1,15/09/2025\nUSUP2,2025-02-30\n", lambda email: None)
    assert refused.value.errors == [
        'line 2: trained_on must be a date like 2025-09-15, not "15/09/2025"',
        'line 3: trained_on must be a date like 2025-09-15, not "2025-02-30"',
    ]
    import_roster(db, clock, "slack_id,trained_on\nUSUP3,2026-01-10\n", lambda email: None)
    with db.session() as session:
        assert session.scalar(select(Person.trained_on).where(Person.slack_id == "USUP3")) == date(2026, 1, 10)

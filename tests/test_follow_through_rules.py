"""Service-level rules of the follow-through that the flows do not pin down on their own."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.follow_through.check_ins import record_check_in
from bot.follow_through.closing import close_case
from bot.follow_through.contact import record_contact
from bot.slack.messages.common import describe_duration
from bot.offers.answers import accept_offer
from bot.referrals.referral import Referral
from bot.cases.vocabulary import Source
from flows import load_roster, offers, receive, who


@pytest.fixture
def svc(make_services):
    services = make_services(slack_bot_token="xoxb", slack_signing_secret="s")
    load_roster(services)
    return services


def accepted_case(svc) -> int:
    case_id = receive(svc, Referral(clinician_id="UCLIN1", source=Source.SELF, urgency="few_days",
                                             note="A hard week."), "intake-1").case_id
    assert accept_offer(svc, offers(svc)[0].id, who(svc, "USUP1")).ok
    return case_id


def test_a_second_we_have_connected_changes_nothing(svc):
    case_id = accepted_case(svc)
    first = record_contact(svc, case_id, who(svc, "USUP1"))
    svc.clock.advance(timedelta(hours=1))
    again = record_contact(svc, case_id, who(svc, "USUP1"))
    assert first.ok and again.ok
    with svc.db.session() as session:
        from models.tables import Case, Nudge

        case = session.get(Case, case_id)
        assert case.contacted_at == svc.clock.now() - timedelta(hours=1)
        assert session.query(Nudge).filter_by(case_id=case_id, kind="check_in").count() == 2


def test_someone_else_cannot_record_contact(svc):
    case_id = accepted_case(svc)
    assert not record_contact(svc, case_id, who(svc, "USUP2")).ok


def test_checked_in_is_refused_after_a_case_was_closed_by_hand(svc):
    case_id = accepted_case(svc)
    record_contact(svc, case_id, who(svc, "USUP1"))
    assert close_case(svc, case_id, who(svc, "USUP1"), "talked").ok
    assert not record_check_in(svc, case_id, who(svc, "USUP1")).ok


def test_closing_deletes_the_note(svc):
    case_id = accepted_case(svc)
    assert close_case(svc, case_id, who(svc, "USUP1"), "declined_support").ok
    with svc.db.session() as session:
        from models.tables import Case

        case = session.get(Case, case_id)
        assert (case.state, case.outcome, case.note_ciphertext) == ("closed", "declined_support", None)


@pytest.mark.parametrize("duration, words", [
    (timedelta(days=7), "7 days"), (timedelta(hours=12), "12 hours"), (timedelta(days=1), "1 day"),
    (timedelta(minutes=90), "90 minutes"), (timedelta(seconds=45), "45 seconds"),
])
def test_durations_are_described_in_the_largest_whole_unit(duration, words):
    assert describe_duration(duration) == words

"""The App Home for each role: what the published view contains, a fixed number of queries however
many cases there are, and Slack's 100-block limit at any volume."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from bot.cases.vocabulary import CaseState, OfferStatus
from bot.coordination.home import home_for
from bot.slack.views.home import home_view
from console_steps import MAX_HOME_BLOCKS, buttons_of_block, console_cases, home_of, insert_cases, on_home, text_of
from flows import load_roster, who
from follow_through_steps import NOTE, ROSTER, accept, refer, sent_offer
from models.tables import Offer

BOTH = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator;supporter;lead,faculty,Urology,30
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,3
"""


@contextmanager
def counting_queries(db):
    """Count the statements sent to the database while the block runs."""
    count = [0]

    def seen(*_):
        count[0] += 1

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield count
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def queries_for_home(svc, user) -> int:
    with counting_queries(svc.db) as count:
        home_view(home_for(svc, who(svc, user)))
    return count[0]


def add_volume(svc, each: int) -> None:
    """Cases in every state a console lists, plus offers and held cases for the viewer as a supporter."""
    insert_cases(svc, each, CaseState.UNPLACED)
    insert_cases(svc, each, CaseState.NEW)
    held = insert_cases(svc, each, CaseState.ACCEPTED, supporter_slack_id="UCOORD1")
    with svc.db.session() as session:
        for case_id in held:
            session.add(Offer(case_id=case_id, supporter_slack_id="UCOORD1", status=OfferStatus.ACCEPTED,
                              match_reason="test", sent_at=svc.clock.now(), deadline_at=svc.clock.now()))


def test_the_home_is_built_with_the_same_number_of_queries_at_10_and_at_200_cases(make_services):
    svc = make_services()
    load_roster(svc, BOTH)
    add_volume(svc, 10)
    at_ten = queries_for_home(svc, "UCOORD1")
    add_volume(svc, 190)
    at_two_hundred = queries_for_home(svc, "UCOORD1")
    assert at_ten == at_two_hundred
    assert at_ten <= 20
    # A supporter's and a stranger's Home too.
    assert queries_for_home(svc, "USUP1") == queries_for_home(svc, "USUP1")
    assert queries_for_home(svc, "UNOBODY") <= 5


def test_a_home_with_every_part_at_volume_stays_within_100_blocks(make_services):
    svc = make_services()
    load_roster(svc, BOTH)
    add_volume(svc, 200)
    view = home_view(home_for(svc, who(svc, "UCOORD1")))
    assert len(view["blocks"]) <= MAX_HOME_BLOCKS
    assert "more are in your messages from this app" in text_of(view)
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in view["blocks"])


@pytest.fixture
def bot(start_bot):
    running = start_bot()
    load_roster(running.services, ROSTER)
    return running


def test_a_supporters_home_shows_availability_their_offers_and_held_cases_with_the_dm_buttons(bot):
    offered = refer(bot, user="UCLIN1", note=NOTE)
    offer = sent_offer(bot, offered.id, "USUP1")
    held = refer(bot, user="UCLIN2", note=NOTE, avoid=("USUP2",))
    accept(bot, held.id, "USUP1")
    home = home_of(bot, "USUP1")
    text = text_of(home)
    assert "*Your availability:* available for new requests." in text
    [availability] = [b for b in home["blocks"] if b.get("block_id") == "home.availability"]
    assert [e["type"] for e in availability["elements"]] == ["datepicker"]
    assert buttons_of_block(home, f"home.offer.{offered.id}") == [
        ("Accept", "offer.accept", str(offer.id)), ("Decline", "offer.decline", str(offer.id)),
        ("Details", "offer.details", str(offer.id))]
    assert [label for label, _, _ in buttons_of_block(home, f"home.case.{held.id}")] == [
        "We've connected", "Couldn't reach them", "Hand off", "Details", "Close case"]
    assert "<@UCLIN1>" in text and NOTE not in text
    assert console_cases(home) == []


def test_accepting_from_the_home_updates_the_offer_dm_and_the_home(bot):
    case = refer(bot, user="UCLIN1")
    offer = sent_offer(bot, case.id, "USUP1")
    home = on_home(bot, "USUP1", "offer.accept", str(offer.id))
    assert [label for label, _, _ in buttons_of_block(home, f"home.case.{case.id}")][0] == "We've connected"
    bot.slack.wait_for("chat.update", where=lambda c: c.params["ts"] == offer.dm_ts
                       and "Thank you for accepting" in c.params["text"])


def test_a_person_with_no_role_and_no_case_sees_the_intro_and_the_resources_only(bot):
    home = home_of(bot, "UNOBODY")
    assert [b["type"] for b in home["blocks"]] == ["header", "section", "divider", "section"]
    assert "If you need more than a conversation" in text_of(home)

"""Issue 9: a second request from someone with an open case is not lost; bounds on every field,
in the service as well as the form; at most REFERRAL_LIMIT referrals an hour."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.cases.notes import read_notes
from bot.cases.vocabulary import Source
from bot.referrals.intake import TooManyReferrals
from bot.referrals.referral import InvalidReferral, Referral
from flows import (
    button_value,
    cases,
    dms_to,
    eventually,
    load_roster,
    offers,
    open_self_referral,
    receive,
    refer_self,
    self_referral_values,
    wait_for_dm,
)

FIRST_NOTE = "Rough week after a bleed in theatre."
SECOND_NOTE = "It got worse after the M&M; I'd like to talk soon."


def details_text(bot, supporter, dm) -> str:
    bot.send.click(supporter, "offer.details", button_value(dm, "offer.details"), channel=f"D{supporter}")
    opened = bot.slack.wait_for("views.open", where=lambda c: c.params["view"].get("title", {}).get(
        "text") == "Request details")
    return str(opened[-1].params["view"])


# ---- a second request joins the open case -----------------------------------------------------------


def test_a_second_self_referral_joins_the_open_case_with_its_note_and_urgency(bot):
    load_roster(bot.services)
    refer_self(bot, urgency="few_days", note=FIRST_NOTE)
    offer_dm = wait_for_dm(bot.slack, "USUP1", "peer conversation")[0]
    [first_offer] = offers(bot.services)
    refer_self(bot, urgency="today", note=SECOND_NOTE)
    # The supporter offered it hears privately that there is news, and Details shows both notes.
    [news] = wait_for_dm(bot.slack, "USUP1", "There's news")
    assert SECOND_NOTE not in str(news.params) and "bleed" not in str(news.params)
    assert "<@" not in news.params["text"]  # nothing a lock screen would show
    assert "today" in str(news.params["blocks"])
    shown = details_text(bot, "USUP1", news)
    assert "bleed in theatre" in shown and "worse after the M&amp;M" in shown
    # The clinician hears it was added, and nothing is lost or doubled.
    [added] = wait_for_dm(bot.slack, "UCLIN1", "added this to the request you already have open")
    assert len(cases(bot.services)) == 1 and len(offers(bot.services)) == 1
    [case] = cases(bot.services)
    assert case.urgency == "today"
    assert [n.text for n in read_notes(bot.services.cipher, case).notes] == [FIRST_NOTE, SECOND_NOTE]
    # The offer's deadline is now no later than an urgent offer's.
    [offer] = offers(bot.services)
    assert offer.deadline_at <= bot.clock.now() + bot.services.settings.offer_timeout_urgent < first_offer.deadline_at
    assert offer_dm  # the original offer stands


def test_a_more_urgent_second_request_brings_the_escalation_forward(start_bot):
    bot = start_bot(offer_timeout=timedelta(hours=24), offer_timeout_urgent=timedelta(hours=24))
    load_roster(bot.services)
    refer_self(bot, urgency="few_days")
    wait_for_dm(bot.slack, "USUP1", "peer conversation")
    refer_self(bot, urgency="today", note=SECOND_NOTE)
    wait_for_dm(bot.slack, "UCLIN1", "added this to the request")
    bot.clock.advance(timedelta(hours=4))  # ESCALATE_AFTER is 8h, and half of it for an urgent case
    bot.run_due_work()
    wait_for_dm(bot.slack, "UCOORD1", "nobody has accepted it")


def test_a_second_request_while_a_supporter_holds_the_case_tells_that_supporter(bot):
    load_roster(bot.services)
    refer_self(bot, note=FIRST_NOTE)
    dm = wait_for_dm(bot.slack, "USUP1", "peer conversation")[0]
    ts = eventually(lambda: offers(bot.services)[0].dm_ts)
    bot.send.click("USUP1", "offer.accept", button_value(dm, "offer.accept"), channel="DUSUP1", message_ts=ts)
    bot.slack.wait_for("chat.update")
    refer_self(bot, note=SECOND_NOTE)
    [news] = wait_for_dm(bot.slack, "USUP1", "There's news")
    assert "worse after the M&amp;M" in details_text(bot, "USUP1", news)
    assert dms_to(bot.slack, "USUP2") == []


def test_a_lead_referral_joining_an_open_case_adds_its_note_for_the_supporter(make_services):
    svc = make_services()
    load_roster(svc)
    load_roster(svc, "slack_id,roles\nULEAD1,lead\n")
    first = receive(svc, Referral("UCLIN1", Source.SELF, "few_days", note=FIRST_NOTE), "k1")
    joined = receive(svc, Referral("UCLIN1", Source.LEAD, "few_days", note="Quiet since Friday.",
                                   referrer_id="ULEAD1"), "k2")
    assert joined.joined_open_case and joined.case_id == first.case_id
    [case] = cases(svc)
    assert [n.text for n in read_notes(svc.cipher, case).notes] == [FIRST_NOTE, "Quiet since Friday."]


# ---- bounds on every field -------------------------------------------------------------------------------


def test_an_avoid_list_longer_than_the_form_allows_is_refused_as_a_whole(bot):
    load_roster(bot.services)
    view = open_self_referral(bot)
    many = [f"U{n:08d}" for n in range(5000)]
    reply = bot.send.submit("UCLIN1", view, self_referral_values(avoid=many))
    assert reply.json()["response_action"] == "errors"
    assert "at most 10" in reply.json()["errors"]["referral.avoid"]
    assert cases(bot.services) == []


@pytest.mark.parametrize("fields, error", [
    (dict(excluded_ids=frozenset(f"U{n:08d}" for n in range(11))), "avoid"),
    (dict(excluded_ids=frozenset({"not-an-id"})), "avoid"),
    (dict(clinician_id="<!channel>"), "colleague"),
    (dict(urgency="whenever"), "urgency"),
    (dict(event_type="<script>"), "event_type"),
    (dict(contact_preference="fax"), "contact_preference"),
    (dict(note="x" * 501), "note"),
    (dict(note="Call her at (617) 555-0143"), "note"),
])
def test_the_service_refuses_a_field_out_of_bounds_and_stores_nothing(make_services, fields, error):
    svc = make_services()
    load_roster(svc)
    values = dict(clinician_id="UCLIN1", source=Source.SELF, urgency="few_days")
    values.update(fields)
    with pytest.raises(InvalidReferral) as caught:
        receive(svc, Referral(**values), "bounds-1")
    assert error in caught.value.errors
    assert cases(svc) == []


def test_a_patient_identifier_in_the_note_is_named_on_the_form(bot):
    load_roster(bot.services)
    view = open_self_referral(bot)
    reply = bot.send.submit("UCLIN1", view, self_referral_values(note="Her husband called from +1 857 555 0112"))
    error = reply.json()["errors"]["referral.note"]
    assert "phone" in error and "555" not in error
    assert cases(bot.services) == []


# ---- abuse limits ------------------------------------------------------------------------------------------


def test_past_the_referral_limit_a_person_is_told_kindly_and_the_coordinators_once(start_bot):
    bot = start_bot(referral_limit=2)
    load_roster(bot.services)
    refer_self(bot, note="one")
    refer_self(bot, note="two")
    eventually(lambda: cases(bot.services) and len(read_notes(bot.services.cipher, cases(bot.services)[0]).notes) == 2)
    view = open_self_referral(bot)
    for attempt in range(3):
        reply = bot.send.submit("UCLIN1", view, self_referral_values(note="three"), view_id=f"VLIMIT{attempt}")
        answer = reply.json()
        assert answer["response_action"] == "update"
        assert "paused new ones for now" in str(answer["view"]) and "988" in str(answer["view"])
    bot.run_due_work()
    [told] = wait_for_dm(bot.slack, "UCOORD1", "limit of requests")
    assert "<@" not in told.params["text"] and "three" not in str(told.params)
    assert len(dms_to(bot.slack, "UCOORD1", "limit of requests")) == 1
    [case] = cases(bot.services)
    assert [n.text for n in read_notes(bot.services.cipher, case).notes] == ["one", "two"]
    # An hour later they may ask again.
    bot.clock.advance(timedelta(hours=1, seconds=1))
    refer_self(bot, note="three")
    eventually(lambda: len(read_notes(bot.services.cipher, cases(bot.services)[0]).notes) == 3)


def test_the_service_enforces_the_referral_limit_too(make_services):
    svc = make_services(referral_limit=1)
    load_roster(svc)
    receive(svc, Referral("UCLIN1", Source.SELF, "few_days"), "limit-1")
    assert receive(svc, Referral("UCLIN1", Source.SELF, "few_days"), "limit-1").case_id  # a retry is no new one
    with pytest.raises(TooManyReferrals):
        receive(svc, Referral("UCLIN1", Source.SELF, "few_days"), "limit-2")


def test_two_requests_for_one_clinician_at_the_same_moment_make_one_case(make_services):
    import threading

    svc = make_services()
    load_roster(svc)
    load_roster(svc, "slack_id,roles\nULEAD1,lead\n")
    barrier = threading.Barrier(2)
    errors = []

    def send(referral, key):
        try:
            barrier.wait(timeout=10)
            receive(svc, referral, key)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(Referral("UCLIN1", Source.SELF, "few_days", note="one"), "a")),
               threading.Thread(target=send, args=(Referral("UCLIN1", Source.LEAD, "few_days", note="two",
                                                            referrer_id="ULEAD1"), "b"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    [case] = cases(svc)
    assert sorted(n.text for n in read_notes(svc.cipher, case).notes) == ["one", "two"]

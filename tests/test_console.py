"""The coordinators' console on the App Home: what it shows, paging, Assign (with and without
overriding a matching rule), Reassign and Close, each through signed requests into the app and read
back from what Slack was sent; and who may do them."""
from __future__ import annotations

import json

import pytest

from console_steps import (
    MAX_HOME_BLOCKS,
    audit_actions,
    buttons_of_block,
    console_cases,
    home_of,
    insert_cases,
    modal_from_home,
    on_home,
    option_labels,
    place_values,
    submit,
    text_of,
)
from flows import dms_to, load_roster, wait_for_dm
from follow_through_steps import (
    NOTE,
    OFFER_TEXT,
    ROSTER,
    accept,
    case_row,
    offer_dms,
    offers_of,
    refer,
    sent_offer,
    settle,
    updates_of,
    wait_update,
)

from bot.cases.vocabulary import CaseState

ONE_SUPPORTER = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,3
USUP3,Gale Supporter,supporter,faculty,General Surgery,3
UCLIN1,Alex Clinician,,faculty,General Surgery,2
UCLIN2,Bea Clinician,,faculty,General Surgery,2
ULEAD1,Lee Lead,lead,faculty,Trauma,0
"""


@pytest.fixture
def bot(start_bot):
    running = start_bot()
    load_roster(running.services, ROSTER)
    return running


def unplaced(bot, user="UCLIN1"):
    """A case nobody can take: the clinician asked to avoid both supporters."""
    case = refer(bot, user=user, avoid=("USUP1", "USUP2"), note=NOTE)
    settle(bot)
    assert case_row(bot, case.id).state == CaseState.UNPLACED
    return case


# ---- what the Home shows a coordinator -------------------------------------------------------------------


def test_a_coordinators_home_lists_cases_that_need_a_person_first_then_the_others_with_their_buttons(bot):
    waiting = unplaced(bot, "UCLIN1")
    held = refer(bot, user="UCLIN2", note=NOTE)
    accept(bot, held.id, sent_offer(bot, held.id).supporter_slack_id)
    offered = refer(bot, user="UCLIN3", note=NOTE)
    sent_offer(bot, offered.id)

    home = home_of(bot, "UCOORD1")
    text = text_of(home)
    assert console_cases(home) == [waiting.id, held.id, offered.id]  # the queue, then the others, oldest first
    assert "Cases that need a person* (1-1 of 1, oldest first)" in text
    assert "nobody left to match: needs placing" in text
    assert "Other open cases* (1-2 of 2, oldest first)" in text
    assert buttons_of_block(home, f"console.case.{waiting.id}") == [
        ("Assign", "console.assign", str(waiting.id)), ("Close", "console.close", str(waiting.id))]
    assert buttons_of_block(home, f"console.case.{held.id}") == [
        ("Reassign", "console.reassign", str(held.id)), ("Close", "console.close", str(held.id))]
    assert buttons_of_block(home, f"console.case.{offered.id}") == [
        ("Assign", "console.assign", str(offered.id)), ("Close", "console.close", str(offered.id))]
    assert offers_of(bot, offered.id)[-1].match_reason in text
    # The roster at a glance, Add person / Edit a person, and the report.
    assert "*Roster:* 2 supporters available, 0 away, 0 paused, 0 inactive." in text
    assert buttons_of_block(home, "console.report") == [("Send me the report", "report.send", "report")]
    assert {"roster.add", "roster.pick"} <= {e["action_id"] for b in home["blocks"] if b["type"] == "actions"
                                             for e in b["elements"]}
    # Numbers, states and ages: never the note, never who the clinicians are.
    assert NOTE not in text and "UCLIN" not in text


def test_someone_who_is_not_a_coordinator_gets_no_console(bot):
    refer(bot, user="UCLIN1", note=NOTE)
    for user in ("USUP1", "UCLIN1", "UNOBODY"):
        text = text_of(home_of(bot, user))
        assert "Cases that need a person" not in text and "console." not in text and "roster.add" not in text


def test_the_console_pages_long_lists_and_the_home_stays_within_slacks_block_limit(bot):
    queue = insert_cases(bot.services, 200, CaseState.UNPLACED)
    others = insert_cases(bot.services, 200, CaseState.NEW)
    home = home_of(bot, "UCOORD1")
    assert len(home["blocks"]) <= MAX_HOME_BLOCKS
    assert console_cases(home) == queue[:10] + others[:10]
    assert buttons_of_block(home, "console.more_queue") == [
        ("Show more (11-20 of 200)", "home.more_queue", "10")]

    home = on_home(bot, "UCOORD1", "home.more_queue", "10")
    assert len(home["blocks"]) <= MAX_HOME_BLOCKS
    assert console_cases(home) == queue[10:20] + others[:10]
    assert [label for label, _, _ in buttons_of_block(home, "console.more_queue")] == [
        "Show more (21-30 of 200)", "Back to the first"]
    home = on_home(bot, "UCOORD1", "home.more_others", "190")
    assert console_cases(home) == queue[:10] + others[190:]
    assert buttons_of_block(home, "console.more_others") == [("Back to the first", "home.more_others", "0")]
    # A page past the end (the list shrank meanwhile) shows the last one.
    home = on_home(bot, "UCOORD1", "home.more_queue", "5000")
    assert console_cases(home)[:10] == queue[190:]


# ---- Assign ---------------------------------------------------------------------------------------------


def test_the_assign_menu_says_for_each_supporter_whether_the_rules_allow_them_and_why_not(start_bot):
    bot = start_bot()
    load_roster(bot.services, ONE_SUPPORTER)
    case = refer(bot, user="UCLIN1", avoid=("USUP1",))  # USUP3 shares the clinician's division
    settle(bot)
    modal = modal_from_home(bot, "UCOORD1", "console.assign", str(case.id))
    assert modal["callback_id"] == "console.place"
    assert option_labels(modal, "console.supporter") == {
        "USUP3": "Gale Supporter · same division as the clinician",
        "USUP1": "Sam Supporter · the clinician asked not to be matched with them",
    }
    load_roster(bot.services, "slack_id,name,roles,cohort,division\nUSUP4,Kim Supporter,supporter,faculty,Urology\n")
    modal = modal_from_home(bot, "UCOORD1", "console.assign", str(case.id))
    assert option_labels(modal, "console.supporter")["USUP4"] == "Kim Supporter · best match · 0 open cases"


def test_assign_without_an_override_offers_the_case_to_the_chosen_supporter_and_records_why(start_bot):
    bot = start_bot()
    load_roster(bot.services, ONE_SUPPORTER)
    case = refer(bot, user="UCLIN1", avoid=("USUP1",))
    settle(bot)
    assert case_row(bot, case.id).state == CaseState.UNPLACED
    load_roster(bot.services, "slack_id,name,roles,cohort,division\nUSUP4,Kim Supporter,supporter,faculty,Urology\n")

    modal = modal_from_home(bot, "UCOORD1", "console.assign", str(case.id))
    answer = submit(bot, "UCOORD1", modal, place_values("USUP4", "nobody_free"))
    assert answer["response_action"] == "update" and "<@USUP4> has been offered" in json.dumps(answer["view"])
    sent_offer(bot, case.id, "USUP4")
    [offer] = offer_dms(bot, "USUP4")  # a normal offer DM, with Accept / Decline / Details
    assert f"Case {case.id}" in str(offer.params["blocks"])
    stored = case_row(bot, case.id)
    assert (stored.state, stored.unplaced_at) == (CaseState.OFFERED, None)
    assert offers_of(bot, case.id)[-1].match_reason == "chosen by a coordinator: nobody eligible was free"
    assert "case.assigned.nobody_free" in audit_actions(bot.services, case.id)
    assert not any(a.startswith("case.rule_overridden") for a in audit_actions(bot.services, case.id))
    # The case has left the queue; the Home was published again for the coordinator.
    home = home_of(bot, "UCOORD1")
    assert "Cases that need a person:* none right now." in text_of(home)


def test_assigning_someone_the_rules_leave_out_needs_the_confirmation_and_records_the_override(start_bot):
    bot = start_bot()
    load_roster(bot.services, ONE_SUPPORTER)
    case = refer(bot, user="UCLIN1", avoid=("USUP1",))
    settle(bot)
    modal = modal_from_home(bot, "UCOORD1", "console.assign", str(case.id))

    answer = submit(bot, "UCOORD1", modal, place_values("USUP3", "asked_for", confirm=False))
    assert answer == {"response_action": "errors", "errors": {"console.confirm": (
        "The matching rules leave them out: same division as the clinician. Tick the box to offer it to them "
        "anyway, or choose someone else.")}}
    assert case_row(bot, case.id).state == CaseState.UNPLACED and offer_dms(bot, "USUP3") == []

    answer = submit(bot, "UCOORD1", modal, place_values("USUP3", "asked_for", confirm=True))
    assert answer["response_action"] == "update"
    sent_offer(bot, case.id, "USUP3")
    assert offers_of(bot, case.id)[-1].match_reason == (
        "chosen by a coordinator: the colleague asked for this person; "
        "overriding a matching rule (same division as the clinician)")
    actions = audit_actions(bot.services, case.id)
    assert "case.assigned.asked_for" in actions and "case.rule_overridden.division" in actions


def test_assign_withdraws_the_open_offer_and_updates_its_message(bot):
    case = refer(bot, user="UCLIN1")
    first = sent_offer(bot, case.id, "USUP1")
    modal = modal_from_home(bot, "UCOORD1", "console.assign", str(case.id))
    assert submit(bot, "UCOORD1", modal, place_values("USUP2", "better_fit"))["response_action"] == "update"
    sent_offer(bot, case.id, "USUP2")
    wait_update(bot, first.dm_ts, "placed this request with someone else")
    assert [o.status for o in offers_of(bot, case.id)] == ["withdrawn", "open"]


def test_an_assign_form_left_incomplete_is_refused_field_by_field_and_changes_nothing(bot):
    case = unplaced(bot)
    modal = modal_from_home(bot, "UCOORD1", "console.assign", str(case.id))
    answer = submit(bot, "UCOORD1", modal, place_values(None, None))
    assert answer == {"response_action": "errors", "errors": {
        "console.supporter": "Please choose a supporter.", "console.reason": "Please choose why."}}
    answer = submit(bot, "UCOORD1", modal, place_values("UCLIN1", "other", confirm=True))  # not a supporter
    assert "console.supporter" in answer["errors"]
    assert case_row(bot, case.id).state == CaseState.UNPLACED


# ---- Reassign ------------------------------------------------------------------------------------------


def test_reassign_passes_a_held_case_to_another_supporter_and_tells_the_first_one_kindly(bot):
    case = refer(bot, user="UCLIN1", note=NOTE)
    accept_message = accept(bot, case.id, "USUP1")
    modal = modal_from_home(bot, "UCOORD1", "console.reassign", str(case.id))
    assert "USUP1" not in option_labels(modal, "console.supporter")  # not the one holding it
    assert "is with <@USUP1>" in text_of(modal)
    answer = submit(bot, "UCOORD1", modal, place_values("USUP2", "supporter_cannot_continue"))
    assert answer["response_action"] == "update"

    sent_offer(bot, case.id, "USUP2")
    [told] = wait_for_dm(bot.slack, "USUP1", "passed this case to another supporter")
    assert "UCLIN1" not in told.params["text"] + str(told.params["blocks"])
    stored = case_row(bot, case.id)
    assert (stored.state, stored.supporter_slack_id, stored.accepted_at) == (CaseState.OFFERED, None, None)
    assert [o.status for o in offers_of(bot, case.id)] == ["handed_off", "open"]
    assert "case.reassigned.supporter_cannot_continue" in audit_actions(bot.services, case.id)
    # The first supporter's buttons no longer move the case.
    before = len(updates_of(bot, accept_message.params["ts"]))
    assert bot.send.click("USUP1", "case.contacted", str(case.id), message_ts=accept_message.params["ts"],
                          block_id="case.actions").status == 200
    bot.slack.wait_for("chat.postEphemeral", where=lambda c: c.params["user"] == "USUP1")
    assert len(updates_of(bot, accept_message.params["ts"])) == before
    assert case_row(bot, case.id).state == CaseState.OFFERED


# ---- Close ---------------------------------------------------------------------------------------------


def test_close_ends_an_offered_case_withdraws_its_offer_and_deletes_the_note(bot):
    case = refer(bot, user="UCLIN1", note=NOTE)
    offer = sent_offer(bot, case.id, "USUP1")
    modal = modal_from_home(bot, "UCOORD1", "console.close", str(case.id))
    assert modal["callback_id"] == "console.close_outcome"
    answer = submit(bot, "UCOORD1", modal, {"case.outcome": {"outcome": {
        "type": "radio_buttons", "selected_option": {"value": "referred_out"}}}})
    assert answer == {}
    stored = case_row(bot, case.id)
    assert (stored.state, stored.outcome, stored.note_ciphertext) == (CaseState.CLOSED, "referred_out", None)
    wait_update(bot, offer.dm_ts, "placed this request with someone else")
    assert "case.closed.referred_out" in audit_actions(bot.services, case.id)
    assert console_cases(home_of(bot, "UCOORD1")) == []


def test_close_of_a_held_case_tells_the_supporter_and_stops_their_reminders(bot):
    case = refer(bot, user="UCLIN1")
    accept(bot, case.id, "USUP1")
    modal = modal_from_home(bot, "UCOORD1", "console.close", str(case.id))
    submit(bot, "UCOORD1", modal, {"case.outcome": {"outcome": {
        "type": "radio_buttons", "selected_option": {"value": "closed_by_coordinator"}}}})
    wait_for_dm(bot.slack, "USUP1", "closed this case")
    assert case_row(bot, case.id).outcome == "closed_by_coordinator"
    from follow_through_steps import advance
    from datetime import timedelta
    advance(bot, timedelta(days=3))
    assert dms_to(bot.slack, "USUP1", "Have you been able to connect") == []


def test_close_without_an_outcome_is_refused_and_changes_nothing(bot):
    case = unplaced(bot)
    modal = modal_from_home(bot, "UCOORD1", "console.close", str(case.id))
    answer = submit(bot, "UCOORD1", modal, {"case.outcome": {"outcome": {"type": "radio_buttons",
                                                                         "selected_option": None}}})
    assert answer == {"response_action": "errors", "errors": {"case.outcome": "Please choose an outcome."}}
    assert case_row(bot, case.id).state == CaseState.UNPLACED


# ---- only coordinators -----------------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["USUP1", "UCLIN2", "UNOBODY"])
def test_nobody_but_a_coordinator_can_open_or_submit_the_console_forms(bot, user):
    case = unplaced(bot)
    for action in ("console.assign", "console.close"):
        modal = modal_from_home(bot, user, action, str(case.id))
        assert "callback_id" not in modal and "moved on" in text_of(modal)
    # A forged submission of the coordinator's own form.
    form = modal_from_home(bot, "UCOORD1", "console.assign", str(case.id))
    answer = submit(bot, user, form, place_values("USUP1", "other", confirm=True))
    assert answer["response_action"] == "update" and "Only program coordinators" in json.dumps(answer["view"])
    form = modal_from_home(bot, "UCOORD1", "console.close", str(case.id))
    answer = submit(bot, user, form, {"case.outcome": {"outcome": {
        "type": "radio_buttons", "selected_option": {"value": "closed_by_coordinator"}}}})
    assert "Only program coordinators" in json.dumps(answer["view"])
    assert case_row(bot, case.id).state == CaseState.UNPLACED
    assert dms_to(bot.slack, "USUP1", OFFER_TEXT) == []


def test_a_button_for_a_case_that_has_moved_on_says_so(bot):
    case = refer(bot, user="UCLIN1")
    accept(bot, case.id, "USUP1")
    modal = modal_from_home(bot, "UCOORD1", "console.close", str(case.id))
    submit(bot, "UCOORD1", modal, {"case.outcome": {"outcome": {
        "type": "radio_buttons", "selected_option": {"value": "talked"}}}})
    for action in ("console.assign", "console.reassign", "console.close"):
        modal = modal_from_home(bot, "UCOORD1", action, str(case.id))
        assert "moved on" in text_of(modal)

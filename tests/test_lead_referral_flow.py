"""Leads and coordinators refer a colleague privately; the colleague never learns who raised it."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import text
from flows import (
    button_value,
    cases,
    dms_to,
    eventually,
    load_roster,
    offers,
    refer_self,
    view_shown_after,
    wait_for_dm,
)

from bot.slack.ids import ShortcutId

ROSTER = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
ULEAD1,Lee Lead,lead,faculty,Surgery,0
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,2
USUP2,Pat Supporter,supporter,faculty,Trauma,2
UZLEADSUP,Lou Lead-Supporter,lead;supporter,faculty,Vascular,2
UCLIN1,Alex Clinician,,faculty,General Surgery,2
"""


@pytest.fixture
def bot(start_bot):
    running = start_bot()
    load_roster(running.services, ROSTER)
    running.slack.add_user("UCLIN1")
    running.slack.add_user("UCLIN2")
    running.slack.add_user("UBOTTY", is_bot=True)
    running.slack.add_user("UGONE", deleted=True)
    return running


def lead_values(colleague="UCLIN1", urgency="few_days", event="patient_death", note=None, may_name=False):
    return {
        "referral.who": {"colleague": {"type": "users_select", "selected_user": colleague}},
        "referral.event_type": {"event_type": {"type": "static_select",
                                               "selected_option": {"value": event} if event else None}},
        "referral.urgency": {"urgency": {"type": "radio_buttons", "selected_option": {"value": urgency}}},
        "referral.note": {"note": {"type": "plain_text_input", "value": note}},
        "referral.may_name": {"may_name": {"type": "checkboxes",
                                           "selected_options": [{"value": "yes"}] if may_name else []}},
    }


def open_lead_form(bot, lead="ULEAD1", how="shortcut", colleague=None):
    """The form (or notice) a lead ends on, after the "one moment" modal that opens at once."""
    if how == "shortcut":
        return view_shown_after(bot, lambda: bot.send.shortcut(lead, ShortcutId.REFER_COLLEAGUE))
    if how == "message":
        return view_shown_after(bot, lambda: bot.send.message_shortcut(
            lead, ShortcutId.REFER_FROM_MESSAGE, {"user": colleague, "text": "hi"}))
    return view_shown_after(bot, lambda: bot.send.command(
        lead, f"refer <@{colleague}|someone>" if colleague else "refer"))


def refer(bot, lead="ULEAD1", **values) -> dict:
    """Open the form, submit it, and return the confirmation the modal was updated to."""
    view = open_lead_form(bot, lead)
    before = len(bot.slack.calls_to("views.update"))
    reply = bot.send.submit(lead, view, lead_values(**values))
    assert reply.status == 200
    return bot.slack.wait_for("views.update", count=before + 1)[-1].params["view"]


# ---- the three entry points open the same form ----------------------------------------------


@pytest.mark.parametrize("how", ["shortcut", "message", "command"])
def test_every_entry_point_opens_the_same_private_form(bot, how):
    view = open_lead_form(bot, how=how, colleague="UCLIN1")
    assert view["callback_id"] == "referral.lead"
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert {"referral.who", "referral.event_type", "referral.urgency", "referral.note", "referral.may_name"} <= set(blocks)
    assert "identifiers" in blocks["referral.note"]["hint"]["text"]
    assert not blocks["referral.may_name"]["element"].get("initial_options")  # default: not named
    if how != "shortcut":
        assert blocks["referral.who"]["element"]["initial_user"] == "UCLIN1"


def test_a_coordinator_may_refer_too(bot):
    view = open_lead_form(bot, lead="UCOORD1")
    assert view["callback_id"] == "referral.lead"


@contextmanager
def database_held(db):
    """Every query the bot makes waits until this block ends (SQLite: another writer holds the
    database; PostgreSQL: the roster's tables are locked)."""
    with db.engine.connect() as conn:
        with conn.begin():
            if db.dialect == "postgresql":
                conn.execute(text("LOCK TABLE people, person_roles IN ACCESS EXCLUSIVE MODE"))
            yield


@pytest.mark.parametrize("how", ["shortcut", "message", "command"])
def test_the_form_opens_before_any_database_query_or_call_to_slack(bot, how):
    send = {
        "shortcut": lambda: bot.send.shortcut("ULEAD1", ShortcutId.REFER_COLLEAGUE),
        "message": lambda: bot.send.message_shortcut("ULEAD1", ShortcutId.REFER_FROM_MESSAGE,
                                                     {"user": "UCLIN1", "text": "hi"}),
        "command": lambda: bot.send.command("ULEAD1", "refer <@UCLIN1|alex>"),
    }[how]
    with database_held(bot.services.db):
        assert send().status == 200
        [opening] = bot.slack.wait_for("views.open")
        assert "One moment" in str(opening.params["view"])
        assert bot.slack.calls_to("views.update") == [] and bot.slack.calls_to("users.info") == []
    [form] = bot.slack.wait_for("views.update")
    assert form.params["view"]["callback_id"] == "referral.lead"


# ---- the role check ----------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["shortcut", "message", "command"])
def test_someone_without_the_role_gets_a_kind_explanation(bot, how):
    view = open_lead_form(bot, lead="USUP1", how=how, colleague="UCLIN1")
    assert view.get("callback_id") != "referral.lead"
    text = str(view["blocks"])
    assert "program coordinator" in text and "<@UCOORD1>" in text and "/peer-support" in text
    assert cases(bot.services) == []


def test_the_service_refuses_a_submission_from_someone_without_the_role(bot):
    # A forged or stale form: the check is in the service, not only in which form opens.
    reply = bot.send.submit("USUP1", {"callback_id": "referral.lead", "type": "modal"}, lead_values())
    assert reply.status == 200
    bot.slack.wait_for("views.update")
    assert cases(bot.services) == []


# ---- a lead referral runs matching and the offer flow -----------------------------------------------


def test_a_lead_referral_is_offered_to_a_supporter_and_the_referrer_is_never_matched(bot):
    refer(bot, lead="UZLEADSUP")
    dm = wait_for_dm(bot.slack, "USUP1", "peer conversation")[0]
    [case] = cases(bot.services)
    assert (case.source, case.referrer_slack_id, case.clinician_slack_id) == ("lead", "UZLEADSUP", "UCLIN1")
    assert dms_to(bot.slack, "UZLEADSUP") == []
    text = str(dm.params["blocks"])
    assert "A colleague asked us to check on <@UCLIN1>" in text
    assert "reach out personally" in text


def test_the_bot_never_messages_the_referred_clinician(bot):
    refer(bot)
    dm = wait_for_dm(bot.slack, "USUP1", "peer conversation")[0]
    ts = eventually(lambda: offers(bot.services)[0].dm_ts)
    bot.send.click("USUP1", "offer.accept", button_value(dm, "offer.accept"), channel="DUSUP1", message_ts=ts)
    bot.slack.wait_for("chat.update")
    bot.clock.advance(timedelta(days=2))
    bot.run_due_work()
    assert dms_to(bot.slack, "UCLIN1") == []


def test_the_referrer_gets_a_private_confirmation_that_names_no_supporter(bot):
    confirmation = refer(bot)
    text = str(confirmation)
    assert "A trained peer supporter will reach out" in text
    assert "USUP" not in text
    assert dms_to(bot.slack, "ULEAD1") == []  # confirmation in the modal, not in DM history


# ---- anonymity in everything the supporter sees -------------------------------------------------------


def supporter_sees(bot, supporter="USUP1"):
    """Offer, reminder, Details and the accept message: everything a supporter is shown."""
    dm = wait_for_dm(bot.slack, supporter, "peer conversation")[0]
    bot.clock.advance(timedelta(hours=2))
    bot.run_due_work()
    wait_for_dm(bot.slack, supporter, "reminder")
    ts = eventually(lambda: offers(bot.services)[0].dm_ts)
    value = button_value(dm, "offer.details")
    bot.send.click(supporter, "offer.details", value, channel=f"D{supporter}", message_ts=ts)
    details = bot.slack.wait_for("views.open", count=2)[-1].params["view"]
    bot.send.click(supporter, "offer.accept", value, channel=f"D{supporter}", message_ts=ts)
    accepted = bot.slack.wait_for("chat.update")
    shown = [c.params for c in dms_to(bot.slack, supporter)] + [details] + [c.params for c in accepted]
    return str(shown)


def test_the_referrer_is_never_named_to_the_supporter_unless_they_allowed_it(bot):
    refer(bot, may_name=False)
    shown = supporter_sees(bot)
    assert "ULEAD1" not in shown
    assert "please don't say who raised it" in shown


def test_the_referrer_is_named_in_every_supporter_message_when_they_allowed_it(bot):
    refer(bot, may_name=True)
    dm = wait_for_dm(bot.slack, "USUP1", "peer conversation")[0]
    assert "<@ULEAD1>" in str(dm.params["blocks"])
    shown = supporter_sees(bot)
    assert shown.count("<@ULEAD1>") >= 4  # offer, reminder, Details, accept


# ---- someone already being looked after ----------------------------------------------------------------


def test_referring_someone_with_an_open_case_joins_it_without_a_second_offer(bot):
    refer_self(bot, user="UCLIN1")
    wait_for_dm(bot.slack, "USUP1", "peer conversation")
    confirmation = refer(bot, lead="ULEAD1")
    assert "already being looked after" in str(confirmation)
    bot.run_due_work()
    assert len(cases(bot.services)) == 1
    assert len(offers(bot.services)) == 1
    assert dms_to(bot.slack, "USUP2") == []


def test_a_second_lead_referral_joins_the_first(bot):
    refer(bot, lead="ULEAD1")
    assert "already being looked after" in str(refer(bot, lead="UCOORD1"))
    assert len(cases(bot.services)) == 1
    assert len(offers(bot.services)) == 1


# ---- bad targets ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("colleague, words", [
    ("ULEAD1", "can't refer yourself"),
    ("UBOTTY", "app, not a person"),
    ("UGONE", "deactivated"),
])
def test_a_bad_colleague_picked_in_the_form_is_a_field_error(bot, colleague, words):
    view = open_lead_form(bot)
    reply = bot.send.submit("ULEAD1", view, lead_values(colleague=colleague))
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert words in answer["errors"]["referral.who"]
    assert cases(bot.services) == []


@pytest.mark.parametrize("colleague, words", [
    ("ULEAD1", "can't refer yourself"),
    ("UBOTTY", "app, not a person"),
    ("UGONE", "deactivated"),
])
def test_a_bad_colleague_from_a_mention_is_told_privately_at_once(bot, colleague, words):
    view = open_lead_form(bot, how="command", colleague=colleague)
    assert view.get("callback_id") != "referral.lead"
    assert words in str(view["blocks"])
    assert cases(bot.services) == []


@pytest.mark.parametrize("message, words", [
    ({"user": "ULEAD1"}, "can't refer yourself"),
    ({"user": "UBOTTY"}, "app, not a person"),
    ({"user": "UGONE"}, "deactivated"),
    ({"bot_id": "B123", "username": "deploybot"}, "app, not a person"),
])
def test_a_bad_colleague_from_a_message_is_told_privately_at_once(bot, message, words):
    view = view_shown_after(bot, lambda: bot.send.message_shortcut("ULEAD1", ShortcutId.REFER_FROM_MESSAGE, message))
    assert view.get("callback_id") != "referral.lead"
    assert words in str(view["blocks"])
    assert cases(bot.services) == []


def test_a_mention_that_is_not_a_mention_gets_help(bot):
    bot.send.command("ULEAD1", "refer alex")
    [answer] = bot.slack.wait_for("response_url")
    assert "@-mention" in answer.params["text"]
    bot.slack.assert_no_call("views.open")


def test_a_slow_slack_does_not_hold_up_the_answer_to_the_form(bot):
    view = open_lead_form(bot)
    gate = bot.slack.hold("users.info", token="xoxb-test", after=0)
    try:
        reply = bot.send.submit("ULEAD1", view, lead_values())
        # Answered while Slack still sits on users.info: the check gave way to the 3-second deadline.
        assert reply.status == 200 and not gate.released.is_set()
        assert gate.reached.is_set()
    finally:
        gate.released.set()
    wait_for_dm(bot.slack, "USUP1", "peer conversation")
    assert len(cases(bot.services)) == 1

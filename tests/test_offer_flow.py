"""Steps 4-7: the offer DM, Accept, Decline, Details, timeouts, reminders, nobody left,
and clicks on offers that are no longer open."""
from __future__ import annotations

from datetime import timedelta

from flows import button_value, cases, dms_to, eventually, load_roster, offers, refer_self, wait_for_dm

DECLINE_VALUES = {"decline.reason": {"reason": {"type": "radio_buttons", "selected_option": {"value": "unavailable"}}}}


def offered(bot, supporter="USUP1", **referral):
    """Refer UCLIN1 and return the offer DM that reached `supporter`, once the bot has recorded it sent
    (until then a test that moves the clock races the send's last step: the offer's deadline would
    have passed when it is recorded, and the DM would never be remembered)."""
    load_roster(bot.services)
    refer_self(bot, **referral)
    dm = wait_for_dm(bot.slack, supporter, "peer conversation")[0]
    _ts_of(bot, dm)
    return dm



def _ts_of(bot, call):
    """The ts Slack gave the offer DM, once the bot has recorded it."""
    offer_id = button_value(call, "offer.accept")
    return eventually(lambda: next((o.dm_ts for o in offers(bot.services) if str(o.id) == offer_id), None))


def press(bot, user, call, action_id):
    return bot.send.click(user, action_id, button_value(call, action_id), channel=f"D{user}",
                          message_ts=_ts_of(bot, call))


def updates_of(bot, ts):
    return [c for c in bot.slack.calls_to("chat.update") if c.params["ts"] == ts]


def wait_update(bot, ts, text_contains, count=1):
    return bot.slack.wait_for("chat.update", count=count,
                              where=lambda c: c.params["ts"] == ts and text_contains in c.params["text"])


def button_labels(call) -> list[str]:
    return [e["text"]["text"] for b in call.params.get("blocks") or [] if b.get("type") == "actions"
            for e in b["elements"]]


def no_buttons(call) -> bool:
    return not any(block.get("type") == "actions" for block in call.params.get("blocks") or [])


# ---- the offer DM has the three buttons --------------------------------------------------


def test_offer_dm_has_accept_decline_and_details(bot):
    dm = offered(bot)
    labels = [e["text"]["text"] for b in dm.params["blocks"] if b.get("type") == "actions" for e in b["elements"]]
    assert labels == ["Accept", "Decline", "Details", "I'm worried about their safety"]


# ---- Details -----------------------------------------------------------------------------


def test_details_opens_a_modal_with_the_event_type_and_note(bot):
    dm = offered(bot, note="Rough week after a bleed in theatre.")
    assert press(bot, "USUP1", dm, "offer.details").status == 200
    modal = bot.slack.wait_for("views.open", count=2)[-1].params["view"]
    text = str(modal["blocks"])
    assert "Unexpected complication" in text and "Rough week after a bleed" in text
    # Shown in a modal only: no message carries the note.
    assert not [c for c in bot.slack.calls_to("chat.postMessage") if "bleed" in str(c.params)]


def test_a_note_is_shown_as_typed_never_as_a_mention_or_a_link(bot):
    dm = offered(bot, note="Tell <!channel> & <@USUP2> <https://evil.example|the form>")
    press(bot, "USUP1", dm, "offer.details")
    modal = bot.slack.wait_for("views.open", count=2)[-1].params["view"]
    [note] = [b["text"]["text"] for b in modal["blocks"] if "Their note" in str(b)]
    assert "&lt;!channel&gt; &amp; &lt;@USUP2&gt; &lt;https://evil.example|the form&gt;" in note
    assert "<!channel>" not in note and "<@USUP2>" not in note and "<https:" not in note


def test_details_for_someone_else_reveals_nothing(bot):
    dm = offered(bot, note="Rough week.")
    bot.send.click("USUP2", "offer.details", button_value(dm, "offer.details"), channel="DUSUP2")
    ephemeral = bot.slack.wait_for("chat.postEphemeral")[0]
    assert ephemeral.params["user"] == "USUP2" and "no longer open" in ephemeral.params["text"]
    assert len(bot.slack.calls_to("views.open")) == 1  # only the self-referral form


# ---- Accept ------------------------------------------------------------------------------


def test_accept_gives_the_case_to_the_supporter_and_tells_the_clinician_once(bot):
    dm = offered(bot, contact="phone")
    ts = _ts_of(bot, dm)
    assert press(bot, "USUP1", dm, "offer.accept").status == 200
    [update] = wait_update(bot, ts, "Thank you for accepting")
    # Accept and Decline are gone; what is left is for the supporter holding the case.
    assert button_labels(update) == ["We've connected", "Details", "Close case", "I'm worried about their safety"]
    assert "reach out to <@UCLIN1> personally" in str(update.params["blocks"])
    assert "phone call" in str(update.params["blocks"])
    bot.slack.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "UCLIN1"
                       and "will reach out" in c.params["text"])
    [case] = cases(bot.services)
    assert (case.state, case.supporter_slack_id) == ("accepted", "USUP1")
    bot.run_due_work()
    assert len(dms_to(bot.slack, "UCLIN1", "will reach out")) == 1


def test_accept_cancels_the_reminder_and_the_timeout(bot):
    dm = offered(bot)
    press(bot, "USUP1", dm, "offer.accept")
    wait_update(bot, _ts_of(bot, dm), "Thank you for accepting")
    bot.clock.advance(timedelta(hours=5))
    bot.run_due_work()
    assert dms_to(bot.slack, "USUP1", "reminder") == []
    assert dms_to(bot.slack, "USUP2") == []
    assert cases(bot.services)[0].state == "accepted"


# ---- Decline -----------------------------------------------------------------------------


def test_decline_opens_a_reason_modal_and_submitting_it_passes_the_offer_on(bot):
    dm = offered(bot)
    ts = _ts_of(bot, dm)
    press(bot, "USUP1", dm, "offer.decline")
    modal = bot.slack.wait_for("views.open", count=2)[-1].params["view"]
    assert modal["callback_id"] == "offer.decline_reason"
    reasons = [o["value"] for b in modal["blocks"] if b.get("type") == "input" for o in b["element"]["options"]]
    assert reasons == ["conflict", "unavailable", "other"]
    assert bot.send.submit("USUP1", modal, DECLINE_VALUES).status == 200
    [update] = wait_update(bot, ts, "passed this request on")
    assert no_buttons(update)
    wait_for_dm(bot.slack, "USUP2", "peer conversation")
    first = offers(bot.services)[0]
    assert (first.status, first.decline_reason) == ("declined", "unavailable")
    # The clinician is never told about declines.
    assert dms_to(bot.slack, "UCLIN1", "pass") == []
    assert len(dms_to(bot.slack, "UCLIN1")) == 1  # only the welcome


def test_closing_the_decline_modal_leaves_the_offer_open(bot):
    dm = offered(bot)
    press(bot, "USUP1", dm, "offer.decline")
    bot.slack.wait_for("views.open", count=2)
    # Closing a modal sends Slack nothing the app handles (no notify_on_close): nothing changes.
    assert [o.status for o in offers(bot.services)] == ["open"]
    press(bot, "USUP1", dm, "offer.accept")
    wait_update(bot, _ts_of(bot, dm), "Thank you for accepting")


def test_decline_without_a_reason_is_a_field_error(bot):
    dm = offered(bot)
    press(bot, "USUP1", dm, "offer.decline")
    modal = bot.slack.wait_for("views.open", count=2)[-1].params["view"]
    reply = bot.send.submit("USUP1", modal, {"decline.reason": {"reason": {"selected_option": None}}})
    assert reply.json()["response_action"] == "errors"
    assert [o.status for o in offers(bot.services)] == ["open"]


# ---- silence: reminder, timeout ------------------------------------------------------------


def test_no_answer_gets_one_reminder_at_half_time_then_passes_on_at_the_timeout(bot):
    dm = offered(bot)
    ts = _ts_of(bot, dm)
    bot.clock.advance(timedelta(hours=2))
    bot.run_due_work()
    [reminder] = dms_to(bot.slack, "USUP1", "reminder")
    assert button_value(reminder, "offer.accept") == button_value(dm, "offer.accept")
    bot.run_due_work()
    assert len(dms_to(bot.slack, "USUP1", "reminder")) == 1
    bot.clock.advance(timedelta(hours=2))
    bot.run_due_work()
    [update] = wait_update(bot, ts, "passed on to another supporter")
    assert no_buttons(update)
    wait_for_dm(bot.slack, "USUP2", "peer conversation")
    assert offers(bot.services)[0].status == "expired"


def test_urgent_cases_use_the_urgent_timeout(bot):
    offered(bot, urgency="today")
    bot.clock.advance(timedelta(minutes=59))
    bot.run_due_work()
    assert dms_to(bot.slack, "USUP2") == []
    bot.clock.advance(timedelta(minutes=1))
    bot.run_due_work()
    wait_for_dm(bot.slack, "USUP2", "peer conversation")


def test_settings_change_the_timeout_and_reminder(start_bot):
    bot = start_bot(offer_timeout=timedelta(seconds=30), offer_reminder=timedelta(seconds=5))
    offered(bot)
    bot.clock.advance(timedelta(seconds=5))
    bot.run_due_work()
    assert len(dms_to(bot.slack, "USUP1", "reminder")) == 1
    bot.clock.advance(timedelta(seconds=25))
    bot.run_due_work()
    wait_for_dm(bot.slack, "USUP2", "peer conversation")


def test_a_reminder_whose_offer_passed_on_is_dropped_not_sent_late(bot):
    dm = offered(bot)
    bot.clock.advance(timedelta(hours=5))  # past the reminder and the timeout, as after downtime
    bot.run_due_work()
    assert dms_to(bot.slack, "USUP1", "reminder") == []
    wait_for_dm(bot.slack, "USUP2", "peer conversation")


# ---- nobody left ---------------------------------------------------------------------------


def test_when_nobody_is_left_every_coordinator_is_asked_to_place_the_case(bot):
    dm = offered(bot)
    press(bot, "USUP1", dm, "offer.decline")
    modal = bot.slack.wait_for("views.open", count=2)[-1].params["view"]
    bot.send.submit("USUP1", modal, DECLINE_VALUES)
    second = wait_for_dm(bot.slack, "USUP2", "peer conversation")[0]
    bot.clock.advance(timedelta(hours=4))
    bot.run_due_work()
    [note] = wait_for_dm(bot.slack, "UCOORD1", "needs someone to place it")
    assert "bleed" not in str(note.params) and "UCLIN1" not in str(note.params)
    assert cases(bot.services)[0].state == "unplaced"
    assert dms_to(bot.slack, "UCLIN1", "pass") == []


# ---- no longer open --------------------------------------------------------------------------


def test_a_click_on_an_offer_that_passed_on_changes_nothing_and_says_so_privately(bot):
    dm = offered(bot)
    bot.clock.advance(timedelta(hours=4))
    bot.run_due_work()
    wait_for_dm(bot.slack, "USUP2", "peer conversation")
    for action in ("offer.accept", "offer.decline", "offer.details"):
        press(bot, "USUP1", dm, action)
    ephemerals = bot.slack.wait_for("chat.postEphemeral", count=3)
    assert all(e.params["user"] == "USUP1" and "no longer open" in e.params["text"] for e in ephemerals)
    assert [o.status for o in offers(bot.services)] == ["expired", "open"]
    assert len(bot.slack.calls_to("views.open")) == 1  # only the self-referral form


def test_a_second_accept_is_no_longer_open(bot):
    dm = offered(bot)
    press(bot, "USUP1", dm, "offer.accept")
    wait_update(bot, _ts_of(bot, dm), "Thank you for accepting")
    press(bot, "USUP1", dm, "offer.accept")
    assert "no longer open" in bot.slack.wait_for("chat.postEphemeral")[0].params["text"]
    assert len(dms_to(bot.slack, "UCLIN1", "will reach out")) <= 1
    bot.run_due_work()
    assert len(dms_to(bot.slack, "UCLIN1", "will reach out")) == 1


def test_a_forged_button_value_is_no_longer_open(bot):
    offered(bot)
    bot.send.click("USUP1", "offer.accept", "not-a-number")
    assert "no longer open" in bot.slack.wait_for("chat.postEphemeral")[0].params["text"]
    assert cases(bot.services)[0].state == "offered"

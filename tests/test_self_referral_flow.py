"""Step 1-2: /peer-support opens a private form; submitting it stores a case, tells the
clinician what happens next, and offers the case to a supporter within seconds."""
from __future__ import annotations

from flows import (
    cases,
    dms_to,
    load_roster,
    offers,
    open_self_referral,
    refer_self,
    self_referral_values,
    wait_for_dm,
)


def test_command_opens_the_self_referral_modal(bot):
    view = open_self_referral(bot)
    assert view["callback_id"] == "referral.self"
    block_ids = {block.get("block_id") for block in view["blocks"]}
    assert {"referral.event_type", "referral.urgency", "referral.contact", "referral.avoid",
            "referral.note"} <= block_ids
    note = next(b for b in view["blocks"] if b.get("block_id") == "referral.note")
    assert "identifiers" in note["hint"]["text"]
    event = next(b for b in view["blocks"] if b.get("block_id") == "referral.event_type")
    assert event["optional"] is True
    assert [o["value"] for o in event["element"]["options"]] == [
        "complication", "patient_death", "adverse_event", "litigation", "other"]


def test_help_is_a_private_reply_and_opens_nothing(bot):
    reply = bot.send.command("UCLIN1", "help")
    assert reply.status == 200
    body = reply.json()
    assert "not counselling" in body["text"]
    assert body.get("response_type", "ephemeral") == "ephemeral"
    bot.slack.assert_no_call("views.open")


def test_unknown_subcommand_explains_privately(bot):
    reply = bot.send.command("UCLIN1", "frobnicate")
    assert reply.status == 200
    assert "don't know" in reply.json()["text"]
    bot.slack.assert_no_call("views.open")


def test_submission_stores_a_case_and_offers_it_to_a_supporter(bot):
    load_roster(bot.services)
    refer_self(bot, urgency="today", contact="phone", note="Rough week after a bleed in theatre.")
    offer_dm = wait_for_dm(bot.slack, "USUP1", "peer conversation")[0]
    [case] = cases(bot.services)
    assert case.clinician_slack_id == "UCLIN1"
    assert case.state == "offered"
    assert case.urgency == "today"
    assert case.note_ciphertext and b"bleed" not in case.note_ciphertext
    # The offer names the clinician, the urgency and the contact preference ...
    text = str(offer_dm.params["blocks"])
    assert "<@UCLIN1>" in text and "Today" in text and "phone call" in text
    # ... but never the event type or the note, which stay in a modal.
    assert "bleed" not in text and "complication" not in text.lower()
    [offer] = offers(bot.services)
    assert offer.match_reason


def test_clinician_is_told_what_happens_next_with_the_resources(bot):
    load_roster(bot.services)
    refer_self(bot)
    [welcome] = wait_for_dm(bot.slack, "UCLIN1", "Thank you for reaching out")
    text = str(welcome.params["blocks"])
    assert "will contact you" in text
    assert "Employee Assistance Program" in text
    assert "not counselling" in text


def test_field_errors_come_back_on_the_form_and_store_nothing(bot):
    load_roster(bot.services)
    view = open_self_referral(bot)
    reply = bot.send.submit("UCLIN1", view, self_referral_values(note="Patient MRN 12345678 died."))
    assert reply.status == 200
    answer = reply.json()
    assert answer["response_action"] == "errors"
    assert "referral.note" in answer["errors"]
    assert cases(bot.services) == []


def test_missing_urgency_is_a_field_error(bot):
    view = open_self_referral(bot)
    reply = bot.send.submit("UCLIN1", view, self_referral_values(urgency=None))
    assert reply.json()["errors"].keys() == {"referral.urgency"}
    assert cases(bot.services) == []


def test_people_the_clinician_asked_to_avoid_are_never_offered(bot):
    load_roster(bot.services)
    refer_self(bot, avoid=["USUP1"])
    wait_for_dm(bot.slack, "USUP2", "peer conversation")
    assert dms_to(bot.slack, "USUP1") == []


def test_nothing_about_a_case_goes_to_a_channel(bot):
    load_roster(bot.services)
    refer_self(bot)
    wait_for_dm(bot.slack, "USUP1", "peer conversation")
    wait_for_dm(bot.slack, "UCLIN1", "Thank you")
    for call in bot.slack.calls_to("chat.postMessage"):
        assert call.params["channel"].startswith(("U", "D")), call.params["channel"]

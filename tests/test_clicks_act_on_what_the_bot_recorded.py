"""Issue 9: a click acts only on what the bot itself recorded. It updates only a message the bot
sent to the person clicking (never a channel or ts taken from the payload), ids are ASCII digits
or nothing, and private_metadata carries no authority."""
from __future__ import annotations

import pytest

from bot.roster.availability import note_expired
from flows import button_value, eventually, load_roster, offers, refer_self, wait_for_dm


def offered(bot):
    load_roster(bot.services)
    refer_self(bot)
    dm = wait_for_dm(bot.slack, "USUP1", "peer conversation")[0]
    eventually(lambda: offers(bot.services)[0].dm_ts)
    return dm


def pause(bot, supporter: str):
    with bot.services.db.session() as session:
        for _ in range(3):
            note_expired(session, supporter, bot.clock.now())
    bot.run_due_work()
    return wait_for_dm(bot.slack, supporter, "paused new requests")[0]


def test_resume_from_someone_else_aimed_at_a_paused_supporters_dm_changes_nothing(bot):
    load_roster(bot.services)
    paused = pause(bot, "USUP1")
    where = dict(channel=paused.answer["channel"], message_ts=paused.answer["ts"])
    reply = bot.send.click("USUP2", "supporter.resume", "resume", block_id="supporter.actions", **where)
    assert reply.status == 200
    bot.run_due_work()
    assert bot.slack.calls_to("chat.update") == []  # the Resume DM keeps its button
    with bot.services.db.session() as session:
        from bot.roster.people import person_by_slack_id

        assert person_by_slack_id(session, "USUP1").paused_until is not None  # still paused
    # The supporter themselves may: their own DM is updated and they are matched again.
    bot.send.click("USUP1", "supporter.resume", "resume", block_id="supporter.actions", **where)
    [update] = bot.slack.wait_for("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (paused.answer["channel"], paused.answer["ts"])


def test_an_accept_updates_the_stored_offer_dm_never_the_message_a_payload_names(bot):
    dm = offered(bot)
    [offer] = offers(bot.services)
    # A forged container: somebody else's message in a channel.
    reply = bot.send.click("USUP1", "offer.accept", button_value(dm, "offer.accept"),
                           channel="C0GENERAL", message_ts="1600000000.000100")
    assert reply.status == 200
    [update] = bot.slack.wait_for("chat.update")
    assert (update.params["channel"], update.params["ts"]) == (offer.dm_channel, offer.dm_ts)
    assert bot.slack.calls_to("chat.update", ) == [update]


def test_a_click_on_a_case_button_from_someone_who_does_not_hold_it_updates_nothing(bot):
    dm = offered(bot)
    [offer] = offers(bot.services)
    bot.send.click("USUP1", "offer.accept", button_value(dm, "offer.accept"), channel=offer.dm_channel,
                   message_ts=offer.dm_ts)
    bot.slack.wait_for("chat.update")
    # USUP2 presses the holder's "We've connected", aimed at the holder's DM.
    bot.send.click("USUP2", "case.contacted", str(offer.case_id), channel=offer.dm_channel, message_ts=offer.dm_ts)
    [ephemeral] = bot.slack.wait_for("chat.postEphemeral")
    assert ephemeral.params["user"] == "USUP2"
    assert len(bot.slack.calls_to("chat.update")) == 1  # only the Accept


@pytest.mark.parametrize("value", ["١", "²", "1٢", "0x1", "1e3", " 1", "1 ", "+1", "-1", "", "1" * 13])
def test_an_id_that_is_not_plain_ascii_digits_is_no_longer_open(bot, value):
    offered(bot)
    [offer] = offers(bot.services)
    assert offer.id == 1  # so that a loose reading of "١" or "²" would find it
    bot.send.click("USUP1", "offer.accept", value, channel=offer.dm_channel, message_ts=offer.dm_ts)
    [ephemeral] = bot.slack.wait_for("chat.postEphemeral")
    assert "no longer open" in ephemeral.params["text"]
    assert offers(bot.services)[0].status == "open"
    assert bot.slack.calls_to("chat.update") == []


def test_private_metadata_naming_someone_elses_offer_carries_no_authority(bot):
    dm = offered(bot)
    [offer] = offers(bot.services)
    view = {"type": "modal", "callback_id": "offer.decline_reason", "private_metadata": str(offer.id)}
    values = {"decline.reason": {"reason": {"type": "radio_buttons", "selected_option": {"value": "conflict"}}}}
    reply = bot.send.submit("USUP2", view, values)
    assert reply.status == 200
    [ephemeral] = bot.slack.wait_for("chat.postEphemeral")
    assert ephemeral.params["user"] == "USUP2" and "no longer open" in ephemeral.params["text"]
    assert offers(bot.services)[0].status == "open"
    assert bot.slack.calls_to("chat.update") == []
    assert dm  # USUP1's offer stands


@pytest.mark.parametrize("metadata", ["١", "²", "", "1; DROP TABLE cases", "99999999999999"])
def test_private_metadata_that_is_not_an_id_is_no_longer_open(bot, metadata):
    offered(bot)
    view = {"type": "modal", "callback_id": "offer.decline_reason", "private_metadata": metadata}
    values = {"decline.reason": {"reason": {"type": "radio_buttons", "selected_option": {"value": "conflict"}}}}
    assert bot.send.submit("USUP1", view, values).status == 200
    bot.slack.wait_for("chat.postEphemeral")
    assert offers(bot.services)[0].status == "open"

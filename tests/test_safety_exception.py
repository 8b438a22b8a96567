"""Issue 9: "I'm worried about their safety": one click, at once, to every coordinator and the
SAFETY_CONTACTS, whatever the hour; the supporter sees the crisis resources; audited."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select

from flows import button_value, dms_to, eventually, load_roster, offers, refer_self, wait_for_dm
from models.tables import AuditEvent

SAFETY = "case.safety_concern"
ALERT = "worried about a colleague's safety"


def offered(bot):
    load_roster(bot.services)
    refer_self(bot, note="A hard week.")
    dm = wait_for_dm(bot.slack, "USUP1", "peer conversation")[0]
    eventually(lambda: offers(bot.services)[0].dm_ts)
    return dm


def test_one_click_alerts_every_coordinator_and_safety_contact_at_once_whatever_the_hour(start_bot, clock):
    clock.set(datetime(2026, 3, 3, 3, 0, tzinfo=timezone.utc))  # 22:00 in New York: quiet hours
    bot = start_bot(safety_contacts=("USAFETY1", "UCOORD1"))
    dm = offered(bot)
    reply = bot.send.click("USUP1", SAFETY, button_value(dm, SAFETY), channel="DUSUP1")
    assert reply.status == 200
    for person in ("UCOORD1", "USAFETY1"):
        [alert] = wait_for_dm(bot.slack, person, ALERT)
        assert "<@" not in alert.params["text"] and "Alex" not in alert.params["text"]  # the lock screen
        blocks = str(alert.params["blocks"])
        assert "<@USUP1>" in blocks and f"case {offers(bot.services)[0].case_id}" in blocks
        assert "hard week" not in str(alert.params)
    assert len(dms_to(bot.slack, "UCOORD1", ALERT)) == 1  # a coordinator who is also a contact: once
    # The supporter sees the crisis resources, in a modal.
    resources = bot.slack.wait_for("views.open", where=lambda c: "988" in str(c.params["view"]))[-1]
    assert "coordinators have been told" in str(resources.params["view"])
    with bot.services.db.session() as session:
        [entry] = session.scalars(select(AuditEvent).where(AuditEvent.action == "case.safety_concern")).all()
        assert entry.actor == "USUP1"


def test_a_double_click_alerts_nobody_twice(bot):
    dm = offered(bot)
    for _ in range(2):
        bot.send.click("USUP1", SAFETY, button_value(dm, SAFETY), channel="DUSUP1")
    wait_for_dm(bot.slack, "UCOORD1", ALERT)
    bot.run_due_work()
    assert len(dms_to(bot.slack, "UCOORD1", ALERT)) == 1


def test_the_button_is_on_the_message_after_accept_too(bot):
    dm = offered(bot)
    [offer] = offers(bot.services)
    bot.send.click("USUP1", "offer.accept", button_value(dm, "offer.accept"), channel=offer.dm_channel,
                   message_ts=offer.dm_ts)
    [accepted] = bot.slack.wait_for("chat.update")
    bot.send.click("USUP1", SAFETY, button_value(accepted, SAFETY), channel=offer.dm_channel)
    wait_for_dm(bot.slack, "UCOORD1", ALERT)


def test_someone_not_with_the_case_cannot_raise_it(bot):
    dm = offered(bot)
    bot.send.click("USUP2", SAFETY, button_value(dm, SAFETY), channel="DUSUP2")
    [ephemeral] = bot.slack.wait_for("chat.postEphemeral")
    assert ephemeral.params["user"] == "USUP2"
    bot.run_due_work()
    assert dms_to(bot.slack, "UCOORD1", ALERT) == []

"""Step 7 and the request path: forged requests, retries, races, restarts, and ids."""
from __future__ import annotations

import threading
import time
from datetime import timedelta

from flows import (
    button_value,
    cases,
    dms_to,
    eventually,
    load_roster,
    offers,
    open_self_referral,
    refer_self,
    self_referral_values,
    wait_for_dm,
)

from bot.slack.ids import ActionId, CallbackId


def test_a_forged_signature_gets_401_and_does_nothing(bot):
    reply = bot.send.command("UCLIN1", signature="v0=" + "0" * 64)
    assert reply.status == 401
    bot.slack.assert_no_call("views.open")


def test_a_stale_timestamp_gets_401(bot):
    reply = bot.send.command("UCLIN1", timestamp=int(time.time()) - 600)
    assert reply.status == 401
    bot.slack.assert_no_call("views.open")


def test_a_submission_delivered_twice_makes_one_case_and_one_offer(bot):
    load_roster(bot.services)
    view = open_self_referral(bot)
    values = self_referral_values()
    first = bot.send.submit("UCLIN1", view, values, view_id="VSAME1")
    retry = bot.send.submit("UCLIN1", view, values, view_id="VSAME1", retry_num=1)
    again = bot.send.submit("UCLIN1", view, values, view_id="VSAME1")
    assert (first.status, retry.status, again.status) == (200, 200, 200)
    wait_for_dm(bot.slack, "USUP1", "peer conversation")
    bot.run_due_work()
    assert len(cases(bot.services)) == 1
    assert len(offers(bot.services)) == 1
    assert len(dms_to(bot.slack, "USUP1")) == 1
    assert len(dms_to(bot.slack, "UCLIN1")) == 1


def test_two_accepts_at_once_yield_exactly_one_outcome(start_bot):
    first, second = start_bot(), start_bot()  # two app instances on one database
    load_roster(first.services)
    refer_self(first)
    dm = wait_for_dm(first.slack, "USUP1", "peer conversation")[0]
    value = button_value(dm, ActionId.OFFER_ACCEPT)
    ts = eventually(lambda: offers(first.services)[0].dm_ts)
    barrier = threading.Barrier(2)
    replies = []

    def press(bot):
        barrier.wait()
        replies.append(bot.send.click("USUP1", ActionId.OFFER_ACCEPT, value, channel="DUSUP1", message_ts=ts))

    threads = [threading.Thread(target=press, args=(b,)) for b in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status for r in replies] == [200, 200]
    first.slack.wait_for("chat.update")
    first.slack.wait_for("chat.postEphemeral")
    wait_for_dm(first.slack, "UCLIN1", "will reach out")
    first.run_due_work()
    second.run_due_work()
    assert len([c for c in first.slack.calls_to("chat.update") if "Thank you for accepting" in c.params["text"]]) == 1
    assert len(first.slack.calls_to("chat.postEphemeral")) == 1
    assert len(dms_to(first.slack, "UCLIN1", "will reach out")) == 1
    assert [o.status for o in offers(first.services)] == ["accepted"]


def test_a_timeout_that_came_due_while_the_bot_was_down_is_acted_on_once_after_restart(start_bot, clock):
    before = start_bot()
    load_roster(before.services)
    refer_self(before)
    wait_for_dm(before.slack, "USUP1", "peer conversation")
    eventually(lambda: offers(before.services)[0].dm_ts)
    before.stop()

    clock.advance(timedelta(hours=6))  # down past the reminder and the timeout
    after = start_bot()
    after.run_due_work()
    wait_for_dm(after.slack, "USUP2", "peer conversation")
    after.run_due_work()
    assert len(dms_to(after.slack, "USUP2")) == 1
    assert len([c for c in after.slack.calls_to("chat.update") if "passed on" in c.params["text"]]) == 1
    assert dms_to(after.slack, "USUP1", "reminder") == []  # dropped, not sent late
    assert [o.status for o in offers(after.services)] == ["expired", "open"]


def test_every_action_and_callback_id_is_handled_exactly_once(bot):
    handled = bot.app.router.handled
    assert handled["action"] == {a.value for a in ActionId}
    assert handled["view"] == {c.value for c in CallbackId}


def test_a_listener_failure_is_told_privately_without_a_traceback(bot, monkeypatch, caplog):
    import handlers.self_referral as module

    def broken(*args, **kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(module, "receive_referral", broken)
    load_roster(bot.services)
    view = open_self_referral(bot)
    reply = bot.send.submit("UCLIN1", view, self_referral_values(note="Hard week."))
    assert reply.status == 200
    [sorry] = wait_for_dm(bot.slack, "UCLIN1", "something went wrong")
    assert "Hard week" not in str(caplog.text)
    assert "reference" in sorry.params["text"]

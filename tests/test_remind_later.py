"""Remind me later, on a contact nudge or a check-in: that reminder comes back a day or three later,
its message says when, and nothing else moves (the coordinators' escalation, the next check-in)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.follow_through.reminders import remind_later
from console_steps import audit_actions
from flows import dms_to, load_roster, wait_for_dm, who
from follow_through_steps import (
    CHECK_IN_TEXT,
    CONTACT_NUDGE_TEXT,
    NO_CONTACT_TEXT,
    ROSTER,
    accept,
    advance,
    coordinator_dms,
    ephemerals_to,
    press,
    refer,
    ts_of,
    wait_ephemeral,
    wait_update,
)

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def bot(start_bot):
    running = start_bot()
    load_roster(running.services, ROSTER)
    return running


def accepted_case(bot):
    case = refer(bot, user="UCLIN1")
    message = accept(bot, case.id, "USUP1")
    return case, message


def test_remind_me_tomorrow_on_a_contact_nudge_moves_that_nudge_only_and_says_when(bot):
    case, _ = accepted_case(bot)
    advance(bot, 24 * HOUR)
    [nudge] = dms_to(bot.slack, "USUP1", CONTACT_NUDGE_TEXT)
    ts = ts_of(nudge)
    press(bot, "USUP1", nudge, "case.remind_tomorrow", ts)
    [update] = wait_update(bot, ts, "remind you later")
    due = T0 + 48 * HOUR
    assert f"<!date^{int(due.timestamp())}^" in str(update.params["blocks"])
    assert "case.reminder_postponed" in audit_actions(bot.services, case.id)

    advance(bot, 24 * HOUR - SECOND)
    assert len(dms_to(bot.slack, "USUP1", CONTACT_NUDGE_TEXT)) == 1
    advance(bot, SECOND)
    assert len(dms_to(bot.slack, "USUP1", CONTACT_NUDGE_TEXT)) == 2
    # Nothing else moved: the coordinators still hear at twice CONTACT_NUDGE_AFTER after Accept.
    assert len(coordinator_dms(bot, "UCOORD1", NO_CONTACT_TEXT)) == 1


def test_remind_me_in_3_days_on_a_check_in_leaves_the_next_check_in_where_it_was(bot):
    case, message = accepted_case(bot)
    press(bot, "USUP1", message, "case.contacted", message.params["ts"])
    wait_update(bot, message.params["ts"], "contact recorded")
    advance(bot, 7 * DAY)
    [check_in] = dms_to(bot.slack, "USUP1", CHECK_IN_TEXT)
    ts = ts_of(check_in)
    press(bot, "USUP1", check_in, "case.remind_tomorrow", ts)
    wait_update(bot, ts, "remind you later")
    press(bot, "USUP1", check_in, "case.remind_in_3_days", ts)  # changed their mind: three days, not one
    wait_update(bot, ts, "remind you later", count=2)

    advance(bot, 3 * DAY - SECOND)
    assert len(dms_to(bot.slack, "USUP1", CHECK_IN_TEXT)) == 1  # not tomorrow's: that one moved again
    advance(bot, SECOND)
    assert len(dms_to(bot.slack, "USUP1", CHECK_IN_TEXT)) == 2
    advance(bot, 20 * DAY - SECOND)  # the 30-day check-in keeps its time
    assert len(dms_to(bot.slack, "USUP1", CHECK_IN_TEXT)) == 2
    advance(bot, SECOND)
    assert len(dms_to(bot.slack, "USUP1", CHECK_IN_TEXT)) == 3


def test_a_moved_reminder_waits_for_the_end_of_quiet_hours_and_says_so(bot):
    bot.slack.add_user("USUP1", tz="America/New_York")
    case = refer(bot, user="UCLIN1")
    advance(bot, 2 * HOUR)  # 07:00 in New York: the offer, held for their morning, goes out
    accept(bot, case.id, "USUP1")
    advance(bot, 24 * HOUR)
    [nudge] = wait_for_dm(bot.slack, "USUP1", CONTACT_NUDGE_TEXT)
    # Pressed at 22:00 in New York: tomorrow 22:00 is quiet, so it comes at 07:00 the day after.
    advance(bot, 15 * HOUR)
    ts = ts_of(nudge)
    press(bot, "USUP1", nudge, "case.remind_tomorrow", ts)
    [update] = wait_update(bot, ts, "remind you later")
    due = datetime(2026, 3, 5, 12, 0, tzinfo=timezone.utc)
    assert f"<!date^{int(due.timestamp())}^" in str(update.params["blocks"])


def test_remind_later_on_a_case_that_is_no_longer_theirs_changes_nothing(bot):
    case, message = accepted_case(bot)
    advance(bot, 24 * HOUR)
    [nudge] = dms_to(bot.slack, "USUP1", CONTACT_NUDGE_TEXT)
    ts = ts_of(nudge)
    press(bot, "USUP1", nudge, "case.hand_off", ts)
    wait_update(bot, ts, "Handed off")
    before = len(ephemerals_to(bot, "USUP1"))
    press(bot, "USUP1", nudge, "case.remind_tomorrow", ts)
    [told] = wait_ephemeral(bot, "USUP1", count=before + 1)[-1:]
    assert "no longer with you" in told.params["text"]
    assert "case.reminder_postponed" not in audit_actions(bot.services, case.id)


def test_remind_later_takes_only_the_choices_on_the_buttons(make_services):
    svc = make_services()
    with pytest.raises(ValueError):
        remind_later(svc, 1, who(svc, "USUP1"), timedelta(days=2))

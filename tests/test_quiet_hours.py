"""Quiet hours: messages that can wait wait for the recipient's morning, in their own Slack time zone.

Unit tests of the pure functions first, then flows: offers, reminders, contact nudges and
check-ins held; urgent offers and coordinator messages never held; QUIET_HOURS empty turns it off.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

import pytest
from flows import button_value, dms_to, eventually, load_roster, wait_for_dm
from follow_through_steps import (
    CHECK_IN_TEXT,
    CONTACT_NUDGE_TEXT,
    NO_CONTACT_TEXT,
    NOT_ACCEPTED_TEXT,
    REMINDER_TEXT,
    UNPLACED_TEXT,
    accept,
    advance,
    case_row,
    coordinator_dms,
    move_to,
    nudges_of,
    offer_dms,
    offers_of,
    pending,
    press,
    refer,
    sent_offer,
    settle,
    wait_update,
)

from bot.core.quiet_hours import next_local_time, quiet_until

UTC = timezone.utc
NEW_YORK = "America/New_York"
TOKYO = "Asia/Tokyo"
LONDON = "Europe/London"
NIGHT = (time(20, 0), time(7, 0))
LUNCH = (time(13, 0), time(14, 0))
SECOND = timedelta(seconds=1)
HOUR = timedelta(hours=1)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# ---- quiet_until ------------------------------------------------------------------------------------


@pytest.mark.parametrize("now, expected", [
    (utc(2026, 3, 2, 10, 0), utc(2026, 3, 2, 12, 0)),   # 05:00 EST: until 07:00 EST
    (utc(2026, 3, 2, 1, 30), utc(2026, 3, 2, 12, 0)),   # 20:30 EST the evening before
    (utc(2026, 3, 2, 1, 0), utc(2026, 3, 2, 12, 0)),    # 20:00 EST: quiet hours start
    (utc(2026, 3, 2, 0, 59), None),                     # 19:59 EST
    (utc(2026, 3, 2, 11, 59), utc(2026, 3, 2, 12, 0)),  # 06:59 EST
    (utc(2026, 3, 2, 12, 0), None),                     # 07:00 EST: quiet hours are over
    (utc(2026, 3, 2, 17, 0), None),                     # noon
    (utc(2026, 3, 3, 4, 59), utc(2026, 3, 3, 12, 0)),   # 23:59 EST
    (utc(2026, 3, 3, 5, 0), utc(2026, 3, 3, 12, 0)),    # midnight EST
])
def test_quiet_hours_across_midnight(now, expected):
    assert quiet_until(now, NEW_YORK, NIGHT) == expected


def test_quiet_hours_are_in_the_persons_own_zone():
    now = utc(2026, 3, 2, 3, 0)  # 22:00 in New York, 12:00 in Tokyo, 03:00 in London
    assert quiet_until(now, NEW_YORK, NIGHT) == utc(2026, 3, 2, 12, 0)
    assert quiet_until(now, TOKYO, NIGHT) is None
    assert quiet_until(now, LONDON, NIGHT) == utc(2026, 3, 2, 7, 0)
    assert quiet_until(utc(2026, 3, 2, 12, 0), TOKYO, NIGHT) == utc(2026, 3, 2, 22, 0)  # 21:00 JST


@pytest.mark.parametrize("now, expected", [
    (utc(2026, 3, 2, 13, 0), utc(2026, 3, 2, 14, 0)),
    (utc(2026, 3, 2, 13, 30), utc(2026, 3, 2, 14, 0)),
    (utc(2026, 3, 2, 12, 59), None),
    (utc(2026, 3, 2, 14, 0), None),
    (utc(2026, 3, 2, 23, 0), None),
    (utc(2026, 3, 2, 3, 0), None),
])
def test_quiet_hours_within_one_day(now, expected):
    assert quiet_until(now, LONDON, LUNCH) == expected


@pytest.mark.parametrize("now, expected", [
    # 8 March 2026: New York goes from EST (UTC-5) to EDT (UTC-4) at 02:00.
    (utc(2026, 3, 8, 5, 0), utc(2026, 3, 8, 11, 0)),     # 00:00 EST: the morning is 07:00 EDT
    (utc(2026, 3, 8, 1, 30), utc(2026, 3, 8, 11, 0)),    # 20:30 EST the evening before
    (utc(2026, 3, 8, 10, 59), utc(2026, 3, 8, 11, 0)),   # 06:59 EDT
    (utc(2026, 3, 8, 11, 0), None),                      # 07:00 EDT
    (utc(2026, 3, 8, 23, 59), None),                     # 19:59 EDT
    (utc(2026, 3, 9, 0, 0), utc(2026, 3, 9, 11, 0)),     # 20:00 EDT
    # 1 November 2026: back from EDT to EST at 02:00.
    (utc(2026, 11, 1, 3, 0), utc(2026, 11, 1, 12, 0)),   # 23:00 EDT the evening before
    (utc(2026, 11, 1, 6, 30), utc(2026, 11, 1, 12, 0)),  # 01:30 EST, the second time round
    (utc(2026, 11, 1, 12, 0), None),                     # 07:00 EST
])
def test_quiet_hours_on_the_days_the_clocks_change(now, expected):
    assert quiet_until(now, NEW_YORK, NIGHT) == expected


@pytest.mark.parametrize("tz", [None, "", "Mars/Olympus_Mons", "../../etc/passwd"])
def test_an_unknown_zone_counts_as_utc(tz):
    assert quiet_until(utc(2026, 3, 2, 22, 0), tz, NIGHT) == utc(2026, 3, 3, 7, 0)
    assert quiet_until(utc(2026, 3, 2, 10, 0), tz, NIGHT) is None
    assert next_local_time(utc(2026, 3, 2, 10, 0), tz, time(8, 0)) == utc(2026, 3, 3, 8, 0)


def test_no_window_means_never_quiet():
    assert quiet_until(utc(2026, 3, 2, 3, 0), NEW_YORK, None) is None


# ---- next_local_time ---------------------------------------------------------------------------------


@pytest.mark.parametrize("now, tz, expected", [
    (utc(2026, 3, 2, 10, 0), NEW_YORK, utc(2026, 3, 2, 13, 0)),   # 05:00 EST: today at 08:00
    (utc(2026, 3, 2, 13, 0), NEW_YORK, utc(2026, 3, 3, 13, 0)),   # exactly 08:00: tomorrow
    (utc(2026, 3, 2, 12, 59), NEW_YORK, utc(2026, 3, 2, 13, 0)),
    (utc(2026, 3, 2, 10, 0), TOKYO, utc(2026, 3, 2, 23, 0)),      # 19:00 JST: tomorrow 08:00 JST
    (utc(2026, 3, 2, 23, 30), TOKYO, utc(2026, 3, 3, 23, 0)),
    (utc(2026, 3, 7, 14, 0), NEW_YORK, utc(2026, 3, 8, 12, 0)),   # across the change: 08:00 EDT
    (utc(2026, 3, 8, 5, 0), NEW_YORK, utc(2026, 3, 8, 12, 0)),    # on the day, before it
    (utc(2026, 10, 31, 13, 0), NEW_YORK, utc(2026, 11, 1, 13, 0)),  # back to EST: 08:00 EST
])
def test_next_local_time(now, tz, expected):
    result = next_local_time(now, tz, time(8, 0))
    assert result == expected
    assert result.utcoffset() == timedelta(0)
    assert result > now


# ---- flows -------------------------------------------------------------------------------------------------

# 03:00 UTC: 22:00 the evening before in New York (quiet), 12:00 in Tokyo (not).
NEW_YORK_NIGHT = utc(2026, 3, 2, 3, 0)
# 00:00 UTC: 19:00 in New York, an hour before quiet hours.
NEW_YORK_EVENING = utc(2026, 3, 2, 0, 0)
# 12:00 UTC: 07:00 in New York, when quiet hours end.
NEW_YORK_MORNING = utc(2026, 3, 2, 12, 0)

ROSTER = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
UCOORD2,Robin Coordinator,coordinator,,,0
USUPA,Ana Supporter,supporter,faculty,Cardiac Surgery,2
USUPB,Ben Supporter,supporter,faculty,Trauma,2
UCLIN1,Alex Clinician,,faculty,General Surgery,2
UCLIN2,Bea Clinician,,faculty,General Surgery,2
"""
NEW_YORK_SUPPORTER_ONLY = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
USUPA,Ana Supporter,supporter,faculty,Cardiac Surgery,2
UCLIN1,Alex Clinician,,faculty,General Surgery,2
"""
TOKYO_SUPPORTER_ONLY = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
UCOORD2,Robin Coordinator,coordinator,,,0
USUPB,Ben Supporter,supporter,faculty,Trauma,2
UCLIN1,Alex Clinician,,faculty,General Surgery,2
"""
ZONES = {"USUPA": NEW_YORK, "USUPB": TOKYO, "UCOORD1": NEW_YORK, "UCOORD2": NEW_YORK}


def start(start_bot, clock, when, roster=ROSTER, **settings):
    clock.set(when)
    bot = start_bot(**settings)
    load_roster(bot.services, roster)
    for user, tz in ZONES.items():
        bot.slack.add_user(user, tz=tz)
    return bot


def reminders(bot, supporter):
    return dms_to(bot.slack, supporter, REMINDER_TEXT)


def test_a_non_urgent_offer_at_night_waits_for_seven_their_time_and_its_deadline_counts_from_then(start_bot, clock):
    bot = start(start_bot, clock, NEW_YORK_NIGHT)
    night = refer(bot, user="UCLIN1")
    # Offered to the New York supporter, but held for their morning; the deadline counts from then.
    offer = eventually(lambda: next((o for o in offers_of(bot, night.id) if o.sent_at == NEW_YORK_MORNING), None))
    settle(bot)
    assert (offer.supporter_slack_id, offer.status, offer.dm_ts) == ("USUPA", "open", None)
    assert offer.deadline_at == NEW_YORK_MORNING + 4 * HOUR
    assert offer_dms(bot, "USUPA") == []
    # The supporter in Tokyo, where it is noon, is offered the next case at once.
    day = refer(bot, user="UCLIN2")
    [dm] = wait_for_dm(bot.slack, "USUPB", "could use a peer conversation")
    assert f"Case {day.id} " in str(dm.params["blocks"])
    accept(bot, day.id, "USUPB")
    # The night goes by: no expiry at what would have been the deadline, nothing sent.
    move_to(bot, NEW_YORK_NIGHT + 4 * HOUR)
    assert [(o.supporter_slack_id, o.status) for o in offers_of(bot, night.id)] == [("USUPA", "open")]
    assert offer_dms(bot, "USUPA") == []
    move_to(bot, NEW_YORK_MORNING - SECOND)
    assert offer_dms(bot, "USUPA") == [] and reminders(bot, "USUPA") == []
    # 07:00 in New York: sent, once.
    move_to(bot, NEW_YORK_MORNING)
    [dm] = offer_dms(bot, "USUPA")
    assert button_value(dm, "offer.accept") == str(offer.id)
    deadline = NEW_YORK_MORNING + 4 * HOUR
    assert f"<!date^{int(deadline.timestamp())}^" in str(dm.params["blocks"])
    settle(bot)
    advance(bot, HOUR)
    assert len(offer_dms(bot, "USUPA")) == 1
    # The reminder and the timeout count from 07:00 too.
    move_to(bot, NEW_YORK_MORNING + 2 * HOUR - SECOND)
    assert reminders(bot, "USUPA") == []
    move_to(bot, NEW_YORK_MORNING + 2 * HOUR)
    assert len(reminders(bot, "USUPA")) == 1
    move_to(bot, deadline - SECOND)
    assert offers_of(bot, night.id)[0].status == "open"
    move_to(bot, deadline)
    statuses = [(o.supporter_slack_id, o.status) for o in offers_of(bot, night.id)]
    assert statuses == [("USUPA", "expired"), ("USUPB", "open")]
    # 16:00 UTC is 01:00 in Tokyo: the next offer waits for 07:00 there (22:00 UTC).
    assert offers_of(bot, night.id)[1].sent_at == utc(2026, 3, 2, 22, 0)
    assert offer_dms(bot, "USUPB", night.id) == []
    assert len(offer_dms(bot, "USUPA")) == 1


def test_an_urgent_offer_and_its_reminder_are_sent_at_night(start_bot, clock):
    bot = start(start_bot, clock, NEW_YORK_NIGHT, NEW_YORK_SUPPORTER_ONLY)
    case = refer(bot, urgency="today")
    wait_for_dm(bot.slack, "USUPA", "could use a peer conversation")
    offer = sent_offer(bot, case.id, "USUPA")
    assert (offer.sent_at, offer.deadline_at) == (NEW_YORK_NIGHT, NEW_YORK_NIGHT + HOUR)
    advance(bot, timedelta(minutes=30))
    assert len(reminders(bot, "USUPA")) == 1


def test_a_contact_nudge_due_at_night_waits_for_the_morning(start_bot, clock):
    bot = start(start_bot, clock, NEW_YORK_EVENING, NEW_YORK_SUPPORTER_ONLY, contact_nudge_after=2 * HOUR)
    case = refer(bot)
    accept(bot, case.id, "USUPA")
    move_to(bot, NEW_YORK_EVENING + 2 * HOUR)  # 21:00 in New York
    assert dms_to(bot.slack, "USUPA", CONTACT_NUDGE_TEXT) == []
    assert [n.due_at for n in pending(nudges_of(bot, case.id, kind="contact_nudge"))] == [NEW_YORK_MORNING]
    # The coordinator's no-contact escalation (twice CONTACT_NUDGE_AFTER) is not held, at 23:00 there.
    move_to(bot, NEW_YORK_EVENING + 4 * HOUR)
    assert len(coordinator_dms(bot, "UCOORD1", NO_CONTACT_TEXT)) == 1
    move_to(bot, NEW_YORK_MORNING - SECOND)
    assert dms_to(bot.slack, "USUPA", CONTACT_NUDGE_TEXT) == []
    move_to(bot, NEW_YORK_MORNING)
    assert len(dms_to(bot.slack, "USUPA", CONTACT_NUDGE_TEXT)) == 1
    advance(bot, HOUR)
    assert len(dms_to(bot.slack, "USUPA", CONTACT_NUDGE_TEXT)) == 1


def test_a_check_in_due_at_night_waits_for_the_morning(start_bot, clock):
    bot = start(start_bot, clock, NEW_YORK_EVENING, NEW_YORK_SUPPORTER_ONLY, checkin_after=(2 * HOUR,))
    case = refer(bot)
    message = accept(bot, case.id, "USUPA")
    press(bot, "USUPA", message, "case.contacted", message.params["ts"])
    wait_update(bot, message.params["ts"], "contact recorded")
    move_to(bot, NEW_YORK_EVENING + 2 * HOUR)
    assert dms_to(bot.slack, "USUPA", CHECK_IN_TEXT) == []
    move_to(bot, NEW_YORK_MORNING - SECOND)
    assert dms_to(bot.slack, "USUPA", CHECK_IN_TEXT) == []
    assert case_row(bot, case.id).state == "contacted"  # the last check-in has not gone out yet
    move_to(bot, NEW_YORK_MORNING)
    [check_in] = dms_to(bot.slack, "USUPA", CHECK_IN_TEXT)
    assert "last reminder" in str(check_in.params["blocks"])
    case = case_row(bot, case.id)
    assert (case.state, case.outcome, case.closed_at) == ("closed", "checked_in", NEW_YORK_MORNING)
    advance(bot, HOUR)
    assert len(dms_to(bot.slack, "USUPA", CHECK_IN_TEXT)) == 1


def test_an_offer_reminder_due_at_night_waits_for_the_morning(start_bot, clock):
    bot = start(start_bot, clock, NEW_YORK_EVENING, NEW_YORK_SUPPORTER_ONLY,
                offer_timeout=timedelta(hours=16), offer_reminder=2 * HOUR)
    case = refer(bot)
    offer = sent_offer(bot, case.id, "USUPA")  # 19:00 in New York: sent at once
    assert offer.deadline_at == NEW_YORK_EVENING + 16 * HOUR
    move_to(bot, NEW_YORK_EVENING + 2 * HOUR)
    assert reminders(bot, "USUPA") == []
    move_to(bot, NEW_YORK_MORNING - SECOND)
    assert reminders(bot, "USUPA") == []
    move_to(bot, NEW_YORK_MORNING)
    [reminder] = reminders(bot, "USUPA")
    assert button_value(reminder, "offer.accept") == str(offer.id)
    advance(bot, HOUR)
    assert len(reminders(bot, "USUPA")) == 1
    assert offers_of(bot, case.id)[0].deadline_at == NEW_YORK_EVENING + 16 * HOUR


def test_coordinator_messages_are_never_held(start_bot, clock):
    bot = start(start_bot, clock, NEW_YORK_NIGHT, TOKYO_SUPPORTER_ONLY, escalate_after=2 * HOUR)
    case = refer(bot)
    sent_offer(bot, case.id, "USUPB")  # noon in Tokyo
    move_to(bot, NEW_YORK_NIGHT + 2 * HOUR)  # midnight in New York, where the coordinators are
    for coordinator in ("UCOORD1", "UCOORD2"):
        assert len(coordinator_dms(bot, coordinator, NOT_ACCEPTED_TEXT)) == 1
    move_to(bot, NEW_YORK_NIGHT + 4 * HOUR)  # the offer expires; nobody is left
    assert case_row(bot, case.id).state == "unplaced"
    for coordinator in ("UCOORD1", "UCOORD2"):
        assert len(coordinator_dms(bot, coordinator, UNPLACED_TEXT)) == 1


def test_quiet_hours_is_a_setting(start_bot, clock):
    # 23:00-06:00: at 22:00 in New York an offer goes out; its reminder at midnight waits until 06:00.
    bot = start(start_bot, clock, NEW_YORK_NIGHT, NEW_YORK_SUPPORTER_ONLY, quiet_hours=(time(23, 0), time(6, 0)),
                offer_timeout=timedelta(hours=16), offer_reminder=2 * HOUR)
    case = refer(bot)
    sent_offer(bot, case.id, "USUPA")
    move_to(bot, NEW_YORK_NIGHT + 2 * HOUR)
    assert reminders(bot, "USUPA") == []
    move_to(bot, utc(2026, 3, 2, 10, 59, 59))
    assert reminders(bot, "USUPA") == []
    move_to(bot, utc(2026, 3, 2, 11, 0))  # 06:00 in New York
    assert len(reminders(bot, "USUPA")) == 1


def test_quiet_hours_empty_turns_them_off(start_bot, clock):
    bot = start(start_bot, clock, NEW_YORK_NIGHT, NEW_YORK_SUPPORTER_ONLY, quiet_hours=None,
                contact_nudge_after=HOUR, checkin_after=(2 * HOUR,))
    case = refer(bot)
    offer = sent_offer(bot, case.id, "USUPA")  # 22:00 in New York, sent at once
    assert offer.sent_at == NEW_YORK_NIGHT
    accept(bot, case.id, "USUPA")
    advance(bot, HOUR)  # 23:00 in New York
    [nudge] = dms_to(bot.slack, "USUPA", CONTACT_NUDGE_TEXT)
    press(bot, "USUPA", nudge, "case.contacted", nudge.answer["ts"])
    wait_update(bot, nudge.answer["ts"], "contact recorded")
    advance(bot, 2 * HOUR)  # 01:00 in New York
    assert len(dms_to(bot.slack, "USUPA", CHECK_IN_TEXT)) == 1
    # Nobody's zone is even asked for a message to a supporter.
    assert [c for c in bot.slack.calls_to("users.info") if c.params["user"] == "USUPA"] == []

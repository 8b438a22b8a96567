"""Coordinators hear when a case stalls: once per case per condition, with numbers, states and
ages only; and a daily digest at DIGEST_AT in each coordinator's own time zone."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.cases.vocabulary import CaseState
from console_steps import MAX_MESSAGE_BLOCKS, MAX_SECTION_TEXT, insert_cases
from flows import load_roster, wait_for_dm
from follow_through_steps import (
    CONTACT_NUDGE_TEXT,
    COORDINATORS,
    DIGEST_TEXT,
    NO_CONTACT_TEXT,
    NOT_ACCEPTED_TEXT,
    NOTE,
    ROSTER,
    UNPLACED_TEXT,
    accept,
    advance,
    case_row,
    coordinator_dms,
    ts_of,
    move_to,
    nudges_of,
    press,
    refer,
    sent_offer,
    settle,
    wait_update,
)

UTC = timezone.utc
T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # the FakeClock's start
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)
NAMES = ("<@", "UCLIN", "USUP", "UCOORD", "Alex", "Sam", "Pat", "bleed", "theatre", "complication", "Complication")


def start(start_bot, roster: str = ROSTER, **settings):
    bot = start_bot(**settings)
    load_roster(bot.services, roster)
    return bot


def not_accepted(bot, coordinator):
    return coordinator_dms(bot, coordinator, NOT_ACCEPTED_TEXT)


def no_contact(bot, coordinator):
    return coordinator_dms(bot, coordinator, NO_CONTACT_TEXT)


def assert_names_nobody(call):
    text = call.params["text"] + str(call.params["blocks"])
    for word in NAMES:
        assert word not in text, f"{word!r} in {call.params['text']!r}"


# ---- nobody accepted ----------------------------------------------------------------------------------


def test_a_case_nobody_accepts_is_escalated_once_to_every_coordinator_after_escalate_after(start_bot):
    # Offers stay open all day here, so the case is still waiting at 8h.
    bot = start(start_bot, offer_timeout=timedelta(hours=24))
    case = refer(bot, note=NOTE)
    sent_offer(bot, case.id, "USUP1")
    advance(bot, 8 * HOUR - SECOND)
    assert all(not_accepted(bot, c) == [] for c in COORDINATORS)
    advance(bot, SECOND)
    for coordinator in COORDINATORS:
        [dm] = not_accepted(bot, coordinator)
        blocks = str(dm.params["blocks"])
        assert f"Case {case.id} needs a hand" in dm.params["text"]
        assert "*State:* offered" in blocks and "*Age:* 8 hours" in blocks
        assert "nobody has accepted it in 8 hours" in blocks
        assert_names_nobody(dm)
    assert case_row(bot, case.id).escalated_unaccepted_at == T0 + 8 * HOUR
    # Once per case, however long it keeps waiting.
    for _ in range(3):
        settle(bot)
    advance(bot, 8 * HOUR)
    advance(bot, DAY)
    assert all(len(not_accepted(bot, c)) == 1 for c in COORDINATORS)


def test_an_urgent_case_is_escalated_at_half_of_escalate_after(start_bot):
    bot = start(start_bot, offer_timeout_urgent=timedelta(hours=24))
    case = refer(bot, urgency="today")
    sent_offer(bot, case.id, "USUP1")
    advance(bot, 4 * HOUR - SECOND)
    assert all(not_accepted(bot, c) == [] for c in COORDINATORS)
    advance(bot, SECOND)
    for coordinator in COORDINATORS:
        [dm] = not_accepted(bot, coordinator)
        assert "nobody has accepted it in 4 hours" in str(dm.params["blocks"])
    advance(bot, 8 * HOUR)
    assert all(len(not_accepted(bot, c)) == 1 for c in COORDINATORS)


def test_escalate_after_is_a_setting(start_bot):
    bot = start(start_bot, escalate_after=timedelta(hours=2))
    case = refer(bot)
    sent_offer(bot, case.id, "USUP1")
    advance(bot, 2 * HOUR - SECOND)
    assert not_accepted(bot, "UCOORD1") == []
    advance(bot, SECOND)
    assert len(not_accepted(bot, "UCOORD1")) == 1


ONE_SUPPORTER = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
UCOORD2,Robin Coordinator,coordinator,,,0
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,3
UCLIN1,Alex Clinician,,faculty,General Surgery,2
"""


def test_a_case_the_coordinators_were_asked_to_place_is_not_escalated_again(start_bot):
    bot = start(start_bot, ONE_SUPPORTER)
    case = refer(bot)
    sent_offer(bot, case.id, "USUP1")
    advance(bot, 4 * HOUR)  # the only supporter lets it expire: nobody is left
    assert case_row(bot, case.id).state == "unplaced"
    assert all(len(coordinator_dms(bot, c, UNPLACED_TEXT)) == 1 for c in COORDINATORS)
    advance(bot, 4 * HOUR)  # ESCALATE_AFTER since the referral
    advance(bot, DAY)
    assert all(not_accepted(bot, c) == [] for c in COORDINATORS)
    assert all(len(coordinator_dms(bot, c, UNPLACED_TEXT)) == 1 for c in COORDINATORS)
    assert case_row(bot, case.id).escalated_unaccepted_at is None


# ---- a hand-off starts the clock again ---------------------------------------------------------------------


def hand_off(bot, case_id, supporter="USUP1"):
    """Hand off from the contact nudge; returns when the case has been offered on."""
    nudge = wait_for_dm(bot.slack, supporter, CONTACT_NUDGE_TEXT)[-1]
    ts = ts_of(nudge)
    press(bot, supporter, nudge, "case.hand_off", ts)
    wait_update(bot, ts, "Handed off")
    return sent_offer(bot, case_id, "USUP2")


def test_a_hand_off_before_escalate_after_restarts_the_clock(start_bot):
    bot = start(start_bot, offer_timeout=timedelta(hours=24), contact_nudge_after=2 * HOUR)
    case = refer(bot)
    advance(bot, HOUR)
    accept(bot, case.id, "USUP1")
    advance(bot, 2 * HOUR)  # the contact nudge, at T0+3h
    hand_off(bot, case.id)
    handed_off_at = bot.clock.now()
    assert handed_off_at == T0 + 3 * HOUR
    # Not at the old time (ESCALATE_AFTER after the referral) ...
    move_to(bot, T0 + 8 * HOUR)
    move_to(bot, handed_off_at + 8 * HOUR - SECOND)
    assert all(not_accepted(bot, c) == [] for c in COORDINATORS)
    # ... but ESCALATE_AFTER after the hand-off, the case still not accepted.
    move_to(bot, handed_off_at + 8 * HOUR)
    for coordinator in COORDINATORS:
        [dm] = not_accepted(bot, coordinator)
        blocks = str(dm.params["blocks"])
        assert "nobody has accepted it in 8 hours" in blocks and "*Age:* 11 hours" in blocks
        assert_names_nobody(dm)
    # The first supporter's no-contact escalation (due 4h after their Accept) never came.
    assert all(no_contact(bot, c) == [] for c in COORDINATORS)


def test_a_hand_off_after_an_escalation_escalates_again_after_escalate_after(start_bot):
    bot = start(start_bot, offer_timeout=timedelta(hours=24))
    case = refer(bot)
    advance(bot, 8 * HOUR)
    assert all(len(not_accepted(bot, c)) == 1 for c in COORDINATORS)
    advance(bot, HOUR)
    accept(bot, case.id, "USUP1")
    advance(bot, DAY)  # the contact nudge; the case is 33 hours old
    hand_off(bot, case.id)
    handed_off_at = bot.clock.now()
    settle(bot)
    assert all(len(not_accepted(bot, c)) == 1 for c in COORDINATORS)  # not at once for its age
    move_to(bot, handed_off_at + 8 * HOUR - SECOND)
    assert all(len(not_accepted(bot, c)) == 1 for c in COORDINATORS)
    move_to(bot, handed_off_at + 8 * HOUR)
    for coordinator in COORDINATORS:
        second = not_accepted(bot, coordinator)[1]
        assert "nobody has accepted it in 8 hours" in str(second.params["blocks"])
    advance(bot, DAY)
    assert all(len(not_accepted(bot, c)) == 2 for c in COORDINATORS)


# ---- accepted, no contact ------------------------------------------------------------------------------------


def test_no_contact_twice_contact_nudge_after_past_accept_is_escalated_once_per_case(start_bot):
    bot = start(start_bot)
    silent = refer(bot, user="UCLIN1", note=NOTE)
    accept(bot, silent.id, "USUP1")
    in_touch = refer(bot, user="UCLIN2")
    message = accept(bot, in_touch.id, "USUP2")
    advance(bot, 30 * HOUR)
    press(bot, "USUP2", message, "case.contacted", message.params["ts"])
    wait_update(bot, message.params["ts"], "contact recorded")
    move_to(bot, T0 + 48 * HOUR - SECOND)
    assert all(no_contact(bot, c) == [] for c in COORDINATORS)
    move_to(bot, T0 + 48 * HOUR)
    for coordinator in COORDINATORS:
        [dm] = no_contact(bot, coordinator)
        blocks = str(dm.params["blocks"])
        assert f"Case {silent.id} needs a hand" in dm.params["text"]
        assert "*State:* accepted" in blocks and "*Age:* 2.0 days" in blocks
        assert "no contact recorded 2.0 days after a supporter accepted" in blocks
        assert_names_nobody(dm)
    assert case_row(bot, silent.id).escalated_no_contact_at == T0 + 48 * HOUR
    assert case_row(bot, in_touch.id).escalated_no_contact_at is None
    advance(bot, DAY)
    advance(bot, 3 * DAY)
    assert all(len(no_contact(bot, c)) == 1 for c in COORDINATORS)


def test_contact_nudge_after_sets_the_no_contact_escalation_too(start_bot):
    bot = start(start_bot, contact_nudge_after=timedelta(minutes=10))
    case = refer(bot)
    accept(bot, case.id, "USUP1")
    advance(bot, timedelta(minutes=20) - SECOND)
    assert no_contact(bot, "UCOORD1") == []
    advance(bot, SECOND)
    assert len(no_contact(bot, "UCOORD1")) == 1


# ---- the daily digest ------------------------------------------------------------------------------------------


def digests(bot, coordinator):
    return coordinator_dms(bot, coordinator, DIGEST_TEXT)


def digest_lines(call) -> list[str]:
    listing = call.params["blocks"][1]["text"]["text"]
    return [line.removeprefix("• ").strip() for line in listing.splitlines() if line.strip()]


ZONED = """slack_id,name,roles,cohort,division,max_active_cases
UCOORDNY,Nia Coordinator,coordinator,,,0
UCOORDTK,Taro Coordinator,coordinator,,,0
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,3
UCLIN1,Alex Clinician,,faculty,General Surgery,2
UCLIN2,Bea Clinician,,faculty,General Surgery,2
"""


def zoned(start_bot, **settings):
    bot = start(start_bot, ZONED, **settings)
    bot.slack.add_user("UCOORDNY", tz="America/New_York")
    bot.slack.add_user("UCOORDTK", tz="Asia/Tokyo")
    return bot


def unplaced_case(bot, user="UCLIN1"):
    """A case nobody can take (the clinician asked to avoid the only supporter)."""
    case = refer(bot, user=user, avoid=("USUP1",), note=NOTE)
    settle(bot)
    assert case_row(bot, case.id).state == "unplaced"
    return case


def test_the_digest_comes_at_digest_at_in_each_coordinators_own_time_zone(start_bot):
    bot = zoned(start_bot)
    case = unplaced_case(bot)  # 10:00 UTC: 05:00 in New York, 19:00 in Tokyo
    # 08:00 in New York (EST) is 13:00 UTC; 08:00 in Tokyo is 23:00 UTC.
    move_to(bot, datetime(2026, 3, 2, 12, 59, 59, tzinfo=UTC))
    assert digests(bot, "UCOORDNY") == [] and digests(bot, "UCOORDTK") == []
    move_to(bot, datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    [digest] = digests(bot, "UCOORDNY")
    assert digests(bot, "UCOORDTK") == []
    assert digest_lines(digest) == [f"Case {case.id} · unplaced · nobody left to match: needs placing · "
                                    "opened 3 hours ago"]
    assert_names_nobody(digest)
    move_to(bot, datetime(2026, 3, 2, 22, 59, 59, tzinfo=UTC))
    assert digests(bot, "UCOORDTK") == []
    move_to(bot, datetime(2026, 3, 2, 23, 0, tzinfo=UTC))
    [digest] = digests(bot, "UCOORDTK")
    assert digest_lines(digest) == [f"Case {case.id} · unplaced · nobody left to match: needs placing · "
                                    "opened 13 hours ago"]
    assert len(digests(bot, "UCOORDNY")) == 1
    # The next day, again, once each.
    move_to(bot, datetime(2026, 3, 3, 12, 59, 59, tzinfo=UTC))
    assert (len(digests(bot, "UCOORDNY")), len(digests(bot, "UCOORDTK"))) == (1, 1)
    move_to(bot, datetime(2026, 3, 3, 13, 0, tzinfo=UTC))
    assert (len(digests(bot, "UCOORDNY")), len(digests(bot, "UCOORDTK"))) == (2, 1)
    move_to(bot, datetime(2026, 3, 3, 23, 0, tzinfo=UTC))
    assert (len(digests(bot, "UCOORDNY")), len(digests(bot, "UCOORDTK"))) == (2, 2)
    settle(bot)
    assert (len(digests(bot, "UCOORDNY")), len(digests(bot, "UCOORDTK"))) == (2, 2)


def test_the_digest_follows_daylight_saving_time(start_bot, clock):
    clock.set(datetime(2026, 3, 7, 14, 0, tzinfo=UTC))  # 09:00 EST; clocks go forward overnight
    bot = zoned(start_bot)
    unplaced_case(bot)
    move_to(bot, datetime(2026, 3, 8, 11, 59, 59, tzinfo=UTC))
    assert digests(bot, "UCOORDNY") == []
    move_to(bot, datetime(2026, 3, 8, 12, 0, tzinfo=UTC))  # 08:00 EDT
    assert len(digests(bot, "UCOORDNY")) == 1


def test_no_digest_on_a_day_with_nothing_stalled_and_one_the_next_day(start_bot):
    bot = zoned(start_bot)
    healthy = refer(bot, user="UCLIN1")
    message = accept(bot, healthy.id, "USUP1")
    press(bot, "USUP1", message, "case.contacted", message.params["ts"])
    wait_update(bot, message.params["ts"], "contact recorded")
    for when in (datetime(2026, 3, 2, 13, 0, tzinfo=UTC),    # 08:00 in New York
                 datetime(2026, 3, 2, 23, 0, tzinfo=UTC),    # 08:00 in Tokyo
                 datetime(2026, 3, 3, 13, 30, tzinfo=UTC)):  # 08:30 in New York
        move_to(bot, when)
    assert digests(bot, "UCOORDNY") == [] and digests(bot, "UCOORDTK") == []
    # Each day's digest was due, and dropped for having nothing to say.
    dropped = [(n.recipient_slack_id, n.due_at) for n in nudges_of(bot, kind="coordinator_digest")
               if n.cancelled_at is not None]
    assert dropped == [("UCOORDNY", datetime(2026, 3, 2, 13, 0, tzinfo=UTC)),
                       ("UCOORDTK", datetime(2026, 3, 2, 23, 0, tzinfo=UTC)),
                       ("UCOORDNY", datetime(2026, 3, 3, 13, 0, tzinfo=UTC))]
    assert bot.slack.calls_to("chat.postMessage") and all(
        c.params["channel"] not in ("UCOORDNY", "UCOORDTK") for c in bot.slack.calls_to("chat.postMessage"))
    # Something stalls: the next morning's digest lists it, and only it.
    stalled = unplaced_case(bot, user="UCLIN2")
    move_to(bot, datetime(2026, 3, 3, 23, 0, tzinfo=UTC))
    [digest] = digests(bot, "UCOORDTK")
    assert [line.split(" · ")[:2] for line in digest_lines(digest)] == [[f"Case {stalled.id}", "unplaced"]]
    move_to(bot, datetime(2026, 3, 4, 13, 0, tzinfo=UTC))
    assert len(digests(bot, "UCOORDNY")) == 1
    assert digests(bot, "UCOORDNY")[0].params["text"].startswith("Peer support digest: 1 case needs")


def test_the_digest_lists_every_kind_of_stalled_case_by_number_state_and_age_only(start_bot):
    bot = start(start_bot, offer_timeout=timedelta(hours=72))
    waiting = refer(bot, user="UCLIN1", note=NOTE)  # offered, never answered
    sent_offer(bot, waiting.id)
    unplaced = refer(bot, user="UCLIN2", avoid=("USUP1", "USUP2"))
    silent = refer(bot, user="UCLIN3")  # accepted, no contact ever recorded
    accept(bot, silent.id, sent_offer(bot, silent.id).supporter_slack_id)
    fine = refer(bot, user="UCLIN4")  # accepted and in touch
    message = accept(bot, fine.id, sent_offer(bot, fine.id).supporter_slack_id)
    press(bot, message.params["channel"][1:], message, "case.contacted", message.params["ts"])
    wait_update(bot, message.params["ts"], "contact recorded")
    assert case_row(bot, unplaced.id).state == "unplaced"

    # 08:00 UTC (the coordinators' Slack zone is unknown, so UTC) the next day: the silent case is not
    # escalated yet, so it is not listed.
    move_to(bot, datetime(2026, 3, 3, 8, 0, tzinfo=UTC))
    for coordinator in COORDINATORS:
        [digest] = digests(bot, coordinator)
        assert digest_lines(digest) == [
            f"Case {waiting.id} · offered · not accepted yet · opened 22 hours ago",
            f"Case {unplaced.id} · unplaced · nobody left to match: needs placing · opened 22 hours ago",
        ]
        assert_names_nobody(digest)
        assert digest.params["text"] == "Peer support digest: 2 cases need attention."
    move_to(bot, datetime(2026, 3, 4, 8, 0, tzinfo=UTC))
    move_to(bot, datetime(2026, 3, 5, 8, 0, tzinfo=UTC))
    for coordinator in COORDINATORS:
        assert len(digests(bot, coordinator)) == 3
        latest = digests(bot, coordinator)[-1]
        assert digest_lines(latest) == [
            f"Case {waiting.id} · offered · not accepted yet · opened 2.9 days ago",
            f"Case {unplaced.id} · unplaced · nobody left to match: needs placing · opened 2.9 days ago",
            f"Case {silent.id} · accepted · accepted, no contact recorded yet · opened 2.9 days ago",
        ]
        assert_names_nobody(latest)


def test_digest_at_empty_turns_the_digest_off(start_bot):
    bot = zoned(start_bot, digest_at=None)
    unplaced_case(bot)
    for _ in range(3):
        advance(bot, 12 * HOUR)
        advance(bot, 12 * HOUR)
    assert digests(bot, "UCOORDNY") == [] and digests(bot, "UCOORDTK") == []
    assert nudges_of(bot, kind="coordinator_digest") == []
    # The coordinators were still told about the case itself.
    assert len(coordinator_dms(bot, "UCOORDNY", UNPLACED_TEXT)) == 1


def test_the_digest_follows_a_coordinator_who_moves_time_zone(start_bot):
    """The zone is cached on the roster for a day (bot/delivery.py): a coordinator who moves from
    Tokyo to New York gets the digest at 08:00 New York time within a couple of days."""
    bot = zoned(start_bot)
    unplaced_case(bot)
    move_to(bot, datetime(2026, 3, 2, 23, 0, tzinfo=UTC))
    assert len(digests(bot, "UCOORDTK")) == 1
    bot.slack.add_user("UCOORDTK", tz="America/New_York")
    # While the zone is cached, and on the local day already served, the old zone may still be used.
    for day in (3, 4):
        move_to(bot, datetime(2026, 3, day, 13, 0, tzinfo=UTC))
        move_to(bot, datetime(2026, 3, day, 23, 0, tzinfo=UTC))
    move_to(bot, datetime(2026, 3, 5, 12, 59, 59, tzinfo=UTC))
    seen = len(digests(bot, "UCOORDTK"))
    move_to(bot, datetime(2026, 3, 5, 13, 0, tzinfo=UTC))  # 08:00 in New York
    assert len(digests(bot, "UCOORDTK")) == seen + 1, "no digest at 08:00 in the coordinator's new zone"
    move_to(bot, datetime(2026, 3, 5, 23, 0, tzinfo=UTC))  # 08:00 in Tokyo
    assert len(digests(bot, "UCOORDTK")) == seen + 1


def test_the_digest_stays_within_slacks_limits_with_200_stalled_cases(start_bot):
    bot = start(start_bot)
    unplaced_ids = insert_cases(bot.services, 150, CaseState.UNPLACED)
    insert_cases(bot.services, 50, CaseState.OFFERED, days_ago=2,
                               escalated_unaccepted_at=datetime(2026, 3, 1, tzinfo=UTC))
    move_to(bot, datetime(2026, 3, 3, 8, 0, tzinfo=UTC))
    for coordinator in COORDINATORS:
        [digest] = digests(bot, coordinator)
        blocks = digest.params["blocks"]
        assert len(blocks) <= MAX_MESSAGE_BLOCKS
        assert all(len(block.get("text", {}).get("text", "")) <= MAX_SECTION_TEXT for block in blocks)
        assert digest.params["text"] == "Peer support digest: 200 cases need attention."
        assert "(150 to place, 50 not accepted in time)" in blocks[0]["text"]["text"]
        # The oldest ten by referral (the waiting ones were stored later), then a pointer to the Home.
        assert [line.split(" · ")[0] for line in digest_lines(digest)] == [f"Case {i}" for i in unplaced_ids[:10]]
        assert "190 more are on the App Home" in blocks[2]["elements"][0]["text"]
        assert_names_nobody(digest)

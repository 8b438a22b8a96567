"""Follow-through after Accept: We've connected, the contact nudge, Couldn't reach them, Hand off,
check-ins and closing by themselves, Close case with an outcome, buttons on a case one does not hold,
the referrer hearing once, and pausing a supporter after three expired offers in a row."""
from __future__ import annotations

from datetime import timedelta

import pytest
from flows import button_value, cases, dms_to, eventually, load_roster, wait_for_dm
from follow_through_steps import (
    CHECK_IN_TEXT,
    CONTACT_NUDGE_TEXT,
    COORDINATORS,
    NO_CONTACT_TEXT,
    NOTE,
    OFFER_TEXT,
    ROSTER,
    UNPLACED_TEXT,
    accept,
    advance,
    button_actions,
    button_labels,
    case_row,
    closed_dms,
    coordinator_dms,
    ephemerals_to,
    ts_of,
    move_to,
    nudges_of,
    offer_dms,
    offers_of,
    open_close_modal,
    outcome_values,
    pending,
    pending_due,
    press,
    refer,
    refer_colleague,
    sent_offer,
    settle,
    updates_of,
    wait_ephemeral,
    wait_update,
)

SAFETY = "I'm worried about their safety"

from bot.cases.vocabulary import OUTCOMES

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)
SECOND = timedelta(seconds=1)
HOLDER_KINDS = {"contact_nudge", "check_in", "escalate_no_contact", "coordinator_no_contact"}


def start(start_bot, roster: str = ROSTER, **settings):
    bot = start_bot(**settings)
    load_roster(bot.services, roster)
    # The supporters work in London: the clock's 10:00 UTC start is daytime for them.
    for supporter in ("USUP1", "USUP2"):
        bot.slack.add_user(supporter, tz="Europe/London")
    return bot


@pytest.fixture
def bot(start_bot):
    return start(start_bot)


def accepted(bot, clinician="UCLIN1", supporter="USUP1", **referral):
    """A self-referral accepted by `supporter`: (case id, the accept message, its ts)."""
    case = refer(bot, user=clinician, note=NOTE, **referral)
    message = accept(bot, case.id, supporter)
    wait_for_dm(bot.slack, clinician, "will reach out")
    # Slack has the clinician's DM; wait until the bot has recorded it sent too, so that what a test
    # finds pending afterwards is only what is still to come.
    eventually(lambda: pending_due(bot.services) == 0, what="the clinician's DM recorded sent")
    return case.id, message, message.params["ts"]


def contact_nudges(bot, supporter="USUP1"):
    return dms_to(bot.slack, supporter, CONTACT_NUDGE_TEXT)


def check_ins(bot, supporter="USUP1"):
    return dms_to(bot.slack, supporter, CHECK_IN_TEXT)


# ---- We've connected -----------------------------------------------------------------------------


def test_the_accept_message_carries_we_have_connected(bot):
    case_id, message, _ = accepted(bot)
    assert "We've connected" in button_labels(message)
    assert button_value(message, "case.contacted") == str(case_id)


def test_we_have_connected_records_contact_and_schedules_check_ins_from_then(bot):
    case_id, message, ts = accepted(bot)
    contact_at = advance(bot, 3 * HOUR)
    press(bot, "USUP1", message, "case.contacted", ts)
    [update] = wait_update(bot, ts, "contact recorded")
    assert "7 days and 30 days" in str(update.params["blocks"])
    assert "case.contacted" not in button_actions(update)
    case = case_row(bot, case_id)
    assert (case.state, case.contacted_at, case.supporter_slack_id) == ("contacted", contact_at, "USUP1")
    check_in_rows = pending(nudges_of(bot, case_id, kind="check_in"))
    assert [(n.due_at, n.recipient_slack_id) for n in check_in_rows] == [
        (contact_at + timedelta(days=7), "USUP1"), (contact_at + timedelta(days=30), "USUP1")]
    # The contact nudge and the no-contact escalation are cancelled, not merely skipped later.
    assert {n.kind for n in nudges_of(bot, case_id) if n.cancelled_at == contact_at} == {
        "contact_nudge", "escalate_no_contact"}
    # A second click changes nothing and schedules nothing twice; the message still says so.
    press(bot, "USUP1", message, "case.contacted", ts)
    bot.slack.wait_for("chat.update", count=2, where=lambda c: "contact recorded" in c.params["text"])
    assert len(pending(nudges_of(bot, case_id, kind="check_in"))) == 2
    assert case_row(bot, case_id).contacted_at == contact_at
    # The contact nudge (and the coordinators' no-contact escalation) were cancelled.
    advance(bot, DAY)
    advance(bot, DAY)
    advance(bot, HOUR)
    assert contact_nudges(bot) == []
    assert all(coordinator_dms(bot, c, NO_CONTACT_TEXT) == [] for c in COORDINATORS)
    assert case_row(bot, case_id).state == "contacted"


# ---- the contact nudge -----------------------------------------------------------------------------


def test_without_contact_the_supporter_is_asked_once_after_contact_nudge_after(bot):
    case_id, _, _ = accepted(bot)
    advance(bot, DAY - SECOND)
    assert contact_nudges(bot) == []
    advance(bot, SECOND)
    [nudge] = contact_nudges(bot)
    assert button_labels(nudge) == ["We've connected", "Couldn't reach them", "Hand off", "Remind me tomorrow",
                                    "Remind me in 3 days", SAFETY]
    assert {button_value(nudge, a) for a in ("case.contacted", "case.not_reached", "case.hand_off")} == {str(case_id)}
    assert "bleed" not in str(nudge.params)
    settle(bot)
    advance(bot, HOUR)
    advance(bot, DAY)  # past the no-contact escalation too
    assert len(contact_nudges(bot)) == 1


def test_we_have_connected_from_the_contact_nudge_records_contact(bot):
    case_id, _, _ = accepted(bot)
    advance(bot, DAY)
    [nudge] = contact_nudges(bot)
    ts = ts_of(nudge)
    press(bot, "USUP1", nudge, "case.contacted", ts)
    wait_update(bot, ts, "contact recorded")
    assert case_row(bot, case_id).state == "contacted"


def test_couldnt_reach_them_is_not_contact_and_asks_again_after_contact_nudge_after(bot):
    case_id, _, _ = accepted(bot)
    advance(bot, DAY)
    [nudge] = contact_nudges(bot)
    clicked_at = advance(bot, HOUR)
    ts = ts_of(nudge)
    press(bot, "USUP1", nudge, "case.not_reached", ts)
    [update] = wait_update(bot, ts, "Thanks for trying")
    assert "case.not_reached" not in button_actions(update)
    assert "ask again in 1 day" in update.params["text"]  # CONTACT_NUDGE_AFTER, in words
    case = case_row(bot, case_id)
    assert (case.state, case.contacted_at) == ("accepted", None)
    assert nudges_of(bot, case_id, kind="check_in") == []
    assert [n.due_at for n in pending(nudges_of(bot, case_id, kind="contact_nudge"))] == [clicked_at + DAY]
    advance(bot, DAY - SECOND)
    assert len(contact_nudges(bot)) == 1
    advance(bot, SECOND)
    second = contact_nudges(bot)[1]
    assert button_value(second, "case.contacted") == str(case_id)
    advance(bot, HOUR)
    assert len(contact_nudges(bot)) == 2


# ---- Hand off ---------------------------------------------------------------------------------------


def hand_off_at_the_contact_nudge(bot):
    """Accept, wait for the contact nudge, say Couldn't reach them (a nudge is pending again), then Hand off."""
    case_id, message, accept_ts = accepted(bot)
    clinician_dms = len(dms_to(bot.slack, "UCLIN1"))
    advance(bot, DAY)
    [nudge] = contact_nudges(bot)
    ts = ts_of(nudge)
    press(bot, "USUP1", nudge, "case.not_reached", ts)
    wait_update(bot, ts, "Thanks for trying")
    press(bot, "USUP1", nudge, "case.hand_off", ts)
    [update] = wait_update(bot, ts, "Handed off")
    assert "case.hand_off" not in button_actions(update)
    return case_id, message, accept_ts, clinician_dms


def test_hand_off_rematches_without_the_supporter_and_the_clinician_notices_nothing(bot):
    case_id, _, _, clinician_dms = hand_off_at_the_contact_nudge(bot)
    # The next supporter is offered the case; the case is no longer the first supporter's.
    wait_for_dm(bot.slack, "USUP2", OFFER_TEXT)
    case = case_row(bot, case_id)
    assert (case.state, case.supporter_slack_id, case.accepted_at) == ("offered", None, None)
    assert [(o.supporter_slack_id, o.status) for o in offers_of(bot, case_id)] == [
        ("USUP1", "handed_off"), ("USUP2", "open")]
    # Everything that was pending for the first supporter is cancelled.
    assert [n.kind for n in pending(nudges_of(bot, case_id)) if n.kind in HOLDER_KINDS] == []
    # Nobody accepts: the offer passes on, but never back to the supporter who handed off.
    advance(bot, 4 * HOUR)
    for coordinator in COORDINATORS:
        assert len(coordinator_dms(bot, coordinator, UNPLACED_TEXT)) == 1
    assert case_row(bot, case_id).state == "unplaced"
    assert len(offer_dms(bot, "USUP1")) == 1
    # No second contact nudge (the one Couldn't reach them scheduled), no no-contact escalation.
    advance(bot, DAY)
    assert len(contact_nudges(bot)) == 1
    assert all(coordinator_dms(bot, c, NO_CONTACT_TEXT) == [] for c in COORDINATORS)
    assert len(dms_to(bot.slack, "UCLIN1")) == clinician_dms


def test_after_a_hand_off_the_next_supporter_accepts_and_the_clinician_is_not_told_again(bot):
    case_id, _, _, clinician_dms = hand_off_at_the_contact_nudge(bot)
    handed_off_at = bot.clock.now()
    accept(bot, case_id, "USUP2")
    settle(bot)
    assert case_row(bot, case_id).supporter_slack_id == "USUP2"
    assert len(dms_to(bot.slack, "UCLIN1")) == clinician_dms
    # The first supporter's no-contact escalation (due 2 days after their Accept) does not fire.
    move_to(bot, handed_off_at + DAY + HOUR)
    assert all(coordinator_dms(bot, c, NO_CONTACT_TEXT) == [] for c in COORDINATORS)
    assert len(contact_nudges(bot, "USUP1")) == 1
    assert len(contact_nudges(bot, "USUP2")) == 1
    assert len(dms_to(bot.slack, "UCLIN1")) == clinician_dms


# ---- check-ins ------------------------------------------------------------------------------------------


def test_check_ins_at_each_offset_then_the_case_closes_itself_and_still_takes_answers(bot):
    case_id, message, ts = accepted(bot)
    press(bot, "USUP1", message, "case.contacted", ts)
    wait_update(bot, ts, "contact recorded")
    advance(bot, 7 * DAY - SECOND)
    assert check_ins(bot) == []
    advance(bot, SECOND)
    [first] = check_ins(bot)
    assert button_labels(first) == ["Checked in", "Close case", "Remind me tomorrow", "Remind me in 3 days", SAFETY]
    assert "last reminder" not in str(first.params["blocks"])
    first_ts = ts_of(first)
    press(bot, "USUP1", first, "case.checked_in", first_ts)
    wait_update(bot, first_ts, "Check-in recorded")
    assert case_row(bot, case_id).state == "contacted"

    advance(bot, 23 * DAY - SECOND)
    assert len(check_ins(bot)) == 1
    closes_at = advance(bot, SECOND)
    last = check_ins(bot)[1]
    assert "last reminder" in str(last.params["blocks"])
    assert button_labels(last) == ["Checked in", "Close case", SAFETY]  # nothing left to move: it closes the case
    case = case_row(bot, case_id)
    assert (case.state, case.outcome, case.closed_at, case.note_ciphertext) == ("closed", "checked_in", closes_at, None)

    # The last check-in's buttons still record an answer after the case closed itself.
    last_ts = ts_of(last)
    press(bot, "USUP1", last, "case.checked_in", last_ts)
    wait_update(bot, last_ts, "Check-in recorded")
    view = open_close_modal(bot, "USUP1", last, last_ts)
    assert view["callback_id"] == "case.close_outcome"
    assert bot.send.submit("USUP1", view, outcome_values("talked")).status == 200
    bot.slack.wait_for("chat.postMessage", where=lambda c: "Case closed" in c.params["text"])
    case = case_row(bot, case_id)
    assert (case.state, case.outcome, case.closed_at) == ("closed", "talked", closes_at)
    assert ephemerals_to(bot, "USUP1") == []
    advance(bot, 60 * DAY)
    assert len(check_ins(bot)) == 2


def test_settings_drive_the_contact_nudge_and_check_in_timings(start_bot):
    bot = start(start_bot, contact_nudge_after=timedelta(seconds=30),
                checkin_after=(timedelta(minutes=1), timedelta(minutes=2)))
    case_id, _, _ = accepted(bot)
    advance(bot, timedelta(seconds=29))
    assert contact_nudges(bot) == []
    contact_at = advance(bot, SECOND)
    [nudge] = contact_nudges(bot)
    ts = ts_of(nudge)
    press(bot, "USUP1", nudge, "case.contacted", ts)
    wait_update(bot, ts, "contact recorded")
    assert case_row(bot, case_id).contacted_at == contact_at
    advance(bot, timedelta(seconds=59))
    assert check_ins(bot) == []
    advance(bot, SECOND)
    assert len(check_ins(bot)) == 1
    assert case_row(bot, case_id).state == "contacted"
    advance(bot, timedelta(seconds=59))
    assert len(check_ins(bot)) == 1
    advance(bot, SECOND)
    assert len(check_ins(bot)) == 2
    case = case_row(bot, case_id)
    assert (case.state, case.outcome) == ("closed", "checked_in")


def test_the_contact_recorded_message_tells_the_check_in_times_the_settings_give(start_bot):
    bot = start(start_bot, checkin_after=(timedelta(hours=12), timedelta(days=7)))
    case_id, message, ts = accepted(bot)
    press(bot, "USUP1", message, "case.contacted", ts)
    [update] = wait_update(bot, ts, "contact recorded")
    said = update.params["blocks"][0]["text"]["text"]
    assert "7 days" in said
    assert "0 days" not in said, f"a 12-hour check-in announced as {said!r}"


# ---- Close case -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("outcome", ["talked", "declined_support", "not_reached", "referred_out", "handed_off"])
def test_close_case_from_the_accept_message_with_an_outcome(bot, outcome):
    case_id, message, ts = accepted(bot)
    assert case_row(bot, case_id).note_ciphertext is not None
    view = open_close_modal(bot, "USUP1", message, ts)
    assert view["callback_id"] == "case.close_outcome"
    assert view["private_metadata"] == str(case_id)
    radio = next(b for b in view["blocks"] if b.get("block_id") == "case.outcome")
    assert [o["value"] for o in radio["element"]["options"]] == list(OUTCOMES)
    reply = bot.send.submit("USUP1", view, outcome_values(outcome))
    assert reply.status == 200 and reply.json().get("response_action") != "errors"
    closed_at = bot.clock.now()
    bot.slack.wait_for("chat.postMessage", where=lambda c: "Case closed" in c.params["text"])
    case = case_row(bot, case_id)
    assert (case.state, case.outcome, case.closed_at, case.note_ciphertext) == ("closed", outcome, closed_at, None)
    # What was pending for the case is cancelled (all but its purge, RETENTION from now) ...
    assert [(n.kind, n.due_at) for n in pending(nudges_of(bot, case_id))] == [
        ("purge_case", closed_at + bot.services.settings.retention)]
    assert {n.kind for n in nudges_of(bot, case_id) if n.cancelled_at == closed_at} >= {
        "contact_nudge", "escalate_no_contact"}
    # ... and nothing more is sent, however long we wait.
    posted = len(bot.slack.calls_to("chat.postMessage"))
    for _ in range(3):
        advance(bot, DAY)
    advance(bot, 30 * DAY)
    assert len(bot.slack.calls_to("chat.postMessage")) == posted
    assert len(closed_dms(bot, "USUP1")) == 1


def test_close_case_without_an_outcome_is_a_field_error(bot):
    case_id, message, ts = accepted(bot)
    view = open_close_modal(bot, "USUP1", message, ts)
    answer = bot.send.submit("USUP1", view, outcome_values(None)).json()
    assert answer["response_action"] == "errors"
    assert list(answer["errors"]) == ["case.outcome"]
    case = case_row(bot, case_id)
    assert (case.state, case.outcome) == ("accepted", None)
    assert case.note_ciphertext is not None
    assert len(pending(nudges_of(bot, case_id, kind="contact_nudge"))) == 1


def test_close_case_after_contact_cancels_the_check_ins(bot):
    case_id, message, ts = accepted(bot)
    press(bot, "USUP1", message, "case.contacted", ts)
    [update] = wait_update(bot, ts, "contact recorded")
    view = open_close_modal(bot, "USUP1", update, ts)
    bot.send.submit("USUP1", view, outcome_values("talked"))
    bot.slack.wait_for("chat.postMessage", where=lambda c: "Case closed" in c.params["text"])
    assert case_row(bot, case_id).outcome == "talked"
    assert pending(nudges_of(bot, case_id, kind="check_in")) == []
    advance(bot, 31 * DAY)
    assert check_ins(bot) == []


# ---- a case the clicker does not hold ------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["case.contacted", "case.not_reached", "case.hand_off", "case.checked_in",
                                    "case.close"])
def test_a_button_on_someone_elses_case_changes_nothing_and_says_so_privately(bot, action):
    case_id, _, _ = accepted(bot)
    if action == "case.checked_in":  # check-ins are for contacted cases
        ts = sent_offer_ts(bot, case_id)
        press(bot, "USUP1", accept_message(bot, ts), "case.contacted", ts)
        wait_update(bot, ts, "contact recorded")
    before = case_row(bot, case_id)
    reply = bot.send.click("USUP2", action, str(case_id), channel="DUSUP2", message_ts="1700000999.000100",
                           block_id="case.actions")
    assert reply.status == 200
    [told] = wait_ephemeral(bot, "USUP2")
    assert "no longer with you" in told.params["text"] and told.params["channel"] == "DUSUP2"
    settle(bot)
    after = case_row(bot, case_id)
    assert (after.state, after.supporter_slack_id, after.contacted_at, after.outcome) == (
        before.state, "USUP1", before.contacted_at, None)
    assert updates_of(bot, "1700000999.000100") == []
    assert len(bot.slack.calls_to("views.open")) == 1  # only the self-referral form
    assert [o.status for o in offers_of(bot, case_id)] == ["accepted"]
    assert offer_dms(bot, "USUP2") == []


def sent_offer_ts(bot, case_id):
    return offers_of(bot, case_id)[0].dm_ts


def accept_message(bot, ts):
    return next(c for c in bot.slack.calls_to("chat.update")
                if c.params["ts"] == ts and "Thank you for accepting" in c.params["text"])


def test_buttons_after_a_hand_off_are_refused_privately(bot):
    case_id, message, accept_ts, _ = hand_off_at_the_contact_nudge(bot)
    wait_for_dm(bot.slack, "USUP2", OFFER_TEXT)
    press(bot, "USUP1", message, "case.contacted", accept_ts)
    press(bot, "USUP1", message, "case.close", accept_ts)
    told = wait_ephemeral(bot, "USUP1", count=2)
    assert all("no longer with you" in e.params["text"] for e in told)
    settle(bot)
    case = case_row(bot, case_id)
    assert (case.state, case.supporter_slack_id, case.contacted_at, case.outcome) == ("offered", None, None, None)
    assert len(bot.slack.calls_to("views.open")) == 1
    assert [u.params["text"] for u in updates_of(bot, accept_ts)][-1].startswith("Thank you for accepting")


# ---- the referrer hears once -----------------------------------------------------------------------------------

LEAD_ROSTER = ROSTER + """ULEAD1,Lee Lead,lead,faculty,Surgery,0
ULEAD2,Lou Lead,lead,faculty,Medicine,0
"""
LEAD_NOTE = "Found them crying in the car park after the inquest."


def test_referrers_hear_once_when_contact_is_made_without_the_supporter_or_the_note(start_bot):
    bot = start(start_bot, LEAD_ROSTER)
    bot.slack.add_user("UCLIN1")
    refer_colleague(bot, "ULEAD1", "UCLIN1", note=LEAD_NOTE)
    [case] = cases(bot.services)
    refer_colleague(bot, "ULEAD2", "UCLIN1")  # joins the open case
    assert len(cases(bot.services)) == 1
    message = accept(bot, case.id, "USUP1")
    ts = message.params["ts"]
    settle(bot)
    assert dms_to(bot.slack, "ULEAD1") == [] and dms_to(bot.slack, "ULEAD2") == []
    press(bot, "USUP1", message, "case.contacted", ts)
    wait_update(bot, ts, "contact recorded")
    for lead in ("ULEAD1", "ULEAD2"):
        wait_for_dm(bot.slack, lead, "been in touch")
    press(bot, "USUP1", message, "case.contacted", ts)  # a second click
    wait_update(bot, ts, "contact recorded", count=2)
    settle(bot)
    advance(bot, DAY)
    for lead in ("ULEAD1", "ULEAD2"):
        [told] = dms_to(bot.slack, lead)
        text = str(told.params)
        assert "<@UCLIN1>" in text
        assert "USUP1" not in text and "Sam" not in text
        assert "car park" not in text and "inquest" not in text and "death" not in text.lower()
    assert dms_to(bot.slack, "UCLIN1") == []


# ---- pausing after three expired offers in a row ----------------------------------------------------------------

ONE_SUPPORTER = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
UCOORD2,Robin Coordinator,coordinator,,,0
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,5
"""
PAUSED_TEXT = "paused new requests"
COORDINATOR_PAUSED_TEXT = "was paused"


def let_expire(bot, clinician):
    """Refer `clinician`; USUP1 (the only supporter) is offered it and lets it expire."""
    case = refer(bot, user=clinician)
    sent_offer(bot, case.id, "USUP1")
    advance(bot, 4 * HOUR)
    assert [o.status for o in offers_of(bot, case.id)] == ["expired"]
    return case.id


def test_three_expired_offers_in_a_row_pause_the_supporter_until_they_resume(start_bot):
    # A day of offers runs into the London night; quiet hours are not what this is about.
    bot = start(start_bot, ONE_SUPPORTER, quiet_hours=None)
    let_expire(bot, "UCLIN1")
    let_expire(bot, "UCLIN2")
    settle(bot)
    assert dms_to(bot.slack, "USUP1", PAUSED_TEXT) == []
    let_expire(bot, "UCLIN3")
    [paused] = wait_for_dm(bot.slack, "USUP1", PAUSED_TEXT)
    assert button_labels(paused) == ["Resume"]
    for coordinator in COORDINATORS:
        [told] = coordinator_dms(bot, coordinator, COORDINATOR_PAUSED_TEXT)
        assert "<@USUP1>" in told.params["blocks"][0]["text"]["text"]
    # Paused: never matched.
    fourth = refer(bot, user="UCLIN4")
    settle(bot)
    assert case_row(bot, fourth.id).state == "unplaced"
    assert offers_of(bot, fourth.id) == []
    assert len(offer_dms(bot, "USUP1")) == 3
    advance(bot, DAY)
    assert len(dms_to(bot.slack, "USUP1", PAUSED_TEXT)) == 1
    assert all(len(coordinator_dms(bot, c, COORDINATOR_PAUSED_TEXT)) == 1 for c in COORDINATORS)
    # Resume: matched again.
    ts = ts_of(paused)
    press(bot, "USUP1", paused, "supporter.resume", ts)
    wait_update(bot, ts, "Welcome back")
    fifth = refer(bot, user="UCLIN5")
    sent_offer(bot, fifth.id, "USUP1")
    assert len(offer_dms(bot, "USUP1", fifth.id)) == 1


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_an_answer_between_expiries_resets_the_count(start_bot, answer):
    bot = start(start_bot, ONE_SUPPORTER, quiet_hours=None)
    let_expire(bot, "UCLIN1")
    let_expire(bot, "UCLIN2")
    case = refer(bot, user="UCLIN3")
    if answer == "accept":
        accept(bot, case.id, "USUP1")
    else:
        offer = sent_offer(bot, case.id, "USUP1")
        opened = len(bot.slack.calls_to("views.open"))
        bot.send.click("USUP1", "offer.decline", str(offer.id), channel="DUSUP1", message_ts=offer.dm_ts)
        modal = bot.slack.wait_for("views.open", count=opened + 1)[-1].params["view"]
        decline = {"decline.reason": {"reason": {"type": "radio_buttons",
                                                 "selected_option": {"value": "unavailable"}}}}
        bot.send.submit("USUP1", modal, decline)
        wait_update(bot, offer.dm_ts, "passed this request on")
    let_expire(bot, "UCLIN4")
    let_expire(bot, "UCLIN5")
    settle(bot)
    assert dms_to(bot.slack, "USUP1", PAUSED_TEXT) == []
    assert all(coordinator_dms(bot, c, COORDINATOR_PAUSED_TEXT) == [] for c in COORDINATORS)
    # Still matched: the sixth offer reaches them; letting it expire is the third in a row.
    let_expire(bot, "UCLIN6")
    wait_for_dm(bot.slack, "USUP1", PAUSED_TEXT)

"""Issue 9: the top-level `text` of every DM (what a phone shows on its lock screen) never carries
a name, a `<@U…>` mention (the preview shows it as a name), an event type or typed text.

Every kind of DM is a notice rendered by bot/slack/render.py; each notice type has a sample
here (a test fails when a new one has none), filled with a name, ids, an event type and a note
that must all stay out of the text. The replies a click leaves behind are checked too."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone

import pytest

from bot.cases.notices import CaseNeedsAHand, ContactNudge, SafetyAlert, Stall
from bot.cases.vocabulary import EVENT_TYPES
from bot.coordination.metrics import CaseFacts, ReportRequest, compute_report
from bot.coordination.notices import CaseTakenBack, Digest, ReportReady, StalledCase
from bot.follow_through.notices import CheckIn, ReferrerContactMade
from bot.intake.notices import BurstSummary, EventAttached, TriageRequest, TriageRow
from bot.offers.notices import CaseUnplaced, OfferMade, OfferPassedOn, OfferReminder, OfferWithdrawn, SupporterFound
from bot.offers.summaries import OfferSummary
from bot.outbox.registry import Notice, every_notice_type
from bot.referrals.notices import CaseNews, ReferralLimitReached, RequestJoined, Welcome
from bot.roster.notices import BackFromAway, CoordinatorSupporterPaused, SupporterPaused
from bot.slack.messages import follow_through as case_words
from bot.slack.messages import offers as offer_words
from bot.slack.messages import roster as roster_words
from bot.slack.render import render

CLINICIAN, SUPPORTER, REFERRER = "UCLINLOCK1", "USUPLOCK2", "ULEADLOCK3"
RESOURCES = ("Employee Assistance Program: 1-800-555-0100",)
SUMMARY = OfferSummary(
    offer_id=7, case_id=12, supporter_id=SUPPORTER, clinician_id=CLINICIAN, source="lead", urgency="today",
    contact_preference="phone", status="open", deadline_at=datetime(2026, 3, 2, 14, tzinfo=timezone.utc),
    dm_channel="DUSUP", dm_ts="1.0", referrer_id=REFERRER)

SAMPLES: dict[type, Notice] = {
    Welcome: Welcome("today", "phone", RESOURCES),
    RequestJoined: RequestJoined(RESOURCES),
    CaseNews: CaseNews(12, CLINICIAN, 7, urgent=True),
    ReferralLimitReached: ReferralLimitReached(CLINICIAN, 5),
    CaseNeedsAHand: CaseNeedsAHand(12, "offered", timedelta(hours=9), Stall.NOT_ACCEPTED, timedelta(hours=8)),
    SafetyAlert: SafetyAlert(12, SUPPORTER),
    ContactNudge: ContactNudge(12, CLINICIAN),
    OfferMade: OfferMade(SUMMARY),
    OfferReminder: OfferReminder(SUMMARY),
    OfferPassedOn: OfferPassedOn(SUMMARY),
    SupporterFound: SupporterFound("phone"),
    CaseUnplaced: CaseUnplaced(12, "today"),
    SupporterPaused: SupporterPaused(),
    CoordinatorSupporterPaused: CoordinatorSupporterPaused(SUPPORTER),
    CheckIn: CheckIn(12, CLINICIAN, last=True),
    ReferrerContactMade: ReferrerContactMade(CLINICIAN),
    Digest: Digest(1, ((Stall.NOBODY_LEFT, 1),), (StalledCase(12, "unplaced", timedelta(days=2)),)),
    OfferWithdrawn: OfferWithdrawn(SUMMARY),
    CaseTakenBack: CaseTakenBack(12, closed=False),
    BackFromAway: BackFromAway(),
    ReportReady: ReportReady(compute_report(
        [CaseFacts("lead", datetime(2026, 2, 3, 9, tzinfo=timezone.utc), division="Cardiac Surgery")],
        ReportRequest(date(2026, 2, 1), date(2026, 2, 28))), monthly=True),
    TriageRequest: TriageRequest(3, True, (TriageRow(1, CLINICIAN, "primary", 12, "waiting"),
                                           TriageRow(2, SUPPORTER, "team", 13, "offered"))),
    EventAttached: EventAttached(12, case_open=True),
    BurstSummary: BurstSummary(50, 12, 70, 60, 10, 0, 10, (12, 13)),
}
EVENT_WORDS = [code for code in EVENT_TYPES if code != "other"] + [label for code, label in EVENT_TYPES.items()
                                                                   if code != "other"]
FORBIDDEN = ("<@", "<!", CLINICIAN, SUPPORTER, REFERRER, "Alex", *EVENT_WORDS)


def test_every_kind_of_dm_has_a_sample_here():
    assert sorted(t.__name__ for t in every_notice_type()) == sorted(t.__name__ for t in SAMPLES)


def assert_safe_preview(text: str) -> None:
    assert text and len(text) < 200
    for word in FORBIDDEN:
        assert word.lower() not in text.lower(), f"{word!r} in the preview {text!r}"


@pytest.mark.parametrize("notice", list(SAMPLES.values()), ids=lambda n: type(n).__name__)
def test_the_lock_screen_preview_of_each_dm_names_nobody_and_says_nothing_typed(notice):
    message = render(notice)
    assert_safe_preview(message.text)
    # The blocks may name the people the reader already works with, but never an event type.
    for field in dataclasses.fields(notice):
        assert field.name not in ("note", "notes", "event_type")


@pytest.mark.parametrize("message", [
    offer_words.accepted_message(SUMMARY, RESOURCES), offer_words.declined_message(SUMMARY),
    case_words.contact_recorded_message(12, (timedelta(days=7),)), case_words.not_reached_message(12, timedelta(days=1)),
    case_words.handed_off_message(12), case_words.checked_in_message(12), case_words.closed_message(12),
    roster_words.supporter_resumed_message(),
    case_words.reminder_moved_message(12, datetime(2026, 3, 3, 9, tzinfo=timezone.utc)),
], ids=lambda m: m.text[:30])
def test_the_messages_a_click_leaves_behind_have_safe_previews_too(message):
    assert_safe_preview(message.text)


def test_every_dm_of_a_whole_case_has_a_safe_preview(bot):
    """Through the real app: referral, offer, reminder, accept, contact, check-ins, escalations."""
    from follow_through_steps import ROSTER, accept, advance, press, refer, sent_offer, ts_of, wait_update

    from flows import load_roster, wait_for_dm

    load_roster(bot.services, ROSTER)
    case = refer(bot, note="A rough week after a hard case.")
    sent_offer(bot, case.id, "USUP1")
    advance(bot, timedelta(hours=2))  # the reminder
    accept(bot, case.id, "USUP1")
    advance(bot, timedelta(days=1))  # the contact nudge
    nudge = wait_for_dm(bot.slack, "USUP1", "Have you been able to connect")[-1]
    press(bot, "USUP1", nudge, "case.contacted", ts_of(nudge))
    wait_update(bot, ts_of(nudge), "contact recorded")
    advance(bot, timedelta(days=31))  # check-ins, closing itself
    texts = [c.params["text"] for c in bot.slack.calls_to("chat.postMessage")]
    texts += [c.params["text"] for c in bot.slack.calls_to("chat.update")]
    assert len(texts) >= 6
    for text in texts:
        assert "<@" not in text and "UCLIN1" not in text and "Alex" not in text
        assert "rough week" not in text and "complication" not in text.lower()

"""From what due work says (a feature's notice) to the Slack message that says it.

One renderer per notice type; a test checks every notice type a feature defines has one.
"""
from __future__ import annotations

from datetime import timedelta
from functools import singledispatch

from bot.cases.notices import CaseNeedsAHand, ContactNudge, SafetyAlert, Stall
from bot.cases.vocabulary import CaseState
from bot.coordination.notices import CaseTakenBack, Digest, ReportReady, StalledCase
from bot.follow_through.notices import CheckIn, ReferrerContactMade
from bot.intake.notices import BurstSummary, EventAttached, TriageRequest
from bot.offers.notices import CaseUnplaced, OfferMade, OfferPassedOn, OfferReminder, OfferWithdrawn, SupporterFound
from bot.outbox.registry import Notice
from bot.referrals.notices import CaseNews, ReferralLimitReached, RequestJoined, Welcome
from bot.roster.notices import BackFromAway, CoordinatorSupporterPaused, SupporterPaused
from bot.slack.messages import clinician, coordination, follow_through, intake, offers, reports, roster
from bot.slack.messages.common import Message, describe_age


def _hours(duration: timedelta) -> float:
    return duration.total_seconds() / 3600


@singledispatch
def render(notice: Notice) -> Message:
    raise TypeError(f"no message for {type(notice).__name__}")


@render.register
def _(notice: OfferMade) -> Message:
    return offers.offer_message(notice.offer)


@render.register
def _(notice: OfferReminder) -> Message:
    return offers.offer_reminder_message(notice.offer)


@render.register
def _(notice: OfferPassedOn) -> Message:
    return offers.passed_on_message(notice.offer)


@render.register
def _(notice: OfferWithdrawn) -> Message:
    return offers.withdrawn_message(notice.offer)


@render.register
def _(notice: SupporterFound) -> Message:
    return clinician.clinician_supporter_found_message(notice.contact_preference)


@render.register
def _(notice: CaseUnplaced) -> Message:
    return coordination.coordinator_unplaced_message(notice.case_id, notice.urgency)


@render.register
def _(notice: Welcome) -> Message:
    return clinician.clinician_welcome_message(notice.urgency, notice.contact_preference, notice.resources)


@render.register
def _(notice: ContactNudge) -> Message:
    return follow_through.contact_nudge_message(notice.case_id, notice.clinician_id)


@render.register
def _(notice: CheckIn) -> Message:
    return follow_through.check_in_message(notice.case_id, notice.clinician_id, last=notice.last)


@render.register
def _(notice: ReferrerContactMade) -> Message:
    return follow_through.referrer_contact_made_message(notice.clinician_id)


def _stall_reason(notice: CaseNeedsAHand) -> str:
    stalled = describe_age(_hours(notice.stalled_for))
    if notice.stall == Stall.NOT_ACCEPTED:
        return f"nobody has accepted it in {stalled}"
    return f"no contact recorded {stalled} after a supporter accepted"


@render.register
def _(notice: CaseNeedsAHand) -> Message:
    return coordination.coordinator_escalation_message(notice.case_id, notice.state, _hours(notice.age),
                                                       _stall_reason(notice))


def _digest_line(case: StalledCase) -> str:
    if case.state == CaseState.UNPLACED:
        why = "nobody left to match: needs placing"
    elif case.state == CaseState.ACCEPTED:
        why = "accepted, no contact recorded yet"
    else:
        why = "not accepted yet"
    return f"Case {case.case_id} · {case.state} · {why} · opened {describe_age(_hours(case.age))} ago"


@render.register
def _(notice: Digest) -> Message:
    counts = [(stall, count) for stall, count in notice.by_stall]
    return coordination.coordinator_digest_message(
        notice.total, counts, [_digest_line(case) for case in notice.oldest])


@render.register
def _(notice: CaseTakenBack) -> Message:
    return coordination.case_taken_back_message(notice.case_id, notice.closed)


@render.register
def _(notice: SupporterPaused) -> Message:
    return roster.supporter_paused_message()


@render.register
def _(notice: CoordinatorSupporterPaused) -> Message:
    return coordination.coordinator_supporter_paused_message(notice.supporter_id)


@render.register
def _(notice: BackFromAway) -> Message:
    return roster.back_from_away_message()


@render.register
def _(notice: ReportReady) -> Message:
    return reports.report_message(notice.report, notice.monthly)


@render.register
def _(notice: RequestJoined) -> Message:
    return clinician.request_joined_message(notice.resources)


@render.register
def _(notice: CaseNews) -> Message:
    return offers.case_news_message(notice.case_id, notice.clinician_id, notice.offer_id, notice.urgent)


@render.register
def _(notice: ReferralLimitReached) -> Message:
    return coordination.referral_limit_message(notice.person_id, notice.limit)


@render.register
def _(notice: SafetyAlert) -> Message:
    return coordination.safety_alert_message(notice.case_id, notice.supporter_id)


@render.register
def _(notice: TriageRequest) -> Message:
    return intake.triage_message(notice)


@render.register
def _(notice: EventAttached) -> Message:
    return intake.event_attached_message(notice)


@render.register
def _(notice: BurstSummary) -> Message:
    return intake.burst_summary_message(notice)

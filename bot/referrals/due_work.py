"""Due work referrals own: the clinician's welcome, "added to your open request", the supporter's
news about a case they hold or were offered, and the coordinators' word about a referral flood."""
from __future__ import annotations

from sqlalchemy import select

from bot.cases.policy import sees_case_through_offer
from bot.cases.vocabulary import OPEN_CASE_STATES, is_urgent
from bot.core.quiet_hours import QuietPolicy
from bot.outbox.registry import Delivery, DueWorkRegistry, SendsMessage, WorkContext
from bot.referrals.intake import ReferralWork
from bot.referrals.notices import CaseNews, ReferralLimitReached, RequestJoined, Welcome
from models.tables import Case, Offer


def _welcome(ctx: WorkContext) -> Delivery:
    case = ctx.session.get(Case, ctx.nudge.case_id)
    return Delivery(ctx.nudge.recipient_slack_id,
                    Welcome(case.urgency, case.contact_preference, ctx.svc.settings.resources))


def _request_joined(ctx: WorkContext) -> Delivery:
    return Delivery(ctx.nudge.recipient_slack_id, RequestJoined(ctx.svc.settings.resources))


def _case_news(ctx: WorkContext) -> Delivery | None:
    case = ctx.session.get(Case, ctx.nudge.case_id)
    supporter = ctx.nudge.recipient_slack_id
    if case is None or case.state not in OPEN_CASE_STATES:
        return None
    offers = ctx.session.scalars(select(Offer).where(Offer.case_id == case.id, Offer.supporter_slack_id == supporter))
    offer = next((o for o in offers if sees_case_through_offer(supporter, o, case, ctx.now)), None)
    if offer is None:
        return None  # it has passed on since
    return Delivery(supporter, CaseNews(case.id, case.clinician_slack_id, offer.id, is_urgent(case.urgency)))


def _referral_limit(ctx: WorkContext) -> Delivery:
    return Delivery(ctx.nudge.recipient_slack_id,
                    ReferralLimitReached(ctx.nudge.about_slack_id, ctx.svc.settings.referral_limit))


def register_due_work(registry: DueWorkRegistry) -> None:
    registry.register(SendsMessage(ReferralWork.CLINICIAN_WELCOME, _welcome, QuietPolicy.NEVER))
    registry.register(SendsMessage(ReferralWork.CLINICIAN_REQUEST_JOINED, _request_joined, QuietPolicy.NEVER))
    registry.register(SendsMessage(ReferralWork.SUPPORTER_CASE_NEWS, _case_news, QuietPolicy.UNLESS_URGENT))
    registry.register(SendsMessage(ReferralWork.COORDINATOR_REFERRAL_LIMIT, _referral_limit, QuietPolicy.NEVER))

"""Due work offers own: the offer DM, its reminder, its timeout, the DM update when it passes on,
the clinician's "a supporter will reach out", and asking coordinators to place a case."""
from __future__ import annotations

from datetime import datetime

from bot.cases.policy import offer_is_open
from bot.cases.vocabulary import CaseState, is_urgent
from bot.core.quiet_hours import QuietPolicy
from bot.offers.answers import expire_offer
from bot.offers.notices import CaseUnplaced, OfferMade, OfferPassedOn, OfferReminder, OfferWithdrawn, SupporterFound
from bot.offers.offering import OfferWork, postpone_offer
from bot.offers.summaries import summarise
from bot.outbox.registry import (
    Delivery,
    DueWorkRegistry,
    Priority,
    SendsMessage,
    StoredMessage,
    TakesAction,
    WorkContext,
)
from models.tables import Case, Offer


def _offer_of(ctx: WorkContext) -> Offer | None:
    return ctx.session.get(Offer, ctx.nudge.offer_id) if ctx.nudge.offer_id else None


def _send_offer(ctx: WorkContext) -> Delivery | None:
    offer = _offer_of(ctx)
    if not offer_is_open(offer, ctx.now):
        return None
    return Delivery(offer.supporter_slack_id, OfferMade(summarise(offer, offer.case)),
                    urgent=is_urgent(offer.case.urgency))


def _remind(ctx: WorkContext) -> Delivery | None:
    offer = _offer_of(ctx)
    if not offer_is_open(offer, ctx.now):
        return None  # answered or passed on: never sent late
    return Delivery(offer.supporter_slack_id, OfferReminder(summarise(offer, offer.case)),
                    urgent=is_urgent(offer.case.urgency))


def _postpone(ctx: WorkContext, until: datetime) -> None:
    postpone_offer(ctx.session, ctx.svc, _offer_of(ctx), until)


def _remember_where_the_offer_is(ctx: WorkContext, posted: StoredMessage | None) -> None:
    offer = _offer_of(ctx)
    if posted is not None:
        offer.dm_channel, offer.dm_ts = posted.channel, posted.ts


def _time_out(ctx: WorkContext) -> None:
    expire_offer(ctx.session, ctx.svc, ctx.nudge.offer_id, ctx.now)


def _say_it_passed_on(ctx: WorkContext) -> Delivery | None:
    offer = _offer_of(ctx)
    if offer is None or not offer.dm_ts:
        return None
    return Delivery(offer.supporter_slack_id, OfferPassedOn(summarise(offer, offer.case)),
                    replaces=StoredMessage(offer.dm_channel, offer.dm_ts))


def _say_it_was_withdrawn(ctx: WorkContext) -> Delivery | None:
    offer = _offer_of(ctx)
    if offer is None or not offer.dm_ts:
        return None  # its DM never went out: nothing to update
    return Delivery(offer.supporter_slack_id, OfferWithdrawn(summarise(offer, offer.case)),
                    replaces=StoredMessage(offer.dm_channel, offer.dm_ts))


def _supporter_found(ctx: WorkContext) -> Delivery | None:
    case = ctx.session.get(Case, ctx.nudge.case_id)
    if case.state == CaseState.CLOSED:
        return None
    return Delivery(ctx.nudge.recipient_slack_id, SupporterFound(case.contact_preference))


def _ask_to_place(ctx: WorkContext) -> Delivery | None:
    case = ctx.session.get(Case, ctx.nudge.case_id)
    if case.state != CaseState.UNPLACED:
        return None
    return Delivery(ctx.nudge.recipient_slack_id, CaseUnplaced(case.id, case.urgency))


def register_due_work(registry: DueWorkRegistry) -> None:
    registry.register(SendsMessage(OfferWork.SEND_OFFER, _send_offer, QuietPolicy.UNLESS_URGENT,
                                   on_hold=_postpone, after_sent=_remember_where_the_offer_is,
                                   priority=Priority.FIRST))
    registry.register(SendsMessage(OfferWork.OFFER_REMINDER, _remind, QuietPolicy.UNLESS_URGENT,
                                   priority=Priority.FIRST))
    registry.register(TakesAction(OfferWork.OFFER_TIMEOUT, _time_out, priority=Priority.FIRST))
    registry.register(SendsMessage(OfferWork.OFFER_PASSED_ON, _say_it_passed_on, QuietPolicy.NEVER))
    registry.register(SendsMessage(OfferWork.OFFER_WITHDRAWN, _say_it_was_withdrawn, QuietPolicy.NEVER))
    registry.register(SendsMessage(OfferWork.CLINICIAN_SUPPORTER_FOUND, _supporter_found, QuietPolicy.NEVER))
    registry.register(SendsMessage(OfferWork.COORDINATOR_UNPLACED, _ask_to_place, QuietPolicy.NEVER,
                                   priority=Priority.FIRST))

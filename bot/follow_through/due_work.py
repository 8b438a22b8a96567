"""Due work the follow-through owns: check-in reminders (the last closes the case), and telling
whoever referred the clinician that contact was made."""
from __future__ import annotations

from bot.cases.policy import holds_case
from bot.cases.vocabulary import CaseState
from bot.core.quiet_hours import QuietPolicy
from bot.follow_through.check_ins import close_after_last_check_in, is_last_check_in
from bot.follow_through.contact import FollowThroughWork
from bot.follow_through.notices import CheckIn, ReferrerContactMade
from bot.outbox.registry import Delivery, DueWorkRegistry, SendsMessage, StoredMessage, WorkContext
from models.tables import Case


def _check_in(ctx: WorkContext) -> Delivery | None:
    case = ctx.session.get(Case, ctx.nudge.case_id)
    if not (holds_case(ctx.nudge.recipient_slack_id, case) and case.state == CaseState.CONTACTED):
        return None
    last = is_last_check_in(ctx.session, case.id, ctx.nudge.id)
    return Delivery(ctx.nudge.recipient_slack_id, CheckIn(case.id, case.clinician_slack_id, last))


def _close_after_the_last(ctx: WorkContext, posted: StoredMessage | None) -> None:
    close_after_last_check_in(ctx.session, ctx.svc, ctx.session.get(Case, ctx.nudge.case_id), ctx.nudge.id, ctx.now)


def _tell_referrer(ctx: WorkContext) -> Delivery:
    case = ctx.session.get(Case, ctx.nudge.case_id)
    return Delivery(ctx.nudge.recipient_slack_id, ReferrerContactMade(case.clinician_slack_id))


def register_due_work(registry: DueWorkRegistry) -> None:
    registry.register(SendsMessage(FollowThroughWork.CHECK_IN, _check_in, QuietPolicy.ALWAYS,
                                   after_sent=_close_after_the_last))
    registry.register(SendsMessage(FollowThroughWork.REFERRER_CONTACT_MADE, _tell_referrer, QuietPolicy.NEVER))

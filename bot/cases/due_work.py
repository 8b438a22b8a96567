"""Due work of a case's two clocks (bot/cases/clocks.py): the contact nudge, the escalation timers,
and the coordinators' messages."""
from __future__ import annotations

from bot.cases.clocks import CaseClockWork, escalate_if_still_no_contact, escalate_if_still_unaccepted
from bot.cases.notices import CaseNeedsAHand, ContactNudge, SafetyAlert, Stall
from bot.cases.retention import RetentionWork, purge_case
from bot.cases.safety import SafetyWork
from bot.cases.policy import holds_case
from bot.cases.vocabulary import WAITING_CASE_STATES, CaseState
from bot.core.quiet_hours import QuietPolicy
from bot.outbox.registry import Delivery, DueWorkRegistry, Priority, SendsMessage, TakesAction, WorkContext
from models.tables import Case


def _escalate_unaccepted(ctx: WorkContext) -> None:
    escalate_if_still_unaccepted(ctx.session, ctx.session.get(Case, ctx.nudge.case_id), ctx.now)


def _escalate_no_contact(ctx: WorkContext) -> None:
    escalate_if_still_no_contact(ctx.session, ctx.session.get(Case, ctx.nudge.case_id), ctx.now)


def _contact_nudge(ctx: WorkContext) -> Delivery | None:
    case = ctx.session.get(Case, ctx.nudge.case_id)
    if not (holds_case(ctx.nudge.recipient_slack_id, case) and case.state == CaseState.ACCEPTED):
        return None
    return Delivery(ctx.nudge.recipient_slack_id, ContactNudge(case.id, case.clinician_slack_id))


def _not_accepted(ctx: WorkContext) -> Delivery | None:
    case = ctx.session.get(Case, ctx.nudge.case_id)
    if case.state not in WAITING_CASE_STATES:
        return None
    return Delivery(ctx.nudge.recipient_slack_id, CaseNeedsAHand(
        case.id, case.state, ctx.now - case.created_at, Stall.NOT_ACCEPTED,
        ctx.now - (case.waiting_since or case.created_at)))


def _no_contact(ctx: WorkContext) -> Delivery | None:
    case = ctx.session.get(Case, ctx.nudge.case_id)
    if case.state != CaseState.ACCEPTED:
        return None
    return Delivery(ctx.nudge.recipient_slack_id, CaseNeedsAHand(
        case.id, case.state, ctx.now - case.created_at, Stall.NO_CONTACT, ctx.now - case.accepted_at))


def _safety_alert(ctx: WorkContext) -> Delivery:
    return Delivery(ctx.nudge.recipient_slack_id, SafetyAlert(ctx.nudge.case_id, ctx.nudge.about_slack_id))


def _purge(ctx: WorkContext) -> None:
    purge_case(ctx.session, ctx.nudge.case_id, ctx.now)


def register_due_work(registry: DueWorkRegistry) -> None:
    registry.register(TakesAction(RetentionWork.PURGE_CASE, _purge, priority=Priority.LATER))
    # Goes out at once, whatever the hour where the recipient is.
    registry.register(SendsMessage(SafetyWork.SAFETY_ALERT, _safety_alert, QuietPolicy.NEVER,
                                   priority=Priority.FIRST))
    registry.register(SendsMessage(CaseClockWork.CONTACT_NUDGE, _contact_nudge, QuietPolicy.ALWAYS))
    registry.register(TakesAction(CaseClockWork.ESCALATE_UNACCEPTED, _escalate_unaccepted,
                                  priority=Priority.FIRST))
    registry.register(TakesAction(CaseClockWork.ESCALATE_NO_CONTACT, _escalate_no_contact))
    registry.register(SendsMessage(CaseClockWork.COORDINATOR_NOT_ACCEPTED, _not_accepted, QuietPolicy.NEVER,
                                   priority=Priority.FIRST))
    registry.register(SendsMessage(CaseClockWork.COORDINATOR_NO_CONTACT, _no_contact, QuietPolicy.NEVER))

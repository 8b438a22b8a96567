"""Due work intake owns: the coordinators' triage DM for an event (and its refresh when late
participants come), "an event joined a case", and the summary of a burst."""
from __future__ import annotations

from sqlalchemy import func, select

from bot.cases.vocabulary import OPEN_CASE_STATES, CaseState
from bot.core.quiet_hours import QuietPolicy
from bot.intake.notices import BurstSummary, EventAttached
from bot.intake.outreach import IntakeWork
from bot.intake.triage import event_id_in, sent_triage_message, triage_request
from bot.outbox.registry import Delivery, DueWorkRegistry, SendsMessage, StoredMessage, WorkContext
from bot.roster.people import active_coordinators
from models.tables import Case, IntakeBurst, SafetyEvent, SafetyEventParticipant

SHOWN_TO_PLACE = 10


def _still_a_coordinator(ctx: WorkContext) -> bool:
    return any(p.slack_id == ctx.nudge.recipient_slack_id for p in active_coordinators(ctx.session))


def _triage(ctx: WorkContext) -> Delivery | None:
    request = triage_request(ctx.session, event_id_in(ctx.nudge.dedupe_key))
    if request is None or not request.rows or not _still_a_coordinator(ctx):
        return None
    return Delivery(ctx.nudge.recipient_slack_id, request)


def _refresh_triage(ctx: WorkContext) -> Delivery | None:
    event_id = event_id_in(ctx.nudge.dedupe_key)
    sent = sent_triage_message(ctx.session, event_id, ctx.nudge.recipient_slack_id)
    request = triage_request(ctx.session, event_id)
    if sent is None or request is None:
        return None  # the first DM has not gone yet: it will show everyone when it does
    return Delivery(ctx.nudge.recipient_slack_id, request, replaces=StoredMessage(sent.posted_channel, sent.posted_ts))


def _event_attached(ctx: WorkContext) -> Delivery | None:
    case = ctx.session.get(Case, ctx.nudge.case_id)
    if case is None or case.purged_at is not None:
        return None
    return Delivery(ctx.nudge.recipient_slack_id, EventAttached(case.id, case.state in OPEN_CASE_STATES))


def burst_summary(session, burst_id: int) -> BurstSummary | None:
    burst = session.get(IntakeBurst, burst_id)
    if burst is None:
        return None
    events = select(SafetyEvent.id).where(SafetyEvent.burst_id == burst_id)
    by_result = dict(session.execute(
        select(SafetyEventParticipant.result, func.count()).where(SafetyEventParticipant.event_id.in_(events))
        .group_by(SafetyEventParticipant.result)).all())
    created = select(SafetyEventParticipant.case_id).where(
        SafetyEventParticipant.event_id.in_(events), SafetyEventParticipant.result == "created")
    states = dict(session.execute(select(Case.state, func.count()).where(Case.id.in_(created))
                                  .group_by(Case.state)).all())
    unplaced = list(session.scalars(select(Case.id).where(Case.id.in_(created), Case.state == CaseState.UNPLACED)
                                    .order_by(Case.id).limit(SHOWN_TO_PLACE)))
    waiting = states.get(CaseState.TRIAGE, 0)
    return BurstSummary(
        events=session.scalar(select(func.count()).select_from(SafetyEvent).where(SafetyEvent.burst_id == burst_id)),
        minutes=max(1, round((burst.last_event_at - burst.started_at).total_seconds() / 60)),
        created=by_result.get("created", 0),
        offered=sum(n for state, n in states.items() if state not in (CaseState.TRIAGE, CaseState.UNPLACED,
                                                                         CaseState.CLOSED, CaseState.NEW)),
        unplaced=states.get(CaseState.UNPLACED, 0),
        waiting_for_triage=waiting,
        attached=by_result.get("attached", 0),
        unplaced_cases=tuple(unplaced),
    )


def _burst_summary(ctx: WorkContext) -> Delivery | None:
    summary = burst_summary(ctx.session, event_id_in(ctx.nudge.dedupe_key))
    if summary is None or not _still_a_coordinator(ctx):
        return None
    return Delivery(ctx.nudge.recipient_slack_id, summary)


def register_due_work(registry: DueWorkRegistry) -> None:
    registry.register(SendsMessage(IntakeWork.COORDINATOR_TRIAGE, _triage, QuietPolicy.NEVER))
    registry.register(SendsMessage(IntakeWork.COORDINATOR_TRIAGE_REFRESH, _refresh_triage, QuietPolicy.NEVER))
    registry.register(SendsMessage(IntakeWork.COORDINATOR_EVENT_ATTACHED, _event_attached, QuietPolicy.NEVER))
    registry.register(SendsMessage(IntakeWork.COORDINATOR_BURST_SUMMARY, _burst_summary, QuietPolicy.NEVER))

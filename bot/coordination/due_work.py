"""Due work coordination owns: the daily digest (bot/coordination/digest.py), telling a supporter that
a coordinator moved or closed the case they held (bot/coordination/placing.py), and the program
report, monthly and on request (bot/coordination/reports.py)."""
from __future__ import annotations

from datetime import date

from bot.cases.clocks import oldest_stalled, stalled_counts
from bot.cases.notices import Stall
from bot.cases.vocabulary import CaseState
from bot.coordination.digest import DIGEST_OLDEST, CoordinationWork, is_on_time, schedule_next_digest
from bot.coordination.notices import CaseTakenBack, Digest, ReportReady, StalledCase
from bot.coordination.placing import PlacingWork
from bot.coordination.reports import (
    ReportWork,
    asked_for_range,
    monthly_range,
    report_in,
    report_request,
    send_monthly_reports,
)
from bot.core.quiet_hours import QuietPolicy, next_local_time
from bot.outbox.registry import Delivery, DueWorkRegistry, Hold, Priority, SendsMessage, TakesAction, WorkContext
from bot.roster.people import person_by_slack_id, roles_of
from bot.roster.roles import Role
from models.tables import Case


def _digest(ctx: WorkContext) -> Delivery | Hold | None:
    at = ctx.svc.settings.digest_at
    coordinator = ctx.nudge.recipient_slack_id
    if at is None or not _still_coordinates(ctx):
        return None  # digests are off, or this person no longer coordinates: the chain stops
    if not is_on_time(ctx.nudge.due_at, ctx.now, ctx.tz, at):
        return Hold(next_local_time(ctx.now, ctx.tz, at))
    schedule_next_digest(ctx.session, coordinator, ctx.tz, at, ctx.now)
    counts = stalled_counts(ctx.session)
    if not counts:
        return None
    oldest = tuple(StalledCase(c.id, c.state, ctx.now - c.created_at)
                   for c in oldest_stalled(ctx.session, DIGEST_OLDEST))
    by_stall = tuple((stall, counts[stall]) for stall in Stall if counts.get(stall))
    return Delivery(coordinator, Digest(sum(counts.values()), by_stall, oldest))


def _tell_holder(ctx: WorkContext) -> Delivery:
    case = ctx.session.get(Case, ctx.nudge.case_id)
    return Delivery(ctx.nudge.recipient_slack_id, CaseTakenBack(case.id, closed=case.state == CaseState.CLOSED))


def _still_coordinates(ctx: WorkContext) -> bool:
    person = person_by_slack_id(ctx.session, ctx.nudge.recipient_slack_id)
    return person is not None and person.active and Role.COORDINATOR in roles_of(person)


def _report(ctx: WorkContext, first: date, last: date, monthly: bool) -> Delivery | None:
    if not _still_coordinates(ctx):
        return None
    report = report_in(ctx.session, report_request(ctx.svc.settings, first, last, as_of=ctx.now))
    return Delivery(ctx.nudge.recipient_slack_id, ReportReady(report, monthly))


def _monthly_report(ctx: WorkContext) -> Delivery | None:
    return _report(ctx, *monthly_range(ctx.nudge.due_at, ctx.svc.settings), monthly=True)


def _asked_for_report(ctx: WorkContext) -> Delivery | None:
    return _report(ctx, *asked_for_range(ctx.now, ctx.svc.settings), monthly=False)


def _send_monthly_reports(ctx: WorkContext) -> None:
    send_monthly_reports(ctx.session, ctx.svc.settings, ctx.now)


def register_due_work(registry: DueWorkRegistry) -> None:
    registry.register(SendsMessage(CoordinationWork.COORDINATOR_DIGEST, _digest, QuietPolicy.NEVER,
                                   needs_timezone=True, priority=Priority.LATER))
    registry.register(SendsMessage(PlacingWork.CASE_TAKEN_BACK, _tell_holder, QuietPolicy.NEVER))
    registry.register(TakesAction(ReportWork.MONTHLY_REPORT, _send_monthly_reports, priority=Priority.LATER))
    # Monthly: in each coordinator's working hours. Asked for: at once.
    registry.register(SendsMessage(ReportWork.MONTHLY_REPORT_DM, _monthly_report, QuietPolicy.ALWAYS,
                                   priority=Priority.LATER))
    registry.register(SendsMessage(ReportWork.REPORT_ASKED_FOR, _asked_for_report, QuietPolicy.NEVER))

"""The program report: metrics over a date range from the database, for the CLI, and the coordinators'
report DM with its chart, monthly and on request.

The monthly report is due work, like the digest: one row for the program, due on the first working
day (Monday to Friday) of each month at REPORT_AT in REPORT_TIME_ZONE, which schedules next month's
and a report DM for each active coordinator (each waits for their own morning). A scheduler pass
costs nothing for it in between. `ensure_monthly_report` starts the chain (at start-up). A
coordinator can also ask for the report from the App Home; it comes the same way, at once.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.cases.policy import may_coordinate
from bot.config import Settings
from bot.coordination.metrics import Granularity, ProgramReport, ReportRequest, compute_report
from bot.coordination.report_facts import case_facts, supporter_facts, utc_bounds
from bot.core import audit
from bot.core.audit import AuditAction
from bot.core.clock import Clock
from bot.core.services import Services
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.roster.actor import Actor
from bot.roster.people import active_coordinators
from models.db import Database
from models.tables import Nudge

log = logging.getLogger(__name__)

# When on the first working day the monthly report goes out, in REPORT_TIME_ZONE.
REPORT_AT = time(9, 0)
# Months in the report's chart; the DM's words are about the last of them.
MONTHS_SHOWN = 12


class ReportWork(WorkKind):
    MONTHLY_REPORT = "monthly_report"  # the program's chain: schedules each coordinator's report DM
    MONTHLY_REPORT_DM = "monthly_report_dm"  # one coordinator's report, the last full months
    REPORT_ASKED_FOR = "report_asked_for"  # one coordinator's report on request, up to today


def report_request(settings: Settings, from_date: date, to_date: date, by: str = Granularity.MONTH,
                   as_of: datetime | None = None) -> ReportRequest:
    """A report over the range with the program's settings; MetricsError (a ValueError) if it cannot be."""
    return ReportRequest(from_date=from_date, to_date=to_date, by=by, suppress_below=settings.suppress_below,
                         contact_target=settings.contact_target, time_zone=ZoneInfo(settings.report_time_zone),
                         as_of=as_of)


def report_in(session: Session, request: ReportRequest) -> ProgramReport:
    start, end = utc_bounds(request.from_date, request.to_date, request.time_zone.key)
    supporters = supporter_facts(session, request.as_of) if request.as_of else None
    return compute_report(case_facts(session, start, end), request, supporters)


def build_report(db: Database, request: ReportRequest) -> ProgramReport:
    """Every metric over the request's range, small cells hidden, with the roster as it is at as_of."""
    with db.session() as session:
        return report_in(session, request)


# ---- when -------------------------------------------------------------------------------------------


def first_working_day(year: int, month: int) -> date:
    day = date(year, month, 1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _month_after(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def next_monthly_report_at(now: datetime, settings: Settings) -> datetime:
    """The next first working day of a month at REPORT_AT in REPORT_TIME_ZONE (this month's if still ahead)."""
    zone = ZoneInfo(settings.report_time_zone)
    month = now.astimezone(zone).date().replace(day=1)
    while True:
        when = datetime.combine(first_working_day(month.year, month.month), REPORT_AT, tzinfo=zone)
        if when > now:
            return when.astimezone(now.tzinfo)
        month = _month_after(month)


def months_ending(last_day: date, months: int = MONTHS_SHOWN) -> tuple[date, date]:
    """The `months` whole months up to the one `last_day` falls in (that one up to `last_day`)."""
    first = last_day.replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    return first, last_day


def monthly_range(due_at: datetime, settings: Settings) -> tuple[date, date]:
    """What a monthly report due at `due_at` covers: the twelve months before its month."""
    local = due_at.astimezone(ZoneInfo(settings.report_time_zone)).date()
    return months_ending(local.replace(day=1) - timedelta(days=1))


def asked_for_range(now: datetime, settings: Settings) -> tuple[date, date]:
    """What a report asked for now covers: twelve months up to today (this month so far)."""
    return months_ending(now.astimezone(ZoneInfo(settings.report_time_zone)).date())


# ---- the chain and the requests ---------------------------------------------------------------------


def _schedule_chain(session: Session, when: datetime, now: datetime, settings: Settings) -> Nudge | None:
    month = when.astimezone(ZoneInfo(settings.report_time_zone)).strftime("%Y-%m")
    return queue.schedule(session, ReportWork.MONTHLY_REPORT, when, now, case_id=None,
                          dedupe_key=f"monthly_report:{month}")


def ensure_monthly_report(db: Database, clock: Clock, settings: Settings) -> bool:
    """Start the monthly chain if it is on and none is pending; True if this call started it.
    Several processes may do this at once: the month's key lets one in."""
    if not settings.monthly_report:
        return False
    now = clock.now()
    try:
        with db.session() as session:
            if queue.pending_of(session, ReportWork.MONTHLY_REPORT):
                return False
            return _schedule_chain(session, next_monthly_report_at(now, settings), now, settings) is not None
    except IntegrityError:
        return False  # another process scheduled the same month a moment earlier


def send_monthly_reports(session: Session, settings: Settings, now: datetime) -> int:
    """The month's report is due: one DM for each active coordinator, and next month's chain."""
    if not settings.monthly_report:
        return 0  # turned off since: the chain stops
    _schedule_chain(session, next_monthly_report_at(now, settings), now, settings)
    month = now.astimezone(ZoneInfo(settings.report_time_zone)).strftime("%Y-%m")
    coordinators = active_coordinators(session)
    for coordinator in coordinators:
        queue.schedule(session, ReportWork.MONTHLY_REPORT_DM, now, now, case_id=None,
                       recipient=coordinator.slack_id, dedupe_key=f"report:{coordinator.slack_id}:{month}")
    log.info("monthly report: %s coordinator(s) to send it to", len(coordinators))
    return len(coordinators)


def ask_for_report(svc: Services, coordinator: Actor) -> bool:
    """Send this coordinator the report now (at most one a minute). False for anyone else."""
    coordinator.resolve()
    if not may_coordinate(coordinator):
        return False
    now = svc.clock.now()
    with svc.db.session() as session:
        queue.schedule(session, ReportWork.REPORT_ASKED_FOR, now, now, case_id=None, recipient=coordinator.slack_id,
                       dedupe_key=f"report:{coordinator.slack_id}:asked:{int(now.timestamp()) // 60}")
        audit.record(session, now, coordinator.slack_id, AuditAction.REPORT_REQUESTED, None)
    svc.wake()
    return True

"""The plain facts the program metrics are computed from (bot/coordination/metrics.py), read from the
database with a fixed number of queries whatever the range.

Only what survives the retention purge is read: a case's source, timestamps, outcome, and the
division and cohort labels it keeps; each offer's status, decline reason and times; and the audit
trail's actions and times. No Slack id, name, note or event type is read:
- when an offer was first accepted is the first "offer.accepted" audit event (a hand-off or a
  reassignment clears the case's accepted_at and stamps the offer's answered_at);
- when contact was first recorded is the first "case.contacted" event (the same);
- check-ins done is the number of "case.checked_in" events.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.cases.vocabulary import HELD_CASE_STATES
from bot.coordination.metrics import UNKNOWN, CaseFacts, OfferFacts, SupporterFacts
from bot.coordination.suppression import TOTAL
from bot.core.audit import AuditAction
from bot.roster.availability import status_from
from bot.roster.roles import Role
from models.tables import AuditEvent, Case, Offer, Person, PersonRole

COUNTED_EVENTS = (AuditAction.OFFER_ACCEPTED, AuditAction.CASE_CONTACTED, AuditAction.CASE_CHECKED_IN)


def utc_bounds(first_day: date, last_day: date, time_zone: str) -> tuple[datetime, datetime]:
    """From the start of `first_day` to the end of `last_day`, both read in `time_zone`, in UTC."""
    zone = ZoneInfo(time_zone)
    start = datetime.combine(first_day, time(0, 0), tzinfo=zone)
    end = datetime.combine(last_day + timedelta(days=1), time(0, 0), tzinfo=zone)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def case_facts(session: Session, start: datetime, end: datetime) -> list[CaseFacts]:
    """Every case referred from `start` (inclusive) to `end` (exclusive), as metrics facts."""
    in_range = (Case.created_at >= start) & (Case.created_at < end)
    ids = select(Case.id).where(in_range).scalar_subquery()
    offers: dict[int, list[OfferFacts]] = defaultdict(list)
    for case_id, sent_at, status, reason, answered_at in session.execute(
            select(Offer.case_id, Offer.sent_at, Offer.status, Offer.decline_reason, Offer.answered_at)
            .where(Offer.case_id.in_(ids)).order_by(Offer.sent_at, Offer.id)):
        # An offer held for quiet hours counts from when it went out; one withdrawn before then ends there.
        answered = max(answered_at, sent_at) if answered_at is not None else None
        offers[case_id].append(OfferFacts(sent_at, status, reason, answered))
    events: dict[tuple[int, str], tuple[datetime, int]] = {}
    for case_id, action, first, count in session.execute(
            select(AuditEvent.case_id, AuditEvent.action, func.min(AuditEvent.at), func.count())
            .where(AuditEvent.case_id.in_(ids), AuditEvent.action.in_([str(a) for a in COUNTED_EVENTS]))
            .group_by(AuditEvent.case_id, AuditEvent.action)):
        events[case_id, action] = (first, count)

    def first(case_id: int, action: AuditAction) -> datetime | None:
        found = events.get((case_id, str(action)))
        return found[0] if found else None

    facts = []
    for case_id, source, created_at, closed_at, outcome, division, cohort in session.execute(
            select(Case.id, Case.source, Case.created_at, Case.closed_at, Case.outcome, Case.clinician_division,
                   Case.clinician_cohort).where(in_range).order_by(Case.created_at, Case.id)):
        case_offers = tuple(offers.get(case_id, ()))
        facts.append(CaseFacts(
            source=source,
            created_at=created_at,
            first_offered_at=case_offers[0].sent_at if case_offers else None,
            first_accepted_at=first(case_id, AuditAction.OFFER_ACCEPTED),
            contacted_at=first(case_id, AuditAction.CASE_CONTACTED),
            closed_at=closed_at,
            outcome=outcome if closed_at is not None else None,
            check_ins_done=events.get((case_id, str(AuditAction.CASE_CHECKED_IN)), (None, 0))[1],
            division=_label(division),
            cohort=cohort,
            offers=case_offers,
        ))
    return facts


def _label(division: str | None) -> str | None:
    """A division as the metrics count it; a blank one, or one named like a metrics column, is unknown."""
    name = (division or "").strip()
    return name if name and name not in (TOTAL, UNKNOWN) else None


def supporter_facts(session: Session, now: datetime) -> list[SupporterFacts]:
    """Every supporter on the roster now: availability, and how many cases they hold. Never who."""
    held = dict(session.execute(
        select(Case.supporter_slack_id, func.count())
        .where(Case.state.in_(list(HELD_CASE_STATES)), Case.supporter_slack_id.is_not(None))
        .group_by(Case.supporter_slack_id)).all())
    rows = session.execute(
        select(Person.slack_id, Person.active, Person.paused_until, Person.away_until)
        .join(PersonRole).where(PersonRole.role == Role.SUPPORTER))
    return [SupporterFacts(str(status_from(active, paused, away, now)), held.get(slack_id, 0))
            for slack_id, active, paused, away in rows]

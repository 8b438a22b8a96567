"""The rules for a safety event's participants: a case each, or the event joins the case they have.

For each participant found on the roster, in the order the system gave them:
- already part of this event: `repeat` (nothing changes);
- an open case, or a last case that closed less than INTAKE_QUIET_DAYS ago: `attached` (the event
  joins that case; no new outreach; the coordinators hear);
- otherwise `created`: a new case (source "system"; the bot never messages the clinician, a
  supporter reaches out in person), which waits in triage for a coordinator's word
  (INTAKE_MODE=triage, or INTAKE_AUTO=serious and the event is not serious) or is offered at once.
More than BURST_SIZE events within BURST_WINDOW make a burst: the coordinators get one summary for
it, and the per-case DMs they would otherwise get (nobody can take a case, an event joined a case)
are folded into it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.cases.clocks import start_waiting_clock
from bot.cases.lifecycle import Move, advance, new_case
from bot.cases.vocabulary import OPEN_CASE_STATES, CaseState, Source
from bot.core import audit
from bot.core.audit import BOT, AuditAction
from bot.core.db import lock_case, lock_clinician
from bot.core.services import Services
from bot.intake.vocabulary import DEFAULT_EVENT_TYPE, EVENT_TYPE_OF, SERIOUS, IdentifierSystem, Result
from bot.offers.offering import OfferWork, offer_to_next_supporter
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.roster.people import active_coordinators, person_by_slack_id
from models.tables import Case, IntakeBurst, Nudge, SafetyEvent, SafetyEventParticipant

log = logging.getLogger(__name__)

BURST_WINDOW = timedelta(minutes=15)
# Cases a system starts are not "talk today": their offers keep to supporters' quiet hours.
SYSTEM_URGENCY = "few_days"


class IntakeWork(WorkKind):
    COORDINATOR_TRIAGE = "intake_triage"  # one DM per event: Offer support / Not needed per participant
    COORDINATOR_TRIAGE_REFRESH = "intake_triage_refresh"  # late participants: the sent DM shows them too
    COORDINATOR_EVENT_ATTACHED = "intake_event_attached"  # an event joined a clinician's case
    COORDINATOR_BURST_SUMMARY = "intake_burst_summary"  # one summary for a burst


@dataclass(frozen=True)
class ParticipantIn:
    system: IdentifierSystem
    value: str
    function: str


@dataclass(frozen=True)
class EventIn:
    source_system: str
    source_event_id: str
    category: str
    seriousness: str
    occurred_on: date
    division: str | None
    participants: tuple[ParticipantIn, ...]


@dataclass(frozen=True)
class Outcome:
    result: Result
    case_id: int | None
    reason: str | None


def triage_key(event_id: int, coordinator: str) -> str:
    return f"intake_triage:{event_id}:{coordinator}"


def goes_to_triage(svc: Services, seriousness: str) -> bool:
    settings = svc.settings
    if settings.intake_mode != "auto":
        return True
    return settings.intake_auto == "serious" and seriousness != SERIOUS


def _event(session: Session, event: EventIn, now: datetime) -> tuple[SafetyEvent, bool]:
    found = session.scalar(select(SafetyEvent).where(
        SafetyEvent.source_system == event.source_system, SafetyEvent.source_event_id == event.source_event_id))
    if found is not None:
        return found, False
    row = SafetyEvent(source_system=event.source_system, source_event_id=event.source_event_id,
                      category=event.category, seriousness=event.seriousness, occurred_on=event.occurred_on,
                      division=event.division, received_at=now)
    session.add(row)
    session.flush()  # a second request for the same event at the same moment fails here, and retries
    return row, True


def _note_burst(session: Session, svc: Services, event: SafetyEvent, now: datetime) -> None:
    """Put the event in a burst when the last BURST_WINDOW holds more than BURST_SIZE events."""
    since = now - BURST_WINDOW
    recent = session.scalar(select(func.count()).select_from(SafetyEvent).where(SafetyEvent.received_at > since))
    if recent <= svc.settings.burst_size:
        return
    burst = session.scalar(select(IntakeBurst).where(IntakeBurst.last_event_at > since)
                           .order_by(IntakeBurst.id.desc()).limit(1))
    if burst is None:
        first = session.scalar(select(func.min(SafetyEvent.received_at)).where(SafetyEvent.received_at > since))
        burst = IntakeBurst(started_at=first, last_event_at=now)
        session.add(burst)
        session.flush()
        log.info("intake burst %s began", burst.id)
    burst.last_event_at = max(burst.last_event_at, now)
    session.execute(update(SafetyEvent).where(SafetyEvent.received_at > since, SafetyEvent.burst_id.is_(None))
                    .values(burst_id=burst.id))
    event.burst_id = burst.id
    # One summary per coordinator, once the burst has been quiet for BURST_WINDOW.
    due = burst.last_event_at + BURST_WINDOW
    for coordinator in active_coordinators(session):
        key = f"intake_burst:{burst.id}:{coordinator.slack_id}"
        if queue.schedule(session, IntakeWork.COORDINATOR_BURST_SUMMARY, due, now, case_id=None,
                          recipient=coordinator.slack_id, dedupe_key=key) is None:
            session.execute(update(Nudge).where(Nudge.dedupe_key == key, queue.pending()).values(due_at=due))


def _case_to_join(session: Session, svc: Services, slack_id: str, now: datetime) -> tuple[Case | None, str | None]:
    open_case = session.scalar(select(Case).where(
        Case.clinician_slack_id == slack_id, Case.state.in_(list(OPEN_CASE_STATES))).order_by(Case.id).limit(1))
    if open_case is not None:
        return open_case, "added to their open case"
    quiet = timedelta(days=svc.settings.intake_quiet_days)
    recent = session.scalar(select(Case).where(
        Case.clinician_slack_id == slack_id, Case.state == CaseState.CLOSED, Case.closed_at > now - quiet)
        .order_by(Case.closed_at.desc()).limit(1)) if quiet else None
    if recent is not None:
        return recent, f"their last case closed less than {svc.settings.intake_quiet_days} days ago"
    return None, None


def _start_case(session: Session, svc: Services, event: SafetyEvent, slack_id: str, now: datetime) -> Case:
    clinician = person_by_slack_id(session, slack_id)
    case = new_case(
        now,
        clinician_slack_id=slack_id,
        source=Source.SYSTEM,
        referrer_slack_id=None,
        referrer_may_be_named=False,
        event_type=EVENT_TYPE_OF.get(event.category, DEFAULT_EVENT_TYPE),
        urgency=SYSTEM_URGENCY,
        contact_preference=None,
        excluded_slack_ids="",
        clinician_division=(clinician.division if clinician and clinician.division else event.division),
        clinician_cohort=clinician.cohort if clinician else None,
    )
    session.add(case)
    session.flush()
    audit.record(session, now, BOT, AuditAction.CASE_CREATED, case.id)
    return case


def _tell_coordinators_attached(session: Session, event: SafetyEvent, case: Case, now: datetime) -> None:
    if event.burst_id is not None:
        return  # folded into the burst's summary
    for coordinator in active_coordinators(session):
        queue.schedule(session, IntakeWork.COORDINATOR_EVENT_ATTACHED, now, now, case_id=case.id,
                       recipient=coordinator.slack_id, dedupe_key=f"intake_attached:{event.id}:{case.id}:"
                                                                   f"{coordinator.slack_id}")


def start_matching(session: Session, svc: Services, case: Case, burst: bool, now: datetime) -> None:
    """Offer the case to the best supporter now; in a burst, "nobody can take it" is in the summary."""
    start_waiting_clock(session, svc, case, now)
    offer_to_next_supporter(session, svc, case, now)
    if burst and case.state == CaseState.UNPLACED:
        queue.cancel_for_case(session, case.id, [OfferWork.COORDINATOR_UNPLACED], now)


def _ask_for_triage(session: Session, event: SafetyEvent, now: datetime) -> None:
    """One DM per event to each coordinator; late participants update the DM already sent."""
    for coordinator in active_coordinators(session):
        key = triage_key(event.id, coordinator.slack_id)
        first = queue.schedule(session, IntakeWork.COORDINATOR_TRIAGE, now, now, case_id=None,
                               recipient=coordinator.slack_id, dedupe_key=key)
        if first is None:
            refreshes = session.scalar(select(func.count()).select_from(Nudge).where(
                Nudge.kind == IntakeWork.COORDINATOR_TRIAGE_REFRESH, Nudge.dedupe_key.like(f"{key}:%")))
            queue.schedule(session, IntakeWork.COORDINATOR_TRIAGE_REFRESH, now, now, case_id=None,
                           recipient=coordinator.slack_id, dedupe_key=f"{key}:{refreshes + 1}")


def record_event(session: Session, svc: Services, event_in: EventIn, slack_ids: list[str | None],
                 now: datetime) -> tuple[int, list[Outcome]]:
    """Store the event and apply the rules to each participant (resolved to `slack_ids`, None when
    not on the roster). Returns the event's id and one outcome per participant, in order."""
    # Requests about one clinician queue up (lock order: clinicians, sorted, before any case).
    for slack_id in sorted({s for s in slack_ids if s}):
        lock_clinician(session, slack_id)
    event, new = _event(session, event_in, now)
    if new:
        _note_burst(session, svc, event, now)
    known = {p.person_slack_id: p for p in session.scalars(
        select(SafetyEventParticipant).where(SafetyEventParticipant.event_id == event.id))}
    triage = goes_to_triage(svc, event.seriousness)
    outcomes: list[Outcome] = []
    asked_for_triage = False
    to_match: list[Case] = []
    for participant, slack_id in zip(event_in.participants, slack_ids):
        if slack_id is None:
            outcomes.append(Outcome(Result.UNRESOLVED, None, "not on the roster"))
            continue
        if slack_id in known:
            outcomes.append(Outcome(Result.REPEAT, known[slack_id].case_id, "already part of this event"))
            continue
        case, why = _case_to_join(session, svc, slack_id, now)
        if case is not None:
            case = lock_case(session, case.id)
            result = Result.ATTACHED
            audit.record(session, now, BOT, AuditAction.CASE_EVENT_ATTACHED, case.id)
            _tell_coordinators_attached(session, event, case, now)
        else:
            case, why, result = _start_case(session, svc, event, slack_id, now), None, Result.CREATED
            if triage:
                advance(case, Move.HOLD_FOR_TRIAGE, now)
                asked_for_triage = True
            else:
                to_match.append(case)
        row = SafetyEventParticipant(event_id=event.id, person_slack_id=slack_id, function=participant.function,
                                     result=result, case_id=case.id, created_at=now)
        session.add(row)
        known[slack_id] = row
        outcomes.append(Outcome(result, case.id, why))
        log.info("case %s: %s from safety event %s", case.id, result, event.id)
    session.flush()
    # Matched once everyone named is recorded: nobody involved is offered a case of the event.
    for case in to_match:
        start_matching(session, svc, case, event.burst_id is not None, now)
    if asked_for_triage:
        _ask_for_triage(session, event, now)
    return event.id, outcomes

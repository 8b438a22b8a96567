"""Triage: a coordinator decides, per participant of a safety event, Offer support or Not needed.

Only coordinators may decide (from the roster, never the payload). Offer support starts matching
(the APPROVE move); Not needed closes the case without anyone being messaged (NOT_NEEDED). Either
happens once: a second click, or another coordinator's, finds the case no longer in triage.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.lifecycle import Move, allows, advance
from bot.cases.policy import may_coordinate
from bot.cases.vocabulary import CLOSED_BY_COORDINATOR, CaseState
from bot.core import audit
from bot.core.audit import AuditAction
from bot.core.db import lock_case
from bot.core.services import Services
from bot.follow_through.closing import after_closing
from bot.intake.notices import TriageRequest, TriageRow
from bot.intake.outreach import IntakeWork, start_matching
from bot.roster.actor import Actor
from models.tables import Case, Nudge, SafetyEvent, SafetyEventParticipant

log = logging.getLogger(__name__)

NOT_ALLOWED = "not_allowed"
NO_LONGER_OPEN = "no_longer_open"


@dataclass(frozen=True)
class TriageDecision:
    ok: bool
    event_id: int | None = None
    problem: str | None = None


def _decision(case: Case) -> str:
    if case.state == CaseState.TRIAGE:
        return "waiting"
    if case.state == CaseState.CLOSED and case.outcome == CLOSED_BY_COORDINATOR and case.offered_at is None:
        return "not_needed"
    if case.state == CaseState.CLOSED:
        return "closed"
    return "offered"


def triage_request(session: Session, event_id: int) -> TriageRequest | None:
    """The event's triage message as it stands: each participant whose case the event started."""
    event = session.get(SafetyEvent, event_id)
    if event is None:
        return None
    rows = session.execute(
        select(SafetyEventParticipant, Case).join(Case, Case.id == SafetyEventParticipant.case_id)
        .where(SafetyEventParticipant.event_id == event_id, SafetyEventParticipant.result == "created")
        .order_by(SafetyEventParticipant.id)).all()
    return TriageRequest(event_id, event.seriousness == "serious", tuple(
        TriageRow(p.id, p.person_slack_id, p.function, case.id, _decision(case)) for p, case in rows))


def triage_request_for(svc: Services, event_id: int) -> TriageRequest | None:
    with svc.db.session() as session:
        return triage_request(session, event_id)


def decide(svc: Services, participant_id: int, coordinator: Actor, approve: bool) -> TriageDecision:
    """Offer support (approve) or Not needed, for one participant's case, once."""
    coordinator.resolve()
    if not may_coordinate(coordinator):
        return TriageDecision(False, problem=NOT_ALLOWED)
    now = svc.clock.now()
    with svc.db.session() as session:
        participant = session.get(SafetyEventParticipant, participant_id)
        if participant is None:
            return TriageDecision(False, problem=NO_LONGER_OPEN)
        event_id = participant.event_id
        case = lock_case(session, participant.case_id)
        move = Move.APPROVE if approve else Move.NOT_NEEDED
        if case is None or not allows(case, move):
            return TriageDecision(False, event_id, NO_LONGER_OPEN)
        if approve:
            advance(case, Move.APPROVE, now)
            audit.record(session, now, coordinator.slack_id, AuditAction.CASE_TRIAGE_APPROVED, case.id)
            event = session.get(SafetyEvent, event_id)
            start_matching(session, svc, case, event.burst_id is not None, now)
        else:
            advance(case, Move.NOT_NEEDED, now, outcome=CLOSED_BY_COORDINATOR)
            after_closing(session, svc, case, now)
            audit.record(session, now, coordinator.slack_id, AuditAction.CASE_TRIAGE_NOT_NEEDED, case.id)
        case_id = case.id
    log.info("case %s: triage %s", case_id, "approved" if approve else "not needed")
    svc.wake()
    return TriageDecision(True, event_id)


def event_of_triage_message(svc: Services, recipient: str, channel: str | None, ts: str | None) -> int | None:
    """The event whose triage DM the bot sent this person at (channel, ts); None if it sent none there."""
    if not channel or not ts:
        return None
    with svc.db.session() as session:
        key = session.scalar(select(Nudge.dedupe_key).where(
            Nudge.kind == IntakeWork.COORDINATOR_TRIAGE, Nudge.recipient_slack_id == recipient,
            Nudge.posted_channel == channel, Nudge.posted_ts == ts, Nudge.sent_at.is_not(None)))
    return event_id_in(key)


def event_id_in(key: str | None) -> int | None:
    """The event id in an intake nudge's key (`intake_triage:<event>:...`)."""
    parts = (key or "").split(":")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None


def sent_triage_message(session: Session, event_id: int, recipient: str) -> Nudge | None:
    from bot.intake.outreach import triage_key

    return session.scalar(select(Nudge).where(Nudge.dedupe_key == triage_key(event_id, recipient),
                                              Nudge.sent_at.is_not(None), Nudge.posted_ts.is_not(None)))

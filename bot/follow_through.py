"""After Accept: contact, check-ins, hand-off and closing.

accepted ──We've connected──> contacted ──check-ins──> closed
   │ Couldn't reach them: asked again after CONTACT_NUDGE_AFTER
   │ Hand off: back to matching, this supporter excluded; the clinician notices nothing
   └── Close case with an outcome, at any point

Only the supporter holding the case may move it. Each step checks the state in
the same transaction that changes it, so a double click does one thing.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import audit, nudges
from bot.escalation import start_waiting_clock
from bot.nudges import HOLDER_NUDGES, NudgeKind
from bot.offers import offer_to_next_supporter
from bot.services import Services
from bot.vocabulary import CHECKED_IN, OUTCOMES, CaseState, OfferStatus
from models.tables import Case, CaseReferral, Nudge, Offer

log = logging.getLogger(__name__)

HELD = (CaseState.ACCEPTED, CaseState.CONTACTED)


@dataclass(frozen=True)
class CaseAnswer:
    """The result of a supporter's button on a case they hold."""

    ok: bool
    case_id: int | None = None
    clinician_id: str | None = None
    state: str | None = None


NOT_YOURS = CaseAnswer(ok=False)


def _answer(case: Case) -> CaseAnswer:
    return CaseAnswer(ok=True, case_id=case.id, clinician_id=case.clinician_slack_id, state=case.state)


def _move(session: Session, case_id: int, supporter: str, from_states, **values) -> Case | None:
    """Change a case held by `supporter` in one of `from_states`; None if it is not so."""
    result = session.execute(
        update(Case)
        .where(Case.id == case_id, Case.supporter_slack_id == supporter, Case.state.in_(list(from_states)))
        .values(**values)
    )
    if result.rowcount != 1:
        return None
    return session.get(Case, case_id)


def record_contact(svc: Services, case_id: int, supporter: str) -> CaseAnswer:
    """We've connected: check-ins are scheduled from now, and whoever referred hears once."""
    now = svc.clock.now()
    with svc.db.session() as session:
        case = _move(session, case_id, supporter, (CaseState.ACCEPTED,),
                     state=CaseState.CONTACTED, contacted_at=now, updated_at=now)
        if case is None:
            already = session.get(Case, case_id)
            # A second click on We've connected: already so, nothing to change.
            if already and already.supporter_slack_id == supporter and already.state == CaseState.CONTACTED:
                return _answer(already)
            return NOT_YOURS
        nudges.cancel_for_case(session, case_id, HOLDER_NUDGES, now)
        for offset in svc.settings.checkin_after:
            nudges.schedule(session, NudgeKind.CHECK_IN, now + offset, now, case_id=case_id, recipient=supporter)
        referrers = set(session.scalars(select(CaseReferral.referrer_slack_id).where(CaseReferral.case_id == case_id)))
        for referrer in sorted(referrers):
            nudges.schedule(session, NudgeKind.REFERRER_CONTACT_MADE, now, now, case_id=case_id, recipient=referrer,
                            dedupe_key=f"referrer_contact:{case_id}:{referrer}")
        audit.record(session, now, supporter, "case.contacted", case_id)
        answer = _answer(case)
    log.info("case %s: contact recorded", case_id)
    svc.wake()
    return answer


def record_not_reached(svc: Services, case_id: int, supporter: str) -> CaseAnswer:
    """Couldn't reach them: not contact. Ask again after CONTACT_NUDGE_AFTER."""
    now = svc.clock.now()
    with svc.db.session() as session:
        case = _move(session, case_id, supporter, (CaseState.ACCEPTED,), updated_at=now)
        if case is None:
            return NOT_YOURS
        nudges.cancel_for_case(session, case_id, (NudgeKind.CONTACT_NUDGE,), now)
        nudges.schedule(session, NudgeKind.CONTACT_NUDGE, now + svc.settings.contact_nudge_after, now,
                        case_id=case_id, recipient=supporter)
        audit.record(session, now, supporter, "case.not_reached", case_id)
        return _answer(case)


def hand_off(svc: Services, case_id: int, supporter: str) -> CaseAnswer:
    """Hand off: the case goes back to matching with this supporter excluded.
    The escalation clock starts again; the clinician is not told."""
    now = svc.clock.now()
    with svc.db.session() as session:
        case = _move(session, case_id, supporter, HELD, state=CaseState.NEW, supporter_slack_id=None,
                     accepted_at=None, contacted_at=None, escalated_no_contact_at=None, updated_at=now)
        if case is None:
            return NOT_YOURS
        session.execute(
            update(Offer)
            .where(Offer.case_id == case_id, Offer.supporter_slack_id == supporter,
                   Offer.status == OfferStatus.ACCEPTED)
            .values(status=OfferStatus.HANDED_OFF, answered_at=now)
        )
        nudges.cancel_for_case(session, case_id, HOLDER_NUDGES, now)
        audit.record(session, now, supporter, "case.handed_off", case_id)
        answer = _answer(case)
        start_waiting_clock(session, svc, case, now)
        offer_to_next_supporter(session, svc, case, now)
    log.info("case %s handed off, re-matching", case_id)
    svc.wake()
    return answer


def record_check_in(svc: Services, case_id: int, supporter: str) -> CaseAnswer:
    """Checked in: noted. Still works after the case closed itself at the last check-in."""
    now = svc.clock.now()
    with svc.db.session() as session:
        case = session.get(Case, case_id)
        closed_by_itself = case is not None and case.state == CaseState.CLOSED and case.outcome == CHECKED_IN
        if case is None or case.supporter_slack_id != supporter or not (
            case.state == CaseState.CONTACTED or closed_by_itself
        ):
            return NOT_YOURS
        audit.record(session, now, supporter, "case.checked_in", case_id)
        return _answer(case)


def _close(session: Session, case: Case, outcome: str, now) -> None:
    case.state = CaseState.CLOSED
    case.outcome = outcome
    case.closed_at = case.closed_at or now
    case.updated_at = now
    case.note_ciphertext = None  # notes do not outlive the case
    nudges.cancel_for_case(session, case.id, (*HOLDER_NUDGES, *nudges.OFFER_NUDGES,
                                              NudgeKind.ESCALATE_UNACCEPTED, NudgeKind.COORDINATOR_NOT_ACCEPTED), now)


def close_case(svc: Services, case_id: int, supporter: str, outcome: str) -> CaseAnswer:
    """Close with an outcome. A case that closed itself after the last check-in takes the answer too."""
    if outcome not in OUTCOMES:
        return NOT_YOURS
    now = svc.clock.now()
    with svc.db.session() as session:
        case = _move(session, case_id, supporter, HELD, updated_at=now)
        if case is None:
            case = _move(session, case_id, supporter, (CaseState.CLOSED,), updated_at=now)
            if case is None or case.outcome != CHECKED_IN:
                return NOT_YOURS
        _close(session, case, outcome, now)
        audit.record(session, now, supporter, f"case.closed.{outcome}", case_id)
        answer = _answer(case)
    log.info("case %s closed (%s)", case_id, outcome)
    return answer


def close_after_last_check_in(session: Session, case_id: int, now) -> bool:
    """When the last check-in reminder has gone out, the case closes itself as "checked in"."""
    pending = session.scalar(
        select(Nudge.id).where(
            Nudge.case_id == case_id, Nudge.kind == NudgeKind.CHECK_IN,
            Nudge.sent_at.is_(None), Nudge.cancelled_at.is_(None),
        ).limit(1)
    )
    case = session.get(Case, case_id)
    if pending is not None or case is None or case.state != CaseState.CONTACTED:
        return False
    _close(session, case, CHECKED_IN, now)
    audit.record(session, now, "bot", f"case.closed.{CHECKED_IN}", case_id)
    log.info("case %s closed after the last check-in", case_id)
    return True


def case_for_holder(svc: Services, case_id: int, supporter: str) -> CaseAnswer:
    """The case, if this supporter holds it (for opening the Close modal)."""
    with svc.db.session() as session:
        case = session.get(Case, case_id)
        if case is None or case.supporter_slack_id != supporter:
            return NOT_YOURS
        if case.state in HELD or (case.state == CaseState.CLOSED and case.outcome == CHECKED_IN):
            return _answer(case)
        return NOT_YOURS

"""Who may see what of a case. One place, default deny.

| viewer                               | sees                                                        |
|--------------------------------------|-------------------------------------------------------------|
| the clinician                        | their own case's status; never who referred them            |
| supporter with an open offer or case | that case: status, timings, clinician, referrer if allowed  |
| supporter after the offer passed on  | nothing                                                     |
| lead                                 | referrals they made: coarse status only                     |
| coordinator                          | every case: state, timings, referrer, matching reason; never notes |
| anyone else                          | nothing, and the answer does not reveal whether a case exists |

Notes are never part of a CaseView: the only way to a note is the Details modal
(`bot.offers.offer_details`), for the supporter holding the case.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.offers import lets_supporter_see
from bot.roles import person_by_slack_id, roles_of
from bot.services import Services
from bot.vocabulary import OPEN_CASE_STATES, CaseState, Role
from models.tables import Case, CaseReferral, Offer


class Relation(StrEnum):
    CLINICIAN = "clinician"
    SUPPORTER = "supporter"
    COORDINATOR = "coordinator"
    LEAD = "lead"


# What a clinician or a lead reads: plain words, no internal detail.
CLINICIAN_STATUS = {
    CaseState.NEW: "We're finding a peer supporter for you.",
    CaseState.OFFERED: "We're finding a peer supporter for you.",
    CaseState.UNPLACED: "The program coordinators are finding a peer supporter for you.",
    CaseState.ACCEPTED: "A peer supporter will reach out to you soon.",
    CaseState.CONTACTED: "You're in touch with a peer supporter.",
    CaseState.CLOSED: "This request is closed.",
}
LEAD_STATUS = {
    CaseState.NEW: "We're finding a peer supporter.",
    CaseState.OFFERED: "We're finding a peer supporter.",
    CaseState.UNPLACED: "We're finding a peer supporter.",
    CaseState.ACCEPTED: "A supporter will reach out.",
    CaseState.CONTACTED: "A supporter has reached out.",
    CaseState.CLOSED: "A supporter has reached out, or the case is closed.",
}


@dataclass(frozen=True)
class CaseView:
    """What one viewer may see of one case. Fields they may not see are None."""

    case_id: int
    relation: Relation
    status: str
    clinician_id: str
    state: str | None = None
    urgency: str | None = None
    created_at: datetime | None = None
    accepted_at: datetime | None = None
    contacted_at: datetime | None = None
    closed_at: datetime | None = None
    referrer_id: str | None = None
    supporter_id: str | None = None
    match_reason: str | None = None
    offer_id: int | None = None


def _open_offer_or_case(session: Session, case: Case, viewer: str, now: datetime) -> Offer | None:
    """The offer through which this supporter may see the case now, if any."""
    return next((offer for offer in case.offers if lets_supporter_see(offer, case, viewer, now)), None)


def _view(session: Session, case: Case, viewer: str, roles: frozenset[str], now: datetime) -> CaseView | None:
    if case.clinician_slack_id == viewer:
        return CaseView(case.id, Relation.CLINICIAN, CLINICIAN_STATUS[CaseState(case.state)], case.clinician_slack_id,
                        created_at=case.created_at)
    offer = _open_offer_or_case(session, case, viewer, now)
    if offer is not None:
        return CaseView(
            case.id, Relation.SUPPORTER, case.state, case.clinician_slack_id, state=case.state,
            urgency=case.urgency, created_at=case.created_at, accepted_at=case.accepted_at,
            contacted_at=case.contacted_at, closed_at=case.closed_at,
            referrer_id=case.referrer_slack_id if case.referrer_may_be_named else None,
            offer_id=offer.id,
        )
    if Role.COORDINATOR in roles:
        latest = case.offers[-1] if case.offers else None
        return CaseView(
            case.id, Relation.COORDINATOR, case.state, case.clinician_slack_id, state=case.state,
            urgency=case.urgency, created_at=case.created_at, accepted_at=case.accepted_at,
            contacted_at=case.contacted_at, closed_at=case.closed_at, referrer_id=case.referrer_slack_id,
            supporter_id=case.supporter_slack_id, match_reason=latest.match_reason if latest else None,
        )
    if Role.LEAD in roles and session.scalar(
        select(CaseReferral.id).where(CaseReferral.case_id == case.id, CaseReferral.referrer_slack_id == viewer)
    ):
        return CaseView(case.id, Relation.LEAD, LEAD_STATUS[CaseState(case.state)], case.clinician_slack_id,
                        referrer_id=viewer, created_at=case.created_at)
    return None


def case_for(svc: Services, viewer: str, case_id: int) -> CaseView | None:
    """What `viewer` may see of one case; None both when it does not exist and when they may not see it."""
    now = svc.clock.now()
    with svc.db.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            return None
        return _view(session, case, viewer, roles_of(person_by_slack_id(session, viewer)), now)


def cases_for(svc: Services, viewer: str, include_closed: bool = False) -> list[CaseView]:
    """Every case `viewer` may see (open ones unless include_closed), newest first."""
    now = svc.clock.now()
    with svc.db.session() as session:
        roles = roles_of(person_by_slack_id(session, viewer))
        query = select(Case).order_by(Case.id.desc())
        if not include_closed:
            query = query.where(Case.state.in_(list(OPEN_CASE_STATES)))
        if Role.COORDINATOR not in roles:
            mine = (
                select(Offer.case_id).where(Offer.supporter_slack_id == viewer)
                .union(select(CaseReferral.case_id).where(CaseReferral.referrer_slack_id == viewer))
            )
            query = query.where((Case.clinician_slack_id == viewer) | Case.id.in_(mine))
        views = (_view(session, case, viewer, roles, now) for case in session.scalars(query))
        return [view for view in views if view is not None]

"""Who may see what of a case. One place, default deny: `SEES` below is the table.

A viewer's relation to a case is the first that applies: the clinician it is about; a
supporter with an open offer of it or holding it (bot/cases/policy.py); a coordinator; a
lead who referred the clinician. Anyone else gets None, the same answer as for a case that
does not exist. Notes are never part of a CaseView: the only way to a note is the Details
modal (`offer_details` in bot/offers/summaries.py), for the supporter holding the case.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.cases.policy import may_coordinate, named_referrer, sees_case_through_offer
from bot.cases.vocabulary import OPEN_CASE_STATES, CaseState
from bot.core.services import Services
from bot.roster.actor import Actor
from bot.roster.roles import Role
from models.tables import Case, CaseReferral, Offer


class Relation(StrEnum):
    CLINICIAN = "clinician"
    SUPPORTER = "supporter"
    COORDINATOR = "coordinator"
    LEAD = "lead"


@dataclass(frozen=True)
class CaseView:
    """What one viewer may see of one case. Fields they may not see are None."""

    case_id: int
    relation: Relation
    status: str  # in words fit for this viewer
    clinician_id: str
    state: str | None = None
    urgency: str | None = None
    created_at: datetime | None = None
    accepted_at: datetime | None = None
    contacted_at: datetime | None = None
    closed_at: datetime | None = None
    referrer_id: str | None = None  # as this viewer may know it: never for the clinician
    supporter_id: str | None = None
    match_reason: str | None = None
    offer_id: int | None = None


_TIMINGS = frozenset({"created_at", "accepted_at", "contacted_at", "closed_at"})

# The table: which fields of a CaseView each relation sees (case_id, relation, status and
# clinician_id always). Everything else is None.
SEES: dict[Relation, frozenset[str]] = {
    Relation.CLINICIAN: frozenset({"created_at"}),
    Relation.SUPPORTER: frozenset({"state", "urgency", "referrer_id", "offer_id"}) | _TIMINGS,
    Relation.COORDINATOR: frozenset({"state", "urgency", "referrer_id", "supporter_id", "match_reason"}) | _TIMINGS,
    Relation.LEAD: frozenset({"created_at", "referrer_id"}),
}

# What a clinician or a lead reads: plain words, no internal detail.
CLINICIAN_STATUS = {
    CaseState.NEW: "We're finding a peer supporter for you.",
    CaseState.OFFERED: "We're finding a peer supporter for you.",
    CaseState.UNPLACED: "The program coordinators are finding a peer supporter for you.",
    CaseState.ACCEPTED: "A peer supporter will reach out to you soon.",
    CaseState.CONTACTED: "You're in touch with a peer supporter.",
    CaseState.CLOSED: "This request is closed.",
    CaseState.TRIAGE: "The program coordinators are looking at this request.",
}
LEAD_STATUS = {
    CaseState.NEW: "We're finding a peer supporter.",
    CaseState.OFFERED: "We're finding a peer supporter.",
    CaseState.UNPLACED: "We're finding a peer supporter.",
    CaseState.ACCEPTED: "A supporter will reach out.",
    CaseState.CONTACTED: "A supporter has reached out.",
    CaseState.CLOSED: "A supporter has reached out, or the case is closed.",
    CaseState.TRIAGE: "We're finding a peer supporter.",
}


def _relation(session: Session, case: Case, viewer: Actor, now: datetime) -> tuple[Relation, Offer | None] | None:
    if case.clinician_slack_id == viewer.slack_id:
        return Relation.CLINICIAN, None
    offer = next((o for o in case.offers if sees_case_through_offer(viewer.slack_id, o, case, now)), None)
    if offer is not None:
        return Relation.SUPPORTER, offer
    if may_coordinate(viewer):
        return Relation.COORDINATOR, None
    if Role.LEAD in viewer.roles and session.scalar(select(CaseReferral.id).where(
            CaseReferral.case_id == case.id, CaseReferral.referrer_slack_id == viewer.slack_id)):
        return Relation.LEAD, None
    return None


def _referrer_as_known_to(relation: Relation, case: Case, viewer: Actor) -> str | None:
    if relation == Relation.LEAD:
        return viewer.slack_id  # themselves; never another referrer
    if relation == Relation.SUPPORTER:
        return named_referrer(case)
    return case.referrer_slack_id


def _status(relation: Relation, case: Case) -> str:
    if relation == Relation.CLINICIAN:
        return CLINICIAN_STATUS[CaseState(case.state)]
    if relation == Relation.LEAD:
        return LEAD_STATUS[CaseState(case.state)]
    return case.state


def _view(session: Session, case: Case, viewer: Actor, now: datetime) -> CaseView | None:
    found = _relation(session, case, viewer, now)
    if found is None:
        return None
    relation, offer = found
    latest = case.offers[-1] if case.offers else None
    everything = dict(
        state=case.state, urgency=case.urgency, created_at=case.created_at, accepted_at=case.accepted_at,
        contacted_at=case.contacted_at, closed_at=case.closed_at,
        referrer_id=_referrer_as_known_to(relation, case, viewer), supporter_id=case.supporter_slack_id,
        match_reason=latest.match_reason if latest else None, offer_id=offer.id if offer else None,
    )
    shown = {name: value for name, value in everything.items() if name in SEES[relation]}
    return CaseView(case.id, relation, _status(relation, case), case.clinician_slack_id, **shown)


def case_for(svc: Services, viewer: Actor, case_id: int) -> CaseView | None:
    """What `viewer` may see of one case; None both when it does not exist and when they may not see it."""
    now = svc.clock.now()
    viewer.resolve()
    with svc.db.session() as session:
        case = session.get(Case, case_id)
        if case is None:
            return None
        return _view(session, case, viewer, now)


def cases_for(svc: Services, viewer: Actor, include_closed: bool = False, personal: bool = False) -> list[CaseView]:
    """Every case `viewer` may see (open ones unless include_closed), newest first. With `personal`,
    only the cases they are part of (their own, offered to them, referred by them), even for a
    coordinator, who sees the rest in their console (bot/coordination/console.py)."""
    now = svc.clock.now()
    viewer.resolve()
    with svc.db.session() as session:
        query = select(Case).options(selectinload(Case.offers)).order_by(Case.id.desc())
        if not include_closed:
            query = query.where(Case.state.in_(list(OPEN_CASE_STATES)))
        if personal or not may_coordinate(viewer):
            mine = (
                select(Offer.case_id).where(Offer.supporter_slack_id == viewer.slack_id)
                .union(select(CaseReferral.case_id).where(CaseReferral.referrer_slack_id == viewer.slack_id))
            )
            query = query.where((Case.clinician_slack_id == viewer.slack_id) | Case.id.in_(mine))
        views = (_view(session, case, viewer, now) for case in session.scalars(query))
        return [view for view in views if view is not None]



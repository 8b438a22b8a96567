"""What a supporter with an offer may see of it: a summary for their DMs (no typed text, no
event type), and the Details modal's content (the only way to a note)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.cases.notes import Note, read_notes
from bot.cases.policy import may_answer_offer, named_referrer, sees_case_through_offer
from bot.core import audit
from bot.core.audit import AuditAction
from bot.core.services import Services
from bot.roster.actor import Actor
from models.tables import Case, Offer


@dataclass(frozen=True)
class OfferSummary:
    """What a supporter may see of an offer they hold: no typed text, no event type."""

    offer_id: int
    case_id: int
    supporter_id: str
    clinician_id: str
    source: str
    urgency: str
    contact_preference: str | None
    status: str
    deadline_at: datetime
    dm_channel: str | None
    dm_ts: str | None
    referrer_id: str | None  # only when the referrer allowed it


def summarise(offer: Offer, case: Case) -> OfferSummary:
    return OfferSummary(
        offer_id=offer.id,
        case_id=case.id,
        supporter_id=offer.supporter_slack_id,
        clinician_id=case.clinician_slack_id,
        source=case.source,
        urgency=case.urgency,
        contact_preference=case.contact_preference,
        status=offer.status,
        deadline_at=offer.deadline_at,
        dm_channel=offer.dm_channel,
        dm_ts=offer.dm_ts,
        referrer_id=named_referrer(case),
    )


def open_offer_for(svc: Services, offer_id: int, supporter: Actor) -> OfferSummary | None:
    """The offer, if it is still open and made to this supporter; otherwise None."""
    with svc.db.session() as session:
        offer = session.get(Offer, offer_id)
        if not may_answer_offer(supporter.slack_id, offer, svc.clock.now()):
            return None
        return summarise(offer, offer.case)


@dataclass(frozen=True)
class OfferDetails:
    case_id: int
    clinician_id: str
    event_type: str | None
    notes: tuple[Note, ...]
    source: str
    referrer_id: str | None  # only when the referrer allowed it
    note_unavailable: bool = False  # there is a note, and it cannot be decrypted


def offer_details(svc: Services, offer_id: int, supporter: Actor) -> OfferDetails | None:
    """Event type and notes, for the supporter with an open offer or holding the case; else None."""
    now = svc.clock.now()
    with svc.db.session() as session:
        offer = session.get(Offer, offer_id)
        if offer is None or not sees_case_through_offer(supporter.slack_id, offer, offer.case, now):
            return None
        case = offer.case
        audit.record(session, now, supporter.slack_id, AuditAction.CASE_DETAILS_VIEWED, case.id)
        notes = read_notes(svc.cipher, case)
        return OfferDetails(
            case_id=case.id,
            clinician_id=case.clinician_slack_id,
            event_type=case.event_type,
            notes=notes.notes,
            source=case.source,
            referrer_id=named_referrer(case),
            note_unavailable=notes.unavailable,
        )

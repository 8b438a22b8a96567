"""Who may do what: one place, given the acting person (bot/roster/actor.py) and the rows.

Nothing a payload says decides this; the services call these with what the database holds.
"""
from __future__ import annotations

from datetime import datetime

from bot.cases.vocabulary import HELD_CASE_STATES, OfferStatus
from bot.roster.actor import Actor
from bot.roster.roles import Role
from models.tables import Case, Offer

# Program leads and division chiefs refer colleagues; coordinators may too.
REFERRING_ROLES = frozenset({Role.LEAD, Role.COORDINATOR})


def may_refer_colleagues(actor: Actor) -> bool:
    """Leads and coordinators, active on the roster, may refer a colleague."""
    return bool(actor.roles & REFERRING_ROLES)


def may_coordinate(actor: Actor) -> bool:
    """Coordinators run the program: they see every case (never notes)."""
    return actor.has(Role.COORDINATOR)


def named_referrer(case: Case) -> str | None:
    """Who referred the clinician, for a supporter: only when the referrer allowed it."""
    return case.referrer_slack_id if case.referrer_may_be_named else None


def offer_is_open(offer: Offer | None, now: datetime) -> bool:
    """An offer can still be answered: open, and its deadline not yet reached."""
    return offer is not None and offer.status == OfferStatus.OPEN and offer.deadline_at > now


def may_answer_offer(supporter: str, offer: Offer | None, now: datetime) -> bool:
    """Only the supporter an offer was made to answers it, and only while it is open."""
    return offer_is_open(offer, now) and offer.supporter_slack_id == supporter


def holds_case(supporter: str, case: Case | None) -> bool:
    """The supporter holding a case (accepted, until closed or handed off) moves it along."""
    return case is not None and case.supporter_slack_id == supporter and case.state in HELD_CASE_STATES


def sees_case_through_offer(supporter: str, offer: Offer, case: Case, now: datetime) -> bool:
    """A supporter sees a case through an offer while it is open to them, or while they hold the case."""
    if offer.supporter_slack_id != supporter:
        return False
    return offer_is_open(offer, now) or (offer.status == OfferStatus.ACCEPTED and holds_case(supporter, case))

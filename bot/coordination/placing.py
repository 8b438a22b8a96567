"""Coordinators place and close cases: Assign (a waiting or unplaced case), Reassign (a held one)
and Close with an outcome. Each is a move in the transition table (bot/cases/lifecycle.py), is
made only by an active coordinator (bot/cases/policy.py), and is audited with its reason as a
code, never typed text.

Assign and Reassign send the chosen supporter a normal offer. The matching rules
(bot/offers/matching.py) say whether they would have picked that supporter and why not; a
coordinator may override any rule except two (`NEVER_OVERRIDDEN`), but only with an explicit
confirmation, and the rule overridden is audited and written into the offer's matching reason.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.cases.clocks import start_waiting_clock
from bot.cases.lifecycle import Move, advance, allows
from bot.cases.policy import may_coordinate
from bot.cases.vocabulary import COORDINATOR_OUTCOMES, HELD_CASE_STATES, PLACING_REASONS, OfferStatus, require_choice
from bot.core import audit
from bot.core.audit import AuditAction
from bot.core.db import lock_case, lock_matching
from bot.core.services import Services
from bot.follow_through.closing import after_closing
from bot.follow_through.contact import HOLDER_WORK
from bot.offers.candidates import case_for_matching, match_case, open_load_by_supporter, supporter_profile
from bot.offers.matching import Exclusion, first_exclusion
from bot.offers.offering import make_offer, withdraw_open_offers
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.roster.actor import Actor
from bot.roster.people import people_with_role, person_by_slack_id, roles_of
from bot.roster.roles import Role
from models.tables import Case, Offer

log = logging.getLogger(__name__)

# Rules no coordinator overrides: someone off the roster, or the clinician themselves.
NEVER_OVERRIDDEN = frozenset({"inactive", "clinician"})
# Slack's select menus hold at most this many options.
MAX_CHOICES = 100


class PlacingWork(WorkKind):
    CASE_TAKEN_BACK = "case_taken_back"  # to the supporter who held a case a coordinator moved or closed


class Problem(StrEnum):
    NOT_ALLOWED = "not allowed"  # not an active coordinator
    NO_LONGER_OPEN = "no longer open"  # the case moved on (or never was)
    NOT_A_CHOICE = "not a choice"  # not an active supporter, the clinician, or already holding it
    NEEDS_CONFIRMATION = "needs confirmation"  # the matching rules leave them out: confirm the override


@dataclass(frozen=True)
class Choice:
    """One supporter in the Assign menu: whether the matching rules allow them, and why not."""

    slack_id: str
    name: str | None
    open_cases: int
    why_not: str | None = None  # None: the rules allow them
    best: bool = False  # the one matching would pick


@dataclass(frozen=True)
class PlacingForm:
    case_id: int
    state: str
    reassign: bool
    holder_id: str | None
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Placed:
    ok: bool
    problem: Problem | None = None
    case_id: int | None = None
    supporter_id: str | None = None
    overridden: str | None = None  # the rule overridden, in words (or, with NEEDS_CONFIRMATION, to confirm)


def _move_for(case: Case) -> Move:
    return Move.REASSIGN if case.state in HELD_CASE_STATES else Move.ASSIGN


def placing_form(svc: Services, coordinator: Actor, case_id: int) -> PlacingForm | None:
    """The Assign (or Reassign) menu for a case: every active supporter but the one holding it,
    eligible ones first in matching's order, then the others with why not. None when the case
    cannot be placed now or the person is not a coordinator."""
    coordinator.resolve()
    if not may_coordinate(coordinator):
        return None
    now = svc.clock.now()
    with svc.db.session() as session:
        case = session.get(Case, case_id)
        if case is None or not allows(case, _move_for(case)):
            return None
        result = match_case(session, svc.settings, case, now)
        people = {p.slack_id: p for p in people_with_role(session, Role.SUPPORTER)}
        load = open_load_by_supporter(session)
        holder = case.supporter_slack_id if case.state in HELD_CASE_STATES else None
        ranked = [c for c in result.ranked if c.slack_id != holder]
        choices = [Choice(c.slack_id, people[c.slack_id].name, load.get(c.slack_id, 0), best=index == 0)
                   for index, c in enumerate(ranked)]
        choices += [Choice(e.slack_id, people[e.slack_id].name, load.get(e.slack_id, 0), why_not=e.reason)
                    for e in sorted(result.excluded, key=lambda e: (people[e.slack_id].name or "", e.slack_id))
                    if e.rule not in NEVER_OVERRIDDEN and e.slack_id != holder]
        return PlacingForm(case.id, case.state, case.state in HELD_CASE_STATES, holder, tuple(choices[:MAX_CHOICES]))


def _exclusion(session: Session, svc: Services, case: Case, supporter_id: str, now: datetime) -> Exclusion | None:
    person = person_by_slack_id(session, supporter_id)
    load = open_load_by_supporter(session).get(supporter_id, 0)
    return first_exclusion(case_for_matching(session, case), supporter_profile(person, svc.settings, now), load, now)


def _is_a_supporter(session: Session, slack_id: str) -> bool:
    person = person_by_slack_id(session, slack_id)
    return person is not None and Role.SUPPORTER in roles_of(person)


def _take_back(session: Session, case: Case, now: datetime, *, closed: bool) -> None:
    """The supporter holding the case stops being reminded of it and is told, kindly."""
    holder = case.supporter_slack_id
    queue.cancel_for_case(session, case.id, HOLDER_WORK, now)
    if not closed:
        session.execute(
            update(Offer)
            .where(Offer.case_id == case.id, Offer.supporter_slack_id == holder, Offer.status == OfferStatus.ACCEPTED)
            .values(status=OfferStatus.HANDED_OFF, answered_at=now)
        )
    queue.schedule(session, PlacingWork.CASE_TAKEN_BACK, now, now, case_id=case.id, recipient=holder)


def place_case(svc: Services, coordinator: Actor, case_id: int, supporter_id: str, reason: str,
               override_confirmed: bool = False) -> Placed:
    """Assign a waiting or unplaced case, or Reassign a held one, to `supporter_id`: any open offer
    is withdrawn, the previous holder is told, and the supporter gets a normal offer. `reason` is
    one of PLACING_REASONS."""
    require_choice(reason, PLACING_REASONS, "the reason")
    coordinator.resolve()
    if not may_coordinate(coordinator):
        return Placed(False, Problem.NOT_ALLOWED)
    now = svc.clock.now()
    with svc.db.session() as session:
        case = lock_case(session, case_id)
        if case is None or not allows(case, _move_for(case)):
            return Placed(False, Problem.NO_LONGER_OPEN, case_id)
        move = _move_for(case)
        if not _is_a_supporter(session, supporter_id) or supporter_id == case.supporter_slack_id:
            return Placed(False, Problem.NOT_A_CHOICE, case_id, supporter_id)
        lock_matching(session)  # the load read for the rules holds until this offer is made
        exclusion = _exclusion(session, svc, case, supporter_id, now)
        if exclusion is not None and exclusion.rule in NEVER_OVERRIDDEN:
            return Placed(False, Problem.NOT_A_CHOICE, case_id, supporter_id)
        if exclusion is not None and not override_confirmed:
            return Placed(False, Problem.NEEDS_CONFIRMATION, case_id, supporter_id, exclusion.reason)
        withdraw_open_offers(session, case, now)
        if move == Move.REASSIGN:
            _take_back(session, case, now, closed=False)
        advance(case, move, now)
        start_waiting_clock(session, svc, case, now)
        words = f"chosen by a coordinator: {PLACING_REASONS[reason].lower()}"
        if exclusion is not None:
            words += f"; overriding a matching rule ({exclusion.reason})"
        make_offer(session, svc, case, supporter_id, words, now)
        action = AuditAction.CASE_REASSIGNED if move == Move.REASSIGN else AuditAction.CASE_ASSIGNED
        audit.record(session, now, coordinator.slack_id, action, case.id, detail=reason)
        if exclusion is not None:
            audit.record(session, now, coordinator.slack_id, AuditAction.RULE_OVERRIDDEN, case.id,
                         detail=exclusion.rule)
    log.info("case %s: %s by a coordinator%s", case_id, move, " (a rule overridden)" if exclusion else "")
    svc.wake()
    return Placed(True, None, case_id, supporter_id, exclusion.reason if exclusion else None)


def close_by_coordinator(svc: Services, coordinator: Actor, case_id: int, outcome: str) -> Placed:
    """Close any open case with an outcome (one of COORDINATOR_OUTCOMES): open offers are withdrawn,
    every reminder stops, the note is deleted (its identities after RETENTION), and a supporter
    holding it is told."""
    require_choice(outcome, COORDINATOR_OUTCOMES, "the outcome")
    coordinator.resolve()
    if not may_coordinate(coordinator):
        return Placed(False, Problem.NOT_ALLOWED)
    now = svc.clock.now()
    with svc.db.session() as session:
        case = lock_case(session, case_id)
        if case is None or not allows(case, Move.CLOSE_BY_COORDINATOR):
            return Placed(False, Problem.NO_LONGER_OPEN, case_id)
        withdraw_open_offers(session, case, now)
        if case.state in HELD_CASE_STATES:
            _take_back(session, case, now, closed=True)
        advance(case, Move.CLOSE_BY_COORDINATOR, now, outcome=outcome)
        after_closing(session, svc, case, now)
        audit.record(session, now, coordinator.slack_id, AuditAction.CASE_CLOSED, case.id, detail=outcome)
    log.info("case %s closed by a coordinator (%s)", case_id, outcome)
    svc.wake()
    return Placed(True, None, case_id)


def case_to_close(svc: Services, coordinator: Actor, case_id: int) -> int | None:
    """The case, if this coordinator may close it now (for opening the Close modal)."""
    coordinator.resolve()
    if not may_coordinate(coordinator):
        return None
    with svc.db.session() as session:
        case = session.get(Case, case_id)
        return case.id if case is not None and allows(case, Move.CLOSE_BY_COORDINATOR) else None

"""How a case moves: one table of transitions, and the only function that sets a case's state.

Read `TRANSITIONS` top to bottom for the whole life of a case; the services that make each
move (offering, answering, follow-through) lock the case row first (bot/core/db.py), check
who is acting, and call `advance`. A move the table does not allow from the case's state
raises IllegalTransition, which the services turn into "no longer open" for the person.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.cases.vocabulary import CHECKED_IN, HELD_CASE_STATES, OPEN_CASE_STATES, WAITING_CASE_STATES, CaseState
from models.tables import Case


class Move(StrEnum):
    OFFER = "offer"  # the best eligible supporter is offered the case
    NOBODY_LEFT = "nobody left"  # nobody eligible: the coordinators are asked to place it
    ACCEPT = "accept"  # a supporter accepts the offer
    RECORD_CONTACT = "record contact"  # the supporter and the clinician have been in touch
    HAND_OFF = "hand off"  # the supporter passes it on: back to matching
    CLOSE = "close"  # closed with an outcome, by the supporter holding it
    CLOSE_AFTER_CHECK_INS = "close after check-ins"  # the last check-in reminder went out
    REVISE_OUTCOME = "revise outcome"  # a case that closed itself takes the supporter's outcome
    # Coordinators (bot/coordination/placing.py): each is audited with its reason, a code.
    ASSIGN = "assign"  # a coordinator offers a waiting or unplaced case to a supporter they chose
    REASSIGN = "reassign"  # a coordinator passes a held case to a supporter they chose
    CLOSE_BY_COORDINATOR = "close by coordinator"  # a coordinator closes an open case with an outcome
    # Hospital systems (bot/intake/): a case a safety event started waits for a coordinator's word.
    HOLD_FOR_TRIAGE = "hold for triage"  # a new case from a safety event, in triage mode
    APPROVE = "approve"  # a coordinator chose Offer support: back to matching
    NOT_NEEDED = "not needed"  # a coordinator chose Not needed: closed, nobody is messaged


@dataclass(frozen=True)
class Transition:
    sources: frozenset[CaseState]
    target: CaseState
    stamp: str | None = None  # the time column set to now on arrival
    takes: tuple[str, ...] = ()  # values the caller must give
    clears: tuple[str, ...] = ()  # columns emptied on arrival
    only_if: Callable[[Case], bool] | None = None  # a further condition on the case


def _closed_by_itself(case: Case) -> bool:
    return case.outcome == CHECKED_IN


TRANSITIONS: dict[Move, Transition] = {
    Move.OFFER: Transition(WAITING_CASE_STATES, CaseState.OFFERED, "offered_at"),
    Move.NOBODY_LEFT: Transition(WAITING_CASE_STATES, CaseState.UNPLACED, "unplaced_at"),
    Move.ACCEPT: Transition(frozenset({CaseState.OFFERED}), CaseState.ACCEPTED, "accepted_at",
                            takes=("supporter_slack_id",)),
    Move.RECORD_CONTACT: Transition(frozenset({CaseState.ACCEPTED}), CaseState.CONTACTED, "contacted_at"),
    Move.HAND_OFF: Transition(HELD_CASE_STATES, CaseState.NEW,
                              clears=("supporter_slack_id", "accepted_at", "contacted_at", "escalated_no_contact_at")),
    # Notes do not outlive the case.
    Move.CLOSE: Transition(HELD_CASE_STATES, CaseState.CLOSED, "closed_at", takes=("outcome",),
                           clears=("note_ciphertext",)),
    Move.CLOSE_AFTER_CHECK_INS: Transition(frozenset({CaseState.CONTACTED}), CaseState.CLOSED, "closed_at",
                                           takes=("outcome",), clears=("note_ciphertext",)),
    Move.REVISE_OUTCOME: Transition(frozenset({CaseState.CLOSED}), CaseState.CLOSED, takes=("outcome",),
                                    only_if=_closed_by_itself),
    # Placed by a coordinator, it is no longer "nobody left": if it waits again, they hear again.
    # From triage too: choosing a supporter for a safety event's case is saying yes to it.
    Move.ASSIGN: Transition(WAITING_CASE_STATES | {CaseState.UNPLACED, CaseState.TRIAGE}, CaseState.OFFERED,
                            "offered_at",
                            clears=("unplaced_at",)),
    Move.REASSIGN: Transition(HELD_CASE_STATES, CaseState.OFFERED, "offered_at",
                              clears=("supporter_slack_id", "accepted_at", "contacted_at", "escalated_no_contact_at")),
    Move.CLOSE_BY_COORDINATOR: Transition(OPEN_CASE_STATES, CaseState.CLOSED, "closed_at", takes=("outcome",),
                                          clears=("note_ciphertext",)),
    Move.HOLD_FOR_TRIAGE: Transition(frozenset({CaseState.NEW}), CaseState.TRIAGE),
    Move.APPROVE: Transition(frozenset({CaseState.TRIAGE}), CaseState.NEW),
    Move.NOT_NEEDED: Transition(frozenset({CaseState.TRIAGE}), CaseState.CLOSED, "closed_at", takes=("outcome",),
                                clears=("note_ciphertext",)),
}


class IllegalTransition(Exception):
    """The move is not allowed from the case's state: a clear message, for logs and tests."""

    def __init__(self, case_id: int | None, state: str, move: Move):
        super().__init__(f"case {case_id}: cannot {move} from state '{state}'")
        self.case_id = case_id
        self.state = state
        self.move = move


def allows(case: Case, move: Move) -> bool:
    transition = TRANSITIONS[move]
    return case.state in transition.sources and (transition.only_if is None or transition.only_if(case))


def advance(case: Case, move: Move, now: datetime, **values) -> None:
    """Make `move` on a case whose row the caller has locked. The only code that sets a case's state."""
    transition = TRANSITIONS[move]
    if not allows(case, move):
        raise IllegalTransition(case.id, case.state, move)
    if set(values) != set(transition.takes):
        raise TypeError(f"{move} takes {transition.takes}, not {tuple(values)}")
    for column in transition.clears:
        setattr(case, column, None)
    for column, value in values.items():
        setattr(case, column, value)
    if transition.stamp is not None:
        setattr(case, transition.stamp, now)
    case.state = transition.target
    case.updated_at = now


def new_case(now: datetime, **values) -> Case:
    """A case as it starts: NEW, nothing offered yet."""
    return Case(state=CaseState.NEW, created_at=now, updated_at=now, **values)

"""One lock order for every transaction that touches a case: the case row first.

On PostgreSQL, a transaction that changes a case, its offers and its nudges takes
`SELECT … FOR NO KEY UPDATE` on the case row before anything else, so two of them (a
click and the scheduler, say) queue up instead of deadlocking on rows taken in opposite
orders. NO KEY UPDATE, not UPDATE: PostgreSQL share-locks the case row when it checks a
nudge's or offer's foreign key (for instance on a second update of the same nudge in one
transaction), and that share lock must not wait behind our own lock. SQLite takes the
whole database at BEGIN IMMEDIATE, so this is a no-op there.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.tables import Case, Offer


def lock_case(session: Session, case_id: int | None) -> None:
    if case_id is not None:
        session.execute(select(Case.id).where(Case.id == case_id).with_for_update(key_share=True))


def lock_case_of_offer(session: Session, offer_id: int) -> bool:
    """Lock the case an offer belongs to; False if there is no such offer."""
    case_id = session.scalar(select(Offer.case_id).where(Offer.id == offer_id))
    if case_id is None:
        return False
    lock_case(session, case_id)
    return True

"""One lock order for every transaction that touches a case: the case row first.

On PostgreSQL, a transaction that changes a case, its offers and its nudges takes
`SELECT … FOR NO KEY UPDATE` on the case row before anything else, so two of them (a
click and the scheduler, say) queue up instead of deadlocking on rows taken in opposite
orders. NO KEY UPDATE, not UPDATE: PostgreSQL share-locks the case row when it checks a
nudge's or offer's foreign key (for instance on a second update of the same nudge in one
transaction), and that share lock must not wait behind our own lock. SQLite takes the
whole database at BEGIN IMMEDIATE, so there the lock costs nothing.

Requests about one clinician (a new case or joining an open one) first take `lock_clinician`.
Choosing a supporter takes `lock_matching` last of all (after the case), so that two cases
matched at once cannot both take a supporter's last place.

`lock_case` returns the case as it is once the lock is held (freshly read, never a copy
an earlier query in the same session left behind), so a check made on it holds until
the transaction ends.
"""
from __future__ import annotations

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from models.tables import Case, Offer


def lock_case(session: Session, case_id: int | None) -> Case | None:
    """Lock the case row and return the case; None when there is no such case."""
    if case_id is None:
        return None
    return session.scalars(
        select(Case).where(Case.id == case_id).with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).first()


def lock_clinician(session: Session, slack_id: str) -> None:
    """Serialise requests about one clinician (two forms sent at once must not open two cases).
    Taken before any case lock. PostgreSQL: a transaction-scoped advisory lock on the id; SQLite
    already runs one writer at a time."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtextextended(:id, 7310))"), {"id": slack_id})


def lock_case_of_offer(session: Session, offer_id: int) -> Case | None:
    """Lock the case an offer belongs to and return it; None if there is no such offer."""
    case_id = session.scalar(select(Offer.case_id).where(Offer.id == offer_id))
    return lock_case(session, case_id)


def lock_matching(session: Session) -> None:
    """Serialise choosing supporters: the load matching reads stays true until this transaction
    ends, so two cases matched at the same moment never both take a supporter's last place.
    Taken last, after the case lock (nothing is locked after it). PostgreSQL: a transaction-scoped
    advisory lock; SQLite already runs one writer at a time."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7311)"))

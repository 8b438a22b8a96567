"""Due work kept in the database: schedule, cancel, claim with a lease, renew, finish.

Every message the bot owes a person, and every timeout it must act on, is a row in
`nudges`. The scheduler claims due rows with a lease (`claimed_by`,
`claim_expires_at`); a row is finished (`sent_at`) or cancelled at most once.
Several processes can claim at once: PostgreSQL skips rows another process
holds (`FOR UPDATE SKIP LOCKED`), SQLite serialises writers. A process that
dies mid-send leaves its lease to run out, and another process takes the row.

Rows are claimed in priority order (each kind's, stamped on the row), then due order. A
recipient's DM is a channel: only the head of each channel is claimable (its earliest due
pending row, and only while no row of that channel is held), so however many processes and
threads send, one channel never gets two messages at once, and gets them in due order. A
channel Slack rate-limited is held the same way (`hold_back`) until Retry-After has passed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, exists, or_, select, update
from sqlalchemy.orm import Session, aliased

from bot.outbox.kinds import WorkKind
from bot.outbox.registry import Priority, priority_of
from models.db import Database
from models.tables import Nudge


def pending() -> ColumnElement[bool]:
    """A row still to do: neither finished nor cancelled."""
    return and_(Nudge.sent_at.is_(None), Nudge.cancelled_at.is_(None))


def schedule(
    session: Session,
    kind: WorkKind,
    due_at: datetime,
    now: datetime,
    *,
    case_id: int | None,
    offer_id: int | None = None,
    recipient: str | None = None,
    dedupe_key: str | None = None,
    about: str | None = None,
) -> Nudge | None:
    """Add due work. With a dedupe_key, nothing is added if that key was ever scheduled."""
    if dedupe_key is not None and session.scalar(select(Nudge.id).where(Nudge.dedupe_key == dedupe_key)):
        return None
    nudge = Nudge(
        kind=kind,
        dedupe_key=dedupe_key,
        due_at=due_at,
        case_id=case_id,
        offer_id=offer_id,
        recipient_slack_id=recipient,
        about_slack_id=about,
        created_at=now,
        attempts=0,
        priority=int(priority_of(kind)),
    )
    session.add(nudge)
    return nudge


def has_pending(session: Session, case_id: int, kind: WorkKind, other_than: int | None = None) -> bool:
    """Whether the case still has work of this kind to do (besides the row `other_than`)."""
    query = select(Nudge.id).where(Nudge.case_id == case_id, Nudge.kind == kind, pending())
    if other_than is not None:
        query = query.where(Nudge.id != other_than)
    return session.scalar(query.limit(1)) is not None


def pending_of(session: Session, kind: WorkKind, *, case_id: int | None = None, offer_id: int | None = None,
               recipient: str | None = None) -> list[Nudge]:
    """The pending rows of one kind, for one case, one offer or one recipient."""
    query = select(Nudge).where(Nudge.kind == kind, pending())
    if case_id is not None:
        query = query.where(Nudge.case_id == case_id)
    if offer_id is not None:
        query = query.where(Nudge.offer_id == offer_id)
    if recipient is not None:
        query = query.where(Nudge.recipient_slack_id == recipient)
    return list(session.scalars(query.order_by(Nudge.id)))


def cancel_for_offer(session: Session, offer_id: int, kinds: Iterable[WorkKind], now: datetime) -> None:
    session.execute(
        update(Nudge)
        .where(Nudge.offer_id == offer_id, Nudge.kind.in_(list(kinds)), pending())
        .values(cancelled_at=now)
    )


def cancel_for_case(session: Session, case_id: int, kinds: Iterable[WorkKind], now: datetime) -> None:
    session.execute(
        update(Nudge)
        .where(Nudge.case_id == case_id, Nudge.kind.in_(list(kinds)), pending())
        .values(cancelled_at=now)
    )


def cancel_for_recipient(session: Session, recipient: str, kinds: Iterable[WorkKind], now: datetime) -> None:
    session.execute(
        update(Nudge)
        .where(Nudge.recipient_slack_id == recipient, Nudge.kind.in_(list(kinds)), pending())
        .values(cancelled_at=now)
    )


def pending_keyed(session: Session, case_id: int, kind: WorkKind, key_prefix: str) -> list[Nudge]:
    """The case's pending rows of one kind whose dedupe key starts with `key_prefix`."""
    return list(session.scalars(
        select(Nudge).where(Nudge.case_id == case_id, Nudge.kind == kind, pending(),
                            Nudge.dedupe_key.startswith(key_prefix, autoescape=True))
    ))


def _not_behind_another_in_its_channel(now: datetime) -> ColumnElement[bool]:
    """The row is its channel's head: no other pending row to the same recipient is due before it
    (ties by id) or held by anyone right now. Rows with no recipient (actions) have no channel."""
    other = aliased(Nudge)
    return ~exists().where(
        other.recipient_slack_id == Nudge.recipient_slack_id,
        other.sent_at.is_(None),
        other.cancelled_at.is_(None),
        other.id != Nudge.id,
        or_(
            other.due_at < Nudge.due_at,
            and_(other.due_at == Nudge.due_at, other.id < Nudge.id),
            other.claim_expires_at > now,
        ),
    )


def claim_due(db: Database, now: datetime | Callable[[], datetime], worker: str, lease: timedelta,
              limit: int = 20) -> list[int]:
    """Claim up to `limit` due rows for `worker`, at most one per channel; return their ids, in
    priority then due order. `now` may be a clock, read once the transaction holds the database
    (a lease counted from before a wait for SQLite's write lock would be short)."""
    ids: list[int] = []
    with db.session() as session:
        if callable(now):
            session.connection()  # begin: on SQLite this waits for the write lock
            now = now()
        for priority in Priority:  # one index range each: a pass with nothing due reads nothing
            if len(ids) >= limit:
                break
            query = (
                select(Nudge.id)
                .where(
                    Nudge.priority == int(priority),
                    pending(),
                    Nudge.due_at <= now,
                    or_(Nudge.claim_expires_at.is_(None), Nudge.claim_expires_at <= now),
                    _not_behind_another_in_its_channel(now),
                )
                .order_by(Nudge.due_at, Nudge.id)
                .limit(limit - len(ids))
            )
            if db.dialect == "postgresql":
                query = query.with_for_update(skip_locked=True, of=Nudge)
            ids += list(session.scalars(query))
        if ids:
            session.execute(
                update(Nudge)
                .where(Nudge.id.in_(ids))
                .values(claimed_by=worker, claim_expires_at=now + lease, attempts=Nudge.attempts + 1)
            )
        return ids


def renew_claim(session: Session, nudge_id: int, worker: str, now: datetime, lease: timedelta) -> bool:
    """Extend our lease right before acting; False when the row is no longer ours to do."""
    result = session.execute(
        update(Nudge)
        .where(Nudge.id == nudge_id, Nudge.claimed_by == worker, pending())
        .values(claim_expires_at=now + lease)
    )
    return result.rowcount == 1


def renew_claims(db: Database, nudge_ids: Iterable[int], worker: str, clock: Callable[[], datetime],
                 lease: timedelta) -> int:
    """Extend our leases on rows still under way (a live process keeps what it is sending; a dead
    one stops renewing, and its rows go to others once their leases run out)."""
    ids = list(nudge_ids)
    if not ids:
        return 0
    with db.session() as session:
        session.connection()  # begin first: the lease counts from when the database is ours
        now = clock()
        result = session.execute(
            update(Nudge)
            .where(Nudge.id.in_(ids), Nudge.claimed_by == worker, pending())
            .values(claim_expires_at=now + lease)
        )
        return result.rowcount


def mark_sent(session: Session, nudge_id: int, worker: str, now: datetime,
              channel: str | None = None, ts: str | None = None) -> bool:
    """Record the row done; for a message, where Slack says it went (`channel`, `ts`)."""
    result = session.execute(
        update(Nudge)
        .where(Nudge.id == nudge_id, Nudge.claimed_by == worker, pending())
        .values(sent_at=now, claim_expires_at=None, posted_channel=channel, posted_ts=ts)
    )
    return result.rowcount == 1


def was_sent_to(session: Session, recipient: str, channel: str, ts: str, *, case_id: int | None = None,
                kinds: Iterable[WorkKind] | None = None) -> bool:
    """Whether the message at (channel, ts) is one the bot sent to `recipient` (about `case_id`,
    of one of `kinds`), as recorded when Slack took it."""
    query = select(Nudge.id).where(Nudge.posted_ts == ts, Nudge.posted_channel == channel,
                                   Nudge.recipient_slack_id == recipient, Nudge.sent_at.is_not(None))
    if case_id is not None:
        query = query.where(Nudge.case_id == case_id)
    if kinds is not None:
        query = query.where(Nudge.kind.in_(list(kinds)))
    return session.scalar(query.limit(1)) is not None


def drop(session: Session, nudge_id: int, now: datetime) -> None:
    """Cancel a row that is no longer relevant (its offer passed on, its case moved)."""
    session.execute(update(Nudge).where(Nudge.id == nudge_id, pending()).values(cancelled_at=now))


def hold_back(session: Session, nudge_id: int, worker: str, until: datetime) -> None:
    """Slack asked us to slow down for this row's channel: nobody takes the row, nor any later row
    of its channel, before `until`. Its due time is kept, so it stays first in its channel; it is
    nobody's meanwhile (so no renewal extends the wait)."""
    session.execute(
        update(Nudge)
        .where(Nudge.id == nudge_id, Nudge.claimed_by == worker, pending())
        .values(claimed_by=None, claim_expires_at=until)
    )


def release(session: Session, nudge_id: int, worker: str, retry_at: datetime) -> None:
    """Give a row back after a failed attempt or a hold: it is due again at `retry_at`."""
    session.execute(
        update(Nudge)
        .where(Nudge.id == nudge_id, Nudge.claimed_by == worker, pending())
        .values(claimed_by=None, claim_expires_at=None, due_at=retry_at)
    )

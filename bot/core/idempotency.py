"""Doing a request once: a retried delivery of the same request gets the first one's answer.

A request is known by a key (a Slack view id for a submitted form; later, an intake event id).
`once` runs the work and records the key in the same transaction. If the key was already
recorded, or another process records it at the same moment (the insert of the key then
fails), the work is not done and the first run's answer is returned instead.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models.db import Database
from models.tables import ProcessedRequest


@dataclass(frozen=True)
class Once:
    """What came of a request: the case it concerns, and whether this call did the work."""

    case_id: int | None
    first_time: bool


def once(db: Database, key: str, now: datetime, work: Callable[[Session], int | None]) -> Once:
    """Run `work` (which returns the case it concerns) unless `key` was done before."""
    try:
        with db.session() as session:
            seen = session.get(ProcessedRequest, key)
            if seen is not None:
                return Once(case_id=seen.case_id, first_time=False)
            case_id = work(session)
            session.add(ProcessedRequest(key=key, case_id=case_id, at=now))
            session.flush()
            return Once(case_id=case_id, first_time=True)
    except IntegrityError:
        # The same request, delivered twice at the same moment: the other delivery won.
        with db.session() as session:
            seen = session.get(ProcessedRequest, key)
            if seen is None:
                raise
            return Once(case_id=seen.case_id, first_time=False)


def already_done(db: Database, key: str) -> bool:
    """Whether a request with this key was done before (a retry, which `once` answers as the first)."""
    with db.read() as session:
        return session.get(ProcessedRequest, key) is not None


@dataclass(frozen=True)
class Remembered:
    """The answer to a request, and whether this call gave it first."""

    answer: str
    first_time: bool


def remember_answer(db: Database, key: str, now: datetime, work: Callable[[Session], str]) -> Remembered:
    """Run `work` (which returns the answer, as text) unless `key` was done before; then the first
    answer is given again, word for word. The key and the answer are stored in work's transaction."""
    try:
        with db.session() as session:
            seen = session.get(ProcessedRequest, key)
            if seen is not None:
                return Remembered(seen.answer or "", first_time=False)
            answer = work(session)
            session.add(ProcessedRequest(key=key, case_id=None, at=now, answer=answer))
            session.flush()
            return Remembered(answer, first_time=True)
    except IntegrityError:
        with db.session() as session:
            seen = session.get(ProcessedRequest, key)
            if seen is None:
                raise
            return Remembered(seen.answer or "", first_time=False)


def forget_answers(db: Database, prefix: str, before: datetime) -> None:
    """Drop stored answers under `prefix` recorded before `before` (they name people; retries stop long before)."""
    with db.session() as session:
        session.execute(delete(ProcessedRequest).where(ProcessedRequest.key.startswith(prefix, autoescape=True),
                                                       ProcessedRequest.answer.is_not(None),
                                                       ProcessedRequest.at < before))

"""Checks made before the bot answers Slack read through `Database.read()`: it waits behind no
writer (a due-work send holding this process's turn, or SQLite's write lock), and it cannot write."""
from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest

from models.tables import ProcessedRequest

DEADLINE = 15  # seconds; a read that waits for the writer would never finish while it holds on


def test_a_read_goes_on_while_a_writer_holds_its_transaction_open(db):
    with db.session() as session:
        session.add(ProcessedRequest(key="view:first", case_id=None, at=datetime.now(timezone.utc)))
    writing, release = threading.Event(), threading.Event()

    def writer():
        with db.session() as session:
            session.add(ProcessedRequest(key="view:second", case_id=None, at=datetime.now(timezone.utc)))
            session.flush()
            writing.set()
            release.wait(DEADLINE)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert writing.wait(DEADLINE)
        seen: list = []
        reader = threading.Thread(target=lambda: seen.append(_keys(db)))
        reader.start()
        reader.join(DEADLINE)
        assert not reader.is_alive(), "the read waited for the writer"
        assert seen == [["view:first"]]  # the last committed state, not the writer's
    finally:
        release.set()
        thread.join(DEADLINE)


def _keys(db) -> list[str]:
    with db.read() as session:
        return sorted(row.key for row in session.query(ProcessedRequest))


def test_writing_in_a_read_is_refused_and_changes_nothing(db):
    with pytest.raises(RuntimeError, match="for reading"):
        with db.read() as session:
            session.add(ProcessedRequest(key="view:sneaky", case_id=None, at=datetime.now(timezone.utc)))
    assert _keys(db) == []

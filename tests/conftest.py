"""Fixtures: a database (SQLite, or PostgreSQL with TEST_DATABASE_URL), a fake Slack,
an injected clock, and the bot served over HTTP the way `serve` does."""
from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from bot.app import BotApp, build_app
from bot.core.notes import cipher_for
from bot.core.services import Services
from bot.core.clock import FakeClock
from bot.config import Settings
from bot.slack.server import BotServer
from fakes.slack_api import FakeSlack
from flows import eventually
from models.db import Database, normalise_url
from models.tables import Base, Nudge
from slack_requests import SlackSender

SIGNING_SECRET = "test-signing-secret"
NOTE_KEY = "QEnYDkfdn7K2FO9fKw2D8UqRTrOrGsHHrDhQxVnfQZ4="  # a Fernet key for the tests' notes


def _database_of_this_worker(url: str | None) -> str | None:
    """With several pytest-xdist workers, each gets a PostgreSQL database of its own (created
    next to the one named), so they never see each other's rows."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not url or not worker:
        return url
    base = make_url(normalise_url(url))
    own = base.set(database=f"{base.database}_{worker}")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}):
                conn.execute(text(f'CREATE DATABASE "{own.database}"'))
    finally:
        admin.dispose()
    return own.render_as_string(hide_password=False)


TEST_DATABASE_URL = _database_of_this_worker(os.environ.get("TEST_DATABASE_URL"))


def reset_postgres(url: str) -> None:
    db = Database(url)
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    db.dispose()


def empty_postgres(url: str) -> None:
    """The schema up to date and every table empty: truncated when the schema is there (fast),
    else built again."""
    db = Database(url)
    try:
        with db.engine.begin() as conn:
            present = set(inspect(conn).get_table_names())
            if set(Base.metadata.tables) | {"alembic_version"} <= present:
                names = ", ".join(f'"{name}"' for name in Base.metadata.tables)
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                return
        reset_postgres(url)
        db.upgrade()
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A SQLite file migrated once; each test gets a copy (migrating takes longer than copying)."""
    path = tmp_path_factory.mktemp("template") / "bot.sqlite3"
    database = Database(f"sqlite:///{path}")
    database.upgrade()
    database.dispose()  # the last connection to close folds the write-ahead log into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture
def database_url(request, tmp_path) -> str:
    """A database whose schema is up to date, with no rows."""
    if TEST_DATABASE_URL:
        empty_postgres(TEST_DATABASE_URL)
        return TEST_DATABASE_URL
    path = tmp_path / "bot.sqlite3"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


@pytest.fixture
def blank_database_url(tmp_path) -> str:
    """A database with no schema at all, for tests of migrating one."""
    if TEST_DATABASE_URL:
        reset_postgres(TEST_DATABASE_URL)
        return TEST_DATABASE_URL
    return f"sqlite:///{tmp_path / 'blank.sqlite3'}"


@pytest.fixture
def db(database_url):
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_services(db, clock):
    """Services over the test database and clock, with any settings overridden: the one way
    service-level tests build them."""

    def make(**settings) -> Services:
        values = Settings(**{"note_encryption_key": NOTE_KEY, **settings})
        return Services(db=db, clock=clock, settings=values, cipher=cipher_for(values))

    return make


@pytest.fixture
def slack():
    fake = FakeSlack().start()
    yield fake
    fake.stop()
    fake.assert_no_spec_violations()


def make_settings(slack: FakeSlack, database_url: str, **overrides) -> Settings:
    values = dict(
        slack_bot_token="xoxb-test",
        slack_signing_secret=SIGNING_SECRET,
        note_encryption_key=NOTE_KEY,
        slack_api_url=slack.url,
        database_url=database_url,
        scheduler_interval=timedelta(hours=1),
    )
    values.update(overrides)
    return Settings(**values)


class RunningBot:
    """The bot behind a real HTTP server, with the scheduler driven by the test."""

    def __init__(self, app: BotApp, server: BotServer, slack: FakeSlack, clock: FakeClock):
        self.app = app
        self.server = server
        self.slack = slack
        self.clock = clock
        self.send = SlackSender(f"http://127.0.0.1:{server.port}", SIGNING_SECRET, response_url=slack.response_url)

    @property
    def services(self):
        return self.app.services

    def run_due_work(self):
        """One scheduler pass, as the APScheduler job would run it; then wait until nothing due now
        is left undone (the app's own scheduler may be doing some of it at the same moment)."""
        outcomes = self.app.work.run_once()
        eventually(self._nothing_due_now, what="all due work done")
        return outcomes

    def _nothing_due_now(self) -> bool:
        with self.services.db.session() as session:
            return session.scalar(
                select(func.count()).select_from(Nudge).where(
                    Nudge.sent_at.is_(None), Nudge.cancelled_at.is_(None), Nudge.due_at <= self.clock.now())
            ) == 0

    def stop(self) -> None:
        self.app.scheduler.shutdown()
        self.server.shutdown()


@pytest.fixture
def start_bot(slack, database_url, clock, db):
    """Start a bot (several may share one database); stopped at the end of the test."""
    started: list[RunningBot] = []

    def start(**settings_overrides) -> RunningBot:
        settings = make_settings(slack, database_url, **settings_overrides)
        app = build_app(settings, Database(database_url), clock=clock)
        # The real scheduler: wake-ups send new work at once. Its interval is long, and it makes
        # no first pass of its own, so anything timed happens only when the test moves the clock
        # and calls run_due_work(): no pass reads the clock at a moment the test did not choose.
        app.scheduler.start(first_pass_now=False)
        server = BotServer(("127.0.0.1", 0), health=lambda: True, signing_secret=SIGNING_SECRET)
        server.bolt = app.bolt
        server.routes = app.routes
        server.serve_in_thread()
        bot = RunningBot(app, server, slack, clock)
        started.append(bot)
        return bot

    yield start
    for bot in started:
        bot.stop()
        bot.app.services.db.dispose()


@pytest.fixture
def bot(start_bot) -> RunningBot:
    return start_bot()

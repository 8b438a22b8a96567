"""Engine and session set-up for SQLite (default) and PostgreSQL."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# Any fixed number works; it only has to be the same in every process.
_MIGRATION_LOCK_ID = 7_310_422_911


class DatabaseUnavailable(Exception):
    """The database URL is unusable or the database cannot be reached."""


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgresql:// URLs."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable URL>"


READ_ONLY = "peer_support_read_only"  # an execution option: this session only reads


def _prepare_sqlite(engine: Engine) -> None:
    """Take the write lock at the start of every transaction, and zero what is deleted.

    SQLite otherwise upgrades a read lock to a write lock mid-transaction and
    fails with "database is locked" when two threads do so at once. The write-ahead
    log is folded into the file and removed when the last connection closes.
    """

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA journal_mode=WAL")
        # Deleted and overwritten values are zeroed on disk, not left in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        # A reading session (Database.read) takes no write lock: WAL lets it read beside the writer.
        reading = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


class Database:
    """One engine and its session factory."""

    def __init__(self, url: str):
        url = normalise_url(url)
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise DatabaseUnavailable(f"DATABASE_URL is not a database URL: {exc}") from None
        try:
            if parsed.get_backend_name() == "sqlite":
                self.engine = create_engine(
                    url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True
                )
                _prepare_sqlite(self.engine)
            else:
                self.engine = create_engine(
                    url, pool_pre_ping=True, pool_size=5, max_overflow=25, hide_parameters=True
                )
        except (ArgumentError, ImportError, SQLAlchemyError) as exc:
            raise DatabaseUnavailable(
                f"DATABASE_URL {safe_url(url)} cannot be used: {exc}"
            ) from None
        self.url = url
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(self.engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)
        # SQLite runs one writer at a time, and every transaction here writes (BEGIN IMMEDIATE):
        # threads of one process take turns on a lock instead of all polling SQLite's busy handler,
        # which lets a waiting transaction starve for seconds when many threads send at once.
        self._one_at_a_time = threading.RLock() if self.dialect == "sqlite" else None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on error."""
        if self._one_at_a_time is None:
            with self._sessions.begin() as session:
                yield session
            return
        with self._one_at_a_time, self._sessions.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session that only reads (a check made before answering Slack, say). On SQLite it waits
        for no writer: it neither takes the write lock nor its turn among this process's writers,
        and sees the last committed state. Writing in it is an error."""
        with self._readers.begin() as session:
            yield session
            if session.new or session.dirty or session.deleted:
                raise RuntimeError("Database.read() is for reading; use session() to write")

    def ping(self) -> bool:
        """True when the database answers."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def upgrade(self) -> None:
        """Bring the schema up to date; safe when several processes start at once."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        try:
            with self.engine.begin() as conn:
                if self.dialect == "postgresql":
                    # Held until this transaction ends: the second process waits,
                    # then finds the schema already current.
                    conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
        except SQLAlchemyError as exc:
            raise DatabaseUnavailable(
                f"DATABASE_URL {safe_url(self.url)} cannot be reached or migrated: "
                f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}"
            ) from None

    def dispose(self) -> None:
        self.engine.dispose()

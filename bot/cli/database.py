"""`peer-support db upgrade` (apply the migrations and exit) and `peer-support db current`
(the schema's revision, and whether it is up to date)."""
from __future__ import annotations

import argparse

from bot.cli.common import ENV_HINT, CliError, open_database, recover_old_notes
from bot.config import ConfigError, Settings

EPILOG = """\
settings (environment variables, or a .env file in the working directory; see .env.example):
  DATABASE_URL   default sqlite:///peer_support.sqlite3 (a file in the working directory);
                 PostgreSQL: postgresql+psycopg://user:password@host:5432/peer_support

`serve` brings the schema up to date on its own; `db upgrade` does only that (before a
deployment, say). `db current` changes nothing: it prints the revision and exits 0 when the
schema is up to date, 1 when `db upgrade` has work to do.

examples:
  peer-support db current
  DATABASE_URL=postgresql+psycopg://bot@db-host/peer_support peer-support db upgrade
"""


def db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    db = open_database(settings)
    try:
        recover_old_notes(settings, db)
    except ConfigError:
        print("Notes written under an older key will be re-encrypted when the bot starts with "
              "NOTE_ENCRYPTION_KEY set.")
    db.dispose()
    print("The database schema is up to date.")
    return 0


def schema_revisions(url: str) -> tuple[str | None, str]:
    """(the database's revision or None, the newest revision this version knows)."""
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy.exc import SQLAlchemyError

    from models.db import MIGRATIONS_DIR, Database, DatabaseUnavailable, safe_url

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()
    try:
        db = Database(url)
    except DatabaseUnavailable as exc:
        raise CliError(f"{exc} ({ENV_HINT})") from None
    try:
        with db.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise CliError(f"DATABASE_URL {safe_url(url)} cannot be reached: {exc.__class__.__name__} "
                       f"({ENV_HINT})") from None
    finally:
        db.dispose()
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:  # noqa: BLE001 - alembic's "can't locate revision"
            raise CliError(f"the database's schema revision {current} is newer than this version of the bot "
                           f"knows (its newest is {head}): run the newer version") from None
    return current, head


def db_current(settings: Settings, args: argparse.Namespace) -> int:
    from pathlib import Path

    from sqlalchemy.engine import make_url

    from models.db import normalise_url, safe_url

    url = normalise_url(settings.database_url)
    try:
        parsed = make_url(url)
    except Exception:  # noqa: BLE001 - Database() below says what is wrong with it
        parsed = None
    if parsed is not None and parsed.get_backend_name() == "sqlite" and parsed.database and \
            parsed.database != ":memory:" and not Path(parsed.database).exists():
        print(f"No database yet at {safe_url(url)}: `peer-support db upgrade` (or `serve`) creates it.")
        return 1
    current, head = schema_revisions(url)
    if current == head:
        print(f"Schema revision {current}: up to date.")
        return 0
    if current is None:
        print(f"No schema yet (the newest revision is {head}): run `peer-support db upgrade`.")
    else:
        print(f"Schema revision {current}; the newest is {head}: run `peer-support db upgrade`.")
    return 1


def add_commands(commands) -> None:
    db_parser = commands.add_parser("db", help="database tasks", epilog=EPILOG,
                                    formatter_class=argparse.RawDescriptionHelpFormatter)
    db = db_parser.add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply migrations and exit", epilog=EPILOG,
                  formatter_class=argparse.RawDescriptionHelpFormatter).set_defaults(run=db_upgrade)
    db.add_parser("current", help="print the schema revision and whether it is up to date (exit 1 if not)",
                  epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter).set_defaults(run=db_current)

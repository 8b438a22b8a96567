"""The `peer-support` command: serve, db upgrade, roster import, roster list."""
from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from pathlib import Path

from bot.config import ConfigError, Settings, load_dotenv_file, load_settings

EXIT_USAGE = 2
ENV_HINT = "see .env.example"


class CliError(Exception):
    """An expected failure: printed as one line, exit status 2."""


def _setup_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # At DEBUG these libraries log request and response bodies, which carry what people typed.
    for noisy in ("slack_bolt", "slack_sdk", "urllib3", "apscheduler"):
        logging.getLogger(noisy).setLevel(max(logging.getLevelName(settings.log_level), logging.INFO))
    # Routine chatter at INFO; only their warnings are worth a hospital operator's attention.
    for chatty in ("apscheduler", "alembic"):
        logging.getLogger(chatty).setLevel(logging.WARNING)


def _database(settings: Settings):
    from models.db import Database, DatabaseUnavailable

    try:
        db = Database(settings.database_url)
        db.upgrade()
    except DatabaseUnavailable as exc:
        raise CliError(f"{exc} ({ENV_HINT})") from None
    return db


# ---- serve -------------------------------------------------------------------------------


def serve(settings: Settings) -> int:
    missing = settings.missing_for_serve()
    if missing:
        raise CliError(f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: "
                       f"put {'it' if len(missing) == 1 else 'them'} in the environment or a .env file "
                       f"({ENV_HINT}).")
    from bot.app import build_app
    from bot.slack.server import BotHTTPServer

    log = logging.getLogger("bot.serve")
    state = {"ready": False, "db": None}

    def healthy() -> bool:
        return state["ready"] and state["db"].ping()

    try:
        server = BotHTTPServer(("0.0.0.0", settings.port), health=healthy)
    except OSError as exc:
        raise CliError(f"PORT {settings.port} cannot be used: {exc.strerror} ({ENV_HINT}).") from None
    server.serve_in_thread()
    try:
        db = _database(settings)
    except CliError:
        server.shutdown()
        raise
    state["db"] = db
    bot = build_app(settings, db)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    socket_handler = None
    if settings.socket_mode:
        from bot.slack.socket_mode import connect_socket_mode

        socket_handler = connect_socket_mode(bot.bolt, settings.slack_app_token)
        log.info("connected to Slack in Socket Mode; health check on port %s", server.port)
    else:
        server.bolt = bot.bolt
        log.info("serving Slack requests at POST /slack/events on port %s", server.port)
    bot.scheduler.start()
    state["ready"] = True
    stop.wait()
    log.info("shutting down")
    state["ready"] = False
    server.shutdown()
    if socket_handler is not None:
        socket_handler.close()
    bot.scheduler.shutdown()
    db.dispose()
    return 0


# ---- db and roster -----------------------------------------------------------------------


def db_upgrade(settings: Settings) -> int:
    _database(settings).dispose()
    print("The database schema is up to date.")
    return 0


def roster_import(settings: Settings, path: str) -> int:
    from bot.coordination.digest import ensure_digests
    from bot.core.clock import SystemClock
    from bot.roster.csv_import import RosterImportError, import_roster
    from bot.slack.client import email_resolver

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    db = _database(settings)
    try:
        report = import_roster(db, SystemClock(), text, email_resolver(settings, ENV_HINT))
    except RosterImportError as exc:
        print(f"Nothing was imported: {len(exc.errors)} problem(s) in {path}:", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    # Coordinators new to the roster get their daily digest from tomorrow on.
    ensure_digests(db, SystemClock(), settings)
    print(f"Roster imported: {report.created} added, {report.updated} updated.")
    return 0


def roster_list(settings: Settings) -> int:
    from bot.coordination.roster_view import format_roster_line, list_roster

    entries = list_roster(_database(settings))
    if not entries:
        print("The roster is empty. Add people with `peer-support roster import FILE.csv`.")
    for entry in entries:
        print(format_roster_line(entry))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="peer-support", description="The peer support Slack bot.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the bot")
    db = commands.add_parser("db", help="database tasks").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply migrations and exit")
    roster = commands.add_parser("roster", help="the roster of supporters, leads and coordinators")
    roster_commands = roster.add_subparsers(dest="roster_command", required=True)
    imp = roster_commands.add_parser("import", help="add or update people from a CSV file")
    imp.add_argument("file")
    roster_commands.add_parser("list", help="print the roster")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    load_dotenv_file()
    try:
        settings = load_settings()
        _setup_logging(settings)
        if args.command == "serve":
            return serve(settings)
        if args.command == "db":
            return db_upgrade(settings)
        if args.roster_command == "import":
            return roster_import(settings, args.file)
        return roster_list(settings)
    except (ConfigError, CliError) as exc:
        print(f"peer-support: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())

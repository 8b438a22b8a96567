"""`peer-support serve`: run the bot (Socket Mode with SLACK_APP_TOKEN, else HTTP)."""
from __future__ import annotations

import argparse
import logging
import signal
import threading

from bot.cli.common import ENV_HINT, CliError, open_database, recover_old_notes
from bot.config import ConfigError, Settings


def serve(settings: Settings, args: argparse.Namespace) -> int:
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
        server = BotHTTPServer(("0.0.0.0", settings.port), health=healthy,
                               signing_secret=settings.slack_signing_secret or "")
    except OSError as exc:
        raise CliError(f"PORT {settings.port} cannot be used: {exc.strerror} ({ENV_HINT}).") from None
    server.serve_in_thread()
    try:
        db = open_database(settings)
    except CliError:
        server.shutdown()
        raise
    state["db"] = db
    try:
        recover_old_notes(settings, db)
        bot = build_app(settings, db)
    except ConfigError:
        server.shutdown()
        raise
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
    server.routes = bot.routes
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


def add_commands(commands) -> None:
    commands.add_parser("serve", help="run the bot").set_defaults(run=serve)

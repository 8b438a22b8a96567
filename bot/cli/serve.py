"""`peer-support serve`: run the bot (Socket Mode with SLACK_APP_TOKEN, else HTTP).

One process serves HTTP (waitress, bot/slack/server.py) on HOST:PORT and runs the scheduler.
`--workers N` starts N such processes on one machine sharing the port: this process binds the
socket, brings the schema up to date once, then starts the workers (each `python -m bot.cli
serve` with the socket passed on) and watches them; SIGTERM or SIGINT stops them all. A worker
that dies is started again; a worker that stops on a setting (exit status 2) stops them all with
its one line.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time

from bot.cli.common import ENV_HINT, EXIT_USAGE, CliError, open_database, recover_old_notes
from bot.config import ConfigError, Settings

log = logging.getLogger("bot.serve")

EPILOG = """\
settings (environment variables, or a .env file in the working directory; see .env.example):
  SLACK_BOT_TOKEN       the bot token, xoxb-... (required; checked with Slack's auth.test at start)
  SLACK_APP_TOKEN       an app-level token, xapp-...: Socket Mode (no public URL needed)
  SLACK_SIGNING_SECRET  required without SLACK_APP_TOKEN (HTTP mode: POST /slack/events)
  DATABASE_URL          default sqlite:///peer_support.sqlite3; postgresql+psycopg://user:pass@host/db
  HOST                  address to listen on; default 0.0.0.0 (HTTP mode), 127.0.0.1 (Socket Mode)
  PORT                  HTTP port for /slack/events and /healthz, default 3000
  HTTP_TIMEOUT          a connection idle this long is closed, e.g. 30s (default)
  LOG_FORMAT            text (default) or json (one JSON object a line)
  LOG_LEVEL             INFO (default), DEBUG, WARNING or ERROR
  NOTE_ENCRYPTION_KEY   required with PostgreSQL; the policy settings are in .env.example

GET or HEAD /healthz answers 503 with the reason until the bot is ready (database up to date,
Slack answered), then 200. A rejected token stops start-up with exit status 2 and one line.

examples:
  peer-support serve
  HOST=127.0.0.1 PORT=8080 LOG_FORMAT=json peer-support serve --workers 2
"""

WORKER_RESTART_SECONDS = 1.0
STOP_SECONDS = 20.0
STOP_GRACE_SECONDS = 5.0


class Readiness:
    """What GET /healthz answers: the reason the bot is not ready yet, or the database's answer."""

    def __init__(self):
        self._reason: str | None = "starting"
        self.db = None
        self.connection = None  # the Socket Mode client, whose connection must be up

    def not_ready(self, reason: str) -> None:
        self._reason = reason

    def ready(self) -> None:
        self._reason = None

    def __call__(self) -> tuple[bool, str]:
        if self._reason is not None:
            return False, self._reason
        if self.connection is not None and not self.connection.is_connected():
            return False, "Socket Mode connection to Slack lost; reconnecting"
        if self.db is None or not self.db.ping():
            return False, "database unreachable"
        return True, "ok"


def _watch_parent(fd: int, stop: threading.Event) -> None:
    """A worker stops when its parent is gone (the pipe's other end closes with it)."""

    def watch():
        try:
            while os.read(fd, 1):
                pass
        except OSError:
            pass
        stop.set()

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _stop_on_signals(stop: threading.Event) -> None:
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())


def serve(settings: Settings, args: argparse.Namespace) -> int:
    missing = settings.missing_for_serve()
    if missing:
        raise CliError(f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: "
                       f"put {'it' if len(missing) == 1 else 'them'} in the environment or a .env file "
                       f"({ENV_HINT}).")
    if args.worker_of:
        return _serve_as_worker(settings, args.worker_of)
    if args.workers > 1:
        return _supervise(settings, args.workers)
    return serve_one(settings, _bind(settings), threading.Event(), answer_while_starting=True)


def _bind(settings: Settings) -> socket.socket:
    from bot.slack.server import listening_socket

    try:
        return listening_socket(settings.listen_host, settings.port)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CliError(f"cannot listen on HOST {settings.listen_host} PORT {settings.port}: {reason} "
                       f"({ENV_HINT}).") from None


def serve_one(settings: Settings, sock: socket.socket, stop: threading.Event, answer_while_starting: bool) -> int:
    """One serving process on `sock` until `stop` is set (SIGTERM and SIGINT set it).

    `answer_while_starting`: accept connections at once (/healthz says 503 and why until ready).
    A worker sharing its socket with others accepts only once ready, so that a request never lands
    on a worker that is starting while another could answer it; unless Slack cannot be reached, when
    every worker is in the same state and the health check should say why.
    """
    from bot.app import build_app
    from bot.slack.server import BotServer
    from bot.slack.startup import TokenRejected, check_bot_token, connect_socket_mode, until_slack_answers

    _stop_on_signals(stop)
    readiness = Readiness()
    server = BotServer(sock=sock, health=readiness, signing_secret=settings.slack_signing_secret or "",
                       timeout=settings.http_timeout.total_seconds())
    serving = threading.Lock()

    def start_serving() -> None:
        with serving:
            if server.running is None:
                server.serve_in_thread()

    if answer_while_starting:
        start_serving()

    def slack_not_reachable(reason: str) -> None:
        readiness.not_ready(reason)
        start_serving()

    db = bot = handler = None
    try:
        readiness.not_ready("starting: bringing the database schema up to date")
        db = open_database(settings)
        readiness.db = db
        recover_old_notes(settings, db)
        bot = build_app(settings, db)
        server.routes = bot.routes
        readiness.not_ready("starting: checking SLACK_BOT_TOKEN with Slack")
        who = until_slack_answers(lambda: check_bot_token(settings.slack_bot_token, settings.slack_api_url),
                                  stop, "auth.test", slack_not_reachable)
        if who is None:
            return 0
        log.info("Slack accepted SLACK_BOT_TOKEN (team %s, bot user %s)", who.get("team_id"), who.get("user_id"))
        if settings.socket_mode:
            readiness.not_ready("starting: opening the Socket Mode connection")
            handler = connect_socket_mode(bot.bolt, settings.slack_app_token, settings.slack_api_url, stop,
                                          slack_not_reachable)
            if handler is None:
                return 0
            readiness.connection = handler.client
            log.info("connected to Slack in Socket Mode; health check on %s port %s", settings.listen_host,
                     server.port)
        else:
            server.bolt = bot.bolt
            log.info("serving Slack requests at POST /slack/events on %s port %s", settings.listen_host, server.port)
        bot.scheduler.start()
        readiness.ready()
        start_serving()
        stop.wait()
        log.info("shutting down")
        return 0
    except TokenRejected as rejected:
        raise CliError(f"{rejected} ({ENV_HINT}).") from None
    finally:
        readiness.not_ready("shutting down")
        server.shutdown(grace=STOP_GRACE_SECONDS)  # requests being answered get to finish
        if handler is not None:
            handler.close()
        if bot is not None:
            bot.scheduler.shutdown()
        if db is not None:
            db.dispose()


# ---- several workers on one port ------------------------------------------------------------------


def _serve_as_worker(settings: Settings, fds: str) -> int:
    """A worker started by `serve --workers N`: the listening socket, a pipe for its one-line
    failure, and a pipe that closes when the parent is gone."""
    listen_fd, report_fd, parent_fd = (int(part) for part in fds.split(","))
    sock = socket.socket(fileno=listen_fd)
    stop = threading.Event()
    _watch_parent(parent_fd, stop)
    try:
        return serve_one(settings, sock, stop, answer_while_starting=False)
    except (CliError, ConfigError) as exc:
        # The parent prints it once, however many workers found the same problem.
        os.write(report_fd, (str(exc).replace("\n", " ") + "\n").encode("utf-8", "replace")[:4000])
        return EXIT_USAGE


class _Worker:
    def __init__(self, number: int, sock: socket.socket, report_w: int, parent_r: int):
        self.number = number
        fds = f"{sock.fileno()},{report_w},{parent_r}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--worker-of", fds],
            pass_fds=(sock.fileno(), report_w, parent_r), stdin=subprocess.DEVNULL,
        )
        log.info("worker %s started (pid %s)", number, self.proc.pid)


def _supervise(settings: Settings, count: int) -> int:
    sock = _bind(settings)
    # The schema is brought up to date once, here, before the workers start (SQLite cannot
    # serialise two migrations the way PostgreSQL's advisory lock does).
    open_database(settings).dispose()
    report_r, report_w = os.pipe()
    parent_r, parent_w = os.pipe()  # parent_w stays here only: the workers see EOF when this process ends
    os.set_blocking(report_r, False)
    stop = threading.Event()
    _stop_on_signals(stop)
    workers = [_Worker(n, sock, report_w, parent_r) for n in range(1, count + 1)]
    log.info("%s workers serving on %s port %s", count, settings.listen_host, settings.port)
    if settings.database_url.startswith("sqlite"):
        log.warning("%s workers share one SQLite file and take turns writing to it; use PostgreSQL "
                    "(DATABASE_URL) for more than one process", count)
    fatal: str | None = None
    pending = b""
    try:
        while not stop.wait(0.1):
            try:
                pending += os.read(report_r, 65536)
            except BlockingIOError:
                pass
            for i, worker in enumerate(workers):
                status = worker.proc.poll()
                if status is None:
                    continue
                if status == EXIT_USAGE:
                    try:  # its line was written before it exited
                        pending += os.read(report_r, 65536)
                    except BlockingIOError:
                        pass
                    fatal = pending.decode("utf-8", "replace").splitlines()[0] if pending.strip() else \
                        f"worker {worker.number} stopped on a setting"
                    stop.set()
                    break
                log.warning("worker %s (pid %s) exited with status %s; starting another", worker.number,
                            worker.proc.pid, status)
                if stop.wait(WORKER_RESTART_SECONDS):
                    break
                workers[i] = _Worker(worker.number, sock, report_w, parent_r)
    finally:
        for worker in workers:
            if worker.proc.poll() is None:
                worker.proc.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_SECONDS
        for worker in workers:
            try:
                worker.proc.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                log.warning("worker %s (pid %s) did not stop in time; killing it", worker.number, worker.proc.pid)
                worker.proc.kill()
                worker.proc.wait()
        sock.close()
        for fd in (report_r, report_w, parent_r, parent_w):
            os.close(fd)
    if fatal:
        raise CliError(fatal)
    log.info("all workers stopped")
    return 0


def _workers(raw: str) -> int:
    if not raw.isdigit() or not 1 <= int(raw) <= 64:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a number of workers: use a whole number from 1 to 64")
    return int(raw)


def add_commands(commands) -> None:
    parser = commands.add_parser(
        "serve", help="run the bot", description="Run the bot: Socket Mode with SLACK_APP_TOKEN, else HTTP.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=_workers, default=1, metavar="N",
                        help="N processes serving one port on this machine, each with its own scheduler "
                             "(default 1; use PostgreSQL for more than one)")
    parser.add_argument("--worker-of", help=argparse.SUPPRESS)
    parser.set_defaults(run=serve)

"""The HTTP side: GET and HEAD /healthz, and the app's routes (Slack's POST /slack/events among them).

A small WSGI app (`BotWsgi`) served by waitress (`BotServer`). Waitress reads a whole request,
headers and body, on its event loop before a thread takes it, so clients that stall half-way
through a body or hang up early cost a socket, never one of the bounded request threads: a
health check or a Slack request is never kept waiting behind them. It answers 400 itself to a
malformed request (a Content-Length of `abc` or `-5`), 413 to a body over the limit, and closes
a connection that has said nothing for `timeout` seconds.

Slack's requests go through `answer_slack_request` (the gate, then Bolt), which is what Bolt's
WSGI adapter does with the gate in front of it.
"""
from __future__ import annotations

import logging
import socket
import threading
import time
import traceback
import uuid
from collections.abc import Callable

from waitress import wasyncore
from waitress.server import create_server

from bot.core.http import HttpRequest, HttpResponse, Routes
from bot.slack.events_endpoint import answer_slack_request

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1_000_000
THREADS = 16
BACKLOG = 2048
CONNECTION_LIMIT = 1000  # open sockets, stalled ones included; past it waitress stops accepting for a while
TIMEOUT_SECONDS = 30.0
# How often the event loop looks at idle connections when nothing happens. waitress reads its
# timings as whole seconds (int()): 0.5 would become 0, and the loop would spin a core while idle.
LOOP_SECONDS = 1

# health() -> True (ready), or False / a reason (not ready: 503 with that reason).
Health = Callable[[], "bool | str | tuple[bool, str]"]

_STATUS_TEXT = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                405: "Method Not Allowed", 413: "Payload Too Large", 415: "Unsupported Media Type",
                429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable"}


def _status_line(status: int) -> str:
    from http import HTTPStatus

    try:
        phrase = _STATUS_TEXT.get(status) or HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    return f"{status} {phrase}"


def _health_answer(value) -> tuple[bool, str]:
    if isinstance(value, tuple):
        return bool(value[0]), str(value[1])
    if value is True:
        return True, "ok"
    if not value:
        return False, "starting"
    return False, str(value)


class BotWsgi:
    """The WSGI app: /healthz, Slack's endpoint (once `bolt` is set) and `routes`."""

    def __init__(self, health: Health = lambda: False, signing_secret: str = ""):
        self.health = health
        self.signing_secret = signing_secret
        self.bolt = None  # slack_bolt.App, set once the bot is ready to answer Slack
        self.routes: Routes = {}

    def route_for(self, method: str, path: str):
        if path == EVENTS_PATH and method == "POST" and self.bolt is not None:
            return self._slack_route
        # HEAD is GET without a body (the WSGI app leaves the body out).
        return self.routes.get(("GET" if method == "HEAD" else method, path))

    def _slack_route(self, request: HttpRequest) -> HttpResponse:
        status, headers, answer = answer_slack_request(self.bolt, request.headers, request.body, request.query,
                                                       signing_secret=self.signing_secret)
        return HttpResponse(status, answer, headers)

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET").upper()
        path = environ.get("PATH_INFO") or "/"
        response = self._respond(method, path, environ)
        headers = {name: value for name, value in dict(response.headers).items() if name.lower() != "content-length"}
        headers.setdefault("Content-Type", "text/plain; charset=utf-8")
        start_response(_status_line(response.status),
                       [*headers.items(), ("Content-Length", str(len(response.body)))])
        return [b""] if method == "HEAD" else [response.body]

    def _respond(self, method: str, path: str, environ) -> HttpResponse:
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            try:
                ready, reason = _health_answer(self.health())
            except Exception as error:  # noqa: BLE001 - a health check must answer, whatever failed
                ready, reason = False, f"health check failed ({error.__class__.__name__})"
            return HttpResponse(200, b"ok\n") if ready else HttpResponse(503, reason.encode("utf-8") + b"\n")
        route = self.route_for(method, path)
        if route is None:
            if path == EVENTS_PATH and method == "POST":
                return HttpResponse(503, b"starting\n")
            if method not in ("GET", "HEAD", "POST"):
                # A method the bot serves nothing with: 405, never a body read.
                return HttpResponse(405, b"method not allowed\n",
                                    {"Allow": "GET, HEAD, POST", "Content-Type": "text/plain; charset=utf-8"})
            return HttpResponse(404, b"not found\n")
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse(400, b"bad Content-Length\n")
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items()
                   if key.startswith("HTTP_")}
        for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            if environ.get(key):
                headers[key.replace("_", "-").lower()] = environ[key]
        request = HttpRequest(method, path, headers, body, environ.get("QUERY_STRING", ""))
        try:
            return route(request)
        except Exception as error:  # noqa: BLE001 - one request failing must not show its body anywhere
            frame = traceback.extract_tb(error.__traceback__)[-1]
            log.error("%s %s failed (%s at %s:%s), reference %s", method, path, error.__class__.__name__,
                      frame.filename.rsplit("/", 1)[-1], frame.lineno, uuid.uuid4().hex[:8])
            return HttpResponse(500, b"internal error\n")


def listening_socket(host: str, port: int, backlog: int = BACKLOG) -> socket.socket:
    """A TCP socket bound to HOST:PORT and listening (OSError if it cannot be)."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                         flags=socket.AI_PASSIVE)[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        sock.bind(address)
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    return sock


class BotServer:
    """waitress serving `BotWsgi` on one listening socket.

    `BotServer(("127.0.0.1", 0))` binds a free port (see `.port`); `sock=` serves a socket
    bound elsewhere (the parent of `serve --workers N` binds one for all its workers).
    `serve_in_thread()` runs it; `shutdown()` stops it within milliseconds.
    """

    def __init__(self, address: tuple[str, int] = ("127.0.0.1", 0), health: Health = lambda: False,
                 signing_secret: str = "", *, sock: socket.socket | None = None, threads: int = THREADS,
                 timeout: float = TIMEOUT_SECONDS, max_body: int = MAX_BODY):
        self.app = BotWsgi(health, signing_secret)
        self.socket = sock if sock is not None else listening_socket(*address)
        self._map: dict = {}
        self._server = create_server(
            self.app,
            map=self._map,
            sockets=[self.socket],
            threads=threads,
            backlog=BACKLOG,
            connection_limit=CONNECTION_LIMIT,
            channel_timeout=max(1, round(timeout)),  # whole seconds, as waitress reads them
            cleanup_interval=max(1, min(round(timeout / 2), 5)),
            asyncore_loop_timeout=LOOP_SECONDS,
            asyncore_use_poll=True,  # select() cannot watch more than 1024 sockets
            max_request_body_size=max_body,
            log_socket_errors=False,  # a client hanging up is not the server's error
            expose_tracebacks=False,
            ident="peer-support",
        )
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    # The app's parts, as the previous server had them.
    @property
    def bolt(self):
        return self.app.bolt

    @bolt.setter
    def bolt(self, value) -> None:
        self.app.bolt = value

    @property
    def routes(self) -> Routes:
        return self.app.routes

    @routes.setter
    def routes(self, value: Routes) -> None:
        self.app.routes = value

    @property
    def health(self) -> Health:
        return self.app.health

    @health.setter
    def health(self, value: Health) -> None:
        self.app.health = value

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    @property
    def host(self) -> str:
        return str(self._server.effective_host)

    def serve_forever(self) -> None:
        try:
            self._server.run()
        finally:
            self._stopped.set()

    @property
    def running(self) -> threading.Thread | None:
        """The thread serving, once serve_in_thread() started it."""
        return self._thread

    def serve_in_thread(self) -> threading.Thread:
        self._thread = threading.Thread(target=self.serve_forever, name="http", daemon=True)
        self._thread.start()
        return self._thread

    def shutdown(self, timeout: float = 5.0, grace: float = 0.0) -> None:
        """Stop: close every connection and the listening socket, end the loop and the threads.

        With `grace`, stop accepting first and give requests being answered up to that many seconds
        to finish (an idle server stops at once either way).
        """
        if self._stopped.is_set() or self._thread is None:
            self._close()
            self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=timeout)
            return
        if grace > 0:
            self._server.trigger.pull_trigger(self._stop_accepting)
            deadline = time.monotonic() + grace
            while self._busy() and time.monotonic() < deadline:
                time.sleep(0.01)
        self._server.trigger.pull_trigger(self._close)
        self._stopped.wait(timeout)
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=timeout)

    def _busy(self) -> bool:
        """A request is queued or being answered (waitress counts a thread active while it works)."""
        dispatcher = self._server.task_dispatcher
        return bool(dispatcher.queue) or dispatcher.active_count > 0

    def _stop_accepting(self) -> None:
        self._server.accepting = False
        self._server.del_channel()
        try:
            self.socket.close()
        except OSError:
            pass

    def _close(self) -> None:
        wasyncore.close_all(self._map, ignore_all=True)
        try:
            self.socket.close()
        except OSError:
            pass

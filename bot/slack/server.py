"""The HTTP side: GET /healthz, and the app's routes (Slack's POST /slack/events among them).

A threading server from the standard library: each request has its own
thread, and Bolt answers Slack as soon as a listener acks.
"""
from __future__ import annotations

import logging
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from slack_bolt import App

from bot.core.http import HttpRequest, HttpResponse, Routes
from bot.slack.events_endpoint import answer_slack_request

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1_000_000
POLL_SECONDS = 0.02


class BotHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], health=lambda: False, signing_secret: str = ""):
        super().__init__(address, _Handler)
        self.bolt: App | None = None
        self.routes: Routes = {}
        self.health = health
        self.signing_secret = signing_secret

    def route_for(self, method: str, path: str):
        if path == EVENTS_PATH and method == "POST" and self.bolt is not None:
            return self._slack_route
        return self.routes.get((method, path))

    def _slack_route(self, request: HttpRequest) -> HttpResponse:
        status, headers, answer = answer_slack_request(self.bolt, request.headers, request.body, request.query,
                                                       signing_secret=self.signing_secret)
        return HttpResponse(status, answer, headers)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def serve_in_thread(self) -> threading.Thread:
        # A short poll, so that shutdown() returns within milliseconds (the default waits up to 0.5 s).
        thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": POLL_SECONDS},
                                  name="http", daemon=True)
        thread.start()
        return thread


class _Handler(BaseHTTPRequestHandler):
    server: BotHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        # Paths and status only; never bodies (which carry what people typed).
        log.debug("%s %s", self.command, urlsplit(self.path).path)

    def _reply(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        headers = dict(headers or {})
        headers.setdefault("Content-Type", "text/plain; charset=utf-8")
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's naming
        if urlsplit(self.path).path == HEALTH_PATH:
            if self.server.health():
                self._reply(HTTPStatus.OK, b"ok\n")
            else:
                self._reply(HTTPStatus.SERVICE_UNAVAILABLE, b"starting or database unreachable\n")
            return
        route = self.server.route_for("GET", urlsplit(self.path).path)
        if route is not None:
            url = urlsplit(self.path)
            response = route(HttpRequest("GET", url.path, {n.lower(): v for n, v in self.headers.items()}, b"",
                                         url.query))
            self._reply(response.status, response.body, dict(response.headers))
            return
        self._reply(HTTPStatus.NOT_FOUND, b"not found\n")

    def do_POST(self):  # noqa: N802
        url = urlsplit(self.path)
        route = self.server.route_for("POST", url.path)
        if route is None:
            status = HTTPStatus.SERVICE_UNAVAILABLE if url.path == EVENTS_PATH else HTTPStatus.NOT_FOUND
            self._reply(status, b"starting\n" if status == HTTPStatus.SERVICE_UNAVAILABLE else b"not found\n")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            return
        body = self.rfile.read(length)
        request = HttpRequest("POST", url.path, {name.lower(): value for name, value in self.headers.items()},
                              body, url.query)
        response = route(request)
        self._reply(response.status, response.body, dict(response.headers))

"""The server in a thread, as the tests and `serve` use it: a free port, and a stop within
milliseconds, or with grace for a request being answered. Real sockets, no mocks."""
from __future__ import annotations

import threading
import time

from bot.core.http import HttpResponse
from bot.slack.server import BotServer
from processes import http_request


def test_an_idle_server_stops_within_milliseconds():
    server = BotServer(("127.0.0.1", 0), health=lambda: True)
    server.serve_in_thread()
    assert http_request(server.port, "GET", "/healthz")[0] == 200
    started = time.monotonic()
    server.shutdown(grace=5.0)
    assert time.monotonic() - started < 0.5
    assert http_request(server.port, "GET", "/healthz", timeout=1) is None


def test_with_grace_a_request_being_answered_finishes_and_new_ones_are_refused():
    release, arrived = threading.Event(), threading.Event()

    def slow(request):
        arrived.set()
        release.wait(10)
        return HttpResponse(200, b"done\n")

    server = BotServer(("127.0.0.1", 0), health=lambda: True)
    server.routes = {("POST", "/slow"): slow}
    server.serve_in_thread()
    answers = []
    client = threading.Thread(target=lambda: answers.append(http_request(server.port, "POST", "/slow", b"x",
                                                                         timeout=15)))
    client.start()
    assert arrived.wait(10)
    stopping = threading.Thread(target=server.shutdown, kwargs={"grace": 10.0})
    stopping.start()

    def refused() -> bool:
        return http_request(server.port, "GET", "/healthz", timeout=1) is None

    deadline = time.monotonic() + 10
    while not refused():
        assert time.monotonic() < deadline, "the server kept accepting while stopping"
        time.sleep(0.02)
    release.set()
    client.join(15)
    stopping.join(15)
    assert answers and answers[0][0] == 200 and answers[0][2] == b"done\n"

"""The HTTP server of `peer-support serve` as clients misbehave, through a real process and sockets:
HEAD, malformed and short requests, clients that stall or hang up, HOST, and `--workers N`.

Every wait polls with a deadline (tests/processes.py); nothing sleeps for time to pass.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import time

import pytest

from processes import (
    children_of,
    free_port,
    http_get,
    http_request,
    listening_addresses,
    poll_until,
    raw_exchange,
)
from slack_requests import SlackSender
from test_serve_process import CLINICIAN, SECRET, env_for, procs  # noqa: F401 - fixtures

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("processes")]


def assert_quiet(bot) -> None:
    """No traceback and nothing worse than INFO: client misbehaviour is not the server's error."""
    err = bot.stderr()
    assert "Traceback" not in err, bot.output()
    assert "ERROR" not in err and "WARNING" not in err, bot.output()


# "Fast" is far below HTTP_TIMEOUT (30 s by default): a request stuck behind stalled clients would wait
# for them to time out; a loaded test machine still answers well within this.
FAST = 5.0


def signed_help_is_answered_fast(bot, within: float = FAST) -> None:
    started = time.monotonic()
    reply = SlackSender(bot.base_url, SECRET).command(CLINICIAN, "help")
    assert reply.status == 200, reply
    assert time.monotonic() - started < within


def health_is_answered_fast(bot, within: float = FAST) -> None:
    started = time.monotonic()
    assert http_get(bot.port, "/healthz", timeout=within)[0] == 200
    assert time.monotonic() - started < within


def test_head_and_get_healthz_and_malformed_content_lengths(procs, env_for, tmp_path):
    bot = procs.serve(env_for(), tmp_path / "serve")
    bot.wait_healthy()

    status, headers, body = http_request(bot.port, "HEAD", "/healthz")
    assert (status, body) == (200, b"")
    assert headers["content-length"] == "3"  # what GET would send
    assert http_request(bot.port, "GET", "/healthz")[::2] == (200, b"ok\n")
    assert http_request(bot.port, "HEAD", "/nope")[0] == 404

    for length in ("abc", "-5", "1e3", ""):
        answer = raw_exchange(bot.port, (f"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: {length}\r\n"
                                         "Content-Type: application/json\r\n\r\n{}").encode())
        assert answer.startswith(b"HTTP/1.1 400 "), (length, answer)
    too_big = raw_exchange(bot.port, b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: 5000000\r\n\r\n")
    assert too_big.startswith(b"HTTP/1.1 413 "), too_big
    assert raw_exchange(bot.port, b"NONSENSE\r\n\r\n").split(b"\r\n")[0].endswith(b" 400 Bad Request")

    health_is_answered_fast(bot)
    bot.signal(signal.SIGTERM)
    assert bot.wait(timeout=10) == 0
    assert_quiet(bot)


def test_a_body_shorter_than_its_length_times_out_without_holding_anything(procs, env_for, tmp_path):
    bot = procs.serve(env_for(HTTP_TIMEOUT="3s"), tmp_path / "serve")
    bot.wait_healthy()
    with socket.create_connection(("127.0.0.1", bot.port), timeout=20) as short:
        short.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: 100\r\n"
                      b"Content-Type: application/json\r\n\r\n{\"type\":")
        health_is_answered_fast(bot)
        signed_help_is_answered_fast(bot)
        started = time.monotonic()
        assert short.recv(1000) == b""  # closed by the server, with no answer, once idle for HTTP_TIMEOUT
        assert time.monotonic() - started < 15
    bot.signal(signal.SIGTERM)
    assert bot.wait(timeout=10) == 0
    assert_quiet(bot)


def test_stalled_and_vanishing_clients_delay_neither_health_nor_slack(procs, env_for, tmp_path):
    bot = procs.serve(env_for(), tmp_path / "serve")
    bot.wait_healthy()
    body = b'{"type": "url_verification", "challenge": "abc"}'
    stalled = []
    try:
        for _ in range(20):  # half-way through a body, and then nothing
            sock = socket.create_connection(("127.0.0.1", bot.port), timeout=5)
            sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
                         b"Content-Length: %d\r\n\r\n" % len(body) + body[: len(body) // 2])
            stalled.append(sock)
        for i in range(100):  # hang up early: mid-headers, mid-body, or right after a whole request
            with socket.create_connection(("127.0.0.1", bot.port), timeout=5) as sock:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                if i % 3 == 0:
                    sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: b")
                elif i % 3 == 1:
                    sock.sendall(b"POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: 500\r\n\r\n{")
                else:
                    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: bot\r\n\r\n")
        for _ in range(3):
            health_is_answered_fast(bot)
            signed_help_is_answered_fast(bot)
        # The stalled clients are still connected; they cost the server a socket each, no thread.
        assert all(sock.fileno() != -1 for sock in stalled)
    finally:
        for sock in stalled:
            sock.close()
    health_is_answered_fast(bot)
    bot.signal(signal.SIGTERM)
    assert bot.wait(timeout=10) == 0
    assert_quiet(bot)


# ---- HOST ---------------------------------------------------------------------------------------


def test_http_mode_listens_on_every_interface_by_default(procs, env_for, tmp_path):
    bot = procs.serve(env_for(), tmp_path / "serve")
    bot.wait_healthy()
    assert listening_addresses(bot.port) == {"0.0.0.0"}


def test_host_binds_only_that_address(procs, env_for, tmp_path):
    bot = procs.serve(env_for(HOST="127.0.0.2"), tmp_path / "serve")
    poll_until(lambda: http_request(bot.port, "GET", "/healthz", host="127.0.0.2") is not None, 20,
               "the bot to listen on 127.0.0.2", bot.output)
    assert listening_addresses(bot.port) == {"127.0.0.2"}
    assert http_get(bot.port, "/healthz") is None  # nothing on 127.0.0.1


def test_a_host_that_cannot_be_used_is_one_line(procs, env_for, tmp_path):
    bot = procs.serve(env_for(HOST="192.0.2.1"), tmp_path / "serve")  # TEST-NET: not this machine's
    assert bot.wait(timeout=30) == 2
    lines = [line for line in bot.output().splitlines() if line.startswith("peer-support:")]
    assert len(lines) == 1 and "HOST 192.0.2.1" in lines[0], bot.output()
    assert "Traceback" not in bot.output()


# ---- several workers ------------------------------------------------------------------------------


def test_two_workers_share_the_port_each_serves_and_sigterm_stops_both(procs, env_for, tmp_path):
    bot = procs.serve(env_for(LOG_FORMAT="json"), tmp_path / "serve", args=("--workers", "2"))
    bot.wait_healthy(timeout=30)

    def two_serving():
        lines = [json.loads(line) for line in bot.stderr().splitlines() if line.strip()]
        return {entry["process"] for entry in lines if entry["message"].startswith("serving Slack requests")}

    workers = poll_until(lambda: len(two_serving()) == 2 and two_serving(), 30, "both workers to serve", bot.output)
    assert set(children_of(bot.proc.pid)) == workers

    # Either one alone answers: kill one, the other serves; the parent starts a new one.
    first, second = sorted(workers)
    os.kill(first, signal.SIGKILL)
    poll_until(lambda: first not in children_of(bot.proc.pid), 10, "the killed worker to be reaped", bot.output)
    for _ in range(5):
        health_is_answered_fast(bot)
        signed_help_is_answered_fast(bot)
    poll_until(lambda: len(two_serving()) == 3, 30, "a new worker to serve", bot.output)
    workers_now = set(children_of(bot.proc.pid))
    assert second in workers_now and len(workers_now) == 2

    bot.signal(signal.SIGTERM)
    assert bot.wait(timeout=30) == 0, bot.output()

    def gone(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return False

    poll_until(lambda: all(gone(pid) for pid in workers_now), 10, "every worker to exit", bot.output)
    assert http_get(bot.port, "/healthz", timeout=1) is None
    assert "Traceback" not in bot.output()
    for line in bot.stderr().splitlines():
        json.loads(line)


def test_workers_that_hit_a_rejected_token_stop_with_one_line(procs, env_for, tmp_path, slack):
    slack.fail_next("auth.test", status=200, error="invalid_auth", times=10)
    bot = procs.serve(env_for(), tmp_path / "serve", args=("--workers", "2"))
    assert bot.wait(timeout=60) == 2, bot.output()
    lines = [line for line in bot.output().splitlines() if line.startswith("peer-support:")]
    assert len(lines) == 1 and "SLACK_BOT_TOKEN" in lines[0] and "invalid_auth" in lines[0], bot.output()
    assert "Traceback" not in bot.output()


def test_workers_must_be_a_sensible_number(procs, env_for, tmp_path):
    bot = procs.serve(env_for(), tmp_path / "serve", args=("--workers", "zero"))
    assert bot.wait(timeout=30) == 2
    assert "workers" in bot.stderr() and "Traceback" not in bot.stderr()


def test_port_already_in_use_is_one_line(procs, env_for, tmp_path):
    with socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        bot = procs.serve(env_for(), tmp_path / "serve", port=port)
        assert bot.wait(timeout=30) == 2
    lines = [line for line in bot.output().splitlines() if line.startswith("peer-support:")]
    assert len(lines) == 1 and f"PORT {port}" in lines[0], bot.output()
    assert free_port()

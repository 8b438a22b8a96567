"""Start-up that says what is wrong, through real processes and a fake Slack on loopback:
a rejected bot or app token stops with one line and exit status 2; Slack unreachable (nothing
listening, HTTP 5xx, a non-token error) is retried, /healthz 503 with the reason, then 200."""
from __future__ import annotations

import signal

import pytest

from fakes.slack_api import FakeSlack
from processes import free_port, http_get, poll_until
from test_serve_process import env_for, procs  # noqa: F401 - fixtures

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("processes")]

APP_TOKEN = "xapp-process-test"


def one_line(bot) -> str:
    output = bot.output()
    assert "Traceback" not in output, output
    lines = [line for line in bot.stderr().splitlines() if line.strip()]
    failures = [line for line in lines if line.startswith("peer-support:")]
    assert len(failures) == 1, output
    return failures[0]


@pytest.mark.parametrize("error", ["invalid_auth", "not_authed", "account_inactive", "token_revoked",
                                   "token_expired"])
def test_a_rejected_bot_token_stops_http_mode_with_one_line(procs, env_for, tmp_path, slack, error):
    slack.fail_next("auth.test", status=200, error=error, times=5)
    bot = procs.serve(env_for(), tmp_path / "serve")
    assert bot.wait(timeout=30) == 2
    line = one_line(bot)
    assert "SLACK_BOT_TOKEN" in line and error in line, line
    assert "xoxb-process-test" not in bot.output()
    assert len(slack.failed_calls) == 1  # not retried: a rejected token will not start working


def test_a_rejected_bot_token_stops_socket_mode_with_one_line(procs, env_for, tmp_path, slack):
    slack.fail_next("auth.test", status=200, error="invalid_auth", times=5)
    bot = procs.serve(env_for(SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET=None), tmp_path / "serve")
    assert bot.wait(timeout=30) == 2
    line = one_line(bot)
    assert "SLACK_BOT_TOKEN" in line and "invalid_auth" in line, line


@pytest.mark.parametrize("error", ["invalid_auth", "token_revoked"])
def test_a_rejected_app_token_stops_socket_mode_with_one_line(procs, env_for, tmp_path, slack, error):
    slack.fail_next("apps.connections.open", status=200, error=error, times=5)
    bot = procs.serve(env_for(SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET=None), tmp_path / "serve")
    assert bot.wait(timeout=30) == 2
    line = one_line(bot)
    assert "SLACK_APP_TOKEN" in line and error in line, line
    assert APP_TOKEN not in bot.output()
    assert [call.method for call in slack.calls] == ["auth.test"]  # the bot token was fine


def retries_logged(bot) -> int:
    return sum("Slack not reachable" in line for line in bot.stderr().splitlines())


def test_slack_unreachable_then_reachable_http_mode(procs, env_for, tmp_path):
    api_port = free_port()
    bot = procs.serve(env_for(SLACK_API_URL=f"http://127.0.0.1:{api_port}/api/"), tmp_path / "serve")

    def unready_with_reason():
        answer = http_get(bot.port, "/healthz")
        return answer if answer and answer[0] == 503 and "Slack not reachable" in answer[1] else None

    status, reason = poll_until(unready_with_reason, 20, "/healthz 503 naming Slack", bot.output)
    assert "auth.test" in reason and "cannot connect" in reason, reason
    poll_until(lambda: retries_logged(bot) >= 2, 20, "a second attempt, logged", bot.output)
    assert bot.proc.poll() is None
    with FakeSlack(port=api_port) as slack:
        bot.wait_healthy(timeout=40)  # the wait between attempts is at most 30 s
        assert [call.method for call in slack.calls][:1] == ["auth.test"]
        lines = [line for line in bot.stderr().splitlines() if "Slack not reachable" in line]
        assert all("attempt" in line and "trying again in" in line for line in lines), lines
        # One line per attempt: nothing else was logged about it (slack_sdk's own error lines neither).
        assert "ERROR" not in bot.stderr(), bot.output()
        bot.signal(signal.SIGTERM)
        assert bot.wait(timeout=10) == 0
    assert "Traceback" not in bot.output()


def test_server_errors_and_other_error_answers_are_retried_not_fatal(procs, env_for, tmp_path, slack):
    slack.fail_next("auth.test", status=503, times=1)
    slack.fail_next("auth.test", status=200, error="fatal_error", times=1)
    bot = procs.serve(env_for(), tmp_path / "serve")
    bot.wait_healthy(timeout=30)
    assert retries_logged(bot) == 2, bot.output()
    assert "HTTP 503" in bot.stderr() and "fatal_error" in bot.stderr(), bot.output()
    assert "Traceback" not in bot.output()


def test_socket_mode_with_slack_unreachable_retries_quietly_and_stops_on_sigterm(procs, env_for, tmp_path):
    api_port = free_port()
    bot = procs.serve(env_for(SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET=None,
                              SLACK_API_URL=f"http://127.0.0.1:{api_port}/api/"), tmp_path / "serve")
    poll_until(lambda: retries_logged(bot) >= 2, 20, "two attempts, logged", bot.output)
    answer = http_get(bot.port, "/healthz")
    assert answer[0] == 503 and "Slack not reachable" in answer[1], answer
    bot.signal(signal.SIGTERM)
    assert bot.wait(timeout=10) == 0
    assert "Traceback" not in bot.output()
    assert "ERROR" not in bot.stderr(), bot.output()
    assert len([line for line in bot.stderr().splitlines() if line.strip()]) <= retries_logged(bot) + 3


def test_socket_mode_websocket_unreachable_is_retried_without_a_traceback(procs, env_for, tmp_path, slack):
    # The fake hands out a websocket URL where nothing listens: the app token is fine, the connection fails.
    bot = procs.serve(env_for(SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET=None), tmp_path / "serve")
    poll_until(lambda: retries_logged(bot) >= 2, 20, "two attempts, logged", bot.output)
    answer = http_get(bot.port, "/healthz")
    assert answer[0] == 503 and "Socket Mode" in answer[1], answer
    bot.signal(signal.SIGTERM)
    assert bot.wait(timeout=10) == 0
    assert "Traceback" not in bot.output()
    assert "ERROR" not in bot.stderr(), bot.output()


def test_socket_mode_health_check_listens_on_loopback_only(procs, env_for, tmp_path, slack):
    from processes import listening_addresses

    bot = procs.serve(env_for(SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET=None), tmp_path / "serve")
    poll_until(lambda: http_get(bot.port, "/healthz"), 20, "the health check to answer", bot.output)
    assert listening_addresses(bot.port) == {"127.0.0.1"}


def test_workers_with_slack_unreachable_say_why_on_healthz(procs, env_for, tmp_path):
    api_port = free_port()
    bot = procs.serve(env_for(SLACK_API_URL=f"http://127.0.0.1:{api_port}/api/"), tmp_path / "serve",
                      args=("--workers", "2"))

    def unready_with_reason():
        answer = http_get(bot.port, "/healthz")
        return answer if answer and answer[0] == 503 and "Slack not reachable" in answer[1] else None

    poll_until(unready_with_reason, 30, "/healthz 503 naming Slack", bot.output)
    with FakeSlack(port=api_port):
        bot.wait_healthy(timeout=40)
        bot.signal(signal.SIGTERM)
        assert bot.wait(timeout=20) == 0
    assert "Traceback" not in bot.output()


# ---- Socket Mode, connected: a fake websocket (tests/fakes/socket_mode.py) ------------------------


@pytest.fixture
def socket_mode(slack):
    from fakes.socket_mode import FakeSocketMode

    fake = FakeSocketMode()
    slack.socket_mode_url = fake.url
    yield fake
    fake.close()


def test_socket_mode_connects_answers_a_command_and_reconnects(procs, env_for, tmp_path, slack, socket_mode):
    from bot.slack.views.common import help_text

    bot = procs.serve(env_for(SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET=None), tmp_path / "serve")
    bot.wait_healthy(timeout=30)
    envelope = socket_mode.send_envelope("slash_commands", {
        "token": "legacy", "team_id": "T0HOSPITAL", "channel_id": "C0GENERAL", "user_id": "UCLIN1",
        "user_name": "uclin1", "command": "/peer-support", "text": "help", "api_app_id": "A0PEERSUPPORT",
        "response_url": slack.response_url, "trigger_id": "trig.1"})
    ack = socket_mode.wait_for_ack(envelope)
    assert ack["payload"]["text"] == help_text()

    # Slack drops the connection now and then: /healthz says so until the client reconnects.
    socket_mode.drop_all()
    poll_until(lambda: (http_get(bot.port, "/healthz") or (0, ""))[1].startswith("Socket Mode connection"), 20,
               "/healthz to report the lost connection", bot.output)
    bot.wait_healthy(timeout=30)
    assert socket_mode.handshakes == 2
    bot.signal(signal.SIGTERM)
    assert bot.wait(timeout=10) == 0
    assert "Traceback" not in bot.output()


def test_socket_mode_slack_unreachable_then_reachable(procs, env_for, tmp_path):
    from fakes.socket_mode import FakeSocketMode

    api_port = free_port()
    bot = procs.serve(env_for(SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET=None,
                              SLACK_API_URL=f"http://127.0.0.1:{api_port}/api/"), tmp_path / "serve")
    poll_until(lambda: retries_logged(bot) >= 1, 20, "an attempt, logged", bot.output)
    assert http_get(bot.port, "/healthz")[0] == 503
    websocket = FakeSocketMode()
    try:
        with FakeSlack(port=api_port) as slack:
            slack.socket_mode_url = websocket.url
            bot.wait_healthy(timeout=40)
            assert websocket.connections == 1
            bot.signal(signal.SIGTERM)
            assert bot.wait(timeout=10) == 0
    finally:
        websocket.close()
    assert "Traceback" not in bot.output()

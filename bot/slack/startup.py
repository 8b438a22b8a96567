"""Start-up that says what is wrong: ask Slack whether the tokens work before serving.

- The bot token is checked with `auth.test` (both modes); in Socket Mode the app token with
  `apps.connections.open`, then the websocket is opened.
- A token Slack rejects (`TOKEN_ERRORS`) is `TokenRejected`: nothing will work until someone
  changes the setting, so start-up stops with one line naming it and Slack's error.
- Anything else (no connection, a time-out, an HTTP 5xx, another error answer) means Slack cannot
  be reached now: `until_slack_answers` tries again with a growing wait (1 s, 2 s, 4 s, ... at
  most 30 s), one log line per attempt, telling whoever asks /healthz why the bot is not ready.
No traceback is printed for any of these: each failure is reduced to a short reason.
"""
from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable
from urllib.error import HTTPError, URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

log = logging.getLogger("bot.startup")

TOKEN_ERRORS = frozenset({"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"})
CHECK_TIMEOUT_SECONDS = 10
FIRST_WAIT_SECONDS = 1.0
MAX_WAIT_SECONDS = 30.0


class TokenRejected(Exception):
    """Slack said this token does not work. `setting` is the variable to change."""

    def __init__(self, setting: str, error: str):
        self.setting = setting
        self.error = error
        super().__init__(f"Slack rejected {setting} ({error}): check the token in the app's settings at "
                         f"api.slack.com/apps (reinstall the app if it was revoked), then set {setting} again")


class SlackUnreachable(Exception):
    """Slack could not answer now; `reason` is short and fit for a log line and /healthz."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


def reason_for(error: BaseException) -> str:
    """A short, traceback-free description of why a call to Slack failed."""
    if isinstance(error, SlackApiError):
        response = error.response
        code = response.get("error") if response is not None and isinstance(response.data, dict) else None
        status = getattr(response, "status_code", None)
        if code:
            return f"Slack answered {code}" + (f" (HTTP {status})" if status and status != 200 else "")
        return f"Slack answered HTTP {status}" if status else "Slack gave an unexpected answer"
    if isinstance(error, HTTPError):
        return f"Slack answered HTTP {error.code}"
    if isinstance(error, URLError):
        inner = error.reason
        if isinstance(inner, (TimeoutError, socket.timeout)):
            return "no answer from Slack in time"
        if isinstance(inner, OSError) and inner.strerror:
            return f"cannot connect to Slack: {inner.strerror}"
        return f"cannot connect to Slack: {inner}"
    if isinstance(error, (TimeoutError, socket.timeout)):
        return "no answer from Slack in time"
    if isinstance(error, OSError) and error.strerror:
        return f"cannot connect to Slack: {error.strerror}"
    if isinstance(error, json.JSONDecodeError):
        return "Slack's answer was not JSON"
    return f"cannot reach Slack ({error.__class__.__name__})"


def _ask(call: Callable[[], object], setting: str):
    try:
        return call()
    except SlackApiError as error:
        response = error.response
        code = response.get("error") if response is not None and isinstance(response.data, dict) else None
        if code in TOKEN_ERRORS:
            raise TokenRejected(setting, code) from None
        raise SlackUnreachable(reason_for(error)) from None
    except (SlackClientError, URLError, OSError, ValueError) as error:
        raise SlackUnreachable(reason_for(error)) from None


# slack_sdk logs an ERROR line of its own for each failed request; start-up's one line per attempt says
# it all, so the check client logs nowhere.
_quiet = logging.getLogger("bot.startup.client")
_quiet.addHandler(logging.NullHandler())
_quiet.propagate = False


def check_client(token: str | None, api_url: str) -> WebClient:
    """A client for the start-up checks: one try per call (the caller decides when to try again)."""
    return WebClient(token=token, base_url=api_url, timeout=CHECK_TIMEOUT_SECONDS, retry_handlers=[],
                     logger=_quiet)


def check_bot_token(token: str, api_url: str) -> dict:
    """auth.test with the bot token: Slack's answer (team, bot user), or TokenRejected / SlackUnreachable."""
    answer = _ask(lambda: check_client(token, api_url).auth_test(), "SLACK_BOT_TOKEN")
    return dict(answer.data) if hasattr(answer, "data") else dict(answer)


def open_connection_url(app_token: str, api_url: str) -> str:
    """apps.connections.open with the app token: a websocket URL, or TokenRejected / SlackUnreachable."""
    answer = _ask(lambda: check_client(None, api_url).apps_connections_open(app_token=app_token), "SLACK_APP_TOKEN")
    url = answer.get("url")
    if not isinstance(url, str) or not url:
        raise SlackUnreachable("Slack gave no Socket Mode URL")
    return url


def waits(first: float = FIRST_WAIT_SECONDS, cap: float = MAX_WAIT_SECONDS):
    """1, 2, 4, 8, 16, 30, 30, ... seconds."""
    wait = first
    while True:
        yield min(wait, cap)
        wait = min(wait * 2, cap)


def until_slack_answers(attempt: Callable[[], object], stop: threading.Event, what: str,
                        not_ready: Callable[[str], None] = lambda reason: None):
    """attempt() until it returns; SlackUnreachable is logged (one line) and tried again after a wait,
    TokenRejected goes to the caller. None if `stop` was set while waiting."""
    for number, wait in enumerate(waits(), start=1):
        try:
            return attempt()
        except SlackUnreachable as problem:
            not_ready(f"Slack not reachable yet ({what}): {problem.reason}; attempt {number}, "
                      f"next in {wait:g}s")
            log.warning("Slack not reachable (%s): %s; attempt %s, trying again in %gs",
                        what, problem.reason, number, wait)
        if stop.wait(wait):
            return None
    return None  # pragma: no cover - waits() never ends


class _QuietDuringStart(logging.Filter):
    """slack_sdk's Socket Mode client logs its own error line (and more) for a failed connection; while
    start-up tries to connect, its one line per attempt says it all."""

    def __init__(self):
        super().__init__()
        self.starting = True

    def filter(self, record: logging.LogRecord) -> bool:
        return not self.starting


def connect_socket_mode(bolt, app_token: str, api_url: str, stop: threading.Event,
                        not_ready: Callable[[str], None] = lambda reason: None):
    """Open Bolt's Socket Mode connection, trying again while Slack cannot be reached.

    Returns the handler (None if `stop` was set first); raises TokenRejected for a rejected app token.
    """
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    sdk_log = logging.getLogger("slack_sdk.socket_mode")
    quiet = _QuietDuringStart()
    sdk_log.addFilter(quiet)
    handler = SocketModeHandler(bolt, app_token, logger=sdk_log)
    client = handler.client
    errors: list[BaseException] = []
    client.on_error_listeners.append(errors.append)

    def attempt():
        url = open_connection_url(app_token, api_url)
        client.wss_uri = url
        errors.clear()
        try:
            client.connect()  # reports a failed handshake to on_error and returns, unconnected
        except Exception as error:  # noqa: BLE001 - any failure to open the websocket: try again later
            errors.append(error)
        if client.is_connected():
            return handler
        # Until start-up connects, start-up decides when to try again (not the client's own monitor).
        client.auto_reconnect_enabled = False
        client.wss_uri = None
        why = reason_for(errors[-1]) if errors else "no answer to the handshake"
        raise SlackUnreachable(f"cannot open the Socket Mode connection: {why}")

    try:
        connected = until_slack_answers(attempt, stop, "Socket Mode connection", not_ready)
    except BaseException:
        handler.close()
        raise
    finally:
        quiet.starting = False
    if connected is None:
        handler.close()
    return connected

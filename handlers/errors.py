"""Failures in listeners: log a reference, tell the person privately, never a 500 or a traceback
at a user. Every listener runs inside `guarded`; Bolt's own error handler covers the rest."""
from __future__ import annotations

import functools
import inspect
import logging
import uuid
from collections.abc import Callable

from slack_bolt import App

from bot.slack.messages.common import something_went_wrong_text

log = logging.getLogger("bot.errors")

# What `guarded` needs from Bolt besides what the listener itself asks for.
_GUARD_ARGS = ("ack", "body", "client")


def _user_of(body: dict) -> str | None:
    user = body.get("user")
    if isinstance(user, dict):
        return user.get("id")
    if isinstance(user, str):
        return user
    return body.get("user_id") or (body.get("event") or {}).get("user")


def report_failure(error: BaseException, body: dict | None, client) -> None:
    """Log the error type with a reference (never the request body) and tell the person in a DM."""
    reference = uuid.uuid4().hex[:8]
    log.error("unhandled %s in a listener (reference %s)", error.__class__.__name__, reference,
              exc_info=(type(error), error, error.__traceback__))
    user = _user_of(body or {})
    if user and client is not None:
        try:
            client.chat_postMessage(channel=user, text=something_went_wrong_text(reference))
        except Exception:  # noqa: BLE001 - already failing; the log has the reference
            log.error("could not tell the person about error %s", reference)


def guarded(listener: Callable) -> Callable:
    """Run a listener so that an exception is acked (if it was not yet), logged and told privately,
    instead of reaching Bolt, which would answer Slack with a 500."""
    names = inspect.getfullargspec(listener).args
    needed = list(dict.fromkeys([*names, *_GUARD_ARGS]))

    @functools.wraps(listener)
    def run(**kwargs):
        acked = False
        real_ack = kwargs["ack"]

        def ack(*args, **ack_kwargs):
            nonlocal acked
            acked = True
            return real_ack(*args, **ack_kwargs)

        call = {name: kwargs[name] for name in names}
        if "ack" in call:
            call["ack"] = ack
        try:
            return listener(**call)
        except Exception as error:  # noqa: BLE001 - the point of the guard
            if not acked:
                real_ack()
            report_failure(error, kwargs.get("body"), kwargs.get("client"))
            return None

    # Bolt reads a listener's parameter names to decide what to pass it.
    del run.__wrapped__
    run.__signature__ = inspect.Signature(
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in needed]
    )
    return run


def register_error_handler(app: App) -> None:
    @app.error
    def on_error(error, body, client):
        report_failure(error, body, client)

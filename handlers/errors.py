"""One error handler: log a reference, tell the person privately, never show a traceback."""
from __future__ import annotations

import logging
import uuid

from slack_bolt import App

from bot import messages

log = logging.getLogger("bot.errors")


def _user_of(body: dict) -> str | None:
    user = body.get("user")
    if isinstance(user, dict):
        return user.get("id")
    if isinstance(user, str):
        return user
    return body.get("user_id") or (body.get("event") or {}).get("user")


def register_error_handler(app: App) -> None:
    @app.error
    def on_error(error, body, client):
        reference = uuid.uuid4().hex[:8]
        # The type and a reference only: never the request body, which can hold typed text.
        log.error("unhandled %s in a listener (reference %s)", error.__class__.__name__, reference,
                  exc_info=(type(error), error, error.__traceback__))
        user = _user_of(body or {})
        if user:
            try:
                client.chat_postMessage(channel=user, text=messages.something_went_wrong_text(reference))
            except Exception:  # noqa: BLE001 - already failing; the log has the reference
                log.error("could not tell the person about error %s", reference)

"""The gate every HTTP request from Slack passes before Bolt sees it.

- No signature, no timestamp, a timestamp that is not a whole number of seconds within five
  minutes of now, or a signature that does not match: 401, and no work at all.
- A signed body that Bolt could not read, or that lacks what every listener relies on (a
  payload that is not a JSON object, `actions` that is empty or holds no action ids, a `view`
  that is not an object, an `event` that is not an object with a type): 400.
A rejection carries a reason for the log; never the body, which holds what people typed.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

TOLERANCE_SECONDS = 5 * 60
VERSION = "v0"


@dataclass(frozen=True)
class Rejection:
    status: int
    reason: str  # for the log: never anything from the body


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def check_signature(headers: Mapping[str, str], body: bytes, secret: str, now: float) -> Rejection | None:
    timestamp = _header(headers, "x-slack-request-timestamp")
    signature = _header(headers, "x-slack-signature")
    if not timestamp or not signature:
        return Rejection(401, "missing signature headers")
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12):
        return Rejection(401, "timestamp is not a whole number of seconds")
    if abs(now - int(timestamp)) > TOLERANCE_SECONDS:
        return Rejection(401, "stale or future timestamp")
    expected = VERSION + "=" + hmac.new(secret.encode(), f"{VERSION}:{timestamp}:".encode() + body,
                                        hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        return Rejection(401, "signature does not match")
    return None


def _object_with_text(value: object, *keys: str) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(key), str) and value.get(key) for key in keys)


def _payload_problem(payload: object) -> str | None:
    """What a Slack interaction payload lacks that the listeners rely on; None when it is whole."""
    if not _object_with_text(payload, "type"):
        return "payload is not an object with a type"
    kind = payload["type"]
    if kind in ("block_actions", "view_submission", "view_closed", "shortcut", "message_action") and not \
            _object_with_text(payload.get("user"), "id"):
        return "payload user is not an object with an id"
    if kind == "block_actions":
        if not isinstance(payload.get("trigger_id"), str):
            return "block actions without a trigger"
        actions = payload.get("actions")
        if not isinstance(actions, list) or not actions or not all(_object_with_text(a, "action_id") for a in actions):
            return "actions are missing or have no action id"
        for key in ("container", "channel", "message", "view"):
            if key in payload and payload[key] is not None and not isinstance(payload[key], dict):
                return f"{key} is not an object"
    elif kind in ("view_submission", "view_closed"):
        if not _object_with_text(payload.get("view"), "id", "type"):
            return "view is not an object with an id and a type"
        state = payload["view"].get("state")
        if state is not None and not (isinstance(state, dict) and isinstance(state.get("values", {}), dict)):
            return "view state is not an object"
    elif kind in ("shortcut", "message_action"):
        if not _object_with_text(payload, "callback_id", "trigger_id"):
            return "shortcut without a callback id or trigger"
        if "message" in payload and not isinstance(payload["message"], dict):
            return "message is not an object"
    return None


def _event_problem(body: object) -> str | None:
    if not _object_with_text(body, "type"):
        return "JSON body is not an object with a type"
    if body["type"] == "event_callback" and not _object_with_text(body.get("event"), "type"):
        return "event is not an object with a type"
    if body["type"] == "url_verification" and not isinstance(body.get("challenge"), str):
        return "url_verification without a challenge"
    return None


def check_shape(headers: Mapping[str, str], body: bytes) -> Rejection | None:
    """400 for a body Bolt cannot read or whose shape the listeners cannot rely on."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return Rejection(400, "body is not UTF-8")
    content_type = (_header(headers, "content-type") or "").split(";")[0].strip().lower()
    try:
        if content_type == "application/json":
            problem = _event_problem(json.loads(text))
        else:
            form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text))
            if "payload" in form:
                if len(form["payload"]) != 1:
                    return Rejection(400, "more than one payload")
                problem = _payload_problem(json.loads(form["payload"][0]))
            elif "command" in form:
                whole = all(form.get(key, [""])[0] for key in ("command", "user_id", "trigger_id"))
                problem = None if whole else "command without a user or a trigger"
            else:
                problem = "form body is neither a payload nor a command"
    except (ValueError, RecursionError):
        return Rejection(400, "body is not well-formed")
    return Rejection(400, problem) if problem else None


def gate(headers: Mapping[str, str], body: bytes, secret: str, now: float) -> Rejection | None:
    """The first reason to refuse this request, or None to let Bolt have it."""
    return check_signature(headers, body, secret, now) or check_shape(headers, body)

"""Signed requests into the app, shaped the way Slack sends them."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

TEAM = {"id": "T0HOSPITAL", "domain": "hospital"}


@dataclass
class Reply:
    status: int
    body: str

    def json(self) -> dict:
        return json.loads(self.body) if self.body else {}


class SlackSender:
    """Posts to /slack/events with Slack's signature headers."""

    def __init__(self, base_url: str, signing_secret: str,
                 response_url: str = "https://hooks.slack.invalid/commands/1"):
        self.url = base_url.rstrip("/") + "/slack/events"
        self.signer = SignatureVerifier(signing_secret)
        self.response_url = response_url

    def post(self, body: str, content_type: str, *, retry_num: int | None = None,
             signature: str | None = None, timestamp: int | None = None) -> Reply:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": signature or self.signer.generate_signature(timestamp=ts, body=body),
        }
        if retry_num is not None:
            headers["X-Slack-Retry-Num"] = str(retry_num)
            headers["X-Slack-Retry-Reason"] = "http_timeout"
        request = urllib.request.Request(self.url, data=body.encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.read().decode())

    # ---- the kinds of request -----------------------------------------------------------

    def command(self, user: str, text: str = "", command: str = "/peer-support", **kwargs) -> Reply:
        body = urlencode({
            "token": "legacy", "team_id": TEAM["id"], "team_domain": TEAM["domain"],
            "channel_id": "C0GENERAL", "channel_name": "general", "user_id": user, "user_name": user.lower(),
            "command": command, "text": text, "api_app_id": "A0PEER",
            "response_url": self.response_url,
            "trigger_id": f"trig.{uuid.uuid4().hex}",
        })
        return self.post(body, "application/x-www-form-urlencoded", **kwargs)

    def interaction(self, payload: dict, **kwargs) -> Reply:
        body = urlencode({"payload": json.dumps(payload)})
        return self.post(body, "application/x-www-form-urlencoded", **kwargs)

    def click(self, user: str, action_id: str, value: str, *, channel: str | None = None,
              message_ts: str | None = None, block_id: str = "offer.actions", **kwargs) -> Reply:
        channel = channel or f"D{user}"
        payload = {
            "type": "block_actions", "team": TEAM, "user": {"id": user, "team_id": TEAM["id"]},
            "api_app_id": "A0PEER", "trigger_id": f"trig.{uuid.uuid4().hex}",
            "container": {"type": "message", "channel_id": channel, "message_ts": message_ts or "1.000",
                          "is_ephemeral": False},
            "channel": {"id": channel, "name": "directmessage"},
            "message": {"ts": message_ts or "1.000", "text": ""},
            "response_url": "https://hooks.slack.invalid/actions/1",
            "actions": [{"type": "button", "action_id": action_id, "block_id": block_id, "value": value,
                         "action_ts": str(time.time())}],
        }
        return self.interaction(payload, **kwargs)

    def home_action(self, user: str, action_id: str, value: str | None = None, *, block_id: str = "home",
                    element: str = "button", **fields) -> Reply:
        """A click (or a date or person chosen) on the user's App Home: no channel, no message.
        `fields` are the element's own, e.g. selected_date="2026-03-09" for a datepicker."""
        action = {"type": element, "action_id": action_id, "block_id": block_id, "action_ts": str(time.time()),
                  **fields}
        if value is not None:
            action["value"] = value
        view_id = f"VHOME{user}"
        payload = {
            "type": "block_actions", "team": TEAM, "user": {"id": user, "team_id": TEAM["id"]},
            "api_app_id": "A0PEER", "trigger_id": f"trig.{uuid.uuid4().hex}",
            "container": {"type": "view", "view_id": view_id},
            "view": {"id": view_id, "type": "home", "blocks": [], "private_metadata": "", "callback_id": "",
                     "state": {"values": {}}, "hash": "h0"},
            "actions": [action],
        }
        return self.interaction(payload)

    def shortcut(self, user: str, callback_id: str, **kwargs) -> Reply:
        """A global shortcut, from the lightning-bolt menu."""
        payload = {
            "type": "shortcut", "team": TEAM, "user": {"id": user, "team_id": TEAM["id"]},
            "api_app_id": "A0PEER", "callback_id": callback_id, "trigger_id": f"trig.{uuid.uuid4().hex}",
            "action_ts": str(time.time()),
        }
        return self.interaction(payload, **kwargs)

    def message_shortcut(self, user: str, callback_id: str, message: dict, channel: str = "C0GENERAL",
                         **kwargs) -> Reply:
        """A message shortcut, from a message's "More actions" menu."""
        payload = {
            "type": "message_action", "team": TEAM, "user": {"id": user, "team_id": TEAM["id"]},
            "api_app_id": "A0PEER", "callback_id": callback_id, "trigger_id": f"trig.{uuid.uuid4().hex}",
            "action_ts": str(time.time()), "message_ts": message.get("ts", "1.000"),
            "channel": {"id": channel, "name": "general"}, "message": {"type": "message", "ts": "1.000", **message},
            "response_url": self.response_url,
        }
        return self.interaction(payload, **kwargs)

    def submit(self, user: str, view: dict, values: dict, *, view_id: str | None = None, **kwargs) -> Reply:
        """Submit a modal the bot opened, with `values` as Slack's view.state.values."""
        submitted = dict(view)
        submitted.setdefault("id", view_id or f"V{uuid.uuid4().hex[:10].upper()}")
        if view_id:
            submitted["id"] = view_id
        submitted["state"] = {"values": values}
        submitted.setdefault("hash", "h1")
        payload = {
            "type": "view_submission", "team": TEAM, "user": {"id": user, "team_id": TEAM["id"]},
            "api_app_id": "A0PEER", "trigger_id": f"trig.{uuid.uuid4().hex}", "view": submitted,
        }
        return self.interaction(payload, **kwargs)

    def event(self, event: dict, **kwargs) -> Reply:
        body = json.dumps({
            "token": "legacy", "team_id": TEAM["id"], "api_app_id": "A0PEER", "type": "event_callback",
            "event_id": f"Ev{uuid.uuid4().hex[:10]}", "event_time": int(time.time()), "event": event,
        })
        return self.post(body, "application/json", **kwargs)

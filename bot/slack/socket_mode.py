"""Socket Mode: Slack's requests over a websocket the bot opens (no public URL needed)."""
from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler


def connect_socket_mode(bolt: App, app_token: str) -> SocketModeHandler:
    handler = SocketModeHandler(bolt, app_token)
    handler.connect()
    return handler

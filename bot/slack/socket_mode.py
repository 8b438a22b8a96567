"""Socket Mode: Slack's requests over a websocket the bot opens (no public URL needed).

Connecting, with the app token checked first and retries while Slack cannot be reached, is
`connect_socket_mode` in bot/slack/startup.py.
"""
from __future__ import annotations

from bot.slack.startup import connect_socket_mode

__all__ = ["connect_socket_mode"]

"""Registering listeners, keeping count of which ids are handled.

A test checks that every action id and callback id in bot/ids.py is handled
exactly once; registering one twice is an error at start-up.
"""
from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App

from handlers.errors import guarded


class Router:
    def __init__(self, app: App):
        self.app = app
        self.handled: dict[str, set[str]] = {"action": set(), "view": set(), "command": set(), "event": set(),
                                              "shortcut": set()}

    def _claim(self, kind: str, name: str) -> None:
        if name in self.handled[kind]:
            raise ValueError(f"{kind} {name!r} is registered twice")
        self.handled[kind].add(name)

    def action(self, action_id: str, listener: Callable) -> None:
        self._claim("action", action_id)
        self.app.action(action_id)(guarded(listener))

    def view(self, callback_id: str, listener: Callable) -> None:
        self._claim("view", callback_id)
        self.app.view(callback_id)(guarded(listener))

    def command(self, command: str, listener: Callable) -> None:
        self._claim("command", command)
        self.app.command(command)(guarded(listener))

    def shortcut(self, callback_id: str, listener: Callable) -> None:
        self._claim("shortcut", callback_id)
        self.app.shortcut(callback_id)(guarded(listener))

    def event(self, event_type: str, listener: Callable) -> None:
        self._claim("event", event_type)
        self.app.event(event_type)(guarded(listener))

"""A bare Bolt app with no-op listeners, for comparing ack latency with the bot.

`install()` replaces `bot.app.build_app` with `build_bare_app`, so the bot's own `serve` command
(its server, its request gate, its process model) serves this app instead. Every listener acks and
does nothing else; `auth.test` is asked once, as Bolt's single-workspace authorisation does.
"""
from __future__ import annotations

import re
from typing import Any

ANYTHING = re.compile(".*")


class _Nothing:
    """Stands for whatever else the serve path asks of the bot's app: any attribute, any call, nothing."""

    def __getattr__(self, name: str) -> "_Nothing":
        return self

    def __call__(self, *args: Any, **kwargs: Any) -> "_Nothing":
        return self

    def __bool__(self) -> bool:
        return False

    def __iter__(self):
        return iter(())


class BareApp:
    """What `build_app` returns, as far as serving goes: a Bolt app and no routes of its own."""

    def __init__(self, bolt, client):
        self.bolt = bolt
        self.client = client
        self.routes: dict = {}

    def __getattr__(self, name: str) -> _Nothing:  # scheduler, services, ...: nothing to do
        return _Nothing()


def _ack(ack) -> None:
    ack()


def make_bare_bolt(token: str, signing_secret: str, api_url: str):
    from slack_bolt import App
    from slack_sdk import WebClient

    client = WebClient(token=token, base_url=api_url, timeout=10)
    bolt = App(client=client, signing_secret=signing_secret, token_verification_enabled=False)
    bolt.command(ANYTHING)(_ack)
    bolt.action(ANYTHING)(_ack)
    bolt.view(ANYTHING)(_ack)
    bolt.shortcut(ANYTHING)(_ack)
    bolt.options(ANYTHING)(_ack)
    return bolt, client


def build_bare_app(settings, db=None, *args: Any, **kwargs: Any) -> BareApp:
    bolt, client = make_bare_bolt(settings.slack_bot_token or "", settings.slack_signing_secret or "",
                                  settings.slack_api_url)
    return BareApp(bolt, client)


def install() -> None:
    import bot.app

    bot.app.build_app = build_bare_app

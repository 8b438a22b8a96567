"""The app factory: one Bolt app with every listener registered once, and its scheduler.

No module-level app: a test builds as many as it needs.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.notes import NoteCipher
from bot.scheduler import DueWork, Scheduler
from bot.services import Services
from bot.slack_client import SlackMessenger, make_client
from handlers import register_all
from handlers.routing import Router
from models.db import Database


class _SkipTokenIgnoredWarning(logging.Filter):
    """Bolt warns that the token is "ignored"/"unused" when a client and `authorize` are given
    (it also reads SLACK_BOT_TOKEN itself); here the client carries exactly that token, so the
    warning would only alarm whoever reads the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "will be ignored" not in message and "will be unused" not in message


logging.getLogger("slack_bolt.App").addFilter(_SkipTokenIgnoredWarning())


@dataclass
class BotApp:
    bolt: App
    services: Services
    work: DueWork
    scheduler: Scheduler
    router: Router
    client: WebClient


def build_app(
    settings: Settings,
    db: Database,
    client: WebClient | None = None,
    clock: Clock | None = None,
    worker: str | None = None,
) -> BotApp:
    client = client or make_client(settings)
    services = Services(db=db, clock=clock or SystemClock(), settings=settings,
                        cipher=NoteCipher.from_settings(settings))
    work = DueWork(services, SlackMessenger(client), worker)
    scheduler = Scheduler(work, settings.scheduler_interval.total_seconds())
    services.wake = scheduler.wake
    bolt = App(
        client=client,
        authorize=_single_workspace_authorize(client),
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=not settings.socket_mode,
        token_verification_enabled=False,
        process_before_response=False,
    )
    router = register_all(bolt, services, client)
    return BotApp(bolt=bolt, services=services, work=work, scheduler=scheduler, router=router, client=client)


def _single_workspace_authorize(client: WebClient):
    """Ask Slack who the bot is once (auth.test), then reuse the answer for every request."""
    cached: dict = {}

    def authorize(enterprise_id, team_id, user_id, logger):
        if not cached:
            answer = client.auth_test()
            cached.update(bot_user_id=answer["user_id"], bot_id=answer.get("bot_id"), team_id=answer.get("team_id"))
        return AuthorizeResult(
            enterprise_id=enterprise_id,
            team_id=cached["team_id"] or team_id,
            bot_token=client.token,
            bot_id=cached["bot_id"],
            bot_user_id=cached["bot_user_id"],
            user_id=user_id,
        )

    return authorize

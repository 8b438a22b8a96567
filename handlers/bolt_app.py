"""The Bolt app for one workspace, with every listener registered once (handlers/)."""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App
from slack_bolt.authorization import AuthorizeResult
from slack_sdk import WebClient

from bot.config import Settings
from bot.core.services import Services
from handlers import register_all
from handlers.routing import Router


class _SkipTokenIgnoredWarning(logging.Filter):
    """Bolt warns that the token is "ignored"/"unused" when a client and `authorize` are given
    (it also reads SLACK_BOT_TOKEN itself); here the client carries exactly that token, so the
    warning would only alarm whoever reads the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return "will be ignored" not in message and "will be unused" not in message


logging.getLogger("slack_bolt.App").addFilter(_SkipTokenIgnoredWarning())

# Threads running listeners. A listener acks first and then does its slow part (opening a modal,
# the database, a Slack call) on the same thread, so a request waits for a free one before it can
# even ack; Bolt's default of 5 made acks wait behind other requests' work. This is more than
# the requests one process serves at once, so a free thread is always there for an ack.
LISTENER_THREADS = 64


def make_bolt_app(settings: Settings, services: Services, client: WebClient) -> tuple[App, Router]:
    bolt = App(
        client=client,
        authorize=_single_workspace_authorize(client),
        signing_secret=settings.slack_signing_secret or "",
        request_verification_enabled=not settings.socket_mode,
        token_verification_enabled=False,
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="bolt-listener"),
    )
    return bolt, register_all(bolt, services, client)


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

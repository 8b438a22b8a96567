"""The one Slack Web API client, and the messenger the scheduler sends through.

The client has an explicit timeout and slack_sdk's retry handlers for
connection errors, rate limits (honouring Retry-After) and server errors.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.config import Settings
from bot.delivery import DeliveryFailed, Posted
from bot.messages import Message
from bot.referrals import SlackUserFacts

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
# Errors that say "try later"; any other ok=false answer will not change on a retry.
TRANSIENT_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}


def make_client(settings: Settings) -> WebClient:
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=TIMEOUT_SECONDS,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=2),
            RateLimitErrorRetryHandler(max_retry_count=2),
            ServerErrorRetryHandler(max_retry_count=2),
        ],
    )


def _failure(exc: Exception) -> DeliveryFailed:
    if isinstance(exc, SlackApiError):
        error = exc.response.get("error") if exc.response is not None else None
        status = exc.response.status_code if exc.response is not None else 0
        transient = status == 429 or status >= 500 or error in TRANSIENT_ERRORS
        return DeliveryFailed(f"slack error {error or status}", permanent=not transient)
    return DeliveryFailed(f"{exc.__class__.__name__}", permanent=False)


class SlackMessenger:
    """Sends DMs and updates them, turning Slack failures into DeliveryFailed."""

    def __init__(self, client: WebClient):
        self.client = client

    def send_dm(self, user_id: str, message: Message) -> Posted:
        try:
            response = self.client.chat_postMessage(channel=user_id, text=message.text, blocks=message.blocks)
        except (SlackApiError, SlackClientError, URLError, OSError) as exc:
            raise _failure(exc) from None
        return Posted(channel=response["channel"], ts=response["ts"])

    def timezone_of(self, user_id: str) -> str | None:
        """The person's Slack time zone (users.info `tz`); None if Slack does not say."""
        try:
            return self.client.users_info(user=user_id)["user"].get("tz")
        except (SlackApiError, SlackClientError, URLError, OSError, KeyError):
            return None

    def update(self, channel: str, ts: str, message: Message) -> None:
        try:
            self.client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)
        except (SlackApiError, SlackClientError, URLError, OSError) as exc:
            raise _failure(exc) from None


# Checking a form before acking it must leave room inside Slack's 3 seconds.
LOOKUP_BUDGET_SECONDS = 1.5
_lookups = ThreadPoolExecutor(max_workers=4, thread_name_prefix="users-info")


def user_facts(client: WebClient, user_id: str) -> SlackUserFacts | None:
    """Whether a Slack user exists, is a bot or is deactivated; None if Slack could not say
    within LOOKUP_BUDGET_SECONDS (the referral then goes ahead without the check)."""
    try:
        return _lookups.submit(_user_facts, client, user_id).result(timeout=LOOKUP_BUDGET_SECONDS)
    except FutureTimeout:
        log.warning("users.info took longer than %ss; going ahead without it", LOOKUP_BUDGET_SECONDS)
        return None


def _user_facts(client: WebClient, user_id: str) -> SlackUserFacts | None:
    try:
        user = client.users_info(user=user_id)["user"]
    except SlackApiError as exc:
        if exc.response is not None and exc.response.get("error") == "user_not_found":
            return SlackUserFacts(exists=False)
        log.warning("users.info failed (%s); going ahead without it", exc.response.get("error"))
        return None
    except (SlackClientError, URLError, OSError) as exc:
        log.warning("users.info could not be reached (%s); going ahead without it", exc.__class__.__name__)
        return None
    return SlackUserFacts(exists=True, is_bot=bool(user.get("is_bot")), deleted=bool(user.get("deleted")))

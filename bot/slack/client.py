"""The one Slack Web API client, and the few questions the domain asks Slack.

The client has an explicit timeout and slack_sdk's retry handlers for connection errors,
rate limits (honouring Retry-After) and server errors.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
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
from bot.referrals.referral import SlackUserFacts
from bot.roster.csv_import import EmailLookupFailed

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
# Every way a call to Slack can fail short of a Python bug.
SLACK_FAILURES = (SlackApiError, SlackClientError, URLError, OSError)


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


def timezone_of(client: WebClient, user_id: str) -> str | None:
    """The person's Slack time zone (users.info `tz`); None if Slack does not say."""
    try:
        return client.users_info(user=user_id)["user"].get("tz")
    except (*SLACK_FAILURES, KeyError):
        return None


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


def email_resolver(settings: Settings, env_hint: str) -> Callable[[str], str | None]:
    """Find the Slack user behind an email (users.lookupByEmail), for the roster import."""
    client = None

    def resolve(email: str) -> str | None:
        nonlocal client
        if not settings.slack_bot_token:
            raise EmailLookupFailed(f"SLACK_BOT_TOKEN is not set, so emails cannot be looked up ({env_hint}).")
        client = client or make_client(settings)
        try:
            return client.users_lookupByEmail(email=email)["user"]["id"]
        except SlackApiError as exc:
            if exc.response.get("error") == "users_not_found":
                return None
            raise EmailLookupFailed(f"Slack could not look up emails: {exc.response.get('error')}") from None
        except Exception as exc:  # noqa: BLE001 - network trouble of any kind
            raise EmailLookupFailed(f"Slack could not be reached to look up emails ({exc.__class__.__name__}).") from None

    return resolve

"""Sending what due work says: render the notice, post or update the DM (or upload the file it
carries, with the message as its comment), and turn Slack's failures into DeliveryFailed (transient
ones are retried by the worker, others dropped).

Due work is sent by a pool of threads, so nothing here waits for Slack's rate limits: the client
has no rate-limit retry handler, and a 429 becomes DeliveryFailed with Slack's Retry-After. For
chat.postMessage and chat.update Slack's limit is per channel, so only that DM waits (the worker
holds its channel back). For any other method (conversations.open and the file upload) the limit is
the method's: every row that would call it is turned back without calling Slack until Retry-After
has passed, while messages that do not need it go on.
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.outbox.registry import Notice, StoredMessage
from bot.outbox.worker import DeliveryFailed
from bot.slack.client import SLACK_FAILURES
from bot.slack.messages.common import Message
from bot.slack.render import render

# Errors that say "try later"; any other ok=false answer will not change on a retry.
TRANSIENT_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
# Methods whose rate limit Slack applies per channel; a 429 from any other is the method's.
PER_CHANNEL_METHODS = frozenset({"chat.postMessage", "chat.update"})
# The upload flow's methods, rested together: a limit on one stops the flow.
UPLOAD_METHODS = ("conversations.open", "files.getUploadURLExternal", "files.completeUploadExternal")
DEFAULT_RETRY_AFTER = 1.0

T = TypeVar("T")


def retry_after_of(exc: SlackApiError) -> float:
    """Seconds Slack asked us to wait (Retry-After), at least one."""
    headers = getattr(exc.response, "headers", None) or {}
    raw = next((value for key, value in headers.items() if key.lower() == "retry-after"), None)
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    try:
        return max(float(raw), DEFAULT_RETRY_AFTER)
    except (TypeError, ValueError):
        return DEFAULT_RETRY_AFTER


def _failure(exc: Exception) -> DeliveryFailed:
    if isinstance(exc, SlackApiError):
        error = exc.response.get("error") if exc.response is not None else None
        status = exc.response.status_code if exc.response is not None else 0
        if status == 429:
            return DeliveryFailed(f"slack error {error or status}", permanent=False, retry_after=retry_after_of(exc))
        transient = status >= 500 or error in TRANSIENT_ERRORS
        return DeliveryFailed(f"slack error {error or status}", permanent=not transient)
    return DeliveryFailed(f"{exc.__class__.__name__}", permanent=False)


def without_rate_limit_waits(client: WebClient) -> WebClient:
    """The same client (token, URL, time-out, other retry handlers) minus the handler that sleeps
    through a 429."""
    return WebClient(
        token=client.token, base_url=client.base_url, timeout=client.timeout, ssl=client.ssl,
        proxy=client.proxy, headers=dict(client.headers or {}), logger=client.logger,
        retry_handlers=[h for h in client.retry_handlers if not isinstance(h, RateLimitErrorRetryHandler)],
    )


class SlackMessenger:
    def __init__(self, client: WebClient, monotonic: Callable[[], float] = time.monotonic):
        self.client = without_rate_limit_waits(client)
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._resting: dict[str, float] = {}  # method -> until (monotonic)

    def send_dm(self, user_id: str, notice: Notice) -> StoredMessage | None:
        message = render(notice)
        if message.file is not None:
            return self._call(UPLOAD_METHODS, lambda: self._upload(user_id, message))
        response = self._call(("chat.postMessage",), lambda: self.client.chat_postMessage(
            channel=user_id, text=message.text, blocks=message.blocks))
        return StoredMessage(channel=response["channel"], ts=response["ts"])

    def _upload(self, user_id: str, message: Message) -> None:
        """Slack's upload flow (files.getUploadURLExternal, the upload, files.completeUploadExternal),
        shared into the DM with the message's blocks. A failure part way leaves nothing shared, so
        the retry starts again from the top."""
        channel = self.client.conversations_open(users=user_id)["channel"]["id"]
        attachment = message.file
        self.client.files_upload_v2(channel=channel, content=attachment.content, filename=attachment.filename,
                                    title=attachment.title, alt_txt=attachment.alt_text,
                                    blocks=json.dumps(message.blocks))

    def update(self, stored: StoredMessage, notice: Notice) -> None:
        message = render(notice)
        self._call(("chat.update",), lambda: self.client.chat_update(
            channel=stored.channel, ts=stored.ts, text=message.text, blocks=message.blocks))

    def _call(self, methods: tuple[str, ...], call: Callable[[], T]) -> T:
        """Make the call unless one of its methods is resting; a 429 on a method limited per method
        rests those methods for Retry-After."""
        waits = self._rest_left(methods)
        if waits > 0:
            raise DeliveryFailed(f"{methods[0]} rate-limited", permanent=False, retry_after=waits)
        try:
            return call()
        except SLACK_FAILURES as exc:
            failure = _failure(exc)
            if failure.retry_after is not None and not PER_CHANNEL_METHODS.issuperset(methods):
                self._rest(methods, failure.retry_after)
            raise failure from None

    def _rest_left(self, methods: tuple[str, ...]) -> float:
        now = self._monotonic()
        with self._lock:
            return max((self._resting.get(m, now) - now for m in methods), default=0.0)

    def _rest(self, methods: tuple[str, ...], seconds: float) -> None:
        until = self._monotonic() + seconds
        with self._lock:
            for method in methods:
                self._resting[method] = max(self._resting.get(method, until), until)

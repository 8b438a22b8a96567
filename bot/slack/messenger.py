"""Sending what due work says: render the notice, post or update the DM (or upload the file it
carries, with the message as its comment), and turn Slack's failures into DeliveryFailed (transient
ones are retried by the worker, others dropped)."""
from __future__ import annotations

import json

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.outbox.registry import Notice, StoredMessage
from bot.outbox.worker import DeliveryFailed
from bot.slack.client import SLACK_FAILURES
from bot.slack.messages.common import Message
from bot.slack.render import render

# Errors that say "try later"; any other ok=false answer will not change on a retry.
TRANSIENT_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}


def _failure(exc: Exception) -> DeliveryFailed:
    if isinstance(exc, SlackApiError):
        error = exc.response.get("error") if exc.response is not None else None
        status = exc.response.status_code if exc.response is not None else 0
        transient = status == 429 or status >= 500 or error in TRANSIENT_ERRORS
        return DeliveryFailed(f"slack error {error or status}", permanent=not transient)
    return DeliveryFailed(f"{exc.__class__.__name__}", permanent=False)


class SlackMessenger:
    def __init__(self, client: WebClient):
        self.client = client

    def send_dm(self, user_id: str, notice: Notice) -> StoredMessage | None:
        message = render(notice)
        try:
            if message.file is not None:
                return self._upload(user_id, message)
            response = self.client.chat_postMessage(channel=user_id, text=message.text, blocks=message.blocks)
        except SLACK_FAILURES as exc:
            raise _failure(exc) from None
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
        try:
            self.client.chat_update(channel=stored.channel, ts=stored.ts, text=message.text, blocks=message.blocks)
        except SLACK_FAILURES as exc:
            raise _failure(exc) from None

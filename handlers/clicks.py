"""What every button listener needs: who clicked what, where; a private word back; and updating
only messages the bot itself sent to that person (never a channel or ts a payload names)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.outbox.sent_messages import sent_to
from handlers.forms import id_from


@dataclass(frozen=True)
class Click:
    target_id: int | None  # the offer or case id in the button's value; None if it is not one
    user: str
    channel: str | None  # the DM the button was in; None for buttons in the App Home
    message_ts: str | None


def clicked(body: dict) -> Click:
    action = body["actions"][0]
    container = body.get("container") or {}
    return Click(
        target_id=id_from(action.get("value")),
        user=body["user"]["id"],
        channel=container.get("channel_id") or (body.get("channel") or {}).get("id"),
        message_ts=container.get("message_ts"),
    )


def tell_privately(client, channel: str | None, user: str, text: str) -> None:
    """An ephemeral message in the bot's DM with the person (opened if the click came from the Home)."""
    if channel is None:
        channel = client.conversations_open(users=user)["channel"]["id"]
    client.chat_postEphemeral(channel=channel, user=user, text=text)


def update_clicked_message(client, services, click: Click, message, *, case_id: int | None = None,
                           kinds: Iterable | None = None) -> None:
    """Update the message the button was in, if the bot sent it to the clicker (about `case_id`)."""
    if sent_to(services, click.user, click.channel, click.message_ts, case_id=case_id, kinds=kinds):
        update_message(client, click.channel, click.message_ts, message)


def update_message(client, channel: str | None, ts: str | None, message) -> None:
    """Update a message whose place the bot recorded itself (an offer's DM)."""
    if channel and ts:
        client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)

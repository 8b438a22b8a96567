"""Accept, Decline and Details on an offer DM."""
from __future__ import annotations

from bot import messages
from bot.ids import ActionId, BlockId, CallbackId, InputActionId
from bot.offers import accept_offer, decline_offer, offer_details, open_offer_for
from bot.views import decline_modal, details_modal
from bot.vocabulary import DECLINE_REASONS
from handlers.forms import id_from, selected_option
from handlers.routing import Router


def _clicked(body: dict) -> tuple[int | None, str, str | None, str | None]:
    action = body["actions"][0]
    container = body.get("container") or {}
    return (
        id_from(action.get("value")),
        body["user"]["id"],
        container.get("channel_id") or (body.get("channel") or {}).get("id"),
        container.get("message_ts"),
    )


def tell_no_longer_open(client, channel: str | None, user: str) -> None:
    if channel is None:
        channel = client.conversations_open(users=user)["channel"]["id"]
    client.chat_postEphemeral(channel=channel, user=user, text=messages.no_longer_open_text())


def on_accept(ack, body, client, services):
    ack()
    offer_id, user, channel, ts = _clicked(body)
    answer = accept_offer(services, offer_id, user) if offer_id else None
    if not answer or not answer.ok:
        tell_no_longer_open(client, channel, user)
        return
    message = messages.accepted_message(answer.offer, services.settings.resources)
    for where in {(channel, ts), (answer.offer.dm_channel, answer.offer.dm_ts)}:
        if all(where):
            client.chat_update(channel=where[0], ts=where[1], text=message.text, blocks=message.blocks)


def on_decline(ack, body, client, services):
    ack()
    offer_id, user, channel, _ = _clicked(body)
    if not offer_id or open_offer_for(services, offer_id, user) is None:
        tell_no_longer_open(client, channel, user)
        return
    client.views_open(trigger_id=body["trigger_id"], view=decline_modal(offer_id))


def on_decline_reason(ack, body, view, client, services):
    reason = selected_option(view, BlockId.DECLINE_REASON, InputActionId.DECLINE_REASON)
    if reason not in DECLINE_REASONS:
        ack(response_action="errors", errors={BlockId.DECLINE_REASON: "Please choose a reason."})
        return
    ack()
    offer_id, user = id_from(view.get("private_metadata")), body["user"]["id"]
    answer = decline_offer(services, offer_id, user, reason) if offer_id else None
    if not answer or not answer.ok:
        tell_no_longer_open(client, None, user)
        return
    if answer.offer.dm_channel and answer.offer.dm_ts:
        message = messages.declined_message(answer.offer)
        client.chat_update(
            channel=answer.offer.dm_channel, ts=answer.offer.dm_ts, text=message.text, blocks=message.blocks
        )


def on_details(ack, body, client, services):
    ack()
    offer_id, user, channel, _ = _clicked(body)
    details = offer_details(services, offer_id, user) if offer_id else None
    if details is None:
        tell_no_longer_open(client, channel, user)
        return
    client.views_open(trigger_id=body["trigger_id"], view=details_modal(details))


def register(router: Router) -> None:
    router.action(ActionId.OFFER_ACCEPT, on_accept)
    router.action(ActionId.OFFER_DECLINE, on_decline)
    router.action(ActionId.OFFER_DETAILS, on_details)
    router.view(CallbackId.DECLINE_REASON, on_decline_reason)

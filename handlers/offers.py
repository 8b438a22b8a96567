"""Accept, Decline and Details on an offer DM."""
from __future__ import annotations

from bot.cases.vocabulary import DECLINE_REASONS
from bot.offers.answers import accept_offer, decline_offer
from bot.offers.summaries import offer_details, open_offer_for
from bot.slack.ids import ActionId, BlockId, CallbackId, InputActionId
from bot.slack.messages.common import no_longer_open_text
from bot.slack.messages.offers import accepted_message, declined_message
from bot.slack.views.offers import decline_modal, details_modal
from handlers.clicks import clicked, tell_privately, update_clicked_message, update_message
from handlers.forms import id_from, selected_option
from handlers.home import clicked_on_home, publish_home
from handlers.routing import Router


def _no_longer_open(client, channel, user) -> None:
    tell_privately(client, channel, user, no_longer_open_text())


def on_accept(ack, body, client, services, actor):
    ack()
    click = clicked(body)
    answer = accept_offer(services, click.target_id, actor) if click.target_id else None
    if not answer or not answer.ok:
        _no_longer_open(client, click.channel, click.user)
        return
    message = accepted_message(answer.offer, services.settings.resources)
    # The offer's own DM, and the reminder if the click came from there.
    update_message(client, answer.offer.dm_channel, answer.offer.dm_ts, message)
    if (click.channel, click.message_ts) != (answer.offer.dm_channel, answer.offer.dm_ts):
        update_clicked_message(client, services, click, message, case_id=answer.offer.case_id)
    if clicked_on_home(body):
        publish_home(client, services, actor)


def on_decline(ack, body, client, services, actor):
    ack()
    click = clicked(body)
    if not click.target_id or open_offer_for(services, click.target_id, actor) is None:
        _no_longer_open(client, click.channel, click.user)
        return
    client.views_open(trigger_id=body["trigger_id"], view=decline_modal(click.target_id))


def on_decline_reason(ack, body, view, client, services, actor):
    reason = selected_option(view, BlockId.DECLINE_REASON, InputActionId.DECLINE_REASON)
    if reason not in DECLINE_REASONS:
        ack(response_action="errors", errors={BlockId.DECLINE_REASON: "Please choose a reason."})
        return
    ack()
    offer_id = id_from(view.get("private_metadata"))
    answer = decline_offer(services, offer_id, actor, reason) if offer_id else None
    if not answer or not answer.ok:
        _no_longer_open(client, None, actor.slack_id)
        return
    update_message(client, answer.offer.dm_channel, answer.offer.dm_ts, declined_message(answer.offer))
    publish_home(client, services, actor)  # the modal may have been opened from the Home


def on_details(ack, body, client, services, actor):
    ack()
    click = clicked(body)
    details = offer_details(services, click.target_id, actor) if click.target_id else None
    if details is None:
        _no_longer_open(client, click.channel, click.user)
        return
    client.views_open(trigger_id=body["trigger_id"], view=details_modal(details))


def register(router: Router) -> None:
    router.action(ActionId.OFFER_ACCEPT, on_accept)
    router.action(ActionId.OFFER_DECLINE, on_decline)
    router.action(ActionId.OFFER_DETAILS, on_details)
    router.view(CallbackId.DECLINE_REASON, on_decline_reason)

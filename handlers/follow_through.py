"""Buttons on the accept message, contact nudges and check-ins; Close case; Resume."""
from __future__ import annotations

from bot import messages
from bot.availability import resume
from bot.follow_through import (
    case_for_holder,
    close_case,
    hand_off,
    record_check_in,
    record_contact,
    record_not_reached,
)
from bot.ids import ActionId, BlockId, CallbackId, InputActionId
from bot.views import close_case_modal
from bot.vocabulary import OUTCOMES
from handlers.clicks import clicked, replace_message, tell_privately
from handlers.forms import id_from, selected_option
from handlers.routing import Router


def _not_yours(client, channel, user) -> None:
    tell_privately(client, channel, user, messages.case_not_yours_text())


def _case_button(service, render):
    """A listener for a button that moves a case the clicker holds, then updates the message."""

    def listener(ack, body, client, services):
        ack()
        click = clicked(body)
        answer = service(services, click.target_id, click.user) if click.target_id else None
        if not answer or not answer.ok:
            _not_yours(client, click.channel, click.user)
            return
        replace_message(client, click.channel, click.message_ts, render(services, answer))

    return listener


def on_close(ack, body, client, services):
    ack()
    click = clicked(body)
    if not click.target_id or not case_for_holder(services, click.target_id, click.user).ok:
        _not_yours(client, click.channel, click.user)
        return
    client.views_open(trigger_id=body["trigger_id"], view=close_case_modal(click.target_id))


def on_close_outcome(ack, body, view, client, services):
    outcome = selected_option(view, BlockId.OUTCOME, InputActionId.OUTCOME)
    if outcome not in OUTCOMES:
        ack(response_action="errors", errors={BlockId.OUTCOME: "Please choose an outcome."})
        return
    ack()
    case_id, user = id_from(view.get("private_metadata")), body["user"]["id"]
    answer = close_case(services, case_id, user, outcome) if case_id else None
    if not answer or not answer.ok:
        _not_yours(client, None, user)
        return
    message = messages.closed_message(case_id)
    channel = client.conversations_open(users=user)["channel"]["id"]
    client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks)


def on_resume(ack, body, client, services):
    ack()
    click = clicked(body)
    resume(services, click.user)
    replace_message(client, click.channel, click.message_ts, messages.supporter_resumed_message())


def register(router: Router) -> None:
    router.action(ActionId.CASE_CONTACTED, _case_button(
        record_contact,
        lambda services, a: messages.contact_recorded_message(a.case_id, services.settings.checkin_after)))
    router.action(ActionId.CASE_NOT_REACHED, _case_button(
        record_not_reached,
        lambda services, a: messages.not_reached_message(a.case_id, services.settings.contact_nudge_after)))
    router.action(ActionId.CASE_HAND_OFF, _case_button(
        hand_off, lambda services, a: messages.handed_off_message(a.case_id)))
    router.action(ActionId.CASE_CHECKED_IN, _case_button(
        record_check_in, lambda services, a: messages.checked_in_message(a.case_id)))
    router.action(ActionId.CASE_CLOSE, on_close)
    router.view(CallbackId.CLOSE_OUTCOME, on_close_outcome)
    router.action(ActionId.SUPPORTER_RESUME, on_resume)

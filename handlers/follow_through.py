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
from handlers.forms import id_from, selected_option
from handlers.routing import Router


def _clicked(body: dict) -> tuple[int | None, str, str | None, str | None]:
    action = body["actions"][0]
    container = body.get("container") or {}
    return id_from(action.get("value")), body["user"]["id"], container.get("channel_id"), container.get("message_ts")


def _tell_not_yours(client, channel: str | None, user: str) -> None:
    if channel is None:
        channel = client.conversations_open(users=user)["channel"]["id"]
    client.chat_postEphemeral(channel=channel, user=user, text=messages.case_not_yours_text())


def _replace(client, channel, ts, message) -> None:
    if channel and ts:
        client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)


def _case_button(service, render):
    """A listener for a button that moves a case the clicker holds, then updates the message."""

    def listener(ack, body, client, services):
        ack()
        case_id, user, channel, ts = _clicked(body)
        answer = service(services, case_id, user) if case_id else None
        if not answer or not answer.ok:
            _tell_not_yours(client, channel, user)
            return
        _replace(client, channel, ts, render(services, answer))

    return listener


def on_close(ack, body, client, services):
    ack()
    case_id, user, channel, _ = _clicked(body)
    if not case_id or not case_for_holder(services, case_id, user).ok:
        _tell_not_yours(client, channel, user)
        return
    client.views_open(trigger_id=body["trigger_id"], view=close_case_modal(case_id))


def on_close_outcome(ack, body, view, client, services):
    outcome = selected_option(view, BlockId.OUTCOME, InputActionId.OUTCOME)
    if outcome not in OUTCOMES:
        ack(response_action="errors", errors={BlockId.OUTCOME: "Please choose an outcome."})
        return
    ack()
    case_id, user = id_from(view.get("private_metadata")), body["user"]["id"]
    answer = close_case(services, case_id, user, outcome) if case_id else None
    if not answer or not answer.ok:
        _tell_not_yours(client, None, user)
        return
    message = messages.closed_message(case_id)
    channel = client.conversations_open(users=user)["channel"]["id"]
    client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks)


def on_resume(ack, body, client, services):
    ack()
    _, user, channel, ts = _clicked(body)
    resume(services, user)
    _replace(client, channel, ts, messages.supporter_resumed_message())


def register(router: Router) -> None:
    router.action(ActionId.CASE_CONTACTED, _case_button(
        record_contact,
        lambda services, a: messages.contact_recorded_message(
            a.case_id, [int(d.total_seconds() // 86400) for d in services.settings.checkin_after])))
    router.action(ActionId.CASE_NOT_REACHED, _case_button(
        record_not_reached, lambda services, a: messages.not_reached_message(a.case_id)))
    router.action(ActionId.CASE_HAND_OFF, _case_button(
        hand_off, lambda services, a: messages.handed_off_message(a.case_id)))
    router.action(ActionId.CASE_CHECKED_IN, _case_button(
        record_check_in, lambda services, a: messages.checked_in_message(a.case_id)))
    router.action(ActionId.CASE_CLOSE, on_close)
    router.view(CallbackId.CLOSE_OUTCOME, on_close_outcome)
    router.action(ActionId.SUPPORTER_RESUME, on_resume)

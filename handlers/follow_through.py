"""Buttons on the accept message, contact nudges and check-ins (and the same ones on the App Home);
Close case; Remind me later; Resume."""
from __future__ import annotations

from bot.cases.safety import raise_safety_concern
from bot.cases.vocabulary import OUTCOMES
from bot.follow_through.check_ins import record_check_in
from bot.follow_through.closing import case_for_holder, close_case
from bot.follow_through.contact import record_contact, record_not_reached
from bot.follow_through.hand_off import hand_off
from bot.follow_through.reminders import REMIND_LATER, remind_later
from bot.roster.availability import RosterWork, resume
from bot.slack.ids import ActionId, BlockId, CallbackId, InputActionId
from bot.slack.messages import follow_through as words
from bot.slack.messages.roster import supporter_resumed_message
from bot.slack.views.cases import close_case_modal, safety_modal
from handlers.clicks import clicked, tell_privately, update_clicked_message
from handlers.forms import id_from, selected_option
from handlers.home import clicked_on_home, publish_home
from handlers.routing import Router

TOMORROW, IN_THREE_DAYS = REMIND_LATER


def _not_yours(client, channel, user) -> None:
    tell_privately(client, channel, user, words.case_not_yours_text())


def _case_button(service, render):
    """A listener for a button that moves a case the clicker holds, then updates the message."""

    def listener(ack, body, client, services, actor):
        ack()
        click = clicked(body)
        answer = service(services, click.target_id, actor) if click.target_id else None
        if not answer or not answer.ok:
            _not_yours(client, click.channel, click.user)
            return
        update_clicked_message(client, services, click, render(services, answer), case_id=answer.case_id)
        if clicked_on_home(body):
            publish_home(client, services, actor)

    return listener


def _remind_later(after):
    """Remind me later: that reminder comes back `after` from now; its message says when."""

    def listener(ack, body, client, services, actor):
        ack()
        click = clicked(body)
        postponed = remind_later(services, click.target_id, actor, after) if click.target_id else None
        if not postponed or not postponed.ok:
            _not_yours(client, click.channel, click.user)
            return
        update_clicked_message(client, services, click,
                               words.reminder_moved_message(postponed.case_id, postponed.due_at),
                               case_id=postponed.case_id)

    return listener


def on_close(ack, body, client, services, actor):
    ack()
    click = clicked(body)
    if not click.target_id or not case_for_holder(services, click.target_id, actor).ok:
        _not_yours(client, click.channel, click.user)
        return
    client.views_open(trigger_id=body["trigger_id"], view=close_case_modal(click.target_id))


def on_close_outcome(ack, body, view, client, services, actor):
    outcome = selected_option(view, BlockId.OUTCOME, InputActionId.OUTCOME)
    if outcome not in OUTCOMES:
        ack(response_action="errors", errors={BlockId.OUTCOME: "Please choose an outcome."})
        return
    ack()
    case_id = id_from(view.get("private_metadata"))
    answer = close_case(services, case_id, actor, outcome) if case_id else None
    if not answer or not answer.ok:
        _not_yours(client, None, actor.slack_id)
        return
    message = words.closed_message(case_id)
    channel = client.conversations_open(users=actor.slack_id)["channel"]["id"]
    client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks)
    publish_home(client, services, actor)  # the modal may have been opened from the Home


def on_resume(ack, body, client, services, actor):
    ack()
    click = clicked(body)
    resume(services, actor)
    update_clicked_message(client, services, click, supporter_resumed_message(), kinds=[RosterWork.SUPPORTER_PAUSED])
    if clicked_on_home(body):
        publish_home(client, services, actor)


def on_safety_concern(ack, body, client, services, actor):
    """One click: coordinators and safety contacts are alerted at once, the supporter sees help."""
    ack()
    click = clicked(body)
    if not click.target_id or not raise_safety_concern(services, click.target_id, actor):
        _not_yours(client, click.channel, click.user)
        return
    client.views_open(trigger_id=body["trigger_id"], view=safety_modal(services.settings.resources))


def register(router: Router) -> None:
    router.action(ActionId.CASE_CONTACTED, _case_button(
        record_contact,
        lambda services, a: words.contact_recorded_message(a.case_id, services.settings.checkin_after)))
    router.action(ActionId.CASE_NOT_REACHED, _case_button(
        record_not_reached,
        lambda services, a: words.not_reached_message(a.case_id, services.settings.contact_nudge_after)))
    router.action(ActionId.CASE_HAND_OFF, _case_button(
        hand_off, lambda services, a: words.handed_off_message(a.case_id)))
    router.action(ActionId.CASE_CHECKED_IN, _case_button(
        record_check_in, lambda services, a: words.checked_in_message(a.case_id)))
    router.action(ActionId.CASE_CLOSE, on_close)
    router.view(CallbackId.CLOSE_OUTCOME, on_close_outcome)
    router.action(ActionId.SUPPORTER_RESUME, on_resume)
    router.action(ActionId.CASE_REMIND_TOMORROW, _remind_later(TOMORROW))
    router.action(ActionId.CASE_REMIND_IN_3_DAYS, _remind_later(IN_THREE_DAYS))
    router.action(ActionId.CASE_SAFETY, on_safety_concern)

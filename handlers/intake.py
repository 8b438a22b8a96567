"""Offer support / Not needed on a safety event's triage DM (coordinators only)."""
from __future__ import annotations

from bot.intake.triage import NOT_ALLOWED, decide, event_of_triage_message, triage_request_for
from bot.slack.ids import ActionId
from bot.slack.messages.intake import only_coordinators_text, triage_already_decided_text, triage_message
from handlers.clicks import clicked, tell_privately, update_message
from handlers.routing import Router


def _decide(body, client, services, actor, approve: bool) -> None:
    click = clicked(body)
    decision = decide(services, click.target_id, actor, approve) if click.target_id else None
    if decision is None or decision.problem == NOT_ALLOWED:
        tell_privately(client, click.channel, click.user, only_coordinators_text())
        return
    if not decision.ok:
        tell_privately(client, click.channel, click.user, triage_already_decided_text())
    # Update only the triage DM the bot recorded sending this coordinator about this event.
    if decision.event_id is not None and event_of_triage_message(
            services, click.user, click.channel, click.message_ts) == decision.event_id:
        request = triage_request_for(services, decision.event_id)
        if request is not None:
            update_message(client, click.channel, click.message_ts, triage_message(request))


def on_offer_support(ack, body, client, services, actor):
    ack()
    _decide(body, client, services, actor, approve=True)


def on_not_needed(ack, body, client, services, actor):
    ack()
    _decide(body, client, services, actor, approve=False)


def register(router: Router) -> None:
    router.action(ActionId.TRIAGE_OFFER, on_offer_support)
    router.action(ActionId.TRIAGE_NOT_NEEDED, on_not_needed)

"""`/peer-support`: the private self-referral form, and what happens on submit."""
from __future__ import annotations

from bot.ids import BlockId, CallbackId, Command, InputActionId
from bot.referrals import InvalidReferral, Referral, check_referral, receive_referral
from bot.views import help_text, self_referral_modal
from bot.vocabulary import Source
from handlers.forms import selected_option, selected_users, text_value
from handlers.routing import Router

FIELD_BLOCKS = {
    "urgency": BlockId.URGENCY,
    "event_type": BlockId.EVENT_TYPE,
    "contact_preference": BlockId.CONTACT,
    "note": BlockId.NOTE,
}


def field_errors(error: InvalidReferral) -> dict[str, str]:
    return {FIELD_BLOCKS.get(field, BlockId.NOTE): message for field, message in error.errors.items()}


def on_command(ack, command, client, services):
    words = (command.get("text") or "").strip().split()
    sub = words[0].lower() if words else ""
    if sub in ("help", "?"):
        ack(response_type="ephemeral", text=help_text())
        return
    if sub:
        ack(response_type="ephemeral", text=f"Sorry, I don't know `{Command.PEER_SUPPORT} {sub}`.\n\n{help_text()}")
        return
    ack()
    client.views_open(trigger_id=command["trigger_id"], view=self_referral_modal())


def self_referral_from(view: dict, user_id: str) -> Referral:
    return Referral(
        clinician_id=user_id,
        source=Source.SELF,
        urgency=selected_option(view, BlockId.URGENCY, InputActionId.URGENCY) or "",
        event_type=selected_option(view, BlockId.EVENT_TYPE, InputActionId.EVENT_TYPE),
        contact_preference=selected_option(view, BlockId.CONTACT, InputActionId.CONTACT),
        excluded_ids=frozenset(selected_users(view, BlockId.AVOID, InputActionId.AVOID)),
        note=text_value(view, BlockId.NOTE, InputActionId.NOTE),
    )


def on_submit(ack, body, view, services):
    referral = self_referral_from(view, body["user"]["id"])
    try:
        check_referral(referral)
    except InvalidReferral as error:
        ack(response_action="errors", errors=field_errors(error))
        return
    ack()
    receive_referral(services, referral, intake_key=f"view:{view['id']}")


def register(router: Router) -> None:
    router.command(Command.PEER_SUPPORT, on_command)
    router.view(CallbackId.SELF_REFERRAL, on_submit)

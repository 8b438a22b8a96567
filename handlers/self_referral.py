"""`/peer-support`: the private self-referral form, and what happens on submit."""
from __future__ import annotations

from bot.cases.vocabulary import Source
from bot.referrals.intake import TooManyReferrals, check_referral_limit, receive_referral
from bot.referrals.referral import InvalidReferral, Referral, check_referral
from bot.slack.ids import BlockId, CallbackId, InputActionId
from bot.slack.views.common import notice_modal
from bot.slack.views.referral_forms import self_referral_modal, too_many_referrals_text
from handlers.forms import selected_option, selected_users, text_value
from handlers.routing import Router

FIELD_BLOCKS = {
    "colleague": BlockId.COLLEAGUE,
    "urgency": BlockId.URGENCY,
    "event_type": BlockId.EVENT_TYPE,
    "contact_preference": BlockId.CONTACT,
    "note": BlockId.NOTE,
    "avoid": BlockId.AVOID,
}
TITLE = "Peer support"


def field_errors(error: InvalidReferral) -> dict[str, str]:
    return {FIELD_BLOCKS.get(field, BlockId.NOTE): message for field, message in error.errors.items()}


def open_form(ack, command, client):
    """Open the private form first: the trigger id lives three seconds."""
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


def on_submit(ack, view, client, services, actor):
    referral = self_referral_from(view, actor.slack_id)
    key = f"view:{view['id']}"
    try:
        check_referral(referral)
        check_referral_limit(services, actor, key)
    except InvalidReferral as error:
        ack(response_action="errors", errors=field_errors(error))
        return
    except TooManyReferrals:
        ack(response_action="update", view=notice_modal(TITLE, too_many_referrals_text()))
        return
    ack()
    try:
        receive_referral(services, actor, referral, intake_key=key)
    except TooManyReferrals:  # another request got in first
        client.chat_postMessage(channel=actor.slack_id, text=too_many_referrals_text())


def register(router: Router) -> None:
    router.view(CallbackId.SELF_REFERRAL, on_submit)

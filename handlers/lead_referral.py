"""Leads and coordinators refer a colleague: the "Refer a colleague" shortcut, the message
shortcut, and `/peer-support refer @colleague`, all opening the same private form."""
from __future__ import annotations

import re

from bot.ids import BlockId, CallbackId, InputActionId, ShortcutId
from bot.referrals import (
    InvalidReferral,
    NotAllowedToRefer,
    Referral,
    SlackUserFacts,
    check_referral,
    colleague_problem,
    coordinators_to_ask,
    may_refer_colleagues,
    receive_referral,
)
from bot.slack_client import user_facts
from bot.views import (
    MAY_NAME_YES,
    lead_referral_modal,
    not_a_lead_text,
    notice_modal,
    referral_received_modal,
    referral_working_modal,
)
from bot.vocabulary import Source
from handlers.forms import selected_option, selected_options, selected_user, text_value
from handlers.routing import Router
from handlers.self_referral import field_errors

TITLE = "Refer a colleague"
# With should_escape on, a typed mention arrives as <@U123> or <@U123|name>.
MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")


def _not_a_lead(services) -> str:
    return not_a_lead_text(coordinators_to_ask(services))


def open_from_command(ack, command, client, services, respond, rest: str) -> None:
    ack()
    user = command["user_id"]
    if not may_refer_colleagues(services, user):
        respond(response_type="ephemeral", text=_not_a_lead(services))
        return
    colleague = None
    if rest.strip():
        match = MENTION.match(rest.strip())
        if not match:
            respond(response_type="ephemeral",
                    text="To refer someone, @-mention them: `/peer-support refer @name`, "
                         "or leave the name out and choose them in the form.")
            return
        colleague = match.group(1)
        problem = colleague_problem(user, colleague, user_facts(client, colleague))
        if problem:
            respond(response_type="ephemeral", text=problem)
            return
    client.views_open(trigger_id=command["trigger_id"], view=lead_referral_modal(colleague))


def _open(client, shortcut, view) -> None:
    client.views_open(trigger_id=shortcut["trigger_id"], view=view)


def _refused(client, shortcut, services) -> bool:
    """Anyone but a lead or coordinator gets a kind explanation instead of the form."""
    if may_refer_colleagues(services, shortcut["user"]["id"]):
        return False
    _open(client, shortcut, notice_modal(TITLE, _not_a_lead(services)))
    return True


def on_global_shortcut(ack, shortcut, client, services):
    ack()
    if not _refused(client, shortcut, services):
        _open(client, shortcut, lead_referral_modal())


def on_message_shortcut(ack, shortcut, client, services):
    ack()
    if _refused(client, shortcut, services):
        return
    message = shortcut.get("message") or {}
    author = message.get("user")
    if message.get("bot_id") or not author:
        problem = colleague_problem(shortcut["user"]["id"], message.get("bot_id") or "B",
                                    SlackUserFacts(exists=True, is_bot=True))
    else:
        problem = colleague_problem(shortcut["user"]["id"], author, user_facts(client, author))
    _open(client, shortcut, notice_modal(TITLE, problem) if problem else lead_referral_modal(author))


def lead_referral_from(view: dict, referrer: str) -> Referral:
    return Referral(
        clinician_id=selected_user(view, BlockId.COLLEAGUE, InputActionId.COLLEAGUE) or "",
        source=Source.LEAD,
        urgency=selected_option(view, BlockId.URGENCY, InputActionId.URGENCY) or "",
        event_type=selected_option(view, BlockId.EVENT_TYPE, InputActionId.EVENT_TYPE),
        note=text_value(view, BlockId.NOTE, InputActionId.NOTE),
        referrer_id=referrer,
        referrer_may_be_named=MAY_NAME_YES in selected_options(view, BlockId.MAY_NAME, InputActionId.MAY_NAME),
    )


def on_submit(ack, body, view, client, services):
    referrer = body["user"]["id"]
    referral = lead_referral_from(view, referrer)
    errors: dict[str, str] = {}
    try:
        check_referral(referral)
    except InvalidReferral as error:
        errors = field_errors(error)
    if BlockId.COLLEAGUE not in errors:
        colleague = referral.clinician_id
        facts = user_facts(client, colleague) if colleague != referrer else None
        problem = colleague_problem(referrer, colleague, facts)
        if problem:
            errors[BlockId.COLLEAGUE] = problem
    if errors:
        ack(response_action="errors", errors=errors)
        return
    ack(response_action="update", view=referral_working_modal())
    try:
        received = receive_referral(services, referral, intake_key=f"view:{view['id']}")
    except NotAllowedToRefer:
        client.views_update(view_id=view["id"], view=notice_modal(TITLE, _not_a_lead(services)))
        return
    client.views_update(view_id=view["id"],
                        view=referral_received_modal(referral.clinician_id, received.joined_open_case))


def register(router: Router) -> None:
    router.shortcut(ShortcutId.REFER_COLLEAGUE, on_global_shortcut)
    router.shortcut(ShortcutId.REFER_FROM_MESSAGE, on_message_shortcut)
    router.view(CallbackId.LEAD_REFERRAL, on_submit)

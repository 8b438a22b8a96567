"""Leads and coordinators refer a colleague: the "Refer a colleague" shortcut, the message
shortcut, and `/peer-support refer @colleague`, all opening the same private form.

Each opens a "one moment" modal first, before any database query or call to Slack (the
trigger id lives three seconds), then updates it to the form, or to a kind explanation.
"""
from __future__ import annotations

import re

from bot.cases.policy import may_refer_colleagues
from bot.cases.vocabulary import Source
from bot.referrals.intake import TooManyReferrals, coordinators_to_ask, receive_referral
from bot.referrals.referral import (
    InvalidReferral,
    NotAllowedToRefer,
    Referral,
    SlackUserFacts,
    check_referral,
    colleague_problem,
)
from bot.slack.client import user_facts
from bot.slack.ids import BlockId, CallbackId, InputActionId, ShortcutId
from bot.slack.views.common import notice_modal
from bot.slack.views.referral_forms import (
    LEAD_TITLE,
    MAY_NAME_YES,
    lead_referral_modal,
    not_a_lead_text,
    referral_opening_modal,
    referral_received_modal,
    referral_working_modal,
    too_many_referrals_text,
)
from handlers.forms import selected_option, selected_options, selected_user, text_value
from handlers.routing import Router
from handlers.self_referral import field_errors

# With should_escape on, a typed mention arrives as <@U123> or <@U123|name>.
MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")


def _not_a_lead(services) -> dict:
    return notice_modal(LEAD_TITLE, not_a_lead_text(coordinators_to_ask(services)))


def _open_then(client, trigger_id: str, decide) -> None:
    """Open "one moment" now; then show what `decide()` returns (the form or a notice)."""
    opened = client.views_open(trigger_id=trigger_id, view=referral_opening_modal())
    client.views_update(view_id=opened["view"]["id"], view=decide())


def _form_for(client, services, actor, colleague: str | None) -> dict:
    """The form (with the colleague filled in), or why this person cannot refer them."""
    if not may_refer_colleagues(actor):
        return _not_a_lead(services)
    if colleague is None:
        return lead_referral_modal()
    problem = colleague_problem(actor.slack_id, colleague, user_facts(client, colleague))
    return notice_modal(LEAD_TITLE, problem) if problem else lead_referral_modal(colleague)


def open_from_command(ack, command, client, services, actor, respond, rest: str) -> None:
    ack()
    colleague = None
    if rest.strip():
        match = MENTION.match(rest.strip())
        if not match:
            respond(response_type="ephemeral",
                    text="To refer someone, @-mention them: `/peer-support refer @name`, "
                         "or leave the name out and choose them in the form.")
            return
        colleague = match.group(1)
    _open_then(client, command["trigger_id"], lambda: _form_for(client, services, actor, colleague))


def on_global_shortcut(ack, shortcut, client, services, actor):
    ack()
    _open_then(client, shortcut["trigger_id"], lambda: _form_for(client, services, actor, None))


def _form_for_message_author(client, services, actor, message: dict) -> dict:
    if not may_refer_colleagues(actor):
        return _not_a_lead(services)
    author = message.get("user")
    if message.get("bot_id") or not author:
        problem = colleague_problem(actor.slack_id, message.get("bot_id") or "B", SlackUserFacts(exists=True, is_bot=True))
        return notice_modal(LEAD_TITLE, problem)
    return _form_for(client, services, actor, author)


def on_message_shortcut(ack, shortcut, client, services, actor):
    ack()
    message = shortcut.get("message") or {}
    _open_then(client, shortcut["trigger_id"], lambda: _form_for_message_author(client, services, actor, message))


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


def on_submit(ack, view, client, services, actor):
    referrer = actor.slack_id
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
        received = receive_referral(services, actor, referral, intake_key=f"view:{view['id']}")
    except NotAllowedToRefer:
        client.views_update(view_id=view["id"], view=_not_a_lead(services))
        return
    except TooManyReferrals:
        client.views_update(view_id=view["id"], view=notice_modal(LEAD_TITLE, too_many_referrals_text()))
        return
    client.views_update(view_id=view["id"],
                        view=referral_received_modal(referral.clinician_id, received.joined_open_case))


def register(router: Router) -> None:
    router.shortcut(ShortcutId.REFER_COLLEAGUE, on_global_shortcut)
    router.shortcut(ShortcutId.REFER_FROM_MESSAGE, on_message_shortcut)
    router.view(CallbackId.LEAD_REFERRAL, on_submit)

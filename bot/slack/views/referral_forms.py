"""The referral forms: a clinician for themselves (/peer-support), a lead for a colleague."""
from __future__ import annotations

from bot.cases.vocabulary import CONTACT_PREFERENCES, EVENT_TYPES, URGENCIES
from bot.referrals.referral import NOTE_MAX_LENGTH
from bot.slack.blocks import input_block, modal, options, plain, section
from bot.slack.ids import BlockId, CallbackId, Command, InputActionId
from bot.slack.views.common import notice_modal


NOTE_HINT = "Please don't include patient names, record numbers, dates or other identifiers."


MAY_NAME_YES = "yes"


def _urgency_input(label: str) -> dict:
    urgency = options(URGENCIES)
    return input_block(
        BlockId.URGENCY, label,
        {"type": "radio_buttons", "action_id": InputActionId.URGENCY, "options": urgency,
         "initial_option": urgency[1]},
    )


def _event_type_input() -> dict:
    return input_block(
        BlockId.EVENT_TYPE,
        "What happened?",
        {"type": "static_select", "action_id": InputActionId.EVENT_TYPE,
         "placeholder": plain("Choose one, if you like"), "options": options(EVENT_TYPES)},
        optional=True,
    )


def _note_input() -> dict:
    return input_block(
        BlockId.NOTE,
        "Anything the supporter should know?",
        {"type": "plain_text_input", "action_id": InputActionId.NOTE, "multiline": True,
         "max_length": NOTE_MAX_LENGTH},
        optional=True,
        hint=NOTE_HINT,
    )


def self_referral_modal() -> dict:
    contact = options(CONTACT_PREFERENCES)
    return modal(
        "Peer support",
        [
            section(
                "Talking with a colleague who has been there can help after a hard case. "
                "This is private: only the peer supporter who takes your request will see it."
            ),
            _urgency_input("How soon would you like to talk?"),
            input_block(
                BlockId.CONTACT,
                "How would you like to be contacted?",
                {"type": "radio_buttons", "action_id": InputActionId.CONTACT, "options": contact,
                 "initial_option": contact[0]},
            ),
            _event_type_input(),
            input_block(
                BlockId.AVOID,
                "Anyone you'd rather not be matched with?",
                {"type": "multi_users_select", "action_id": InputActionId.AVOID,
                 "placeholder": plain("Optional"), "max_selected_items": 10},
                optional=True,
                hint="They will not be told.",
            ),
            _note_input(),
        ],
        callback_id=CallbackId.SELF_REFERRAL,
        submit="Ask for support",
        close="Cancel",
    )


def lead_referral_modal(colleague_id: str | None = None) -> dict:
    colleague = {"type": "users_select", "action_id": InputActionId.COLLEAGUE,
                 "placeholder": plain("Choose a colleague")}
    if colleague_id:
        colleague["initial_user"] = colleague_id
    return modal(
        "Refer a colleague",
        [
            section(
                "A trained peer supporter from outside their division will reach out to them personally. "
                "They won't be told who asked, unless you say so below. We won't message them ourselves."
            ),
            input_block(BlockId.COLLEAGUE, "Who are you concerned about?", colleague),
            _event_type_input(),
            _urgency_input("How soon should someone reach out?"),
            _note_input(),
            input_block(
                BlockId.MAY_NAME,
                "May the supporter say you asked them to reach out?",
                {"type": "checkboxes", "action_id": InputActionId.MAY_NAME,
                 "options": [{"text": plain("Yes, they may say it was me"), "value": MAY_NAME_YES}]},
                optional=True,
                hint="Leave this unticked to stay anonymous (the default).",
            ),
        ],
        callback_id=CallbackId.LEAD_REFERRAL,
        submit="Refer",
        close="Cancel",
    )


LEAD_TITLE = "Refer a colleague"


def referral_opening_modal() -> dict:
    """Shown at once while the bot checks who is asking (a trigger id lives three seconds)."""
    return notice_modal(LEAD_TITLE, "One moment…")


def referral_working_modal() -> dict:
    return notice_modal(LEAD_TITLE, "Thank you. One moment…")


def referral_received_modal(colleague_id: str, joined_open_case: bool) -> dict:
    if joined_open_case:
        text = (
            f"Thank you. <@{colleague_id}> is already being looked after by the peer support program, "
            "so there's nothing more you need to do."
        )
    else:
        text = (
            f"Thank you for looking out for <@{colleague_id}>. A trained peer supporter will reach out to them "
            "personally. We'll send you one message once they've been in touch. You can close this window."
        )
    return notice_modal(LEAD_TITLE, text)


def not_a_lead_text(coordinator_ids: list[str]) -> str:
    ask = (
        "please tell a program coordinator (" + ", ".join(f"<@{c}>" for c in coordinator_ids) + ")"
        if coordinator_ids else "please tell a program coordinator"
    )
    return (
        "Thank you for looking out for a colleague. Referring someone is for program leads and division "
        f"chiefs; if you're worried about someone, {ask}, privately, and they'll take it from there. "
        f"If you'd like a conversation yourself, type `{Command.PEER_SUPPORT}`: it's private."
    )


def too_many_referrals_text() -> str:
    return ("You've sent several requests in the last hour, so we've paused new ones for now. "
            "Your earlier requests are safe with us, and the program coordinators know. "
            "If you need help right now, call or text 988, or your Employee Assistance Program.")

"""Modals and the App Home. Typed text is shown here, never in a DM."""
from __future__ import annotations

from bot.blocks import (
    bullet_list,
    context,
    divider,
    header,
    input_block,
    modal,
    options,
    plain,
    section,
)
from bot.ids import BlockId, CallbackId, Command, InputActionId
from bot.offers import OfferDetails
from bot.referrals import NOTE_MAX_LENGTH
from bot.vocabulary import CONTACT_PREFERENCES, DECLINE_REASONS, EVENT_TYPES, URGENCIES

NOTE_HINT = "Please don't include patient names, record numbers, dates or other identifiers."


def self_referral_modal() -> dict:
    urgency = options(URGENCIES)
    contact = options(CONTACT_PREFERENCES)
    return modal(
        "Peer support",
        [
            section(
                "Talking with a colleague who has been there can help after a hard case. "
                "This is private: only the peer supporter who takes your request will see it."
            ),
            input_block(
                BlockId.URGENCY,
                "How soon would you like to talk?",
                {"type": "radio_buttons", "action_id": InputActionId.URGENCY, "options": urgency,
                 "initial_option": urgency[1]},
            ),
            input_block(
                BlockId.CONTACT,
                "How would you like to be contacted?",
                {"type": "radio_buttons", "action_id": InputActionId.CONTACT, "options": contact,
                 "initial_option": contact[0]},
            ),
            input_block(
                BlockId.EVENT_TYPE,
                "What happened?",
                {"type": "static_select", "action_id": InputActionId.EVENT_TYPE,
                 "placeholder": plain("Choose one, if you like"), "options": options(EVENT_TYPES)},
                optional=True,
            ),
            input_block(
                BlockId.AVOID,
                "Anyone you'd rather not be matched with?",
                {"type": "multi_users_select", "action_id": InputActionId.AVOID,
                 "placeholder": plain("Optional"), "max_selected_items": 10},
                optional=True,
                hint="They will not be told.",
            ),
            input_block(
                BlockId.NOTE,
                "Anything the supporter should know?",
                {"type": "plain_text_input", "action_id": InputActionId.NOTE, "multiline": True,
                 "max_length": NOTE_MAX_LENGTH},
                optional=True,
                hint=NOTE_HINT,
            ),
        ],
        callback_id=CallbackId.SELF_REFERRAL,
        submit="Ask for support",
        close="Cancel",
    )


def decline_modal(offer_id: int) -> dict:
    return modal(
        "Pass this on",
        [
            section("Thank you for saying so. We'll offer the request to another supporter."),
            input_block(
                BlockId.DECLINE_REASON,
                "Why can't you take it?",
                {"type": "radio_buttons", "action_id": InputActionId.DECLINE_REASON,
                 "options": options(DECLINE_REASONS)},
            ),
        ],
        callback_id=CallbackId.DECLINE_REASON,
        submit="Pass it on",
        close="Keep it",
        private_metadata=str(offer_id),
    )


def details_modal(details: OfferDetails) -> dict:
    event = EVENT_TYPES.get(details.event_type or "", "Not said")
    note = details.note or "_No note._"
    return modal(
        "Request details",
        [
            section(f"*What happened:* {event}"),
            section(f"*Their note:*\n{note}"),
            context(f"Case {details.case_id} · Shown here only, not kept in your messages."),
        ],
    )


def notice_modal(title: str, text: str) -> dict:
    return modal(title, [section(text)])


def help_text() -> str:
    return (
        "*Peer support* is a confidential conversation with a trained colleague after a hard event: "
        "an unexpected complication, a patient death, a lawsuit. It is not counselling.\n"
        f"• `{Command.PEER_SUPPORT}` opens a private form to ask for a conversation.\n"
        f"• `{Command.PEER_SUPPORT} help` shows this message.\n"
        "A peer supporter from outside your division will reach out, usually within a day. "
        "Nothing is posted in any channel."
    )


def home_view(resources: tuple[str, ...]) -> dict:
    return {
        "type": "home",
        "blocks": [
            header("Peer support"),
            section(
                "After a hard case, a conversation with a colleague who has been there helps. "
                f"Type `{Command.PEER_SUPPORT}` in any message box to ask for one, privately. "
                "A trained peer supporter from outside your division will reach out."
            ),
            divider(),
            section("*If you need more than a conversation:*\n" + bullet_list(resources)),
        ],
    }

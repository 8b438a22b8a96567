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
from bot.ids import ActionId, BlockId, CallbackId, Command, InputActionId
from bot.messages import who_asked
from bot.offers import OfferDetails
from bot.visibility import CaseView, Relation
from bot.referrals import NOTE_MAX_LENGTH
from bot.vocabulary import CONTACT_PREFERENCES, DECLINE_REASONS, EVENT_TYPES, OUTCOMES, URGENCIES

NOTE_HINT = "Please don't include patient names, record numbers, dates or other identifiers."


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
            section(who_asked(details.source, details.clinician_id, details.referrer_id)),
            section(f"*What happened:* {event}"),
            section(f"*Their note:*\n{note}"),
            context(f"Case {details.case_id} · Shown here only, not kept in your messages."),
        ],
    )


MAY_NAME_YES = "yes"


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


def referral_working_modal() -> dict:
    return notice_modal("Refer a colleague", "Thank you. One moment…")


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
    return notice_modal("Refer a colleague", text)


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


def close_case_modal(case_id: int) -> dict:
    return modal(
        "Close the case",
        [
            section("Thank you for supporting a colleague. How did it end? "
                    "Closing deletes any note they shared."),
            input_block(
                BlockId.OUTCOME,
                "Outcome",
                {"type": "radio_buttons", "action_id": InputActionId.OUTCOME, "options": options(OUTCOMES)},
            ),
        ],
        callback_id=CallbackId.CLOSE_OUTCOME,
        submit="Close case",
        close="Keep it open",
        private_metadata=str(case_id),
    )


def notice_modal(title: str, text: str) -> dict:
    return modal(title, [section(text)])


def help_text() -> str:
    return (
        "*Peer support* is a confidential conversation with a trained colleague after a hard event: "
        "an unexpected complication, a patient death, a lawsuit. It is not counselling.\n"
        f"• `{Command.PEER_SUPPORT}` opens a private form to ask for a conversation.\n"
        f"• `{Command.PEER_SUPPORT} refer @colleague` (program leads) refers a colleague privately.\n"
        f"• `{Command.PEER_SUPPORT} help` shows this message.\n"
        "A peer supporter from outside your division will reach out, usually within a day. "
        "Nothing is posted in any channel."
    )


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"


def _home_case_lines(views: list[CaseView]) -> list[dict]:
    blocks: list[dict] = []
    own = [v for v in views if v.relation == Relation.CLINICIAN]
    if own:
        blocks += [divider(), section("*Your request*\n" + bullet_list(v.status for v in own))]
    supporting = [v for v in views if v.relation == Relation.SUPPORTER]
    if supporting:
        blocks += [divider(), section("*Colleagues you're supporting or were offered*")]
        for v in supporting:
            blocks.append({
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"<@{v.clinician_id}> · {v.state} · case {v.case_id}"},
                "accessory": {"type": "button", "text": plain("Details"), "action_id": ActionId.OFFER_DETAILS,
                              "value": str(v.offer_id)},
            })
    referred = [v for v in views if v.relation == Relation.LEAD]
    if referred:
        blocks += [divider(), section("*Colleagues you referred*\n"
                                      + bullet_list(f"<@{v.clinician_id}>: {v.status}" for v in referred))]
    coordinating = [v for v in views if v.relation == Relation.COORDINATOR]
    if coordinating:
        blocks += [divider(), section(f"*Open cases ({len(coordinating)})*")]
        for v in coordinating[:40]:
            supporter = f"<@{v.supporter_id}>" if v.supporter_id else "nobody yet"
            blocks.append(section(
                f"*Case {v.case_id}* · {v.state} · {URGENCIES.get(v.urgency or '', '-')} · "
                f"opened {_when(v.created_at)} · supporter {supporter}\n"
                f"_Matching:_ {v.match_reason or '-'}"
            ))
    return blocks


def home_view(resources: tuple[str, ...], views: list[CaseView] | None = None) -> dict:
    return {
        "type": "home",
        "blocks": [
            header("Peer support"),
            section(
                "After a hard case, a conversation with a colleague who has been there helps. "
                f"Type `{Command.PEER_SUPPORT}` in any message box to ask for one, privately. "
                "A trained peer supporter from outside your division will reach out."
            ),
            *_home_case_lines(views or []),
            divider(),
            section("*If you need more than a conversation:*\n" + bullet_list(resources)),
        ],
    }

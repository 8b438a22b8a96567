"""Offers: the Decline reason, and Details (the only place a note is shown, escaped)."""
from __future__ import annotations

from bot.cases.notes import NoteAuthor
from bot.cases.vocabulary import DECLINE_REASONS, EVENT_TYPES
from bot.offers.summaries import OfferDetails
from bot.slack.blocks import context, escape, input_block, modal, options, section
from bot.slack.ids import BlockId, CallbackId, InputActionId
from bot.slack.messages.common import who_asked


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


NOTE_HEADINGS = {
    NoteAuthor.CLINICIAN: "*Their note:*",
    NoteAuthor.REFERRER: "*A note from the colleague who asked us:*",
}


def _note_sections(details: OfferDetails) -> list[dict]:
    if details.note_unavailable:
        return [section("*Their note:*\n_Note unavailable: it could not be opened. A program coordinator can "
                        "look into it._")]
    if not details.notes:
        return [section("*Their note:*\n_No note._")]
    # Each note is a section of its own (a section holds at most 3,000 characters; a note 500).
    return [section(f"{NOTE_HEADINGS[note.author]}\n{escape(note.text)}") for note in details.notes]


def details_modal(details: OfferDetails) -> dict:
    event = EVENT_TYPES.get(details.event_type or "", "Not said")
    return modal(
        "Request details",
        [
            section(who_asked(details.source, details.clinician_id, details.referrer_id)),
            section(f"*What happened:* {event}"),
            *_note_sections(details),
            context(f"Case {details.case_id} · Shown here only, not kept in your messages."),
        ],
    )

"""To a supporter about their availability: paused, and welcome back."""
from __future__ import annotations

from bot.slack.blocks import actions, button, section
from bot.slack.ids import ActionId, BlockId
from bot.slack.messages.common import Message


def supporter_paused_message() -> Message:
    return Message(
        text="We've paused new requests to you for now.",
        blocks=[
            section("We noticed the last three requests went unanswered, so we've *paused new requests to you* "
                    "for now; it happens to everyone in a busy stretch. When you're ready, tap *Resume*."),
            actions(BlockId.SUPPORTER_ACTIONS, button("Resume", ActionId.SUPPORTER_RESUME, "resume", style="primary")),
        ],
    )


def supporter_resumed_message() -> Message:
    return Message(text="Welcome back: you'll receive new requests again.",
                   blocks=[section(":wave: *Welcome back.* You'll receive new requests again.")])


def back_from_away_message() -> Message:
    return Message(text="Welcome back: you'll receive new requests again.",
                   blocks=[section(":wave: *Welcome back.* Your time away has ended, so you'll receive new requests "
                                   "again. If you need longer, set a new date on the bot's Home tab.")])

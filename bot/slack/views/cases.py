"""Closing a case with an outcome."""
from __future__ import annotations

from bot.cases.vocabulary import OUTCOMES
from bot.slack.blocks import input_block, modal, options, section
from bot.slack.ids import BlockId, CallbackId, InputActionId


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

"""Closing a case with an outcome."""
from __future__ import annotations

from bot.cases.vocabulary import OUTCOMES
from bot.slack.blocks import bullet_list, input_block, modal, options, section
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


def safety_modal(resources: tuple[str, ...]) -> dict:
    """Shown to a supporter the moment they raise a safety concern."""
    return modal(
        "Thank you for saying so",
        [
            section("*The program coordinators have been told, and will contact you now.* "
                    "You don't have to handle this alone."),
            section("*If someone is in immediate danger, call 911.*\nFor a crisis, call or text *988* "
                    "(Suicide & Crisis Lifeline), at any hour.\n" + bullet_list(resources)),
        ],
    )

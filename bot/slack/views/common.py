"""Views every feature uses: a modal that only says something, and the command's help."""
from __future__ import annotations

from bot.slack.blocks import modal, section
from bot.slack.ids import Command


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

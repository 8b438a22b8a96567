"""To a clinician who asked for themselves: thank you and what happens next; a supporter was found."""
from __future__ import annotations

from bot.cases.vocabulary import URGENT
from bot.slack.blocks import bullet_list, section
from bot.slack.messages.common import Message, contact_words


def clinician_welcome_message(urgency: str, contact_preference: str | None, resources: tuple[str, ...]) -> Message:
    when = "today" if urgency == URGENT else "in the next few days"
    return Message(
        text="Thank you for reaching out. A trained peer supporter will contact you.",
        blocks=[
            section(
                "*Thank you for reaching out.* Your request is private.\n"
                f"A trained peer supporter, a colleague from outside your division, will contact you {when} "
                f"by {contact_words(contact_preference)}. You don't need to do anything else."
            ),
            section(
                "Peer support is a conversation between colleagues, not counselling. "
                "If you would like more support at any point:\n" + bullet_list(resources)
            ),
        ],
    )


def clinician_supporter_found_message(contact_preference: str | None) -> Message:
    return Message(
        text="A peer supporter will reach out to you soon.",
        blocks=[
            section(
                f"A peer supporter has been found and will reach out to you soon by {contact_words(contact_preference)}. "
                "If you'd rather not talk after all, that's fine: just tell them when they get in touch."
            )
        ],
    )


def request_joined_message(resources: tuple[str, ...]) -> Message:
    return Message(
        text="Thank you. We added this to the request you already have open.",
        blocks=[
            section(
                "*Thank you. We added this to the request you already have open.* "
                "The peer supporter for it will see what you added. You don't need to do anything else."
            ),
            section("If you would like more support at any point:\n" + bullet_list(resources)),
        ],
    )

"""The words of every DM the bot sends. Short, warm, and saying what happens next.

DMs never carry typed text or the event type: workspace owners can export DMs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.blocks import actions, bullet_list, button, context, header, section, slack_date
from bot.ids import ActionId, BlockId
from bot.offers import OfferSummary
from bot.vocabulary import CONTACT_PREFERENCES, URGENCIES, URGENT


@dataclass(frozen=True)
class Message:
    text: str
    blocks: list[dict] = field(default_factory=list)


def _contact(preference: str | None) -> str:
    return CONTACT_PREFERENCES.get(preference or "", "No preference given").lower()


def who_asked(source: str, clinician_id: str, referrer_id: str | None) -> str:
    """Who the request is about and where it came from; the referrer only if they allowed it."""
    if source == "self":
        return f"<@{clinician_id}> asked for a peer conversation."
    if referrer_id:
        return (
            f"A colleague, <@{referrer_id}>, asked us to check on <@{clinician_id}>. "
            "They're happy for you to say so."
        )
    return (
        f"A colleague asked us to check on <@{clinician_id}>. "
        "They asked not to be named: please don't say who raised it."
    )


def _who(offer: OfferSummary) -> str:
    return who_asked(offer.source, offer.clinician_id, offer.referrer_id)


def _not_yet_told(offer: OfferSummary) -> str:
    """For referrals: the clinician has heard nothing from us; the supporter reaches out personally."""
    if offer.source == "self":
        return ""
    return (
        f"\n<@{offer.clinician_id}> hasn't heard from us and won't: please reach out personally, "
        "and let them decide whether they'd like to talk."
    )


def _offer_facts(offer: OfferSummary) -> str:
    facts = f"*How soon:* {URGENCIES.get(offer.urgency, offer.urgency)}"
    if offer.contact_preference:
        facts += f"\n*Best way to reach them:* {_contact(offer.contact_preference)}"
    return facts


def _answer_buttons(offer: OfferSummary) -> dict:
    value = str(offer.offer_id)
    return actions(
        BlockId.OFFER_ACTIONS,
        button("Accept", ActionId.OFFER_ACCEPT, value, style="primary"),
        button("Decline", ActionId.OFFER_DECLINE, value),
        button("Details", ActionId.OFFER_DETAILS, value),
    )


def offer_message(offer: OfferSummary) -> Message:
    urgent = " (today)" if offer.urgency == URGENT else ""
    return Message(
        text=f"A colleague could use a peer conversation{urgent}. Please accept or decline.",
        blocks=[
            header("A colleague could use a peer conversation"),
            section(_who(offer) + _not_yet_told(offer)),
            section(_offer_facts(offer)),
            section(
                f"Please accept or decline by {slack_date(offer.deadline_at)}. "
                "If you can't take it, decline and we'll offer it to another supporter. "
                "*Details* shows what they shared, in a private window."
            ),
            _answer_buttons(offer),
            context(f"Case {offer.case_id} · Please keep this between you and your colleague."),
        ],
    )


def offer_reminder_message(offer: OfferSummary) -> Message:
    return Message(
        text="A reminder: a colleague's request for a peer conversation is waiting for your answer.",
        blocks=[
            section(
                f"A gentle reminder: this request is still waiting for your answer. {_who(offer)}\n"
                f"If there is no answer by {slack_date(offer.deadline_at)}, we'll offer it to another supporter."
            ),
            _answer_buttons(offer),
            context(f"Case {offer.case_id}"),
        ],
    )


def accepted_message(offer: OfferSummary, resources: tuple[str, ...]) -> Message:
    reach = "today if you can" if offer.urgency == URGENT else "in the next day or two"
    return Message(
        text=f"Thank you for accepting. Please reach out to the colleague personally, {reach}.",
        blocks=[
            section(f":white_check_mark: *You accepted. Thank you.*\n{_who(offer)}{_not_yet_told(offer)}"),
            section(
                f"*Next step:* reach out to <@{offer.clinician_id}> personally, {reach}. "
                + (f"They would like {_contact(offer.contact_preference)}. " if offer.contact_preference else "")
                + "\n"
                "Listen and share your own experience; you are a peer, not a counsellor. "
                "If they need more, point them to:"
            ),
            section(bullet_list(resources)),
            context(f"Case {offer.case_id} · We'll check in with you about how it went."),
        ],
    )


def declined_message(offer: OfferSummary) -> Message:
    return Message(
        text="You passed this request on. Thank you for letting us know.",
        blocks=[
            section(
                ":leftwards_arrow_with_hook: *You passed this on. Thank you for letting us know.* "
                "We're offering it to another supporter; nothing more is needed from you."
            ),
            context(f"Case {offer.case_id}"),
        ],
    )


def passed_on_message(offer: OfferSummary) -> Message:
    return Message(
        text="This request has passed on to another supporter.",
        blocks=[
            section(
                ":hourglass: *This request has passed on to another supporter*, as it wasn't answered in time. "
                "Nothing more is needed from you."
            ),
            context(f"Case {offer.case_id}"),
        ],
    )


def clinician_welcome_message(urgency: str, contact_preference: str | None, resources: tuple[str, ...]) -> Message:
    when = "today" if urgency == URGENT else "in the next few days"
    return Message(
        text="Thank you for reaching out. A trained peer supporter will contact you.",
        blocks=[
            section(
                "*Thank you for reaching out.* Your request is private.\n"
                f"A trained peer supporter, a colleague from outside your division, will contact you {when} "
                f"by {_contact(contact_preference)}. You don't need to do anything else."
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
                f"A peer supporter has been found and will reach out to you soon by {_contact(contact_preference)}. "
                "If you'd rather not talk after all, that's fine: just tell them when they get in touch."
            )
        ],
    )


def coordinator_unplaced_message(case_id: int, urgency: str) -> Message:
    return Message(
        text=f"Case {case_id} needs someone to place it: no supporter is free and eligible.",
        blocks=[
            section(
                f":raising_hand: *Case {case_id} needs someone to place it.* "
                "Every eligible supporter has passed on it, is at capacity, paused or in the clinician's division.\n"
                f"*How soon:* {URGENCIES.get(urgency, urgency)}\n"
                "Please find a supporter directly, or update the roster (`peer-support roster import`)."
            )
        ],
    )


def no_longer_open_text() -> str:
    return (
        "This request is no longer open: it has already been answered or has passed on to another "
        "supporter. Nothing more is needed from you."
    )


def something_went_wrong_text(reference: str) -> str:
    return (
        f"Sorry, something went wrong on our side (reference {reference}). Nothing you shared was lost or "
        "posted anywhere. Please try again in a minute; if it keeps happening, let a program coordinator know."
    )

"""Offers, to the supporter: the offer, its reminder, and what Accept / Decline / no answer leave behind."""
from __future__ import annotations

from bot.cases.vocabulary import URGENCIES, URGENT, Source
from bot.offers.summaries import OfferSummary
from bot.slack.blocks import actions, bullet_list, button, context, header, section, slack_date
from bot.slack.ids import ActionId, BlockId
from bot.slack.messages.common import Message, contact_words, safety_button, who_asked


def _who(offer: OfferSummary) -> str:
    return who_asked(offer.source, offer.clinician_id, offer.referrer_id)


def _not_yet_told(offer: OfferSummary) -> str:
    """For referrals: the clinician has heard nothing from us; the supporter reaches out personally."""
    if offer.source == Source.SELF:
        return ""
    return (
        f"\nWe haven't contacted <@{offer.clinician_id}>, so they won't be expecting you: please reach out "
        "personally, and let them decide whether they'd like to talk."
    )


def _offer_facts(offer: OfferSummary) -> str:
    facts = f"*How soon:* {URGENCIES.get(offer.urgency, offer.urgency)}"
    if offer.contact_preference:
        facts += f"\n*Best way to reach them:* {contact_words(offer.contact_preference)}"
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
            safety_button(offer.case_id),
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
            safety_button(offer.case_id),
            context(f"Case {offer.case_id}"),
        ],
    )


def accepted_message(offer: OfferSummary, resources: tuple[str, ...]) -> Message:
    reach = "today if you can" if offer.urgency == URGENT else "in the next day or two"
    return Message(
        text=f"Thank you for accepting. Please reach out to the colleague personally, {reach}.",
        blocks=[
            section(f":white_check_mark: *You accepted. Thank you.*\n{_who(offer)}"),
            section(
                f"*Next step:* reach out to <@{offer.clinician_id}> personally, {reach}. "
                + (f"They would like {contact_words(offer.contact_preference)}. " if offer.contact_preference else "")
                + _not_yet_told(offer).strip()
                + "\n"
                "Listen and share your own experience; you are a peer, not a counsellor. "
                "If they need more, point them to:"
            ),
            section(bullet_list(resources)),
            holder_buttons(offer.case_id, offer.offer_id),
            safety_button(offer.case_id),
            context(f"Case {offer.case_id} · Tap *We've connected* once you've been in touch; "
                    "we'll remind you to check back later."),
        ],
    )


def holder_buttons(case_id: int, offer_id: int | None = None) -> dict:
    """What the supporter holding a case can do from the accept message."""
    value = str(case_id)
    elements = [button("We've connected", ActionId.CASE_CONTACTED, value, style="primary")]
    if offer_id is not None:
        elements.append(button("Details", ActionId.OFFER_DETAILS, str(offer_id)))
    elements.append(button("Close case", ActionId.CASE_CLOSE, value))
    return actions(BlockId.CASE_ACTIONS, *elements)


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


def withdrawn_message(offer: OfferSummary) -> Message:
    return Message(
        text="A program coordinator has placed this request with someone else.",
        blocks=[
            section(
                ":information_source: *A program coordinator has taken care of this request*, so it's no "
                "longer waiting for you. Thank you; nothing more is needed from you."
            ),
            context(f"Case {offer.case_id}"),
        ],
    )


def case_news_message(case_id: int, clinician_id: str, offer_id: int, urgent: bool) -> Message:
    """To the supporter holding or offered a case: news, with what was added only in Details."""
    today = " They'd now like to talk *today*." if urgent else ""
    return Message(
        text=f"There's news about a colleague you're supporting (case {case_id}).",
        blocks=[
            section(f"*There's news about <@{clinician_id}>.* They, or a colleague, asked us again.{today} "
                    "*Details* shows what was added, in a private window."),
            actions(BlockId.OFFER_ACTIONS, button("Details", ActionId.OFFER_DETAILS, str(offer_id))),
            context(f"Case {case_id}"),
        ],
    )

"""The words of every DM the bot sends. Short, warm, and saying what happens next.

DMs never carry typed text or the event type: workspace owners can export DMs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

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
        f"\nWe haven't contacted <@{offer.clinician_id}>, so they won't be expecting you: please reach out "
        "personally, and let them decide whether they'd like to talk."
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
            section(f":white_check_mark: *You accepted. Thank you.*\n{_who(offer)}"),
            section(
                f"*Next step:* reach out to <@{offer.clinician_id}> personally, {reach}. "
                + (f"They would like {_contact(offer.contact_preference)}. " if offer.contact_preference else "")
                + _not_yet_told(offer).strip()
                + "\n"
                "Listen and share your own experience; you are a peer, not a counsellor. "
                "If they need more, point them to:"
            ),
            section(bullet_list(resources)),
            holder_buttons(offer.case_id, offer.offer_id),
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


# ---- after Accept: to the supporter holding the case ------------------------------------------


def contact_nudge_message(case_id: int, clinician_id: str) -> Message:
    value = str(case_id)
    return Message(
        text=f"Have you been able to connect with your colleague? (case {case_id})",
        blocks=[
            section(f"*Have you been able to connect with <@{clinician_id}>?*\n"
                    "Let us know either way, so we can help if it's been hard to reach them."),
            actions(
                BlockId.CASE_ACTIONS,
                button("We've connected", ActionId.CASE_CONTACTED, value, style="primary"),
                button("Couldn't reach them", ActionId.CASE_NOT_REACHED, value),
                button("Hand off", ActionId.CASE_HAND_OFF, value),
            ),
            context(f"Case {case_id} · Hand off passes it to another supporter; your colleague won't be told."),
        ],
    )


def check_in_message(case_id: int, clinician_id: str, last: bool) -> Message:
    value = str(case_id)
    closing = (" This is the last reminder: we'll close the case after this one; tap a button if you'd "
               "like to record how it went.") if last else ""
    return Message(
        text=f"Time for a check-in with your colleague (case {case_id}).",
        blocks=[
            section(f"*Time for a check-in.* A short message to <@{clinician_id}> to see how they're doing "
                    f"goes a long way.{closing}"),
            actions(
                BlockId.CASE_ACTIONS,
                button("Checked in", ActionId.CASE_CHECKED_IN, value, style="primary"),
                button("Close case", ActionId.CASE_CLOSE, value),
            ),
            context(f"Case {case_id}"),
        ],
    )


def describe_duration(duration: timedelta) -> str:
    """7 days, 12 hours, 30 minutes: the largest whole unit that fits."""
    seconds = int(duration.total_seconds())
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if seconds >= size and seconds % size == 0 or size == 1:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "a moment"


def _case_update(case_id: int, text: str, body: str, closable: bool = False) -> Message:
    """What a supporter's button turns its message into: what happened, what happens next."""
    blocks = [section(body)]
    if closable:
        blocks.append(actions(BlockId.CASE_ACTIONS, button("Close case", ActionId.CASE_CLOSE, str(case_id))))
    blocks.append(context(f"Case {case_id}"))
    return Message(text=text, blocks=blocks)


def contact_recorded_message(case_id: int, check_ins: tuple[timedelta, ...]) -> Message:
    when = " and ".join(describe_duration(d) for d in check_ins) or "a while"
    return _case_update(case_id, "Thank you: contact recorded.",
                        f":handshake: *Thank you: contact recorded.* We'll remind you to check back in {when} "
                        "from now.", closable=True)


def not_reached_message(case_id: int, ask_again_in: timedelta) -> Message:
    again = describe_duration(ask_again_in)
    return _case_update(case_id, f"Thanks for trying. We'll ask again in {again}.",
                        f"Thanks for trying. Not everyone answers the first time; we'll ask again in {again}. "
                        "If it keeps not working, *Hand off* passes it to another supporter.")


def handed_off_message(case_id: int) -> Message:
    return _case_update(case_id, "Handed off. Thank you: we're offering it to another supporter.",
                        ":leftwards_arrow_with_hook: *Handed off.* Thank you: we're offering it to another "
                        "supporter. Your colleague won't be told. Nothing more is needed from you.")


def checked_in_message(case_id: int) -> Message:
    return _case_update(case_id, "Check-in recorded. Thank you.",
                        ":white_check_mark: *Check-in recorded. Thank you.*", closable=True)


def closed_message(case_id: int) -> Message:
    return _case_update(case_id, "Case closed. Thank you for being there for a colleague.",
                        ":white_check_mark: *Case closed.* Thank you for being there for a colleague. "
                        "Any note they shared has been deleted.")


def case_not_yours_text() -> str:
    return ("This case is no longer with you (it was handed off or closed), so nothing was changed. "
            "Nothing more is needed from you.")


# ---- to referrers and coordinators -----------------------------------------------------------------


def referrer_contact_made_message(clinician_id: str) -> Message:
    return Message(
        text="A peer supporter has been in touch with your colleague.",
        blocks=[section(f"A peer supporter has been in touch with <@{clinician_id}>. "
                        "Thank you for looking out for them. Nothing more is needed from you.")],
    )


def describe_age(hours: float) -> str:
    """9 hours, 2.5 days: how long a case has waited, for coordinators."""
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{hours:.0f} hours"


def coordinator_escalation_message(case_id: int, state: str, age_hours: float, reason: str) -> Message:
    return Message(
        text=f"Case {case_id} needs a hand: {reason}.",
        blocks=[
            section(f":raising_hand: *Case {case_id} needs a hand:* {reason}.\n"
                    f"*State:* {state} · *Age:* {describe_age(age_hours)}\n"
                    "Open the App Home for the case list, and follow up with the supporters directly."),
        ],
    )


def coordinator_digest_message(lines: list[str]) -> Message:
    count = f"{len(lines)} case needs" if len(lines) == 1 else f"{len(lines)} cases need"
    return Message(
        text=f"Peer support digest: {count} attention.",
        blocks=[
            section(f"*Today's peer support digest: {count} attention.*"),
            section(bullet_list(lines)),
            context("Only case numbers, states and ages are shown here; the App Home has the list."),
        ],
    )


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


def coordinator_supporter_paused_message(supporter_id: str) -> Message:
    return Message(
        text="A supporter was paused after three unanswered requests.",
        blocks=[section(f"<@{supporter_id}> let three requests in a row pass unanswered, so they've been paused "
                        "and told how to resume. They won't be matched until then.")],
    )

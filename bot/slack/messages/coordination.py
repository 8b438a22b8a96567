"""To coordinators: a case to place, a case that needs a hand, the daily digest, a paused supporter.
Case numbers, states and ages only."""
from __future__ import annotations

from bot.cases.notices import Stall
from bot.cases.vocabulary import URGENCIES
from bot.slack.blocks import bullet_list, context, section
from bot.slack.messages.common import Message, describe_age


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


def coordinator_escalation_message(case_id: int, state: str, age_hours: float, reason: str) -> Message:
    return Message(
        text=f"Case {case_id} needs a hand: {reason}.",
        blocks=[
            section(f":raising_hand: *Case {case_id} needs a hand:* {reason}.\n"
                    f"*State:* {state} · *Age:* {describe_age(age_hours)}\n"
                    "Open the App Home for the case list, and follow up with the supporters directly."),
        ],
    )


STALL_WORDS = {
    Stall.NOBODY_LEFT: "to place",
    Stall.NOT_ACCEPTED: "not accepted in time",
    Stall.NO_CONTACT: "with no contact recorded",
}


def coordinator_digest_message(total: int, by_stall: list[tuple[Stall, int]], oldest: list[str]) -> Message:
    """At most a few lines however many cases have stalled (a section holds 3,000 characters)."""
    count = f"{total} case needs" if total == 1 else f"{total} cases need"
    kinds = ", ".join(f"{n} {STALL_WORDS[stall]}" for stall, n in by_stall)
    more = total - len(oldest)
    where = (f"The oldest {len(oldest)} are listed; {more} more " + ("is" if more == 1 else "are")
             + " on the App Home, where you can assign or close each one." if more > 0
             else "The App Home has each one, with Assign and Close.")
    return Message(
        text=f"Peer support digest: {count} attention.",
        blocks=[
            section(f"*Today's peer support digest: {count} attention* ({kinds})."),
            section(bullet_list(oldest)),
            context(f"{where} Only case numbers, states and ages are shown here."),
        ],
    )


def case_taken_back_message(case_id: int, closed: bool) -> Message:
    what = "closed this case" if closed else "passed this case to another supporter"
    return Message(
        text=f"A program coordinator {what}. Thank you; nothing more is needed from you.",
        blocks=[
            section(f":information_source: *A program coordinator {what}.* Thank you for being there for a "
                    "colleague; nothing more is needed from you, and you won't get more reminders about it."),
            context(f"Case {case_id}"),
        ],
    )


def coordinator_supporter_paused_message(supporter_id: str) -> Message:
    return Message(
        text="A supporter was paused after three unanswered requests.",
        blocks=[section(f"<@{supporter_id}> let three requests in a row pass unanswered, so they've been paused "
                        "and told how to resume. They won't be matched until then.")],
    )


def referral_limit_message(person_id: str, limit: int) -> Message:
    return Message(
        text="Someone reached the limit of requests an hour.",
        blocks=[section(f"<@{person_id}> opened {limit} requests for peer support within an hour, so we've "
                        "paused new ones from them for the rest of the hour and told them kindly. "
                        "You may want to check in with them.")],
    )


def safety_alert_message(case_id: int, supporter_id: str) -> Message:
    """The top-level text (a lock screen's preview) says only that it is urgent."""
    return Message(
        text=f"Urgent: a peer supporter is worried about a colleague's safety (case {case_id}).",
        blocks=[
            section(f":rotating_light: *Urgent: <@{supporter_id}> is worried about the safety of the colleague "
                    f"in case {case_id}.*\nPlease call or message <@{supporter_id}> now and follow the "
                    "program's safety plan. If someone is in immediate danger, call 911 or 988."),
            context("Sent at once, whatever the hour. Nothing else about the case is in this message."),
        ],
    )

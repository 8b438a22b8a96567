"""To coordinators: a case to place, a case that needs a hand, the daily digest, a paused supporter.
Case numbers, states and ages only."""
from __future__ import annotations

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

"""After Accept, to the supporter holding the case (contact, check-ins, hand-off, closing);
and to a referrer, once, that contact was made."""
from __future__ import annotations

from datetime import datetime, timedelta

from bot.slack.blocks import actions, button, context, section, slack_date
from bot.slack.ids import ActionId, BlockId
from bot.slack.messages.common import Message, describe_duration, safety_button


def _later_buttons(value: str) -> list[dict]:
    return [button("Remind me tomorrow", ActionId.CASE_REMIND_TOMORROW, value),
            button("Remind me in 3 days", ActionId.CASE_REMIND_IN_3_DAYS, value)]


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
                *_later_buttons(value),
            ),
            safety_button(case_id),
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
                # The last one closes the case once sent: there is nothing left to move.
                *([] if last else _later_buttons(value)),
            ),
            safety_button(case_id),
            context(f"Case {case_id}"),
        ],
    )


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


def reminder_moved_message(case_id: int, due_at: datetime) -> Message:
    return _case_update(case_id, "Okay: we'll remind you later.",
                        f":alarm_clock: *Okay.* We'll remind you again {slack_date(due_at)}. "
                        "Nothing else has changed.")


def case_not_yours_text() -> str:
    return ("This case is no longer with you (it was handed off or closed), so nothing was changed. "
            "Nothing more is needed from you.")


def referrer_contact_made_message(clinician_id: str) -> Message:
    return Message(
        text="A peer supporter has been in touch with your colleague.",
        blocks=[section(f"A peer supporter has been in touch with <@{clinician_id}>. "
                        "Thank you for looking out for them. Nothing more is needed from you.")],
    )

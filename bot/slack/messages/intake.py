"""To coordinators, from intake: the triage DM of a safety event, an event that joined a case, and
a burst's summary. Mentions, case numbers and counts only: no category, date or source ids."""
from __future__ import annotations

from bot.intake.notices import BurstSummary, EventAttached, TriageRequest, TriageRow
from bot.slack.blocks import actions, bullet_list, button, context, section
from bot.slack.ids import ActionId, BlockId
from bot.slack.messages.common import Message

FUNCTION_WORDS = {"primary": "primary", "team": "on the team", "witness": "a witness"}
DECISION_WORDS = {
    "offered": ":white_check_mark: Support offered: we're finding a supporter.",
    "not_needed": ":heavy_minus_sign: Not needed: closed, nobody was messaged.",
    "closed": ":heavy_minus_sign: Closed.",
}


def _row_blocks(row: TriageRow) -> list[dict]:
    who = f"<@{row.clinician_id}> ({FUNCTION_WORDS.get(row.function, row.function)}) · case {row.case_id}"
    if row.decision != "waiting":
        return [section(f"{who}\n{DECISION_WORDS[row.decision]}")]
    value = str(row.participant_id)
    return [
        section(who),
        actions(f"{BlockId.TRIAGE}.{row.participant_id}",
                button("Offer support", ActionId.TRIAGE_OFFER, value, style="primary"),
                button("Not needed", ActionId.TRIAGE_NOT_NEEDED, value)),
    ]


def triage_message(request: TriageRequest) -> Message:
    count = len(request.rows)
    people = "1 colleague" if count == 1 else f"{count} colleagues"
    how = "a serious safety event" if request.serious else "a safety event"
    blocks = [section(f":clipboard: *The hospital's safety reports named {people} in {how}* "
                      f"(event {request.event_id}). Should a peer supporter reach out to each?")]
    for row in request.rows:
        blocks.extend(_row_blocks(row))
    blocks.append(context("*Offer support* finds a supporter, who reaches out in person. *Not needed* closes it. "
                          "The bot never messages the colleague."))
    return Message(text=f"Safety event {request.event_id}: should peer support reach out to {people}?",
                   blocks=blocks[:50])


def event_attached_message(notice: EventAttached) -> Message:
    where = "their open case" if notice.case_open else "their case, which closed recently"
    return Message(
        text=f"Case {notice.case_id}: another safety event named this colleague.",
        blocks=[section(f":information_source: *Case {notice.case_id}:* the hospital's safety reports named this "
                        f"colleague in another event. We added it to {where}, so no new outreach was started. "
                        "You may want to let the supporter know, or look at the case on the App Home.")],
    )


def burst_summary_message(notice: BurstSummary) -> Message:
    lines = [f"{notice.created} colleague(s) got their own case: {notice.offered} offered to a supporter"]
    if notice.waiting_for_triage:
        lines.append(f"{notice.waiting_for_triage} wait for your *Offer support* or *Not needed* "
                     "(in each event's message)")
    if notice.unplaced:
        shown = ", ".join(str(case) for case in notice.unplaced_cases)
        lines.append(f"{notice.unplaced} have nobody free to take them and need placing on the App Home "
                     f"(cases {shown}{'…' if notice.unplaced > len(notice.unplaced_cases) else ''})")
    if notice.attached:
        lines.append(f"{notice.attached} already had a case, so the event was added to it")
    return Message(
        text=f"A busy time: {notice.events} safety events in {notice.minutes} minutes.",
        blocks=[
            section(f":busts_in_silhouette: *A busy time: {notice.events} safety events came in over "
                    f"{notice.minutes} minutes.* Here is one summary instead of a message for each."),
            section(bullet_list(lines)),
            context("Offers went out by the normal rules, and nobody was given more than their limit."),
        ],
    )


def only_coordinators_text() -> str:
    return "Only the program's coordinators can decide this. Nothing was changed."


def triage_already_decided_text() -> str:
    return "This one was already decided, so nothing was changed. The message now shows where it stands."

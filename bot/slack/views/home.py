"""The App Home: what each person's relation to each case lets them see (bot/cases/visibility.py),
a supporter's availability and their offers and cases with the same buttons as the DMs, and the
coordinators' console (bot/slack/views/console.py). Never more than 100 blocks, Slack's limit: the
console pages its lists, and a person's own lists are cut short (the DMs have every one)."""
from __future__ import annotations

from bot.cases.visibility import CaseView, Relation
from bot.cases.vocabulary import CaseState
from bot.coordination.home import Home
from bot.roster.availability import Availability, SupporterStatus
from bot.slack.blocks import actions, bullet_list, button, context, divider, header, plain, section, slack_date
from bot.slack.ids import ActionId, BlockId, Command
from bot.slack.views.console import console_blocks

# A supporter's offers and cases shown on the Home (two blocks each); the rest are in their DMs.
MAX_OWN_CASES = 8
# Lines in the lists of the clinician's own requests and a lead's referrals.
MAX_LINES = 20

STATE_WORDS = {
    CaseState.OFFERED: "waiting for your answer",
    CaseState.ACCEPTED: "accepted, not in touch yet",
    CaseState.CONTACTED: "in touch",
}


def _datepicker(placeholder: str) -> dict:
    return {"type": "datepicker", "action_id": ActionId.SUPPORTER_AWAY_UNTIL, "placeholder": plain(placeholder)}


def availability_blocks(availability: Availability) -> list[dict]:
    if availability.status == SupporterStatus.PAUSED:
        text = ("*Your availability:* paused, as the last three requests went unanswered. "
                "Tap *Resume* when you're ready for new requests.")
        controls = [button("Resume", ActionId.SUPPORTER_RESUME, "resume", style="primary")]
    elif availability.status == SupporterStatus.AWAY:
        text = (f"*Your availability:* away until {slack_date(availability.back_at)}. You won't get new "
                "requests until then; we'll send you a message when you're back.")
        controls = [button("I'm back now", ActionId.SUPPORTER_BACK, "back", style="primary"),
                    _datepicker("Change the date")]
    else:
        text = ("*Your availability:* available for new requests. Going away? Choose the day you'll be "
                "back, and we won't send you requests until then.")
        controls = [_datepicker("Away until…")]
    return [divider(), section(text), actions(BlockId.HOME_AVAILABILITY, *controls)]


def _offer_buttons(v: CaseView) -> list[dict]:
    value = str(v.offer_id)
    return [button("Accept", ActionId.OFFER_ACCEPT, value, style="primary"),
            button("Decline", ActionId.OFFER_DECLINE, value),
            button("Details", ActionId.OFFER_DETAILS, value)]


def _held_buttons(v: CaseView) -> list[dict]:
    value = str(v.case_id)
    if v.state == CaseState.ACCEPTED:
        first = [button("We've connected", ActionId.CASE_CONTACTED, value, style="primary"),
                 button("Couldn't reach them", ActionId.CASE_NOT_REACHED, value)]
    else:
        first = [button("Checked in", ActionId.CASE_CHECKED_IN, value, style="primary")]
    return [*first, button("Hand off", ActionId.CASE_HAND_OFF, value),
            button("Details", ActionId.OFFER_DETAILS, str(v.offer_id)),
            button("Close case", ActionId.CASE_CLOSE, value)]


def supporting_blocks(views: list[CaseView]) -> list[dict]:
    if not views:
        return []
    blocks = [divider(), section("*Colleagues you're supporting or were offered*")]
    for v in views[:MAX_OWN_CASES]:
        offered = v.state == CaseState.OFFERED
        block_id = f"{BlockId.HOME_OFFER if offered else BlockId.HOME_CASE}.{v.case_id}"
        blocks += [section(f"<@{v.clinician_id}> · {STATE_WORDS.get(CaseState(v.state), v.state)} · case {v.case_id}"),
                   actions(block_id, *(_offer_buttons(v) if offered else _held_buttons(v)))]
    if len(views) > MAX_OWN_CASES:
        blocks.append(context(f"{len(views) - MAX_OWN_CASES} more are in your messages from this app."))
    return blocks


def _listing(title: str, lines: list[str]) -> list[dict]:
    shown = lines[:MAX_LINES]
    more = f"\n…and {len(lines) - len(shown)} more." if len(lines) > len(shown) else ""
    return [divider(), section(f"*{title}*\n" + bullet_list(shown) + more)]


def _personal_blocks(home: Home) -> list[dict]:
    views = list(home.views)
    blocks: list[dict] = []
    own = [v.status for v in views if v.relation == Relation.CLINICIAN]
    if own:
        blocks += _listing("Your request", own)
    if home.availability is not None:
        blocks += availability_blocks(home.availability)
    blocks += supporting_blocks([v for v in views if v.relation == Relation.SUPPORTER])
    referred = [f"<@{v.clinician_id}>: {v.status}" for v in views if v.relation == Relation.LEAD]
    if referred:
        blocks += _listing("Colleagues you referred", referred)
    return blocks


def home_view(home: Home, note: str | None = None) -> dict:
    """`note`: a word about what the person just did (shown at the top), e.g. a date that won't do."""
    blocks = [
        header("Peer support"),
        section(
            "After a hard case, a conversation with a colleague who has been there helps. "
            f"Type `{Command.PEER_SUPPORT}` in any message box to ask for one, privately. "
            "A trained peer supporter from outside your division will reach out."
        ),
    ]
    if note:
        blocks.append(section(f":information_source: {note}"))
    blocks += _personal_blocks(home)
    if home.console is not None:
        blocks += console_blocks(home.console)
    blocks += [divider(), section("*If you need more than a conversation:*\n" + bullet_list(home.resources))]
    return {"type": "home", "blocks": blocks}

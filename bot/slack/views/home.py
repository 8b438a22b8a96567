"""The App Home: what each person's relation to each case lets them see (bot/cases/visibility.py)."""
from __future__ import annotations

from bot.cases.visibility import CaseView, Relation
from bot.cases.vocabulary import URGENCIES
from bot.slack.blocks import bullet_list, divider, header, plain, section
from bot.slack.ids import ActionId, Command


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"


def _home_case_lines(views: list[CaseView]) -> list[dict]:
    blocks: list[dict] = []
    own = [v for v in views if v.relation == Relation.CLINICIAN]
    if own:
        blocks += [divider(), section("*Your request*\n" + bullet_list(v.status for v in own))]
    supporting = [v for v in views if v.relation == Relation.SUPPORTER]
    if supporting:
        blocks += [divider(), section("*Colleagues you're supporting or were offered*")]
        for v in supporting:
            blocks.append({
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"<@{v.clinician_id}> · {v.state} · case {v.case_id}"},
                "accessory": {"type": "button", "text": plain("Details"), "action_id": ActionId.OFFER_DETAILS,
                              "value": str(v.offer_id)},
            })
    referred = [v for v in views if v.relation == Relation.LEAD]
    if referred:
        blocks += [divider(), section("*Colleagues you referred*\n"
                                      + bullet_list(f"<@{v.clinician_id}>: {v.status}" for v in referred))]
    coordinating = [v for v in views if v.relation == Relation.COORDINATOR]
    if coordinating:
        blocks += [divider(), section(f"*Open cases ({len(coordinating)})*")]
        for v in coordinating[:40]:
            supporter = f"<@{v.supporter_id}>" if v.supporter_id else "nobody yet"
            blocks.append(section(
                f"*Case {v.case_id}* · {v.state} · {URGENCIES.get(v.urgency or '', '-')} · "
                f"opened {_when(v.created_at)} · supporter {supporter}\n"
                f"_Matching:_ {v.match_reason or '-'}"
            ))
    return blocks


def home_view(resources: tuple[str, ...], views: list[CaseView] | None = None) -> dict:
    return {
        "type": "home",
        "blocks": [
            header("Peer support"),
            section(
                "After a hard case, a conversation with a colleague who has been there helps. "
                f"Type `{Command.PEER_SUPPORT}` in any message box to ask for one, privately. "
                "A trained peer supporter from outside your division will reach out."
            ),
            *_home_case_lines(views or []),
            divider(),
            section("*If you need more than a conversation:*\n" + bullet_list(resources)),
        ],
    }

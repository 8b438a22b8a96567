"""Steps the App Home and console tests share: opening the Home, reading what it shows, pressing
its buttons, and cases made in bulk for the tests at volume."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from bot.cases.lifecycle import new_case
from bot.cases.vocabulary import CaseState
from models.tables import AuditEvent

MAX_HOME_BLOCKS = 100  # Slack's limit for a Home tab
MAX_MESSAGE_BLOCKS = 50  # Slack's limit for a message
MAX_SECTION_TEXT = 3000  # Slack's limit for a section's text


def home_of(bot, user) -> dict:
    """Open the App Home as `user` (a signed app_home_opened event); return the view published for them."""
    before = len(published(bot, user))
    reply = bot.send.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"})
    assert reply.status == 200
    return wait_for_home(bot, user, before + 1)


def published(bot, user):
    return [c for c in bot.slack.calls_to("views.publish") if c.params.get("user_id") == user]


def wait_for_home(bot, user, count: int) -> dict:
    calls = bot.slack.wait_for("views.publish", count=count, where=lambda c: c.params.get("user_id") == user)
    return calls[-1].params["view"]


def on_home(bot, user, action_id, value=None, **fields) -> dict:
    """Press something on the Home; return the Home published again afterwards."""
    before = len(published(bot, user))
    assert bot.send.home_action(user, action_id, value, **fields).status == 200
    return wait_for_home(bot, user, before + 1)


def text_of(view) -> str:
    return json.dumps(view)


def elements(view) -> list[dict]:
    return [e for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]


def buttons_of_block(view, block_id: str) -> list[tuple[str, str, str]]:
    """(label, action id, value) of each button in the actions block `block_id`."""
    [block] = [b for b in view["blocks"] if b.get("block_id") == block_id]
    return [(e["text"]["text"], e["action_id"], e.get("value")) for e in block["elements"]]


def console_cases(view) -> list[int]:
    """The case numbers on the console, in the order shown."""
    return [int(b["block_id"].rsplit(".", 1)[1]) for b in view["blocks"] if b.get("block_id", "").startswith(
        "console.case.")]


def modal_from_home(bot, user, action_id, value, **fields) -> dict:
    """Press a Home button that opens a modal; return the modal it ends on (after "one moment", if any)."""
    opened = len(bot.slack.calls_to("views.open"))
    updated = len(bot.slack.calls_to("views.update"))
    assert bot.send.home_action(user, action_id, value, **fields).status == 200
    first = bot.slack.wait_for("views.open", count=opened + 1)[-1].params["view"]
    if "One moment" not in text_of(first):
        return first
    return bot.slack.wait_for("views.update", count=updated + 1)[-1].params["view"]


def submit(bot, user, view, values: dict) -> dict:
    """Submit a modal; return Slack's answer to the submission (errors, update, or nothing)."""
    reply = bot.send.submit(user, view, values)
    assert reply.status == 200, reply.body
    return reply.json()


def option_labels(view, block_id: str) -> dict[str, str]:
    [block] = [b for b in view["blocks"] if b.get("block_id") == block_id]
    return {o["value"]: o["text"]["text"] for o in block["element"]["options"]}


def place_values(supporter: str | None, reason: str | None = "nobody_free", confirm: bool = False) -> dict:
    return {
        "console.supporter": {"supporter": {"type": "static_select",
                                            "selected_option": {"value": supporter} if supporter else None}},
        "console.reason": {"placing_reason": {"type": "radio_buttons",
                                              "selected_option": {"value": reason} if reason else None}},
        "console.confirm": {"confirm": {"type": "checkboxes",
                                        "selected_options": [{"value": "override"}] if confirm else []}},
    }


def audit_actions(services, case_id=None) -> list[str]:
    with services.db.session() as session:
        query = select(AuditEvent.action).order_by(AuditEvent.id)
        if case_id is not None:
            query = query.where(AuditEvent.case_id == case_id)
        return list(session.scalars(query))


def insert_cases(services, count: int, state: CaseState = CaseState.UNPLACED, days_ago: int = 30,
                 **values) -> list[int]:
    """`count` cases stored as they stand in `state`, referred a minute apart from `days_ago` days ago,
    oldest first (setup for the tests at volume)."""
    start = services.clock.now() - timedelta(days=days_ago)
    ids = []
    with services.db.session() as session:
        for i in range(count):
            at = start + timedelta(minutes=i)
            case = new_case(at, clinician_slack_id=f"UVOL{i:04d}", source="self", urgency="few_days", **values)
            case.state = state
            case.unplaced_at = at if state == CaseState.UNPLACED else None
            session.add(case)
            session.flush()
            ids.append(case.id)
    return ids

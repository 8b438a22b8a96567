"""Steps that several flow tests share: a roster, a self-referral, reading what the bot sent."""
from __future__ import annotations

from sqlalchemy import select

from bot.roster import import_roster
from models.tables import Case, Nudge, Offer

ROSTER = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,2
USUP2,Pat Supporter,supporter,faculty,Trauma,2
UCLIN1,Alex Clinician,,faculty,General Surgery,2
"""



def load_roster(services, csv_text: str = ROSTER) -> None:
    import_roster(services.db, services.clock, csv_text, lambda email: None)


def self_referral_values(urgency="few_days", contact="phone", event="complication", avoid=(), note=None):
    values = {
        "referral.urgency": {"urgency": {"type": "radio_buttons",
                                         "selected_option": {"value": urgency} if urgency else None}},
        "referral.contact": {"contact": {"type": "radio_buttons", "selected_option": {"value": contact}}},
        "referral.event_type": {"event_type": {"type": "static_select",
                                               "selected_option": {"value": event} if event else None}},
        "referral.avoid": {"avoid": {"type": "multi_users_select", "selected_users": list(avoid)}},
        "referral.note": {"note": {"type": "plain_text_input", "value": note}},
    }
    return values


def open_self_referral(bot, user="UCLIN1") -> dict:
    """`/peer-support`, then the modal the bot opened."""
    before = len(bot.slack.calls_to("views.open"))
    reply = bot.send.command(user)
    assert reply.status == 200
    calls = bot.slack.wait_for("views.open", count=before + 1)
    return calls[-1].params["view"]


def refer_self(bot, user="UCLIN1", view_id=None, **fields):
    view = open_self_referral(bot, user)
    reply = bot.send.submit(user, view, self_referral_values(**fields), view_id=view_id)
    assert reply.status == 200, reply.body
    return reply


def dms_to(slack, user: str, text_contains: str | None = None):
    return [
        c for c in slack.calls_to("chat.postMessage")
        if c.params.get("channel") == user and (text_contains is None or text_contains in c.params.get("text", ""))
    ]


def wait_for_dm(slack, user: str, text_contains: str, count: int = 1, timeout: float = 5.0):
    return slack.wait_for(
        "chat.postMessage", count=count, timeout=timeout,
        where=lambda c: c.params.get("channel") == user and text_contains in c.params.get("text", ""),
    )


def cases(services) -> list[Case]:
    with services.db.session() as session:
        return list(session.scalars(select(Case).order_by(Case.id)))


def offers(services) -> list[Offer]:
    with services.db.session() as session:
        return list(session.scalars(select(Offer).order_by(Offer.id)))


def nudges(services) -> list[Nudge]:
    with services.db.session() as session:
        return list(session.scalars(select(Nudge).order_by(Nudge.id)))


def button_value(call, action_id: str) -> str:
    for block in call.params.get("blocks") or []:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == action_id:
                return element["value"]
    raise AssertionError(f"no {action_id} button in {call.params.get('text')!r}")


def eventually(check, timeout: float = 5.0, interval: float = 0.02, what: str | None = None):
    """Poll `check` until it returns something truthy, or fail at the deadline."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {what or getattr(check, '__name__', check)}")
        time.sleep(interval)

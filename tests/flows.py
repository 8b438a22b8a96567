"""Steps that several flow tests share: a roster, a self-referral, reading what the bot sent."""
from __future__ import annotations

import itertools

from sqlalchemy import select

from bot.coordination.digest import ensure_digests
from bot.features import due_work_registry
from bot.outbox.worker import Worker
from bot.outbox.registry import StoredMessage
from bot.outbox.worker import DeliveryFailed
from bot.roster.timezones import TimezoneBook
from bot.slack.render import render
from bot.referrals.intake import Received, receive_referral
from bot.referrals.referral import Referral
from bot.roster.actor import Actor, actor_for
from bot.roster.csv_import import import_roster
from models.tables import Case, Nudge, Offer

ROSTER = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,2
USUP2,Pat Supporter,supporter,faculty,Trauma,2
UCLIN1,Alex Clinician,,faculty,General Surgery,2
"""



def load_roster(services, csv_text: str = ROSTER) -> None:
    """Import a roster as `peer-support roster import` does (coordinators' digests planned too)."""
    import_roster(services.db, services.clock, csv_text, lambda email: None)
    ensure_digests(services.db, services.clock, services.settings)


def who(services, slack_id: str) -> Actor:
    """The acting person, as the handlers' middleware makes it for a request."""
    return actor_for(services.db, slack_id)


class RecordingMessenger:
    """Stands in for Slack behind the worker: records every message (rendered as Slack would get
    it); raises the failures it is given, in order, for a recipient."""

    def __init__(self):
        self.calls: list[tuple] = []
        self.posted: dict[str, list[StoredMessage]] = {}
        self.failures: dict[str, list[DeliveryFailed]] = {}
        self.timezones: dict[str, str] = {}
        self._ts = itertools.count(1)

    def fail(self, user_id: str, *failures: DeliveryFailed) -> None:
        self.failures.setdefault(user_id, []).extend(failures)

    def send_dm(self, user_id, notice) -> StoredMessage:
        self.calls.append(("send_dm", user_id, render(notice).text))
        if self.failures.get(user_id):
            raise self.failures[user_id].pop(0)
        posted = StoredMessage(channel=f"D{user_id}", ts=f"1700000000.{next(self._ts):06d}")
        self.posted.setdefault(user_id, []).append(posted)
        return posted

    def update(self, stored, notice) -> None:
        self.calls.append(("update", stored.channel, stored.ts, render(notice).text))

    def timezone_of(self, user_id) -> str | None:
        return self.timezones.get(user_id)

    def dms_to(self, user_id) -> list[str]:
        return [call[2] for call in self.calls if call[0] == "send_dm" and call[1] == user_id]


def worker_for(services, messenger, name: str = "worker") -> Worker:
    """A worker that does due work through `messenger` (which also answers time-zone questions)."""
    return Worker(services, due_work_registry(), messenger, TimezoneBook(services, messenger.timezone_of), name)


def note_texts(details) -> list[str]:
    """The notes a Details view holds, as typed."""
    return [note.text for note in details.notes]


def receive(services, referral: Referral, key: str) -> Received:
    """A referral received from whoever made it (the referrer, or the clinician themselves)."""
    return receive_referral(services, who(services, referral.referrer_id or referral.clinician_id), referral, key)


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


def view_shown_after(bot, send) -> dict:
    """What a shortcut or `/peer-support refer` ends on: a "one moment" modal opened at once,
    then updated in place to the form or to a notice."""
    opened = len(bot.slack.calls_to("views.open"))
    updated = len(bot.slack.calls_to("views.update"))
    assert send().status == 200
    first = bot.slack.wait_for("views.open", count=opened + 1)[-1].params["view"]
    assert "One moment" in str(first["blocks"]) and "callback_id" not in first
    return bot.slack.wait_for("views.update", count=updated + 1)[-1].params["view"]


def dms_to(slack, user: str, text_contains: str | None = None):
    return [
        c for c in slack.calls_to("chat.postMessage")
        if c.params.get("channel") == user and (text_contains is None or text_contains in c.params.get("text", ""))
    ]


def wait_for_dm(slack, user: str, text_contains: str, count: int = 1, timeout: float = 15.0):
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


def eventually(check, timeout: float = 15.0, interval: float = 0.02, what: str | None = None):
    """Poll `check` until it returns something truthy, or fail at the deadline (generous: a
    passing check returns at once, and a busy CI machine must not fail a correct test)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {what or getattr(check, '__name__', check)}")
        time.sleep(interval)

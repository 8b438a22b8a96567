"""Steps shared by the follow-through, escalation/digest and quiet-hours flow tests.

Time only moves when a test moves the injected clock. After every move the tests
`settle`: run one scheduler pass and wait until nothing due is left pending, so
that a pass the app's own scheduler started (after a wake-up) has finished too
before the clock moves again or a "nothing was sent" assertion is made.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from flows import button_value, cases, dms_to, eventually, offers, refer_self, view_shown_after
from models.tables import Case, Nudge, Offer

# Two coordinators, two supporters in different divisions (both eligible for the
# clinicians, who work in General Surgery), a few clinicians.
ROSTER = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
UCOORD2,Robin Coordinator,coordinator,,,0
USUP1,Sam Supporter,supporter,faculty,Cardiac Surgery,3
USUP2,Pat Supporter,supporter,faculty,Trauma,3
UCLIN1,Alex Clinician,,faculty,General Surgery,2
UCLIN2,Bea Clinician,,faculty,General Surgery,2
UCLIN3,Cam Clinician,,faculty,General Surgery,2
UCLIN4,Dee Clinician,,faculty,General Surgery,2
"""
COORDINATORS = ("UCOORD1", "UCOORD2")
NOTE = "Rough week after a bleed in theatre."

OFFER_TEXT = "could use a peer conversation"
REMINDER_TEXT = "A reminder"
CONTACT_NUDGE_TEXT = "Have you been able to connect"
CHECK_IN_TEXT = "Time for a check-in"
NOT_ACCEPTED_TEXT = "nobody has accepted it"
NO_CONTACT_TEXT = "no contact recorded"
UNPLACED_TEXT = "needs someone to place it"
DIGEST_TEXT = "digest"

def ts_of(call) -> str:
    """The ts Slack gave a message the bot posted (what a click on it carries)."""
    return call.answer["ts"]


# ---- time ------------------------------------------------------------------------------------


def pending_due(services) -> int:
    now = services.clock.now()
    with services.db.session() as session:
        return session.scalar(
            select(func.count()).select_from(Nudge).where(
                Nudge.sent_at.is_(None), Nudge.cancelled_at.is_(None), Nudge.due_at <= now))


def settle(bot) -> None:
    """One scheduler pass, then wait until every piece of work due now is done (or held)."""
    bot.run_due_work()
    eventually(lambda: pending_due(bot.services) == 0)


def advance(bot, delta: timedelta) -> datetime:
    settle(bot)
    now = bot.clock.advance(delta)
    settle(bot)
    return now


def move_to(bot, when: datetime) -> None:
    settle(bot)
    assert when >= bot.clock.now(), "tests only move the clock forward"
    bot.clock.set(when)
    settle(bot)


# ---- reading the database ----------------------------------------------------------------------


def case_row(bot, case_id: int) -> Case:
    with bot.services.db.session() as session:
        return session.get(Case, case_id)


def nudges_of(bot, case_id: int | None = None, kind: str | None = None, recipient: str | None = None) -> list[Nudge]:
    with bot.services.db.session() as session:
        query = select(Nudge).order_by(Nudge.id)
        if case_id is not None:
            query = query.where(Nudge.case_id == case_id)
        if kind is not None:
            query = query.where(Nudge.kind == kind)
        if recipient is not None:
            query = query.where(Nudge.recipient_slack_id == recipient)
        return list(session.scalars(query))


def pending(rows: list[Nudge]) -> list[Nudge]:
    return [n for n in rows if n.sent_at is None and n.cancelled_at is None]


def offers_of(bot, case_id: int) -> list[Offer]:
    return [o for o in offers(bot.services) if o.case_id == case_id]


# ---- referring and answering --------------------------------------------------------------------


def refer(bot, user: str = "UCLIN1", **fields) -> Case:
    """Self-refer `user` and return the new case once it is stored."""
    known = {c.id for c in cases(bot.services)}
    refer_self(bot, user=user, **fields)
    return eventually(lambda: next(
        (c for c in cases(bot.services) if c.clinician_slack_id == user and c.id not in known), None))


def sent_offer(bot, case_id: int, supporter: str | None = None) -> Offer:
    """The open offer of this case, once its DM has gone out."""
    def found():
        return next((o for o in reversed(offers_of(bot, case_id))
                     if o.status == "open" and o.dm_ts
                     and (supporter is None or o.supporter_slack_id == supporter)), None)
    return eventually(found)


def offer_dms(bot, supporter: str, case_id: int | None = None):
    return [c for c in dms_to(bot.slack, supporter, OFFER_TEXT)
            if case_id is None or f"Case {case_id} " in str(c.params.get("blocks"))]


def accept(bot, case_id: int, supporter: str):
    """Accept the case's offer from its DM; return the chat.update that turned it into the accept message."""
    offer = sent_offer(bot, case_id, supporter)
    reply = bot.send.click(supporter, "offer.accept", str(offer.id), channel=f"D{supporter}", message_ts=offer.dm_ts)
    assert reply.status == 200
    [update] = bot.slack.wait_for("chat.update", where=lambda c: c.params["ts"] == offer.dm_ts
                                  and "Thank you for accepting" in c.params["text"])
    return update


def press(bot, user: str, message, action_id: str, ts: str, channel: str | None = None):
    """Click a button of a message (a chat.postMessage or chat.update call) as `user`."""
    value = button_value(message, action_id)
    reply = bot.send.click(user, action_id, value, channel=channel or f"D{user}", message_ts=ts,
                           block_id="case.actions")
    assert reply.status == 200
    return reply


def wait_update(bot, ts: str, text_contains: str, count: int = 1):
    return bot.slack.wait_for("chat.update", count=count,
                              where=lambda c: c.params["ts"] == ts and text_contains in c.params["text"])


def updates_of(bot, ts: str):
    return [c for c in bot.slack.calls_to("chat.update") if c.params["ts"] == ts]


def ephemerals_to(bot, user: str):
    return [c for c in bot.slack.calls_to("chat.postEphemeral") if c.params["user"] == user]


def wait_ephemeral(bot, user: str, count: int = 1):
    return bot.slack.wait_for("chat.postEphemeral", count=count, where=lambda c: c.params["user"] == user)


def button_labels(call) -> list[str]:
    return [e["text"]["text"] for b in call.params.get("blocks") or [] if b.get("type") == "actions"
            for e in b["elements"]]


def button_actions(call) -> list[str]:
    return [e["action_id"] for b in call.params.get("blocks") or [] if b.get("type") == "actions"
            for e in b["elements"]]


# ---- closing ---------------------------------------------------------------------------------------


def outcome_values(outcome: str | None) -> dict:
    return {"case.outcome": {"outcome": {"type": "radio_buttons",
                                         "selected_option": {"value": outcome} if outcome else None}}}


def open_close_modal(bot, user: str, message, ts: str) -> dict:
    before = len(bot.slack.calls_to("views.open"))
    press(bot, user, message, "case.close", ts)
    return bot.slack.wait_for("views.open", count=before + 1)[-1].params["view"]


def closed_dms(bot, supporter: str):
    return [c for c in bot.slack.calls_to("chat.postMessage")
            if c.params["channel"] in (supporter, f"D{supporter}") and "Case closed" in c.params["text"]]


# ---- lead referrals ------------------------------------------------------------------------------


def lead_values(colleague: str, urgency: str = "few_days", event: str = "patient_death", note: str | None = None):
    return {
        "referral.who": {"colleague": {"type": "users_select", "selected_user": colleague}},
        "referral.event_type": {"event_type": {"type": "static_select", "selected_option": {"value": event}}},
        "referral.urgency": {"urgency": {"type": "radio_buttons", "selected_option": {"value": urgency}}},
        "referral.note": {"note": {"type": "plain_text_input", "value": note}},
        "referral.may_name": {"may_name": {"type": "checkboxes", "selected_options": []}},
    }


def refer_colleague(bot, lead: str, colleague: str, **values) -> None:
    """A lead refers a colleague through the "Refer a colleague" shortcut; waits for the confirmation."""
    view = view_shown_after(bot, lambda: bot.send.shortcut(lead, "referral.colleague"))
    assert view["callback_id"] == "referral.lead"
    updated = len(bot.slack.calls_to("views.update"))
    assert bot.send.submit(lead, view, lead_values(colleague, **values)).status == 200
    bot.slack.wait_for("views.update", count=updated + 1)


# ---- coordinators ----------------------------------------------------------------------------------


def coordinator_dms(bot, coordinator: str, text: str):
    return dms_to(bot.slack, coordinator, text)

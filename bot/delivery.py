"""Doing one piece of due work: send a message, or act on a timeout.

A message goes out in three steps: (1) in a transaction, renew our claim and
check the nudge still matters; (2) call Slack, outside any transaction;
(3) in a transaction, record it sent. If the process dies between (2) and (3)
the claim runs out and another pass sends it again: that one window is as
short as a single database write. A timeout or an escalation (an action, no
Slack call) is recorded done in the same transaction that acts on it, so it
happens once.

Quiet hours: contact nudges, check-ins, and offers and offer reminders on
non-urgent cases that fall inside QUIET_HOURS in the recipient's own Slack time
zone wait for the end of quiet hours. Messages to coordinators are never held.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from sqlalchemy import select

from bot import escalation, messages, nudges
from bot.follow_through import close_after_last_check_in
from bot.locks import lock_case
from bot.messages import Message
from bot.nudges import ACTIONS, NudgeKind
from bot.offers import expire_offer, is_open, postpone_offer, summarise
from bot.quiet_hours import quiet_until, tz_is_fresh
from bot.roles import person_by_slack_id, roles_of
from bot.services import Services
from bot.vocabulary import URGENT, CaseState, Role
from models.tables import Case, Nudge, Offer

log = logging.getLogger(__name__)

MAX_RETRY_DELAY = timedelta(minutes=15)
ALWAYS_HELD = frozenset({NudgeKind.CONTACT_NUDGE, NudgeKind.CHECK_IN})
HELD_UNLESS_URGENT = frozenset({NudgeKind.SEND_OFFER, NudgeKind.OFFER_REMINDER})


class DeliveryFailed(Exception):
    """Slack did not take the message. Permanent failures are not tried again."""

    def __init__(self, reason: str, permanent: bool):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


@dataclass(frozen=True)
class Posted:
    channel: str
    ts: str


class Messenger(Protocol):
    def send_dm(self, user_id: str, message: Message) -> Posted: ...

    def update(self, channel: str, ts: str, message: Message) -> None: ...

    def timezone_of(self, user_id: str) -> str | None: ...


class Outcome(StrEnum):
    SENT = "sent"
    DONE = "done"
    DROPPED = "dropped"
    HELD = "held"
    RETRY = "retry"
    FAILED = "failed"
    NOT_OURS = "not ours"


@dataclass(frozen=True)
class _Send:
    """What step (1) decided to send."""

    recipient: str
    message: Message
    update_of: tuple[str, str] | None = None  # (channel, ts) to update instead of a new DM
    quiet_hours_apply: bool = False
    cached_tz: str | None = None
    tz_is_fresh: bool = False


def _hours_since(then: datetime, now: datetime) -> float:
    return (now - then).total_seconds() / 3600


def _digest_lines(session, now) -> list[str]:
    lines = []
    for case in escalation.stalled_cases(session):
        if case.state == CaseState.UNPLACED:
            why = "nobody left to match: needs placing"
        elif case.state == CaseState.ACCEPTED:
            why = "accepted, no contact recorded yet"
        else:
            why = "not accepted yet"
        lines.append(f"Case {case.id} · {case.state} · {why} · opened "
                     f"{messages.describe_age(_hours_since(case.created_at, now))} ago")
    return lines


def _message_for(svc: Services, session, nudge: Nudge, case: Case | None, offer: Offer | None, now) -> Message | None:
    """The message this nudge should send now, or None when it no longer matters."""
    kind, resources = nudge.kind, svc.settings.resources
    if kind in (NudgeKind.SEND_OFFER, NudgeKind.OFFER_REMINDER):
        if not is_open(offer, now):
            return None
        build = messages.offer_message if kind == NudgeKind.SEND_OFFER else messages.offer_reminder_message
        return build(summarise(offer, case))
    if kind == NudgeKind.OFFER_PASSED_ON:
        return messages.passed_on_message(summarise(offer, case)) if offer is not None and offer.dm_ts else None
    if kind == NudgeKind.CLINICIAN_WELCOME:
        return messages.clinician_welcome_message(case.urgency, case.contact_preference, resources)
    if kind == NudgeKind.CLINICIAN_SUPPORTER_FOUND:
        return None if case.state == CaseState.CLOSED else messages.clinician_supporter_found_message(
            case.contact_preference)
    if kind == NudgeKind.COORDINATOR_UNPLACED:
        return messages.coordinator_unplaced_message(case.id, case.urgency) if case.state == CaseState.UNPLACED else None
    holder = case is not None and case.supporter_slack_id == nudge.recipient_slack_id
    if kind == NudgeKind.CONTACT_NUDGE:
        return messages.contact_nudge_message(case.id, case.clinician_slack_id) if (
            holder and case.state == CaseState.ACCEPTED) else None
    if kind == NudgeKind.CHECK_IN:
        if not (holder and case.state == CaseState.CONTACTED):
            return None
        later = session.scalar(select(Nudge.id).where(
            Nudge.case_id == case.id, Nudge.kind == NudgeKind.CHECK_IN, Nudge.id != nudge.id,
            Nudge.sent_at.is_(None), Nudge.cancelled_at.is_(None)).limit(1))
        return messages.check_in_message(case.id, case.clinician_slack_id, last=later is None)
    if kind == NudgeKind.REFERRER_CONTACT_MADE:
        return messages.referrer_contact_made_message(case.clinician_slack_id)
    if kind == NudgeKind.COORDINATOR_NOT_ACCEPTED:
        if case.state not in escalation.WAITING_STATES:
            return None
        waited = _hours_since(case.waiting_since or case.created_at, now)
        return messages.coordinator_escalation_message(
            case.id, case.state, _hours_since(case.created_at, now),
            f"nobody has accepted it in {messages.describe_age(waited)}")
    if kind == NudgeKind.COORDINATOR_NO_CONTACT:
        if case.state != CaseState.ACCEPTED:
            return None
        return messages.coordinator_escalation_message(
            case.id, case.state, _hours_since(case.created_at, now),
            f"no contact recorded {messages.describe_age(_hours_since(case.accepted_at, now))} after a supporter accepted")
    if kind == NudgeKind.COORDINATOR_DIGEST:
        coordinator = person_by_slack_id(session, nudge.recipient_slack_id)
        if svc.settings.digest_at is None or not coordinator or Role.COORDINATOR not in roles_of(coordinator):
            return None
        lines = _digest_lines(session, now)
        return messages.coordinator_digest_message(lines) if lines else None
    if kind == NudgeKind.SUPPORTER_PAUSED:
        return messages.supporter_paused_message()
    if kind == NudgeKind.COORDINATOR_SUPPORTER_PAUSED:
        return messages.coordinator_supporter_paused_message(nudge.about_slack_id)
    log.error("nudge %s has an unknown kind; dropping it", nudge.id)
    return None


def _plan(svc: Services, session, nudge: Nudge, now) -> _Send | None:
    case = session.get(Case, nudge.case_id) if nudge.case_id else None
    offer = session.get(Offer, nudge.offer_id) if nudge.offer_id else None
    message = _message_for(svc, session, nudge, case, offer, now)
    if message is None:
        return None
    held = nudge.kind in ALWAYS_HELD or (nudge.kind in HELD_UNLESS_URGENT and case.urgency != URGENT)
    person = person_by_slack_id(session, nudge.recipient_slack_id) if held else None
    return _Send(
        recipient=nudge.recipient_slack_id,
        message=message,
        update_of=(offer.dm_channel, offer.dm_ts) if nudge.kind == NudgeKind.OFFER_PASSED_ON else None,
        quiet_hours_apply=held and svc.settings.quiet_hours is not None,
        cached_tz=person.tz if person else None,
        tz_is_fresh=tz_is_fresh(person, now),
    )


def recipient_timezone(svc: Services, messenger: Messenger, user_id: str, cached: str | None, fresh: bool):
    """The person's Slack time zone, cached on the roster for a day."""
    if fresh:
        return cached
    tz = messenger.timezone_of(user_id)
    now = svc.clock.now()
    with svc.db.session() as session:
        person = person_by_slack_id(session, user_id)
        if person is not None:
            person.tz = tz or person.tz
            person.tz_checked_at = now
    return tz or cached


def _hold(svc: Services, nudge_id: int, worker: str, case_id: int | None, until: datetime) -> Outcome:
    with svc.db.session() as session:
        lock_case(session, case_id)
        nudge = session.get(Nudge, nudge_id)
        if nudge.kind == NudgeKind.SEND_OFFER:
            postpone_offer(session, svc, session.get(Offer, nudge.offer_id), until)
        nudges.release(session, nudge_id, worker, until)
        log.info("case %s: %s nudge %s held for quiet hours", nudge.case_id, nudge.kind, nudge_id)
    return Outcome.HELD


def _act(svc: Services, nudge_id: int, worker: str, case_id: int | None) -> Outcome:
    now = svc.clock.now()
    with svc.db.session() as session:
        lock_case(session, case_id)
        nudge = session.get(Nudge, nudge_id)
        if nudge is None or not nudges.mark_sent(session, nudge_id, worker, now):
            return Outcome.NOT_OURS
        if nudge.kind == NudgeKind.OFFER_TIMEOUT:
            expire_offer(session, svc, nudge.offer_id, now)
        elif nudge.kind == NudgeKind.ESCALATE_UNACCEPTED:
            escalation.escalate_if_still_unaccepted(session, session.get(Case, nudge.case_id), now)
        elif nudge.kind == NudgeKind.ESCALATE_NO_CONTACT:
            escalation.escalate_if_still_no_contact(session, session.get(Case, nudge.case_id), now)
    return Outcome.DONE


def deliver(svc: Services, messenger: Messenger, nudge_id: int, worker: str) -> Outcome:
    """Do one claimed nudge. Never raises for a Slack failure: it is retried or dropped."""
    now = svc.clock.now()
    with svc.db.session() as session:
        nudge = session.get(Nudge, nudge_id)
        if nudge is None or not nudges.renew_claim(session, nudge_id, worker, now, svc.settings.claim_lease):
            return Outcome.NOT_OURS
        kind, case_id, attempts = nudge.kind, nudge.case_id, nudge.attempts
        plan = None if kind in ACTIONS else _plan(svc, session, nudge, now)
        if kind not in ACTIONS and plan is None:
            nudges.drop(session, nudge_id, now)
            log.info("case %s: %s nudge %s no longer needed", case_id, kind, nudge_id)
            return Outcome.DROPPED
    if kind in ACTIONS:
        return _act(svc, nudge_id, worker, case_id)

    try:
        if plan.quiet_hours_apply:
            tz = recipient_timezone(svc, messenger, plan.recipient, plan.cached_tz, plan.tz_is_fresh)
            # A zone Slack would not tell us is no reason to hold a message back.
            until = quiet_until(now, tz, svc.settings.quiet_hours) if tz else None
            if until is not None:
                return _hold(svc, nudge_id, worker, case_id, until)
        if plan.update_of:
            messenger.update(plan.update_of[0], plan.update_of[1], plan.message)
            posted = None
        else:
            posted = messenger.send_dm(plan.recipient, plan.message)
    except DeliveryFailed as failure:
        return _after_failure(svc, nudge_id, worker, kind, case_id, attempts, failure)

    with svc.db.session() as session:
        lock_case(session, case_id)
        sent_at = svc.clock.now()
        nudges.mark_sent(session, nudge_id, worker, sent_at)
        if kind == NudgeKind.SEND_OFFER and posted is not None:
            offer = session.get(Offer, session.get(Nudge, nudge_id).offer_id)
            offer.dm_channel, offer.dm_ts = posted.channel, posted.ts
        elif kind == NudgeKind.CHECK_IN:
            close_after_last_check_in(session, case_id, sent_at)
    log.info("case %s: %s nudge %s sent", case_id, kind, nudge_id)
    return Outcome.SENT


def _after_failure(svc, nudge_id, worker, kind, case_id, attempts, failure: DeliveryFailed) -> Outcome:
    now = svc.clock.now()
    with svc.db.session() as session:
        if failure.permanent:
            nudges.drop(session, nudge_id, now)
            log.error("case %s: %s nudge %s failed for good (%s)", case_id, kind, nudge_id, failure.reason)
            return Outcome.FAILED
        delay = min(svc.settings.scheduler_interval * (2 ** max(attempts - 1, 0)), MAX_RETRY_DELAY)
        nudges.release(session, nudge_id, worker, now + delay)
    log.warning("case %s: %s nudge %s not sent yet (%s); will retry", case_id, kind, nudge_id, failure.reason)
    return Outcome.RETRY

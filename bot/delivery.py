"""Doing one piece of due work: send a message, or act on a timeout.

A message goes out in three steps: (1) in a transaction, renew our claim and
check the nudge still matters; (2) call Slack, outside any transaction;
(3) in a transaction, record it sent. If the process dies between (2) and (3)
the claim runs out and another pass sends it again: that one window is as
short as a single database write. A timeout (an action, no Slack call) is
recorded done in the same transaction that acts on it, so it happens once.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Protocol

from bot import messages, nudges
from bot.messages import Message
from bot.nudges import NudgeKind
from bot.offers import expire_offer, summarise
from bot.services import Services
from bot.vocabulary import CaseState, OfferStatus
from models.tables import Case, Nudge, Offer

log = logging.getLogger(__name__)

MAX_RETRY_DELAY = timedelta(minutes=15)


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


class Outcome(StrEnum):
    SENT = "sent"
    DONE = "done"
    DROPPED = "dropped"
    RETRY = "retry"
    FAILED = "failed"
    NOT_OURS = "not ours"


@dataclass(frozen=True)
class _Send:
    """What step (1) decided to send."""

    recipient: str
    message: Message
    update_of: tuple[str, str] | None = None  # (channel, ts) to update instead of a new DM


def _offer_still_open(offer: Offer | None, now) -> bool:
    return offer is not None and offer.status == OfferStatus.OPEN and offer.deadline_at > now


def _plan(svc: Services, nudge: Nudge, case: Case | None, offer: Offer | None, now) -> _Send | None:
    """The message this nudge should send now, or None when it no longer matters."""
    resources = svc.settings.resources
    kind = nudge.kind
    if kind == NudgeKind.SEND_OFFER:
        if not _offer_still_open(offer, now):
            return None
        return _Send(nudge.recipient_slack_id, messages.offer_message(summarise(offer, case)))
    if kind == NudgeKind.OFFER_REMINDER:
        if not _offer_still_open(offer, now):
            return None
        return _Send(nudge.recipient_slack_id, messages.offer_reminder_message(summarise(offer, case)))
    if kind == NudgeKind.OFFER_PASSED_ON:
        if offer is None or not offer.dm_ts:
            return None
        return _Send(
            nudge.recipient_slack_id,
            messages.passed_on_message(summarise(offer, case)),
            update_of=(offer.dm_channel, offer.dm_ts),
        )
    if kind == NudgeKind.CLINICIAN_WELCOME:
        return _Send(
            nudge.recipient_slack_id,
            messages.clinician_welcome_message(case.urgency, case.contact_preference, resources),
        )
    if kind == NudgeKind.CLINICIAN_SUPPORTER_FOUND:
        if case.state == CaseState.CLOSED:
            return None
        return _Send(nudge.recipient_slack_id, messages.clinician_supporter_found_message(case.contact_preference))
    if kind == NudgeKind.COORDINATOR_UNPLACED:
        if case.state != CaseState.UNPLACED:
            return None
        return _Send(nudge.recipient_slack_id, messages.coordinator_unplaced_message(case.id, case.urgency))
    log.error("nudge %s has an unknown kind; dropping it", nudge.id)
    return None


ACTIONS = {NudgeKind.OFFER_TIMEOUT}


def _act(svc: Services, nudge_id: int, worker: str) -> Outcome:
    now = svc.clock.now()
    with svc.db.session() as session:
        nudge = session.get(Nudge, nudge_id)
        if nudge is None or not nudges.mark_sent(session, nudge_id, worker, now):
            return Outcome.NOT_OURS
        if nudge.kind == NudgeKind.OFFER_TIMEOUT:
            expire_offer(session, svc, nudge.offer_id, now)
    return Outcome.DONE


def deliver(svc: Services, messenger: Messenger, nudge_id: int, worker: str) -> Outcome:
    """Do one claimed nudge. Never raises for a Slack failure: it is retried or dropped."""
    now = svc.clock.now()
    lease = svc.settings.claim_lease
    with svc.db.session() as session:
        nudge = session.get(Nudge, nudge_id)
        if nudge is None or not nudges.renew_claim(session, nudge_id, worker, now, lease):
            return Outcome.NOT_OURS
        kind, case_id, attempts = nudge.kind, nudge.case_id, nudge.attempts
        if kind in ACTIONS:
            plan = None
        else:
            case = session.get(Case, case_id) if case_id else None
            offer = session.get(Offer, nudge.offer_id) if nudge.offer_id else None
            plan = _plan(svc, nudge, case, offer, now)
            if plan is None:
                nudges.drop(session, nudge_id, now)
                log.info("case %s: %s nudge %s no longer needed", case_id, kind, nudge_id)
                return Outcome.DROPPED
    if kind in ACTIONS:
        return _act(svc, nudge_id, worker)

    try:
        if plan.update_of:
            messenger.update(plan.update_of[0], plan.update_of[1], plan.message)
            posted = None
        else:
            posted = messenger.send_dm(plan.recipient, plan.message)
    except DeliveryFailed as failure:
        return _after_failure(svc, nudge_id, worker, kind, case_id, attempts, failure)

    with svc.db.session() as session:
        nudges.mark_sent(session, nudge_id, worker, svc.clock.now())
        if kind == NudgeKind.SEND_OFFER and posted is not None:
            offer = session.get(Offer, session.get(Nudge, nudge_id).offer_id)
            offer.dm_channel, offer.dm_ts = posted.channel, posted.ts
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

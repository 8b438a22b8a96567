"""The safety exception: a supporter worried about a colleague's safety says so with one click.

Every active coordinator and everyone in SAFETY_CONTACTS gets a DM at once, whatever the hour
(due work that never waits for quiet hours), naming the case and the supporter, never what
happened; the supporter is shown the crisis resources; the click is audited. Only a supporter
with the case's open offer, or holding it, may raise it.
"""
from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select

from bot.cases.policy import sees_case_through_offer
from bot.core import audit
from bot.core.audit import AuditAction
from bot.core.db import lock_case
from bot.core.services import Services
from bot.outbox import queue
from bot.outbox.kinds import WorkKind
from bot.roster.actor import Actor
from bot.roster.people import active_coordinators
from models.tables import Offer

log = logging.getLogger(__name__)


class SafetyWork(WorkKind):
    SAFETY_ALERT = "safety_alert"


def raise_safety_concern(svc: Services, case_id: int, supporter: Actor) -> bool:
    """Alert coordinators and safety contacts now; False if this supporter is not with the case."""
    now = svc.clock.now()
    with svc.db.session() as session:
        case = lock_case(session, case_id)
        if case is None:
            return False
        offers = session.scalars(select(Offer).where(Offer.case_id == case_id,
                                                     Offer.supporter_slack_id == supporter.slack_id))
        if not any(sees_case_through_offer(supporter.slack_id, offer, case, now) for offer in offers):
            return False
        for person in _who_to_alert(session, svc):
            queue.schedule(session, SafetyWork.SAFETY_ALERT, now, now, case_id=case_id, recipient=person,
                           about=supporter.slack_id, dedupe_key=_alert_key(case_id, person, now))
        audit.record(session, now, supporter.slack_id, AuditAction.SAFETY_CONCERN_RAISED, case_id)
    log.warning("case %s: a supporter raised a safety concern", case_id)
    svc.wake()
    return True


def _who_to_alert(session, svc: Services) -> list[str]:
    coordinators = [person.slack_id for person in active_coordinators(session)]
    return list(dict.fromkeys([*coordinators, *svc.settings.safety_contacts]))


def _alert_key(case_id: int, person: str, now: datetime) -> str:
    # A second click within the same minute (a double click, a retry) alerts nobody twice.
    return f"safety:{case_id}:{person}:{int(now.timestamp() // 60)}"

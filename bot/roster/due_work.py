"""Due work the roster owns: telling a paused supporter, and the coordinators, about the pause; and
telling a supporter who was away that they are back."""
from __future__ import annotations

from bot.core.quiet_hours import QuietPolicy
from bot.outbox.registry import Delivery, DueWorkRegistry, SendsMessage, StoredMessage, WorkContext
from bot.roster.availability import RosterWork, SupporterStatus, back_by_themselves, status_of
from bot.roster.notices import BackFromAway, CoordinatorSupporterPaused, SupporterPaused
from bot.roster.people import person_by_slack_id


def _tell_supporter(ctx: WorkContext) -> Delivery:
    return Delivery(ctx.nudge.recipient_slack_id, SupporterPaused())


def _tell_coordinator(ctx: WorkContext) -> Delivery:
    return Delivery(ctx.nudge.recipient_slack_id, CoordinatorSupporterPaused(ctx.nudge.about_slack_id))


def _welcome_back(ctx: WorkContext) -> Delivery | None:
    person = person_by_slack_id(ctx.session, ctx.nudge.recipient_slack_id)
    if person is None or person.away_until is None or person.away_until > ctx.now:
        return None  # back early, or away for longer now: that change has its own row
    if status_of(person, ctx.now) != SupporterStatus.ACTIVE:
        return None  # paused or off the roster: "you're back" would not be true
    return Delivery(person.slack_id, BackFromAway())


def _mark_back(ctx: WorkContext, posted: StoredMessage | None) -> None:
    back_by_themselves(ctx.session, ctx.nudge.recipient_slack_id, ctx.now)


def register_due_work(registry: DueWorkRegistry) -> None:
    registry.register(SendsMessage(RosterWork.SUPPORTER_PAUSED, _tell_supporter, QuietPolicy.NEVER))
    registry.register(SendsMessage(RosterWork.COORDINATOR_SUPPORTER_PAUSED, _tell_coordinator, QuietPolicy.NEVER))
    # Matched again from the start of the day they chose; the DM waits for their morning.
    registry.register(SendsMessage(RosterWork.SUPPORTER_BACK, _welcome_back, QuietPolicy.ALWAYS,
                                   after_sent=_mark_back))

"""Due work the roster owns: telling a paused supporter, and the coordinators, about the pause."""
from __future__ import annotations

from bot.core.quiet_hours import QuietPolicy
from bot.outbox.registry import Delivery, DueWorkRegistry, SendsMessage, WorkContext
from bot.roster.availability import RosterWork
from bot.roster.notices import CoordinatorSupporterPaused, SupporterPaused


def _tell_supporter(ctx: WorkContext) -> Delivery:
    return Delivery(ctx.nudge.recipient_slack_id, SupporterPaused())


def _tell_coordinator(ctx: WorkContext) -> Delivery:
    return Delivery(ctx.nudge.recipient_slack_id, CoordinatorSupporterPaused(ctx.nudge.about_slack_id))


def register_due_work(registry: DueWorkRegistry) -> None:
    registry.register(SendsMessage(RosterWork.SUPPORTER_PAUSED, _tell_supporter, QuietPolicy.NEVER))
    registry.register(SendsMessage(RosterWork.COORDINATOR_SUPPORTER_PAUSED, _tell_coordinator, QuietPolicy.NEVER))

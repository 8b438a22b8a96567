"""Due work coordination owns: the daily digest (bot/coordination/digest.py)."""
from __future__ import annotations

from bot.cases.clocks import stalled_cases
from bot.coordination.digest import CoordinationWork, is_on_time, schedule_next_digest
from bot.coordination.notices import Digest, StalledCase
from bot.core.quiet_hours import QuietPolicy, next_local_time
from bot.outbox.registry import Delivery, DueWorkRegistry, Hold, SendsMessage, WorkContext
from bot.roster.people import person_by_slack_id, roles_of
from bot.roster.roles import Role


def _digest(ctx: WorkContext) -> Delivery | Hold | None:
    at = ctx.svc.settings.digest_at
    coordinator = ctx.nudge.recipient_slack_id
    person = person_by_slack_id(ctx.session, coordinator)
    if at is None or person is None or not person.active or Role.COORDINATOR not in roles_of(person):
        return None  # digests are off, or this person no longer coordinates: the chain stops
    if not is_on_time(ctx.nudge.due_at, ctx.now, ctx.tz, at):
        return Hold(next_local_time(ctx.now, ctx.tz, at))
    schedule_next_digest(ctx.session, coordinator, ctx.tz, at, ctx.now)
    stalled = tuple(StalledCase(c.id, c.state, ctx.now - c.created_at) for c in stalled_cases(ctx.session))
    return Delivery(coordinator, Digest(stalled)) if stalled else None


def register_due_work(registry: DueWorkRegistry) -> None:
    registry.register(SendsMessage(CoordinationWork.COORDINATOR_DIGEST, _digest, QuietPolicy.NEVER,
                                   needs_timezone=True))

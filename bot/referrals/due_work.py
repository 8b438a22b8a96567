"""Due work referrals own: the clinician's welcome after asking for themselves."""
from __future__ import annotations

from bot.core.quiet_hours import QuietPolicy
from bot.outbox.registry import Delivery, DueWorkRegistry, SendsMessage, WorkContext
from bot.referrals.intake import ReferralWork
from bot.referrals.notices import Welcome
from models.tables import Case


def _welcome(ctx: WorkContext) -> Delivery:
    case = ctx.session.get(Case, ctx.nudge.case_id)
    return Delivery(ctx.nudge.recipient_slack_id,
                    Welcome(case.urgency, case.contact_preference, ctx.svc.settings.resources))


def register_due_work(registry: DueWorkRegistry) -> None:
    registry.register(SendsMessage(ReferralWork.CLINICIAN_WELCOME, _welcome, QuietPolicy.NEVER))

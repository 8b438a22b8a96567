"""What each person's App Home shows, read once per opening: their own cases as their relation to
each allows (bot/cases/visibility.py), a supporter's availability, and for coordinators the console
(bot/coordination/console.py). The Slack layer draws it (bot/slack/views/home.py)."""
from __future__ import annotations

from dataclasses import dataclass

from bot.cases.policy import may_coordinate
from bot.cases.visibility import CaseView, Relation, cases_for
from bot.coordination.console import Console, console_for
from bot.core.services import Services
from bot.roster.actor import Actor
from bot.roster.availability import Availability, availability_of

PERSONAL = (Relation.CLINICIAN, Relation.SUPPORTER, Relation.LEAD)


@dataclass(frozen=True)
class Home:
    resources: tuple[str, ...]
    views: tuple[CaseView, ...] = ()  # the viewer's own cases: as clinician, supporter or lead
    availability: Availability | None = None  # supporters only
    console: Console | None = None  # coordinators only


def home_for(svc: Services, viewer: Actor, queue_offset: int = 0, others_offset: int = 0) -> Home:
    viewer.resolve()
    views = tuple(v for v in cases_for(svc, viewer, personal=True) if v.relation in PERSONAL)
    console = None
    if may_coordinate(viewer):
        with svc.db.session() as session:
            console = console_for(session, svc.settings, svc.clock.now(), queue_offset, others_offset)
    return Home(svc.settings.resources, views, availability_of(svc, viewer), console)

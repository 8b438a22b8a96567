"""The app factory: the services, the due-work registry and scheduler, and one Bolt app with
every listener registered once. No module-level app: a test builds as many as it needs."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.config import Settings
from bot.cases.retention import ensure_purges
from bot.coordination.digest import ensure_digests
from bot.coordination.reports import ensure_monthly_report
from bot.core.clock import Clock, SystemClock
from bot.core.notes import cipher_for
from bot.core.services import Services
from bot.core.http import Routes
from bot.features import due_work_registry, http_routes
from bot.outbox.scheduler import DueWork, Scheduler, worker_name
from bot.outbox.worker import Worker
from bot.roster.timezones import TimezoneBook
from handlers.bolt_app import make_bolt_app
from bot.slack.client import make_client, timezone_of
from bot.slack.messenger import SlackMessenger
from models.db import Database


def ensure_periodic_work(db: Database, clock: Clock, settings: Settings) -> None:
    """At start: every coordinator has a digest coming, every closed case its purge, the program its
    monthly report."""
    ensure_digests(db, clock, settings)
    ensure_purges(db, settings.retention, clock.now())
    ensure_monthly_report(db, clock, settings)


@dataclass
class BotApp:
    bolt: Any  # slack_bolt.App
    services: Services
    work: DueWork
    scheduler: Scheduler
    router: Any  # handlers.routing.Router
    client: Any  # slack_sdk.WebClient
    routes: Routes  # features' own HTTP routes (the server adds Slack's and /healthz)


def build_app(
    settings: Settings,
    db: Database,
    client=None,
    clock: Clock | None = None,
    worker: str | None = None,
) -> BotApp:
    client = client or make_client(settings)
    services = Services(db=db, clock=clock or SystemClock(), settings=settings,
                        cipher=cipher_for(settings))
    timezones = TimezoneBook(services, lambda user_id: timezone_of(client, user_id))
    work = DueWork(Worker(services, due_work_registry(), SlackMessenger(client), timezones, worker or worker_name()))
    scheduler = Scheduler(work, settings.scheduler_interval.total_seconds(),
                          on_start=lambda: ensure_periodic_work(db, services.clock, settings))
    services.wake = scheduler.wake
    bolt, router = make_bolt_app(settings, services, client)
    return BotApp(bolt=bolt, services=services, work=work, scheduler=scheduler, router=router, client=client,
                  routes=http_routes(services))

"""Middleware: the app's services, its one Web API client, the acting person and the time-zone book,
in every listener's context (Bolt passes context keys to listeners as keyword arguments)."""
from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.core.services import Services
from bot.roster.actor import Actor, roster_lookup
from bot.roster.timezones import TimezoneBook
from bot.slack.client import timezone_of


def provide_services(app: App, services: Services, client: WebClient) -> None:
    lookup = roster_lookup(services.db)
    # Each person's Slack time zone, cached on the roster (asked of Slack only when a listener needs it).
    timezones = TimezoneBook(services, lambda user_id: timezone_of(client, user_id))

    def add_services(context, next):  # noqa: A002 - Bolt's name for the next middleware
        context["services"] = services
        # Bolt makes a client per request that adds `team_id` to every call, a parameter most
        # Web API methods do not take; this app serves one workspace, so it uses its own client.
        context["client"] = client
        # Who is acting, resolved once per request; the roster is read only when a service first
        # asks for a role, so a form can open before any database query.
        user_id = context.get("user_id")
        context["actor"] = Actor(user_id, lookup) if user_id else None
        context["timezones"] = timezones
        next()

    app.use(add_services)

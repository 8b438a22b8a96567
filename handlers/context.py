"""Middleware: put the app's services and its one Web API client into every listener's context."""
from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient

from bot.services import Services


def provide_services(app: App, services: Services, client: WebClient) -> None:
    def add_services(context, next):  # noqa: A002 - Bolt's name for the next middleware
        context["services"] = services
        # Bolt makes a client per request that adds `team_id` to every call, a parameter most
        # Web API methods do not take; this app serves one workspace, so it uses its own client.
        context["client"] = client
        next()

    app.use(add_services)

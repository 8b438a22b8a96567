"""Thin Bolt listeners: ack, parse, call a service, render."""
from __future__ import annotations

from slack_bolt import App

from slack_sdk import WebClient

from bot.core.services import Services
from handlers import command, console, follow_through, home, intake, lead_referral, offers, self_referral
from handlers.context import provide_services
from handlers.errors import register_error_handler
from handlers.routing import Router

MODULES = (command, self_referral, lead_referral, offers, follow_through, home, console, intake)


def register_all(app: App, services: Services, client: WebClient) -> Router:
    """Register every listener once; return the router that knows what is handled."""
    provide_services(app, services, client)
    register_error_handler(app)
    router = Router(app)
    for module in MODULES:
        module.register(router)
    return router

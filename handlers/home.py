"""The App Home tab."""
from __future__ import annotations

from bot.views import home_view
from bot.visibility import cases_for
from handlers.routing import Router


def on_home_opened(event, client, services):
    if event.get("tab") != "home":
        return
    viewer = event["user"]
    client.views_publish(user_id=viewer, view=home_view(services.settings.resources, cases_for(services, viewer)))


def register(router: Router) -> None:
    router.event("app_home_opened", on_home_opened)

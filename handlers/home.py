"""The App Home tab."""
from __future__ import annotations

from bot.views import home_view
from handlers.routing import Router


def on_home_opened(event, client, services):
    if event.get("tab") != "home":
        return
    client.views_publish(user_id=event["user"], view=home_view(services.settings.resources))


def register(router: Router) -> None:
    router.event("app_home_opened", on_home_opened)

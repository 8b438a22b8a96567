"""The App Home tab."""
from __future__ import annotations

from bot.cases.visibility import cases_for
from bot.slack.views.home import home_view
from handlers.routing import Router


def on_home_opened(event, client, services, actor):
    if event.get("tab") != "home" or actor is None:
        return
    client.views_publish(user_id=actor.slack_id,
                         view=home_view(services.settings.resources, cases_for(services, actor)))


def register(router: Router) -> None:
    router.event("app_home_opened", on_home_opened)

"""The App Home tab: publishing it, paging the coordinators' lists, and a supporter's availability."""
from __future__ import annotations

from datetime import date

from bot.coordination.home import home_for
from bot.roster.availability import AwayProblem, come_back, set_away
from bot.slack.ids import ActionId
from bot.slack.views.home import home_view
from handlers.forms import id_from
from handlers.routing import Router

AWAY_WORDS = {
    AwayProblem.NOT_A_SUPPORTER: "Only peer supporters on the roster can set their availability.",
    AwayProblem.NOT_AFTER_TODAY: "Please choose the day you'll be back: a day after today.",
    AwayProblem.TOO_FAR: "Please choose a day within the next year. You can always set a new one later.",
}


def publish_home(client, services, actor, *, queue_offset: int = 0, others_offset: int = 0,
                 note: str | None = None) -> None:
    home = home_for(services, actor, queue_offset, others_offset)
    client.views_publish(user_id=actor.slack_id, view=home_view(home, note))


def clicked_on_home(body: dict) -> bool:
    """Whether a button was pressed on the App Home (rather than in a DM)."""
    return (body.get("view") or {}).get("type") == "home"


def on_home_opened(event, client, services, actor):
    if event.get("tab") != "home" or actor is None:
        return
    publish_home(client, services, actor)


def _offset(body: dict) -> int:
    return id_from(body["actions"][0].get("value")) or 0


def on_more_queue(ack, body, client, services, actor):
    ack()
    publish_home(client, services, actor, queue_offset=_offset(body))


def on_more_others(ack, body, client, services, actor):
    ack()
    publish_home(client, services, actor, others_offset=_offset(body))


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value and len(value) == 10 else None
    except ValueError:
        return None


def on_away_until(ack, body, client, services, actor, timezones):
    ack()
    back_on = _day(body["actions"][0].get("selected_date"))
    if back_on is None:
        publish_home(client, services, actor, note=AWAY_WORDS[AwayProblem.NOT_AFTER_TODAY])
        return
    answer = set_away(services, actor, back_on, timezones.of(actor.slack_id))
    note = ("Thank you for letting us know. Enjoy the time away: no new requests until you're back."
            if answer.ok else AWAY_WORDS[answer.problem])
    publish_home(client, services, actor, note=note)


def on_back(ack, body, client, services, actor):
    ack()
    note = "Welcome back: you'll receive new requests again." if come_back(services, actor) else None
    publish_home(client, services, actor, note=note)


def register(router: Router) -> None:
    router.event("app_home_opened", on_home_opened)
    router.action(ActionId.HOME_MORE_QUEUE, on_more_queue)
    router.action(ActionId.HOME_MORE_OTHERS, on_more_others)
    router.action(ActionId.SUPPORTER_AWAY_UNTIL, on_away_until)
    router.action(ActionId.SUPPORTER_BACK, on_back)

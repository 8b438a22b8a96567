"""Each person's Slack time zone, cached on the roster for a day (people travel and move).

Asking Slack is a Web API call, so it is passed in (`ask_slack`); the domain never imports Slack.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from bot.core.services import Services
from bot.roster.people import person_by_slack_id
from models.tables import Person

# A person's Slack time zone is looked up again after this long.
TZ_FRESH_FOR = timedelta(days=1)


def tz_is_fresh(person: Person | None, now: datetime) -> bool:
    """Whether the time zone cached on a roster entry is recent enough to trust."""
    return bool(person and person.tz and person.tz_checked_at and now - person.tz_checked_at < TZ_FRESH_FOR)


class TimezoneBook:
    def __init__(self, svc: Services, ask_slack: Callable[[str], str | None]):
        self.svc = svc
        self.ask_slack = ask_slack

    def of(self, slack_id: str) -> str | None:
        """The person's zone: the cached one while fresh, else Slack's answer (then cached);
        the last known one when Slack does not say."""
        now = self.svc.clock.now()
        with self.svc.db.session() as session:
            person = person_by_slack_id(session, slack_id)
            cached = person.tz if person is not None else None
            if tz_is_fresh(person, now):
                return cached
        tz = self.ask_slack(slack_id)
        with self.svc.db.session() as session:
            person = person_by_slack_id(session, slack_id)
            if person is not None:
                person.tz = tz or person.tz
                person.tz_checked_at = self.svc.clock.now()
        return tz or cached

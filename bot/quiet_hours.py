"""Quiet hours: when a message to a person should wait for their morning.

Pure functions of the time, the person's Slack time zone and the window.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def zone(tz_name: str | None):
    """The person's zone; UTC when Slack did not say or the name is unknown."""
    if not tz_name:
        return timezone.utc
    try:
        return ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError):
        return timezone.utc


def quiet_until(now: datetime, tz_name: str | None, window: tuple[time, time] | None) -> datetime | None:
    """When quiet hours end for this person, if `now` falls inside them; otherwise None."""
    if window is None:
        return None
    start, end = window
    local = now.astimezone(zone(tz_name))
    clock = local.time().replace(tzinfo=None)
    if start < end:  # e.g. 13:00-14:00, within one day
        if not start <= clock < end:
            return None
        end_day = local.date()
    else:  # e.g. 20:00-07:00, across midnight
        if end <= clock < start:
            return None
        end_day = local.date() if clock < end else local.date() + timedelta(days=1)
    ends = datetime.combine(end_day, end, tzinfo=local.tzinfo)
    return ends.astimezone(timezone.utc)


def next_local_time(now: datetime, tz_name: str | None, at: time) -> datetime:
    """The next moment (after now) the person's clock reads `at`, in UTC."""
    local = now.astimezone(zone(tz_name))
    candidate = datetime.combine(local.date(), at, tzinfo=local.tzinfo)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=local.tzinfo)
    return candidate.astimezone(timezone.utc)


# A person's Slack time zone is looked up again after this long (they may travel).
TZ_FRESH_FOR = timedelta(days=1)


def tz_is_fresh(person, now: datetime) -> bool:
    """Whether the time zone cached on a roster entry is recent enough to trust."""
    return bool(person and person.tz and person.tz_checked_at and now - person.tz_checked_at < TZ_FRESH_FOR)

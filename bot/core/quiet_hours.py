"""Quiet hours: when a message to a person should wait for their morning.

Pure functions of the time, the person's Slack time zone and the window, and the
policy each kind of due work declares (its registration in a feature's `due_work.py`).
"""
from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class QuietPolicy(StrEnum):
    """Whether a kind of message waits for the end of the recipient's quiet hours."""

    NEVER = "never"  # goes out at once (coordinators' messages, replies to a click)
    ALWAYS = "always"  # waits (contact nudges, check-ins)
    UNLESS_URGENT = "unless_urgent"  # waits unless the clinician asked to talk today (offers)


def waits_for_quiet_hours(policy: QuietPolicy, urgent: bool) -> bool:
    return policy == QuietPolicy.ALWAYS or (policy == QuietPolicy.UNLESS_URGENT and not urgent)


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


def local_date(when: datetime, tz_name: str | None):
    """The date on the person's own calendar at `when`."""
    return when.astimezone(zone(tz_name)).date()

"""Settings from the environment (and a .env file), checked once at start-up."""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path

DEFAULT_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///peer_support.sqlite3"
DEFAULT_RESOURCES = (
    "Employee Assistance Program (confidential, free, 24/7): see the staff intranet",
    "Clinician counselling service: ask the program coordinators for a referral",
    "In an emergency or crisis: call or text 988 (Suicide & Crisis Lifeline)",
)
_DURATION = re.compile(r"^\s*([0-9]+)\s*([smhd])\s*$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}
MAX_DURATION = timedelta(days=3650)
DURATION_FORMS = "a whole number followed by s, m, h or d, e.g. 45s, 30m, 4h, 7d"


_CLOCK_TIME = re.compile(r"^\s*([01]?[0-9]|2[0-3]):([0-5][0-9])\s*$")
TIME_FORMS = "a 24-hour time like 08:00"
WINDOW_FORMS = "two 24-hour times like 20:00-07:00, or empty to turn it off"


_SWITCH = {"on": True, "yes": True, "true": True, "1": True, "off": False, "no": False, "false": False, "0": False}
# Small cells in the program's metrics: counts from 1 to SUPPRESS_BELOW - 1 are hidden (11 is the rule
# CMS applies to its data); it may be set lower, never below MIN_SUPPRESS_BELOW.
DEFAULT_SUPPRESS_BELOW = 11
MIN_SUPPRESS_BELOW = 5
# Messages sent at once by one process. Slack allows about one message a second per channel and a
# few hundred calls a minute per method; 16 keeps a burst moving without tripping the method limits.
DEFAULT_SEND_CONCURRENCY = 16
MAX_SEND_CONCURRENCY = 64


class ConfigError(Exception):
    """A setting is missing or malformed. The message is one line for the console."""


def parse_duration(name: str, raw: str) -> timedelta:
    match = _DURATION.match(raw)
    if not match or int(match.group(1)) == 0:
        raise ConfigError(f"{name}={raw!r} is not a valid duration: use {DURATION_FORMS}.")
    try:
        value = timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    except OverflowError:
        value = MAX_DURATION + MAX_DURATION
    if value > MAX_DURATION:
        raise ConfigError(f"{name}={raw!r} is too long: use at most 3650d, as {DURATION_FORMS}.")
    return value


def parse_clock_time(name: str, raw: str) -> time:
    match = _CLOCK_TIME.match(raw)
    if not match:
        raise ConfigError(f"{name}={raw!r} is not a time of day: use {TIME_FORMS}, or empty to turn it off.")
    return time(int(match.group(1)), int(match.group(2)))


def parse_window(name: str, raw: str) -> tuple[time, time]:
    parts = raw.split("-")
    if len(parts) != 2 or not all(_CLOCK_TIME.match(p) for p in parts):
        raise ConfigError(f"{name}={raw!r} is not a window of time: use {WINDOW_FORMS}.")
    start, end = (parse_clock_time(name, p) for p in parts)
    if start == end:
        raise ConfigError(f"{name}={raw!r} starts and ends at the same time: use {WINDOW_FORMS}.")
    return start, end


def parse_switch(name: str, raw: str) -> bool:
    value = _SWITCH.get(raw.strip().lower())
    if value is None:
        raise ConfigError(f"{name}={raw!r} is not on or off: use on or off.")
    return value


def parse_suppress_below(name: str, raw: str) -> int:
    value = raw.strip()
    if not value.isdigit() or int(value) < MIN_SUPPRESS_BELOW:
        raise ConfigError(f"{name}={raw!r} is not allowed: use a whole number, {MIN_SUPPRESS_BELOW} or more "
                          "(smaller counts could point to a person).")
    return int(value)


def parse_time_zone(name: str, raw: str) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    value = raw.strip()
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{name}={raw!r} is not a time zone: use a name like America/Chicago or UTC.") from None
    return value


def parse_durations(name: str, raw: str) -> tuple[timedelta, ...]:
    parts = [p for p in raw.split(",") if p.strip()]
    if not parts:
        raise ConfigError(f"{name}={raw!r} lists no duration: use durations separated by commas, e.g. 7d,30d.")
    return tuple(sorted(parse_duration(name, p) for p in parts))


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = DEFAULT_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 3000
    host: str | None = None  # None: 0.0.0.0 in HTTP mode, 127.0.0.1 in Socket Mode (see listen_host)
    http_timeout: timedelta = timedelta(seconds=30)
    log_format: str = "text"
    offer_timeout: timedelta = timedelta(hours=4)
    offer_timeout_urgent: timedelta = timedelta(hours=1)
    offer_reminder: timedelta | None = None  # None: half of the timeout that applies
    scheduler_interval: timedelta = timedelta(seconds=30)
    claim_lease: timedelta = timedelta(minutes=2)
    contact_nudge_after: timedelta = timedelta(hours=24)
    checkin_after: tuple[timedelta, ...] = (timedelta(days=7), timedelta(days=30))
    escalate_after: timedelta = timedelta(hours=8)
    digest_at: time | None = time(8, 0)
    quiet_hours: tuple[time, time] | None = (time(20, 0), time(7, 0))
    note_encryption_key: str | None = None
    resources: tuple[str, ...] = field(default=DEFAULT_RESOURCES)
    log_level: str = "INFO"
    # Supporters are matched only while trained within TRAINING_VALID_FOR (when REQUIRE_TRAINING is on).
    require_training: bool = False
    training_valid_for: timedelta = timedelta(days=730)
    # Program metrics: counts from 1 to SUPPRESS_BELOW - 1 are hidden; contact within CONTACT_TARGET.
    suppress_below: int = DEFAULT_SUPPRESS_BELOW
    contact_target: timedelta = timedelta(hours=24)
    # The monthly report DM to coordinators, and the zone its months and its day are read in.
    monthly_report: bool = True
    report_time_zone: str = "UTC"
    retention: timedelta = timedelta(days=30)
    referral_limit: int = 5
    send_concurrency: int = DEFAULT_SEND_CONCURRENCY
    safety_contacts: tuple[str, ...] = ()
    # The intake API (bot/intake/): its route exists only with at least one secret.
    intake_secrets: tuple[bytes, ...] = ()  # whsec_ secrets, base64-decoded; the first signs nothing, all verify
    intake_bearer_tokens: tuple[str, ...] = ()  # for FHIR servers that can only send a fixed header
    intake_mode: str = "triage"  # triage: a coordinator approves each participant; auto: matching at once
    intake_auto: str = "all"  # with auto mode: "serious" sends non-serious events to triage
    intake_quiet_days: int = 14  # no new outreach within this many days of a clinician's last case closing
    intake_rate: int = 60  # intake requests a minute, past which 429
    burst_size: int = 10  # more events than this in 15 minutes is a burst: one summary for coordinators

    @property
    def socket_mode(self) -> bool:
        return bool(self.slack_app_token)

    @property
    def listen_host(self) -> str:
        """Where the HTTP server listens: HOST, else every interface in HTTP mode (Slack must reach
        it) and loopback in Socket Mode (only the health check listens)."""
        return self.host or ("127.0.0.1" if self.socket_mode else "0.0.0.0")

    def offer_timeout_for(self, urgent: bool) -> timedelta:
        return self.offer_timeout_urgent if urgent else self.offer_timeout

    def offer_reminder_for(self, urgent: bool) -> timedelta:
        return self.offer_reminder or self.offer_timeout_for(urgent) / 2

    def escalate_after_for(self, urgent: bool) -> timedelta:
        return self.escalate_after / 2 if urgent else self.escalate_after

    def missing_for_serve(self) -> list[str]:
        """Names of the variables `serve` needs and does not have."""
        missing = []
        if not self.slack_bot_token:
            missing.append("SLACK_BOT_TOKEN")
        if not self.socket_mode and not self.slack_signing_secret:
            missing.append("SLACK_SIGNING_SECRET")
        return missing


def _clean(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and check every setting; raise ConfigError naming the first bad one."""
    env = os.environ if env is None else env
    kwargs: dict = {}
    for name, attr in (
        ("SLACK_BOT_TOKEN", "slack_bot_token"),
        ("SLACK_SIGNING_SECRET", "slack_signing_secret"),
        ("SLACK_APP_TOKEN", "slack_app_token"),
        ("NOTE_ENCRYPTION_KEY", "note_encryption_key"),
    ):
        kwargs[attr] = _clean(env, name)

    api_url = _clean(env, "SLACK_API_URL")
    if api_url:
        if not re.match(r"^https?://", api_url):
            raise ConfigError(
                f"SLACK_API_URL={api_url!r} is not a URL: use e.g. https://slack.com/api/"
            )
        kwargs["slack_api_url"] = api_url.rstrip("/") + "/"

    kwargs["database_url"] = _clean(env, "DATABASE_URL") or DEFAULT_DATABASE_URL

    port = _clean(env, "PORT")
    if port:
        if not port.isascii() or not port.isdigit() or not 0 < int(port) < 65536:
            raise ConfigError(f"PORT={port!r} is not a port number: use a whole number from 1 to 65535.")
        kwargs["port"] = int(port)

    host = _clean(env, "HOST")
    if host:
        if not re.fullmatch(r"[A-Za-z0-9.:\-\[\]%]+", host):
            raise ConfigError(f"HOST={host!r} is not an address to listen on: use e.g. 0.0.0.0, 127.0.0.1 or ::.")
        kwargs["host"] = host.strip("[]")

    for name, attr in (
        ("HTTP_TIMEOUT", "http_timeout"),
        ("OFFER_TIMEOUT", "offer_timeout"),
        ("OFFER_TIMEOUT_URGENT", "offer_timeout_urgent"),
        ("OFFER_REMINDER", "offer_reminder"),
        ("SCHEDULER_INTERVAL", "scheduler_interval"),
        ("CLAIM_LEASE", "claim_lease"),
        ("CONTACT_NUDGE_AFTER", "contact_nudge_after"),
        ("ESCALATE_AFTER", "escalate_after"),
        ("TRAINING_VALID_FOR", "training_valid_for"),
        ("CONTACT_TARGET", "contact_target"),
        ("RETENTION", "retention"),
    ):
        raw = _clean(env, name)
        if raw is not None:
            kwargs[attr] = parse_duration(name, raw)
    raw = _clean(env, "CHECKIN_AFTER")
    if raw is not None:
        kwargs["checkin_after"] = parse_durations("CHECKIN_AFTER", raw)
    # These two can be turned off by setting them empty; unset means the default.
    if "DIGEST_AT" in env:
        raw = env["DIGEST_AT"].strip()
        kwargs["digest_at"] = parse_clock_time("DIGEST_AT", raw) if raw else None
    if "QUIET_HOURS" in env:
        raw = env["QUIET_HOURS"].strip()
        kwargs["quiet_hours"] = parse_window("QUIET_HOURS", raw) if raw else None

    limit = _clean(env, "REFERRAL_LIMIT")
    if limit is not None:
        if not limit.isascii() or not limit.isdigit() or not 1 <= int(limit) <= 1000:
            raise ConfigError(f"REFERRAL_LIMIT={limit!r} is not a number of referrals: use a whole number "
                              "from 1 to 1000.")
        kwargs["referral_limit"] = int(limit)
    concurrency = _clean(env, "SEND_CONCURRENCY")
    if concurrency is not None:
        if not concurrency.isascii() or not concurrency.isdigit() or not 1 <= int(concurrency) <= MAX_SEND_CONCURRENCY:
            raise ConfigError(f"SEND_CONCURRENCY={concurrency!r} is not a number of messages: use a whole number "
                              f"from 1 to {MAX_SEND_CONCURRENCY}.")
        kwargs["send_concurrency"] = int(concurrency)
    contacts = _clean(env, "SAFETY_CONTACTS")
    if contacts is not None:
        ids = tuple(part for part in re.split(r"[\s,]+", contacts) if part)
        bad = [part for part in ids if not re.fullmatch(r"[UW][A-Z0-9]{2,31}", part)]
        if bad:
            raise ConfigError(f"SAFETY_CONTACTS has {len(bad)} value(s) that are not Slack user ids (like U012AB3CD): "
                              "list Slack ids, separated by commas.")
        kwargs["safety_contacts"] = ids
    kwargs.update(_intake_settings(env))
    resources = _clean(env, "SUPPORT_RESOURCES")
    if resources:
        kwargs["resources"] = tuple(r.strip() for r in resources.split(";") if r.strip())

    for name, attr in (("REQUIRE_TRAINING", "require_training"), ("MONTHLY_REPORT", "monthly_report")):
        raw = _clean(env, name)
        if raw is not None:
            kwargs[attr] = parse_switch(name, raw)
    raw = _clean(env, "SUPPRESS_BELOW")
    if raw is not None:
        kwargs["suppress_below"] = parse_suppress_below("SUPPRESS_BELOW", raw)
    raw = _clean(env, "REPORT_TIME_ZONE")
    if raw is not None:
        kwargs["report_time_zone"] = parse_time_zone("REPORT_TIME_ZONE", raw)

    level = (_clean(env, "LOG_LEVEL") or "INFO").upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ConfigError(f"LOG_LEVEL={level!r} is not a level: use DEBUG, INFO, WARNING or ERROR.")
    kwargs["log_level"] = level
    log_format = (_clean(env, "LOG_FORMAT") or "text").lower()
    if log_format not in {"text", "json"}:
        raise ConfigError(f"LOG_FORMAT={log_format!r} is not a log format: use text or json.")
    kwargs["log_format"] = log_format
    return Settings(**kwargs)


def parse_whole_number(name: str, raw: str, low: int, high: int, what: str) -> int:
    value = raw.strip()
    if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
        raise ConfigError(f"{name}={raw!r} is not {what}: use a whole number from {low} to {high}.")
    return int(value)


def parse_webhook_secrets(name: str, raw: str) -> tuple[bytes, ...]:
    """Standard Webhooks secrets, `whsec_` and base64, separated by commas or spaces (several for rotation)."""
    import base64
    import binascii

    secrets = []
    for position, part in enumerate((p for p in re.split(r"[\s,]+", raw) if p), start=1):
        if not part.startswith("whsec_"):
            raise ConfigError(f"{name}: secret {position} does not start with whsec_: use secrets like "
                              "whsec_ followed by base64 (see docs/integration.md).")
        try:
            key = base64.b64decode(part.removeprefix("whsec_"), validate=True)
        except (binascii.Error, ValueError):
            key = b""
        if len(key) < 16:
            raise ConfigError(f"{name}: secret {position} is not base64 of at least 16 bytes after whsec_.")
        secrets.append(key)
    return tuple(secrets)


def parse_bearer_tokens(name: str, raw: str) -> tuple[str, ...]:
    tokens = tuple(p for p in re.split(r"[\s,]+", raw) if p)
    for position, token in enumerate(tokens, start=1):
        if len(token) < 32 or not re.fullmatch(r"[A-Za-z0-9._~+/=-]+", token):
            raise ConfigError(f"{name}: token {position} is too short or has characters a header cannot carry: "
                              "use random tokens of at least 32 letters and digits, separated by commas.")
    return tokens


def _intake_settings(env: Mapping[str, str]) -> dict:
    kwargs: dict = {}
    raw = _clean(env, "INTAKE_SECRETS")
    if raw is not None:
        kwargs["intake_secrets"] = parse_webhook_secrets("INTAKE_SECRETS", raw)
    raw = _clean(env, "INTAKE_BEARER_TOKENS")
    if raw is not None:
        kwargs["intake_bearer_tokens"] = parse_bearer_tokens("INTAKE_BEARER_TOKENS", raw)
    raw = _clean(env, "INTAKE_MODE")
    if raw is not None:
        if raw.lower() not in ("triage", "auto"):
            raise ConfigError(f"INTAKE_MODE={raw!r} is not a mode: use triage or auto.")
        kwargs["intake_mode"] = raw.lower()
    raw = _clean(env, "INTAKE_AUTO")
    if raw is not None:
        if raw.lower() not in ("all", "serious"):
            raise ConfigError(f"INTAKE_AUTO={raw!r} is not allowed: use serious (only serious events start "
                              "matching at once) or all.")
        kwargs["intake_auto"] = raw.lower()
    for name, attr, low, high, what in (
        ("INTAKE_QUIET_DAYS", "intake_quiet_days", 0, 365, "a number of days"),
        ("INTAKE_RATE", "intake_rate", 1, 100000, "a number of requests a minute"),
        ("BURST_SIZE", "burst_size", 1, 10000, "a number of events"),
    ):
        raw = _clean(env, name)
        if raw is not None:
            kwargs[attr] = parse_whole_number(name, raw, low, high, what)
    return kwargs


def load_dotenv_file(cwd: Path | None = None) -> None:
    """Read `.env` from the working directory; real environment variables win."""
    from dotenv import load_dotenv

    path = (cwd or Path.cwd()) / ".env"
    if path.is_file():
        load_dotenv(path, override=False)

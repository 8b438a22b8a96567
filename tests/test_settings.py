"""load_settings from a plain dict: defaults, durations, URLs, ports, and what `serve` needs."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import ConfigError, Settings, load_settings

DURATION_VARIABLES = {
    "OFFER_TIMEOUT": "offer_timeout",
    "OFFER_TIMEOUT_URGENT": "offer_timeout_urgent",
    "OFFER_REMINDER": "offer_reminder",
    "SCHEDULER_INTERVAL": "scheduler_interval",
    "CLAIM_LEASE": "claim_lease",
}
GOOD_DURATIONS = {
    "2s": timedelta(seconds=2),
    "45s": timedelta(seconds=45),
    "30m": timedelta(minutes=30),
    "4h": timedelta(hours=4),
    "7d": timedelta(days=7),
}
BAD_DURATIONS = ["abc", "0s", "-1h", "4 hours", "1.5h"]


def test_defaults_with_an_empty_environment():
    settings = load_settings({})
    assert settings.slack_bot_token is None
    assert settings.slack_signing_secret is None
    assert settings.slack_app_token is None
    assert settings.note_encryption_key is None
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.database_url == "sqlite:///peer_support.sqlite3"
    assert settings.port == 3000
    assert settings.offer_timeout == timedelta(hours=4)
    assert settings.offer_timeout_urgent == timedelta(hours=1)
    assert settings.offer_reminder is None
    assert settings.scheduler_interval == timedelta(seconds=30)
    assert settings.claim_lease == timedelta(minutes=2)
    assert settings.log_level == "INFO"
    assert settings.resources  # the built-in list of support resources
    assert not settings.socket_mode


def test_blank_values_count_as_unset():
    settings = load_settings({"SLACK_BOT_TOKEN": "   ", "OFFER_TIMEOUT": "", "PORT": " "})
    assert settings.slack_bot_token is None
    assert settings.offer_timeout == timedelta(hours=4)
    assert settings.port == 3000


def test_values_are_read_and_trimmed():
    settings = load_settings(
        {
            "SLACK_BOT_TOKEN": " xoxb-1 ",
            "SLACK_SIGNING_SECRET": "secret",
            "DATABASE_URL": "postgresql://db/x",
            "PORT": "8080",
            "LOG_LEVEL": "debug",
            "SUPPORT_RESOURCES": "EAP: call 123; ; Chaplaincy ",
        }
    )
    assert settings.slack_bot_token == "xoxb-1"
    assert settings.slack_signing_secret == "secret"
    assert settings.database_url == "postgresql://db/x"
    assert settings.port == 8080
    assert settings.log_level == "DEBUG"
    assert settings.resources == ("EAP: call 123", "Chaplaincy")


@pytest.mark.parametrize("variable", sorted(DURATION_VARIABLES))
@pytest.mark.parametrize("raw", sorted(GOOD_DURATIONS))
def test_every_duration_variable_accepts_whole_numbers_with_a_unit(variable, raw):
    settings = load_settings({variable: raw})
    assert getattr(settings, DURATION_VARIABLES[variable]) == GOOD_DURATIONS[raw]


@pytest.mark.parametrize("variable", sorted(DURATION_VARIABLES))
@pytest.mark.parametrize("raw", BAD_DURATIONS)
def test_every_duration_variable_rejects_malformed_values_with_a_one_line_message(variable, raw):
    with pytest.raises(ConfigError) as caught:
        load_settings({variable: raw})
    message = str(caught.value)
    assert variable in message
    assert "\n" not in message
    # The accepted forms are spelled out.
    for form in ("45s", "30m", "4h", "7d"):
        assert form in message


def test_duration_too_large_to_represent_is_a_config_error():
    # timedelta(days=99999999999) overflows: this must be the one-line ConfigError, not a traceback.
    with pytest.raises(ConfigError) as caught:
        load_settings({"OFFER_TIMEOUT": "99999999999d"})
    assert "OFFER_TIMEOUT" in str(caught.value)


def test_durations_are_capped_at_ten_years():
    # Longer ones would overflow a datetime when added to "now" (an offer deadline, a lease).
    assert load_settings({"OFFER_TIMEOUT": "3650d"}).offer_timeout == timedelta(days=3650)
    with pytest.raises(ConfigError) as caught:
        load_settings({"OFFER_TIMEOUT": "3651d"})
    assert "OFFER_TIMEOUT" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_bad_duration_names_the_variable_that_is_wrong():
    with pytest.raises(ConfigError) as caught:
        load_settings({"OFFER_TIMEOUT": "4h", "CLAIM_LEASE": "soon"})
    assert "CLAIM_LEASE" in str(caught.value)
    assert "OFFER_TIMEOUT" not in str(caught.value)


@pytest.mark.parametrize(
    "raw", ["https://slack.example/api", "https://slack.example/api/", "https://slack.example/api///", "http://127.0.0.1:9/api"]
)
def test_slack_api_url_ends_in_exactly_one_slash(raw):
    url = load_settings({"SLACK_API_URL": raw}).slack_api_url
    assert url.endswith("/") and not url.endswith("//")
    assert url.rstrip("/") == raw.rstrip("/")


@pytest.mark.parametrize("raw", ["slack.com/api", "ftp://slack.com/api", "not a url"])
def test_slack_api_url_that_is_not_a_url_is_rejected(raw):
    with pytest.raises(ConfigError) as caught:
        load_settings({"SLACK_API_URL": raw})
    assert "SLACK_API_URL" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("raw", ["0", "65536", "-1", "http", "80.5", "99999"])
def test_bad_port_is_rejected(raw):
    with pytest.raises(ConfigError) as caught:
        load_settings({"PORT": raw})
    assert "PORT" in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("raw,port", [("1", 1), ("65535", 65535)])
def test_port_limits_are_accepted(raw, port):
    assert load_settings({"PORT": raw}).port == port


def test_bad_log_level_is_rejected():
    with pytest.raises(ConfigError) as caught:
        load_settings({"LOG_LEVEL": "chatty"})
    assert "LOG_LEVEL" in str(caught.value)


def test_offer_timeout_for_picks_the_urgent_timeout():
    settings = load_settings({"OFFER_TIMEOUT": "6h", "OFFER_TIMEOUT_URGENT": "45m"})
    assert settings.offer_timeout_for(urgent=False) == timedelta(hours=6)
    assert settings.offer_timeout_for(urgent=True) == timedelta(minutes=45)


def test_offer_reminder_defaults_to_half_the_applicable_timeout():
    settings = load_settings({"OFFER_TIMEOUT": "6h", "OFFER_TIMEOUT_URGENT": "40m"})
    assert settings.offer_reminder_for(urgent=False) == timedelta(hours=3)
    assert settings.offer_reminder_for(urgent=True) == timedelta(minutes=20)


def test_offer_reminder_when_set_applies_to_both():
    settings = load_settings({"OFFER_REMINDER": "15m"})
    assert settings.offer_reminder_for(urgent=False) == timedelta(minutes=15)
    assert settings.offer_reminder_for(urgent=True) == timedelta(minutes=15)


def test_http_mode_needs_the_bot_token_and_the_signing_secret():
    assert load_settings({}).missing_for_serve() == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]
    assert load_settings({"SLACK_BOT_TOKEN": "xoxb-1"}).missing_for_serve() == ["SLACK_SIGNING_SECRET"]
    assert load_settings({"SLACK_SIGNING_SECRET": "s"}).missing_for_serve() == ["SLACK_BOT_TOKEN"]
    assert load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}).missing_for_serve() == []


def test_socket_mode_does_not_need_the_signing_secret():
    settings = load_settings({"SLACK_APP_TOKEN": "xapp-1"})
    assert settings.socket_mode
    assert settings.missing_for_serve() == ["SLACK_BOT_TOKEN"]
    assert load_settings({"SLACK_APP_TOKEN": "xapp-1", "SLACK_BOT_TOKEN": "xoxb-1"}).missing_for_serve() == []


def test_settings_constructed_directly_have_the_same_defaults_as_an_empty_environment():
    assert Settings() == load_settings({})


# ---- the console and the program report ------------------------------------------------------------


def test_console_and_report_settings_have_their_defaults():
    settings = load_settings({})
    assert (settings.require_training, settings.training_valid_for) == (False, timedelta(days=730))
    assert (settings.suppress_below, settings.contact_target) == (11, timedelta(hours=24))
    assert (settings.monthly_report, settings.report_time_zone) == (True, "UTC")


def test_console_and_report_settings_are_read():
    settings = load_settings({"REQUIRE_TRAINING": "on", "TRAINING_VALID_FOR": "365d", "SUPPRESS_BELOW": "5",
                              "CONTACT_TARGET": "12h", "MONTHLY_REPORT": "off",
                              "REPORT_TIME_ZONE": "America/Chicago"})
    assert (settings.require_training, settings.training_valid_for) == (True, timedelta(days=365))
    assert (settings.suppress_below, settings.contact_target) == (5, timedelta(hours=12))
    assert (settings.monthly_report, settings.report_time_zone) == (False, "America/Chicago")


@pytest.mark.parametrize(("name", "raw", "words"), [
    ("SUPPRESS_BELOW", "4", "5 or more"),
    ("SUPPRESS_BELOW", "eleven", "5 or more"),
    ("REQUIRE_TRAINING", "maybe", "is not on or off"),
    ("MONTHLY_REPORT", "sometimes", "is not on or off"),
    ("REPORT_TIME_ZONE", "Mars/Olympus", "is not a time zone"),
    ("CONTACT_TARGET", "a day", "is not a valid duration"),
    ("TRAINING_VALID_FOR", "2y", "is not a valid duration"),
])
def test_a_bad_console_or_report_setting_is_one_line_naming_it(name, raw, words):
    with pytest.raises(ConfigError) as refused:
        load_settings({name: raw})
    message = str(refused.value)
    assert message.startswith(f"{name}=") and words in message and "\n" not in message


def test_send_concurrency_defaults_to_16_and_reads_whole_numbers_up_to_64():
    assert load_settings({}).send_concurrency == 16
    assert load_settings({"SEND_CONCURRENCY": " 1 "}).send_concurrency == 1
    assert load_settings({"SEND_CONCURRENCY": "64"}).send_concurrency == 64


@pytest.mark.parametrize("raw", ["0", "65", "-1", "many", "2.5", "１６"])
def test_bad_send_concurrency_is_refused_with_one_line_naming_it(raw):
    with pytest.raises(ConfigError) as caught:
        load_settings({"SEND_CONCURRENCY": raw})
    message = str(caught.value)
    assert "SEND_CONCURRENCY" in message and "1 to 64" in message and "\n" not in message

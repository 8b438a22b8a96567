"""The intake settings: defaults, good values, and one clear line for each bad one."""
from __future__ import annotations

import base64

import pytest

from bot.config import ConfigError, load_settings

GOOD = "whsec_" + base64.b64encode(b"0123456789abcdef0123").decode()
OTHER = "whsec_" + base64.b64encode(b"fedcba9876543210fedc").decode()


def test_defaults():
    settings = load_settings({})
    assert (settings.intake_secrets, settings.intake_bearer_tokens, settings.intake_mode, settings.intake_auto,
            settings.intake_quiet_days, settings.intake_rate, settings.burst_size) == ((), (), "triage", "all", 14,
                                                                                       60, 10)


def test_good_values():
    settings = load_settings({"INTAKE_SECRETS": f"{GOOD}, {OTHER}", "INTAKE_BEARER_TOKENS": "a" * 32 + " " + "b" * 40,
                              "INTAKE_MODE": "auto", "INTAKE_AUTO": "serious", "INTAKE_QUIET_DAYS": "0",
                              "INTAKE_RATE": "120", "BURST_SIZE": "25"})
    assert settings.intake_secrets == (b"0123456789abcdef0123", b"fedcba9876543210fedc")
    assert settings.intake_bearer_tokens == ("a" * 32, "b" * 40)
    assert (settings.intake_mode, settings.intake_auto, settings.intake_quiet_days, settings.intake_rate,
            settings.burst_size) == ("auto", "serious", 0, 120, 25)


@pytest.mark.parametrize("name, value, words", [
    ("INTAKE_SECRETS", "0123456789abcdef", "does not start with whsec_"),
    ("INTAKE_SECRETS", "whsec_not*base64", "not base64"),
    ("INTAKE_SECRETS", "whsec_c2hvcnQ=", "at least 16 bytes"),
    ("INTAKE_BEARER_TOKENS", "short", "at least 32"),
    ("INTAKE_MODE", "sometimes", "use triage or auto"),
    ("INTAKE_AUTO", "urgent", "use serious"),
    ("INTAKE_QUIET_DAYS", "-1", "a number of days"),
    ("INTAKE_RATE", "0", "a number of requests a minute"),
    ("BURST_SIZE", "ten", "a number of events"),
])
def test_a_bad_value_is_one_clear_line(name, value, words):
    with pytest.raises(ConfigError) as error:
        load_settings({name: value})
    assert words in str(error.value) and "\n" not in str(error.value)
    if name == "INTAKE_SECRETS":
        assert value.removeprefix("whsec_") not in str(error.value)  # a secret is never printed

"""HOST, HTTP_TIMEOUT and LOG_FORMAT: defaults, and one line naming a bad value."""
from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import ConfigError, load_settings


def test_host_defaults_to_every_interface_over_http_and_loopback_in_socket_mode():
    assert load_settings({}).listen_host == "0.0.0.0"
    assert load_settings({"SLACK_APP_TOKEN": "xapp-1"}).listen_host == "127.0.0.1"
    assert load_settings({"HOST": "10.1.2.3", "SLACK_APP_TOKEN": "xapp-1"}).listen_host == "10.1.2.3"
    assert load_settings({"HOST": "[::]"}).listen_host == "::"
    assert load_settings({"HOST": "  "}).listen_host == "0.0.0.0"


@pytest.mark.parametrize("value", ["0.0.0.0 ; rm", "http://host", "a b"])
def test_a_host_that_is_not_an_address_is_named(value):
    with pytest.raises(ConfigError, match="HOST="):
        load_settings({"HOST": value})


def test_http_timeout_is_a_duration():
    assert load_settings({}).http_timeout == timedelta(seconds=30)
    assert load_settings({"HTTP_TIMEOUT": "5s"}).http_timeout == timedelta(seconds=5)
    with pytest.raises(ConfigError, match="HTTP_TIMEOUT="):
        load_settings({"HTTP_TIMEOUT": "soon"})


def test_log_format_is_text_or_json():
    assert load_settings({}).log_format == "text"
    assert load_settings({"LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(ConfigError, match="LOG_FORMAT='xml'.*text or json"):
        load_settings({"LOG_FORMAT": "xml"})

"""Tests of the fake Slack Web API (tests/fakes/slack_api.py), driven by a real
slack_sdk WebClient so the fake is checked against what the SDK really sends."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler, ServerErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator

from tests.fakes.slack_api import Call, FakeSlack, load_method_specs

BOT_METHODS = {
    "auth.test",
    "chat.postMessage",
    "chat.postEphemeral",
    "chat.update",
    "chat.delete",
    "conversations.open",
    "users.info",
    "users.lookupByEmail",
    "views.open",
    "views.push",
    "views.update",
    "views.publish",
    "apps.connections.open",
}

BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "You are not alone."}}]
MODAL = {
    "type": "modal",
    "callback_id": "request_support",
    "private_metadata": "opaque-123",
    "title": {"type": "plain_text", "text": "Peer support"},
    "blocks": BLOCKS,
}


@pytest.fixture
def fake():
    """A running FakeSlack, stopped after the test."""
    with FakeSlack() as server:
        yield server


@pytest.fixture
def client(fake):
    """A WebClient with a bot token, pointed at the fake."""
    return WebClient(base_url=fake.url, token="xoxb-test")


def _api_error(call) -> SlackApiError:
    """Run `call`, expecting a SlackApiError, and return it."""
    with pytest.raises(SlackApiError) as excinfo:
        call()
    return excinfo.value


# ----------------------------------------------------------------- specs


def test_method_specs_describe_every_method_the_bot_uses():
    specs = load_method_specs()
    assert BOT_METHODS <= specs.keys()
    for name in BOT_METHODS:
        assert "token" in specs[name]["args"]["required"], name
        assert "token" in specs[name]["args"]["properties"], name


# ------------------------------------------------------- accepted calls


def test_good_post_message_is_recorded(fake, client):
    response = client.chat_postMessage(channel="U123", text="hello", blocks=BLOCKS)

    assert response["ok"] is True
    assert response["channel"] == "DU123"  # a user id lands in the DM with them
    assert re.fullmatch(r"\d{10}\.\d{6}", response["ts"])
    assert response["message"]["ts"] == response["ts"]
    [call] = fake.calls
    assert call.method == "chat.postMessage"
    assert call.params == {"channel": "U123", "text": "hello", "blocks": BLOCKS}
    assert call.token == "xoxb-test"
    assert fake.calls_to("chat.postMessage") == [call]
    assert fake.calls_to("views.open") == []
    fake.assert_no_spec_violations()


def test_post_message_timestamps_are_unique_and_increasing(client):
    first = client.chat_postMessage(channel="C0TEAM", text="one")
    second = client.chat_postMessage(channel="C0TEAM", text="two")

    assert first["channel"] == "C0TEAM"
    assert float(second["ts"]) > float(first["ts"])


def test_form_encoded_json_strings_are_decoded(fake, client):
    # api_call(params=...) sends a form body, where blocks is a JSON string.
    client.api_call("chat.postMessage", params={"channel": "C1", "blocks": json.dumps(BLOCKS)})

    assert fake.calls[0].params["blocks"] == BLOCKS


def test_views_open_json_body_is_parsed(fake, client):
    response = client.views_open(trigger_id="123.456.abc", view=MODAL)

    [call] = fake.calls_to("views.open")
    assert call.params == {"trigger_id": "123.456.abc", "view": MODAL}
    view = response["view"]
    assert view["id"].startswith("V")
    assert view["hash"]
    assert view["callback_id"] == "request_support"
    assert view["private_metadata"] == "opaque-123"
    assert view["blocks"] == BLOCKS
    again = client.views_open(trigger_id="123.456.def", view=MODAL)
    assert again["view"]["id"] != view["id"]
    fake.assert_no_spec_violations()


def test_views_update_keeps_the_view_id(client):
    response = client.views_update(view_id="V0000OPEN", view=MODAL)

    assert response["view"]["id"] == "V0000OPEN"


def test_users_lookup_by_email_finds_and_misses(fake, client):
    fake.add_user("U0ADA", email="Dr.Ada@Hospital.org")

    found = client.users_lookupByEmail(email="dr.ada@hospital.ORG")
    missed = _api_error(lambda: client.users_lookupByEmail(email="nobody@hospital.org"))

    assert found["user"]["id"] == "U0ADA"
    assert found["user"]["profile"]["email"] == "Dr.Ada@Hospital.org"
    assert missed.response["error"] == "users_not_found"


def test_users_info_finds_and_misses(fake, client):
    fake.add_user("U0RAJ", email="raj@hospital.org", tz="Asia/Kolkata", name="raj")

    user = client.users_info(user="U0RAJ")["user"]
    missed = _api_error(lambda: client.users_info(user="U0NOBODY"))

    assert user["id"] == "U0RAJ"
    assert user["name"] == "raj"
    assert user["tz"] == "Asia/Kolkata"
    assert user["tz_offset"] == 5 * 3600 + 30 * 60  # India has no daylight saving time
    assert user["is_bot"] is False and user["deleted"] is False
    assert missed.response["error"] == "user_not_found"


def test_conversations_open_answers_a_dm_channel(client):
    response = client.conversations_open(users="U0ADA")

    assert response["channel"]["id"] == "DU0ADA"


def test_other_methods_answer_plausibly(fake, client):
    assert client.auth_test()["user_id"] == "UBOT"
    assert client.chat_postEphemeral(channel="C1", user="U1", text="x")["message_ts"]
    updated = client.chat_update(channel="D1", ts="1700000000.000100", text="edited")
    assert (updated["channel"], updated["ts"], updated["text"]) == ("D1", "1700000000.000100", "edited")
    assert client.chat_delete(channel="D1", ts="1700000000.000100")["ok"] is True
    assert client.views_push(trigger_id="t", view=MODAL)["view"]["callback_id"] == "request_support"
    home = {"type": "home", "blocks": BLOCKS}
    assert client.views_publish(user_id="U1", view=home)["view"]["type"] == "home"
    app_client = WebClient(base_url=fake.url)
    assert app_client.apps_connections_open(app_token="xapp-test")["url"].startswith("wss://")
    assert fake.calls[-1].token == "xapp-test"
    fake.assert_no_spec_violations()


# ------------------------------------------------------ spec violations


def test_unknown_parameter_is_a_violation(fake, client):
    error = _api_error(
        lambda: client.api_call("chat.postMessage", json={"channel": "C1", "text": "x", "colour": "red"})
    )

    assert error.response["error"] == "invalid_arguments"
    assert any("'colour'" in v for v in fake.spec_violations)
    assert fake.calls == []
    assert [c.method for c in fake.failed_calls] == ["chat.postMessage"]


def test_unknown_method_is_a_violation(fake, client):
    error = _api_error(lambda: client.api_call("chat.postMesage", params={"channel": "C1"}))

    assert error.response["error"] == "unknown_method"
    assert any("chat.postMesage" in v and "unknown method" in v for v in fake.spec_violations)
    assert fake.calls == []


def test_missing_required_parameter_is_a_violation(fake, client):
    error = _api_error(lambda: client.api_call("chat.postMessage", json={"text": "no channel"}))

    assert error.response["error"] == "invalid_arguments"
    assert any("missing required parameter 'channel'" in v for v in fake.spec_violations)
    assert fake.calls == []


def test_missing_bearer_token_is_a_violation(fake):
    anonymous = WebClient(base_url=fake.url)

    error = _api_error(anonymous.auth_test)

    assert error.response["error"] == "not_authed"
    assert any("Authorization" in v for v in fake.spec_violations)
    assert fake.calls == []


def test_assert_no_spec_violations_fails_only_after_a_violation(fake, client):
    client.auth_test()
    fake.assert_no_spec_violations()

    _api_error(lambda: client.api_call("users.info", params={}))

    with pytest.raises(AssertionError, match="missing required parameter 'user'"):
        fake.assert_no_spec_violations()


# --------------------------------------------------- scripted failures


def test_rate_limited_call_is_retried_after_retry_after_and_recorded_once(fake):
    fake.fail_next("chat.postMessage", status=429, retry_after=1)
    client = WebClient(
        base_url=fake.url,
        token="xoxb-test",
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)],
    )

    response = client.chat_postMessage(channel="U1", text="hello")

    assert response["ok"] is True
    [accepted] = fake.calls_to("chat.postMessage")
    [refused] = fake.failed_calls
    assert refused.error == "ratelimited"
    assert accepted.at - refused.at >= 1.0  # the client waited Retry-After seconds
    fake.assert_no_spec_violations()


def test_rate_limit_answer_carries_retry_after_header(fake):
    fake.fail_next("auth.test", status=429, retry_after=7)
    request = urllib.request.Request(
        fake.url + "auth.test", data=b"", headers={"Authorization": "Bearer xoxb-test"}
    )

    with pytest.raises(urllib.error.HTTPError) as excinfo:
        urllib.request.urlopen(request, timeout=5)

    assert excinfo.value.code == 429
    assert excinfo.value.headers["Retry-After"] == "7"
    assert json.loads(excinfo.value.read()) == {"ok": False, "error": "ratelimited"}


def test_server_error_is_retried_and_recorded_once(fake):
    fake.fail_next("users.info", status=500)
    fake.add_user("U1")
    fast_retry = ServerErrorRetryHandler(
        max_retry_count=1, interval_calculator=FixedValueRetryIntervalCalculator(0.01)
    )
    client = WebClient(base_url=fake.url, token="xoxb-test", retry_handlers=[fast_retry])

    assert client.users_info(user="U1")["user"]["id"] == "U1"

    assert len(fake.calls_to("users.info")) == 1
    assert [c.error for c in fake.failed_calls] == ["internal_error"]


def test_status_200_error_fails_once_then_succeeds(fake, client):
    fake.fail_next("chat.postMessage", status=200, error="channel_not_found")

    error = _api_error(lambda: client.chat_postMessage(channel="C1", text="x"))
    client.chat_postMessage(channel="C1", text="x")

    assert error.response.status_code == 200
    assert error.response["error"] == "channel_not_found"
    assert len(fake.calls_to("chat.postMessage")) == 1
    assert len(fake.failed_calls) == 1


def test_wildcard_failure_applies_to_any_method_the_given_times(fake, client):
    fake.fail_next("*", status=503, times=2)

    first = _api_error(client.auth_test)
    second = _api_error(lambda: client.conversations_open(users="U1"))
    client.auth_test()

    assert first.response.status_code == second.response.status_code == 503
    assert [c.method for c in fake.failed_calls] == ["auth.test", "conversations.open"]
    assert [c.method for c in fake.calls] == ["auth.test"]


# --------------------------------------------------- waiting and records


def test_wait_for_sees_a_call_made_by_another_thread(fake, client):
    worker = threading.Thread(target=lambda: client.chat_postMessage(channel="U1", text="later"))
    worker.start()

    [call] = fake.wait_for("chat.postMessage", timeout=5)
    worker.join(timeout=5)

    assert call.params["text"] == "later"


def test_wait_for_filters_with_where(fake, client):
    client.chat_postMessage(channel="C1", text="one")
    client.chat_postMessage(channel="C2", text="two")

    matching = fake.wait_for("chat.postMessage", where=lambda c: c.params["channel"] == "C2")

    assert [c.params["text"] for c in matching] == ["two"]


def test_wait_for_times_out_listing_recorded_calls(fake, client):
    client.chat_postMessage(channel="C1", text="only this")
    started = time.monotonic()

    with pytest.raises(AssertionError) as excinfo:
        fake.wait_for("chat.postMessage", count=2, timeout=0.2)

    assert time.monotonic() - started >= 0.2
    message = str(excinfo.value)
    assert "got 1" in message and "only this" in message


def test_assert_no_call(fake, client):
    fake.assert_no_call("chat.postMessage")
    client.chat_postMessage(channel="C1", text="hi")
    fake.assert_no_call("chat.postMessage", where=lambda c: c.params["channel"] == "C2")

    with pytest.raises(AssertionError, match="chat.postMessage"):
        fake.assert_no_call("chat.postMessage")


def test_reset_calls_forgets_calls(fake, client):
    client.auth_test()
    fake.fail_next("auth.test", status=200, error="invalid_auth")
    _api_error(client.auth_test)

    fake.reset_calls()

    assert fake.calls == [] and fake.failed_calls == []


def test_calls_are_call_records_with_monotonic_times(fake, client):
    before = time.monotonic()
    client.auth_test()

    [call] = fake.calls
    assert isinstance(call, Call)
    assert before <= call.at <= time.monotonic()


def test_stop_closes_the_server():
    server = FakeSlack().start()
    url = server.url
    server.stop()

    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(urllib.request.Request(url + "auth.test", data=b""), timeout=2)

"""Hostile and broken requests get a definite answer (401 or 400), change nothing, call Slack
for nothing, and leave nothing they carried in any log (issue 9)."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from conftest import SIGNING_SECRET
from flows import cases, load_roster

NOTE = "Zebrafinch-7 note: Ottoline Quernby cried in the car park"
NAME = "Ottoline Quernby"


def raw_post(bot, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    request = urllib.request.Request(bot.send.url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def submission_body(note: str = NOTE) -> bytes:
    payload = {"type": "view_submission", "user": {"id": "UCLIN1", "name": NAME},
               "view": {"id": "VHOSTILE1", "type": "modal", "callback_id": "referral.self", "state": {"values": {
                   "referral.note": {"note": {"type": "plain_text_input", "value": note}}}}}}
    return urlencode({"payload": json.dumps(payload)}).encode()


def signed_headers(bot, body: bytes, content_type="application/x-www-form-urlencoded") -> dict[str, str]:
    """Headers as Slack signs a request: v0 HMAC-SHA256 of "v0:timestamp:body" (any bytes)."""
    timestamp = str(int(time.time()))
    digest = hmac.new(SIGNING_SECRET.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}


@pytest.fixture
def everything_logged(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def assert_nothing_happened(bot, logs, capfd, allowed=()):
    assert [c.method for c in bot.slack.calls if c.method not in allowed] == []  # no Web API call of any kind
    assert cases(bot.services) == []
    out, err = capfd.readouterr()
    for text in (logs.text, out, err):
        assert NAME not in text and "Zebrafinch" not in text and "car park" not in text
        assert "Traceback" not in text


@pytest.mark.parametrize("tamper", [
    "wrong signature", "no signature", "no timestamp", "timestamp abc", "empty timestamp",
    "fractional timestamp", "stale timestamp", "future timestamp", "plus-signed timestamp", "negative timestamp",
    "no headers",
])
def test_a_request_without_a_good_signature_gets_401_and_no_work(bot, everything_logged, capfd, tamper):
    load_roster(bot.services)
    capfd.readouterr()
    body = submission_body()
    headers = signed_headers(bot, body)
    now = int(time.time())
    if tamper == "wrong signature":
        headers["X-Slack-Signature"] = "v0=" + "0" * 64
    elif tamper == "no signature":
        del headers["X-Slack-Signature"]
    elif tamper == "no timestamp":
        del headers["X-Slack-Request-Timestamp"]
    elif tamper == "no headers":
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    else:
        timestamp = {"timestamp abc": "abc", "empty timestamp": "", "fractional timestamp": f"{now}.5",
                     "stale timestamp": str(now - 600), "future timestamp": str(now + 600),
                     "plus-signed timestamp": f"+{now}", "negative timestamp": "-1"}[tamper]
        headers["X-Slack-Request-Timestamp"] = timestamp
        # Signed with that very timestamp, so only the timestamp is wrong.
        headers["X-Slack-Signature"] = bot.send.signer.generate_signature(timestamp=timestamp, body=body.decode())
    status, _ = raw_post(bot, body, headers)
    assert status == 401
    assert_nothing_happened(bot, everything_logged, capfd)


BROKEN_PAYLOADS = {
    "payload not JSON": "{not json",
    "payload an array": "[1, 2]",
    "payload a number": "42",
    "payload a string": '"view_submission"',
    "no type": json.dumps({"user": {"id": "UCLIN1"}}),
    "actions empty": json.dumps({"type": "block_actions", "user": {"id": "UCLIN1"}, "actions": []}),
    "actions [null]": json.dumps({"type": "block_actions", "user": {"id": "UCLIN1"}, "actions": [None]}),
    "actions [{}]": json.dumps({"type": "block_actions", "user": {"id": "UCLIN1"}, "actions": [{}]}),
    "actions not a list": json.dumps({"type": "block_actions", "user": {"id": "UCLIN1"}, "actions": "x"}),
    "container a string": json.dumps({"type": "block_actions", "user": {"id": "UCLIN1"}, "container": "x",
                                      "actions": [{"action_id": "offer.accept", "value": "1"}]}),
    "view a string": json.dumps({"type": "view_submission", "user": {"id": "UCLIN1"}, "view": "a string"}),
    "view without id": json.dumps({"type": "view_submission", "user": {"id": "UCLIN1"}, "view": {}}),
    "view without type": json.dumps({"type": "view_submission", "user": {"id": "UCLIN1"}, "view": {"id": "V1"}}),
    "user a string": json.dumps({"type": "view_submission", "user": "UCLIN1", "view": {"id": "V1"}}),
    "state a list": json.dumps({"type": "view_submission", "user": {"id": "UCLIN1"},
                                "view": {"id": "V1", "state": [NOTE]}}),
    "shortcut without trigger": json.dumps({"type": "shortcut", "callback_id": "referral.colleague",
                                            "user": {"id": "UCLIN1"}}),
}


@pytest.mark.parametrize("case", list(BROKEN_PAYLOADS))
def test_a_signed_payload_bolt_cannot_rely_on_gets_400_and_no_work(bot, everything_logged, capfd, case):
    capfd.readouterr()
    body = urlencode({"payload": BROKEN_PAYLOADS[case], "note": NOTE}).encode()
    status, _ = raw_post(bot, body, signed_headers(bot, body))
    assert status == 400
    assert_nothing_happened(bot, everything_logged, capfd)


BROKEN_EVENTS = {
    "event null": {"type": "event_callback", "event": None},
    "event a list": {"type": "event_callback", "event": []},
    "event without type": {"type": "event_callback", "event": {"user": "UCLIN1", "text": NOTE}},
    "body an array": [NOTE],
    "body a number": 7,
}


@pytest.mark.parametrize("case", list(BROKEN_EVENTS))
def test_a_signed_event_body_bolt_cannot_rely_on_gets_400_and_no_work(bot, everything_logged, capfd, case):
    capfd.readouterr()
    body = json.dumps(BROKEN_EVENTS[case]).encode()
    status, _ = raw_post(bot, body, signed_headers(bot, body, "application/json"))
    assert status == 400
    assert_nothing_happened(bot, everything_logged, capfd)


@pytest.mark.parametrize("body", [b"\xff\xfe not utf-8", b"payload=%7B", b"a=1&a", b"", b"command=",
                                  b"payload=1&payload=2"])
def test_a_signed_body_that_cannot_be_read_gets_400(bot, everything_logged, capfd, body):
    capfd.readouterr()
    status, _ = raw_post(bot, body, signed_headers(bot, body))
    assert status == 400
    assert_nothing_happened(bot, everything_logged, capfd)


def test_a_good_request_still_goes_through_the_gate(bot):
    reply = bot.send.command("UCLIN1", "help")
    assert reply.status == 200 and "Peer support" in reply.body


@pytest.mark.parametrize("values", [
    {"referral.urgency": {"urgency": {"selected_option": "today"}}},
    {"referral.urgency": {"urgency": []}},
    {"referral.urgency": "today"},
    {"referral.note": {"note": {"value": [NOTE]}}, "referral.urgency": {"urgency": {"selected_option": {"value": 1}}}},
    {"referral.avoid": {"avoid": {"selected_users": [{"id": "U1"}, None]}},
     "referral.urgency": {"urgency": {"selected_option": {"value": "today"}}}},
])
def test_a_form_whose_values_have_the_wrong_shape_is_refused_on_the_form(bot, everything_logged, capfd, values):
    load_roster(bot.services)
    capfd.readouterr()
    payload = {"type": "view_submission", "user": {"id": "UCLIN1"}, "trigger_id": "t",
               "view": {"id": "VSHAPE1", "type": "modal", "callback_id": "referral.self",
                        "state": {"values": values}}}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    status, answer = raw_post(bot, body, signed_headers(bot, body))
    assert status == 200 and json.loads(answer)["response_action"] == "errors"
    assert_nothing_happened(bot, everything_logged, capfd, allowed=("auth.test",))  # Bolt asks who it is

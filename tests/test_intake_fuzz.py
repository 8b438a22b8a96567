"""Schemathesis fuzzes both intake endpoints from openapi_document(), each request signed with a valid
Standard Webhooks signature over the exact bytes sent, against the bot's real HTTP server: no answer
is a 500, and every answer is one the description names, in the shape it gives."""
from __future__ import annotations

import json
import re
import uuid

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bot.intake.openapi import openapi_document
from flows import load_roster
from intake_steps import ROSTER, SECRET, sign

# Methods the operations do not have are tried too: the server answers 405. QUERY (a draft method
# Python's http.server does not know) gets its 501 "not implemented", which is right for a method a
# server does not recognise, so it is left out.
CONFIG = SchemathesisConfig.from_dict({"phases": {"coverage": {
    "unexpected-methods": ["get", "put", "post", "delete", "options", "patch", "trace"]}}})
SCHEMA = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
_SENDABLE_ID = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?")


@pytest.fixture
def served(start_bot):
    """One bot for all of an operation's examples, with intake switched on and a roster."""
    bot = start_bot(intake_secrets=(SECRET,), intake_bearer_tokens=("fuzz-token-" + "0" * 32,), intake_rate=100000)
    load_roster(bot.services, ROSTER)
    return bot


def signed_request(case, bot) -> requests.Response:
    """The generated request as schemathesis would send it, its body's exact bytes signed with the
    bot's secret, now (a generated webhook-id is kept when HTTP can carry it)."""
    kwargs = case.as_transport_kwargs(base_url=f"http://127.0.0.1:{bot.server.port}")
    kwargs.pop("cookies", None)
    prepared = requests.Request(**kwargs).prepare()
    if case.method.upper() == "POST":
        body = prepared.body or b""
        body = body.encode() if isinstance(body, str) else body
        webhook_id = prepared.headers.get("webhook-id", "")
        if not _SENDABLE_ID.fullmatch(webhook_id):
            webhook_id = f"msg_{uuid.uuid4().hex}"
        timestamp = int(bot.clock.now().timestamp())
        prepared.headers.pop("Authorization", None)
        prepared.headers.update({
            "webhook-id": webhook_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(SECRET, webhook_id, timestamp, body),
        })
        prepared.body = body
    with requests.Session() as session:
        return session.send(prepared, timeout=15)


@SCHEMA.parametrize()
@settings(max_examples=75, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_fuzzed_signed_requests_never_get_a_500_and_every_answer_is_described(case, served):
    response = signed_request(case, served)
    case.validate_response(response, checks=CHECKS)

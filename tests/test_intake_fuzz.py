"""Schemathesis fuzzes both intake endpoints from openapi_document(), each request signed with a valid
Standard Webhooks signature over the exact bytes sent, against the bot's real HTTP server: no answer
is a 500, and every answer is one the description names, in the shape it gives. A second fuzz, with
Hypothesis, sends the v1 route function bodies that follow the description, nearly follow it, or are
anything at all."""
from __future__ import annotations

import json
import re
import uuid

import jsonschema
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bot.core.http import HttpRequest
from bot.intake.openapi import openapi_document
from bot.intake.web import EVENTS_PATH, routes
from flows import load_roster
from intake_steps import NPI_CLIN1, ROSTER, SECRET, event_body, sign

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


# ---- near-valid and arbitrary bodies, straight to the route --------------------------------------------

DOCUMENT = openapi_document()
ANSWERS = DOCUMENT["paths"][EVENTS_PATH]["post"]["responses"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
identifiers = st.fixed_dictionaries({
    "system": st.sampled_from(["email", "slack", "npi", "employee-id", "fax"]),
    "value": st.sampled_from([NPI_CLIN1, "1234567890", "alex@hospital.org", "UCLIN1", "E-1003", "x y", ""])
    | st.text(max_size=20),
})
participants = st.fixed_dictionaries({"identifier": identifiers | json_values,
                                      "function": st.sampled_from(["primary", "team", "witness", "boss"])})
bodies = st.one_of(
    st.builds(lambda ps, **f: event_body(participants=ps, **f), st.lists(participants, min_size=0, max_size=6),
              category=st.sampled_from(["fall", "patient-death", "nope"]),
              seriousness=st.sampled_from(["serious", "non-serious", 1]),
              occurred_on=st.sampled_from(["2026-03-01", "2026-02-30", "yesterday", "9999-01-01"]) | json_values,
              division=st.none() | st.text(max_size=40) | json_values,
              source_event_id=st.text(max_size=30) | json_values),
    st.dictionaries(st.sampled_from(["source_system", "category", "participants", "extra"]), json_values),
    json_values,
)


def answer_schema(status: int) -> dict:
    """The schema the description gives this status's body, with the components beside it."""
    name = ANSWERS[str(status)]["$ref"].rsplit("/", 1)[1]
    schema = DOCUMENT["components"]["responses"][name]["content"]["application/json"]["schema"]
    return {**schema, "components": DOCUMENT["components"]}


@pytest.fixture
def route(make_services):
    services = make_services(intake_secrets=(SECRET,), intake_rate=100000)
    load_roster(services, ROSTER)
    return routes(services)[("POST", EVENTS_PATH)], services


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=bodies)
def test_fuzzed_bodies_with_valid_signatures_never_get_a_500(route, body):
    post, services = route
    data = json.dumps(body).encode()
    now = int(services.clock.now().timestamp())
    request = HttpRequest("POST", EVENTS_PATH, {"webhook-id": f"msg_{hash(data)}", "webhook-timestamp": str(now),
                                                "webhook-signature": sign(SECRET, f"msg_{hash(data)}", now, data)},
                          data)
    response = post(request)
    assert str(response.status) in ANSWERS and response.status not in (500, 503), response.body
    jsonschema.validate(json.loads(response.body), answer_schema(response.status))

"""The intake API described by GET /intake/openapi.json, and fuzzed from that description: valid
signatures on bodies that follow it, nearly follow it, or are anything at all; never a 500 (nor a
503), and every answer in the description."""
from __future__ import annotations

import json
import urllib.request

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.http import HttpRequest
from bot.intake.openapi import openapi_document
from bot.intake.web import EVENTS_PATH, routes
from flows import load_roster
from intake_steps import NPI_CLIN1, ROSTER, SECRET, event_body, sign

DOCUMENT = openapi_document()
SCHEMAS = DOCUMENT["components"]["schemas"]
ANSWERED = {int(code) for code in DOCUMENT["paths"][EVENTS_PATH]["post"]["responses"]}

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


def test_the_description_is_served_and_a_valid_body_follows_it(start_bot):
    bot = start_bot(intake_secrets=(SECRET,))
    with urllib.request.urlopen(f"http://127.0.0.1:{bot.server.port}/intake/openapi.json", timeout=15) as answer:
        served = json.loads(answer.read())
    assert served == DOCUMENT
    resolver = {"$ref": "#/components/schemas/Event", "components": DOCUMENT["components"]}
    jsonschema.validate(event_body(division="Trauma"), resolver)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(event_body(patient="x"), resolver)


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
    assert response.status in ANSWERED and response.status not in (500, 503), response.body
    answer = json.loads(response.body)
    schema = SCHEMAS["Answer"] if response.status in (202, 422) else SCHEMAS["Error"]
    jsonschema.validate(answer, {**schema, "components": DOCUMENT["components"]})

"""The OpenAPI 3.1 description says what the endpoints accept and answer, strictly, and agrees with
the checks themselves: what its Event schema accepts, receive's check accepts (the identifier guard
and a future date aside, which no schema can say), and what it refuses, the check refuses."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from bot.intake.csv_events import events_from_csv
from bot.intake.fhir import event_from_fhir
from bot.intake.openapi import openapi_document
from bot.intake.web import EVENTS_PATH, FHIR_PATH, OPENAPI_PATH
from bot.intake.receive import InvalidEvent, check_body
from bot.intake.vocabulary import CATEGORIES, FUNCTIONS, MAX_PARTICIPANTS, SERIOUSNESS, IdentifierSystem
from intake_steps import NPI_CLIN1, event_body, person

DOCUMENT = openapi_document()
FHIR_DATA = Path(__file__).parent / "data" / "fhir"
TODAY = date(2026, 12, 3)


def component(name: str) -> dict:
    """A component schema, with the document's components beside it so its $refs resolve."""
    return {"$ref": f"#/components/schemas/{name}", "components": {"schemas": DOCUMENT["components"]["schemas"]}}


EVENT = component("Event")
VALIDATOR = jsonschema.Draft202012Validator(EVENT, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def schema_accepts(body) -> bool:
    return VALIDATOR.is_valid(body)


def check_accepts(body) -> bool:
    try:
        check_body(body, TODAY)
    except InvalidEvent:
        return False
    return True


def test_it_is_openapi_3_1_and_describes_both_endpoints_and_itself():
    assert DOCUMENT["openapi"] == "3.1.0"
    assert set(DOCUMENT["paths"]) == {EVENTS_PATH, FHIR_PATH, OPENAPI_PATH}
    assert json.loads(json.dumps(DOCUMENT)) == DOCUMENT == openapi_document()
    for name in DOCUMENT["components"]["schemas"]:
        jsonschema.Draft202012Validator.check_schema(DOCUMENT["components"]["schemas"][name])


@pytest.mark.parametrize("path", [EVENTS_PATH, FHIR_PATH])
def test_every_answer_is_described(path):
    operation = DOCUMENT["paths"][path]["post"]
    assert set(operation["responses"]) == {"202", "400", "401", "413", "422", "429", "503"}
    responses = DOCUMENT["components"]["responses"]
    assert "Retry-After" in responses["TooMany"]["headers"]
    accepted = responses["Accepted"]["content"]["application/json"]["schema"]
    assert accepted == {"$ref": "#/components/schemas/Answer"}


def test_the_v1_endpoint_wants_the_three_signature_headers_and_the_fhir_one_a_signature_or_a_token():
    v1 = DOCUMENT["paths"][EVENTS_PATH]["post"]
    names = [DOCUMENT["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]] for p in v1["parameters"]]
    assert [(p["name"], p["in"], p["required"]) for p in names] == [
        ("webhook-id", "header", True), ("webhook-timestamp", "header", True), ("webhook-signature", "header", True)]
    fhir = DOCUMENT["paths"][FHIR_PATH]["post"]
    assert [(p["name"], p["required"]) for p in fhir["parameters"]] == [
        ("webhook-id", False), ("webhook-timestamp", False), ("webhook-signature", False)]
    assert fhir["security"] == [{"webhookSignature": []}, {"bearerToken": []}]
    assert set(fhir["requestBody"]["content"]) == {"application/fhir+json", "application/json"}


def test_the_event_schema_is_strict_and_takes_its_lists_from_the_vocabulary():
    schemas = DOCUMENT["components"]["schemas"]
    for name in ("Event", "Participant", "Identifier"):
        assert schemas[name]["additionalProperties"] is False
    properties = schemas["Event"]["properties"]
    assert properties["category"]["enum"] == list(CATEGORIES)
    assert properties["seriousness"]["enum"] == list(SERIOUSNESS)
    assert properties["occurred_on"]["format"] == "date"
    assert properties["participants"]["maxItems"] == MAX_PARTICIPANTS == 50
    assert schemas["Participant"]["properties"]["function"]["enum"] == list(FUNCTIONS)
    assert schemas["Identifier"]["properties"]["system"]["enum"] == [str(s) for s in IdentifierSystem]


GOOD = [
    event_body(),
    event_body(division="General Surgery"),
    event_body(division=None),
    event_body(participants=[person("email", "alex@hospital.org"), person("slack", "UCLIN1", "witness"),
                             person("employee-id", "E-1002", "primary"), person("npi", NPI_CLIN1)]),
    event_body(participants=[person("employee-id", f"E-{n}") for n in range(50)]),
    event_body(source_system="https://safety.example-hospital.org/event-id", source_event_id="evt-4f9c2a"),
]
BAD = [
    event_body(colour="red"),
    event_body(category="sad"),
    event_body(seriousness="Serious"),
    event_body(occurred_on="01/03/2026"),
    event_body(occurred_on="2026-02-30"),
    event_body(division=""),
    event_body(participants=[]),
    event_body(participants=[person("employee-id", f"E-{n}") for n in range(51)]),
    event_body(participants=[person("npi", "123456789")]),
    event_body(participants=[person("email", "not-an-email")]),
    event_body(participants=[person("slack", "alex")]),
    event_body(participants=[person("employee-id", "E 1002")]),
    event_body(participants=[person("fax", "1")]),
    event_body(participants=[{**person("slack", "UCLIN1"), "name": "Alex"}]),
    event_body(participants=[{"identifier": {"system": "slack", "value": "UCLIN1", "name": "x"}, "function": "team"}]),
    event_body(participants=[person("slack", "UCLIN1", "surgeon")]),
    event_body(source_event_id=""),
    event_body(source_event_id="evt 1"),
    event_body(source_system="x" * 101),
    {k: v for k, v in event_body().items() if k != "occurred_on"},
    [],
]


@pytest.mark.parametrize("body", GOOD)
def test_what_the_schema_accepts_the_check_accepts(body):
    assert schema_accepts(body) and check_accepts(body)


@pytest.mark.parametrize("body", BAD)
def test_what_the_schema_refuses_the_check_refuses(body):
    assert not schema_accepts(body) and not check_accepts(body)


def test_what_no_schema_can_say_is_said_in_words_and_refused_by_the_check():
    # A wrong NPI check digit, a patient identifier in a free string, a date in the future.
    for body in (event_body(participants=[person("npi", "1234567890")]), event_body(division="MRN 5551234"),
                 event_body(occurred_on="2099-01-01")):
        assert schema_accepts(body) and not check_accepts(body)
    properties = DOCUMENT["components"]["schemas"]["Event"]["properties"]
    assert "patient identifier" in properties["division"]["description"]
    assert "later is refused" in properties["occurred_on"]["description"]


def test_the_fhir_and_csv_readers_give_bodies_the_schema_accepts():
    bodies = [event_from_fhir(json.loads(path.read_text())) for path in sorted(FHIR_DATA.glob("*.json"))]
    bodies += events_from_csv(
        "source_system,source_event_id,category,seriousness,occurred_on,division,identifier_system,identifier_value,function\n"
        "mm-list,week-48-1,patient-death,serious,2026-11-25,,slack,U0ABC123,witness\n"
        "mm-list,week-48-2,fall,non-serious,2026-11-26,Trauma,npi,1234567893,primary\n")
    assert len(bodies) == 6
    for body in bodies:
        assert schema_accepts(body), body

"""`POST /intake/fhir/AdverseEvent` through the real app: the same signatures (or a bearer token) and
the same answers as the v1 endpoint, errors named by the document's paths, `GET /intake/openapi.json`;
and a document whose subject, contained Patient, text and note carry a patient's name and record
number leaves neither in the database (a raw dump, and every table's rows) nor in the logs."""
from __future__ import annotations

import copy
import json
import logging
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.intake.openapi import openapi_document
from bot.intake.web import FHIR_PATH, OPENAPI_PATH
from flows import cases, load_roster
from intake_steps import ROSTER, SECRET, IntakeSender
from models.tables import Base
from test_retention_and_audit import raw_database

DATA = Path(__file__).parent / "data" / "fhir"
TOKEN = "fhir-server-token-0123456789abcdefghijklmnop"
FHIR_ROSTER = ROSTER + """UFHIR1,,Morgan Surgeon,,faculty,General Surgery,2,1847000019,
UFHIR2,j.lindqvist@hospital.example.org,Jules Nurse,,faculty,General Surgery,2,,
UFHIR3,,Quinn Resident,,trainee,Orthopedics,2,1999999992,
UFHIR4,,Avery Attending,,faculty,General Surgery,2,1000000004,
"""
PATIENT = ("Ottoline", "Vasquez-Brandt", "77300451", "ottoline.vb", "1958-04-17", "sponge")


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


def start(start_bot, **settings):
    settings.setdefault("intake_secrets", (SECRET,))
    bot = start_bot(**settings)
    load_roster(bot.services, FHIR_ROSTER)
    return bot, IntakeSender(f"http://127.0.0.1:{bot.server.port}", bot.clock)


@pytest.fixture
def fhir(start_bot):
    return start(start_bot, intake_bearer_tokens=(TOKEN,))


def post(sender, document, **kwargs):
    headers = {"Content-Type": "application/fhir+json", **kwargs.pop("headers", {})}
    return sender.post(document, path=FHIR_PATH, headers=headers, **kwargs)


def results(reply) -> list[tuple[str, str]]:
    return [(p["identifier"]["value"], p["result"]) for p in reply.json()["participants"]]


# ---- the answers ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, expected", [
    ("adverse_event_r4.json", [("1234567893", "created"), ("r.okafor@hospital.example.org", "unresolved")]),
    ("adverse_event_r5.json", [("1847000019", "created"), ("1523412348", "unresolved"),
                               ("j.lindqvist@hospital.example.org", "created")]),
    ("notification_bundle.json", [("1999999992", "created")]),
])
def test_a_signed_fhir_document_is_202_with_one_entry_per_practitioner(fhir, name, expected):
    bot, sender = fhir
    reply = post(sender, load(name))
    assert reply.status == 202, reply.body
    assert results(reply) == expected
    assert {case.source for case in cases(bot.services)} == {"system"}


def test_a_bearer_token_instead_of_a_signature_is_accepted_on_the_fhir_route_only(fhir):
    bot, sender = fhir
    unsigned = {"webhook-id": None, "webhook-timestamp": None, "webhook-signature": None}
    bearer = {**unsigned, "Authorization": f"Bearer {TOKEN}"}
    assert post(sender, load("adverse_event_r4.json"), headers=bearer).status == 202
    assert post(sender, load("adverse_event_r5.json"), headers={**unsigned, "Authorization": "Bearer nope"}).status == 401
    assert post(sender, load("adverse_event_r5.json"), headers=unsigned).status == 401
    from intake_steps import event_body
    assert sender.post(event_body(), headers=bearer).status == 401  # the v1 route wants a signature


def test_without_bearer_tokens_configured_a_bearer_header_is_not_enough(start_bot):
    bot, sender = start(start_bot)
    headers = {"webhook-signature": None, "Authorization": f"Bearer {TOKEN}"}
    assert post(sender, load("adverse_event_r4.json"), headers=headers).status == 401


def test_a_bad_signature_is_401_and_stores_nothing(fhir):
    bot, sender = fhir
    assert post(sender, load("adverse_event_r4.json"), signature="v1,AAAA").status == 401
    assert post(sender, load("adverse_event_r4.json"), timestamp=int(bot.clock.now().timestamp()) - 301).status == 401
    assert cases(bot.services) == []


def test_a_document_that_is_not_an_event_is_400_named_by_its_paths(fhir):
    bot, sender = fhir
    document = load("adverse_event_r5.json")
    del document["seriousness"]
    document["occurrenceDateTime"] = "2026-11"
    reply = post(sender, document)
    assert reply.status == 400
    assert reply.json() == {"errors": {
        "AdverseEvent.seriousness":
            "needed: serious or non-serious (http://terminology.hl7.org/CodeSystem/adverse-event-seriousness)",
        "AdverseEvent.occurrenceDateTime": "needs a full date (YYYY-MM-DD), not only a year or a month",
    }}
    assert post(sender, None, raw=b"<AdverseEvent/>").status == 400
    assert post(sender, {"resourceType": "Patient", "name": [{"family": "Vasquez-Brandt"}]}).json() == {
        "errors": {"resourceType": "must be AdverseEvent, or Bundle for a notification"}}
    assert cases(bot.services) == []


def test_what_the_v1_checks_refuse_is_named_by_the_element_it_was_read_from(fhir):
    bot, sender = fhir
    document = load("adverse_event_r5.json")
    document["participant"][2]["actor"] = {"identifier": {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567890"}}
    document["identifier"][0]["value"] = "AE-2026-77300451"
    reply = post(sender, document)
    assert reply.status == 400
    errors = reply.json()["errors"]
    assert errors["AdverseEvent.participant[2].actor"] == (
        "is not an NPI: its check digit is wrong (read as participants[2].identifier.value)")
    assert errors["AdverseEvent.identifier[0]"].endswith("(read as source_event_id)")
    assert "77300451" not in reply.body


def test_nobody_on_the_roster_is_422_and_stores_nothing(fhir):
    bot, sender = fhir
    document = load("adverse_event_r4.json")
    document["contributor"] = [{"identifier": {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1523412348"}}]
    reply = post(sender, document)
    assert reply.status == 422 and reply.json()["event"] is None
    assert cases(bot.services) == []


def test_a_document_over_16_kb_is_413(fhir):
    bot, sender = fhir
    document = load("adverse_event_r4.json")
    document["text"] = {"status": "generated", "div": "x" * (16 * 1024)}
    assert post(sender, document).status == 413


def test_past_intake_rate_the_fhir_route_is_429_too(start_bot):
    bot, sender = start(start_bot, intake_rate=2)
    assert [post(sender, load("adverse_event_r4.json")).status for _ in range(3)] == [202, 202, 429]


def test_a_replayed_webhook_id_gets_the_first_answer_and_a_resend_is_a_repeat(fhir):
    bot, sender = fhir
    first = post(sender, load("notification_bundle.json"), webhook_id="msg_fhir_1")
    again = post(sender, load("notification_bundle.json"), webhook_id="msg_fhir_1")
    assert (again.status, again.body) == (first.status, first.body)
    resent = post(sender, load("notification_bundle.json"))
    assert resent.status == 202 and results(resent) == [("1999999992", "repeat")]
    assert len(cases(bot.services)) == 1


def get(bot, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{bot.server.port}{path}", timeout=15) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_openapi_document_is_served(fhir):
    bot, sender = fhir
    status, body = get(bot, OPENAPI_PATH)
    assert status == 200 and json.loads(body) == openapi_document()


def test_without_intake_secrets_neither_route_nor_the_description_exists(start_bot):
    bot, sender = start(start_bot, intake_secrets=())
    assert post(sender, load("adverse_event_r4.json")).status == 404
    assert get(bot, OPENAPI_PATH)[0] == 404


# ---- no patient data -------------------------------------------------------------------------------


def every_row(bot) -> str:
    with bot.services.db.session() as session:
        return "\n".join(str(row) for table in Base.metadata.sorted_tables
                         for row in session.execute(select(table)).all())


def test_a_patients_name_and_record_number_reach_neither_the_database_nor_the_logs(
        start_bot, database_url, caplog):
    caplog.set_level(logging.DEBUG)
    bot, sender = start(start_bot)
    document = load("with_patient_data.json")
    assert all(part in json.dumps(document) for part in PATIENT)
    reply = post(sender, document)
    assert reply.status == 202 and results(reply) == [("1000000004", "created")]
    # The same document refused (a wrong check digit), and again not even JSON: the errors name paths.
    refused = copy.deepcopy(document)
    refused["contained"][1]["identifier"][0]["value"] = "1000000005"
    assert post(sender, refused).status == 400
    assert post(sender, None, raw=json.dumps(document).encode()[:-9]).status == 400
    bot.run_due_work()  # the coordinators' triage message goes out
    slack_calls = json.dumps([call.params for call in bot.slack.calls])
    rows = every_row(bot)
    assert "1000000004" in rows  # what is kept is there …
    raw = raw_database(bot, database_url)
    logs = caplog.text
    for part in PATIENT:  # … and nothing about the patient, anywhere
        assert part not in rows and part.encode() not in raw and part not in logs and part not in slack_calls
        assert part not in reply.body


@pytest.mark.parametrize("path", ["/intake/v1/events", FHIR_PATH])
def test_json_nested_too_deep_to_read_is_a_400_not_a_503(fhir, path):
    bot, sender = fhir
    reply = sender.post(None, path=path, raw=b"[" * 8000 + b"]" * 8000)
    assert reply.status == 400 and reply.json() == {"errors": {"": "the body is not JSON"}}


def test_methods_the_server_serves_nothing_with_are_405_and_head_is_get_without_a_body(fhir):
    bot, sender = fhir
    import http.client

    for method in ("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"):
        connection = http.client.HTTPConnection("127.0.0.1", bot.server.port, timeout=15)
        connection.request(method, FHIR_PATH, body=b"{}")
        answer = connection.getresponse()
        assert (answer.status, answer.getheader("Allow")) == (405, "GET, HEAD, POST"), method
        connection.close()
    connection = http.client.HTTPConnection("127.0.0.1", bot.server.port, timeout=15)
    connection.request("HEAD", OPENAPI_PATH)
    answer = connection.getresponse()
    assert answer.status == 200 and int(answer.getheader("Content-Length")) > 0 and answer.read() == b""
    connection.close()

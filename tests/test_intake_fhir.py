"""A FHIR AdverseEvent becomes the v1 body from an allow-list only: the event, its category and
seriousness, its date and the practitioners involved. A patient's name or record number anywhere
in the document reaches neither the body nor an error; a bad document is named by its paths."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.intake.fhir import CATEGORY_SYSTEM, NPI_SYSTEM, FhirDocumentError, event_from_fhir
from bot.intake.vocabulary import CATEGORIES

DATA = Path(__file__).parent / "data" / "fhir"
PATIENT_NAME, RECORD_NUMBER = "Vasquez-Brandt", "77300451"
SERIOUSNESS = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness"
HL7_CATEGORY = "http://terminology.hl7.org/CodeSystem/adverse-event-category"


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


def npi(value: str, **extra) -> dict:
    return {"identifier": {"system": NPI_SYSTEM, "value": value}, **extra}


def r5(**fields) -> dict:
    event = {
        "resourceType": "AdverseEvent",
        "identifier": [{"system": "https://safety.example.org/id", "value": "evt-1a"}],
        "status": "completed",
        "seriousness": {"coding": [{"system": SERIOUSNESS, "code": "serious"}]},
        "occurrenceDateTime": "2026-02-26",
        "participant": [{"actor": npi("1234567893")}],
    }
    event.update(fields)
    return {k: v for k, v in event.items() if v is not None}


def errors_of(document) -> list[str]:
    with pytest.raises(FhirDocumentError) as caught:
        event_from_fhir(document)
    return [str(error) for error in caught.value.errors]


# ---- the three shapes -----------------------------------------------------------------------------


def test_an_r4_adverse_event_gives_its_event_its_date_and_its_contributors():
    assert event_from_fhir(load("adverse_event_r4.json")) == {
        "source_system": "https://safety.example-hospital.org/event-id",
        "source_event_id": "evt-4f9c2a",
        "category": "medication",  # HL7's wrong-dose
        "seriousness": "serious",
        "occurred_on": "2026-02-24",  # the date as written, not converted to UTC
        "participants": [
            {"identifier": {"system": "npi", "value": "1234567893"}, "function": "team"},
            {"identifier": {"system": "email", "value": "r.okafor@hospital.example.org"}, "function": "team"},
        ],  # the pump (a Device) is not a participant
    }


def test_an_r5_adverse_event_gives_each_participant_a_function():
    body = event_from_fhir(load("adverse_event_r5.json"))
    assert (body["category"], body["seriousness"], body["occurred_on"]) == (
        "surgery-or-anesthesia", "serious", "2026-02-26")
    assert body["participants"] == [
        {"identifier": {"system": "npi", "value": "1847000019"}, "function": "primary"},
        {"identifier": {"system": "npi", "value": "1523412348"}, "function": "team"},
        {"identifier": {"system": "email", "value": "j.lindqvist@hospital.example.org"}, "function": "witness"},
    ]  # the Organization is not a participant


def test_a_backport_notification_bundle_gives_the_adverse_event_it_carries():
    body = event_from_fhir(load("notification_bundle.json"))
    assert body == {
        "source_system": "https://safety.example-hospital.org/event-id",
        "source_event_id": "evt-77d0e1",
        "category": "fall",
        "seriousness": "non-serious",
        "occurred_on": "2026-02-25",
        "participants": [{"identifier": {"system": "npi", "value": "1999999992"}, "function": "team"}],
    }


def test_the_body_has_exactly_the_v1_fields():
    for name in ("adverse_event_r4.json", "adverse_event_r5.json", "notification_bundle.json"):
        body = event_from_fhir(load(name))
        assert set(body) == {"source_system", "source_event_id", "category", "seriousness", "occurred_on", "participants"}
        for participant in body["participants"]:
            assert set(participant) == {"identifier", "function"}
            assert set(participant["identifier"]) == {"system", "value"}


# ---- nothing about the patient --------------------------------------------------------------------


def test_a_patients_name_and_record_number_in_subject_contained_text_and_note_go_nowhere():
    document = load("with_patient_data.json")
    raw = json.dumps(document)
    assert PATIENT_NAME in raw and RECORD_NUMBER in raw and "Ottoline" in raw  # the fixture carries them
    body = event_from_fhir(document)
    kept = json.dumps(body)
    for secret in (PATIENT_NAME, "Ottoline", RECORD_NUMBER, "1958", "ottoline.vb", "OR 7", "sponge"):
        assert secret not in kept
    # The contained Patient's email is not a participant: only practitioners are.
    assert body["participants"] == [{"identifier": {"system": "npi", "value": "1000000004"}, "function": "primary"}]


def test_a_bad_document_carrying_patient_data_names_paths_and_never_the_data():
    document = load("with_patient_data.json")
    document["identifier"] = [{"system": "urn:x", "value": None}]
    document["seriousness"] = {"coding": [{"code": "Ottoline Vasquez-Brandt"}]}
    document["occurrenceDateTime"] = "MRN 77300451"
    document["participant"].append({"actor": {"reference": "Practitioner/" + RECORD_NUMBER, "display": PATIENT_NAME}})
    with pytest.raises(FhirDocumentError) as caught:
        event_from_fhir(document)
    text = str(caught.value) + repr(caught.value.errors)
    assert PATIENT_NAME not in text and RECORD_NUMBER not in text and "Ottoline" not in text
    paths = [error.path for error in caught.value.errors]
    assert paths == [
        "AdverseEvent.identifier[0]",
        "AdverseEvent.seriousness",
        "AdverseEvent.occurrenceDateTime",
        "AdverseEvent.participant[2].actor",
    ]


def test_a_patient_as_a_participant_is_skipped_not_read():
    document = r5(participant=[{"actor": {"reference": "Patient/p-1"}}, {"actor": npi("1234567893")}],
                  contributor=None)
    assert [p["identifier"]["value"] for p in event_from_fhir(document)["participants"]] == ["1234567893"]


# ---- categories, seriousness, dates, functions ----------------------------------------------------


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_v1_category_can_be_sent_under_the_category_system(category):
    document = r5(category=[{"coding": [{"system": CATEGORY_SYSTEM, "code": category}]}])
    assert event_from_fhir(document)["category"] == category


@pytest.mark.parametrize("coding, expected", [
    ({"system": HL7_CATEGORY, "code": "expired-drug"}, "medication"),
    ({"system": "http://hl7.org/fhir/adverse-event-category", "code": "wrong-rate"}, "medication"),
    ({"system": HL7_CATEGORY, "code": "medical-device-use-error"}, "device-or-supply"),
    ({"system": HL7_CATEGORY, "code": "unsafe-physical-environment"}, "other"),
    ({"system": "http://snomed.info/sct", "code": "217082002"}, "other"),
    ({"system": CATEGORY_SYSTEM, "code": "not-a-category"}, "other"),
    ({"system": "urn:elsewhere", "code": "fall"}, "other"),  # only our system names our words
])
def test_codes_map_to_the_fixed_list_and_unknown_ones_are_other(coding, expected):
    assert event_from_fhir(r5(category=[{"coding": [coding]}]))["category"] == expected


def test_the_category_system_wins_over_hl7_codes_in_category_or_code():
    document = r5(
        category=[{"coding": [{"system": HL7_CATEGORY, "code": "wrong-dose"}]}],
        code={"coding": [{"system": CATEGORY_SYSTEM, "code": "litigation"}]},
    )
    assert event_from_fhir(document)["category"] == "litigation"


def test_a_death_with_no_other_category_is_a_patient_death():
    document = r5(seriousness={"coding": [{"system": SERIOUSNESS, "code": "SeriousResultsInDeath"}]})
    assert (event_from_fhir(document)["category"], event_from_fhir(document)["seriousness"]) == ("patient-death", "serious")


@pytest.mark.parametrize("code, expected", [
    ("Serious", "serious"), ("serious", "serious"), ("SeriousIsLifeThreatening", "serious"),
    ("Non-serious", "non-serious"), ("non-serious", "non-serious"),
])
def test_r4_and_r5_seriousness_codes(code, expected):
    assert event_from_fhir(r5(seriousness={"coding": [{"system": SERIOUSNESS, "code": code}]}))["seriousness"] == expected


@pytest.mark.parametrize("fields, expected", [
    ({"occurrenceDateTime": "2026-02-26T23:59:00-05:00"}, "2026-02-26"),
    ({"occurrenceDateTime": None, "occurrencePeriod": {"start": "2026-10-01T08:00:00Z"}}, "2026-10-01"),
    ({"occurrenceDateTime": None, "date": "2026-09-15"}, "2026-09-15"),
])
def test_the_date_comes_from_date_occurrence_or_period(fields, expected):
    assert event_from_fhir(r5(**fields))["occurred_on"] == expected


def test_a_practitioner_named_twice_is_one_participant_with_the_strongest_function():
    document = r5(participant=[
        {"function": {"coding": [{"code": "WIT"}]}, "actor": npi("1234567893")},
        {"function": {"coding": [{"code": "PPRF"}]}, "actor": npi("1234567893")},
        {"function": {"coding": [{"code": "witness"}]}, "actor": npi("1000000004")},
    ])
    assert event_from_fhir(document)["participants"] == [
        {"identifier": {"system": "npi", "value": "1234567893"}, "function": "primary"},
        {"identifier": {"system": "npi", "value": "1000000004"}, "function": "witness"},
    ]


def test_a_contained_practitioner_prefers_its_npi_and_skips_an_old_email():
    document = r5(
        contained=[
            {"resourceType": "Practitioner", "id": "a", "telecom": [{"system": "email", "value": "old@x.org", "use": "old"},
                                                                    {"system": "email", "value": "new@x.org"}]},
            {"resourceType": "PractitionerRole", "id": "b", "identifier": [{"system": NPI_SYSTEM, "value": "1999999992"}],
             "telecom": [{"system": "email", "value": "role@x.org"}]},
        ],
        participant=[{"actor": {"reference": "#a"}}, {"actor": {"reference": "#b"}}],
    )
    assert [p["identifier"] for p in event_from_fhir(document)["participants"]] == [
        {"system": "email", "value": "new@x.org"}, {"system": "npi", "value": "1999999992"}]


# ---- bad documents ----------------------------------------------------------------------------------


@pytest.mark.parametrize("document, expected", [
    ([], ["(document): must be a JSON object: an AdverseEvent or a notification Bundle"]),
    ({"resourceType": "Patient"}, ["resourceType: must be AdverseEvent, or Bundle for a notification"]),
    ({"resourceType": "Bundle", "type": "transaction", "entry": []},
     ["Bundle.type: must be history (a Subscriptions Backport notification)"]),
    ({"resourceType": "Bundle", "type": "history", "entry": [{"resource": {"resourceType": "Parameters"}}]},
     ["Bundle.entry: carries no AdverseEvent as a full resource (send full-resource notifications: an id alone cannot be read)"]),
    ({"resourceType": "Bundle", "type": "history", "entry": [{"resource": r5()}, {"resource": r5()}]},
     ["Bundle.entry: carries 2 AdverseEvents: send one a notification"]),
])
def test_what_is_not_an_adverse_event_is_named(document, expected):
    assert errors_of(document) == expected


def test_every_missing_field_is_named_at_once():
    assert errors_of({"resourceType": "AdverseEvent"}) == [
        "AdverseEvent.identifier: needed: the event's identifier (system and value) in the reporting system",
        f"AdverseEvent.seriousness: needed: serious or non-serious ({SERIOUSNESS})",
        "AdverseEvent.occurrenceDateTime: needed: when the event happened (date in R4; occurrenceDateTime "
        "or occurrencePeriod.start in R5)",
        "AdverseEvent.participant: names no practitioner (contributor in R4, participant.actor in R5)",
    ]


def test_bad_fields_inside_a_bundle_are_named_by_their_path_in_the_bundle():
    bundle = load("notification_bundle.json")
    bundle["entry"][1]["resource"]["date"] = "2026-11"
    assert errors_of(bundle) == [
        "Bundle.entry[1].resource.date: needs a full date (YYYY-MM-DD), not only a year or a month"]


@pytest.mark.parametrize("fields, expected", [
    ({"status": "entered-in-error"}, "AdverseEvent.status: the event was entered in error: there is nothing to take in"),
    ({"occurrenceDateTime": "2026-02-30"}, "AdverseEvent.occurrenceDateTime: is not a date in the calendar"),
    ({"occurrenceDateTime": "yesterday"}, "AdverseEvent.occurrenceDateTime: must be a FHIR date or dateTime"),
    ({"occurrenceDateTime": 20261130}, "AdverseEvent.occurrenceDateTime: must be a string"),
    ({"seriousness": {"coding": [{"system": SERIOUSNESS, "code": "mild"}]}},
     f"AdverseEvent.seriousness: must be coded as serious or non-serious ({SERIOUSNESS})"),
    ({"participant": [{"actor": {"reference": "Practitioner/42"}}]},
     "AdverseEvent.participant[0].actor: names a practitioner the bot cannot read: give the NPI (identifier with "
     f"system {NPI_SYSTEM}) or point at a contained Practitioner with an email"),
    ({"participant": [{"actor": {"reference": "#nobody"}}]},
     "AdverseEvent.participant[0].actor.reference: points at no contained resource"),
    ({"participant": [{"actor": {"identifier": {"system": "urn:staff", "value": "x1"}}}]},
     f"AdverseEvent.participant[0].actor.identifier: only an NPI ({NPI_SYSTEM}) names a practitioner here"),
    ({"participant": [{"actor": {"reference": "#p"}}], "contained": [{"resourceType": "Practitioner", "id": "p"}]},
     "AdverseEvent.participant[0].actor.reference: the contained Practitioner it points at has neither an NPI "
     f"({NPI_SYSTEM}) nor an email (telecom with system email)"),
    ({"participant": "everyone"}, "AdverseEvent.participant: must be an array"),
    ({"participant": [{"actor": "Practitioner/1"}]}, "AdverseEvent.participant[0].actor: must be an object"),
])
def test_each_bad_field_is_named_by_its_path(fields, expected):
    assert expected in errors_of(r5(**fields))


# ---- any shape at all --------------------------------------------------------------------------------

MARKER = "Zxq-secret-991"
_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.sampled_from(
        [MARKER, "#p", "Practitioner/1", NPI_SYSTEM, "email", "AdverseEvent", "2026-02-26", "serious", "PPRF"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["identifier", "system", "value", "coding", "code", "actor", "reference", "participant",
                         "contributor", "contained", "id", "resourceType", "telecom", "seriousness", "category",
                         "occurrenceDateTime", "occurrencePeriod", "start", "date", "type", "function", "status",
                         "entry", "resource", "use", MARKER]),
        children, max_size=6),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from(["adverse_event_r4.json", "adverse_event_r5.json", "notification_bundle.json"]),
       field=st.sampled_from(["identifier", "seriousness", "category", "code", "participant", "contributor",
                              "contained", "date", "occurrenceDateTime", "occurrencePeriod", "status", "event"]),
       value=_json)
def test_any_value_in_any_read_field_gives_a_body_or_a_named_error_and_never_echoes(base, field, value):
    document = load(base)
    target = document["entry"][1]["resource"] if document["resourceType"] == "Bundle" else document
    target[field] = copy.deepcopy(value)
    try:
        body = event_from_fhir(document)
    except FhirDocumentError as exc:
        assert exc.errors and MARKER not in str(exc)
    else:
        assert body["category"] in CATEGORIES and body["participants"]


@settings(max_examples=200, deadline=None)
@given(document=_json)
def test_any_json_at_all_gives_a_body_or_a_named_error(document):
    try:
        event_from_fhir(document)
    except FhirDocumentError as exc:
        assert exc.errors and MARKER not in str(exc)

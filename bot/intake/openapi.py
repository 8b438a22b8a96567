"""The intake API described as OpenAPI 3.1: what `GET /intake/openapi.json` serves.

It is built from the same lists, patterns and limits the checks use (bot/intake/vocabulary.py,
bot/intake/receive.py, bot/intake/api_terms.py, bot/roster/staff_ids.py; their private patterns are read,
not copied), so the description cannot drift from what the endpoints accept. What a schema cannot say (the identifier guard on every other string, a
date not in the future) is said in the descriptions; the endpoints answer 400 for it.
"""
from __future__ import annotations

import copy

from bot.intake import receive
from bot.intake.api_terms import EVENTS_PATH, FHIR_PATH, MAX_BODY, OPENAPI_PATH, TOLERANCE, WEBHOOK_ID
from bot.intake.fhir import CATEGORY_SYSTEM, NPI_SYSTEM
from bot.intake.vocabulary import CATEGORIES, FUNCTIONS, MAX_PARTICIPANTS, SERIOUSNESS, IdentifierSystem, Result
from bot.roster import staff_ids

__all__ = ["openapi_document"]


def _whole(pattern: str) -> str:
    return f"^(?:{pattern})$"


_GUARDED = (
    " Refused (400) when it looks like a patient identifier (a name, a record number, a date, a phone "
    "number…): send none."
)

_IDENTIFIER_FORMATS = {
    IdentifierSystem.EMAIL: {"format": "email", "maxLength": 320, "pattern": _whole(receive._EMAIL.pattern)},
    IdentifierSystem.SLACK: {"pattern": _whole(receive._SLACK_ID.pattern)},
    IdentifierSystem.NPI: {"pattern": _whole(staff_ids._NPI.pattern),
                           "description": "10 digits, the last the Luhn check digit (prefix 80840)."},
    IdentifierSystem.EMPLOYEE_ID: {"pattern": _whole(staff_ids._EMPLOYEE_ID.pattern)},
}


def _opaque(limit: int, what: str) -> dict:
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": limit,
        "pattern": _whole(receive._OPAQUE.pattern),
        "description": what + _GUARDED,
    }


def _schemas() -> dict:
    identifier = {
        "type": "object",
        "additionalProperties": False,
        "required": ["system", "value"],
        "properties": {
            "system": {"type": "string", "enum": [str(s) for s in IdentifierSystem]},
            "value": {"type": "string", "minLength": 1},
        },
        "allOf": [
            {
                "if": {"properties": {"system": {"const": str(system)}}},
                "then": {"properties": {"value": {"type": "string", **rule}}},
            }
            for system, rule in _IDENTIFIER_FORMATS.items()
        ],
        "description": "Who took part, as the roster knows them: an email, a Slack user id, an NPI "
                       "(the roster's npi column) or an employee id (the roster's employee_id column).",
    }
    answer_identifier = copy.deepcopy(identifier)
    answer_identifier.pop("allOf")
    event_ref = {
        "oneOf": [
            {"type": "null"},
            {
                "type": "object",
                "required": ["id", "source_system", "source_event_id"],
                "properties": {
                    "id": {"type": "integer", "description": "The bot's number for the event."},
                    "source_system": {"type": "string"},
                    "source_event_id": {"type": "string"},
                },
            },
        ]
    }
    outcome = {
        "type": "object",
        "required": ["identifier", "result", "case", "reason"],
        "properties": {
            "identifier": {"$ref": "#/components/schemas/AnswerIdentifier"},
            "result": {
                "type": "string",
                "enum": [str(r) for r in Result],
                "description": "created: a new case; attached: the event joined their open or recent case; "
                               "repeat: already part of this event; unresolved: not on the roster.",
            },
            "case": {"type": ["integer", "null"], "description": "The case number, or null."},
            "reason": {"type": ["string", "null"], "description": "A short reason, or null."},
        },
    }
    return {
        "Identifier": identifier,
        "AnswerIdentifier": answer_identifier,
        "Participant": {
            "type": "object",
            "additionalProperties": False,
            "required": ["identifier", "function"],
            "properties": {
                "identifier": {"$ref": "#/components/schemas/Identifier"},
                "function": {"type": "string", "enum": list(FUNCTIONS)},
            },
        },
        "Event": {
            "type": "object",
            "additionalProperties": False,
            "required": list(receive.REQUIRED),
            "properties": {
                "source_system": _opaque(100, "The reporting system (opaque). With source_event_id it names the "
                                              "event: a second post with more participants adds them."),
                "source_event_id": _opaque(200, "The event's id in the reporting system (opaque)."),
                "category": {
                    "type": "string",
                    "enum": list(CATEGORIES),
                    "description": "AHRQ Common Formats (Hospital) event classes, then patient-death, "
                                   "litigation, complaint and other.",
                },
                "seriousness": {"type": "string", "enum": list(SERIOUSNESS)},
                "occurred_on": {
                    "type": "string",
                    "format": "date",
                    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                    "description": f"The day of the event (YYYY-MM-DD), from {receive.EARLIEST.isoformat()} "
                                   "to tomorrow; later is refused (400).",
                },
                "division": {
                    "type": ["string", "null"],
                    "minLength": 1,
                    "maxLength": 100,
                    "description": "Optional: the department or division." + _GUARDED,
                },
                "participants": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": MAX_PARTICIPANTS,
                    "items": {"$ref": "#/components/schemas/Participant"},
                    "description": "Every clinician involved; the answer has one entry for each, in this order.",
                },
            },
        },
        "FhirDocument": {
            "type": "object",
            "required": ["resourceType"],
            "properties": {"resourceType": {"type": "string", "enum": ["AdverseEvent", "Bundle"]}},
            "description": (
                "A FHIR R4/R4B or R5 AdverseEvent, or a Subscriptions Backport notification Bundle (type "
                "history) carrying one as a full resource. Only these are read: identifier (the first with a "
                "system and a value: source_system and source_event_id), status (entered-in-error is "
                "refused), category, code (R5) and event (R4): a coding under " + CATEGORY_SYSTEM + " names "
                "a category directly, HL7 adverse-event-category codes for medication and device errors map "
                "to theirs, anything else is other; seriousness (HL7 adverse-event-seriousness); date (R4), "
                "occurrenceDateTime or occurrencePeriod.start (R5); and the practitioners in contributor (R4) "
                "or participant.actor (R5), by NPI (" + NPI_SYSTEM + ") or a contained Practitioner's email. "
                "subject, encounter, location, text, note, contained Patients and every other element are "
                "dropped before anything is stored or logged."
            ),
        },
        "Answer": {
            "type": "object",
            "required": ["event", "participants"],
            "properties": {
                "event": event_ref,
                "participants": {"type": "array", "items": outcome},
            },
        },
        "Unresolved": {
            "type": "object",
            "required": ["event", "participants", "error"],
            "properties": {
                "event": {"type": "null"},
                "participants": {"type": "array", "items": outcome},
                "error": {"type": "string"},
            },
        },
        "FieldErrors": {
            "type": "object",
            "required": ["errors"],
            "properties": {
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "What is wrong, by field (participants[2].identifier.value); never a value sent.",
                }
            },
        },
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": {"error": {"type": "string"}},
        },
        "Unavailable": {
            "type": "object",
            "required": ["error", "reference"],
            "properties": {"error": {"type": "string"}, "reference": {"type": "string"}},
        },
    }


EXAMPLE_EVENT = {
    "source_system": "rldatix",
    "source_event_id": "evt-4f9c2a",
    "category": "surgery-or-anesthesia",
    "seriousness": "serious",
    "occurred_on": "2026-02-24",
    "division": "General Surgery",
    "participants": [
        {"identifier": {"system": "npi", "value": "1234567893"}, "function": "primary"},
        {"identifier": {"system": "email", "value": "r.okafor@hospital.example.org"}, "function": "team"},
    ],
}
EXAMPLE_FHIR = {
    "resourceType": "AdverseEvent",
    "identifier": [{"system": "https://safety.example-hospital.org/event-id", "value": "rl6-event-3c7b"}],
    "status": "completed",
    "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "surgery-or-anesthesia"}]}],
    "subject": {"reference": "Patient/p-2"},
    "occurrenceDateTime": "2026-02-26",
    "seriousness": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness",
                                "code": "serious"}]},
    "participant": [{
        "function": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                                 "code": "PPRF"}]},
        "actor": {"identifier": {"system": NPI_SYSTEM, "value": "1234567893"}},
    }],
}


def _header(name: str, description: str, schema: dict, required: bool = True) -> dict:
    return {"name": name, "in": "header", "required": required, "description": description, "schema": schema}


def _parameters() -> dict:
    return {
        "WebhookId": _header(
            "webhook-id",
            "A unique id for this message, 1 to 150 printable characters. The same id sent again within "
            f"{receive.ANSWERS_KEPT.days} days is answered as the first time was, and changes nothing.",
            {"type": "string", "pattern": _whole(WEBHOOK_ID.pattern)},
        ),
        "WebhookTimestamp": _header(
            "webhook-timestamp",
            f"Seconds since 1970-01-01 UTC; more than {int(TOLERANCE.total_seconds()) // 60} minutes from the "
            "bot's clock is refused (401).",
            {"type": "string", "pattern": "^[0-9]{1,12}$"},
        ),
        "WebhookSignature": _header(
            "webhook-signature",
            "v1, then the base64 HMAC-SHA256, under the secret's base64-decoded bytes (after whsec_), of "
            "webhook-id, '.', webhook-timestamp, '.', and the body exactly as sent. Several signatures may "
            "be sent, separated by spaces (while secrets rotate).",
            {"type": "string", "minLength": 1},
        ),
    }


def _responses() -> dict:
    def json_answer(description: str, schema: str, headers: dict | None = None) -> dict:
        answer = {"description": description,
                  "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}
        if headers:
            answer["headers"] = headers
        return answer

    return {
        "Accepted": json_answer("Taken in: one entry per participant, in the order given.", "Answer"),
        "BadRequest": json_answer("The body breaks the format: field errors, never the values sent.", "FieldErrors"),
        "Unauthorized": json_answer("A signature, timestamp or token that does not verify.", "Error"),
        "TooLarge": json_answer(f"A body over {MAX_BODY // 1024} KB.", "Error"),
        "NobodyKnown": json_answer("Nobody named is on the roster: nothing was stored.", "Unresolved"),
        "TooMany": json_answer(
            "More intake requests this minute than INTAKE_RATE allows (default 60): try again later.",
            "Error",
            headers={"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer", "minimum": 0}}},
        ),
        "Unavailable": json_answer(
            "The bot could not take the request now (its database, say): send it again later, with the same "
            "webhook-id. The reference is in the bot's log with the reason.",
            "Unavailable",
            headers={"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer", "minimum": 0}}},
        ),
    }


def _answers() -> dict:
    return {
        "202": {"$ref": "#/components/responses/Accepted"},
        "400": {"$ref": "#/components/responses/BadRequest"},
        "401": {"$ref": "#/components/responses/Unauthorized"},
        "413": {"$ref": "#/components/responses/TooLarge"},
        "422": {"$ref": "#/components/responses/NobodyKnown"},
        "429": {"$ref": "#/components/responses/TooMany"},
        "503": {"$ref": "#/components/responses/Unavailable"},
    }


def _signature_headers(required: bool) -> list[dict]:
    if required:
        return [{"$ref": f"#/components/parameters/{name}"} for name in ("WebhookId", "WebhookTimestamp", "WebhookSignature")]
    optional = []
    for parameter in _parameters().values():
        parameter = dict(parameter, required=False)
        parameter["description"] += " (Not needed with a bearer token.)"
        optional.append(parameter)
    return optional


def openapi_document() -> dict:
    """The OpenAPI 3.1 description of the intake API (a new dict each call)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Peer support intake API",
            "version": "1",
            "description": (
                "Hospital safety-event systems start outreach to every clinician involved. Requests are "
                "signed as Standard Webhooks specifies (secrets whsec_… in INTAKE_SECRETS). No patient data "
                "is taken: every field is typed, and every free string is checked for patient identifiers. "
                "The routes exist only while INTAKE_SECRETS is set. See docs/integration.md."
            ),
        },
        "paths": {
            EVENTS_PATH: {
                "post": {
                    "operationId": "postEvent",
                    "summary": "A safety event and the clinicians involved (v1 JSON)",
                    "parameters": _signature_headers(required=True),
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"},
                                                         "examples": {"event": {"value": EXAMPLE_EVENT}}}},
                    },
                    "responses": _answers(),
                }
            },
            FHIR_PATH: {
                "post": {
                    "operationId": "postFhirAdverseEvent",
                    "summary": "A FHIR AdverseEvent, or a notification Bundle carrying one",
                    "description": (
                        "Signed like the v1 endpoint, or sent with Authorization: Bearer and a token from "
                        "INTAKE_BEARER_TOKENS (for FHIR servers that can only send a fixed header). Answers "
                        "as the v1 endpoint does; a document that cannot be read as an event is a 400 naming "
                        "its paths (AdverseEvent.participant[2].actor)."
                    ),
                    "parameters": _signature_headers(required=False),
                    "security": [{"webhookSignature": []}, {"bearerToken": []}],
                    "requestBody": {
                        "required": True,
                        "content": {
                            media: {"schema": {"$ref": "#/components/schemas/FhirDocument"},
                                    "examples": {"r5": {"value": EXAMPLE_FHIR}}}
                            for media in ("application/fhir+json", "application/json")
                        },
                    },
                    "responses": _answers(),
                }
            },
            OPENAPI_PATH: {
                "get": {
                    "operationId": "getOpenApi",
                    "summary": "This description",
                    "security": [],
                    "responses": {"200": {"description": "The OpenAPI 3.1 document.",
                                          "content": {"application/json": {"schema": {"type": "object"}}}}},
                }
            },
        },
        "components": {
            "schemas": _schemas(),
            "parameters": _parameters(),
            "responses": _responses(),
            "securitySchemes": {
                "webhookSignature": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "webhook-signature",
                    "description": "Standard Webhooks: see the webhook-signature parameter.",
                },
                "bearerToken": {"type": "http", "scheme": "bearer",
                                "description": "A token from INTAKE_BEARER_TOKENS (FHIR endpoint only)."},
            },
        },
        "security": [{"webhookSignature": []}],
    }

"""The intake API described as OpenAPI 3.1 (`GET /intake/openapi.json`), from the same words the
checks use (bot/intake/vocabulary.py), so the description cannot drift from what is accepted.
Other intake endpoints (FHIR) add their paths with `add_path`."""
from __future__ import annotations

from bot.intake.vocabulary import CATEGORIES, FUNCTIONS, MAX_PARTICIPANTS, SERIOUSNESS, IdentifierSystem, Result

SIGNATURE_HEADERS = [
    {"name": "webhook-id", "in": "header", "required": True, "schema": {"type": "string", "maxLength": 150}},
    {"name": "webhook-timestamp", "in": "header", "required": True, "schema": {"type": "string", "pattern": "^[0-9]+$"}},
    {"name": "webhook-signature", "in": "header", "required": True, "schema": {"type": "string"},
     "description": "v1,<base64 HMAC-SHA256 of id.timestamp.body>; several separated by spaces"},
]


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


ANSWERS = {
    "202": {"description": "taken", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answer"}}}},
    "400": _error("the body breaks the format: field errors"),
    "401": _error("signature missing, wrong or too old"),
    "413": _error("body over 16 KB"),
    "422": {"description": "nobody named is on the roster",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answer"}}}},
    "429": _error("more than INTAKE_RATE requests a minute"),
    "503": _error("not taken now; send it again later"),
}


def openapi_document() -> dict:
    identifier = {
        "type": "object", "additionalProperties": False, "required": ["system", "value"],
        "properties": {"system": {"enum": list(IdentifierSystem)}, "value": {"type": "string", "minLength": 1}},
    }
    opaque = {"type": "string", "pattern": "^[A-Za-z0-9]([A-Za-z0-9._:/-]*[A-Za-z0-9])?$"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Peer support intake", "version": "1"},
        "paths": {
            "/intake/v1/events": {"post": {
                "summary": "A safety event naming the clinicians involved",
                "parameters": SIGNATURE_HEADERS,
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Event"}}}},
                "responses": ANSWERS,
            }},
        },
        "components": {"schemas": {
            "Event": {
                "type": "object", "additionalProperties": False,
                "required": ["source_system", "source_event_id", "category", "seriousness", "occurred_on",
                             "participants"],
                "properties": {
                    "source_system": {**opaque, "maxLength": 100},
                    "source_event_id": {**opaque, "maxLength": 200},
                    "category": {"enum": list(CATEGORIES)},
                    "seriousness": {"enum": list(SERIOUSNESS)},
                    "occurred_on": {"type": "string", "format": "date"},
                    "division": {"type": ["string", "null"], "maxLength": 100},
                    "participants": {"type": "array", "minItems": 1, "maxItems": MAX_PARTICIPANTS, "items": {
                        "type": "object", "additionalProperties": False, "required": ["identifier", "function"],
                        "properties": {"identifier": identifier, "function": {"enum": list(FUNCTIONS)}},
                    }},
                },
            },
            "Answer": {"type": "object", "properties": {
                "event": {"type": ["object", "null"]},
                "participants": {"type": "array", "items": {"type": "object", "properties": {
                    "identifier": identifier, "result": {"enum": list(Result)},
                    "case": {"type": ["integer", "null"]}, "reason": {"type": ["string", "null"]}}}},
                "error": {"type": "string"},
            }},
            "Error": {"type": "object", "properties": {
                "error": {"type": "string"}, "errors": {"type": "object"}, "reference": {"type": "string"}}},
        }},
    }


def add_path(document: dict, path: str, operation: dict) -> dict:
    """Another intake endpoint's description (FHIR), with the same answers."""
    document["paths"][path] = {"post": {"responses": ANSWERS, "parameters": SIGNATURE_HEADERS, **operation}}
    return document

"""The intake API over HTTP: `POST /intake/v1/events`, signed the Standard Webhooks way;
`POST /intake/fhir/AdverseEvent`, the same for a FHIR AdverseEvent (or a notification Bundle
carrying one), read from its allow-list (bot/intake/fhir.py); `GET /intake/openapi.json`, the
OpenAPI description of both (bot/intake/openapi.py).

`signed_route(services, parse)` is the whole path of a signed request, for any body format (the
FHIR route reuses it with its own `parse`): size (413 past 16 KB), signature (401), rate (429 past
INTAKE_RATE a minute, per process), the body turned into a v1 event by `parse` (400 with field
errors), then `receive_event` (202, 400, 422). A `webhook-id` seen before gets the first answer
again, word for word (stored with it, bot/core/idempotency.py). Nothing here answers 500: anything
unexpected is a 503 (or 400) with a reference, and the log has the reason and that reference,
never the body.

Signatures (https://www.standardwebhooks.com/): the headers `webhook-id`, `webhook-timestamp`
(Unix seconds, within 5 minutes of now) and `webhook-signature`, a space-separated list of
`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`; every secret in INTAKE_SECRETS is tried (rotation).
With `bearer=True`, `Authorization: Bearer <token>` from INTAKE_BEARER_TOKENS is accepted instead.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import threading
import uuid
import weakref
from collections import deque
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from bot.core.http import HttpRequest, HttpResponse, Route, Routes
from bot.core.services import Services
from bot.intake.api_terms import EVENTS_PATH, FHIR_PATH, MAX_BODY, OPENAPI_PATH, TOLERANCE, WEBHOOK_ID
from bot.intake.fhir import FhirDocumentError, read_adverse_event
from bot.intake.openapi import openapi_document
from bot.intake.receive import KEY_PREFIX, IntakeAnswer, InvalidEvent, check_body, receive_event

log = logging.getLogger(__name__)

RATE_WINDOW = timedelta(minutes=1)
JSON_HEADERS = {"Content-Type": "application/json"}

Parse = Callable[[bytes], Mapping]


def _json(status: int, payload: dict, headers: Mapping[str, str] | None = None) -> HttpResponse:
    return HttpResponse(status, json.dumps(payload).encode(), {**JSON_HEADERS, **(headers or {})})


def parse_v1_json(body: bytes) -> Mapping:
    """The v1 body is a JSON object; InvalidEvent if it is not one."""
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested too deep to read
        raise InvalidEvent({"": "the body is not JSON"}) from None
    if not isinstance(value, Mapping):
        raise InvalidEvent({"": "the body must be a JSON object"})
    return value


def fhir_parser(services: Services) -> Parse:
    """Parse for the FHIR route: the document's allow-list read into a v1 body (bot/intake/fhir.py).
    Problems are named by the document's own paths: what FHIR cannot say (a document that is not an
    event) and what the v1 checks refuse (an NPI with a wrong check digit), so the sender can find
    the element to fix; nothing from the document is repeated."""

    def parse(body: bytes) -> Mapping:
        try:
            event = read_adverse_event(parse_v1_json(body))
        except FhirDocumentError as bad:
            raise InvalidEvent(_by_path((error.path, error.message) for error in bad.errors)) from None
        try:
            check_body(event.body, services.clock.now().date())
        except InvalidEvent as invalid:
            raise InvalidEvent(_by_path(
                (event.source_of(field), f"{message} (read as {field})") for field, message in invalid.errors.items()
            )) from None
        return event.body

    return parse


def _by_path(errors) -> dict[str, str]:
    found: dict[str, str] = {}
    for path, message in errors:
        found[path] = f"{found[path]}; {message}" if path in found else message
    return found


# ---- signatures ----------------------------------------------------------------------------------


def signature_for(secret: bytes, webhook_id: str, timestamp: str, body: bytes) -> str:
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    return base64.b64encode(hmac.new(secret, signed, hashlib.sha256).digest()).decode()


def webhook_signature_ok(secrets: tuple[bytes, ...], request: HttpRequest, now: datetime) -> bool:
    webhook_id = request.header("webhook-id")
    timestamp = request.header("webhook-timestamp")
    signatures = request.header("webhook-signature")
    if not (webhook_id and timestamp and signatures) or not timestamp.isascii() or not timestamp.isdigit():
        return False
    if len(timestamp) > 12 or abs(now.timestamp() - int(timestamp)) > TOLERANCE.total_seconds():
        return False
    expected = [signature_for(secret, webhook_id, timestamp, request.body) for secret in secrets]
    for part in signatures.split(" "):
        version, _, value = part.partition(",")
        if version == "v1" and any(hmac.compare_digest(value.encode(), e.encode()) for e in expected):
            return True
    return False


def bearer_ok(tokens: tuple[str, ...], request: HttpRequest) -> bool:
    scheme, _, token = request.header("authorization").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return False
    given = token.strip().encode()
    return any(hmac.compare_digest(given, t.encode()) for t in tokens)


# ---- rate --------------------------------------------------------------------------------------------


class RateLimiter:
    """At most `per_minute` requests in any minute (this process), by the services' clock."""

    def __init__(self, services: Services):
        self._services = weakref.ref(services)
        self._seen: deque[datetime] = deque()
        self._lock = threading.Lock()

    def allow(self) -> bool:
        services = self._services()
        if services is None:
            return False
        now = services.clock.now()
        with self._lock:
            while self._seen and self._seen[0] <= now - RATE_WINDOW:
                self._seen.popleft()
            if len(self._seen) >= services.settings.intake_rate:
                return False
            self._seen.append(now)
            return True


_limiters: dict[int, RateLimiter] = {}


def intake_limiter(services: Services) -> RateLimiter:
    """The one rate limit every intake route of these services shares."""
    key = id(services)
    if key not in _limiters:
        _limiters[key] = RateLimiter(services)
        weakref.finalize(services, _limiters.pop, key, None)
    return _limiters[key]


# ---- the route ------------------------------------------------------------------------------------


def _answer(answer: IntakeAnswer) -> HttpResponse:
    return _json(answer.status, answer.json)


def _handle(services: Services, parse: Parse, bearer: bool, request: HttpRequest) -> HttpResponse:
    if len(request.body) > MAX_BODY:
        return _json(413, {"error": f"the body is over {MAX_BODY // 1024} KB"})
    settings = services.settings
    signed = webhook_signature_ok(settings.intake_secrets, request, services.clock.now())
    if not signed and not (bearer and settings.intake_bearer_tokens and bearer_ok(settings.intake_bearer_tokens,
                                                                                   request)):
        return _json(401, {"error": "the signature is missing, wrong or too old"})
    if not intake_limiter(services).allow():
        return _json(429, {"error": f"more than {settings.intake_rate} requests a minute; try again soon"},
                     {"Retry-After": "60"})
    webhook_id = request.header("webhook-id") if signed else ""
    if signed and not WEBHOOK_ID.fullmatch(webhook_id):
        return _json(400, {"errors": {"webhook-id": "must be 1 to 150 printable characters"}})
    try:
        body = parse(request.body)
    except InvalidEvent as invalid:
        return _json(400, {"errors": invalid.errors})
    return _answer(receive_event(services, body, key=f"{KEY_PREFIX}{webhook_id}" if webhook_id else None))


def signed_route(services: Services, parse: Parse = parse_v1_json, *, bearer: bool = False) -> Route:
    """A route for signed intake requests whose body `parse` turns into a v1 event body (raising
    InvalidEvent with field errors when it cannot). Never answers 500."""

    def route(request: HttpRequest) -> HttpResponse:
        try:
            return _handle(services, parse, bearer, request)
        except Exception as error:  # noqa: BLE001 - the API never answers 500
            reference = uuid.uuid4().hex[:12]
            log.error("intake request failed (%s), reference %s", type(error).__name__, reference)
            return _json(503, {"error": "we could not take this request now; please send it again later",
                               "reference": reference}, {"Retry-After": "30"})

    return route


def openapi_route() -> Route:

    document = json.dumps(openapi_document(), indent=1).encode()

    def route(request: HttpRequest) -> HttpResponse:
        return HttpResponse(200, document, JSON_HEADERS)

    return route


def routes(services: Services) -> Routes:
    """The intake API, only while INTAKE_SECRETS is set."""
    if not services.settings.intake_secrets:
        return {}
    return {
        ("POST", EVENTS_PATH): signed_route(services, parse_v1_json),
        ("POST", FHIR_PATH): signed_route(services, fhir_parser(services), bearer=True),
        ("GET", OPENAPI_PATH): openapi_route(),
    }

"""One safety event in (the v1 JSON body), checked field by field, and the answer for the system.

`receive_event` is what every way in calls (the signed API, FHIR, the CSV import): it checks the
body exactly (unknown fields, types, formats, the identifier guard on every free string), finds
each participant on the roster, and applies the rules (bot/intake/outreach.py). Nothing is stored
from a body that fails a check, and nothing from one whose participants are all unknown.

The answer: 202 with one entry per participant, in the order given; 400 with field errors (never
the values sent); 422 when nobody named is on the roster.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.core.identifiers import find_patient_identifier
from bot.core.idempotency import remember_answer
from bot.core.services import Services
from bot.intake.outreach import EventIn, ParticipantIn, record_event
from bot.roster.staff_ids import employee_id_problem, npi_problem
from bot.intake.vocabulary import CATEGORIES, FUNCTIONS, MAX_PARTICIPANTS, SERIOUSNESS, IdentifierSystem, Result
from models.tables import Person

log = logging.getLogger(__name__)

FIELDS = ("source_system", "source_event_id", "category", "seriousness", "occurred_on", "division", "participants")
REQUIRED = ("source_system", "source_event_id", "category", "seriousness", "occurred_on", "participants")
PARTICIPANT_FIELDS = ("identifier", "function")
IDENTIFIER_FIELDS = ("system", "value")

_EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+")
_SLACK_ID = re.compile(r"[UW][A-Z0-9]{2,31}")
# Opaque ids the source systems give: letters, digits and a few separators.
_OPAQUE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._:/-]{0,198}[A-Za-z0-9])?")
EARLIEST = date(1990, 1, 1)


@dataclass(frozen=True)
class IntakeAnswer:
    status: int
    json: dict


class InvalidEvent(Exception):
    """The body breaks the v1 format: field errors, keyed by where (`participants[2].function`)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(f"{len(errors)} field error(s)")
        self.errors = errors


def identifier_problem(system: str, value: str) -> str | None:
    """Why this value is not a valid identifier in its system; None when it is."""
    if system == IdentifierSystem.EMAIL:
        return None if len(value) <= 320 and _EMAIL.fullmatch(value) else "is not an email address"
    if system == IdentifierSystem.SLACK:
        return None if _SLACK_ID.fullmatch(value) else "is not a Slack user id (like U012AB3CD)"
    if system == IdentifierSystem.NPI:
        return npi_problem(value)
    if system == IdentifierSystem.EMPLOYEE_ID:
        return employee_id_problem(value)
    return "unknown system"


def _text(errors: dict, where: str, value, *, limit: int, opaque: bool = False) -> str | None:
    if not isinstance(value, str) or not value.strip():
        errors[where] = "must be a non-empty string"
        return None
    value = value.strip()
    if len(value) > limit:
        errors[where] = f"must be at most {limit} characters"
        return None
    if opaque and not _OPAQUE.fullmatch(value):
        errors[where] = "must be letters, digits and . _ : / - only"
        return None
    finding = find_patient_identifier(value)
    if finding is not None:
        errors[where] = f"looks like a patient identifier ({finding.kind.replace('_', ' ')}); send none"
        return None
    return value


def _choice(errors: dict, where: str, value, choices) -> str | None:
    if not isinstance(value, str) or value not in choices:
        errors[where] = "must be one of: " + ", ".join(choices)
        return None
    return value


def _unknown(errors: dict, where: str, given: Mapping, known: tuple[str, ...]) -> None:
    for name in given:
        if name not in known:
            errors[f"{where}{name}" if not where else f"{where}.{name}"] = "unknown field"


def _occurred_on(errors: dict, value, today: date) -> date | None:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        errors["occurred_on"] = "must be a date, YYYY-MM-DD"
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        errors["occurred_on"] = "must be a date, YYYY-MM-DD"
        return None
    if day < EARLIEST or day > today + timedelta(days=1):
        errors["occurred_on"] = "must not be in the future"
        return None
    return day


def _participant(errors: dict, position: int, raw) -> ParticipantIn | None:
    where = f"participants[{position}]"
    if not isinstance(raw, Mapping):
        errors[where] = "must be an object with identifier and function"
        return None
    _unknown(errors, where, raw, PARTICIPANT_FIELDS)
    function = _choice(errors, f"{where}.function", raw.get("function"), FUNCTIONS)
    identifier = raw.get("identifier")
    if not isinstance(identifier, Mapping):
        errors[f"{where}.identifier"] = "must be an object with system and value"
        return None
    _unknown(errors, f"{where}.identifier", identifier, IDENTIFIER_FIELDS)
    system = _choice(errors, f"{where}.identifier.system", identifier.get("system"), list(IdentifierSystem))
    value = identifier.get("value")
    if not isinstance(value, str) or not value:
        errors[f"{where}.identifier.value"] = "must be a non-empty string"
        return None
    if system is None:
        return None
    problem = identifier_problem(system, value)
    if problem:
        errors[f"{where}.identifier.value"] = problem
        return None
    return ParticipantIn(IdentifierSystem(system), value, function) if function else None


def check_body(body, today: date) -> EventIn:
    """The event a v1 body describes; InvalidEvent naming every field that is wrong."""
    if not isinstance(body, Mapping):
        raise InvalidEvent({"": "the body must be a JSON object"})
    errors: dict[str, str] = {}
    _unknown(errors, "", body, FIELDS)
    for name in REQUIRED:
        if name not in body:
            errors[name] = "is required"
    source_system = _text(errors, "source_system", body.get("source_system"), limit=100, opaque=True) \
        if "source_system" in body else None
    source_event_id = _text(errors, "source_event_id", body.get("source_event_id"), limit=200, opaque=True) \
        if "source_event_id" in body else None
    category = _choice(errors, "category", body.get("category"), CATEGORIES) if "category" in body else None
    seriousness = _choice(errors, "seriousness", body.get("seriousness"), SERIOUSNESS) \
        if "seriousness" in body else None
    occurred_on = _occurred_on(errors, body.get("occurred_on"), today) if "occurred_on" in body else None
    division = None
    if body.get("division") is not None:
        division = _text(errors, "division", body.get("division"), limit=100)
    participants: list[ParticipantIn] = []
    raw_participants = body.get("participants")
    if "participants" in body:
        if not isinstance(raw_participants, list) or not raw_participants:
            errors["participants"] = "must be a list of 1 to 50 participants"
        elif len(raw_participants) > MAX_PARTICIPANTS:
            errors["participants"] = f"must have at most {MAX_PARTICIPANTS} participants"
        else:
            participants = [p for i, raw in enumerate(raw_participants) if (p := _participant(errors, i, raw))]
    if errors:
        raise InvalidEvent(errors)
    return EventIn(source_system, source_event_id, category, seriousness, occurred_on, division, tuple(participants))


# ---- the roster --------------------------------------------------------------------------------


def resolve(session: Session, participant: ParticipantIn) -> str | None:
    """The Slack id of the roster person this identifier names; None when nobody is."""
    system, value = participant.system, participant.value
    if system == IdentifierSystem.SLACK:
        where = Person.slack_id == value
    elif system == IdentifierSystem.EMAIL:
        where = func.lower(Person.email) == value.lower()
    elif system == IdentifierSystem.NPI:
        where = Person.npi == value
    else:
        where = func.upper(Person.employee_id) == value.upper()
    return session.scalar(select(Person.slack_id).where(where).limit(1))


# ---- the answer ---------------------------------------------------------------------------------


def _identifier(participant: ParticipantIn) -> dict:
    return {"system": str(participant.system), "value": participant.value}


def answer_json(event: EventIn, event_id: int | None, outcomes) -> dict:
    return {
        "event": ({"id": event_id, "source_system": event.source_system, "source_event_id": event.source_event_id}
                  if event_id is not None else None),
        "participants": [
            {"identifier": _identifier(p), "result": str(o.result), "case": o.case_id, "reason": o.reason}
            for p, o in zip(event.participants, outcomes)
        ],
    }


def _store(session: Session, svc: Services, event: EventIn, now: datetime) -> IntakeAnswer:
    slack_ids = [resolve(session, p) for p in event.participants]
    if not any(slack_ids):
        answer = answer_json(event, None, [_unresolved() for _ in slack_ids])
        answer["error"] = "nobody named is on the roster"
        return IntakeAnswer(422, answer)
    event_id, outcomes = record_event(session, svc, event, slack_ids, now)
    return IntakeAnswer(202, answer_json(event, event_id, outcomes))


def _unresolved():
    from bot.intake.outreach import Outcome

    return Outcome(Result.UNRESOLVED, None, "not on the roster")


def _encode(answer: IntakeAnswer) -> str:
    return json.dumps({"status": answer.status, "json": answer.json}, separators=(",", ":"))


def _decode(text: str) -> IntakeAnswer:
    stored = json.loads(text)
    return IntakeAnswer(stored["status"], stored["json"])


def receive_event(services: Services, body: Mapping, key: str | None = None) -> IntakeAnswer:
    """Check one v1 event body, apply the rules, and answer. With a `key` (a webhook id), a request
    seen before gets the first answer again and changes nothing."""
    now = services.clock.now()
    try:
        event = check_body(body, now.date())
    except InvalidEvent as invalid:
        return IntakeAnswer(400, {"errors": invalid.errors})
    for attempt in range(3):
        try:
            if key is None:
                with services.db.session() as session:
                    answer = _store(session, services, event, now)
            else:
                answer = _decode(remember_answer(
                    services.db, key, now, lambda session: _encode(_store(session, services, event, now))).answer)
            break
        except IntegrityError:
            # The same event (or the same person's case) posted at the same moment by another
            # request: the other one won; do it again on top of what it stored.
            if attempt == 2:
                raise
    if answer.status == 202:
        services.wake()
        log.info("safety event %s received: %s participant(s)", answer.json["event"]["id"], len(event.participants))
    return answer

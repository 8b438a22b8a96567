"""A FHIR AdverseEvent (R4, R4B or R5), or a Subscriptions Backport notification carrying one,
read into the intake API's v1 body.

Only an allow-list is read: the event's identifier, its status, its category and code, its
seriousness, when it happened, and the practitioners who took part (`contributor` in R4,
`participant.actor` in R5), each named by an NPI or by a contained Practitioner's email.
Nothing else is looked at, so nothing else can be kept: `subject`, `encounter`, `location`,
`text`, `note`, `suspectEntity`, contained Patients, extensions and the rest are never copied
into the body, an error or a log line. Errors name the field by its path (`AdverseEvent.
participant[2].actor`) and say what is wrong; they never repeat a value from the document.

What the reader decides:
- the event is the first identifier with both a system and a value (system -> source_system,
  value -> source_event_id): the same event sent again reads the same;
- the category is the first coding under `CATEGORY_SYSTEM` that names one of the v1 categories,
  else the first HL7 adverse-event-category code with a meaning here (a medication error, a
  device use error), else `patient-death` when the seriousness says the patient died, else
  `other`: an unknown code is `other`, never an error;
- seriousness codes from HL7's adverse-event-seriousness (R4's `Serious…` and `Non-serious`, R5's
  `serious` and `non-serious`) become `serious` or `non-serious`;
- the date is the calendar date written in `date` (R4), `occurrenceDateTime` or
  `occurrencePeriod.start` (R5), as written (no conversion between time zones);
- a participant's function is `primary` for a primary performer (`PPRF`), `witness` for a
  witness (`WIT`), the v1 word when the code is one, and `team` otherwise (R4's contributors have
  no function: `team`); a practitioner named twice is one participant with the first function of
  primary, team, witness;
- a participant that is not a practitioner (a Device, an Organization, a Patient) is skipped;
  a practitioner the bot cannot name (a server reference such as `Practitioner/123`, a contained
  Practitioner with neither an NPI nor an email) is an error, so the sender learns at once.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from bot.intake.vocabulary import CATEGORIES, FUNCTIONS, SERIOUS

__all__ = [
    "CATEGORY_SYSTEM",
    "NPI_SYSTEM",
    "FieldError",
    "FhirDocumentError",
    "FhirEvent",
    "event_from_fhir",
    "read_adverse_event",
]

NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"
# A coding under this system names a v1 category directly (`fall`, `patient-death`, …).
CATEGORY_SYSTEM = "urn:peer-support:intake:category"
HL7_CATEGORY_SYSTEMS = (
    "http://terminology.hl7.org/CodeSystem/adverse-event-category",
    "http://hl7.org/fhir/adverse-event-category",
)
SERIOUSNESS_SYSTEM = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness"
NOTIFICATION_BUNDLE_TYPES = ("history", "subscription-notification")
PRACTITIONER_TYPES = ("Practitioner", "PractitionerRole")

# HL7 adverse-event-category codes that say which AHRQ category the event is in. The others
# (a product problem, an unsafe environment, a wrong technique) say nothing the program uses.
_HL7_CATEGORY_CODES = {
    "wrong-dose": "medication",
    "incorrect-prescribing-information": "medication",
    "wrong-route-of-administration": "medication",
    "wrong-rate": "medication",
    "wrong-duration": "medication",
    "wrong-time": "medication",
    "expired-drug": "medication",
    "medical-device-use-error": "device-or-supply",
}
_FUNCTION_CODES = {"PPRF": "primary", "WIT": "witness"}
_FUNCTION_RANK = {name: rank for rank, name in enumerate(("primary", "team", "witness"))}
_DATE_TIME = re.compile(r"([0-9]{4})(-[0-9]{2}(-[0-9]{2})?)?(T[0-9:.]+(Z|[+-][0-9]{2}:[0-9]{2})?)?")
_ENTERED_IN_ERROR = "entered-in-error"
_DOCUMENT = "(document)"
NON_SERIOUS, OTHER, PATIENT_DEATH = "non-serious", "other", "patient-death"


@dataclass(frozen=True)
class FieldError:
    """One problem: where (a path into the document) and what, never a value from it."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class FhirDocumentError(ValueError):
    """The document cannot be read as an event; `.errors` names every problem found."""

    def __init__(self, errors: list[FieldError]):
        self.errors = list(errors)
        super().__init__("; ".join(str(error) for error in self.errors))


@dataclass(frozen=True)
class FhirEvent:
    """The v1 body read from a document, and where in the document each part came from."""

    body: dict
    path: str  # the AdverseEvent's own path: "AdverseEvent", or "Bundle.entry[1].resource"
    sources: Mapping[str, str]  # v1 field ("occurred_on", "participants[1]") -> its document path

    def source_of(self, field: str) -> str:
        """The document path a v1 field (or a field inside it, as the v1 checks name it) came from."""
        head = re.match(r"participants\[[0-9]+\]|[a-z_]+", field)
        return self.sources.get(head.group() if head else "", self.path)


class _Skip:
    """A participant that is not a practitioner: not an error, not a participant."""


_SKIP = _Skip()


class _Reader:
    """Reads one AdverseEvent; problems are collected, so one answer names all of them."""

    def __init__(self, resource: Mapping, path: str):
        self.resource = resource
        self.path = path
        self.errors: list[FieldError] = []
        self.sources: dict[str, str] = {}

    def error(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))

    # ---- shapes ------------------------------------------------------------------------------

    def items(self, value: object, path: str) -> list[tuple[object, str]]:
        """An array's items with their paths. A lone object stands for an array of one (R4's
        identifier is one object, R5's an array); absent is empty."""
        if value is None:
            return []
        if isinstance(value, Mapping):
            return [(value, path)]
        if isinstance(value, list):
            return [(item, f"{path}[{index}]") for index, item in enumerate(value)]
        self.error(path, "must be an array")
        return []

    def obj(self, value: object, path: str) -> Mapping | None:
        if value is None:
            return None
        if isinstance(value, Mapping):
            return value
        self.error(path, "must be an object")
        return None

    def string(self, value: object, path: str) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            return value.strip() or None
        self.error(path, "must be a string")
        return None

    def codings(self, concept: object, path: str) -> list[tuple[str | None, str, str]]:
        """(system, code, path) of each coding with a code in a CodeableConcept."""
        found = []
        concept = self.obj(concept, path)
        if concept is None:
            return found
        for coding, coding_path in self.items(concept.get("coding"), f"{path}.coding"):
            coding = self.obj(coding, coding_path)
            if coding is None:
                continue
            system = self.string(coding.get("system"), f"{coding_path}.system")
            code = self.string(coding.get("code"), f"{coding_path}.code")
            if code is not None:
                found.append((system, code, coding_path))
        return found

    # ---- the allow-list -----------------------------------------------------------------------

    def status(self) -> None:
        status = self.string(self.resource.get("status"), f"{self.path}.status")
        if status == _ENTERED_IN_ERROR:
            self.error(f"{self.path}.status", "the event was entered in error: there is nothing to take in")

    def identifier(self) -> tuple[str, str] | None:
        path = f"{self.path}.identifier"
        identifiers = self.items(self.resource.get("identifier"), path)
        first_problem: str | None = None
        for identifier, item_path in identifiers:
            identifier = self.obj(identifier, item_path)
            if identifier is None:
                continue
            system = self.string(identifier.get("system"), f"{item_path}.system")
            value = self.string(identifier.get("value"), f"{item_path}.value")
            if system and value:
                self.sources["source_system"] = self.sources["source_event_id"] = item_path
                return system, value
            first_problem = first_problem or item_path
        if first_problem:
            self.error(first_problem, "an identifier needs both a system and a value")
        else:
            self.error(path, "needed: the event's identifier (system and value) in the reporting system")
        return None

    def seriousness(self) -> tuple[str, bool] | None:
        """(serious or non-serious, whether the patient died)."""
        path = f"{self.path}.seriousness"
        if self.resource.get("seriousness") is None:
            self.error(path, f"needed: serious or non-serious ({SERIOUSNESS_SYSTEM})")
            return None
        for system, code, _ in self.codings(self.resource.get("seriousness"), path):
            if system not in (None, SERIOUSNESS_SYSTEM):
                continue
            plain = code.lower().replace("-", "").replace("_", "")
            if plain == "nonserious":
                return NON_SERIOUS, False
            if plain.startswith("serious"):
                return SERIOUS, plain == "seriousresultsindeath"
        self.error(path, f"must be coded as serious or non-serious ({SERIOUSNESS_SYSTEM})")
        return None

    def category(self, died: bool) -> str:
        codings = []
        for concept, path in self.items(self.resource.get("category"), f"{self.path}.category"):
            codings += self.codings(concept, path)
        for name in ("code", "event"):  # R5's code, R4's event
            codings += self.codings(self.resource.get(name), f"{self.path}.{name}")
        for system, code, _ in codings:
            if system == CATEGORY_SYSTEM and code in CATEGORIES:
                return code
        for system, code, _ in codings:
            if system in HL7_CATEGORY_SYSTEMS and code in _HL7_CATEGORY_CODES:
                return _HL7_CATEGORY_CODES[code]
        return PATIENT_DEATH if died else OTHER

    def occurred_on(self) -> str | None:
        period_path = f"{self.path}.occurrencePeriod"
        period = self.obj(self.resource.get("occurrencePeriod"), period_path)
        candidates = (
            (self.resource.get("date"), f"{self.path}.date"),
            (self.resource.get("occurrenceDateTime"), f"{self.path}.occurrenceDateTime"),
            (period.get("start") if period else None, f"{period_path}.start"),
        )
        for value, path in candidates:
            text = self.string(value, path)
            if text is None:
                continue
            match = _DATE_TIME.fullmatch(text)
            if match is None:
                self.error(path, "must be a FHIR date or dateTime")
                return None
            if match.group(3) is None:
                self.error(path, "needs a full date (YYYY-MM-DD), not only a year or a month")
                return None
            day = text[:10]
            try:
                date.fromisoformat(day)
            except ValueError:
                self.error(path, "is not a date in the calendar")
                return None
            self.sources["occurred_on"] = path
            return day
        self.error(
            f"{self.path}.occurrenceDateTime",
            "needed: when the event happened (date in R4; occurrenceDateTime or occurrencePeriod.start in R5)",
        )
        return None

    # ---- who took part ------------------------------------------------------------------------

    def contained(self) -> dict[str, tuple[Mapping, str]]:
        """Contained resources by id, read only for their type and id until a reference asks."""
        found: dict[str, tuple[Mapping, str]] = {}
        for resource, path in self.items(self.resource.get("contained"), f"{self.path}.contained"):
            resource = self.obj(resource, path)
            if resource is None:
                continue
            resource_id = resource.get("id")
            if isinstance(resource_id, str) and resource_id not in found:
                found[resource_id] = (resource, path)
        return found

    def named_practitioner(self, resource: Mapping, path: str, via: str) -> tuple[str, str] | None:
        """A contained Practitioner (or PractitionerRole) by its NPI, else its email."""
        for identifier, item_path in self.items(resource.get("identifier"), f"{path}.identifier"):
            identifier = self.obj(identifier, item_path)
            if identifier is None:
                continue
            system = self.string(identifier.get("system"), f"{item_path}.system")
            value = self.string(identifier.get("value"), f"{item_path}.value")
            if system == NPI_SYSTEM and value:
                return "npi", value
        for telecom, item_path in self.items(resource.get("telecom"), f"{path}.telecom"):
            telecom = self.obj(telecom, item_path)
            if telecom is None:
                continue
            system = self.string(telecom.get("system"), f"{item_path}.system")
            value = self.string(telecom.get("value"), f"{item_path}.value")
            use = self.string(telecom.get("use"), f"{item_path}.use")
            if system == "email" and value and use != "old":
                return "email", value
        self.error(via, f"the contained {resource.get('resourceType')} it points at has neither an NPI "
                        f"({NPI_SYSTEM}) nor an email (telecom with system email)")
        return None

    def practitioner(self, reference: object, path: str, contained: dict) -> tuple[str, str] | _Skip | None:
        reference = self.obj(reference, path)
        if reference is None:
            self.error(path, "needed: a reference to the practitioner")
            return None
        kind = self.string(reference.get("type"), f"{path}.type")
        literal = self.string(reference.get("reference"), f"{path}.reference")
        identifier = self.obj(reference.get("identifier"), f"{path}.identifier")
        if kind is not None and kind not in PRACTITIONER_TYPES:
            return _SKIP
        if literal is not None and literal.startswith("#"):
            target = contained.get(literal[1:])
            if target is None:
                self.error(f"{path}.reference", "points at no contained resource")
                return None
            resource, resource_path = target
            if resource.get("resourceType") not in PRACTITIONER_TYPES:
                return _SKIP
            return self.named_practitioner(resource, resource_path, f"{path}.reference")
        if identifier is not None:
            system = self.string(identifier.get("system"), f"{path}.identifier.system")
            value = self.string(identifier.get("value"), f"{path}.identifier.value")
            if system == NPI_SYSTEM and value:
                return "npi", value
            if literal is None:
                self.error(f"{path}.identifier", f"only an NPI ({NPI_SYSTEM}) names a practitioner here")
                return None
        if literal is not None and kind is None and not set(literal.split("/")) & set(PRACTITIONER_TYPES):
            return _SKIP  # "Patient/1", "Device/2", "urn:uuid:…": not read, not a practitioner
        self.error(path, "names a practitioner the bot cannot read: give the NPI (identifier with system "
                         f"{NPI_SYSTEM}) or point at a contained Practitioner with an email")
        return None

    def function(self, concept: object, path: str) -> str:
        for _, code, _ in self.codings(concept, path):
            if code in _FUNCTION_CODES:
                return _FUNCTION_CODES[code]
            if code in FUNCTIONS:
                return code
        return "team"

    def participants(self) -> list[dict]:
        contained = self.contained()
        taking_part: list[tuple[object, str, str]] = []  # (reference, path, function)
        for reference, path in self.items(self.resource.get("contributor"), f"{self.path}.contributor"):
            taking_part.append((reference, path, "team"))
        for participant, path in self.items(self.resource.get("participant"), f"{self.path}.participant"):
            participant = self.obj(participant, path)
            if participant is not None:
                function = self.function(participant.get("function"), f"{path}.function")
                taking_part.append((participant.get("actor"), f"{path}.actor", function))

        errors_before = len(self.errors)
        found: dict[tuple[str, str], str] = {}
        found_at: dict[tuple[str, str], str] = {}
        for reference, path, function in taking_part:
            named = self.practitioner(reference, path, contained)
            if named is None or named is _SKIP:
                continue
            assert isinstance(named, tuple)
            found_at.setdefault(named, path)
            if named not in found or _FUNCTION_RANK[function] < _FUNCTION_RANK[found[named]]:
                found[named] = function
        self.sources["participants"] = f"{self.path}.{'participant' if 'participant' in self.resource else 'contributor'}"
        self.sources.update((f"participants[{index}]", found_at[named]) for index, named in enumerate(found))
        if not found and len(self.errors) == errors_before:
            self.error(f"{self.path}.participant", "names no practitioner (contributor in R4, participant.actor in R5)")
        return [
            {"identifier": {"system": system, "value": value}, "function": function}
            for (system, value), function in found.items()
        ]


def _the_adverse_event(document: object) -> tuple[Mapping, str]:
    """The AdverseEvent and its path: the document itself, or the one a notification carries."""
    if not isinstance(document, Mapping):
        raise FhirDocumentError([FieldError(_DOCUMENT, "must be a JSON object: an AdverseEvent or a notification Bundle")])
    kind = document.get("resourceType")
    if kind == "AdverseEvent":
        return document, "AdverseEvent"
    if kind != "Bundle":
        raise FhirDocumentError([FieldError("resourceType", "must be AdverseEvent, or Bundle for a notification")])
    if document.get("type") not in NOTIFICATION_BUNDLE_TYPES:
        raise FhirDocumentError([FieldError("Bundle.type", "must be history (a Subscriptions Backport notification)")])
    entries = document.get("entry")
    if not isinstance(entries, list):
        raise FhirDocumentError([FieldError("Bundle.entry", "must be an array of entries")])
    events = [
        (entry["resource"], f"Bundle.entry[{index}].resource")
        for index, entry in enumerate(entries)
        if isinstance(entry, Mapping)
        and isinstance(entry.get("resource"), Mapping)
        and entry["resource"].get("resourceType") == "AdverseEvent"
    ]
    if not events:
        raise FhirDocumentError([FieldError(
            "Bundle.entry",
            "carries no AdverseEvent as a full resource (send full-resource notifications: an id alone cannot be read)",
        )])
    if len(events) > 1:
        raise FhirDocumentError([FieldError("Bundle.entry", f"carries {len(events)} AdverseEvents: send one a notification")])
    return events[0]


def event_from_fhir(document: object) -> dict:
    """The v1 body for a FHIR AdverseEvent or a notification Bundle carrying one (parsed JSON).

    Raises FhirDocumentError naming each problem by its path; nothing from the document is
    in the error."""
    return read_adverse_event(document).body


def read_adverse_event(document: object) -> FhirEvent:
    """As `event_from_fhir`, with the document path each part of the body came from."""
    resource, path = _the_adverse_event(document)
    reader = _Reader(resource, path)
    reader.status()
    identifier = reader.identifier()
    seriousness = reader.seriousness()
    category = reader.category(died=bool(seriousness and seriousness[1]))
    occurred_on = reader.occurred_on()
    participants = reader.participants()
    if reader.errors:
        raise FhirDocumentError(reader.errors)
    assert identifier is not None and seriousness is not None and occurred_on is not None
    body = {
        "source_system": identifier[0],
        "source_event_id": identifier[1],
        "category": category,
        "seriousness": seriousness[0],
        "occurred_on": occurred_on,
        "participants": participants,
    }
    sources = {"category": f"{path}.category", "seriousness": f"{path}.seriousness", **reader.sources}
    return FhirEvent(body, path, sources)

"""Events from a CSV file (a weekly M&M list, an export from a safety-event system), read into
v1 bodies.

One participant a line, under the header
`source_system,source_event_id,category,seriousness,occurred_on,division,identifier_system,identifier_value,function`
(the columns in any order, names in any case). Lines that share `source_system` and
`source_event_id` are one event, and must agree on its fields (category, seriousness,
occurred_on, division). The words of the fixed lists may be written in any case.

All or nothing: every line is checked first, and `CsvEventsError` names each bad line by its
number in the file. Given the day (`today`), each event is also checked as the v1 endpoint checks
a body (receive.check_body: formats, the identifier guard, no date in the future), and what that
refuses is named by line and column too, so the import can apply events knowing none will fail. No message repeats a value from a line (a wrong cell may hold anything,
a patient's name included): each says which column is wrong and what it takes. Nothing here
logs; the caller decides what to print.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date

from bot.intake.receive import InvalidEvent, check_body
from bot.intake.vocabulary import CATEGORIES, FUNCTIONS, MAX_PARTICIPANTS, SERIOUSNESS, IdentifierSystem

__all__ = ["COLUMNS", "CsvEvent", "CsvEventsError", "events_from_csv", "read_events_csv"]

COLUMNS = (
    "source_system", "source_event_id", "category", "seriousness", "occurred_on", "division",
    "identifier_system", "identifier_value", "function",
)
_EVENT_KEY = ("source_system", "source_event_id")
_EVENT_FIELDS = ("category", "seriousness", "occurred_on", "division")
_REQUIRED = ("source_system", "source_event_id", "identifier_value")
_WORDS = {
    "category": CATEGORIES,
    "seriousness": SERIOUSNESS,
    "identifier_system": tuple(IdentifierSystem),
    "function": FUNCTIONS,
}
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PLAIN_COLUMN_NAME = re.compile(r"[a-z_ -]{1,40}")
_V1_PARTICIPANT_FIELD = re.compile(r"participants\[([0-9]+)\](?:\.(identifier\.system|identifier\.value|function))?")
_COLUMN_OF = {"identifier.system": "identifier_system", "identifier.value": "identifier_value", "function": "function"}
SAVE_AS_UTF8 = 'the file is not UTF-8 text: in Excel, choose File > Save As > "CSV UTF-8 (Comma delimited)"'


class CsvEventsError(Exception):
    """The file was refused; `.errors` has one line per problem, by line of the file."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass
class CsvEvent:
    """One event's v1 body, and the line of the file each of its participants came from."""

    body: dict
    lines: list[int] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        return self.lines[0]


def _text_of(content: str | bytes) -> str:
    if isinstance(content, str):
        return content.removeprefix("\ufeff")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise CsvEventsError([f"line {line}: {SAVE_AS_UTF8}"]) from None


def _records(text: str) -> list[tuple[int, list[str]]]:
    """The non-blank records, each with the line of the file it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[tuple[int, list[str]]] = []
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                records.append((start, cells))
    except csv.Error:
        message = "not readable as CSV (a quote never closed, or text after a closing quote)"
        raise CsvEventsError([f"line {end + 1}: {message}"]) from None
    return records


def _header(line: int, cells: list[str]) -> list[str]:
    names = [cell.strip().lower() for cell in cells]
    errors = []
    for position, name in enumerate(names, start=1):
        if name not in COLUMNS:
            shown = f' ("{name}")' if _PLAIN_COLUMN_NAME.fullmatch(name) else ""
            errors.append(f"line {line}: column {position}{shown} is not one of {','.join(COLUMNS)}")
    errors += [f'line {line}: column "{name}" appears more than once'
               for name in COLUMNS if names.count(name) > 1]
    missing = [name for name in COLUMNS if name not in names]
    if missing:
        errors.append(f"line {line}: the header lacks {', '.join(missing)} (it needs {','.join(COLUMNS)})")
    if errors:
        raise CsvEventsError(errors)
    return names


def _check_line(line: int, row: dict[str, str], errors: list[tuple[int, str]]) -> None:
    """The problems of one line's cells; cells of the fixed lists are lower-cased in place."""
    for name in _REQUIRED:
        if not row[name]:
            errors.append((line, f"{name} is empty"))
    for name, words in _WORDS.items():
        row[name] = row[name].lower()
        if row[name] not in words:
            errors.append((line, f"{name} must be one of {', '.join(words)}"))
    if not _ISO_DATE.fullmatch(row["occurred_on"]):
        errors.append((line, "occurred_on must be a date written like 2026-11-30"))
    else:
        try:
            date.fromisoformat(row["occurred_on"])
        except ValueError:
            errors.append((line, "occurred_on is not a date in the calendar"))


def _check_event(event: CsvEvent, today: date, named: set[int], errors: list[tuple[int, str]]) -> None:
    """What the v1 checks refuse in one event, by the line and column it came from (lines already
    `named` for a problem of the file's own are not named again)."""
    try:
        check_body(event.body, today)
    except InvalidEvent as invalid:
        for field_path, message in invalid.errors.items():
            participant = _V1_PARTICIPANT_FIELD.fullmatch(field_path)
            if participant is not None:
                line = event.lines[int(participant.group(1))]
                column = _COLUMN_OF.get(participant.group(2) or "", "the participant")
            else:
                line, column = event.first_line, field_path or "the event"
            if line not in named:
                errors.append((line, f"{column} {message}"))


def read_events_csv(content: str | bytes, today: date | None = None) -> list[CsvEvent]:
    """The events of an intake CSV (text, or the file's bytes), in the order they first appear;
    with `today`, each also checked as the v1 endpoint would check it.

    Raises CsvEventsError naming every bad line; then nothing should be taken in."""
    records = _records(_text_of(content))
    if not records:
        raise CsvEventsError([f"the file is empty; it needs the header {','.join(COLUMNS)}"])
    (header_line, header_cells), data = records[0], records[1:]
    header = _header(header_line, header_cells)
    if not data:
        raise CsvEventsError([f"the file has a header (line {header_line}) but no lines of events"])

    errors: list[tuple[int, str]] = []
    events: dict[tuple[str, str], CsvEvent] = {}
    first_rows: dict[tuple[str, str], dict[str, str]] = {}
    seen: dict[tuple[str, str, str, str], int] = {}
    for line, cells in data:
        if len(cells) != len(header):
            errors.append((line, f"{len(cells)} fields, but the header (line {header_line}) has {len(header)}"))
            continue
        row = {name: cell.strip() for name, cell in zip(header, cells)}
        _check_line(line, row, errors)
        key = (row["source_system"], row["source_event_id"])
        event = events.get(key)
        if event is None:
            body = {name: row[name] for name in _EVENT_KEY + _EVENT_FIELDS if name != "division" or row[name]}
            body["participants"] = []
            event = events[key] = CsvEvent(body)
            first_rows[key] = row
        else:
            first = first_rows[key]
            for name in _EVENT_FIELDS:
                if row[name] != first[name]:
                    errors.append((line, f"{name} differs from line {event.first_line}, the first line of the same "
                                         "event (lines with the same source_system and source_event_id are one event)"))
        value = row["identifier_value"]
        who = key + (row["identifier_system"], value.lower() if row["identifier_system"] == "email" else value)
        if who in seen:
            errors.append((line, f"the same participant as line {seen[who]} in the same event"))
            continue
        seen[who] = line
        event.lines.append(line)
        event.body["participants"].append(
            {"identifier": {"system": row["identifier_system"], "value": value}, "function": row["function"]})

    bad_lines = {line for line, _ in errors}
    for event in events.values():
        if len(event.lines) > MAX_PARTICIPANTS:
            errors.append((event.first_line, f"the event on this line has {len(event.lines)} participants "
                                             f"(lines {event.first_line}-{event.lines[-1]}); at most {MAX_PARTICIPANTS}"))
        elif today is not None:
            _check_event(event, today, bad_lines, errors)
    if errors:
        errors.sort(key=lambda error: error[0])  # stable: a line's problems keep their order
        raise CsvEventsError([f"line {line}: {message}" for line, message in errors])
    return list(events.values())


def events_from_csv(content: str | bytes, today: date | None = None) -> list[dict]:
    """The v1 bodies of an intake CSV, one per event; CsvEventsError names every bad line."""
    return [event.body for event in read_events_csv(content, today)]

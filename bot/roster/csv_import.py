"""The roster: import people from a CSV file (and the checks of each value, which the roster modals in
Slack share, so both say the same thing about the same mistake).

A domain service: it knows nothing of Slack. Finding the Slack user behind an
email is passed in as a plain callable, so the CLI and the tests decide how.

Import is all-or-nothing. Every row is checked first; if any row is bad,
`RosterImportError` names each bad row by its line in the file and nothing in
the database changes. Nothing here logs: the roster is personal data, and the
caller decides what to print. Error messages name line numbers, columns and
codes, never a person's name or email.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from bot.core.clock import Clock
from bot.roster.people import roles_of, set_roles
from bot.roster.roles import Cohort, Role
from bot.roster.staff_ids import employee_id_problem, npi_problem
from models.db import Database
from models.tables import Person

COLUMNS = ("slack_id", "email", "name", "roles", "cohort", "division", "max_active_cases", "active", "trained_on",
           "npi", "employee_id")
DEFAULT_MAX_ACTIVE_CASES = 2
SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{1,31}")  # fits people.slack_id, String(32)
_WHOLE_NUMBER = re.compile(r"[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# The longest values the table's columns hold (models/tables.py).
STAFF_ID_COLUMNS = ("npi", "employee_id")
_MAX_LENGTHS = {"email": 320, "name": 200, "division": 100}
_ROLES = tuple(role.value for role in Role)
_COHORTS = tuple(cohort.value for cohort in Cohort)


class EmailLookupFailed(Exception):
    """Slack could not be asked about an email (network, token, scope).

    Raised by the resolver passed to `import_roster`. Its message is shown to
    the person importing, so it should say why and must not carry the email.
    """


class RosterImportError(Exception):
    """The import was refused; `.errors` has one line per problem, by file line."""

    def __init__(self, errors: list[str]):
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int
    unchanged: int = 0


class BadValue(ValueError):
    """One cell's value is not acceptable; the message says why."""


@dataclass
class _Row:
    """One data row, parsed. `values` holds the good values of the header's columns."""

    line: int
    slack_id: str | None = None
    needs_lookup: bool = False
    values: dict[str, object] = field(default_factory=dict)
    failed: set[str] = field(default_factory=set)


def _text(column: str) -> Callable[[str], str | None]:
    def parse(raw: str) -> str | None:
        value = raw.strip() or None
        if value is not None and len(value) > _MAX_LENGTHS[column]:
            raise BadValue(f"{column} is longer than {_MAX_LENGTHS[column]} characters")
        return value

    return parse


def _email(raw: str) -> str | None:
    value = _text("email")(raw)
    return value.lower() if value else None


def _roles(raw: str) -> frozenset[Role]:
    names = {part.strip() for part in raw.split(";")} - {""}
    unknown = sorted(name for name in names if name.lower() not in _ROLES)
    if unknown:
        quoted = ", ".join(f'"{name}"' for name in unknown)
        plural = "s" if len(unknown) > 1 else ""
        raise BadValue(f"unknown role{plural} {quoted} (use {', '.join(_ROLES)})")
    return frozenset(Role(name.lower()) for name in names)


def _cohort(raw: str) -> str | None:
    value = raw.strip().lower()
    if value and value not in _COHORTS:
        raise BadValue(f'unknown cohort "{raw.strip()}" (use {" or ".join(_COHORTS)})')
    return value or None


def _max_active_cases(raw: str) -> int:
    value = raw.strip()
    if not value:
        return DEFAULT_MAX_ACTIVE_CASES
    if not _WHOLE_NUMBER.fullmatch(value):
        raise BadValue(f'max_active_cases must be a whole number, 0 or more, not "{value}"')
    return int(value)


def _active(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in ("", "yes", "no"):
        raise BadValue(f'active must be "yes" or "no", not "{raw.strip()}"')
    return value != "no"


def _trained_on(raw: str) -> date | None:
    value = raw.strip()
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise BadValue(f'trained_on must be a date like 2025-09-15, not "{value[:40]}"') from None


def _staff_id(column: str, problem: Callable[[str], str | None]) -> Callable[[str], str | None]:
    def parse(raw: str) -> str | None:
        value = raw.strip()
        if not value:
            return None
        why = problem(value)
        if why:
            raise BadValue(f'{column} "{value[:40]}" {why}')
        return value

    return parse


_PARSERS: dict[str, Callable[[str], object]] = {
    "npi": _staff_id("npi", npi_problem),
    "employee_id": _staff_id("employee_id", employee_id_problem),
    "email": _email,
    "name": _text("name"),
    "roles": _roles,
    "cohort": _cohort,
    "division": _text("division"),
    "max_active_cases": _max_active_cases,
    "active": _active,
    "trained_on": _trained_on,
}


def parse_cell(column: str, raw: str) -> object:
    """One value as the CSV (or a roster modal) gives it, checked; BadValue says what is wrong."""
    return _PARSERS[column](raw)


def slack_id_problem(slack_id: str) -> str | None:
    if SLACK_USER_ID.fullmatch(slack_id):
        return None
    return f'slack_id "{slack_id[:40]}" is not a Slack user id (U or W, then capital letters and digits)'


def cohort_problem(roles: frozenset[Role], cohort: str | None) -> str | None:
    """Supporters are matched by cohort, so they need one."""
    if Role.SUPPORTER in roles and cohort is None:
        return f"supporters need a cohort ({' or '.join(_COHORTS)})"
    return None


def email_owner_problem(owner: str | None, slack_id: str) -> str | None:
    if owner is not None and owner != slack_id:
        return f"this email belongs to {owner}, another person on the roster"
    return None


def _read_csv(csv_text: str) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """The header's line and columns, and the non-blank data rows with their first line."""
    reader = csv.reader(io.StringIO(csv_text.removeprefix("\ufeff"), newline=""))
    rows: list[tuple[int, list[str]]] = []
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
    except csv.Error as exc:
        raise RosterImportError([f"line {reader.line_num}: not readable as CSV: {exc}"]) from None
    if not rows:
        raise RosterImportError([f"the file is empty; it needs a header line such as {','.join(COLUMNS)}"])
    (header_line, raw_header), data = rows[0], rows[1:]
    header = [name.strip().lower() for name in raw_header]
    errors = [
        f'line {header_line}: unknown column "{raw.strip()}" (use {", ".join(COLUMNS)})'
        for raw, name in zip(raw_header, header)
        if name not in COLUMNS
    ]
    errors += [
        f'line {header_line}: column "{name}" appears more than once'
        for name in sorted({n for n in header if header.count(n) > 1 and n in COLUMNS})
    ]
    if "slack_id" not in header and "email" not in header:
        errors.append(f"line {header_line}: the header needs a slack_id column, an email column, or both")
    if errors:
        raise RosterImportError(errors)
    if not data:
        raise RosterImportError([f"the file has a header (line {header_line}) but no people"])
    return header_line, header, data


def _parse_row(line: int, cells: dict[str, str], errors: list[tuple[int, str]]) -> _Row:
    """Check each cell of one row; problems go to `errors`."""
    row = _Row(line)
    for column, parse in _PARSERS.items():
        if column in cells:
            try:
                row.values[column] = parse(cells[column])
            except BadValue as exc:
                row.failed.add(column)
                errors.append((line, str(exc)))
    slack_id = cells.get("slack_id", "").strip()
    if slack_id and slack_id_problem(slack_id):
        errors.append((line, slack_id_problem(slack_id)))
    elif slack_id:
        row.slack_id = slack_id
    elif row.values.get("email"):
        row.needs_lookup = True
    elif "email" not in row.failed:
        errors.append((line, "no slack_id and no email: one of them is needed"))
    return row


def _resolve(
    rows: list[_Row], resolve_email: Callable[[str], str | None], errors: list[tuple[int, str]]
) -> None:
    """Fill in the Slack id of rows that only give an email."""
    for row in rows:
        if not row.needs_lookup:
            continue
        try:
            found = resolve_email(str(row.values["email"]))
        except EmailLookupFailed as exc:
            raise RosterImportError(
                [f"Slack could not be asked about the email on line {row.line}: {str(exc).rstrip('.')}. Nothing was imported."]
            ) from exc
        if found:
            row.slack_id = found
        else:
            errors.append((row.line, "Slack knows no user with this email"))


def _find_duplicates(rows: list[_Row], errors: list[tuple[int, str]]) -> None:
    """Each person may appear once in the file, by Slack id and by email."""
    id_lines: dict[str, int] = {}
    email_lines: dict[str, int] = {}
    staff_id_lines: dict[str, dict[str, int]] = {c: {} for c in STAFF_ID_COLUMNS}
    for row in rows:
        if row.slack_id in id_lines:
            first = id_lines[row.slack_id]
            if row.needs_lookup:
                message = f"this email is Slack user {row.slack_id}, who is already on line {first}"
                errors.append((row.line, message))
            else:
                errors.append((row.line, f"slack_id {row.slack_id} is already on line {first}"))
        elif row.slack_id:
            id_lines[row.slack_id] = row.line
        for column in STAFF_ID_COLUMNS:
            value = row.values.get(column)
            if isinstance(value, str):
                if value in staff_id_lines[column]:
                    errors.append((row.line, f"same {column} as line {staff_id_lines[column][value]}"))
                else:
                    staff_id_lines[column][value] = row.line
        email = row.values.get("email")
        if email in email_lines:
            errors.append((row.line, f"same email as line {email_lines[email]}"))
        elif isinstance(email, str):
            email_lines[email] = row.line


def _check_against_stored(rows: list[_Row], people: dict[str, Person], errors: list[tuple[int, str]]) -> None:
    """Rules that depend on who is already on the roster."""
    email_owners = {p.email.lower(): p.slack_id for p in people.values() if p.email}
    staff_id_owners = {c: {getattr(p, c): p.slack_id for p in people.values() if getattr(p, c)}
                       for c in STAFF_ID_COLUMNS}
    for row in rows:
        if row.slack_id is None:
            continue
        email = row.values.get("email")
        owner = email_owners.get(email) if isinstance(email, str) else None
        if email_owner_problem(owner, row.slack_id):
            errors.append((row.line, email_owner_problem(owner, row.slack_id)))
        for column in STAFF_ID_COLUMNS:
            value = row.values.get(column)
            owner = staff_id_owners[column].get(value) if isinstance(value, str) else None
            if owner is not None and owner != row.slack_id:
                errors.append((row.line, f"this {column} belongs to {owner}, another person on the roster"))
        if row.failed & {"roles", "cohort"}:
            continue
        stored = people.get(row.slack_id)
        roles = row.values.get("roles", roles_of(stored))
        cohort = row.values.get("cohort", stored.cohort if stored else None)
        if cohort_problem(roles, cohort):
            errors.append((row.line, cohort_problem(roles, cohort)))


def import_roster(
    db: Database,
    clock: Clock,
    csv_text: str,
    resolve_email: Callable[[str], str | None],
) -> ImportReport:
    """Create or update people from a roster CSV, keyed by Slack id; all or nothing.

    Columns: slack_id, email, name, roles, cohort, division, max_active_cases,
    active, trained_on. Only slack_id or email is required; a column left out of the header
    keeps each existing person's stored value (new people get the defaults).
    People not in the file are left as they are. An unchanged person is counted
    in `unchanged` and keeps their `updated_at`.

    Raises RosterImportError listing every problem; the database is untouched.
    """
    header_line, header, data = _read_csv(csv_text)
    errors: list[tuple[int, str]] = []
    rows: list[_Row] = []
    for line, cells in data:
        if len(cells) != len(header):
            message = f"{len(cells)} fields, but the header (line {header_line}) has {len(header)}"
            errors.append((line, message))
        else:
            rows.append(_parse_row(line, dict(zip(header, cells)), errors))
    _resolve(rows, resolve_email, errors)
    _find_duplicates(rows, errors)

    created = updated = unchanged = 0
    with db.session() as session:
        people = {p.slack_id: p for p in session.scalars(select(Person))}
        _check_against_stored(rows, people, errors)
        if errors:
            errors.sort(key=lambda error: error[0])  # stable: a row's problems keep their order
            raise RosterImportError([f"line {line}: {message}" for line, message in errors])
        now = clock.now()
        for row in rows:
            person = people.get(row.slack_id or "")
            if person is None:
                person = Person(
                    slack_id=row.slack_id,
                    max_active_cases=DEFAULT_MAX_ACTIVE_CASES,
                    active=True,
                    created_at=now,
                    updated_at=now,
                )
                _apply(person, row.values)
                session.add(person)
                created += 1
                continue
            changes = {c: v for c, v in row.values.items() if _stored(person, c) != v}
            _apply(person, changes)
            if changes:
                person.updated_at = now
                updated += 1
            else:
                unchanged += 1
    return ImportReport(created=created, updated=updated, unchanged=unchanged)


def _stored(person: Person, column: str) -> object:
    return roles_of(person) if column == "roles" else getattr(person, column)


def _apply(person: Person, values: dict[str, object]) -> None:
    for column, value in values.items():
        if column == "roles":
            set_roles(person, value)  # type: ignore[arg-type]
        else:
            setattr(person, column, value)

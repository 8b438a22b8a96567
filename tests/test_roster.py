"""Roster import, listing and formatting (bot/roster.py) against a real SQLite file."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.core.clock import FakeClock
from bot.coordination.roster_view import RosterEntry, format_roster_line, list_roster
from bot.roster.csv_import import EmailLookupFailed, ImportReport, RosterImportError, import_roster
from models.db import Database
from models.tables import Case, Person

HEADER = "slack_id,email,name,roles,cohort,division,max_active_cases,active"
START = datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)

# Two people already on the roster before each "bad file" test.
SEED = "\n".join(
    [
        HEADER,
        "U0ADA,ada@example.org,Dr Ada Lovelace,supporter;lead,faculty,Cardiac Surgery,2,yes",
        "U0GRACE,grace@example.org,Dr Grace Hopper,,trainee,Neurology,,",
    ]
)


class FakeSlack:
    """An email resolver that knows a fixed directory and records what it was asked."""

    def __init__(self, directory: dict[str, str] | None = None):
        self.directory = directory or {}
        self.asked: list[str] = []

    def __call__(self, email: str) -> str | None:
        self.asked.append(email)
        return self.directory.get(email)


def no_lookups(email: str) -> str | None:
    raise AssertionError("the resolver must not be called for this file")


@pytest.fixture
def db(tmp_path):
    database = Database(f"sqlite:///{tmp_path / 't.sqlite3'}")
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def clock():
    return FakeClock(START)


@pytest.fixture
def seeded(db, clock):
    import_roster(db, clock, SEED, no_lookups)
    clock.advance(timedelta(days=1))
    return db


def people(db) -> dict[str, Person]:
    with db.session() as session:
        return {p.slack_id: p for p in session.scalars(select(Person))}


def snapshot(db) -> list[tuple]:
    """Every column of every person, to show that nothing changed."""
    columns = [column.key for column in Person.__table__.columns]
    with db.session() as session:
        rows = session.scalars(select(Person).order_by(Person.id))
        return [tuple(getattr(person, column) for column in columns) for person in rows]


def refused(db, clock, text, resolver=no_lookups) -> RosterImportError:
    """Import `text`, expect a refusal, and check the database did not change."""
    before = snapshot(db)
    with pytest.raises(RosterImportError) as caught:
        import_roster(db, clock, text, resolver)
    assert snapshot(db) == before
    assert str(caught.value) == "\n".join(caught.value.errors)
    return caught.value


def test_good_import_creates_people_with_parsed_fields_and_defaults(db, clock):
    text = "\n".join(
        [
            HEADER,
            "U0ADA, Ada@Example.ORG ,  Dr Ada Lovelace ,Supporter ; LEAD;lead,Faculty, Cardiac Surgery ,3,YES",
            "W0MAX,,,,,,,",  # a known clinician with every optional value left out
            "U0CORA,cora@example.org,Cora,coordinator,,Anaesthesia, 0 ,No",
        ]
    )
    report = import_roster(db, clock, text, no_lookups)

    assert report == ImportReport(created=3, updated=0, unchanged=0)
    found = people(db)
    ada = found["U0ADA"]
    assert (ada.email, ada.name, ada.roles, ada.cohort, ada.division) == (
        "ada@example.org",
        "Dr Ada Lovelace",
        {"lead", "supporter"},
        "faculty",
        "Cardiac Surgery",
    )
    assert (ada.max_active_cases, ada.active) == (3, True)
    assert (ada.created_at, ada.updated_at) == (START, START)
    assert ada.paused_until is None

    maxine = found["W0MAX"]
    assert (maxine.email, maxine.name, maxine.roles, maxine.cohort, maxine.division) == (None, None, set(), None, None)
    assert (maxine.max_active_cases, maxine.active) == (2, True)

    cora = found["U0CORA"]
    assert (cora.roles, cora.cohort, cora.max_active_cases, cora.active) == ({"coordinator"}, None, 0, False)


def test_missing_optional_columns_get_defaults_for_new_people(db, clock):
    report = import_roster(db, clock, "slack_id,name\nU0NEW,Someone", no_lookups)

    assert report.created == 1
    person = people(db)["U0NEW"]
    assert (person.email, person.roles, person.cohort, person.division) == (None, set(), None, None)
    assert (person.max_active_cases, person.active) == (2, True)


def test_reimport_updates_and_leaves_people_not_in_the_file_alone(seeded, clock):
    before = people(seeded)
    text = "\n".join(
        [
            HEADER,
            "U0ADA,ada@example.org,Dr Ada Lovelace,supporter,faculty,Cardiac Surgery,1,no",
            "U0NEW,new@example.org,Dr New,,,Renal,,",
        ]
    )
    report = import_roster(seeded, clock, text, no_lookups)

    assert report == ImportReport(created=1, updated=1, unchanged=0)
    after = people(seeded)
    ada = after["U0ADA"]
    assert (ada.roles, ada.max_active_cases, ada.active) == ({"supporter"}, 1, False)
    assert ada.created_at == START
    assert ada.updated_at == clock.now() != START
    assert after["U0NEW"].division == "Renal"
    grace, grace_before = after["U0GRACE"], before["U0GRACE"]
    assert [getattr(grace, c.key) for c in Person.__table__.columns] == [
        getattr(grace_before, c.key) for c in Person.__table__.columns
    ]


def test_columns_missing_from_the_header_keep_stored_values(seeded, clock):
    report = import_roster(seeded, clock, "slack_id,division\nU0ADA,Transplant\nU0GRACE,Neurology", no_lookups)

    assert report == ImportReport(created=0, updated=1, unchanged=1)
    after = people(seeded)
    ada = after["U0ADA"]
    assert ada.division == "Transplant"
    assert (ada.email, ada.name, ada.roles, ada.cohort) == (
        "ada@example.org",
        "Dr Ada Lovelace",
        {"lead", "supporter"},
        "faculty",
    )
    assert (ada.max_active_cases, ada.active) == (2, True)
    assert after["U0GRACE"].updated_at == START  # unchanged row: not touched


def test_email_only_header_resolves_through_the_resolver(db, clock):
    slack = FakeSlack({"ada@example.org": "U0ADA", "grace@example.org": "W0GRACE"})
    text = "email,name,roles,cohort\nAda@Example.org,Ada,supporter,faculty\ngrace@example.org,Grace,,"

    report = import_roster(db, clock, text, slack)

    assert report.created == 2
    assert slack.asked == ["ada@example.org", "grace@example.org"]
    found = people(db)
    assert set(found) == {"U0ADA", "W0GRACE"}
    assert found["U0ADA"].email == "ada@example.org"
    assert found["W0GRACE"].name == "Grace"


def test_rows_with_a_slack_id_are_not_looked_up(db, clock):
    slack = FakeSlack({"b@example.org": "U0BEE"})
    import_roster(db, clock, "slack_id,email\nU0AAA,a@example.org\n,b@example.org", slack)

    assert slack.asked == ["b@example.org"]
    assert set(people(db)) == {"U0AAA", "U0BEE"}


# Each bad row goes at line 5 of a file whose other rows are good and would
# change the database (an update of Ada, a new person), after a blank line 3.
BAD_ROWS = [
    ("unknown role", "U0BAD,,Bad,supporter;admin,faculty,,,", 'unknown role "admin" (use supporter, lead, coordinator)'),
    ("unknown cohort", "U0BAD,,Bad,supporter,resident,,,", 'unknown cohort "resident" (use faculty or trainee)'),
    ("supporter without cohort", "U0BAD,,Bad,lead;supporter,,,,", "supporters need a cohort"),
    ("negative number", "U0BAD,,Bad,,,,-1,", 'max_active_cases must be a whole number, 0 or more, not "-1"'),
    ("number in words", "U0BAD,,Bad,,,,two,", 'max_active_cases must be a whole number, 0 or more, not "two"'),
    ("decimal number", "U0BAD,,Bad,,,,1.5,", "max_active_cases must be a whole number"),
    ("bad active", "U0BAD,,Bad,,,,,true", 'active must be "yes" or "no", not "true"'),
    ("no id and no email", ",,Bad,lead,,,,", "no slack_id and no email"),
    ("unresolvable email", ",nobody@example.org,Bad,,,,,", "Slack knows no user with this email"),
    ("duplicate by id", "U0NEW,,Again,,,,,", "slack_id U0NEW is already on line 4"),
    ("duplicate by email", "U0BAD,New@Example.org,Bad,,,,,", "same email as line 4"),
    ("resolved email is an id already in the file", ",also-new@example.org,Bad,,,,,", "this email is Slack user U0NEW, who is already on line 4"),
    ("email of another stored person", "U0BAD,grace@example.org,Bad,,,,,", "this email belongs to U0GRACE, another person on the roster"),
    ("lower-case slack id", "u0bad,,Bad,,,,,", 'slack_id "u0bad" is not a Slack user id'),
    ("channel id", "C0BAD,,Bad,,,,,", 'slack_id "C0BAD" is not a Slack user id'),
    ("slack id too long", "U" + "A" * 32 + ",,Bad,,,,,", 'slack_id "U' + "A" * 32 + '" is not a Slack user id'),
    ("too many fields", "U0BAD,,Bad,,,,,,extra", "9 fields, but the header (line 1) has 8"),
]


@pytest.mark.parametrize(("bad_row", "expected"), [case[1:] for case in BAD_ROWS], ids=[case[0] for case in BAD_ROWS])
def test_a_bad_row_is_named_by_its_line_and_nothing_changes(seeded, clock, bad_row, expected):
    slack = FakeSlack({"also-new@example.org": "U0NEW"})
    text = "\n".join(
        [
            HEADER,
            "U0ADA,ada@example.org,Dr Ada Lovelace,supporter,faculty,Transplant,4,no",
            "",
            "U0NEW,new@example.org,Dr New,,,Renal,,",
            bad_row,
        ]
    )

    error = refused(seeded, clock, text, slack)

    assert len(error.errors) == 1, error.errors
    assert error.errors[0].startswith(f"line 5: {expected}"), error.errors


def test_the_same_file_without_the_bad_row_would_have_changed_things(seeded, clock):
    """The control for the test above: its good rows do change the database."""
    before = snapshot(seeded)
    text = "\n".join(
        [
            HEADER,
            "U0ADA,ada@example.org,Dr Ada Lovelace,supporter,faculty,Transplant,4,no",
            "",
            "U0NEW,new@example.org,Dr New,,,Renal,,",
        ]
    )
    assert import_roster(seeded, clock, text, no_lookups) == ImportReport(created=1, updated=1)
    assert snapshot(seeded) != before


def test_supporter_cohort_is_checked_against_stored_values(seeded, clock):
    """Making someone a supporter without a cohort column uses the cohort on file."""
    report = import_roster(seeded, clock, "slack_id,roles\nU0GRACE,supporter", no_lookups)
    assert report.updated == 1
    assert people(seeded)["U0GRACE"].roles == {"supporter"}

    import_roster(seeded, clock, "slack_id,name\nU0NOCO,No Cohort", no_lookups)
    error = refused(seeded, clock, "slack_id,roles\nU0NOCO,supporter", no_lookups)
    assert error.errors == ["line 2: supporters need a cohort (faculty or trainee)"]


def test_several_bad_rows_are_all_named_in_one_error(seeded, clock):
    text = "\n".join(
        [
            HEADER,
            "U0OK,,Fine,,,,,",
            "U0B1,,Bad,wizard,,,,",
            "",
            "U0B2,,Bad,,,,many,maybe",
            ",,No Id,,,,,",
            "U0OK2,,Fine,,,,,",
        ]
    )

    error = refused(seeded, clock, text)

    assert error.errors == [
        'line 3: unknown role "wizard" (use supporter, lead, coordinator)',
        'line 5: max_active_cases must be a whole number, 0 or more, not "many"',
        'line 5: active must be "yes" or "no", not "maybe"',
        "line 6: no slack_id and no email: one of them is needed",
    ]


def test_unknown_header_column_is_named_on_line_1(seeded, clock):
    error = refused(seeded, clock, "slack_id,name,Pager\nU0ADA,Ada,123")

    assert error.errors == [
        'line 1: unknown column "Pager" (use slack_id, email, name, roles, cohort, division, max_active_cases, active, trained_on, npi, employee_id)'
    ]


def test_header_needs_slack_id_or_email(seeded, clock):
    error = refused(seeded, clock, "name,roles\nAda,lead")

    assert error.errors == ["line 1: the header needs a slack_id column, an email column, or both"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "the file is empty; it needs a header line such as " + HEADER + ",trained_on,npi,employee_id"),
        ("\n \n", "the file is empty; it needs a header line such as " + HEADER + ",trained_on,npi,employee_id"),
        (HEADER, "the file has a header (line 1) but no people"),
        ("\n" + HEADER + "\n\n", "the file has a header (line 2) but no people"),
    ],
    ids=["empty", "blank", "header", "header+blank"],
)
def test_empty_or_header_only_file_is_an_error(seeded, clock, text, expected):
    assert refused(seeded, clock, text).errors == [expected]


def test_blank_lines_are_skipped_but_counted(seeded, clock):
    error = refused(seeded, clock, "slack_id,active\n\n\nU0X,yes\n\nU0Y,perhaps\n")

    assert error.errors == ['line 6: active must be "yes" or "no", not "perhaps"']


def test_email_lookup_failure_aborts_with_one_clear_error(seeded, clock):
    asked = []

    def broken(email: str) -> str | None:
        asked.append(email)
        raise EmailLookupFailed("the token lacks the users:read.email scope")

    text = "email,name\na@example.org,A\nb@example.org,B\n,No email\n"
    error = refused(seeded, clock, text, broken)

    assert error.errors == [
        "Slack could not be asked about the email on line 2: "
        "the token lacks the users:read.email scope. Nothing was imported."
    ]
    assert asked == ["a@example.org"]  # stops at the first failure


def test_errors_do_not_echo_names_or_emails(seeded, clock):
    text = "\n".join(
        [
            HEADER,
            ",secret.person@example.org,Secret Person,,,,,",
            "U0S,grace@example.org,Secret Person,,,,,",
        ]
    )
    error = refused(seeded, clock, text, FakeSlack())

    assert len(error.errors) == 2
    assert "example.org" not in str(error) and "Secret" not in str(error)


def add_case(session, supporter: str | None, state: str, clinician: str = "U0CLIN") -> None:
    session.add(
        Case(
            clinician_slack_id=clinician,
            source="self",
            urgency="few_days",
            state=state,
            supporter_slack_id=supporter,
            created_at=START,
            updated_at=START,
        )
    )


def test_list_roster_counts_held_cases_and_orders_by_name_then_id(db, clock):
    text = "\n".join(
        [
            HEADER,
            "U0ZED,,Zed,supporter,trainee,,,",
            "U0B2,,Bea,supporter,faculty,,3,",
            "U0B1,,bea,lead,,,,no",
            "U0NONAME,,,,,,,",
            "U0AL,,Al,,,,,",
        ]
    )
    import_roster(db, clock, text, no_lookups)
    with db.session() as session:
        add_case(session, "U0B2", "accepted")
        add_case(session, "U0B2", "contacted")
        add_case(session, "U0B2", "offered")  # offered, not held
        add_case(session, "U0B2", "closed")
        add_case(session, "U0ZED", "accepted")
        add_case(session, None, "new")
        add_case(session, "U0B1", "unplaced")

    entries = list_roster(db)

    assert [e.slack_id for e in entries] == ["U0AL", "U0B1", "U0B2", "U0ZED", "U0NONAME"]
    assert {e.slack_id: e.open_cases for e in entries} == {
        "U0AL": 0,
        "U0B1": 0,
        "U0B2": 2,
        "U0ZED": 1,
        "U0NONAME": 0,
    }
    bea = entries[2]
    assert bea == RosterEntry(
        slack_id="U0B2",
        name="Bea",
        email=None,
        roles=("supporter",),
        cohort="faculty",
        division=None,
        max_active_cases=3,
        active=True,
        paused_until=None,
        open_cases=2,
    )


def entry(**changes) -> RosterEntry:
    values = dict(
        slack_id="U024BE7LH",
        name="Dr Ada Lovelace",
        email="ada@example.org",
        roles=("lead", "supporter"),
        cohort="faculty",
        division="Cardiac Surgery",
        max_active_cases=2,
        active=True,
        paused_until=None,
        open_cases=1,
    )
    values.update(changes)
    return RosterEntry(**values)


def test_format_roster_line():
    assert format_roster_line(entry()) == (
        "U024BE7LH  Dr Ada Lovelace  roles=lead;supporter  cohort=faculty  "
        "division=Cardiac Surgery  capacity=2  open=1  active"
    )


def test_format_roster_line_shows_missing_values_as_dashes_and_inactive():
    line = format_roster_line(entry(name=None, roles=(), cohort=None, division=None, active=False, open_cases=0))

    assert line == "U024BE7LH  -  roles=-  cohort=-  division=-  capacity=2  open=0  inactive"


def test_format_roster_line_shows_a_pause():
    paused = entry(paused_until=datetime(2026, 3, 9, 23, 30, tzinfo=timezone.utc))

    assert format_roster_line(paused).endswith("  open=1  paused until 2026-03-09")
    assert format_roster_line(paused, now=START).endswith("paused until 2026-03-09")
    assert format_roster_line(paused, now=START + timedelta(days=30)).endswith("  open=1  active")
    assert format_roster_line(entry(paused_until=START, active=False)).endswith("  inactive")

"""An intake CSV (one participant a line; lines sharing source_system and source_event_id are one
event) becomes v1 bodies, all or nothing: every bad line is named, and no value is repeated."""
from __future__ import annotations

import pytest

from bot.intake.csv_events import COLUMNS, CsvEventsError, events_from_csv, read_events_csv
from bot.intake.vocabulary import CATEGORIES

HEADER = ",".join(COLUMNS)
SITE = "https://safety.example-hospital.org/event-id"


def csv_of(*lines: str) -> str:
    return "\n".join((HEADER,) + lines) + "\n"


def errors_of(content) -> list[str]:
    with pytest.raises(CsvEventsError) as caught:
        events_from_csv(content)
    return caught.value.errors


GOOD = csv_of(
    f"{SITE},evt-4f9c2a,surgery-or-anesthesia,serious,2026-11-28,General Surgery,npi,1234567893,primary",
    f"{SITE},evt-4f9c2a,surgery-or-anesthesia,serious,2026-11-28,General Surgery,email,r.okafor@hospital.example.org,team",
    f"mm-list,week-48-1,Patient-Death,Serious,2026-11-25,,slack,U0ABC123,witness",
    "",
    f"{SITE},evt-4f9c2a,surgery-or-anesthesia,serious,2026-11-28,General Surgery,employee-id,E-20417,witness",
)


def test_lines_sharing_an_event_key_are_one_event_in_the_order_first_seen():
    assert events_from_csv(GOOD) == [
        {
            "source_system": SITE,
            "source_event_id": "evt-4f9c2a",
            "category": "surgery-or-anesthesia",
            "seriousness": "serious",
            "occurred_on": "2026-11-28",
            "division": "General Surgery",
            "participants": [
                {"identifier": {"system": "npi", "value": "1234567893"}, "function": "primary"},
                {"identifier": {"system": "email", "value": "r.okafor@hospital.example.org"}, "function": "team"},
                {"identifier": {"system": "employee-id", "value": "E-20417"}, "function": "witness"},
            ],
        },
        {
            "source_system": "mm-list",
            "source_event_id": "week-48-1",
            "category": "patient-death",  # the fixed lists' words in any case
            "seriousness": "serious",
            "occurred_on": "2026-11-25",  # no division: the field is left out
            "participants": [{"identifier": {"system": "slack", "value": "U0ABC123"}, "function": "witness"}],
        },
    ]


def test_each_participant_keeps_the_line_it_came_from():
    events = read_events_csv(GOOD)
    assert [event.lines for event in events] == [[2, 3, 6], [4]]


def test_bytes_with_a_byte_order_mark_columns_in_another_order_and_quoted_cells_are_read():
    columns = list(reversed(COLUMNS))
    line = dict(zip(COLUMNS, [SITE, "evt-1a", "fall", "non-serious", "2026-01-05", "Surgery, Trauma", "npi",
                              "1000000004", "team"]))
    text = ",".join(c.upper() for c in columns) + "\r\n" + ",".join(
        f'"{line[c]}"' if "," in line[c] else line[c] for c in columns) + "\r\n"
    [body] = events_from_csv(("\ufeff" + text).encode("utf-8"))
    assert body["division"] == "Surgery, Trauma" and body["category"] == "fall"


def test_a_file_that_is_not_utf8_says_to_save_it_as_csv_utf8():
    content = csv_of(f"{SITE},evt-1a,fall,serious,2026-01-05,Chirurgie générale,npi,1000000004,team").encode("cp1252")
    [error] = errors_of(content)
    assert error.startswith("line 2: the file is not UTF-8 text") and '"CSV UTF-8 (Comma delimited)"' in error


def test_every_bad_line_is_named_and_nothing_from_it_is_repeated():
    secret = "Ottoline Vasquez-Brandt MRN 77300451"
    errors = errors_of(csv_of(
        f"{SITE},evt-1a,fall,serious,2026-01-05,,npi,1000000004,team",
        f"{SITE},evt-1a,{secret},serious,2026-01-05,,npi,1234567893,team",
        f",,fall,grave,05/01/2026,,fax,,lead",
        f"{SITE},evt-2b,fall,serious,2026-02-30,,npi,1999999992,team",
        f"{SITE},evt-1a,fall,non-serious,2026-01-06,Surgery,npi,1523412348,team",
        f"{SITE},evt-1a,fall,serious,2026-01-05,,npi,1000000004,primary",
        f"{SITE},evt-3c,fall,serious",
    ))
    assert errors == [
        f"line 3: category must be one of {', '.join(CATEGORIES)}",
        "line 3: category differs from line 2, the first line of the same event (lines with the same "
        "source_system and source_event_id are one event)",
        "line 4: source_system is empty",
        "line 4: source_event_id is empty",
        "line 4: identifier_value is empty",
        "line 4: seriousness must be one of serious, non-serious",
        "line 4: identifier_system must be one of email, slack, npi, employee-id",
        "line 4: function must be one of primary, team, witness",
        "line 4: occurred_on must be a date written like 2026-11-30",
        "line 5: occurred_on is not a date in the calendar",
        "line 6: seriousness differs from line 2, the first line of the same event (lines with the same "
        "source_system and source_event_id are one event)",
        "line 6: occurred_on differs from line 2, the first line of the same event (lines with the same "
        "source_system and source_event_id are one event)",
        "line 6: division differs from line 2, the first line of the same event (lines with the same "
        "source_system and source_event_id are one event)",
        "line 7: the same participant as line 2 in the same event",
        "line 8: 4 fields, but the header (line 1) has 9",
    ]
    assert not any(part in error for error in errors for part in ("Ottoline", "77300451", "grave", "fax", "lead"))


def test_the_same_email_in_another_case_is_the_same_participant():
    errors = errors_of(csv_of(
        f"{SITE},evt-1a,fall,serious,2026-01-05,,email,A.Person@hospital.example.org,team",
        f"{SITE},evt-1a,fall,serious,2026-01-05,,email,a.person@hospital.example.org,team",
    ))
    assert errors == ["line 3: the same participant as line 2 in the same event"]


def test_an_event_with_more_than_fifty_participants_is_refused():
    lines = [f"{SITE},evt-1a,fall,serious,2026-01-05,,employee-id,E-{n},team" for n in range(51)]
    assert errors_of(csv_of(*lines)) == [
        "line 2: the event on this line has 51 participants (lines 2-52); at most 50"]
    assert len(events_from_csv(csv_of(*lines[:50]))[0]["participants"]) == 50


@pytest.mark.parametrize("content, expected", [
    ("", ["the file is empty; it needs the header " + HEADER]),
    (HEADER + "\n\n", ["the file has a header (line 1) but no lines of events"]),
    (HEADER.replace("division,", "") + "\n", [
        f"line 1: the header lacks division (it needs {HEADER})"]),
    (HEADER + ",notes\n", [f'line 1: column 10 ("notes") is not one of {HEADER}']),
    (HEADER + ",Ottoline Vasquez-Brandt 77300451\n", [f"line 1: column 10 is not one of {HEADER}"]),
    (HEADER + ",function\n", ['line 1: column "function" appears more than once']),
    (HEADER + '\n"unclosed,fall\nx\n', ["line 2: not readable as CSV (a quote never closed, or text after a closing quote)"]),
    (HEADER + '\nx\n"a"b,fall\n', ["line 3: not readable as CSV (a quote never closed, or text after a closing quote)"]),
])
def test_a_file_that_is_not_an_intake_list_is_named(content, expected):
    assert errors_of(content) == expected


def test_given_the_day_each_event_is_also_checked_as_the_api_checks_it_by_line_and_column():
    from datetime import date

    content = csv_of(
        f"{SITE},evt-1a,fall,serious,2026-01-05,,npi,1234567893,primary",
        f"{SITE},evt-1a,fall,serious,2026-01-05,,npi,1234567890,team",
        f"{SITE},evt-2b,fall,serious,2026-03-04,Room 12 bed 2,slack,alex,team",
        f"{SITE},evt-3c,fall,grave,2026-01-05,,npi,1234567890,team",
    )
    assert len(read_events_csv(content.replace("grave", "serious"))) == 3  # the file's own rules hold
    with pytest.raises(CsvEventsError) as caught:
        read_events_csv(content, today=date(2026, 3, 2))
    assert caught.value.errors == [
        "line 3: identifier_value is not an NPI: its check digit is wrong",
        "line 4: occurred_on must not be in the future",
        "line 4: division looks like a patient identifier (room or bed); send none",
        "line 4: identifier_value is not a Slack user id (like U012AB3CD)",
        "line 5: seriousness must be one of serious, non-serious",  # named once, by the file's rules
    ]

"""`peer-support intake import FILE.csv`: the same rules as the API through receive_event, a summary
of what happened to each participant; a bad file names every bad line, changes nothing, and exits 2."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.intake.vocabulary import CATEGORIES
from conftest import NOTE_KEY
from flows import cases, load_roster
from intake_steps import NPI_CLIN1, NPI_CLIN2, ROSTER
from models.tables import SafetyEvent

HEADER = "source_system,source_event_id,category,seriousness,occurred_on,division,identifier_system,identifier_value,function"
GOOD = f"""{HEADER}
mm-list,week-8-1,surgery-or-anesthesia,serious,2026-02-20,General Surgery,npi,{NPI_CLIN1},primary
mm-list,week-8-1,surgery-or-anesthesia,serious,2026-02-20,General Surgery,email,ghost@hospital.org,team
mm-list,week-8-2,patient-death,serious,2026-02-21,,employee-id,E-1002,witness
mm-list,week-8-3,fall,non-serious,2026-02-22,,slack,UNOBODY1,team
"""


@pytest.fixture
def run(make_services, database_url, tmp_path, monkeypatch, capsys):
    """run(csv content) -> (exit status, stdout, stderr), with a roster loaded in the database."""
    services = make_services()
    load_roster(services, ROSTER)
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name, value in {"SLACK_BOT_TOKEN": "xoxb-cli-test", "SLACK_SIGNING_SECRET": "cli-test-secret",
                        "DATABASE_URL": database_url, "NOTE_ENCRYPTION_KEY": NOTE_KEY}.items():
        monkeypatch.setenv(name, value)

    def run_import(content: str | bytes, name: str = "events.csv"):
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        status = main(["intake", "import", str(path)])
        out, err = capsys.readouterr()
        return status, out, err

    run_import.services = services
    return run_import


def events_stored(services) -> int:
    with services.db.session() as session:
        return session.scalar(select(func.count()).select_from(SafetyEvent))


def test_a_good_file_is_taken_in_by_the_apis_rules_and_summed_up(run):
    status, out, err = run(GOOD)
    assert (status, err) == (0, "")
    assert out.splitlines()[0].endswith(
        "events.csv: 2 created, 0 attached, 0 repeated, 2 unresolved.")
    assert out.splitlines()[0].startswith("Imported 3 event(s) from ")
    assert "Not on the roster (lines 3, 5)" in out
    assert sorted(case.clinician_slack_id for case in cases(run.services)) == ["UCLIN1", "UCLIN2"]
    assert {case.source for case in cases(run.services)} == {"system"}
    assert events_stored(run.services) == 2  # week-8-3 named nobody on the roster (422): nothing stored
    assert "ghost@" not in out and NPI_CLIN1 not in out and NPI_CLIN2 not in out


def test_the_same_file_again_changes_nothing(run):
    run(GOOD)
    before = [(case.id, case.state) for case in cases(run.services)]
    status, out, _ = run(GOOD)
    assert status == 0 and "0 created, 0 attached, 2 repeated, 2 unresolved." in out
    assert [(case.id, case.state) for case in cases(run.services)] == before


def test_a_bad_file_names_every_bad_line_changes_nothing_and_exits_2(run):
    bad = f"""{HEADER}
mm-list,week-8-1,surgery-or-anesthesia,serious,2026-02-20,General Surgery,npi,{NPI_CLIN1},primary
mm-list,week-8-1,surgery-or-anesthesia,serious,2026-02-20,General Surgery,npi,1234567890,team
mm-list,week-8-2,sad,serious,2026-02-21,,employee-id,E-1002,witness
mm-list,week-8-3,fall,non-serious,2099-01-01,Ward of Mrs Garcia MRN 5551234,slack,UCLIN3,team
mm-list,MRN-5551234,fall,non-serious,2026-02-22,,email,not-an-email,team
"""
    status, out, err = run(bad)
    assert (status, out) == (2, "")
    lines = err.splitlines()
    assert lines[0].startswith("Nothing was imported: 6 problem(s) in ") and lines[0].endswith("events.csv:")
    assert lines[1:] == [
        "  line 3: identifier_value is not an NPI: its check digit is wrong",
        "  line 4: category must be one of " + ", ".join(CATEGORIES),
        "  line 5: occurred_on must not be in the future",
        "  line 5: division looks like a patient identifier (patient name); send none",
        "  line 6: source_event_id looks like a patient identifier (record number); send none",
        "  line 6: identifier_value is not an email address",
    ]
    assert "5551234" not in err and "Garcia" not in err
    assert cases(run.services) == [] and events_stored(run.services) == 0


def test_a_file_not_saved_as_utf8_says_how_to_save_it(run):
    status, out, err = run(f"{HEADER}\nmm-list,week-8-1,fall,serious,2026-02-20,Chirurgie générale,npi,{NPI_CLIN1},team\n"
                           .encode("cp1252"))
    assert status == 2 and '"CSV UTF-8 (Comma delimited)"' in err and "line 2" in err
    assert cases(run.services) == []


def test_a_missing_file_is_one_line_and_exit_2(run, tmp_path):
    status = main(["intake", "import", str(tmp_path / "nowhere.csv")])
    assert status == 2

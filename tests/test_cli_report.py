"""`peer-support report` and `peer-support roster export` run as real processes, on the demo data set
written into the database (tests/data/demo_database.py): the JSON contract dashboards read, the CSV
and table, the chart, and one line with exit status 2 for what cannot be reported."""
from __future__ import annotations

import csv
import io
import json

import pytest

from data.demo_database import load_demo
from test_cli import cli, home, only_line, sqlite_url, workdir  # noqa: F401 - fixtures (cli needs home)

DEMO_RANGE = ("--from", "2024-01-01", "--to", "2025-06-30")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def demo(db, database_url) -> str:
    load_demo(db)
    return database_url


def test_the_json_report_keeps_the_dashboards_contract(cli, demo):
    result = cli("report", *DEMO_RANGE, "--format", "json", DATABASE_URL=demo)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["suppress_below"] == 11
    assert report["referrals"]["total"] == 475
    assert set(report["referrals"]["by_source"]) == {"self", "lead", "system"}
    assert {"accepted", "declined", "expired"} <= set(report["offers"])
    assert all(isinstance(report["offers"][k], int) for k in ("accepted", "declined", "expired"))
    for timing in ("time_to_accept", "time_to_contact"):
        assert set(report[timing]) == {"median_hours", "p90_hours"}
        assert isinstance(report[timing]["median_hours"], float)
    assert 0 <= report["contact_within_target"] <= 1
    assert set(report["closed_by_outcome"]) >= {"talked", "declined_support", "referred_out"}
    assert len(report["periods"]) == 18
    # A hidden count is the string "<11", never a number that could be a small count.
    values = [v for period in report["periods"] for v in period["referrals"]["by_source"].values()]
    assert "<11" in values and all(v == "<11" or v == 0 or v >= 11 for v in values)


def test_by_quarter_and_the_csv_and_table_formats(cli, demo):
    result = cli("report", *DEMO_RANGE, "--by", "quarter", "--format", "csv", DATABASE_URL=demo)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["period", "from", "to", "metric", "value"]
    assert {row["period"] for row in rows} == {"all", "2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4", "2025-Q1",
                                               "2025-Q2"}
    [total] = [r for r in rows if r["period"] == "all" and r["metric"] == "referrals.total"]
    assert total["value"] == "475"
    result = cli("report", *DEMO_RANGE, DATABASE_URL=demo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Peer support program, 2024-01-01 to 2025-06-30 (by month, UTC)")
    assert "Referrals" in result.stdout and "<11" in result.stdout


def test_the_chart_is_written_as_a_png(cli, demo, workdir):  # noqa: F811
    result = cli("report", *DEMO_RANGE, "--chart", "chart.png", "--format", "json", DATABASE_URL=demo)
    assert result.returncode == 0, result.stderr
    assert (workdir / "chart.png").read_bytes()[:8] == PNG_SIGNATURE


@pytest.mark.parametrize(("args", "words"), [
    (("--from", "2025-13-01", "--to", "2025-12-31"), "--from '2025-13-01' is not a date: use YYYY-MM-DD"),
    (("--from", "2025-01-01", "--to", "31/12/2025"), "--to '31/12/2025' is not a date: use YYYY-MM-DD"),
    (("--from", "2025-06-01", "--to", "2025-05-31"), "the report ends (2025-05-31) before it starts (2025-06-01)"),
    (("--to", "2025-05-31"), "report needs --from YYYY-MM-DD"),
    (("--from", "2025-01-01", "--to", "2025-01-31", "--format", "xml"), "--format 'xml' is not one of"),
    (("--from", "2025-01-01", "--to", "2025-01-31", "--by", "week"), "--by 'week' is not one of"),
])
def test_what_cannot_be_reported_is_one_line_and_exit_status_2(cli, sqlite_url, args, words):
    assert words in only_line(cli("report", *args, DATABASE_URL=sqlite_url))


def test_a_chart_that_cannot_be_written_is_one_line(cli, demo):
    line = only_line(cli("report", *DEMO_RANGE, "--chart", "no/such/folder/chart.png", DATABASE_URL=demo))
    assert "cannot write the chart to no/such/folder/chart.png" in line


def test_suppress_below_is_a_setting_and_never_below_5(cli, demo):
    result = cli("report", *DEMO_RANGE, "--format", "json", DATABASE_URL=demo, SUPPRESS_BELOW="5")
    assert json.loads(result.stdout)["suppress_below"] == 5
    assert "SUPPRESS_BELOW" in only_line(cli("report", *DEMO_RANGE, DATABASE_URL=demo, SUPPRESS_BELOW="3"))


def test_roster_export_writes_the_import_format(cli, workdir, database_url):  # noqa: F811
    (workdir / "roster.csv").write_text("slack_id,name,roles,cohort\nUSUP1,Sam Supporter,supporter,faculty\n")
    assert cli("roster", "import", "roster.csv", DATABASE_URL=database_url).returncode == 0
    result = cli("roster", "export", "out.csv", DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    assert "1 people" in result.stdout
    assert (workdir / "out.csv").read_text().splitlines() == [
        "slack_id,email,name,roles,cohort,division,max_active_cases,active,trained_on,npi,employee_id",
        "USUP1,,Sam Supporter,supporter,faculty,,2,yes,,,",
    ]
    assert "cannot write" in only_line(cli("roster", "export", "no/such/dir/out.csv", DATABASE_URL=database_url))

"""The `peer-support` command teaches itself: each subcommand's help lists its settings or columns
with an example; --version; `db current`; roster import's progress, quiet retries and the fix for a
file that is not UTF-8. Run as real processes (tests/processes.py)."""
from __future__ import annotations

from importlib.metadata import version

import pytest

from bot.roster.csv_import import COLUMNS
from processes import base_env
from test_cli import cli, home, only_line, roster_lines, sqlite_url, workdir, write  # noqa: F401

SUBCOMMANDS = {
    ("serve",): ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DATABASE_URL", "HOST", "PORT",
                 "LOG_FORMAT", "--workers"),
    ("db", "upgrade"): ("DATABASE_URL",),
    ("db", "current"): ("DATABASE_URL",),
    ("roster", "import"): ("DATABASE_URL", "SLACK_BOT_TOKEN", *COLUMNS),
    ("roster", "export"): ("DATABASE_URL", *COLUMNS),
    ("roster", "list"): ("DATABASE_URL",),
    ("rotate-key",): ("DATABASE_URL", "NOTE_ENCRYPTION_KEY"),
    ("purge",): ("DATABASE_URL", "RETENTION"),
    ("audit",): ("DATABASE_URL",),
    ("report",): ("DATABASE_URL", "SUPPRESS_BELOW", "REPORT_TIME_ZONE"),
}


@pytest.mark.parametrize("command", list(SUBCOMMANDS), ids=" ".join)
def test_each_subcommand_help_lists_its_settings_with_an_example(cli, command):
    result = cli(*command, "--help")
    assert result.returncode == 0, result.stderr
    for name in SUBCOMMANDS[command]:
        assert name in result.stdout, (name, result.stdout)
    assert "example" in result.stdout
    assert f"peer-support {command[0]}" in result.stdout.split("example", 1)[1]


def test_version_comes_from_the_package(cli):
    result = cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"peer-support {version('peer-support-bot')}"


def test_db_current_says_whether_the_schema_is_up_to_date(cli, sqlite_url, blank_database_url):
    missing = cli("db", "current", DATABASE_URL=sqlite_url)
    assert missing.returncode == 1 and "db upgrade" in missing.stdout, missing

    if blank_database_url.startswith("postgresql"):
        blank = cli("db", "current", DATABASE_URL=blank_database_url)
        assert blank.returncode == 1 and "No schema yet" in blank.stdout, blank
        url = blank_database_url
    else:
        url = sqlite_url
    assert cli("db", "upgrade", DATABASE_URL=url).returncode == 0
    current = cli("db", "current", DATABASE_URL=url)
    assert current.returncode == 0, current
    assert current.stdout.startswith("Schema revision ") and "up to date" in current.stdout


def test_db_current_of_an_unusable_database_is_one_line(cli):
    line = only_line(cli("db", "current", DATABASE_URL="postgresql+psycopg://nobody:secret@127.0.0.1:1/none"))
    assert "DATABASE_URL" in line and "secret" not in line


def test_a_roster_that_is_not_utf8_names_the_fix(cli, workdir, sqlite_url):
    path = workdir / "excel.csv"
    path.write_bytes("slack_id,name\nU1,Ren\xe9e\n".encode("cp1252"))
    line = only_line(cli("roster", "import", str(path), DATABASE_URL=sqlite_url))
    assert "UTF-8" in line and "CSV UTF-8" in line and "excel.csv" in line


def test_roster_import_shows_progress_of_email_look_ups_and_no_retry_chatter(cli, workdir, database_url, slack):
    emails = [f"person{i}@example.org" for i in range(60)]
    for i, email in enumerate(emails):
        slack.add_user(f"U0P{i:03d}", email=email)
    slack.fail_next("users.lookupByEmail", status=503, times=1)  # slack_sdk retries it
    rows = "".join(f"{email},Person {i},supporter,faculty,Oncology\n" for i, email in enumerate(emails))
    csv = write(workdir / "emails.csv", "email,name,roles,cohort,division\n" + rows)
    result = cli("roster", "import", str(csv), DATABASE_URL=database_url,
                 SLACK_BOT_TOKEN="xoxb-cli-test", SLACK_API_URL=slack.url)
    assert result.returncode == 0, result.stderr
    progress = [line for line in result.stderr.splitlines() if line.strip()]
    # Not a terminal: a line every 50 look-ups and one at the end.
    assert progress == ["Looking up emails in Slack: 50 of 60", "Looking up emails in Slack: 60 of 60"], result.stderr
    assert "retry" not in result.stderr.lower()
    assert "example.org" not in result.stderr + result.stdout
    assert "60 added" in result.stdout
    assert len(roster_lines(cli, database_url)) == 60


def test_roster_import_progress_on_a_terminal_is_one_line_that_updates_itself(workdir, home, database_url, slack):
    import os
    import pty
    import subprocess
    import sys

    emails = [f"person{i}@example.org" for i in range(5)]
    for i, email in enumerate(emails):
        slack.add_user(f"U0T{i:03d}", email=email)
    csv = write(workdir / "emails.csv", "email,name,roles,cohort,division\n"
                + "".join(f"{email},Person {i},supporter,faculty,Oncology\n" for i, email in enumerate(emails)))
    env = base_env(home, DATABASE_URL=database_url, SLACK_BOT_TOKEN="xoxb-cli-test", SLACK_API_URL=slack.url)
    controller, terminal = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "roster", "import", str(csv)], env=env, cwd=workdir,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal)
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal's other side closed
                break
            if not chunk:
                break
            seen += chunk
        assert proc.wait(timeout=60) == 0
    finally:
        os.close(controller)
    text = seen.decode()
    assert "\rLooking up emails in Slack: 5 of 5" in text, text
    assert text.count("\n") == 1 and "example.org" not in text  # one line, rewritten in place
    assert "5 added" in proc.stdout.read().decode()

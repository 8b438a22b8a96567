"""The `peer-support` command run as a real process: settings, .env, db upgrade, roster import/list.

Each test builds the child's environment from a minimal base (tests/processes.py)
and runs it in a temporary directory, so neither the developer's shell nor a
stray .env or SQLite file in the repository can change the outcome.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

from models.db import Database, normalise_url
from models.tables import Base, Case
from processes import base_env, free_port, run_cli

TOKENS = {"SLACK_BOT_TOKEN": "xoxb-cli-test", "SLACK_SIGNING_SECRET": "cli-test-secret"}


@pytest.fixture
def workdir(tmp_path) -> Path:
    path = tmp_path / "work"
    path.mkdir()
    return path


@pytest.fixture
def home(tmp_path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


@pytest.fixture
def cli(workdir, home):
    """cli(*args, **env): run `peer-support ARGS` with exactly these variables (plus the base)."""

    def run(*args: str, **env: str | None):
        return run_cli(list(args), base_env(home, **env), workdir)

    return run


def only_line(result, *, exit_status: int = 2) -> str:
    """The process exited with `exit_status`, printed no traceback, and one line on stderr: return it."""
    stderr = result.stderr
    assert result.returncode == exit_status, f"exit {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{stderr}"
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line on stderr, got {len(lines)}:\n{stderr}"
    return lines[0]


# ---- settings that `serve` needs --------------------------------------------------------


def test_serve_without_bot_token_names_it_and_points_to_env_example(cli, sqlite_url):
    result = cli("serve", SLACK_SIGNING_SECRET="s", DATABASE_URL=sqlite_url, PORT=str(free_port()))
    line = only_line(result)
    assert "SLACK_BOT_TOKEN" in line
    assert ".env.example" in line
    assert "SLACK_SIGNING_SECRET" not in line


def test_serve_without_signing_secret_names_it_and_points_to_env_example(cli, sqlite_url):
    result = cli("serve", SLACK_BOT_TOKEN="xoxb-x", DATABASE_URL=sqlite_url, PORT=str(free_port()))
    line = only_line(result)
    assert "SLACK_SIGNING_SECRET" in line
    assert ".env.example" in line
    assert "SLACK_BOT_TOKEN" not in line


def test_serve_without_either_names_both(cli, sqlite_url):
    result = cli("serve", DATABASE_URL=sqlite_url, PORT=str(free_port()))
    line = only_line(result)
    assert "SLACK_BOT_TOKEN" in line
    assert "SLACK_SIGNING_SECRET" in line
    assert ".env.example" in line


def test_blank_values_count_as_missing(cli, sqlite_url):
    result = cli("serve", SLACK_BOT_TOKEN="  ", SLACK_SIGNING_SECRET="", DATABASE_URL=sqlite_url,
                 PORT=str(free_port()))
    line = only_line(result)
    assert "SLACK_BOT_TOKEN" in line and "SLACK_SIGNING_SECRET" in line


# ---- policy settings ----------------------------------------------------------------------

POLICY = ("OFFER_TIMEOUT", "OFFER_TIMEOUT_URGENT", "OFFER_REMINDER", "SCHEDULER_INTERVAL")


@pytest.mark.parametrize(
    "name, value",
    [("OFFER_TIMEOUT", "soon"), ("OFFER_TIMEOUT_URGENT", "0s"), ("OFFER_REMINDER", "1.5h"),
     ("SCHEDULER_INTERVAL", "-5s")],
)
def test_bad_policy_setting_is_one_line_naming_it_and_the_accepted_forms(cli, sqlite_url, name, value):
    result = cli("serve", **TOKENS, DATABASE_URL=sqlite_url, PORT=str(free_port()), **{name: value})
    line = only_line(result)
    assert name in line
    assert value in line
    assert not [other for other in POLICY if other != name and re.search(rf"\b{other}\b", line)], line
    # The accepted forms: an example with each unit (seconds, minutes, hours, days).
    assert set(re.findall(r"\b\d+([smhd])\b", line)) == {"s", "m", "h", "d"}, line


def test_a_bad_policy_setting_stops_other_commands_too(cli, sqlite_url):
    line = only_line(cli("db", "upgrade", DATABASE_URL=sqlite_url, OFFER_TIMEOUT="soon"))
    assert "OFFER_TIMEOUT" in line


# ---- an unusable DATABASE_URL ---------------------------------------------------------------

COMMANDS = {"serve": ("serve",), "db upgrade": ("db", "upgrade")}


BAD_URLS = pytest.mark.parametrize(
    "url",
    ["notaurl", "postgresql+psycopg://nobody@127.0.0.1:1/none", "postgresql+psycopg://u:s3cret@127.0.0.1:1/x"],
    ids=["not-a-url", "closed-port", "closed-port-with-password"],
)


@pytest.mark.parametrize("command", COMMANDS)
@BAD_URLS
def test_unusable_database_url_is_a_clear_line_naming_it_without_the_password(cli, command, url):
    result = cli(*COMMANDS[command], **TOKENS, DATABASE_URL=url, PORT=str(free_port()))
    everything = result.stdout + result.stderr
    assert result.returncode == 2, everything
    assert "Traceback" not in result.stderr, result.stderr
    assert "s3cret" not in everything
    named = [line for line in result.stderr.splitlines() if "DATABASE_URL" in line]
    assert len(named) == 1, result.stderr
    assert named[0].startswith("peer-support: "), named


@pytest.mark.parametrize("command", COMMANDS)
@BAD_URLS
def test_unusable_database_url_prints_nothing_but_that_line(cli, command, url):
    result = cli(*COMMANDS[command], **TOKENS, DATABASE_URL=url, PORT=str(free_port()))
    assert "DATABASE_URL" in only_line(result)  # no log lines around the error either


# ---- .env in the working directory ---------------------------------------------------------


def test_dotenv_in_working_directory_supplies_the_tokens(cli, workdir):
    (workdir / ".env").write_text("SLACK_BOT_TOKEN=xoxb-from-dotenv\nSLACK_SIGNING_SECRET=from-dotenv\n")
    result = cli("serve", DATABASE_URL="notaurl", PORT=str(free_port()))
    line = only_line(result)
    # Past the token check: it stopped at the database, so both tokens came from .env.
    assert "DATABASE_URL" in line
    assert "SLACK_BOT_TOKEN" not in line and "SLACK_SIGNING_SECRET" not in line


def test_bad_setting_in_dotenv_is_reported(cli, workdir, sqlite_url):
    (workdir / ".env").write_text(
        "SLACK_BOT_TOKEN=xoxb-from-dotenv\nSLACK_SIGNING_SECRET=from-dotenv\nOFFER_TIMEOUT=soon\n"
    )
    line = only_line(cli("serve", DATABASE_URL=sqlite_url, PORT=str(free_port())))
    assert "OFFER_TIMEOUT" in line and "soon" in line


def test_real_environment_variable_wins_over_dotenv(cli, workdir, tmp_path):
    (workdir / ".env").write_text(
        "OFFER_TIMEOUT=soon\n"
        f"DATABASE_URL=sqlite:///{tmp_path / 'from-dotenv.sqlite3'}\n"
    )
    result = cli("db", "upgrade", OFFER_TIMEOUT="30m", DATABASE_URL=f"sqlite:///{tmp_path / 'from-env.sqlite3'}")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "from-env.sqlite3").exists()
    assert not (tmp_path / "from-dotenv.sqlite3").exists()


def test_dotenv_outside_the_working_directory_is_not_read(cli, tmp_path, sqlite_url):
    # The parent of the working directory has a .env; only ./.env counts.
    (tmp_path / ".env").write_text("OFFER_TIMEOUT=soon\n")
    result = cli("db", "upgrade", DATABASE_URL=sqlite_url)
    assert result.returncode == 0, result.stderr


# ---- db upgrade -------------------------------------------------------------------------------


def tables_in(url: str) -> set[str]:
    engine = create_engine(normalise_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def alembic_rows(url: str) -> list[tuple]:
    engine = create_engine(normalise_url(url))
    try:
        with engine.connect() as conn:
            return list(conn.execute(text("SELECT version_num FROM alembic_version")))
    finally:
        engine.dispose()


def test_db_upgrade_creates_the_schema_and_is_idempotent(cli, blank_database_url):
    database_url = blank_database_url
    first = cli("db", "upgrade", DATABASE_URL=database_url)
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    assert set(Base.metadata.tables) | {"alembic_version"} <= tables_in(database_url)

    second = cli("db", "upgrade", DATABASE_URL=database_url)
    assert second.returncode == 0, second.stderr
    assert "Traceback" not in second.stderr
    assert set(Base.metadata.tables) <= tables_in(database_url)
    assert len(alembic_rows(database_url)) == 1


def test_db_upgrade_default_database_is_a_file_in_the_working_directory(cli, workdir):
    result = cli("db", "upgrade")
    assert result.returncode == 0, result.stderr
    created = list(workdir.glob("*.sqlite3"))
    assert len(created) == 1, list(workdir.iterdir())
    assert "people" in tables_in(f"sqlite:///{created[0]}")


# ---- roster import and list ----------------------------------------------------------------

GOOD_ROSTER = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Casey Coordinator,coordinator,,,0
USUP1,Sam Supporter,supporter;lead,faculty,Cardiac Surgery,3
USUP2,Pat Supporter,supporter,trainee,Trauma,
"""


def write(path: Path, content: str) -> Path:
    path.write_text(content, encoding="utf-8")
    return path


def roster_lines(cli, database_url) -> list[str]:
    result = cli("roster", "list", DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line.strip()]


def line_for(lines: list[str], slack_id: str) -> str:
    found = [line for line in lines if line.split()[0] == slack_id]
    assert len(found) == 1, f"{slack_id}: {lines}"
    return found[0]


def test_roster_import_then_list(cli, workdir, database_url):
    result = cli("roster", "import", str(write(workdir / "roster.csv", GOOD_ROSTER)), DATABASE_URL=database_url)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr

    lines = roster_lines(cli, database_url)
    assert len(lines) == 3, lines
    sam = line_for(lines, "USUP1")
    for part in ("Sam Supporter", "roles=lead;supporter", "cohort=faculty", "division=Cardiac Surgery",
                 "capacity=3", "open=0"):
        assert part in sam, sam
    pat = line_for(lines, "USUP2")
    for part in ("Pat Supporter", "roles=supporter", "cohort=trainee", "division=Trauma", "capacity=2", "open=0"):
        assert part in pat, pat
    casey = line_for(lines, "UCOORD1")
    for part in ("roles=coordinator", "cohort=-", "division=-", "capacity=0", "open=0"):
        assert part in casey, casey


def test_roster_list_counts_the_cases_a_supporter_holds(cli, workdir, database_url):
    assert cli("roster", "import", str(write(workdir / "roster.csv", GOOD_ROSTER)),
               DATABASE_URL=database_url).returncode == 0
    db = Database(database_url)
    now = datetime.now(timezone.utc)
    try:
        with db.session() as session:
            for state in ("accepted", "contacted", "closed"):
                session.add(Case(clinician_slack_id="UCLIN1", source="self", urgency="few_days", state=state,
                                 supporter_slack_id="USUP2", created_at=now, updated_at=now))
    finally:
        db.dispose()
    lines = roster_lines(cli, database_url)
    assert "open=2" in line_for(lines, "USUP2")
    assert "open=0" in line_for(lines, "USUP1")


def test_roster_import_with_bad_rows_names_each_line_and_changes_nothing(cli, workdir, database_url):
    assert cli("roster", "import", str(write(workdir / "roster.csv", GOOD_ROSTER)),
               DATABASE_URL=database_url).returncode == 0
    before = roster_lines(cli, database_url)

    bad = write(workdir / "bad.csv", "\n".join([
        "slack_id,name,roles,cohort,division,max_active_cases",
        "UNEW1,New Person,supporter,faculty,Neurology,2",      # line 2: fine on its own
        "not-an-id,Bad Id,supporter,faculty,Neurology,2",      # line 3
        "USUP1,Sam Supporter,wizard,faculty,Cardiac Surgery,3",  # line 4: unknown role
        "UNEW2,No Cohort,supporter,,Neurology,2",             # line 5: supporters need a cohort
        "UNEW3,Bad Capacity,supporter,faculty,Neurology,many",  # line 6
    ]) + "\n")
    result = cli("roster", "import", str(bad), DATABASE_URL=database_url)
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    for line in (3, 4, 5, 6):
        assert re.search(rf"\bline {line}\b", result.stderr), result.stderr
    assert not re.search(r"\bline 2\b", result.stderr), result.stderr

    assert roster_lines(cli, database_url) == before


def test_roster_import_resolves_an_email_only_row_through_slack(cli, workdir, database_url, slack):
    slack.add_user("U0DANA", email="dana@example.org")
    csv = write(workdir / "emails.csv", "email,name,roles,cohort,division\n"
                                        "Dana@Example.org,Dana Doctor,supporter,faculty,Oncology\n")
    result = cli("roster", "import", str(csv), DATABASE_URL=database_url,
                 SLACK_BOT_TOKEN="xoxb-cli-test", SLACK_API_URL=slack.url)
    assert result.returncode == 0, result.stderr
    assert [c.params.get("email") for c in slack.calls_to("users.lookupByEmail")] == ["dana@example.org"]

    dana = line_for(roster_lines(cli, database_url), "U0DANA")
    assert "roles=supporter" in dana and "division=Oncology" in dana


def test_roster_import_email_slack_does_not_know_is_a_bad_row(cli, workdir, database_url, slack):
    slack.add_user("U0DANA", email="dana@example.org")
    before = roster_lines(cli, database_url)
    csv = write(workdir / "emails.csv", "email,name,roles,cohort,division\n"
                                        "dana@example.org,Dana Doctor,supporter,faculty,Oncology\n"
                                        "nobody@example.org,No Body,supporter,faculty,Oncology\n")
    result = cli("roster", "import", str(csv), DATABASE_URL=database_url,
                 SLACK_BOT_TOKEN="xoxb-cli-test", SLACK_API_URL=slack.url)
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    assert re.search(r"\bline 3\b", result.stderr), result.stderr
    assert not re.search(r"\bline 2\b", result.stderr), result.stderr
    assert "nobody@example.org" not in result.stderr  # errors name lines, never a person's email
    assert roster_lines(cli, database_url) == before


@pytest.mark.parametrize("kind", ["missing", "directory", "not-utf8"])
def test_roster_import_of_an_unreadable_path_is_one_line(cli, workdir, sqlite_url, kind):
    if kind == "missing":
        path = workdir / "no-such-roster.csv"
    elif kind == "directory":
        path = workdir / "a-directory"
        path.mkdir()
    else:
        path = workdir / "latin1.csv"
        path.write_bytes("slack_id,name\nU1,Ren\xe9e\n".encode("latin-1"))
    line = only_line(cli("roster", "import", str(path), DATABASE_URL=sqlite_url))
    assert path.name in line

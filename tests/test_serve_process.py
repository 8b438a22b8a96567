"""`peer-support serve` as a real process: health, signed requests, a full referral, restarts.

The bot runs in a child process with its own environment (tests/processes.py),
talking to a FakeSlack on loopback and to a SQLite file in tmp_path, or to
PostgreSQL when TEST_DATABASE_URL is set. Every wait polls with a deadline;
every child is killed at teardown.
"""
from __future__ import annotations

import json
from urllib.parse import urlencode
import signal
import time
from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.orm import Session

from bot.slack.views.common import help_text
from conftest import NOTE_KEY, TEST_DATABASE_URL
from flows import ROSTER, self_referral_values
from models.db import normalise_url
from models.tables import Base, Offer
from processes import Processes, base_env, http_get, poll_until, run_cli
from slack_requests import SlackSender

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("processes")]

SECRET = "process-test-signing-secret"
CLINICIAN, SUPPORTER_A, SUPPORTER_B = "UCLIN1", "USUP1", "USUP2"
OFFER_TEXT = "could use a peer conversation"


@pytest.fixture
def procs(slack):
    """Serve processes for this test; killed before the fake Slack stops."""
    processes = Processes()
    yield processes
    processes.close()


@pytest.fixture
def env_for(tmp_path, slack, database_url):
    """env_for(**overrides): the environment of a serve process for this test."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)

    def build(**overrides: str | None) -> dict[str, str]:
        values = {
            "SLACK_BOT_TOKEN": "xoxb-process-test",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.url,
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "INFO",
            "NOTE_ENCRYPTION_KEY": NOTE_KEY,  # PostgreSQL will not start without one
        }
        values.update(overrides)
        return base_env(home, **values)

    return build


def import_roster(tmp_path, env: dict[str, str], csv_text: str = ROSTER) -> None:
    """`peer-support roster import` through the CLI, as an operator would."""
    workdir = tmp_path / "roster"
    workdir.mkdir(exist_ok=True)
    path = workdir / "roster.csv"
    path.write_text(csv_text, encoding="utf-8")
    result = run_cli(["roster", "import", str(path)], env, workdir)
    assert result.returncode == 0, result.stderr


def refer_self(sender: SlackSender, slack, user: str = CLINICIAN, **fields) -> None:
    """`/peer-support`, wait for the modal the bot opened, submit it."""
    before = len(slack.calls_to("views.open"))
    reply = sender.command(user)
    assert reply.status == 200, reply
    view = slack.wait_for("views.open", count=before + 1, timeout=10)[-1].params["view"]
    reply = sender.submit(user, view, self_referral_values(**fields))
    assert reply.status == 200, reply


def dm_posts(slack, user: str, contains: str = ""):
    return [c for c in slack.calls_to("chat.postMessage")
            if c.params.get("channel") == user and contains in c.params.get("text", "")]


def wait_for_dm(slack, user: str, contains: str, timeout: float = 10):
    return slack.wait_for(
        "chat.postMessage", timeout=timeout,
        where=lambda c: c.params.get("channel") == user and contains in c.params.get("text", ""),
    )


# ---- HTTP mode: health, signatures, routes, shutdown -----------------------------------------


def test_serve_answers_health_signed_commands_and_stops_on_sigterm(procs, env_for, tmp_path):
    bot = procs.serve(env_for(), tmp_path / "serve")
    bot.wait_healthy(timeout=20)

    # Before it was ready nothing answered, or /healthz said 503; never anything else.
    first_ok = bot.health_seen.index(200)
    assert bot.health_seen[0] in (None, 503), bot.health_seen
    assert set(bot.health_seen[:first_ok]) <= {None, 503}, bot.health_seen

    sender = SlackSender(bot.base_url, SECRET)
    reply = sender.command(CLINICIAN, "help")
    assert reply.status == 200, reply
    assert reply.json()["text"] == help_text()

    forged = sender.command(CLINICIAN, "help", signature="v0=" + "0" * 64)
    assert forged.status == 401, forged
    other_secret = SlackSender(bot.base_url, "not-the-secret").command(CLINICIAN, "help")
    assert other_secret.status == 401, other_secret
    stale = sender.command(CLINICIAN, "help", timestamp=int(time.time()) - 600)
    assert stale.status == 401, stale

    assert http_get(bot.port, "/nope")[0] == 404
    assert http_get(bot.port, "/slack/events")[0] == 404  # Slack only POSTs there

    started = time.monotonic()
    bot.signal(signal.SIGTERM)
    assert bot.wait(timeout=10) == 0, bot.output()
    assert time.monotonic() - started < 10
    assert http_get(bot.port, "/healthz", timeout=1) is None
    assert "Traceback" not in bot.output()
    # A normal start, some 401s and a stop alarm nobody: no warnings in the log.
    assert "WARNING" not in bot.output() and "ERROR" not in bot.output(), bot.output()


# ---- a real referral through the running process ------------------------------------------------


def test_self_referral_through_the_running_process_reaches_slack(procs, env_for, tmp_path, slack):
    env = env_for()
    import_roster(tmp_path, env)
    bot = procs.serve(env, tmp_path / "serve")
    bot.wait_healthy()
    sender = SlackSender(bot.base_url, SECRET)

    note = "Rough night after the case; would value a chat"
    refer_self(sender, slack, note=note)

    offer = wait_for_dm(slack, SUPPORTER_A, OFFER_TEXT)[0]
    wait_for_dm(slack, CLINICIAN, "Thank you for reaching out")
    assert dm_posts(slack, SUPPORTER_B) == []
    # DMs can be exported by workspace owners: what the clinician typed is never in one.
    for call in slack.calls_to("chat.postMessage"):
        assert note not in json.dumps(call.params), call.params
    assert any(block.get("type") == "actions" for block in offer.params.get("blocks", []))


# ---- restart durability ------------------------------------------------------------------------


def read_offers(database_url: str) -> list[Offer]:
    engine = create_engine(normalise_url(database_url))
    try:
        with Session(engine) as session:
            return list(session.scalars(select(Offer).order_by(Offer.id)))
    finally:
        engine.dispose()


def test_an_offer_times_out_after_a_restart_exactly_once(procs, env_for, tmp_path, slack, database_url):
    # No reminder (OFFER_REMINDER >= OFFER_TIMEOUT), so what is sent does not depend on timing.
    env = env_for(OFFER_TIMEOUT="2s", SCHEDULER_INTERVAL="1s", OFFER_REMINDER="1h")
    import_roster(tmp_path, env)

    first = procs.serve(env, tmp_path / "first", name="first")
    first.wait_healthy()
    refer_self(SlackSender(first.base_url, SECRET), slack)
    wait_for_dm(slack, SUPPORTER_A, OFFER_TEXT)

    # Kill only once the offer's DM is recorded in the database, so the new process can update it.
    def offer_recorded():
        offers = read_offers(database_url)
        return offers[0] if offers and offers[0].dm_ts else None

    offer = poll_until(offer_recorded, 10, "the offer's DM to be recorded", first.output)
    assert offer.supporter_slack_id == SUPPORTER_A
    first.kill()
    assert datetime.now(timezone.utc) < offer.deadline_at, "killed too late: the first process could have acted"
    [still_open] = read_offers(database_url)
    assert still_open.status == "open", first.output()
    assert dm_posts(slack, SUPPORTER_B) == []

    # The deadline passes while no process runs (a separate process owns time; under 3 s).
    waited_from = time.monotonic()
    while time.time() <= offer.deadline_at.timestamp():
        time.sleep(0.05)
    assert time.monotonic() - waited_from < 3

    second = procs.serve(env, tmp_path / "second", name="second")
    second.wait_healthy()

    def update_of_a(call):
        return call.params.get("channel") == offer.dm_channel and call.params.get("ts") == offer.dm_ts

    [passed_on] = slack.wait_for("chat.update", where=update_of_a, timeout=10)
    assert "passed on" in passed_on.params.get("text", ""), passed_on.params
    wait_for_dm(slack, SUPPORTER_B, OFFER_TEXT)

    # A couple of scheduler intervals later, each happened once and only once.
    def counts():
        return (len([c for c in slack.calls_to("chat.update") if update_of_a(c)]),
                len(dm_posts(slack, SUPPORTER_B, OFFER_TEXT)),
                len(dm_posts(slack, SUPPORTER_A, OFFER_TEXT)))

    settle_until = time.monotonic() + 2.5
    while time.monotonic() < settle_until:
        assert counts() == (1, 1, 1), (counts(), second.output())
        time.sleep(0.05)
    assert counts() == (1, 1, 1), second.output()
    statuses = {o.supporter_slack_id: o.status for o in read_offers(database_url)}
    assert statuses[SUPPORTER_A] == "expired", statuses


# ---- PostgreSQL: two processes migrating one fresh database -------------------------------------


@pytest.mark.postgres
@pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_two_processes_started_together_migrate_a_fresh_database_once(procs, env_for, tmp_path, blank_database_url):
    database_url = blank_database_url
    engine = create_engine(normalise_url(database_url))
    try:
        assert inspect(engine).get_table_names() == []  # fresh: blank_database_url dropped the schema
        bots = [procs.serve(env_for(DATABASE_URL=database_url), tmp_path / f"serve{i}", name=f"serve{i}")
                for i in (1, 2)]
        for bot in bots:
            bot.wait_healthy(timeout=30)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
        for bot in bots:
            assert "Traceback" not in bot.output(), bot.output()
    finally:
        engine.dispose()


# ---- nothing typed reaches the log (issue 9) -------------------------------------------------------


def test_nothing_a_refused_request_carried_reaches_anything_the_process_writes(procs, env_for, tmp_path, slack):
    """Badly signed, stale and malformed requests carrying a distinctive note and name, sent to a
    running bot logging at DEBUG: stdout, stderr and every file it wrote hold neither."""
    workdir = tmp_path / "serve"
    bot = procs.serve(env_for(LOG_LEVEL="DEBUG"), workdir)
    bot.wait_healthy(timeout=20)
    note, name = "Velvetquill-4 spoke of Mirabel Oxtoby at length", "Mirabel Oxtoby"
    payload = json.dumps({"type": "view_submission", "user": {"id": CLINICIAN, "name": name},
                          "view": {"id": "VLOGS1", "callback_id": "referral.self", "state": {"values": {
                              "referral.note": {"note": {"type": "plain_text_input", "value": note}}}}}})
    good, wrong = SlackSender(bot.base_url, SECRET), SlackSender(bot.base_url, "a-rotated-secret")
    body = urlencode({"payload": payload})
    answers = [
        wrong.post(body, "application/x-www-form-urlencoded").status,  # a replica with the wrong secret
        good.post(body, "application/x-www-form-urlencoded", timestamp=int(time.time()) - 600).status,  # clock off
        good.post(urlencode({"payload": "{" + note}), "application/x-www-form-urlencoded").status,  # not JSON
        good.post(urlencode({"payload": json.dumps({"type": "block_actions", "user": {"id": name},
                                                    "actions": [{"value": note}]})}),
                  "application/x-www-form-urlencoded").status,  # no action id
        good.post(json.dumps({"type": "event_callback", "event": [note]}), "application/json").status,
    ]
    assert answers == [401, 401, 400, 400, 400]
    bot.signal(signal.SIGTERM)
    assert bot.wait(timeout=10) == 0
    written = bot.output() + "".join(
        path.read_text(errors="replace") for path in workdir.rglob("*") if path.is_file() and path.suffix != ".sqlite3")
    for secret in ("Velvetquill", "Mirabel", "Oxtoby", "spoke of"):
        assert secret not in written and secret.replace(" ", "+") not in written
    assert "Traceback" not in written
    # Nothing reached Slack either, beyond the start-up check of the bot token.
    assert [call.method for call in slack.calls] == ["auth.test"]


@pytest.mark.postgres
@pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs TEST_DATABASE_URL (PostgreSQL)")
def test_on_postgresql_serve_without_a_note_key_stops_with_one_line(procs, env_for, tmp_path):
    bot = procs.serve(env_for(NOTE_ENCRYPTION_KEY=None), tmp_path / "serve")
    assert bot.wait(timeout=30) == 2
    lines = [line for line in bot.output().splitlines() if line.startswith("peer-support:")]
    assert len(lines) == 1 and "NOTE_ENCRYPTION_KEY" in lines[0]
    assert "Traceback" not in bot.output()

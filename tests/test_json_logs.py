"""LOG_FORMAT=json through a real process: every line of a case's log (referred, offered, accepted,
contact recorded, closed) is one JSON object with time, level, logger and message (case_id where
there is one), and none holds a name or a note."""
from __future__ import annotations

import json
import logging
import signal

import pytest

from bot.core.log_format import JsonFormatter
from bot.slack.ids import ActionId
from flows import button_value
from processes import poll_until
from slack_requests import SlackSender
from test_serve_process import (  # noqa: F401 - fixtures
    CLINICIAN,
    OFFER_TEXT,
    SECRET,
    SUPPORTER_A,
    env_for,
    import_roster,
    procs,
    refer_self,
    wait_for_dm,
)

ROSTER = """slack_id,name,roles,cohort,division,max_active_cases
UCOORD1,Quentin Coordinova,coordinator,,,0
USUP1,Sabrina Supportwell,supporter,faculty,Cardiac Surgery,2
USUP2,Pat Supporter,supporter,faculty,Trauma,2
UCLIN1,Mirabel Oxtoby,,faculty,General Surgery,2
"""
NAMES = ("Quentin", "Coordinova", "Sabrina", "Supportwell", "Mirabel", "Oxtoby")
NOTE = "Velvetquill-7: the night of the bowel perforation still keeps me up"


def entries(text: str) -> list[dict]:
    lines = [line for line in text.splitlines() if line.strip()]
    parsed = []
    for line in lines:
        entry = json.loads(line)  # every line parses
        assert isinstance(entry, dict), line
        assert {"time", "level", "logger", "message"} <= entry.keys(), line
        parsed.append(entry)
    return parsed


@pytest.mark.slow
@pytest.mark.xdist_group("processes")
def test_a_case_logged_as_json_parses_line_by_line_and_names_nobody(procs, env_for, tmp_path, slack):
    env = env_for(LOG_FORMAT="json", LOG_LEVEL="DEBUG")
    import_roster(tmp_path, env, ROSTER)
    bot = procs.serve(env, tmp_path / "serve")
    bot.wait_healthy()
    sender = SlackSender(bot.base_url, SECRET)
    refer_self(sender, slack, note=NOTE)
    offer = wait_for_dm(slack, SUPPORTER_A, OFFER_TEXT)[0]

    def logged(words: str):
        return lambda: any(e.get("case_id") and words in e["message"] for e in entries(bot.stderr()))

    # Click once the bot has recorded the DM it sent (a click on a message it has not recorded yet
    # updates nothing), as a person would, seconds later.
    poll_until(logged("offer nudge"), 15, "the offer's DM to be recorded", bot.output)
    reply = sender.click(SUPPORTER_A, ActionId.OFFER_ACCEPT, button_value(offer, ActionId.OFFER_ACCEPT),
                         channel=offer.answer["channel"], message_ts=offer.answer["ts"])
    assert reply.status == 200, reply
    poll_until(logged("accepted"), 15, "the accept to be logged", bot.output)

    # The accepted offer's message now has "We've connected" and "Close case": contact, then close.
    def accepted_message():
        return [c for c in slack.calls_to("chat.update") if c.params.get("ts") == offer.answer["ts"]
                and ActionId.CASE_CONTACTED in json.dumps(c.params.get("blocks"))]

    message = poll_until(accepted_message, 15, "the offer's message to show the case's buttons", bot.output)[-1]
    where = dict(channel=offer.answer["channel"], message_ts=offer.answer["ts"], block_id="case.actions")
    assert sender.click(SUPPORTER_A, ActionId.CASE_CONTACTED, button_value(message, ActionId.CASE_CONTACTED),
                        **where).status == 200
    poll_until(logged("contact recorded"), 15, "contact to be logged", bot.output)
    opened = len(slack.calls_to("views.open"))
    assert sender.click(SUPPORTER_A, ActionId.CASE_CLOSE, button_value(message, ActionId.CASE_CLOSE),
                        **where).status == 200
    view = slack.wait_for("views.open", count=opened + 1)[-1].params["view"]
    outcome = {"case.outcome": {"outcome": {"type": "radio_buttons", "selected_option": {"value": "talked"}}}}
    assert sender.submit(SUPPORTER_A, view, outcome).status == 200
    poll_until(logged("closed"), 15, "the close to be logged", bot.output)
    refused = sender.command(CLINICIAN, "help", signature="v0=" + "0" * 64)
    assert refused.status == 401
    bot.signal(signal.SIGTERM)
    assert bot.wait(timeout=10) == 0

    logged = entries(bot.stderr())
    case_lines = [e for e in logged if "case_id" in e]
    assert {e["message"].split()[2] for e in case_lines if e["message"].startswith("case ")} >= {
        "created", "offered", "accepted", "closed"}
    assert all(isinstance(e["case_id"], int) for e in case_lines)
    assert any("reference" in e and e["message"].startswith("refused") for e in logged), logged
    everything = bot.stderr() + bot.output()
    for secret in (*NAMES, "Velvetquill", "perforation", "xoxb-process-test", SECRET):
        assert secret not in everything, secret
    assert "Traceback" not in everything


def test_the_json_formatter_takes_extras_and_keeps_exceptions_on_one_line():
    record = logging.LogRecord("bot.x", logging.ERROR, __file__, 1, "sent %s", ("it",), None)
    record.case_id = 42
    record.reference = "ab12cd34"
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "sent it" and entry["case_id"] == 42 and entry["reference"] == "ab12cd34"
    assert entry["level"] == "ERROR" and entry["logger"] == "bot.x" and "ValueError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")

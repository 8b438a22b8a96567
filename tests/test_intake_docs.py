"""docs/integration.md says what is true: its curl + openssl example, run as written by a POSIX shell
against a bot served here, gets a 202; its FHIR example reads into exactly the body it says is kept;
its v1 example is the OpenAPI document's. The README names the endpoint and links the guide."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.config import parse_webhook_secrets
from bot.intake.fhir import event_from_fhir
from bot.intake.openapi import openapi_document
from flows import cases, load_roster
from intake_steps import ROSTER

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "integration.md").read_text()


def fenced(language: str) -> list[str]:
    """The guide's fenced blocks in this language ("" for none), in order."""
    blocks, current, inside = [], [], None
    for line in GUIDE.splitlines(keepends=True):
        if line.startswith("```"):
            if inside is None:
                inside, current = line[3:].strip(), []
            else:
                if inside == language:
                    blocks.append("".join(current))
                inside = None
        elif inside is not None:
            current.append(line)
    return blocks


def test_the_readme_names_the_endpoints_and_links_the_integration_guide():
    readme = (ROOT / "README.md").read_text()
    assert "POST /intake/v1/events" in readme and "POST /intake/fhir/AdverseEvent" in readme
    assert "(docs/integration.md)" in readme
    assert "peer-support intake import FILE.csv" in readme


@pytest.mark.skipif(not all(shutil.which(tool) for tool in ("sh", "curl", "openssl", "od")),
                    reason="needs sh, curl, openssl and od")
def test_the_guides_curl_and_openssl_example_works_as_written(start_bot):
    [script] = fenced("sh")
    secret = re.search(r"^SECRET='(whsec_[^']+)'$", script, flags=re.M).group(1)
    assert f"INTAKE_SECRETS='{secret}'" in GUIDE  # the guide says how to start the bot it talks to
    bot = start_bot(intake_secrets=parse_webhook_secrets("INTAKE_SECRETS", secret))
    load_roster(bot.services, ROSTER)  # a clinician with the NPI 1234567893, as the guide says
    bot.clock.set(datetime.now(timezone.utc))  # the script signs with `date +%s`
    env = {"PATH": os.environ["PATH"], "BOT_URL": f"http://127.0.0.1:{bot.server.port}"}
    done = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    answer, status = done.stdout.rstrip().rsplit("\n", 1)
    assert status == "HTTP 202", done.stdout
    assert [(p["identifier"]["value"], p["result"]) for p in json.loads(answer)["participants"]] == [
        ("1234567893", "created"), ("r.okafor@hospital.example.org", "unresolved")]
    assert [case.clinician_slack_id for case in cases(bot.services)] == ["UCLIN1"]


def test_the_guides_v1_example_is_the_openapi_example():
    [script] = fenced("sh")
    body = re.search(r"^BODY='(.*?)'$", script, flags=re.S | re.M).group(1)
    operation = openapi_document()["paths"]["/intake/v1/events"]["post"]
    assert json.loads(body) == operation["requestBody"]["content"]["application/json"]["examples"]["event"]["value"]


def test_the_guides_fhir_example_keeps_exactly_what_it_says():
    document, kept = (json.loads(block) for block in fenced("json"))
    assert event_from_fhir(document) == kept
    for dropped in ("subject", "encounter", "location", "note"):
        assert dropped in document and dropped not in json.dumps(kept)


def test_the_guides_csv_header_is_the_imports():
    from bot.intake.csv_events import COLUMNS

    [header] = fenced("")
    assert header.strip() == ",".join(COLUMNS)

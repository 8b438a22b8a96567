"""The intake API through the real app: signed requests over HTTP, the fake Slack for the DMs.

Every answer (202, 400, 401, 413, 422, 429, never 500), replays, secret rotation, late
participants, both modes, the quiet days, triage clicks, and a burst."""
from __future__ import annotations

import json
import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.cases.vocabulary import CaseState
from bot.core.http import HttpRequest
from bot.intake.receive import InvalidEvent
from bot.intake.web import signed_route
from flows import button_value, cases, dms_to, eventually, load_roster, offers, wait_for_dm
from intake_steps import (
    NPI_CLIN1,
    NPI_CLIN2,
    OLD_SECRET,
    OLD_SECRET_TEXT,
    ROSTER,
    SECRET,
    IntakeSender,
    event_body,
    person,
    sign,
)
from models.tables import Case

TRIAGE_TEXT = "should peer support reach out"


def start(start_bot, roster=ROSTER, **settings):
    settings.setdefault("intake_secrets", (SECRET,))
    bot = start_bot(**settings)
    load_roster(bot.services, roster)
    return bot, IntakeSender(f"http://127.0.0.1:{bot.server.port}", bot.clock)


@pytest.fixture
def intake(start_bot):
    return start(start_bot)


def results(reply) -> list[str]:
    return [p["result"] for p in reply.json()["participants"]]


# ---- the route and its answers -----------------------------------------------------------------


def test_without_intake_secrets_there_is_no_route(start_bot):
    bot, sender = start(start_bot, intake_secrets=())
    assert sender.post(event_body()).status == 404


def test_a_signed_event_is_202_with_one_entry_per_participant_and_waits_for_triage(intake):
    bot, sender = intake
    reply = sender.post(event_body(participants=[person("npi", NPI_CLIN1, "primary"),
                                                 person("email", "ghost@hospital.org")]))
    assert reply.status == 202
    case = cases(bot.services)[0]
    assert reply.json() == {
        "event": {"id": reply.json()["event"]["id"], "source_system": "rldatix", "source_event_id": "evt-1"},
        "participants": [
            {"identifier": {"system": "npi", "value": NPI_CLIN1}, "result": "created", "case": case.id,
             "reason": None},
            {"identifier": {"system": "email", "value": "ghost@hospital.org"}, "result": "unresolved",
             "case": None, "reason": "not on the roster"},
        ],
    }
    assert case.state == CaseState.TRIAGE and case.source == "system"
    triage = wait_for_dm(bot.slack, "UCOORD1", TRIAGE_TEXT)[0]
    assert "<@UCLIN1>" in json.dumps(triage.params["blocks"])
    assert dms_to(bot.slack, "UCLIN1") == []  # the bot never messages a system-flagged clinician


@pytest.mark.parametrize("how", ["no headers", "wrong secret", "old", "future", "tampered", "not v1"])
def test_a_bad_signature_is_401_and_stores_nothing(intake, how):
    bot, sender = intake
    now = int(bot.clock.now().timestamp())
    body = json.dumps(event_body()).encode()
    kwargs = {
        "no headers": dict(headers={"webhook-id": None, "webhook-timestamp": None, "webhook-signature": None}),
        "wrong secret": dict(secret=b"another-secret-0123456789abcdef00"),
        "old": dict(timestamp=now - 301),
        "future": dict(timestamp=now + 301),
        "tampered": dict(signature=sign(SECRET, "msg_1", now, body + b" "), webhook_id="msg_1"),
        "not v1": dict(signature=sign(SECRET, "msg_1", now, body).replace("v1,", "v2,"), webhook_id="msg_1"),
    }[how]
    reply = sender.post(None, raw=body, **kwargs)
    assert reply.status == 401 and "signature" in reply.json()["error"]
    assert cases(bot.services) == []


def test_within_five_minutes_either_way_the_signature_holds(intake):
    bot, sender = intake
    now = int(bot.clock.now().timestamp())
    assert sender.post(event_body("a"), timestamp=now - 299).status == 202
    assert sender.post(event_body("b"), timestamp=now + 299).status == 202


def test_rotation_any_listed_secret_verifies_and_any_listed_signature_may_match(start_bot):
    bot, sender = start(start_bot, intake_secrets=(SECRET, OLD_SECRET))
    assert sender.post(event_body("a"), secret=OLD_SECRET).status == 202
    body = json.dumps(event_body("b")).encode()
    now = int(bot.clock.now().timestamp())
    both = f"v1,bm90LWl0 {sign(SECRET, 'msg_rot', now, body)}"
    assert sender.post(None, raw=body, webhook_id="msg_rot", signature=both).status == 202
    assert OLD_SECRET_TEXT.startswith("whsec_")


def test_a_body_over_16_kb_is_413(intake):
    bot, sender = intake
    assert sender.post(None, raw=b"{" + b" " * (16 * 1024) + b"}").status == 413


def test_unknown_fields_or_a_body_that_is_not_json_is_400_with_field_errors(intake):
    bot, sender = intake
    reply = sender.post(event_body(patient="Jane Doe"))
    assert reply.status == 400 and reply.json() == {"errors": {"patient": "unknown field"}}
    assert "Jane" not in reply.body
    assert sender.post(None, raw=b"not json").status == 400
    assert sender.post(None, raw=b"[1, 2]").status == 400
    assert cases(bot.services) == []


def test_nobody_on_the_roster_is_422(intake):
    bot, sender = intake
    reply = sender.post(event_body(participants=[person("employee-id", "E-9999")]))
    assert reply.status == 422 and results(reply) == ["unresolved"]


def test_past_intake_rate_a_minute_is_429_until_the_minute_has_passed(start_bot):
    bot, sender = start(start_bot, intake_rate=3)
    assert [sender.post(event_body(f"e{i}")).status for i in range(4)] == [202, 202, 202, 429]
    bot.clock.advance(timedelta(seconds=61))
    assert sender.post(event_body("e9")).status == 202


def test_a_repeated_webhook_id_is_answered_exactly_as_the_first_time_and_changes_nothing(intake):
    bot, sender = intake
    first = sender.post(event_body(), webhook_id="msg_same")
    again = sender.post(event_body(), webhook_id="msg_same")
    assert (again.status, again.body) == (first.status, first.body)
    assert results(again) == ["created"]
    assert len(cases(bot.services)) == 1
    # A new delivery (new id) of the same event is a repeat for each participant.
    other = sender.post(event_body(), webhook_id="msg_other")
    assert results(other) == ["repeat"] and other.json()["participants"][0]["case"] == cases(bot.services)[0].id


def test_a_second_post_adds_late_participants_and_the_triage_message_shows_them(intake):
    bot, sender = intake
    sender.post(event_body())
    triage = wait_for_dm(bot.slack, "UCOORD1", TRIAGE_TEXT)[0]
    reply = sender.post(event_body(participants=[person("npi", NPI_CLIN1), person("npi", NPI_CLIN2)]))
    assert results(reply) == ["repeat", "created"]
    update = bot.slack.wait_for("chat.update", where=lambda c: c.params["ts"] == triage.answer["ts"])[0]
    assert "<@UCLIN2>" in json.dumps(update.params["blocks"])
    assert len(dms_to(bot.slack, "UCOORD1", TRIAGE_TEXT)) == 1  # one DM per event


def test_never_500_an_unexpected_failure_is_503_with_a_reference_and_the_log_has_no_body(intake, caplog):
    bot, sender = intake

    def broken(body: bytes):
        raise RuntimeError(body.decode())

    route = signed_route(bot.services, broken)
    body = json.dumps(event_body(division="Secret Ward")).encode()
    now = str(int(bot.clock.now().timestamp()))
    request = HttpRequest("POST", "/intake/v1/events", {
        "webhook-id": "msg_x", "webhook-timestamp": now, "webhook-signature": sign(SECRET, "msg_x", int(now), body)},
        body)
    with caplog.at_level(logging.INFO):
        response = route(request)
    answer = json.loads(response.body)
    assert response.status == 503 and answer["reference"]
    assert answer["reference"] in caplog.text and "Secret Ward" not in caplog.text

    def refuses(body: bytes):
        raise InvalidEvent({"resourceType": "must be AdverseEvent"})

    assert signed_route(bot.services, refuses)(request).status == 400


# ---- the rules, through the API -----------------------------------------------------------------


def test_auto_mode_offers_at_once_and_messages_only_the_supporter(start_bot):
    bot, sender = start(start_bot, intake_mode="auto")
    assert sender.post(event_body()).status == 202
    case = cases(bot.services)[0]
    assert case.state == CaseState.OFFERED
    supporter = offers(bot.services)[0].supporter_slack_id
    offer_dm = wait_for_dm(bot.slack, supporter, "")[0]
    assert "safety reports" in json.dumps(offer_dm.params["blocks"])
    assert dms_to(bot.slack, "UCLIN1") == [] and dms_to(bot.slack, "UCOORD1", TRIAGE_TEXT) == []


def test_auto_for_serious_only_sends_a_non_serious_event_to_triage(start_bot):
    bot, sender = start(start_bot, intake_mode="auto", intake_auto="serious")
    sender.post(event_body("a", seriousness="non-serious"))
    assert cases(bot.services)[0].state == CaseState.TRIAGE
    wait_for_dm(bot.slack, "UCOORD1", TRIAGE_TEXT)


def test_within_the_quiet_days_the_event_joins_the_last_case_and_coordinators_hear(start_bot):
    bot, sender = start(start_bot, intake_mode="auto", intake_quiet_days=10)
    first = sender.post(event_body("a")).json()["participants"][0]["case"]
    joined = sender.post(event_body("b")).json()["participants"][0]
    assert (joined["result"], joined["case"]) == ("attached", first)
    wait_for_dm(bot.slack, "UCOORD1", f"Case {first}: another safety event")


# ---- triage clicks --------------------------------------------------------------------------------


def click(bot, user, message, action_id, participant_value=None):
    value = participant_value or button_value(message, action_id)
    return bot.send.click(user, action_id, value, channel=message.answer["channel"], message_ts=message.answer["ts"],
                          block_id=f"intake.triage.{value}")


def test_offer_support_starts_matching_and_not_needed_closes_and_only_coordinators_may(intake):
    bot, sender = intake
    sender.post(event_body(participants=[person("npi", NPI_CLIN1), person("employee-id", "E-1003")]))
    triage = wait_for_dm(bot.slack, "UCOORD1", TRIAGE_TEXT)[0]
    first, second = cases(bot.services)
    values = [e["value"] for b in triage.params["blocks"] if b["type"] == "actions" for e in b["elements"]
              if e["action_id"] == "intake.triage_offer"]
    # A supporter who is not a coordinator clicks: nothing changes, they are told privately.
    assert click(bot, "USUP1", triage, "intake.triage_offer", values[0]).status == 200
    bot.slack.wait_for("chat.postEphemeral", where=lambda c: c.params["user"] == "USUP1")
    assert cases(bot.services)[0].state == CaseState.TRIAGE
    # The coordinator offers support to the first, and says the second is not needed.
    click(bot, "UCOORD1", triage, "intake.triage_offer", values[0])
    eventually(lambda: cases(bot.services)[0].state == CaseState.OFFERED, what="first case offered")
    click(bot, "UCOORD1", triage, "intake.triage_not_needed", values[1])
    eventually(lambda: cases(bot.services)[1].state == CaseState.CLOSED, what="second case closed")
    updates = bot.slack.wait_for("chat.update", count=2, where=lambda c: c.params["ts"] == triage.answer["ts"])
    assert "Not needed: closed" in json.dumps(updates[-1].params["blocks"])
    # A second click on a decided one changes nothing.
    click(bot, "UCOORD1", triage, "intake.triage_not_needed", values[0])
    bot.slack.wait_for("chat.postEphemeral", where=lambda c: c.params["user"] == "UCOORD1")
    assert cases(bot.services)[0].state == CaseState.OFFERED
    assert dms_to(bot.slack, "UCLIN1") == [] and dms_to(bot.slack, "UCLIN3") == []
    assert first.id != second.id


# ---- a burst -------------------------------------------------------------------------------------------


def burst_roster() -> str:
    lines = ["slack_id,name,roles,cohort,division,max_active_cases",
             "UCOORD1,Casey,coordinator,,,0", "UCOORD2,Dana,coordinator,,,0"]
    lines += [f"USUP{i:02d},S{i},supporter,faculty,Support {i % 3},2" for i in range(12)]
    lines += [f"UC{i:03d},C{i},,{'faculty' if i % 2 else 'trainee'},Surgery {i % 4},2" for i in range(80)]
    return "\n".join(lines) + "\n"


def test_a_burst_of_50_events_naming_80_clinicians_against_12_supporters(start_bot):
    bot, sender = start(start_bot, burst_roster(), intake_mode="auto", intake_rate=1000)
    replies = []
    for i in range(50):
        named = [person("slack", f"UC{(2 * i) % 80:03d}", "primary"), person("slack", f"UC{(2 * i + 1) % 80:03d}")]
        if i % 10 == 0:
            named.append(person("email", f"visitor{i}@elsewhere.org", "witness"))
        replies.append(sender.post(event_body(f"mci-{i}", participants=named)))
    assert {r.status for r in replies} == {202}
    entries = [p for r in replies for p in r.json()["participants"]]
    assert len(entries) == 105
    for entry in entries:  # every participant accounted for: a case, a join, or a reason
        assert entry["result"] in ("created", "attached", "unresolved")
        assert entry["case"] is not None or entry["reason"]
    assert sum(e["result"] == "created" for e in entries) == 80
    assert sum(e["result"] == "attached" for e in entries) == 20
    # Nobody over capacity.
    with bot.services.db.session() as session:
        from bot.offers.candidates import open_load_by_supporter

        load = open_load_by_supporter(session)
        all_cases = list(session.scalars(select(Case)))
    assert load and max(load.values()) <= 2 and sum(load.values()) == 24
    assert sum(c.state == CaseState.UNPLACED for c in all_cases) == 56
    # Coordinators: one summary each once the burst is quiet, and no per-case DMs during it.
    bot.run_due_work()
    bot.clock.advance(timedelta(minutes=16))
    bot.run_due_work()
    for coordinator in ("UCOORD1", "UCOORD2"):
        summaries = dms_to(bot.slack, coordinator, "A busy time")
        assert len(summaries) == 1
        assert "50 safety events" in summaries[0].params["text"]
        assert dms_to(bot.slack, coordinator, "another safety event") == []
        assert dms_to(bot.slack, coordinator, "needs someone to place it") == []

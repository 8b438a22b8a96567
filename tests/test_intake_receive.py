"""receive_event: the v1 body checked exactly, participants found on the roster, and the rules
(a case each, attached, repeat, unresolved; triage and auto; the quiet days)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.cases.vocabulary import CaseState
from bot.intake.receive import receive_event
from bot.roster.staff_ids import npi_check_digit_ok
from flows import cases, load_roster
from intake_steps import NPI_CLIN1, NPI_CLIN2, ROSTER, event_body, person
from models.tables import Case, SafetyEventParticipant


@pytest.fixture
def services(make_services):
    svc = make_services()
    load_roster(svc, ROSTER)
    return svc


def results(answer) -> list[tuple[str, int | None]]:
    return [(p["result"], p["case"]) for p in answer.json["participants"]]


def test_npi_check_digits():
    assert npi_check_digit_ok("1234567893")
    assert not npi_check_digit_ok("1234567890")
    assert not npi_check_digit_ok("123456789")


@pytest.mark.parametrize("change, where", [
    ({"colour": "red"}, "colour"),
    ({"category": "sad"}, "category"),
    ({"seriousness": "very"}, "seriousness"),
    ({"occurred_on": "01/03/2026"}, "occurred_on"),
    ({"occurred_on": "2099-01-01"}, "occurred_on"),
    ({"division": "Mrs Smith's ward, MRN 5551234"}, "division"),
    ({"source_event_id": "MRN 5551234"}, "source_event_id"),
    ({"participants": []}, "participants"),
    ({"participants": [person("npi", "1234567890")]}, "participants[0].identifier.value"),
    ({"participants": [person("email", "not-an-email")]}, "participants[0].identifier.value"),
    ({"participants": [person("slack", "alex")]}, "participants[0].identifier.value"),
    ({"participants": [person("employee-id", "E 1002")]}, "participants[0].identifier.value"),
    ({"participants": [person("fax", "1")]}, "participants[0].identifier.system"),
    ({"participants": [{**person("slack", "UCLIN1"), "name": "Alex"}]}, "participants[0].name"),
    ({"participants": [person("slack", "UCLIN1", "surgeon")]}, "participants[0].function"),
    ({"participants": [person("slack", "UCLIN1")] * 51}, "participants"),
])
def test_a_body_that_breaks_the_format_is_400_with_field_errors_and_stores_nothing(services, change, where):
    answer = receive_event(services, event_body(**change))
    assert answer.status == 400 and where in answer.json["errors"]
    assert "5551234" not in str(answer.json)
    assert cases(services) == []


def test_a_missing_field_is_named(services):
    body = event_body()
    del body["category"]
    assert receive_event(services, body).json == {"errors": {"category": "is required"}}


def test_nobody_on_the_roster_is_422_and_nothing_is_stored(services):
    answer = receive_event(services, event_body(participants=[person("email", "nobody@hospital.org")]))
    assert answer.status == 422
    assert results(answer) == [("unresolved", None)]
    assert cases(services) == []


def test_each_participant_gets_a_case_waiting_for_triage_in_the_order_given(services):
    answer = receive_event(services, event_body(participants=[
        person("npi", NPI_CLIN1, "primary"), person("email", "ghost@hospital.org"),
        person("employee-id", "e-1003"), person("email", "ALEX@hospital.org"),
    ]))
    assert answer.status == 202
    made = cases(services)
    assert [c.state for c in made] == [CaseState.TRIAGE, CaseState.TRIAGE]
    assert [c.source for c in made] == ["system", "system"]
    assert results(answer) == [("created", made[0].id), ("unresolved", None), ("created", made[1].id),
                               ("repeat", made[0].id)]
    assert answer.json["event"]["source_event_id"] == "evt-1"
    assert answer.json["participants"][1]["reason"] == "not on the roster"


def test_a_second_post_of_the_event_adds_late_participants_and_repeats_the_others(services):
    first = receive_event(services, event_body())
    second = receive_event(services, event_body(participants=[person("npi", NPI_CLIN1), person("npi", NPI_CLIN2)]))
    assert second.status == 202
    assert results(second)[0] == ("repeat", results(first)[0][1])
    assert results(second)[1][0] == "created"
    assert second.json["event"]["id"] == first.json["event"]["id"]


def test_auto_mode_offers_at_once_and_never_to_anyone_involved_in_the_event(make_services):
    svc = make_services(intake_mode="auto")
    load_roster(svc, ROSTER)
    # UCLIN2 is a supporter in Trauma; USUP2 too. UCLIN1 (General Surgery) is named with UCLIN2.
    receive_event(svc, event_body(participants=[person("npi", NPI_CLIN1), person("npi", NPI_CLIN2)]))
    with svc.db.session() as session:
        case = session.scalar(select(Case).where(Case.clinician_slack_id == "UCLIN1"))
        assert case.state == CaseState.OFFERED
        assert [o.supporter_slack_id for o in case.offers] != ["UCLIN2"]


def test_auto_for_serious_events_only_sends_the_rest_to_triage(make_services):
    svc = make_services(intake_mode="auto", intake_auto="serious")
    load_roster(svc, ROSTER)
    receive_event(svc, event_body("a", participants=[person("npi", NPI_CLIN1)]))
    receive_event(svc, event_body("b", participants=[person("employee-id", "E-1003")], seriousness="non-serious"))
    assert [c.state for c in cases(svc)] == [CaseState.OFFERED, CaseState.TRIAGE]


def test_an_open_case_or_one_closed_within_the_quiet_days_takes_the_event_instead(services, clock):
    first = receive_event(services, event_body("a"))
    again = receive_event(services, event_body("b"))
    assert results(again) == [("attached", results(first)[0][1])]
    assert again.json["participants"][0]["reason"] == "added to their open case"
    from bot.coordination.placing import close_by_coordinator
    from flows import who
    close_by_coordinator(services, who(services, "UCOORD1"), results(first)[0][1], "closed_by_coordinator")
    clock.advance(timedelta(days=13))
    within = receive_event(services, event_body("c"))
    assert results(within) == [("attached", results(first)[0][1])]
    clock.advance(timedelta(days=2))
    after = receive_event(services, event_body("d"))
    assert results(after)[0][0] == "created" and results(after)[0][1] != results(first)[0][1]
    with services.db.session() as session:
        assert len(list(session.scalars(select(SafetyEventParticipant)))) == 4


# ---- triage, retention, a colleague who asks, metrics ---------------------------------------------


def _triage_case(services):
    from bot.intake.triage import decide
    from flows import who

    answer = receive_event(services, event_body(participants=[person("npi", NPI_CLIN1), person("npi", NPI_CLIN2)]))
    with services.db.session() as session:
        rows = list(session.scalars(select(SafetyEventParticipant).order_by(SafetyEventParticipant.id)))
    return answer, rows, decide, who


def test_triage_decisions_are_for_coordinators_only_and_happen_once(services):
    from bot.intake.triage import NO_LONGER_OPEN, NOT_ALLOWED

    answer, rows, decide, who = _triage_case(services)
    assert decide(services, rows[0].id, who(services, "USUP1"), True).problem == NOT_ALLOWED
    assert cases(services)[0].state == CaseState.TRIAGE
    assert decide(services, rows[0].id, who(services, "UCOORD1"), True).ok
    assert decide(services, rows[0].id, who(services, "UCOORD1"), False).problem == NO_LONGER_OPEN
    assert decide(services, rows[1].id, who(services, "UCOORD1"), False).ok
    first, second = cases(services)
    assert first.state == CaseState.OFFERED
    from flows import offers as all_offers

    assert "UCLIN2" not in [o.supporter_slack_id for o in all_offers(services)]  # in the same event
    assert (second.state, second.outcome) == (CaseState.CLOSED, "closed_by_coordinator")


def test_retention_purges_a_case_s_places_in_safety_events_and_an_event_nobody_is_left_in(services, clock):
    from bot.cases.retention import purge_case
    from models.tables import SafetyEvent

    answer, rows, decide, who = _triage_case(services)
    for row in rows:
        decide(services, row.id, who(services, "UCOORD1"), False)
    with services.db.session() as session:
        purge_case(session, rows[0].case_id, clock.now())
    with services.db.session() as session:
        assert [p.person_slack_id for p in session.scalars(select(SafetyEventParticipant))] == ["UCLIN2"]
        assert session.scalar(select(SafetyEvent.id)) is not None
        purge_case(session, rows[1].case_id, clock.now())
    with services.db.session() as session:
        assert list(session.scalars(select(SafetyEventParticipant))) == []
        assert list(session.scalars(select(SafetyEvent))) == []


def test_a_colleague_who_asks_while_their_case_waits_in_triage_is_matched_and_welcomed(services):
    from bot.cases.vocabulary import Source
    from bot.referrals.referral import Referral
    from flows import nudges, receive

    receive_event(services, event_body())
    received = receive(services, Referral("UCLIN1", Source.SELF, "few_days", "complication", "phone"), "view-1")
    assert received.joined_open_case
    case = cases(services)[0]
    assert case.state == CaseState.OFFERED and case.contact_preference == "phone"
    assert [n.kind for n in nudges(services) if n.recipient_slack_id == "UCLIN1"] == ["clinician_welcome"]


def test_metrics_count_hospital_system_referrals_as_their_own_source(services, clock):
    from bot.coordination.metrics import ReportRequest, compute_report
    from bot.coordination.report_facts import case_facts

    from datetime import timedelta as td

    receive_event(services, event_body())
    with services.db.session() as session:
        facts = case_facts(session, clock.now() - td(days=1), clock.now() + td(days=1))
    assert [f.source for f in facts] == ["system"]
    day = clock.now().date()
    by_source = compute_report(facts, ReportRequest(day, day)).overall.referrals.by_source
    assert set(by_source) >= {"self", "lead", "system"}
    assert by_source["system"] not in (0, "0")


def test_coordinators_set_npi_and_employee_id_from_the_person_modal_with_the_same_checks(services):
    from bot.coordination.roster_editing import InvalidPerson, save_person
    from flows import who
    from models.tables import Person

    coordinator = who(services, "UCOORD1")
    with pytest.raises(InvalidPerson) as refused:
        save_person(services, coordinator, "UNEW1", {"npi": "1234567890", "employee_id": "E-1002"})
    assert set(refused.value.errors) == {"npi", "employee_id"}  # a bad check digit; UCLIN2's employee id
    save_person(services, coordinator, "UNEW1", {"npi": "1245319581", "employee_id": "E-2001"})
    with services.db.session() as session:
        person = session.scalar(select(Person).where(Person.slack_id == "UNEW1"))
        assert (person.npi, person.employee_id) == ("1245319581", "E-2001")
    answer = receive_event(services, event_body(participants=[person_("employee-id", "e-2001")]))
    assert answer.json["participants"][0]["result"] == "created"


person_ = person


def test_a_coordinator_may_assign_a_case_waiting_in_triage_and_the_rules_name_who_was_involved(services):
    from bot.coordination.placing import Problem, place_case
    from flows import who

    receive_event(services, event_body(participants=[person("npi", NPI_CLIN1), person("npi", NPI_CLIN2)]))
    first = cases(services)[0]
    coordinator = who(services, "UCOORD1")
    needs_a_tick = place_case(services, coordinator, first.id, "UCLIN2", "better_fit")
    assert (needs_a_tick.problem, needs_a_tick.overridden) == (Problem.NEEDS_CONFIRMATION,
                                                                 "involved in the same safety event")
    assert place_case(services, coordinator, first.id, "USUP1", "better_fit").ok
    assert cases(services)[0].state == CaseState.OFFERED

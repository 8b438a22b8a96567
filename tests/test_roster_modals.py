"""Coordinators change the roster from the App Home: Add person and Edit a person open a modal with
the same checks and words as the CSV import; good input is saved, bad input names each field and
changes nothing; only coordinators may. The roster exports back to the import's format."""
from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from bot.roster.csv_export import export_roster
from bot.roster.csv_import import import_roster
from console_steps import audit_actions, home_of, modal_from_home, submit, text_of
from flows import load_roster
from follow_through_steps import ROSTER
from models.tables import Person


@pytest.fixture
def bot(start_bot):
    running = start_bot()
    load_roster(running.services, ROSTER)
    return running


def person(bot, slack_id):
    with bot.services.db.session() as session:
        return session.scalar(select(Person).where(Person.slack_id == slack_id))


def person_values(user=None, name="Kim Supporter", email="", roles=("supporter",), cohort="faculty",
                  division="Urology", capacity="2", trained_on=None, active=True) -> dict:
    return {
        "roster.user": {"user": {"type": "users_select", "selected_user": user}},
        "roster.name": {"name": {"type": "plain_text_input", "value": name}},
        "roster.email": {"email": {"type": "plain_text_input", "value": email}},
        "roster.roles": {"roles": {"type": "checkboxes", "selected_options": [{"value": r} for r in roles]}},
        "roster.cohort": {"cohort": {"type": "static_select",
                                     "selected_option": {"value": cohort} if cohort else None}},
        "roster.division": {"division": {"type": "plain_text_input", "value": division}},
        "roster.capacity": {"capacity": {"type": "plain_text_input", "value": capacity}},
        "roster.trained_on": {"trained_on": {"type": "datepicker", "selected_date": trained_on}},
        "roster.active": {"active": {"type": "checkboxes",
                                     "selected_options": [{"value": "yes"}] if active else []}},
    }


def test_add_person_saves_a_new_supporter_and_the_home_shows_them(bot):
    modal = modal_from_home(bot, "UCOORD1", "roster.add", "add")
    assert modal["callback_id"] == "roster.person" and modal["title"]["text"] == "Add a person"
    answer = submit(bot, "UCOORD1", modal, person_values("USUP9", trained_on="2025-09-15"))
    assert answer["response_action"] == "update" and "<@USUP9> was added to the roster" in json.dumps(answer)
    added = person(bot, "USUP9")
    assert (added.name, added.cohort, added.division, added.max_active_cases, added.active, added.trained_on) == (
        "Kim Supporter", "faculty", "Urology", 2, True, date(2025, 9, 15))
    assert added.roles == {"supporter"}
    assert "roster.person_added" in audit_actions(bot.services)
    assert "3 supporters available" in text_of(home_of(bot, "UCOORD1"))


@pytest.mark.parametrize(("values", "errors"), [
    (dict(capacity="two"), {"roster.capacity": 'max_active_cases must be a whole number, 0 or more, not "two"'}),
    (dict(cohort=None), {"roster.cohort": "supporters need a cohort (faculty or trainee)"}),
    (dict(email="sam@hospital.org"), {"roster.email": "this email belongs to USUP1, another person on the roster"}),
    (dict(user=None), {"roster.user": "Please choose a person."}),
    (dict(capacity="-1", cohort=None), {"roster.capacity": 'max_active_cases must be a whole number, 0 or more, '
                                                           'not "-1"',
                                        "roster.cohort": "supporters need a cohort (faculty or trainee)"}),
])
def test_bad_input_names_each_field_with_the_csv_imports_words_and_changes_nothing(bot, values, errors):
    load_roster(bot.services, "slack_id,email\nUSUP1,sam@hospital.org\n")
    modal = modal_from_home(bot, "UCOORD1", "roster.add", "add")
    answer = submit(bot, "UCOORD1", modal, person_values(**({"user": "USUP9"} | values)))
    assert answer == {"response_action": "errors", "errors": errors}
    assert person(bot, "USUP9") is None
    assert "roster.person_added" not in audit_actions(bot.services)


def test_edit_a_person_opens_their_entry_filled_in_and_saves_the_change(bot):
    modal = modal_from_home(bot, "UCOORD1", "roster.pick", None, element="users_select", block_id="console.roster",
                            selected_user="USUP2")
    assert modal["title"]["text"] == "Edit a person"
    blocks = {b["block_id"]: b for b in modal["blocks"] if "block_id" in b}
    assert blocks["roster.user"]["element"]["initial_user"] == "USUP2"
    assert blocks["roster.name"]["element"]["initial_value"] == "Pat Supporter"
    assert blocks["roster.division"]["element"]["initial_value"] == "Trauma"
    assert blocks["roster.capacity"]["element"]["initial_value"] == "3"
    assert [o["value"] for o in blocks["roster.roles"]["element"]["initial_options"]] == ["supporter"]
    assert blocks["roster.cohort"]["element"]["initial_option"]["value"] == "faculty"

    answer = submit(bot, "UCOORD1", modal, person_values("USUP2", name="Pat Supporter", division="Vascular",
                                                         capacity="1", active=False))
    assert answer["response_action"] == "update" and "is saved on the roster" in json.dumps(answer)
    changed = person(bot, "USUP2")
    assert (changed.division, changed.max_active_cases, changed.active) == ("Vascular", 1, False)
    assert "roster.person_changed" in audit_actions(bot.services)
    assert "1 inactive" in text_of(home_of(bot, "UCOORD1"))


def test_picking_someone_not_on_the_roster_opens_a_blank_entry_to_add_them(bot):
    modal = modal_from_home(bot, "UCOORD1", "roster.pick", None, element="users_select", block_id="console.roster",
                            selected_user="UNEW1")
    assert modal["title"]["text"] == "Add a person"
    [who] = [b for b in modal["blocks"] if b.get("block_id") == "roster.user"]
    assert who["element"]["initial_user"] == "UNEW1" and who["hint"]["text"].startswith("Not on the roster yet")


@pytest.mark.parametrize("user", ["USUP1", "UNOBODY"])
def test_nobody_but_a_coordinator_can_change_the_roster(bot, user):
    modal = modal_from_home(bot, user, "roster.pick", None, element="users_select", block_id="console.roster",
                            selected_user="USUP2")
    assert "Only program coordinators" in text_of(modal)
    form = modal_from_home(bot, "UCOORD1", "roster.add", "add")
    answer = submit(bot, user, form, person_values("USUP9", roles=("coordinator",), cohort=None))
    assert answer["response_action"] == "update" and "Only program coordinators" in json.dumps(answer)
    assert person(bot, "USUP9") is None


def test_the_export_is_the_imports_format_and_importing_it_again_changes_nothing(db, clock):
    import_roster(db, clock, ROSTER, lambda email: None)
    import_roster(db, clock, "slack_id,email,trained_on,active\nUSUP1,Sam@Hospital.org,2025-01-31,yes\n"
                             "UCLIN2,,,no\n", lambda email: None)
    text = export_roster(db)
    lines = text.splitlines()
    assert lines[0] == "slack_id,email,name,roles,cohort,division,max_active_cases,active,trained_on,npi,employee_id"
    assert "USUP1,sam@hospital.org,Sam Supporter,supporter,faculty,Cardiac Surgery,3,yes,2025-01-31,," in lines
    assert "UCLIN2,,Bea Clinician,,faculty,General Surgery,2,no,,," in lines
    report = import_roster(db, clock, text, lambda email: None)
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(lines) - 1)


def test_an_edit_with_bad_input_names_the_field_and_leaves_the_person_as_they_were(bot):
    modal = modal_from_home(bot, "UCOORD1", "roster.pick", None, element="users_select", block_id="console.roster",
                            selected_user="USUP2")
    answer = submit(bot, "UCOORD1", modal, person_values("USUP2", division="Vascular", capacity="lots",
                                                         trained_on="2025-02-30"))
    assert answer == {"response_action": "errors", "errors": {
        "roster.capacity": 'max_active_cases must be a whole number, 0 or more, not "lots"',
        "roster.trained_on": 'trained_on must be a date like 2025-09-15, not "2025-02-30"'}}
    unchanged = person(bot, "USUP2")
    assert (unchanged.division, unchanged.max_active_cases, unchanged.trained_on) == ("Trauma", 3, None)
    assert "roster.person_changed" not in audit_actions(bot.services)

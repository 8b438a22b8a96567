"""The coordinators' console on the App Home: Assign / Reassign and Close a case, add and edit people
on the roster, and ask for the program report. Each button opens its modal at once ("one moment",
then the form), since the trigger id lives three seconds; the services decide who may."""
from __future__ import annotations

from bot.cases.vocabulary import COORDINATOR_OUTCOMES, PLACING_REASONS
from bot.coordination.placing import Problem, case_to_close, close_by_coordinator, place_case, placing_form
from bot.coordination.reports import ask_for_report
from bot.coordination.roster_editing import InvalidPerson, NotACoordinator, person_form, save_person
from bot.slack.ids import ActionId, BlockId, CallbackId, InputActionId
from bot.slack.views.common import notice_modal
from bot.slack.views.console import coordinator_close_modal, person_modal, placing_modal, saved_modal
from handlers.clicks import clicked
from handlers.forms import id_from, selected_date, selected_option, selected_options, selected_user, text_value
from handlers.home import publish_home
from handlers.routing import Router

ONLY_COORDINATORS = "Only program coordinators can do this. If you think you should be one, ask a coordinator."
MOVED_ON = ("This case has moved on since the Home was drawn (it may be closed or placed already). Open the Home "
            "again to see where it is.")
OVERRIDE_WORDS = ("The matching rules leave them out: {why}. Tick the box to offer it to them anyway, or choose "
                  "someone else.")
PERSON_FIELDS = {
    "slack_id": BlockId.PERSON_USER,
    "name": BlockId.PERSON_NAME,
    "email": BlockId.PERSON_EMAIL,
    "roles": BlockId.PERSON_ROLES,
    "cohort": BlockId.PERSON_COHORT,
    "division": BlockId.PERSON_DIVISION,
    "max_active_cases": BlockId.PERSON_CAPACITY,
    "trained_on": BlockId.PERSON_TRAINED_ON,
    "active": BlockId.PERSON_ACTIVE,
    "npi": BlockId.PERSON_NPI,
    "employee_id": BlockId.PERSON_EMPLOYEE_ID,
}


def open_then(client, trigger_id: str, title: str, decide) -> None:
    """Open "one moment" now (before any query); then show what `decide()` returns."""
    opened = client.views_open(trigger_id=trigger_id, view=notice_modal(title, "One moment…"))
    client.views_update(view_id=opened["view"]["id"], view=decide())


# ---- Assign, Reassign, Close --------------------------------------------------------------------------


def _case_modal(body, client, title: str, form_for) -> None:
    """A console button on a case: "one moment", then `form_for(case_id)` (None: it has moved on)."""
    case_id = clicked(body).target_id

    def decide() -> dict:
        form = form_for(case_id) if case_id else None
        return form or notice_modal(title, MOVED_ON)

    open_then(client, body["trigger_id"], title, decide)


def on_place(ack, body, client, services, actor):
    ack()

    def form_for(case_id: int) -> dict | None:
        form = placing_form(services, actor, case_id)
        return placing_modal(form) if form else None

    _case_modal(body, client, "Place a case", form_for)


def on_place_submit(ack, view, client, services, actor):
    supporter = selected_option(view, BlockId.PLACE_SUPPORTER, InputActionId.SUPPORTER)
    reason = selected_option(view, BlockId.PLACE_REASON, InputActionId.PLACING_REASON)
    errors = {}
    if not supporter:
        errors[BlockId.PLACE_SUPPORTER] = "Please choose a supporter."
    if reason not in PLACING_REASONS:
        errors[BlockId.PLACE_REASON] = "Please choose why."
    case_id = id_from(view.get("private_metadata"))
    if errors or case_id is None:
        ack(response_action="errors", errors=errors or {BlockId.PLACE_SUPPORTER: MOVED_ON})
        return
    confirmed = "override" in selected_options(view, BlockId.PLACE_CONFIRM, InputActionId.CONFIRM)
    placed = place_case(services, actor, case_id, supporter, reason, override_confirmed=confirmed)
    if placed.problem == Problem.NEEDS_CONFIRMATION:
        ack(response_action="errors", errors={BlockId.PLACE_CONFIRM: OVERRIDE_WORDS.format(why=placed.overridden)})
        return
    if placed.problem == Problem.NOT_A_CHOICE:
        ack(response_action="errors", errors={BlockId.PLACE_SUPPORTER: (
            "Please choose an active supporter, other than the clinician or whoever holds it.")})
        return
    if not placed.ok:
        ack(response_action="update", view=notice_modal(
            f"Case {case_id}", ONLY_COORDINATORS if placed.problem == Problem.NOT_ALLOWED else MOVED_ON))
        return
    ack(response_action="update", view=notice_modal(
        f"Case {case_id}", f"Thank you. <@{supporter}> has been offered case {case_id}, as any offer is. If they "
                           "can't take it, it goes back to matching, and you'll hear if nobody is left."))
    publish_home(client, services, actor)


def on_close(ack, body, client, services, actor):
    ack()

    def form_for(case_id: int) -> dict | None:
        closable = case_to_close(services, actor, case_id)
        return coordinator_close_modal(closable) if closable else None

    _case_modal(body, client, "Close a case", form_for)


def on_close_submit(ack, view, client, services, actor):
    outcome = selected_option(view, BlockId.OUTCOME, InputActionId.OUTCOME)
    if outcome not in COORDINATOR_OUTCOMES:
        ack(response_action="errors", errors={BlockId.OUTCOME: "Please choose an outcome."})
        return
    case_id = id_from(view.get("private_metadata"))
    closed = close_by_coordinator(services, actor, case_id, outcome) if case_id else None
    if closed is None or not closed.ok:
        words = ONLY_COORDINATORS if closed and closed.problem == Problem.NOT_ALLOWED else MOVED_ON
        ack(response_action="update", view=notice_modal("Close a case", words))
        return
    ack()
    publish_home(client, services, actor)


# ---- the roster ------------------------------------------------------------------------------------


def on_add_person(ack, body, client):
    ack()
    client.views_open(trigger_id=body["trigger_id"], view=person_modal(None))


def on_pick_person(ack, body, client, services, actor):
    ack()
    slack_id = body["actions"][0].get("selected_user")

    def decide() -> dict:
        try:
            return person_modal(person_form(services, actor, slack_id))
        except NotACoordinator:
            return notice_modal("Roster", ONLY_COORDINATORS)

    if slack_id:
        open_then(client, body["trigger_id"], "Roster", decide)


def person_values(view: dict) -> dict[str, str]:
    """The person modal's values, as a roster CSV row would give them."""
    return {
        "name": text_value(view, BlockId.PERSON_NAME, InputActionId.NAME) or "",
        "email": text_value(view, BlockId.PERSON_EMAIL, InputActionId.EMAIL) or "",
        "roles": ";".join(selected_options(view, BlockId.PERSON_ROLES, InputActionId.ROLES)),
        "cohort": selected_option(view, BlockId.PERSON_COHORT, InputActionId.COHORT) or "",
        "division": text_value(view, BlockId.PERSON_DIVISION, InputActionId.DIVISION) or "",
        "max_active_cases": text_value(view, BlockId.PERSON_CAPACITY, InputActionId.CAPACITY) or "",
        "trained_on": selected_date(view, BlockId.PERSON_TRAINED_ON, InputActionId.TRAINED_ON) or "",
        "active": "yes" if "yes" in selected_options(view, BlockId.PERSON_ACTIVE, InputActionId.ACTIVE) else "no",
        "npi": text_value(view, BlockId.PERSON_NPI, InputActionId.NPI) or "",
        "employee_id": text_value(view, BlockId.PERSON_EMPLOYEE_ID, InputActionId.EMPLOYEE_ID) or "",
    }


def on_person_submit(ack, view, client, services, actor):
    slack_id = selected_user(view, BlockId.PERSON_USER, InputActionId.USER)
    if not slack_id:
        ack(response_action="errors", errors={BlockId.PERSON_USER: "Please choose a person."})
        return
    try:
        saved = save_person(services, actor, slack_id, person_values(view))
    except InvalidPerson as invalid:
        ack(response_action="errors", errors={PERSON_FIELDS[field]: words for field, words in invalid.errors.items()})
        return
    except NotACoordinator:
        ack(response_action="update", view=notice_modal("Roster", ONLY_COORDINATORS))
        return
    ack(response_action="update", view=saved_modal(saved.slack_id, saved.created))
    publish_home(client, services, actor)


# ---- the report ----------------------------------------------------------------------------------


def on_send_report(ack, body, client, services, actor):
    ack()
    if ask_for_report(services, actor):
        note = "The program report is on its way: it will arrive in your messages from this app in a minute."
    else:
        note = ONLY_COORDINATORS
    publish_home(client, services, actor, note=note)


def register(router: Router) -> None:
    router.action(ActionId.CONSOLE_ASSIGN, on_place)
    router.action(ActionId.CONSOLE_REASSIGN, on_place)
    router.view(CallbackId.PLACE_CASE, on_place_submit)
    router.action(ActionId.CONSOLE_CLOSE, on_close)
    router.view(CallbackId.CLOSE_BY_COORDINATOR, on_close_submit)
    router.action(ActionId.ROSTER_ADD, on_add_person)
    router.action(ActionId.ROSTER_PICK, on_pick_person)
    router.view(CallbackId.PERSON, on_person_submit)
    router.action(ActionId.REPORT_SEND, on_send_report)

"""The coordinators' console on the App Home, and its modals: Assign / Reassign, Close, and a person
on the roster. Case numbers, states, ages, supporters and matching reasons; never notes."""
from __future__ import annotations

from bot.cases.notices import Stall
from bot.cases.vocabulary import COORDINATOR_OUTCOMES, HELD_CASE_STATES, PLACING_REASONS, URGENCIES
from bot.coordination.console import PAGE_SIZE, CaseLine, Console, Page
from bot.coordination.placing import PlacingForm
from bot.coordination.roster_editing import PersonForm
from bot.roster.availability import SupporterStatus
from bot.roster.roles import Cohort, Role
from bot.slack.blocks import (
    actions,
    button,
    divider,
    input_block,
    modal,
    option,
    options,
    plain,
    section,
)
from bot.slack.ids import ActionId, BlockId, CallbackId, InputActionId
from bot.slack.messages.common import describe_age

STALL_WORDS = {
    Stall.NOBODY_LEFT: "nobody left to match: needs placing",
    Stall.NOT_ACCEPTED: "not accepted in time",
    Stall.NO_CONTACT: "accepted, no contact recorded",
}
# Training names listed on the Home; the rest are counted.
MAX_TRAINING_NAMES = 20
# Slack's limit on an option's text.
OPTION_TEXT = 75


def _line_text(line: CaseLine) -> str:
    age = describe_age(line.age.total_seconds() / 3600)
    supporter = f"<@{line.supporter_id}>" if line.supporter_id else "nobody yet"
    why = f" · {STALL_WORDS[line.stall]}" if line.stall else ""
    return (f"*Case {line.case_id}* · {line.state}{why} · {URGENCIES.get(line.urgency, '-')} · "
            f"opened {age} ago · supporter {supporter}\n_Matching:_ {line.match_reason or '-'}")


def _line_buttons(line: CaseLine) -> list[dict]:
    value = str(line.case_id)
    if line.state in HELD_CASE_STATES:
        place = button("Reassign", ActionId.CONSOLE_REASSIGN, value)
    else:
        place = button("Assign", ActionId.CONSOLE_ASSIGN, value, style="primary")
    return [place, button("Close", ActionId.CONSOLE_CLOSE, value)]


def _pager(page: Page, action_id: str, block_id: str) -> list[dict]:
    controls = []
    if page.next_offset is not None:
        last = min(page.next_offset + PAGE_SIZE, page.total)
        controls.append(button(f"Show more ({page.next_offset + 1}-{last} of {page.total})", action_id,
                               str(page.next_offset)))
    if page.offset > 0:
        controls.append(button("Back to the first", action_id, "0"))
    return [actions(block_id, *controls)] if controls else []


def _case_list(title: str, empty: str, page: Page, more_action: str, more_block: str) -> list[dict]:
    if page.total == 0:
        return [divider(), section(f"*{title}:* {empty}")]
    shown = f"{page.offset + 1}-{page.offset + len(page.lines)} of {page.total}"
    blocks = [divider(), section(f"*{title}* ({shown}, oldest first)")]
    for line in page.lines:
        blocks += [section(_line_text(line)),
                   actions(f"{BlockId.CONSOLE_CASE}.{line.case_id}", *_line_buttons(line))]
    return blocks + _pager(page, more_action, more_block)


def _roster_blocks(console: Console) -> list[dict]:
    counts = console.supporters
    text = (f"*Roster:* {counts[SupporterStatus.ACTIVE]} supporters available, {counts[SupporterStatus.AWAY]} away, "
            f"{counts[SupporterStatus.PAUSED]} paused, {counts[SupporterStatus.INACTIVE]} inactive.")
    picker = {"type": "users_select", "action_id": ActionId.ROSTER_PICK, "placeholder": plain("Edit a person…")}
    return [divider(), section(text),
            actions(BlockId.CONSOLE_ROSTER, button("Add person", ActionId.ROSTER_ADD, "add"), picker)]


def _training_blocks(console: Console) -> list[dict]:
    if not console.training:
        return []
    names = [f"<@{due.slack_id}> ({'lapsed' if due.lapsed else 'lapses'} {due.expires_on.isoformat()})"
             for due in console.training[:MAX_TRAINING_NAMES]]
    more = len(console.training) - len(names)
    return [section("*Training lapses within 60 days:* " + ", ".join(names)
                    + (f", and {more} more." if more else "."))]


def _report_blocks(console: Console) -> list[dict]:
    when = ("It comes to you on the first working day of each month, with a chart."
            if console.monthly_report else "The monthly report is turned off (MONTHLY_REPORT).")
    return [section(f"*Program report:* counts only, small numbers hidden, nobody named. {when}"),
            actions(BlockId.CONSOLE_REPORT, button("Send me the report", ActionId.REPORT_SEND, "report"))]


def console_blocks(console: Console) -> list[dict]:
    return [
        *_case_list("Cases that need a person", "none right now.", console.queue,
                    ActionId.HOME_MORE_QUEUE, BlockId.CONSOLE_MORE_QUEUE),
        *_case_list("Other open cases", "none.", console.others,
                    ActionId.HOME_MORE_OTHERS, BlockId.CONSOLE_MORE_OTHERS),
        *_roster_blocks(console),
        *_training_blocks(console),
        *_report_blocks(console),
    ]


# ---- modals --------------------------------------------------------------------------------------


def _cut(text: str) -> str:
    return text if len(text) <= OPTION_TEXT else text[:OPTION_TEXT - 1] + "…"


def _choice_label(choice) -> str:
    who = choice.name or choice.slack_id
    if choice.why_not:
        return _cut(f"{who} · {choice.why_not}")
    held = f"{choice.open_cases} open case{'s' if choice.open_cases != 1 else ''}"
    return _cut(f"{who} · {'best match' if choice.best else 'eligible'} · {held}")


def placing_modal(form: PlacingForm) -> dict:
    verb = "Reassign" if form.reassign else "Assign"
    if form.reassign:
        intro = (f"Case {form.case_id} is with <@{form.holder_id}>. Choose who should take it instead: they'll get "
                 "a normal offer, and <@" f"{form.holder_id}> will be told kindly that it's been passed on.")
    else:
        intro = (f"Case {form.case_id} ({form.state}). Choose a supporter: they'll get a normal offer, and any "
                 "offer still open is withdrawn.")
    blocks = [section(intro)]
    if form.choices:
        blocks.append(input_block(
            BlockId.PLACE_SUPPORTER, "Supporter",
            {"type": "static_select", "action_id": InputActionId.SUPPORTER, "placeholder": plain("Choose a supporter"),
             "options": [option(c.slack_id, _choice_label(c)) for c in form.choices]},
            hint="The matching rules' verdict is next to each name."))
        blocks.append(input_block(
            BlockId.PLACE_REASON, "Why this person?",
            {"type": "radio_buttons", "action_id": InputActionId.PLACING_REASON, "options": options(PLACING_REASONS)}))
        blocks.append(input_block(
            BlockId.PLACE_CONFIRM, "If the matching rules leave them out",
            {"type": "checkboxes", "action_id": InputActionId.CONFIRM,
             "options": [option("override", "I know, and I want to offer it to them anyway")]},
            optional=True, hint="Needed only for someone the rules leave out; the override is recorded."))
    else:
        blocks.append(section("There's nobody on the roster to offer it to. Add a supporter from the Home first."))
    return modal(f"{verb} case {form.case_id}", blocks, callback_id=CallbackId.PLACE_CASE,
                 submit=verb if form.choices else None, close="Cancel", private_metadata=str(form.case_id))


def coordinator_close_modal(case_id: int) -> dict:
    return modal(
        f"Close case {case_id}",
        [
            section("Closing stops every reminder, withdraws any open offer, and deletes any note. A supporter "
                    "holding it will be told. How did it end?"),
            input_block(BlockId.OUTCOME, "Outcome",
                        {"type": "radio_buttons", "action_id": InputActionId.OUTCOME,
                         "options": options(COORDINATOR_OUTCOMES)}),
        ],
        callback_id=CallbackId.CLOSE_BY_COORDINATOR, submit="Close case", close="Keep it open",
        private_metadata=str(case_id),
    )


ROLE_LABELS = {Role.SUPPORTER: "Peer supporter", Role.LEAD: "Lead (may refer colleagues)",
               Role.COORDINATOR: "Coordinator"}
COHORT_LABELS = {Cohort.FACULTY: "Faculty", Cohort.TRAINEE: "Trainee"}


def _text_input(block_id: str, label: str, action_id: str, initial: str | None, max_length: int,
                optional: bool = True, hint: str | None = None) -> dict:
    element = {"type": "plain_text_input", "action_id": action_id, "max_length": max_length}
    if initial:
        element["initial_value"] = initial
    return input_block(block_id, label, element, optional=optional, hint=hint)


def person_modal(form: PersonForm | None) -> dict:
    """A person on the roster: `None` (Add person) asks who first. The person is an input too, so the
    modal carries no id of its own: what is saved is what the form shows."""
    who = {"type": "users_select", "action_id": InputActionId.USER, "placeholder": plain("Choose a person")}
    if form is None:
        form = PersonForm("", new=True)
    else:
        who["initial_user"] = form.slack_id
    blocks: list[dict] = [input_block(BlockId.PERSON_USER, "Who", who,
                                      hint="Not on the roster yet: saving adds them." if form.new else None)]
    role_options = [option(role, label) for role, label in ROLE_LABELS.items()]
    roles = {"type": "checkboxes", "action_id": InputActionId.ROLES, "options": role_options}
    chosen = [o for o in role_options if o["value"] in form.roles]
    if chosen:
        roles["initial_options"] = chosen
    cohort_options = [option(cohort, label) for cohort, label in COHORT_LABELS.items()]
    cohort = {"type": "static_select", "action_id": InputActionId.COHORT, "placeholder": plain("Faculty or trainee"),
              "options": cohort_options}
    if form.cohort in COHORT_LABELS:
        cohort["initial_option"] = next(o for o in cohort_options if o["value"] == form.cohort)
    trained = {"type": "datepicker", "action_id": InputActionId.TRAINED_ON, "placeholder": plain("Not trained yet")}
    if form.trained_on:
        trained["initial_date"] = form.trained_on.isoformat()
    active_option = option("yes", "Active: may be matched, may refer, gets coordinators' messages")
    active = {"type": "checkboxes", "action_id": InputActionId.ACTIVE, "options": [active_option]}
    if form.active:
        active["initial_options"] = [active_option]
    blocks += [
        _text_input(BlockId.PERSON_NAME, "Name", InputActionId.NAME, form.name, 200),
        _text_input(BlockId.PERSON_EMAIL, "Email", InputActionId.EMAIL, form.email, 320),
        input_block(BlockId.PERSON_ROLES, "Roles", roles, optional=True,
                    hint="No role: a known clinician (their division and cohort help matching)."),
        input_block(BlockId.PERSON_COHORT, "Cohort", cohort, optional=True, hint="Required for supporters."),
        _text_input(BlockId.PERSON_DIVISION, "Division", InputActionId.DIVISION, form.division, 100,
                    hint="Supporters are never matched within a clinician's own division."),
        _text_input(BlockId.PERSON_CAPACITY, "Capacity (open cases at a time)", InputActionId.CAPACITY,
                    str(form.max_active_cases), 4, optional=False),
        input_block(BlockId.PERSON_TRAINED_ON, "Trained on", trained, optional=True),
        input_block(BlockId.PERSON_ACTIVE, "On the roster", active, optional=True,
                    hint="Untick to deactivate: they keep their history but are never matched."),
        _text_input(BlockId.PERSON_NPI, "NPI", InputActionId.NPI, form.npi, 10,
                    hint="Optional: how the hospital's safety reports may name them."),
        _text_input(BlockId.PERSON_EMPLOYEE_ID, "Employee id", InputActionId.EMPLOYEE_ID, form.employee_id, 64),
    ]
    title = "Add a person" if form.new else "Edit a person"
    return modal(title, blocks, callback_id=CallbackId.PERSON, submit="Save", close="Cancel")


def saved_modal(slack_id: str, created: bool) -> dict:
    return modal("Roster", [section(f"<@{slack_id}> {'was added to' if created else 'is saved on'} the roster.")])

"""The structure holds: one registration per kind of due work, one renderer per notice, one table
of case transitions that alone sets a case's state, Slack only in its adapter, and no package
that imports one above it."""
from __future__ import annotations

import ast
from datetime import datetime, timezone
from pathlib import Path

import pytest

from bot.cases.lifecycle import TRANSITIONS, IllegalTransition, Move, advance, allows
from bot.cases.vocabulary import CHECKED_IN, CaseState
from bot.features import due_work_registry
from bot.outbox.kinds import every_work_kind
from bot.outbox.registry import DuplicateRegistration, Notice, SendsMessage, every_notice_type
from bot.slack.render import render
from models.tables import Case

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


def python_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.py"))


def module_of(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


# ---- due work -----------------------------------------------------------------------------------


def test_every_kind_of_due_work_a_feature_declares_is_registered_exactly_once():
    registry = due_work_registry()  # a second registration of any kind would raise here
    declared = [str(kind) for kind in every_work_kind()]
    assert len(declared) == len(set(declared)), "two features declare the same stored kind"
    assert set(declared) == registry.kinds()


def test_registering_a_kind_twice_is_an_error():
    registry = due_work_registry()
    again = next(work for work in registry.messages())
    with pytest.raises(DuplicateRegistration, match=str(again.kind)):
        registry.register(again)


def test_every_message_kind_says_whether_it_waits_for_quiet_hours():
    for work in due_work_registry().messages():
        assert isinstance(work, SendsMessage) and work.quiet_hours in ("never", "always", "unless_urgent")


def test_every_notice_a_feature_defines_has_a_message():
    notices = every_notice_type()
    assert len(notices) >= 13
    base = render.dispatch(Notice)
    assert [n.__name__ for n in notices if render.dispatch(n) is base] == []


# ---- the case lifecycle -----------------------------------------------------------------------


def case_in(state: CaseState, outcome: str | None = None) -> Case:
    return Case(id=7, state=state, outcome=outcome, supporter_slack_id="USUP1", note_ciphertext=b"x")


def _values_for(move: Move) -> dict:
    return {name: ("USUP1" if name == "supporter_slack_id" else "talked") for name in TRANSITIONS[move].takes}


@pytest.mark.parametrize("move", list(Move))
def test_each_move_from_a_state_the_table_does_not_allow_is_refused_with_a_clear_error(move):
    for state in CaseState:
        case = case_in(state)
        if allows(case, move):
            continue
        with pytest.raises(IllegalTransition, match=f"case 7: cannot {move} from state '{state}'"):
            advance(case, move, NOW, **_values_for(move))
        assert case.state == state  # nothing changed


@pytest.mark.parametrize("move", list(Move))
def test_each_allowed_move_lands_in_its_target_state_and_stamps_its_time(move):
    transition = TRANSITIONS[move]
    for state in transition.sources:
        case = case_in(state, outcome=CHECKED_IN)
        advance(case, move, NOW, **_values_for(move))
        assert case.state == transition.target
        if transition.stamp:
            assert getattr(case, transition.stamp) == NOW
        for column in transition.clears:
            assert getattr(case, column) is None


def test_closing_deletes_the_note_and_only_a_case_that_closed_itself_takes_a_new_outcome():
    case = case_in(CaseState.CONTACTED)
    advance(case, Move.CLOSE, NOW, outcome="talked")
    assert (case.state, case.note_ciphertext) == (CaseState.CLOSED, None)
    with pytest.raises(IllegalTransition):
        advance(case, Move.REVISE_OUTCOME, NOW, outcome="referred_out")
    closed_by_itself = case_in(CaseState.CLOSED, outcome=CHECKED_IN)
    advance(closed_by_itself, Move.REVISE_OUTCOME, NOW, outcome="referred_out")
    assert closed_by_itself.outcome == "referred_out"


def test_a_move_given_the_wrong_values_is_refused():
    with pytest.raises(TypeError):
        advance(case_in(CaseState.OFFERED), Move.ACCEPT, NOW)


def test_nothing_but_the_transition_table_sets_a_case_state():
    offenders = []
    for path in python_files("bot", "handlers"):
        if path.name == "lifecycle.py" and path.parent.name == "cases":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, (ast.AugAssign, ast.AnnAssign)) else []
            flat = [e for t in targets for e in (t.elts if isinstance(t, ast.Tuple) else [t])]
            if any(isinstance(t, ast.Attribute) and t.attr == "state" for t in flat):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            # Case(state=...) or update(Case).values(state=...)
            called = node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else (
                node.func.attr if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) else None)
            if called in ("Case", "values") and any(k.arg == "state" for k in node.keywords):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


# ---- layers ------------------------------------------------------------------------------------------


def test_only_the_slack_adapter_and_the_handlers_import_slack():
    outside = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in python_files("bot", "models")
        if "slack" not in path.relative_to(ROOT).parts[1:2]
        for name in imports_of(path)
        if name.split(".")[0] in ("slack_sdk", "slack_bolt")
    ]
    assert outside == []


# Lowest first. A module may import its own package and any package before it; the app factory,
# the CLI and the feature list (composition) may import anything.
LAYERS = (
    "bot.config", "bot.core", "bot.outbox", "bot.roster", "bot.cases", "bot.offers", "bot.follow_through",
    "bot.referrals", "bot.intake", "bot.coordination", "bot.slack", "handlers",
)
COMPOSITION = ("bot.app", "bot.cli", "bot.features", "bot")


def is_composition(module: str) -> bool:
    return module in COMPOSITION or module.startswith("bot.cli.")


def layer_of(module: str) -> int | None:
    for rank, prefix in enumerate(LAYERS):
        if module == prefix or module.startswith(prefix + "."):
            return rank
    return None


def test_no_package_imports_one_above_it():
    upward = []
    for path in python_files("bot", "handlers"):
        module = module_of(path)
        if is_composition(module):
            continue
        rank = layer_of(module)
        assert rank is not None, f"{module} belongs to no layer: add it to LAYERS"
        for name in imports_of(path):
            other = layer_of(name)
            if other is not None and other > rank or is_composition(name) and name != "bot":
                upward.append(f"{module} imports {name}")
    assert upward == []

"""What a supporter's button on a case they hold gives back."""
from __future__ import annotations

from dataclasses import dataclass

from models.tables import Case


@dataclass(frozen=True)
class CaseAnswer:
    ok: bool
    case_id: int | None = None
    clinician_id: str | None = None
    state: str | None = None


NOT_YOURS = CaseAnswer(ok=False)


def answer(case: Case) -> CaseAnswer:
    return CaseAnswer(ok=True, case_id=case.id, clinician_id=case.clinician_slack_id, state=case.state)

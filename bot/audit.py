"""The audit trail: who did what to which case, and when. Never content."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from models.tables import AuditEvent


def record(session: Session, at: datetime, actor: str, action: str, case_id: int | None) -> None:
    session.add(AuditEvent(actor=actor, action=action, case_id=case_id, at=at))

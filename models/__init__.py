"""Tables and database set-up."""
from models.db import Database, DatabaseUnavailable
from models.tables import AuditEvent, Base, Case, CaseReferral, Nudge, Offer, Person, PersonRole, ProcessedRequest

__all__ = [
    "AuditEvent",
    "Base",
    "Case",
    "CaseReferral",
    "Database",
    "DatabaseUnavailable",
    "Nudge",
    "Offer",
    "Person",
    "PersonRole",
    "ProcessedRequest",
]

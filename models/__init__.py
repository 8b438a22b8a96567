"""Tables and database set-up."""
from models.db import Database, DatabaseUnavailable
from models.tables import AuditEvent, Base, Case, Nudge, Offer, Person, ProcessedRequest

__all__ = [
    "AuditEvent",
    "Base",
    "Case",
    "Database",
    "DatabaseUnavailable",
    "Nudge",
    "Offer",
    "Person",
    "ProcessedRequest",
]

"""The tables. Plain data: the rules live in bot/."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from models.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Person(Base):
    """Someone on the roster: supporters, leads, coordinators and known clinicians."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slack_id: Mapped[str] = mapped_column(String(32), unique=True)
    email: Mapped[str | None] = mapped_column(String(320), unique=True)
    # Identifiers a hospital system may name someone by (the intake API): optional, unique when set.
    npi: Mapped[str | None] = mapped_column(String(10), unique=True)
    employee_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(200))
    cohort: Mapped[str | None] = mapped_column(String(20))
    division: Mapped[str | None] = mapped_column(String(100))
    max_active_cases: Mapped[int] = mapped_column(Integer, default=2)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Away by their own choice until this moment (the start of the day they chose, in their time zone).
    away_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The day they last completed the program's supporter training.
    trained_on: Mapped[date | None] = mapped_column(Date)
    # Offers in a row this supporter let expire, with no accept or decline between.
    expiry_streak: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    tz: Mapped[str | None] = mapped_column(String(64))
    tz_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    role_rows: Mapped[list[PersonRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="PersonRole.role"
    )

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(row.role for row in self.role_rows)


class PersonRole(Base):
    """One role one person holds on the roster (supporter, lead, coordinator)."""

    __tablename__ = "person_roles"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True, index=True)


class Case(Base):
    """One request for peer support about one clinician."""

    __tablename__ = "cases"
    # Matching: cases each supporter holds, counted from the index.
    __table_args__ = (Index("ix_cases_state_supporter", "state", "supporter_slack_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    clinician_slack_id: Mapped[str] = mapped_column(String(32), index=True)
    source: Mapped[str] = mapped_column(String(20))  # self, lead, system
    referrer_slack_id: Mapped[str | None] = mapped_column(String(32))
    referrer_may_be_named: Mapped[bool] = mapped_column(Boolean, default=False)
    event_type: Mapped[str | None] = mapped_column(String(40))
    urgency: Mapped[str] = mapped_column(String(20))  # today, few_days
    contact_preference: Mapped[str | None] = mapped_column(String(20))
    excluded_slack_ids: Mapped[str] = mapped_column(Text, default="")  # space separated
    note_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(20), index=True)
    outcome: Mapped[str | None] = mapped_column(String(40))
    supporter_slack_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    offered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    contacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    unplaced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When "nobody has accepted yet" started counting: the referral, or the last hand-off.
    waiting_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_unaccepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_no_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The clinician's division and cohort as the roster gave them when the case was opened:
    # labels for the program's metrics that stay after retention removes who it was.
    clinician_division: Mapped[str | None] = mapped_column(String(100))
    clinician_cohort: Mapped[str | None] = mapped_column(String(20))
    # When retention removed every Slack id from the case (RETENTION after it closed).
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    offers: Mapped[list[Offer]] = relationship(back_populates="case", order_by="Offer.id")


class Offer(Base):
    """One case offered to one supporter."""

    __tablename__ = "offers"
    __table_args__ = (
        # Matching: when each supporter was last offered a case (a max per supporter, read from the index).
        Index("ix_offers_supporter_sent", "supporter_slack_id", "sent_at"),
        # Matching: open offers per supporter, without reading the closed history.
        Index("ix_offers_status_supporter", "status", "supporter_slack_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    supporter_slack_id: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(20))  # open, accepted, declined, expired, withdrawn
    match_reason: Mapped[str] = mapped_column(Text, default="")
    decline_reason: Mapped[str | None] = mapped_column(String(40))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dm_channel: Mapped[str | None] = mapped_column(String(32))
    dm_ts: Mapped[str | None] = mapped_column(String(32))

    case: Mapped[Case] = relationship(back_populates="offers")


PENDING_SQL = text("sent_at IS NULL AND cancelled_at IS NULL")


class Nudge(Base):
    """A piece of due work: a message to a person, or a timeout to act on.

    The row is the source of truth; the scheduler only looks for due rows and
    claims them with a lease so that several processes never do one twice.
    """

    __tablename__ = "nudges"
    __table_args__ = (
        Index("ix_nudges_due", "sent_at", "cancelled_at", "due_at"),
        # Claiming: pending rows in priority, then due order (a range per priority).
        Index("ix_nudges_claim", "priority", "due_at", "id",
              sqlite_where=PENDING_SQL, postgresql_where=PENDING_SQL),
        # Claiming: whether a channel (a recipient's DM) has an earlier or a held row.
        Index("ix_nudges_lane", "recipient_slack_id", "due_at",
              sqlite_where=PENDING_SQL, postgresql_where=PENDING_SQL),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"))
    recipient_slack_id: Mapped[str | None] = mapped_column(String(32))
    # Whom a message is about when that is not the case's clinician (a paused supporter).
    about_slack_id: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(40))
    # Work that must exist at most once (a digest for a day, an escalation of a case) carries a key.
    dedupe_key: Mapped[str | None] = mapped_column(String(160), unique=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(80))
    claim_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Lower goes first among rows due at once; each kind declares its own (bot/outbox/registry.py).
    priority: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Where the message went, as Slack answered: a click may only ever update a message recorded here.
    posted_channel: Mapped[str | None] = mapped_column(String(32))
    posted_ts: Mapped[str | None] = mapped_column(String(32), index=True)


class AuditEvent(Base):
    """Who did what to which case, and when. Never content."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(60))
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class ProcessedRequest(Base):
    """Keys of requests already handled, so a retried delivery does nothing."""

    __tablename__ = "processed_requests"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    case_id: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The answer given the first time, for requests whose retry must get it again (intake webhooks).
    answer: Mapped[str | None] = mapped_column(Text)


class CaseReferral(Base):
    """One person's referral of a colleague. A case can gather several; none is shown to the clinician."""

    __tablename__ = "case_referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    referrer_slack_id: Mapped[str] = mapped_column(String(32), index=True)
    referrer_may_be_named: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IntakeBurst(Base):
    """More than BURST_SIZE safety events within 15 minutes: coordinators get one summary for it."""

    __tablename__ = "intake_bursts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_event_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SafetyEvent(Base):
    """An event a hospital safety-event system reported: coded fields only, never free text."""

    __tablename__ = "safety_events"
    __table_args__ = (UniqueConstraint("source_system", "source_event_id", name="uq_safety_events_source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_system: Mapped[str] = mapped_column(String(100))
    source_event_id: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(40))
    seriousness: Mapped[str] = mapped_column(String(20))
    occurred_on: Mapped[date] = mapped_column(Date)
    division: Mapped[str | None] = mapped_column(String(100))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    burst_id: Mapped[int | None] = mapped_column(ForeignKey("intake_bursts.id"), index=True)


class SafetyEventParticipant(Base):
    """One clinician involved in a safety event, and the case the event started or joined."""

    __tablename__ = "safety_event_participants"
    __table_args__ = (UniqueConstraint("event_id", "person_slack_id", name="uq_safety_event_participants_person"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("safety_events.id", ondelete="CASCADE"), index=True)
    person_slack_id: Mapped[str] = mapped_column(String(32), index=True)
    function: Mapped[str] = mapped_column(String(20))  # primary, team, witness
    result: Mapped[str] = mapped_column(String(20))  # created, attached
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

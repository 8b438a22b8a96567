"""A request for support as a form gives it, and the checks it must pass before anything is stored."""
from __future__ import annotations

from dataclasses import dataclass, field

from bot.cases.vocabulary import CONTACT_PREFERENCES, EVENT_TYPES, URGENCIES, Source
from bot.core.identifiers import looks_like_patient_identifier

NOTE_MAX_LENGTH = 500


@dataclass(frozen=True)
class Referral:
    """A request for support, as the form gave it."""

    clinician_id: str
    source: Source
    urgency: str
    event_type: str | None = None
    contact_preference: str | None = None
    excluded_ids: frozenset[str] = field(default_factory=frozenset)
    note: str | None = None
    referrer_id: str | None = None
    referrer_may_be_named: bool = False


@dataclass(frozen=True)
class SlackUserFacts:
    """What Slack says about a person, as far as referring them goes."""

    exists: bool
    is_bot: bool = False
    deleted: bool = False


class InvalidReferral(Exception):
    """Field-level problems, keyed by the form field they belong to."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors))
        self.errors = errors


class NotAllowedToRefer(Exception):
    """Only leads and coordinators may refer a colleague."""


def check_referral(referral: Referral) -> None:
    """Raise InvalidReferral for anything the form should have caught."""
    errors: dict[str, str] = {}
    if not referral.clinician_id:
        errors["colleague"] = "Please choose the colleague you're concerned about."
    if referral.urgency not in URGENCIES:
        errors["urgency"] = "Please choose how soon."
    if referral.event_type is not None and referral.event_type not in EVENT_TYPES:
        errors["event_type"] = "Please choose one of the listed options."
    if referral.contact_preference is not None and referral.contact_preference not in CONTACT_PREFERENCES:
        errors["contact_preference"] = "Please choose one of the listed options."
    if referral.note:
        if len(referral.note) > NOTE_MAX_LENGTH:
            errors["note"] = f"Please keep the note under {NOTE_MAX_LENGTH} characters."
        elif looks_like_patient_identifier(referral.note):
            errors["note"] = (
                "This looks like it may include a patient identifier (a record number, a date or a room). "
                "Please take it out: the supporter does not need it."
            )
    if errors:
        raise InvalidReferral(errors)


def colleague_problem(referrer_id: str, colleague_id: str | None, facts: SlackUserFacts | None) -> str | None:
    """Why this colleague cannot be referred, in words for the referrer; None when they can."""
    if not colleague_id:
        return "Please choose the colleague you're concerned about."
    if colleague_id == referrer_id:
        return (
            "You can't refer yourself here. If you'd like a conversation yourself, "
            "type /peer-support: it's private."
        )
    if facts is not None and facts.is_bot:
        return "That's an app, not a person. Please choose the colleague you're concerned about."
    if facts is not None and (not facts.exists or facts.deleted):
        return "That account is deactivated or unknown to Slack. Please choose a current colleague."
    return None

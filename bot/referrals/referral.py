"""A request for support as a form gives it, and the checks it must pass before anything is stored.

The service checks every field itself (the forms check the same things first): options only
from their lists, at most MAX_AVOID people to avoid, Slack user ids only where ids go, a note
of at most NOTE_MAX_LENGTH characters with no patient identifier in it. A request that breaks
any bound is refused as a whole: nothing is cut short, filtered out or stored.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.cases.vocabulary import CONTACT_PREFERENCES, EVENT_TYPES, URGENCIES, Source
from bot.core.identifiers import find_patient_identifier

NOTE_MAX_LENGTH = 500
MAX_AVOID = 10  # as many as the form's people picker allows
SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,31}")


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


def is_slack_user_id(value: object) -> bool:
    return isinstance(value, str) and SLACK_USER_ID.fullmatch(value) is not None


def check_referral(referral: Referral) -> None:
    """Raise InvalidReferral for anything the form should have caught."""
    errors: dict[str, str] = {}
    if not is_slack_user_id(referral.clinician_id):
        errors["colleague"] = "Please choose the colleague you're concerned about."
    if referral.referrer_id is not None and not is_slack_user_id(referral.referrer_id):
        errors["colleague"] = "Please choose the colleague you're concerned about."
    if len(referral.excluded_ids) > MAX_AVOID:
        errors["avoid"] = f"Please choose at most {MAX_AVOID} people."
    elif not all(is_slack_user_id(person) for person in referral.excluded_ids):
        errors["avoid"] = "Please choose people from the list."
    if referral.urgency not in URGENCIES:
        errors["urgency"] = "Please choose how soon."
    if referral.event_type is not None and referral.event_type not in EVENT_TYPES:
        errors["event_type"] = "Please choose one of the listed options."
    if referral.contact_preference is not None and referral.contact_preference not in CONTACT_PREFERENCES:
        errors["contact_preference"] = "Please choose one of the listed options."
    if referral.note is not None:
        errors.update(note_problems(referral.note))
    if errors:
        raise InvalidReferral(errors)


def note_problems(note: str) -> dict[str, str]:
    """What is wrong with a typed note, keyed "note": too long, or a patient identifier in it."""
    if not isinstance(note, str):
        return {"note": "Please type a note, or leave it empty."}
    if len(note) > NOTE_MAX_LENGTH:
        return {"note": f"Please keep the note under {NOTE_MAX_LENGTH} characters."}
    found = find_patient_identifier(note)
    return {"note": found.message} if found else {}


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

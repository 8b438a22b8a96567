"""Every action id, callback id and block id the app uses, in one place.

A test checks that each action and callback id is handled exactly once.
"""
from __future__ import annotations

from enum import StrEnum


class Command(StrEnum):
    PEER_SUPPORT = "/peer-support"


class ActionId(StrEnum):
    OFFER_ACCEPT = "offer.accept"
    OFFER_DECLINE = "offer.decline"
    OFFER_DETAILS = "offer.details"
    CASE_CONTACTED = "case.contacted"
    CASE_NOT_REACHED = "case.not_reached"
    CASE_HAND_OFF = "case.hand_off"
    CASE_CHECKED_IN = "case.checked_in"
    CASE_CLOSE = "case.close"
    SUPPORTER_RESUME = "supporter.resume"
    CASE_REMIND_TOMORROW = "case.remind_tomorrow"
    CASE_REMIND_IN_3_DAYS = "case.remind_in_3_days"
    SUPPORTER_AWAY_UNTIL = "supporter.away_until"  # a datepicker on the App Home
    SUPPORTER_BACK = "supporter.back"
    HOME_MORE_QUEUE = "home.more_queue"
    HOME_MORE_OTHERS = "home.more_others"
    CONSOLE_ASSIGN = "console.assign"
    CONSOLE_REASSIGN = "console.reassign"
    CONSOLE_CLOSE = "console.close"
    ROSTER_ADD = "roster.add"
    ROSTER_PICK = "roster.pick"  # a users_select on the App Home: edit this person
    REPORT_SEND = "report.send"
    CASE_SAFETY = "case.safety_concern"
    TRIAGE_OFFER = "intake.triage_offer"
    TRIAGE_NOT_NEEDED = "intake.triage_not_needed"


class ShortcutId(StrEnum):
    REFER_COLLEAGUE = "referral.colleague"
    REFER_FROM_MESSAGE = "referral.from_message"


class CallbackId(StrEnum):
    SELF_REFERRAL = "referral.self"
    LEAD_REFERRAL = "referral.lead"
    DECLINE_REASON = "offer.decline_reason"
    CLOSE_OUTCOME = "case.close_outcome"
    PLACE_CASE = "console.place"
    CLOSE_BY_COORDINATOR = "console.close_outcome"
    PERSON = "roster.person"


class BlockId(StrEnum):
    EVENT_TYPE = "referral.event_type"
    URGENCY = "referral.urgency"
    CONTACT = "referral.contact"
    AVOID = "referral.avoid"
    NOTE = "referral.note"
    COLLEAGUE = "referral.who"
    MAY_NAME = "referral.may_name"
    DECLINE_REASON = "decline.reason"
    OFFER_ACTIONS = "offer.actions"
    CASE_ACTIONS = "case.actions"
    SUPPORTER_ACTIONS = "supporter.actions"
    SAFETY_ACTIONS = "case.safety"
    OUTCOME = "case.outcome"
    # On the App Home; a block that repeats per case adds ".<case id>" so each id is unique in the view.
    HOME_AVAILABILITY = "home.availability"
    HOME_OFFER = "home.offer"
    HOME_CASE = "home.case"
    CONSOLE_CASE = "console.case"
    CONSOLE_MORE_QUEUE = "console.more_queue"
    CONSOLE_MORE_OTHERS = "console.more_others"
    CONSOLE_ROSTER = "console.roster"
    CONSOLE_REPORT = "console.report"
    # In the coordinators' modals.
    TRIAGE = "intake.triage"  # one per participant: ".<participant id>"
    PLACE_SUPPORTER = "console.supporter"
    PLACE_REASON = "console.reason"
    PLACE_CONFIRM = "console.confirm"
    PERSON_USER = "roster.user"
    PERSON_NAME = "roster.name"
    PERSON_EMAIL = "roster.email"
    PERSON_ROLES = "roster.roles"
    PERSON_COHORT = "roster.cohort"
    PERSON_DIVISION = "roster.division"
    PERSON_CAPACITY = "roster.capacity"
    PERSON_TRAINED_ON = "roster.trained_on"
    PERSON_ACTIVE = "roster.active"
    PERSON_NPI = "roster.npi"
    PERSON_EMPLOYEE_ID = "roster.employee_id"


class InputActionId(StrEnum):
    """Action ids of inputs inside modals: read from view state, never routed as actions."""

    EVENT_TYPE = "event_type"
    URGENCY = "urgency"
    CONTACT = "contact"
    AVOID = "avoid"
    NOTE = "note"
    COLLEAGUE = "colleague"
    MAY_NAME = "may_name"
    DECLINE_REASON = "reason"
    OUTCOME = "outcome"
    SUPPORTER = "supporter"
    PLACING_REASON = "placing_reason"
    CONFIRM = "confirm"
    USER = "user"
    NAME = "name"
    EMAIL = "email"
    ROLES = "roles"
    COHORT = "cohort"
    DIVISION = "division"
    CAPACITY = "capacity"
    TRAINED_ON = "trained_on"
    ACTIVE = "active"
    NPI = "npi"
    EMPLOYEE_ID = "employee_id"

"""Who should be offered a case: a pure function of the case, the roster and the history.

The rules are `RULES` below, in order: each one either lets a supporter through or names why
not (a code, and the words a coordinator reads). Those left are ranked by cohort (`_cohort_tier`:
faculty clinicians get faculty supporters; trainees get trainee supporters first and faculty
after; a clinician the roster does not know gets faculty first), then fewest open cases, then
least recently offered, then Slack id as a stable tie-break. The reason for the pick, and for each
exclusion, is kept for coordinators.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.roster.roles import Cohort


@dataclass(frozen=True)
class SupporterProfile:
    slack_id: str
    cohort: str | None
    division: str | None
    max_active_cases: int
    active: bool = True
    paused_until: datetime | None = None
    away_until: datetime | None = None
    # With REQUIRE_TRAINING on: when their training lapsed (or None if it has not), or that there is
    # none on the roster. Always None with the setting off.
    training_lapsed_on: date | None = None
    never_trained: bool = False


@dataclass(frozen=True)
class CaseForMatching:
    clinician_id: str
    clinician_cohort: str | None = None
    clinician_division: str | None = None
    referrer_id: str | None = None
    # Everyone else who referred this clinician while the case was open.
    other_referrer_ids: frozenset[str] = field(default_factory=frozenset)
    excluded_ids: frozenset[str] = field(default_factory=frozenset)
    # Supporters this case must not go to again: declined, let an offer expire, handed off.
    passed_by: frozenset[str] = field(default_factory=frozenset)
    # Everyone a hospital system named in a safety event this case came from or was joined by.
    involved_ids: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Candidate:
    slack_id: str
    reason: str


@dataclass(frozen=True)
class Exclusion:
    slack_id: str
    reason: str
    rule: str = ""  # the code of the rule that left them out (RULES)


@dataclass(frozen=True)
class MatchResult:
    ranked: tuple[Candidate, ...]
    excluded: tuple[Exclusion, ...]

    @property
    def best(self) -> Candidate | None:
        return self.ranked[0] if self.ranked else None


# Each rule: (case, supporter, their open load, now) -> why they are left out, or None.
ExclusionRule = Callable[["CaseForMatching", SupporterProfile, int, datetime], "str | None"]


def _inactive(case, person, load, now):
    return "inactive on the roster" if not person.active else None


def _paused(case, person, load, now):
    return "paused" if person.paused_until is not None and person.paused_until > now else None


def _away(case, person, load, now):
    if person.away_until is None or person.away_until <= now:
        return None
    return f"away until {person.away_until:%Y-%m-%d}"


def _training_lapsed(case, person, load, now):
    if person.never_trained:
        return "no training on the roster"
    if person.training_lapsed_on is not None:
        return f"training lapsed on {person.training_lapsed_on.isoformat()}"
    return None


def _at_capacity(case, person, load, now):
    return f"at capacity ({load} of {person.max_active_cases})" if load >= person.max_active_cases else None


def _is_the_clinician(case, person, load, now):
    return "is the clinician" if person.slack_id == case.clinician_id else None


def _referred_the_case(case, person, load, now):
    referred = person.slack_id == case.referrer_id or person.slack_id in case.other_referrer_ids
    return "referred this case" if referred else None


def _excluded_by_the_clinician(case, person, load, now):
    return "the clinician asked not to be matched with them" if person.slack_id in case.excluded_ids else None


def _involved_in_the_event(case, person, load, now):
    return "involved in the same safety event" if person.slack_id in case.involved_ids else None


def _same_division(case, person, load, now):
    same = case.clinician_division and person.division and (
        person.division.strip().casefold() == case.clinician_division.strip().casefold())
    return "same division as the clinician" if same else None


def _already_passed(case, person, load, now):
    return "already passed on this case" if person.slack_id in case.passed_by else None


def _wrong_cohort(case, person, load, now):
    if case.clinician_cohort == Cohort.FACULTY and person.cohort != Cohort.FACULTY:
        return "faculty clinicians are matched with faculty supporters"
    if person.cohort not in (Cohort.FACULTY, Cohort.TRAINEE):
        return "no cohort on the roster"
    return None


@dataclass(frozen=True)
class Rule:
    code: str
    check: ExclusionRule


RULES: tuple[Rule, ...] = (
    Rule("inactive", _inactive),
    Rule("paused", _paused),
    Rule("away", _away),
    Rule("training", _training_lapsed),
    Rule("capacity", _at_capacity),
    Rule("clinician", _is_the_clinician),
    Rule("referrer", _referred_the_case),
    Rule("excluded", _excluded_by_the_clinician),
    Rule("involved", _involved_in_the_event),
    Rule("division", _same_division),
    Rule("passed", _already_passed),
    Rule("cohort", _wrong_cohort),
)


def first_exclusion(case: CaseForMatching, person: SupporterProfile, load: int, now: datetime) -> Exclusion | None:
    """The first rule that leaves this supporter out; None when they are eligible."""
    for rule in RULES:
        why = rule.check(case, person, load, now)
        if why:
            return Exclusion(person.slack_id, why, rule.code)
    return None


def exclusion_reason(case: CaseForMatching, person: SupporterProfile, load: int, now: datetime) -> str | None:
    """The first rule that leaves this supporter out, in words; None when they are eligible."""
    found = first_exclusion(case, person, load, now)
    return found.reason if found else None


def _cohort_tier(case: CaseForMatching, person: SupporterProfile) -> tuple[int, str]:
    if case.clinician_cohort == Cohort.TRAINEE:
        if person.cohort == Cohort.TRAINEE:
            return 0, "trainee supporter for a trainee"
        return 1, "faculty supporter for a trainee (no trainee supporter free)"
    if case.clinician_cohort == Cohort.FACULTY:
        return 0, "faculty supporter for a faculty member"
    if person.cohort == Cohort.FACULTY:
        return 0, "faculty supporter (clinician not on the roster)"
    return 1, "trainee supporter (clinician not on the roster, no faculty supporter free)"


def rank_supporters(
    case: CaseForMatching,
    supporters: Iterable[SupporterProfile],
    open_cases: Mapping[str, int],
    last_offered: Mapping[str, datetime],
    now: datetime,
) -> MatchResult:
    """Rank the eligible supporters for a case and say why each other one was left out."""
    ranked: list[tuple[tuple, Candidate]] = []
    excluded: list[Exclusion] = []
    for person in supporters:
        load = open_cases.get(person.slack_id, 0)
        why_not = first_exclusion(case, person, load, now)
        if why_not:
            excluded.append(why_not)
            continue
        tier, cohort_reason = _cohort_tier(case, person)
        offered = last_offered.get(person.slack_id)
        offered_text = "never offered a case" if offered is None else "offered a case least recently"
        # Never offered sorts first: a timestamp of 0 is earlier than any real offer.
        key = (tier, load, offered.timestamp() if offered else 0.0, person.slack_id)
        reason = f"{cohort_reason}; {load} open case{'s' if load != 1 else ''}; {offered_text}"
        ranked.append((key, Candidate(person.slack_id, reason)))
    ranked.sort(key=lambda item: item[0])
    return MatchResult(
        ranked=tuple(candidate for _, candidate in ranked),
        excluded=tuple(sorted(excluded, key=lambda e: e.slack_id)),
    )

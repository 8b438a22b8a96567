"""rank_supporters: each matching rule on its own, then properties over random rosters."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.offers.matching import CaseForMatching, MatchResult, SupporterProfile, rank_supporters

NOW = datetime(2026, 3, 2, 14, 0, tzinfo=timezone.utc)


def supporter(slack_id, cohort="faculty", division=None, max_active_cases=2, active=True, paused_until=None):
    return SupporterProfile(
        slack_id=slack_id,
        cohort=cohort,
        division=division,
        max_active_cases=max_active_cases,
        active=active,
        paused_until=paused_until,
    )


def case(clinician_id="UCLIN", **kwargs) -> CaseForMatching:
    return CaseForMatching(clinician_id=clinician_id, **kwargs)


def rank(the_case, supporters, open_cases=None, last_offered=None, now=NOW) -> MatchResult:
    return rank_supporters(the_case, supporters, open_cases or {}, last_offered or {}, now)


def ranked_ids(result: MatchResult) -> list[str]:
    return [c.slack_id for c in result.ranked]


def excluded_ids(result: MatchResult) -> dict[str, str]:
    return {e.slack_id: e.reason for e in result.excluded}


# ---- one rule at a time ---------------------------------------------------------------------


def test_inactive_supporter_is_excluded():
    result = rank(case(), [supporter("UA", active=False), supporter("UB")])
    assert ranked_ids(result) == ["UB"]
    assert "inactive" in excluded_ids(result)["UA"]


def test_paused_supporter_is_excluded_until_the_pause_ends():
    result = rank(case(), [supporter("UA", paused_until=NOW + timedelta(days=1)), supporter("UB")])
    assert ranked_ids(result) == ["UB"]
    assert "paused" in excluded_ids(result)["UA"]


def test_pause_in_the_past_does_not_exclude():
    result = rank(case(), [supporter("UA", paused_until=NOW - timedelta(seconds=1))])
    assert ranked_ids(result) == ["UA"]
    assert result.excluded == ()


def test_supporter_at_capacity_is_excluded_and_one_below_is_not():
    result = rank(
        case(),
        [supporter("UA", max_active_cases=2), supporter("UB", max_active_cases=2)],
        open_cases={"UA": 2, "UB": 1},
    )
    assert ranked_ids(result) == ["UB"]
    assert "capacity" in excluded_ids(result)["UA"]


def test_supporter_with_zero_capacity_is_never_offered():
    result = rank(case(), [supporter("UA", max_active_cases=0)])
    assert ranked_ids(result) == []
    assert "capacity" in excluded_ids(result)["UA"]


def test_the_clinician_is_not_matched_with_themselves():
    result = rank(case(clinician_id="UA"), [supporter("UA"), supporter("UB")])
    assert ranked_ids(result) == ["UB"]
    assert "clinician" in excluded_ids(result)["UA"]


def test_the_referrer_is_excluded():
    result = rank(case(referrer_id="UA"), [supporter("UA"), supporter("UB")])
    assert ranked_ids(result) == ["UB"]
    assert "referred" in excluded_ids(result)["UA"]


def test_people_the_clinician_asked_to_avoid_are_excluded():
    result = rank(case(excluded_ids=frozenset({"UA", "UC"})), [supporter("UA"), supporter("UB"), supporter("UC")])
    assert ranked_ids(result) == ["UB"]
    assert set(excluded_ids(result)) == {"UA", "UC"}
    assert all("asked not to be matched" in reason for reason in excluded_ids(result).values())


def test_same_division_is_excluded_ignoring_case_and_spaces():
    result = rank(
        case(clinician_division="Cardiac Surgery"),
        [
            supporter("UA", division=" cardiac SURGERY "),
            supporter("UB", division="Trauma"),
            supporter("UC", division=None),
        ],
    )
    assert ranked_ids(result) == ["UB", "UC"]
    assert "division" in excluded_ids(result)["UA"]


def test_division_rule_does_not_apply_when_the_clinicians_division_is_unknown():
    result = rank(case(clinician_division=None), [supporter("UA", division="Cardiac Surgery")])
    assert ranked_ids(result) == ["UA"]


def test_someone_who_already_passed_on_the_case_is_excluded():
    result = rank(case(passed_by=frozenset({"UA"})), [supporter("UA"), supporter("UB")])
    assert ranked_ids(result) == ["UB"]
    assert "passed" in excluded_ids(result)["UA"]


def test_faculty_clinician_gets_only_faculty_supporters():
    result = rank(
        case(clinician_cohort="faculty"),
        [supporter("UA", cohort="trainee"), supporter("UB", cohort="faculty")],
        open_cases={"UB": 1},  # the trainee is less loaded, and still not offered
    )
    assert ranked_ids(result) == ["UB"]
    assert "faculty" in excluded_ids(result)["UA"]


def test_faculty_clinician_with_no_faculty_supporter_left_gets_nobody():
    result = rank(case(clinician_cohort="faculty"), [supporter("UA", cohort="trainee")])
    assert result.best is None
    assert set(excluded_ids(result)) == {"UA"}


def test_trainee_clinician_gets_trainee_supporters_first_then_faculty():
    result = rank(
        case(clinician_cohort="trainee"),
        [supporter("UF", cohort="faculty"), supporter("UT", cohort="trainee", max_active_cases=5)],
        open_cases={"UT": 3, "UF": 0},  # the trainee is busier and still comes first
    )
    assert ranked_ids(result) == ["UT", "UF"]
    assert "trainee supporter" in result.ranked[0].reason
    assert "faculty supporter" in result.ranked[1].reason


def test_trainee_clinician_gets_faculty_when_no_trainee_is_free():
    result = rank(
        case(clinician_cohort="trainee"),
        [supporter("UF", cohort="faculty"), supporter("UT", cohort="trainee", max_active_cases=1)],
        open_cases={"UT": 1},
    )
    assert ranked_ids(result) == ["UF"]


def test_unknown_clinician_gets_faculty_first_and_no_division_rule():
    result = rank(
        case(clinician_cohort=None, clinician_division=None),
        [
            supporter("UT", cohort="trainee", division="Trauma"),
            supporter("UF", cohort="faculty", division="Trauma", max_active_cases=5),
        ],
        open_cases={"UF": 3},  # faculty comes first despite the higher load
    )
    assert ranked_ids(result) == ["UF", "UT"]
    assert "not on the roster" in result.ranked[0].reason
    assert result.excluded == ()


def test_supporter_without_a_cohort_is_excluded():
    result = rank(case(clinician_cohort="trainee"), [supporter("UA", cohort=None), supporter("UB", cohort="trainee")])
    assert ranked_ids(result) == ["UB"]
    assert "cohort" in excluded_ids(result)["UA"]


# ---- ordering -----------------------------------------------------------------------------


def test_fewest_open_cases_first():
    people = [supporter("UA", max_active_cases=5), supporter("UB", max_active_cases=5), supporter("UC", max_active_cases=5)]
    result = rank(case(), people, open_cases={"UA": 2, "UB": 0, "UC": 1})
    assert ranked_ids(result) == ["UB", "UC", "UA"]


def test_equal_load_least_recently_offered_first_and_never_offered_before_all():
    people = [supporter("UA"), supporter("UB"), supporter("UC"), supporter("UD")]
    last = {
        "UA": NOW - timedelta(hours=1),
        "UB": NOW - timedelta(days=3),
        "UC": NOW - timedelta(days=1),
    }
    result = rank(case(), people, last_offered=last)
    assert ranked_ids(result) == ["UD", "UB", "UC", "UA"]


def test_load_outranks_recency():
    people = [supporter("UA"), supporter("UB")]
    result = rank(case(), people, open_cases={"UA": 1}, last_offered={"UB": NOW - timedelta(minutes=1)})
    assert ranked_ids(result) == ["UB", "UA"]


def test_full_tie_is_broken_by_slack_id():
    people = [supporter("UZ"), supporter("UM"), supporter("UA")]
    when = NOW - timedelta(days=1)
    result = rank(case(), people, last_offered={"UZ": when, "UM": when, "UA": when})
    assert ranked_ids(result) == ["UA", "UM", "UZ"]


def test_reasons_are_given_for_the_pick_and_every_exclusion():
    people = [
        supporter("UA", active=False),
        supporter("UB", division="Trauma"),
        supporter("UC"),
    ]
    result = rank(case(clinician_cohort="faculty", clinician_division="trauma"), people, open_cases={"UC": 1})
    assert result.best.slack_id == "UC"
    assert "faculty supporter for a faculty member" in result.best.reason
    assert "1 open case" in result.best.reason
    assert "never offered" in result.best.reason
    reasons = excluded_ids(result)
    assert set(reasons) == {"UA", "UB"}
    assert "inactive" in reasons["UA"]
    assert "division" in reasons["UB"]


def test_reason_says_when_a_supporter_was_offered_before():
    result = rank(case(), [supporter("UA")], last_offered={"UA": NOW - timedelta(days=2)})
    assert "least recently" in result.best.reason


def test_best_is_the_first_ranked_or_none():
    result = rank(case(), [supporter("UB"), supporter("UA")])
    assert result.best == result.ranked[0]
    assert result.best.slack_id == "UA"
    assert rank(case(), []).best is None


# ---- properties ------------------------------------------------------------------------------

IDS = [f"U{n:02d}" for n in range(12)]
DIVISIONS = [None, "Trauma", "trauma ", "Cardiac Surgery", "CARDIAC SURGERY", "Pediatrics"]
COHORTS = ["faculty", "trainee", None]
PAUSES = st.one_of(
    st.none(),
    st.integers(min_value=-72, max_value=72).filter(lambda h: h != 0).map(lambda h: NOW + timedelta(hours=h)),
)
OFFER_TIMES = st.integers(min_value=1, max_value=24 * 365).map(lambda h: NOW - timedelta(hours=h))


@st.composite
def scenarios(draw):
    ids = draw(st.lists(st.sampled_from(IDS), unique=True, max_size=len(IDS)))
    people = [
        SupporterProfile(
            slack_id=slack_id,
            cohort=draw(st.sampled_from(COHORTS)),
            division=draw(st.sampled_from(DIVISIONS)),
            max_active_cases=draw(st.integers(min_value=0, max_value=3)),
            active=draw(st.booleans()),
            paused_until=draw(PAUSES),
        )
        for slack_id in ids
    ]
    anyone = st.sampled_from(IDS + ["UOUTSIDER"])
    the_case = CaseForMatching(
        clinician_id=draw(anyone),
        clinician_cohort=draw(st.sampled_from(COHORTS)),
        clinician_division=draw(st.sampled_from(DIVISIONS)),
        referrer_id=draw(st.one_of(st.none(), anyone)),
        excluded_ids=frozenset(draw(st.lists(st.sampled_from(IDS), max_size=3))),
        passed_by=frozenset(draw(st.lists(st.sampled_from(IDS), max_size=3))),
    )
    open_cases = draw(st.dictionaries(st.sampled_from(IDS), st.integers(min_value=0, max_value=4)))
    last_offered = draw(st.dictionaries(st.sampled_from(IDS), OFFER_TIMES))
    return the_case, people, open_cases, last_offered


def _same_division(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.strip().casefold() == b.strip().casefold())


def eligible(the_case: CaseForMatching, person: SupporterProfile, open_cases) -> bool:
    """The README's rules, written out independently of bot/matching.py."""
    if not person.active:
        return False
    if person.paused_until is not None and person.paused_until > NOW:
        return False
    if open_cases.get(person.slack_id, 0) >= person.max_active_cases:
        return False
    if person.slack_id in {the_case.clinician_id, the_case.referrer_id}:
        return False
    if person.slack_id in the_case.excluded_ids or person.slack_id in the_case.passed_by:
        return False
    if _same_division(the_case.clinician_division, person.division):
        return False
    if person.cohort not in ("faculty", "trainee"):
        return False
    if the_case.clinician_cohort == "faculty" and person.cohort != "faculty":
        return False
    return True


def preferred_cohort(the_case: CaseForMatching) -> str:
    return "trainee" if the_case.clinician_cohort == "trainee" else "faculty"


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_property_only_eligible_people_are_ranked_and_every_ineligible_one_is_excluded(scenario):
    the_case, people, open_cases, last_offered = scenario
    result = rank(the_case, people, open_cases, last_offered)
    should_rank = {p.slack_id for p in people if eligible(the_case, p, open_cases)}
    assert set(ranked_ids(result)) == should_rank
    assert set(excluded_ids(result)) == {p.slack_id for p in people} - should_rank
    assert all(e.reason for e in result.excluded)
    assert all(c.reason for c in result.ranked)


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_property_ranked_and_excluded_partition_the_supporters(scenario):
    the_case, people, open_cases, last_offered = scenario
    result = rank(the_case, people, open_cases, last_offered)
    ranked = ranked_ids(result)
    excluded = [e.slack_id for e in result.excluded]
    assert len(ranked) == len(set(ranked))
    assert len(excluded) == len(set(excluded))
    assert set(ranked).isdisjoint(excluded)
    assert set(ranked) | set(excluded) == {p.slack_id for p in people}


@settings(max_examples=300, deadline=None)
@given(scenarios(), st.randoms(use_true_random=False))
def test_property_ranking_does_not_depend_on_input_order(scenario, rnd: random.Random):
    the_case, people, open_cases, last_offered = scenario
    shuffled = list(people)
    rnd.shuffle(shuffled)
    assert rank(the_case, shuffled, open_cases, last_offered) == rank(the_case, people, open_cases, last_offered)


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_property_preferred_cohort_comes_first_and_load_never_decreases_within_a_tier(scenario):
    the_case, people, open_cases, last_offered = scenario
    result = rank(the_case, people, open_cases, last_offered)
    by_id = {p.slack_id: p for p in people}
    preferred = preferred_cohort(the_case)
    tiers = [0 if by_id[s].cohort == preferred else 1 for s in ranked_ids(result)]
    assert tiers == sorted(tiers)
    for tier in (0, 1):
        in_tier = [s for s, t in zip(ranked_ids(result), tiers) if t == tier]
        loads = [open_cases.get(s, 0) for s in in_tier]
        assert loads == sorted(loads)
        # Equal load: never offered first, then the oldest offer, then slack_id.
        keys = [
            (open_cases.get(s, 0), last_offered[s] if s in last_offered else datetime.min.replace(tzinfo=timezone.utc), s)
            for s in in_tier
        ]
        assert keys == sorted(keys)

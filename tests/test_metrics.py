"""Program metrics on a known set of cases, each expected value worked out by hand.

The known program (suppress_below=5, so every count below is 0 or at least 5 and shows):
  March 2025, 11 cases on 1..11 March at 10:00 UTC (case i = 0..10):
    6 self, 5 lead; 6 faculty, 5 trainees; all General Surgery.
    accepted i+1 hours after referral (1..11), contact 2(i+1) hours after (2..22).
    offers: one accepted each; cases 0-4 were first declined (unavailable), 5-9 first expired.
    closed after 5 days: cases 0-5 talked (one check-in each), 6-10 referred out.
  April 2025, 10 cases on 1..10 April at 10:00 UTC (case i = 0..9):
    5 self, 5 system; all trainees; all Trauma.
    accepted after 1 hour; contact after 10 hours (cases 0-4) or 30 hours (5-9).
    one accepted offer each; cases 0-4 declined support (closed after 3 days), 5-9 still open.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.coordination.metrics import (
    CaseFacts,
    Granularity,
    MetricsError,
    OfferFacts,
    ReportRequest,
    SupporterFacts,
    Timing,
    compute_report,
    contact_status,
    percentile,
    periods_between,
)
from bot.coordination.suppression import Hidden, SuppressionError

H = timedelta(hours=1)
AS_OF = datetime(2025, 5, 1, 9, 0, tzinfo=timezone.utc)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


def accepted_offer(created, after_hours):
    return OfferFacts(created + 0.5 * H, "accepted", answered_at=created + after_hours * H)


def march_case(i: int) -> CaseFacts:
    created = at(date(2025, 3, 1 + i))
    first = ()
    if i < 5:
        first = (OfferFacts(created + 0.1 * H, "declined", "unavailable", created + 0.2 * H),)
    elif i < 10:
        first = (OfferFacts(created + 0.1 * H, "expired", answered_at=created + 0.4 * H),)
    return CaseFacts(
        source="self" if i < 6 else "lead",
        created_at=created,
        first_offered_at=created + 0.1 * H,
        first_accepted_at=created + (i + 1) * H,
        contacted_at=created + 2 * (i + 1) * H,
        closed_at=created + 5 * 24 * H,
        outcome="talked" if i < 6 else "referred_out",
        check_ins_done=1 if i < 6 else 0,
        division="General Surgery",
        cohort="faculty" if i < 6 else "trainee",
        offers=(*first, accepted_offer(created, i + 1)),
    )


def april_case(i: int) -> CaseFacts:
    created = at(date(2025, 4, 1 + i))
    closed = i < 5
    return CaseFacts(
        source="self" if i < 5 else "system",
        created_at=created,
        first_offered_at=created + 0.5 * H,
        first_accepted_at=created + H,
        contacted_at=created + (10 if i < 5 else 30) * H,
        closed_at=created + 72 * H if closed else None,
        outcome="declined_support" if closed else None,
        division="Trauma",
        cohort="trainee",
        offers=(accepted_offer(created, 1),),
    )


KNOWN = [march_case(i) for i in range(11)] + [april_case(i) for i in range(10)]
SUPPORTERS = ([SupporterFacts("active", 0)] * 5 + [SupporterFacts("active", 1)] * 6
              + [SupporterFacts("away", 0)] * 5 + [SupporterFacts("inactive", 2)] * 3)


def known_report(**overrides):
    request = ReportRequest(**({"from_date": date(2025, 3, 1), "to_date": date(2025, 4, 30),
                                "suppress_below": 5, "as_of": AS_OF} | overrides))
    return compute_report(KNOWN, request, SUPPORTERS)


@pytest.fixture(scope="module")
def report():
    return known_report()


def by_label(report):
    return {metrics.period.label: metrics for metrics in report.periods}


# --- percentiles and periods ---------------------------------------------------------------


def test_percentiles_interpolate_linearly_between_closest_ranks():
    assert percentile([4, 1, 3, 2], 0.5) == 2.5  # between 2 and 3
    assert percentile(list(range(1, 11)), 0.9) == pytest.approx(9.1)  # h = 9 * 0.9 = 8.1
    assert percentile([7.0], 0.9) == 7.0
    with pytest.raises(MetricsError):
        percentile([], 0.5)


def test_periods_are_the_months_or_quarters_the_range_touches_cut_to_the_range():
    months = periods_between(date(2024, 12, 15), date(2025, 2, 10), Granularity.MONTH)
    assert [(p.label, p.first_day, p.last_day) for p in months] == [
        ("2024-12", date(2024, 12, 15), date(2024, 12, 31)),
        ("2025-01", date(2025, 1, 1), date(2025, 1, 31)),
        ("2025-02", date(2025, 2, 1), date(2025, 2, 10)),
    ]
    quarters = periods_between(date(2024, 11, 1), date(2025, 4, 1), Granularity.QUARTER)
    assert [p.label for p in quarters] == ["2024-Q4", "2025-Q1", "2025-Q2"]
    assert quarters[0].first_day == date(2024, 11, 1) and quarters[-1].last_day == date(2025, 4, 1)


# --- reach -------------------------------------------------------------------------------------


def test_referrals_are_counted_by_source_and_by_month(report):
    march, april = by_label(report)["2025-03"], by_label(report)["2025-04"]
    assert (march.referrals.total, dict(march.referrals.by_source)) == (11, {"self": 6, "lead": 5, "system": 0})
    assert (april.referrals.total, dict(april.referrals.by_source)) == (10, {"self": 5, "lead": 0, "system": 5})
    assert (report.overall.referrals.total, dict(report.overall.referrals.by_source)) == (
        21, {"self": 11, "lead": 5, "system": 5})
    assert dict(report.overall.referrals.by_cohort) == {"faculty": 6, "trainee": 15, "unknown": 0}
    assert dict(report.overall.referrals.by_division) == {"General Surgery": 11, "Trauma": 10, "unknown": 0}


def test_the_share_of_referrals_that_got_an_offer_counts_cases_with_any_offer():
    created = at(date(2025, 3, 3))
    offered = [CaseFacts("self", created + i * H, first_offered_at=created + i * H) for i in range(6)]
    never = [CaseFacts("lead", created + i * H) for i in range(5)]
    metrics = compute_report(offered + never, ReportRequest(date(2025, 3, 1), date(2025, 3, 31),
                                                            suppress_below=5)).overall
    assert (metrics.referrals.got_offer, metrics.referrals.no_offer) == (6, 5)
    assert metrics.referrals.share_offered == pytest.approx(6 / 11)


def test_a_referral_is_dated_in_the_report_time_zone():
    late = [CaseFacts("self", datetime(2025, 3, 31, 23, 30, tzinfo=timezone.utc)) for _ in range(5)]

    def totals(zone):
        request = ReportRequest(date(2025, 3, 1), date(2025, 4, 30), suppress_below=5, time_zone=zone)
        return [m.referrals.total for m in compute_report(late, request).periods]

    assert totals(ZoneInfo("UTC")) == [5, 0]
    assert totals(ZoneInfo("Europe/Berlin")) == [0, 5]  # 01:30 on 1 April there


def test_referrals_outside_the_range_are_left_out():
    before = CaseFacts("self", datetime(2025, 2, 28, 12, tzinfo=timezone.utc))
    report = compute_report(KNOWN + [before] * 6, ReportRequest(date(2025, 3, 1), date(2025, 4, 30),
                                                                suppress_below=5))
    assert report.overall.referrals.total == 21


# --- timeliness --------------------------------------------------------------------------------


def test_time_to_an_accepted_offer_median_and_90th_percentile(report):
    march = by_label(report)["2025-03"]
    assert (march.time_to_accept.median_hours, march.time_to_accept.p90_hours) == (6, 10)  # 1..11: h=5, h=9
    # all 21: eleven 1s, then 2..11; median at h=10 is 1, p90 at h=18 is 9
    assert (report.overall.time_to_accept.median_hours, report.overall.time_to_accept.p90_hours) == (1, 9)


def test_time_to_recorded_contact_median_and_90th_percentile(report):
    march = by_label(report)["2025-03"]
    assert (march.time_to_contact.median_hours, march.time_to_contact.p90_hours) == (12, 20)  # 2..22
    # all 21 sorted: 2 4 6 8 10 10 10 10 10 10 12 14 16 18 20 22 30 30 30 30 30
    assert (report.overall.time_to_contact.median_hours, report.overall.time_to_contact.p90_hours) == (12, 30)


def test_the_share_with_contact_within_the_target(report):
    april = by_label(report)["2025-04"]
    assert (april.contact.within_target, april.contact.after_target) == (5, 5)
    assert april.contact.share_within_target == 0.5
    assert report.overall.contact.share_within_target == pytest.approx(16 / 21)


def test_a_longer_contact_target_counts_more_cases_within_it():
    report = known_report(contact_target=timedelta(hours=36))
    assert report.overall.contact.share_within_target == 1.0


def test_contact_status_is_within_at_exactly_the_target_and_pending_only_while_open_and_early():
    created = at(date(2025, 3, 3))
    day = timedelta(hours=24)
    assert contact_status(CaseFacts("self", created, contacted_at=created + day), day, None) == "within_target"
    assert contact_status(CaseFacts("self", created, contacted_at=created + day + H), day, None) == "after_target"
    waiting = CaseFacts("self", created)
    assert contact_status(waiting, day, created + 2 * H) == "pending"
    assert contact_status(waiting, day, created + 25 * H) == "not_recorded"
    closed = CaseFacts("self", created, closed_at=created + H, outcome="closed_by_coordinator")
    assert contact_status(closed, day, created + 2 * H) == "not_recorded"


def test_a_median_over_fewer_cases_than_the_threshold_is_not_shown():
    assert known_report(suppress_below=11).periods[1].time_to_contact == Timing(None, None)  # April has 10
    assert known_report(suppress_below=10).periods[1].time_to_contact.median_hours == 20  # 10 and 30 hours


# --- acceptance --------------------------------------------------------------------------------


def test_offers_accepted_declined_by_reason_and_expired(report):
    march = by_label(report)["2025-03"].offers
    assert (march.sent, march.accepted, march.declined, march.expired) == (21, 11, 5, 5)
    assert dict(march.declined_by_reason) == {"conflict": 0, "unavailable": 5, "other": 0}
    assert (march.share_accepted, march.share_declined, march.share_expired) == pytest.approx((11 / 21, 5 / 21, 5 / 21))
    overall = report.overall.offers
    assert (overall.sent, overall.accepted, overall.share_accepted) == (31, 21, pytest.approx(21 / 31))


def test_an_offer_handed_off_after_it_was_accepted_counts_as_accepted():
    created = at(date(2025, 3, 3))
    handed = [CaseFacts("self", created, first_offered_at=created, first_accepted_at=created + H, offers=(
        OfferFacts(created, "handed_off", answered_at=created + 9 * H),
        OfferFacts(created + 9 * H, "accepted", answered_at=created + 10 * H))) for _ in range(5)]
    metrics = compute_report(handed, ReportRequest(date(2025, 3, 1), date(2025, 3, 31), suppress_below=5)).overall
    assert (metrics.offers.accepted, metrics.offers.share_accepted) == (10, 1.0)
    assert metrics.time_to_accept.median_hours == 1  # the first acceptance, not the one after the hand-off


def test_the_share_of_clinicians_who_declined_support_is_of_closed_cases(report):
    april = by_label(report)["2025-04"].outcomes
    assert (april.closed, april.still_open, april.share_declined_support) == (5, 5, 1.0)
    assert report.overall.outcomes.share_declined_support == pytest.approx(5 / 16)


# --- engagement and outcome --------------------------------------------------------------------


def test_cases_closed_by_outcome_check_ins_and_the_share_referred_out(report):
    march = by_label(report)["2025-03"]
    assert {k: v for k, v in march.outcomes.by_outcome.items() if v} == {"talked": 6, "referred_out": 5}
    assert march.outcomes.share_referred_out == pytest.approx(5 / 11)
    assert march.check_ins_done == 6
    assert report.overall.outcomes.closed == 16
    assert report.overall.outcomes.share_referred_out == pytest.approx(5 / 16)


# --- supporters --------------------------------------------------------------------------------


def test_supporters_by_availability_and_by_open_cases_leave_out_inactive_ones(report):
    supporters = report.supporters
    assert supporters.total == 16
    assert dict(supporters.by_status) == {"active": 11, "away": 5, "paused": 0}
    assert dict(supporters.by_open_cases) == {"0": 10, "1": 6, "2": 0, "3+": 0}


# --- small cells at the level of the report ----------------------------------------------------


def test_a_division_with_one_referral_in_a_month_cannot_be_seen_or_worked_out():
    #              General Surgery  Transplant  Trauma  unknown | total
    #   March           11              1          0       0    |  12
    #   April            0              0         10       0    |  10
    #   all             11              1         10       0    |  22
    # The lone Transplant referral hides in March and in the total. Its column has no other
    # count to hide (April's is a shown zero), so the total's row and March's row must each hide
    # one more: General Surgery, in both, is the only way round.
    lone = CaseFacts("self", at(date(2025, 3, 20)), division="Transplant")
    report = compute_report(KNOWN + [lone], ReportRequest(date(2025, 3, 1), date(2025, 4, 30), suppress_below=5))
    march, april = (dict(p.referrals.by_division) for p in report.periods)
    overall = dict(report.overall.referrals.by_division)
    hidden = Hidden(5)
    assert march == {"General Surgery": hidden, "Transplant": hidden, "Trauma": 0, "unknown": 0}
    assert overall == {"General Surgery": hidden, "Transplant": hidden, "Trauma": 10, "unknown": 0}
    assert april == {"General Surgery": 0, "Transplant": 0, "Trauma": 10, "unknown": 0}
    assert [p.referrals.total for p in report.periods] == [12, 10]


def test_a_month_with_a_few_referrals_is_hidden_whole_with_one_more_month():
    few = [CaseFacts("lead", at(date(2025, 5, 2)), contacted_at=at(date(2025, 5, 2), 12)) for _ in range(3)]
    report = compute_report(KNOWN + few, ReportRequest(date(2025, 3, 1), date(2025, 5, 31), suppress_below=5))
    march, april, may = report.periods
    assert may.referrals.total == Hidden(5) and april.referrals.total == Hidden(5)  # April (10) < March (11)
    assert all(isinstance(v, Hidden) for v in april.referrals.by_source.values())
    assert april.outcomes.still_open == Hidden(5) and april.contact.pending == Hidden(5)
    assert (march.referrals.total, report.overall.referrals.total) == (11, 24)
    assert may.time_to_contact.median_hours is None


def test_a_share_whose_part_is_hidden_is_not_shown():
    report = known_report(suppress_below=6)  # April's five declined-support cases now hide
    april = by_label(report)["2025-04"].outcomes
    assert april.by_outcome["declined_support"] == Hidden(6)
    assert april.share_declined_support is None


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("change, message", [
    ({"created_at": datetime(2025, 3, 1, 10)}, "timezone-aware"),
    ({"source": "email"}, "source"),
    ({"outcome": "talked"}, "outcome"),
    ({"contacted_at": at(date(2025, 2, 1))}, "before the case was referred"),
    ({"cohort": "staff"}, "cohort"),
    ({"check_ins_done": -1}, "check_ins_done"),
    ({"offers": [OfferFacts(at(date(2025, 3, 1)), "open")]}, "tuple"),
])
def test_facts_that_cannot_be_true_are_refused_with_a_clear_error(change, message):
    fields = {"source": "self", "created_at": at(date(2025, 3, 1))} | change
    with pytest.raises(MetricsError, match=message):
        CaseFacts(**fields)


@pytest.mark.parametrize("offer, message", [
    ({"status": "declined"}, "decline reason"),
    ({"status": "declined", "decline_reason": "busy"}, "decline reason"),
    ({"status": "accepted", "decline_reason": "conflict"}, "decline reason"),
    ({"status": "lost"}, "status"),
    ({"status": "accepted", "answered_at": at(date(2025, 2, 1))}, "before it was sent"),
])
def test_offers_that_cannot_be_true_are_refused(offer, message):
    with pytest.raises(MetricsError, match=message):
        OfferFacts(sent_at=at(date(2025, 3, 1)), **offer)


def test_report_requests_with_bad_settings_are_refused():
    with pytest.raises(MetricsError, match="ends"):
        ReportRequest(date(2025, 3, 2), date(2025, 3, 1))
    with pytest.raises(MetricsError, match="month or quarter"):
        ReportRequest(date(2025, 3, 1), date(2025, 3, 31), by="week")
    with pytest.raises(SuppressionError, match="5 or more"):
        ReportRequest(date(2025, 3, 1), date(2025, 3, 31), suppress_below=4)
    with pytest.raises(MetricsError, match="positive"):
        ReportRequest(date(2025, 3, 1), date(2025, 3, 31), contact_target=timedelta(0))
    with pytest.raises(MetricsError, match="date"):
        ReportRequest(datetime(2025, 3, 1), date(2025, 3, 31))
    assert ReportRequest(date(2025, 3, 1), date(2025, 3, 31), by="quarter").by is Granularity.QUARTER

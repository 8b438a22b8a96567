"""Program metrics: reach, timeliness, acceptance, outcomes and supporters, from plain facts.

Which cases a period counts: every case metric counts the cases *referred* in the period
(their `created_at`, read as a date in the report's time zone) and follows each of them to
the moment the facts were read. A case referred on 30 March and contacted on 2 April counts
towards March's time to contact; its offers count towards March's offers.

The facts carry no Slack ids, names, notes or event types, so they stay true after the
retention purge removes identities from old cases. Every count goes through the small-cell
rule in `suppression` before anyone sees it.

Percentiles (median = 50th, p90 = 90th) use linear interpolation between closest ranks, the
method of NumPy's default and Excel's PERCENTILE.INC: sort the n values, take position
h = (n - 1) * p counted from 0, and interpolate between the values at floor(h) and ceil(h).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.cases.vocabulary import DECLINE_REASONS as DECLINE_REASON_LABELS
from bot.cases.vocabulary import RECORDED_OUTCOMES, OfferStatus, Source
from bot.config import DEFAULT_SUPPRESS_BELOW
from bot.coordination.suppression import (
    TOTAL,
    Grid,
    Shown,
    ShownGrid,
    check_threshold,
    enough_cases,
    protect_grid,
    protect_linked_grids,
)
from bot.roster.availability import SupporterStatus
from bot.roster.roles import Cohort

# The codes the database stores, in the order reports show them.
SOURCES = tuple(str(source) for source in Source)
COHORTS = tuple(str(cohort) for cohort in Cohort)
OUTCOMES = RECORDED_OUTCOMES
OFFER_STATUSES = tuple(str(status) for status in OfferStatus)
DECLINE_REASONS = tuple(DECLINE_REASON_LABELS)
SUPPORTER_STATUSES = tuple(str(status) for status in SupporterStatus)
UNKNOWN = "unknown"
OVERALL = "all"

# How each fact is counted: one table per breakdown, so each rule lives in one place.
OFFER_COLUMN = {  # offer status -> the column it counts in (declined ones count by reason)
    "accepted": "accepted", "handed_off": "accepted",  # a hand-off follows an accepted offer
    "expired": "expired", "withdrawn": "withdrawn", "open": "still_open",
}
OFFER_COLUMNS = ("accepted", *DECLINE_REASONS, "expired", "withdrawn", "still_open")
CONTACT_COLUMNS = ("within_target", "after_target", "not_recorded", "pending")
OFFERED_COLUMNS = ("got_offer", "no_offer")
LOAD_BUCKETS = ("0", "1", "2", "3+")  # open cases per supporter
SHOWN_STATUSES = ("active", "away", "paused")  # inactive supporters are not counted


class MetricsError(ValueError):
    """Facts or a report request that metrics cannot be computed from."""


class Granularity(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


# --- facts ---------------------------------------------------------------------------------

def _require_aware(name: str, when: datetime | None) -> None:
    if when is None:
        return
    if not isinstance(when, datetime) or when.utcoffset() is None:
        raise MetricsError(f"{name} must be a timezone-aware datetime, not {when!r}")


@dataclass(frozen=True)
class OfferFacts:
    """One offer of a case to a supporter, without saying who."""

    sent_at: datetime
    status: str
    decline_reason: str | None = None
    answered_at: datetime | None = None

    def __post_init__(self) -> None:
        _require_aware("sent_at", self.sent_at)
        _require_aware("answered_at", self.answered_at)
        if self.status not in OFFER_STATUSES:
            raise MetricsError(f"unknown offer status {self.status!r}")
        if (self.status == "declined") != (self.decline_reason is not None):
            raise MetricsError("a declined offer has a decline reason, and only a declined one")
        if self.decline_reason is not None and self.decline_reason not in DECLINE_REASONS:
            raise MetricsError(f"unknown decline reason {self.decline_reason!r}")
        if self.answered_at is not None and self.answered_at < self.sent_at:
            raise MetricsError("an offer was answered before it was sent")


@dataclass(frozen=True)
class CaseFacts:
    """One case as the metrics see it: when things happened, and coarse labels. No identities.

    first_accepted_at: when an offer was first accepted. A hand-off clears the case's
        accepted_at and stamps the offer's answered_at with the hand-off time, so the query
        takes it from the first "offer.accepted" audit event.
    contacted_at: when contact was first recorded (after a hand-off, from the audit log too).
    check_ins_done: how many times the supporter pressed "Checked in".
    """

    source: str
    created_at: datetime
    first_offered_at: datetime | None = None
    first_accepted_at: datetime | None = None
    contacted_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str | None = None
    check_ins_done: int = 0
    division: str | None = None
    cohort: str | None = None
    offers: tuple[OfferFacts, ...] = ()

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise MetricsError(f"unknown case source {self.source!r}")
        for name in ("created_at", "first_offered_at", "first_accepted_at", "contacted_at", "closed_at"):
            _require_aware(name, getattr(self, name))
        for name in ("first_offered_at", "first_accepted_at", "contacted_at", "closed_at"):
            when = getattr(self, name)
            if when is not None and when < self.created_at:
                raise MetricsError(f"{name} is before the case was referred")
        if (self.outcome is None) != (self.closed_at is None):
            raise MetricsError("a closed case has an outcome, and only a closed one")
        if self.outcome is not None and self.outcome not in OUTCOMES:
            raise MetricsError(f"unknown outcome {self.outcome!r}")
        if isinstance(self.check_ins_done, bool) or not isinstance(self.check_ins_done, int) or self.check_ins_done < 0:
            raise MetricsError(f"check_ins_done must be a whole number of 0 or more, not {self.check_ins_done!r}")
        if self.cohort is not None and self.cohort not in COHORTS:
            raise MetricsError(f"unknown cohort {self.cohort!r}")
        if self.division is not None and (not self.division.strip() or self.division in (TOTAL, UNKNOWN)):
            raise MetricsError(f"a division needs a name other than {TOTAL!r} or {UNKNOWN!r}")
        if not isinstance(self.offers, tuple) or not all(isinstance(o, OfferFacts) for o in self.offers):
            raise MetricsError("offers must be a tuple of OfferFacts")

    @property
    def got_offer(self) -> bool:
        return self.first_offered_at is not None or bool(self.offers)


@dataclass(frozen=True)
class SupporterFacts:
    """One supporter, without saying who: availability and how many open cases they hold."""

    status: str
    open_cases: int = 0

    def __post_init__(self) -> None:
        if self.status not in SUPPORTER_STATUSES:
            raise MetricsError(f"unknown supporter status {self.status!r}")
        if isinstance(self.open_cases, bool) or not isinstance(self.open_cases, int) or self.open_cases < 0:
            raise MetricsError(f"open_cases must be a whole number of 0 or more, not {self.open_cases!r}")


# --- the request and its periods -----------------------------------------------------------

@dataclass(frozen=True)
class ReportRequest:
    """What to report: both dates included, read in time_zone, by month or quarter.

    as_of: when the facts were read. A case with no contact yet whose contact target has not
        passed by then counts as "pending", not as missing the target. None: all have passed.
    """

    from_date: date
    to_date: date
    by: Granularity | str = Granularity.MONTH
    suppress_below: int = DEFAULT_SUPPRESS_BELOW
    contact_target: timedelta = timedelta(hours=24)
    time_zone: tzinfo = ZoneInfo("UTC")
    as_of: datetime | None = None

    def __post_init__(self) -> None:
        for name in ("from_date", "to_date"):
            value = getattr(self, name)
            if not isinstance(value, date) or isinstance(value, datetime):
                raise MetricsError(f"{name} must be a date, not {value!r}")
        if self.to_date < self.from_date:
            raise MetricsError(f"the report ends ({self.to_date}) before it starts ({self.from_date})")
        try:
            object.__setattr__(self, "by", Granularity(self.by))
        except ValueError:
            raise MetricsError(f"report by month or quarter, not {self.by!r}") from None
        check_threshold(self.suppress_below)
        if not isinstance(self.contact_target, timedelta) or self.contact_target <= timedelta(0):
            raise MetricsError(f"the contact target must be a positive duration, not {self.contact_target!r}")
        if not isinstance(self.time_zone, tzinfo):
            raise MetricsError(f"time_zone must be a time zone, not {self.time_zone!r}")
        _require_aware("as_of", self.as_of)


@dataclass(frozen=True)
class Period:
    label: str  # 2025-03, or 2025-Q1
    first_day: date
    last_day: date


def periods_between(from_date: date, to_date: date, by: Granularity) -> tuple[Period, ...]:
    """The months or quarters that the range touches, the first and last cut to the range."""
    months = 1 if by == Granularity.MONTH else 3
    periods: list[Period] = []
    year, month = from_date.year, (from_date.month - 1) // months * months + 1
    while date(year, month, 1) <= to_date:
        next_year, next_month = (year + 1, 1) if month + months > 12 else (year, month + months)
        start, end = date(year, month, 1), date(next_year, next_month, 1) - timedelta(days=1)
        label = f"{year}-{month:02d}" if months == 1 else f"{year}-Q{(month - 1) // 3 + 1}"
        periods.append(Period(label, max(start, from_date), min(end, to_date)))
        year, month = next_year, next_month
    return tuple(periods)


# --- results -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Timing:
    """Hours from referral; None when fewer than suppress_below cases got that far."""

    median_hours: float | None
    p90_hours: float | None


@dataclass(frozen=True)
class ReferralMetrics:
    total: Shown
    by_source: Mapping[str, Shown]
    by_cohort: Mapping[str, Shown]
    by_division: Mapping[str, Shown]
    got_offer: Shown
    no_offer: Shown
    share_offered: float | None


@dataclass(frozen=True)
class OfferMetrics:
    """Offers made for the period's cases. Shares are of offers sent."""

    sent: Shown
    accepted: Shown
    declined: Shown
    expired: Shown
    withdrawn: Shown
    still_open: Shown
    declined_by_reason: Mapping[str, Shown]
    share_accepted: float | None
    share_declined: float | None
    share_expired: float | None


@dataclass(frozen=True)
class ContactMetrics:
    """Recorded contact against the target, for every referral of the period.

    The share is of all the period's referrals. Cases still pending (no contact yet, target
    not passed when the facts were read) are not within target yet, so a period that ended
    less than a target ago reads a little low; `pending` says by how many cases at most.
    (A share of judged cases only would need `pending`, which is nearly always a small count,
    and would therefore nearly always be hidden.)
    """

    within_target: Shown
    after_target: Shown
    not_recorded: Shown
    pending: Shown
    share_within_target: float | None


@dataclass(frozen=True)
class OutcomeMetrics:
    """How the period's cases closed. Shares are of closed cases."""

    closed: Shown
    still_open: Shown
    by_outcome: Mapping[str, Shown]
    share_declined_support: float | None
    share_referred_out: float | None


@dataclass(frozen=True)
class PeriodMetrics:
    period: Period
    referrals: ReferralMetrics
    offers: OfferMetrics
    time_to_accept: Timing
    time_to_contact: Timing
    contact: ContactMetrics
    outcomes: OutcomeMetrics
    check_ins_done: Shown


@dataclass(frozen=True)
class SupporterMetrics:
    """Supporters now (inactive ones left out): by availability, and by open cases held."""

    total: Shown
    by_status: Mapping[str, Shown]
    by_open_cases: Mapping[str, Shown]


@dataclass(frozen=True)
class ProgramReport:
    request: ReportRequest
    periods: tuple[PeriodMetrics, ...]
    overall: PeriodMetrics
    supporters: SupporterMetrics | None = None


# --- the computation -----------------------------------------------------------------------

def percentile(values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks (NumPy's default, Excel's PERCENTILE.INC)."""
    if not values or not 0 <= fraction <= 1:
        raise MetricsError("a percentile needs values and a fraction between 0 and 1")
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    lower, upper = math.floor(position), math.ceil(position)
    return ordered[lower] + (position - lower) * (ordered[upper] - ordered[lower])


def timing(hours: Sequence[float], suppress_below: int) -> Timing:
    """Median and 90th percentile, or nothing when too few cases would stand behind them."""
    if not enough_cases(len(hours), suppress_below):
        return Timing(None, None)
    return Timing(percentile(hours, 0.5), percentile(hours, 0.9))


def _hours(later: datetime, earlier: datetime) -> float:
    return (later - earlier) / timedelta(hours=1)


def contact_status(case: CaseFacts, target: timedelta, as_of: datetime | None) -> str:
    """within_target / after_target (contact recorded), pending (target not passed yet, case
    open), or not_recorded (the target passed, or the case closed, without recorded contact)."""
    if case.contacted_at is not None:
        return "within_target" if case.contacted_at - case.created_at <= target else "after_target"
    if as_of is not None and case.closed_at is None and case.created_at + target > as_of:
        return "pending"
    return "not_recorded"


def offer_column(offer: OfferFacts) -> str:
    return offer.decline_reason if offer.status == "declined" else OFFER_COLUMN[offer.status]


def load_bucket(open_cases: int) -> str:
    return LOAD_BUCKETS[min(open_cases, len(LOAD_BUCKETS) - 1)]


def compute_report(
    cases: Iterable[CaseFacts], request: ReportRequest, supporters: Iterable[SupporterFacts] | None = None
) -> ProgramReport:
    """Every metric for each period and for the whole range, small cells suppressed."""
    if not isinstance(request, ReportRequest):
        raise MetricsError("compute_report needs a ReportRequest")
    periods = periods_between(request.from_date, request.to_date, request.by)
    rows = tuple(period.label for period in periods)
    cases_in: dict[str, list[CaseFacts]] = {row: [] for row in rows}
    for case in cases:
        if not isinstance(case, CaseFacts):
            raise MetricsError(f"expected CaseFacts, got {type(case).__name__}")
        day = case.created_at.astimezone(request.time_zone).date()
        for period in periods:
            if period.first_day <= day <= period.last_day:
                cases_in[period.label].append(case)
                break
    everyone = [case for row in rows for case in cases_in[row]]
    divisions = (*sorted({case.division for case in everyone if case.division}), UNKNOWN)

    def per_case(columns: tuple[str, ...], column_of, groups=None) -> Grid:
        counts = Counter((row, column_of(case)) for row in rows for case in cases_in[row])
        return Grid(rows, columns, dict(counts), groups or {})

    n = request.suppress_below
    linked = [
        per_case(SOURCES, lambda case: case.source),
        per_case((*COHORTS, UNKNOWN), lambda case: case.cohort or UNKNOWN),
        per_case(OFFERED_COLUMNS, lambda case: "got_offer" if case.got_offer else "no_offer"),
        per_case(CONTACT_COLUMNS, lambda case: contact_status(case, request.contact_target, request.as_of)),
        per_case((*OUTCOMES, "still_open"), lambda case: case.outcome or "still_open", {"closed": OUTCOMES}),
    ]
    if len(divisions) > 1:  # with no division known, the one column would just repeat the totals
        linked.append(per_case(divisions, lambda case: case.division or UNKNOWN))
    source, cohort, offered, contact, outcome, *division = protect_linked_grids(linked, n)
    offer_counts = Counter((row, offer_column(offer)) for row in rows for case in cases_in[row] for offer in case.offers)
    offers = protect_grid(Grid(rows, OFFER_COLUMNS, dict(offer_counts), {"declined": DECLINE_REASONS}), n)
    check_ins = protect_grid(
        Grid(rows, ("done",), {(row, "done"): sum(case.check_ins_done for case in cases_in[row]) for row in rows}), n
    )
    grids = _Grids(source, cohort, division[0] if division else None, offered, contact, outcome, offers,
                   check_ins, divisions)

    overall_period = Period(OVERALL, request.from_date, request.to_date)
    return ProgramReport(
        request=request,
        periods=tuple(grids.metrics(period, period.label, cases_in[period.label], n) for period in periods),
        overall=grids.metrics(overall_period, TOTAL, everyone, n),
        supporters=None if supporters is None else supporter_metrics(supporters, n),
    )


@dataclass(frozen=True)
class _Grids:
    source: ShownGrid
    cohort: ShownGrid
    division: ShownGrid | None  # None when no case has a known division
    offered: ShownGrid
    contact: ShownGrid
    outcome: ShownGrid
    offers: ShownGrid
    check_ins: ShownGrid
    divisions: tuple[str, ...]

    def metrics(self, period: Period, row: str, cases: Sequence[CaseFacts], n: int) -> PeriodMetrics:
        """One row of every table (TOTAL: the whole range) as the metrics of a period."""
        def column_values(grid: ShownGrid, columns: Iterable[str]) -> dict[str, Shown]:
            return {column: grid[row, column] for column in columns}

        offers, contact, outcome = self.offers, self.contact, self.outcome
        return PeriodMetrics(
            period=period,
            referrals=ReferralMetrics(
                total=self.source[row, TOTAL],
                by_source=column_values(self.source, SOURCES),
                by_cohort=column_values(self.cohort, (*COHORTS, UNKNOWN)),
                by_division=(column_values(self.division, self.divisions) if self.division
                             else {UNKNOWN: self.source[row, TOTAL]}),
                got_offer=self.offered[row, "got_offer"],
                no_offer=self.offered[row, "no_offer"],
                share_offered=self.offered.share((row, "got_offer"), (row, TOTAL)),
            ),
            offers=OfferMetrics(
                sent=offers[row, TOTAL],
                accepted=offers[row, "accepted"],
                declined=offers[row, "declined"],
                expired=offers[row, "expired"],
                withdrawn=offers[row, "withdrawn"],
                still_open=offers[row, "still_open"],
                declined_by_reason=column_values(offers, DECLINE_REASONS),
                share_accepted=offers.share((row, "accepted"), (row, TOTAL)),
                share_declined=offers.share((row, "declined"), (row, TOTAL)),
                share_expired=offers.share((row, "expired"), (row, TOTAL)),
            ),
            time_to_accept=timing(
                [_hours(case.first_accepted_at, case.created_at) for case in cases if case.first_accepted_at], n
            ),
            time_to_contact=timing(
                [_hours(case.contacted_at, case.created_at) for case in cases if case.contacted_at], n
            ),
            contact=ContactMetrics(
                **column_values(contact, CONTACT_COLUMNS),
                share_within_target=contact.share((row, "within_target"), (row, TOTAL)),
            ),
            outcomes=OutcomeMetrics(
                closed=outcome[row, "closed"],
                still_open=outcome[row, "still_open"],
                by_outcome=column_values(outcome, OUTCOMES),
                share_declined_support=outcome.share((row, "declined_support"), (row, "closed")),
                share_referred_out=outcome.share((row, "referred_out"), (row, "closed")),
            ),
            check_ins_done=self.check_ins[row, "done"],
        )


def supporter_metrics(supporters: Iterable[SupporterFacts], suppress_below: int) -> SupporterMetrics:
    """Counts of supporters by availability and by open cases held; never who."""
    counts: Counter[tuple[str, str]] = Counter()
    for supporter in supporters:
        if not isinstance(supporter, SupporterFacts):
            raise MetricsError(f"expected SupporterFacts, got {type(supporter).__name__}")
        if supporter.status in SHOWN_STATUSES:
            counts[supporter.status, load_bucket(supporter.open_cases)] += 1
    grid = protect_grid(Grid(SHOWN_STATUSES, LOAD_BUCKETS, dict(counts), publish_inner=False), suppress_below)
    return SupporterMetrics(
        total=grid[TOTAL, TOTAL],
        by_status={status: grid[status, TOTAL] for status in SHOWN_STATUSES},
        by_open_cases={bucket: grid[TOTAL, bucket] for bucket in LOAD_BUCKETS},
    )

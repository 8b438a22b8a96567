"""The program report as JSON (a stable contract for dashboards), CSV and a terminal table.

All three are drawn from one dictionary, `report_dict`, so they always say the same thing.
A hidden count is the string "<N" (N = suppress_below) everywhere, never a number; a share
or a time that cannot be shown is null (JSON), empty (CSV) or "-" (table).

JSON shape (version 1; keys are only ever added):

    {"schema": "peer-support-report/1", "from", "to", "by", "time_zone", "as_of",
     "suppress_below", "contact_target_hours",
     ...the metrics for the whole range (below)...,
     "supporters": {"total", "by_status": {"active", "away", "paused"},
                    "by_open_cases": {"0", "1", "2", "3+"}} or null,
     "periods": [{"period": "2025-03", "from", "to", ...the metrics for the period...}]}

    metrics: "referrals": {"total", "by_source": {"self", "lead", "system"}, "by_cohort",
                           "by_division", "got_offer", "no_offer", "share_offered"},
             "offers": {"sent", "accepted", "declined", "expired", "withdrawn", "still_open",
                        "declined_by_reason": {"conflict", "unavailable", "other"},
                        "shares": {"accepted", "declined", "expired"}},
             "time_to_accept" and "time_to_contact": {"median_hours", "p90_hours"},
             "contact_within_target": share 0..1 or null,
             "contact": {"within_target", "after_target", "not_recorded", "pending"},
             "closed_by_outcome": {"talked", "checked_in", "declined_support", "not_reached",
                                   "referred_out", "handed_off", "closed_by_coordinator"},
             "outcomes": {"closed", "still_open", "share_declined_support", "share_referred_out"},
             "check_ins": {"done"}
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from bot.coordination.metrics import OVERALL, PeriodMetrics, ProgramReport, SupporterMetrics, Timing
from bot.coordination.suppression import Hidden

SCHEMA = "peer-support-report/1"
HOURS_DECIMALS = 1
SHARE_DECIMALS = 3
TABLE_COLUMNS_PER_BLOCK = 6

# What each metric is called in the terminal table. Division names are shown as they are.
LABELS = {
    "referrals.total": "Referrals",
    "referrals.by_source.self": "  self-referred",
    "referrals.by_source.lead": "  referred by a lead",
    "referrals.by_source.system": "  from the hospital system",
    "referrals.by_cohort.faculty": "  faculty",
    "referrals.by_cohort.trainee": "  trainees",
    "referrals.by_cohort.unknown": "  cohort not known",
    "referrals.by_division.unknown": "  division not known",
    "referrals.got_offer": "Referrals that got an offer",
    "referrals.no_offer": "Referrals with no offer",
    "referrals.share_offered": "  share that got an offer",
    "offers.sent": "Offers sent",
    "offers.accepted": "  accepted",
    "offers.declined": "  declined",
    "offers.expired": "  expired (no answer)",
    "offers.withdrawn": "  withdrawn",
    "offers.still_open": "  still waiting",
    "offers.declined_by_reason.conflict": "  declined: conflict",
    "offers.declined_by_reason.unavailable": "  declined: not available",
    "offers.declined_by_reason.other": "  declined: other reason",
    "offers.shares.accepted": "  share accepted",
    "offers.shares.declined": "  share declined",
    "offers.shares.expired": "  share expired",
    "time_to_accept.median_hours": "Hours to an accepted offer, median",
    "time_to_accept.p90_hours": "  90th percentile",
    "time_to_contact.median_hours": "Hours to contact, median",
    "time_to_contact.p90_hours": "  90th percentile",
    "contact_within_target": "Contacted within target (share)",
    "contact.within_target": "  cases within target",
    "contact.after_target": "  cases after target",
    "contact.not_recorded": "  no contact recorded",
    "contact.pending": "  too early to tell",
    "closed_by_outcome.talked": "Closed: talked",
    "closed_by_outcome.checked_in": "Closed: after check-ins",
    "closed_by_outcome.declined_support": "Closed: declined support",
    "closed_by_outcome.not_reached": "Closed: could not reach",
    "closed_by_outcome.referred_out": "Closed: referred to outside help",
    "closed_by_outcome.handed_off": "Closed: handed off",
    "closed_by_outcome.closed_by_coordinator": "Closed by a coordinator",
    "outcomes.closed": "Cases closed",
    "outcomes.still_open": "Cases still open",
    "outcomes.share_declined_support": "  share who declined support",
    "outcomes.share_referred_out": "  share referred to outside help",
    "check_ins.done": "Check-ins done",
    "supporters.total": "Supporters",
    "supporters.by_status.active": "  available",
    "supporters.by_status.away": "  away",
    "supporters.by_status.paused": "  paused",
    "supporters.by_open_cases.0": "  holding no open case",
    "supporters.by_open_cases.1": "  holding 1 open case",
    "supporters.by_open_cases.2": "  holding 2 open cases",
    "supporters.by_open_cases.3+": "  holding 3 or more",
}


def _count(value: int | Hidden) -> int | str:
    return str(value) if isinstance(value, Hidden) else value


def _counts(values: Mapping[str, int | Hidden]) -> dict[str, int | str]:
    return {key: _count(value) for key, value in values.items()}


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, SHARE_DECIMALS)


def _timing(value: Timing) -> dict[str, float | None]:
    def hours(h: float | None) -> float | None:
        return None if h is None else round(h, HOURS_DECIMALS)
    return {"median_hours": hours(value.median_hours), "p90_hours": hours(value.p90_hours)}


def metrics_dict(metrics: PeriodMetrics) -> dict[str, Any]:
    """One period's metrics (or the whole range's) in the JSON contract's shape."""
    referrals, offers, contact, outcomes = metrics.referrals, metrics.offers, metrics.contact, metrics.outcomes
    return {
        "referrals": {
            "total": _count(referrals.total),
            "by_source": _counts(referrals.by_source),
            "by_cohort": _counts(referrals.by_cohort),
            "by_division": _counts(referrals.by_division),
            "got_offer": _count(referrals.got_offer),
            "no_offer": _count(referrals.no_offer),
            "share_offered": _share(referrals.share_offered),
        },
        "offers": {
            "sent": _count(offers.sent),
            "accepted": _count(offers.accepted),
            "declined": _count(offers.declined),
            "expired": _count(offers.expired),
            "withdrawn": _count(offers.withdrawn),
            "still_open": _count(offers.still_open),
            "declined_by_reason": _counts(offers.declined_by_reason),
            "shares": {
                "accepted": _share(offers.share_accepted),
                "declined": _share(offers.share_declined),
                "expired": _share(offers.share_expired),
            },
        },
        "time_to_accept": _timing(metrics.time_to_accept),
        "time_to_contact": _timing(metrics.time_to_contact),
        "contact_within_target": _share(contact.share_within_target),
        "contact": {
            "within_target": _count(contact.within_target),
            "after_target": _count(contact.after_target),
            "not_recorded": _count(contact.not_recorded),
            "pending": _count(contact.pending),
        },
        "closed_by_outcome": _counts(outcomes.by_outcome),
        "outcomes": {
            "closed": _count(outcomes.closed),
            "still_open": _count(outcomes.still_open),
            "share_declined_support": _share(outcomes.share_declined_support),
            "share_referred_out": _share(outcomes.share_referred_out),
        },
        "check_ins": {"done": _count(metrics.check_ins_done)},
    }


def supporters_dict(supporters: SupporterMetrics) -> dict[str, Any]:
    return {
        "total": _count(supporters.total),
        "by_status": _counts(supporters.by_status),
        "by_open_cases": _counts(supporters.by_open_cases),
    }


def _when(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def report_dict(report: ProgramReport) -> dict[str, Any]:
    """The whole report: settings, the whole range's metrics, supporters, then each period."""
    request = report.request
    return {
        "schema": SCHEMA,
        "from": request.from_date.isoformat(),
        "to": request.to_date.isoformat(),
        "by": str(request.by),
        "time_zone": getattr(request.time_zone, "key", str(request.time_zone)),
        "as_of": _when(request.as_of),
        "suppress_below": request.suppress_below,
        "contact_target_hours": request.contact_target.total_seconds() / 3600,
        **metrics_dict(report.overall),
        "supporters": None if report.supporters is None else supporters_dict(report.supporters),
        "periods": [
            {
                "period": metrics.period.label,
                "from": metrics.period.first_day.isoformat(),
                "to": metrics.period.last_day.isoformat(),
                **metrics_dict(metrics),
            }
            for metrics in report.periods
        ],
    }


def render_json(report: ProgramReport) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"


def flatten(values: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """("referrals.by_source.self", 12), ... in the order of the JSON."""
    for key, value in values.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            yield from flatten(value, f"{name}.")
        else:
            yield name, value


def render_csv(report: ProgramReport) -> str:
    """One row per metric and period: period, from, to, metric, value (empty when not shown)."""
    data = report_dict(report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period", "from", "to", "metric", "value"])
    whole = (OVERALL, data["from"], data["to"])
    for setting in ("suppress_below", "contact_target_hours"):
        writer.writerow([*whole, setting, data[setting]])
    blocks = [(whole, metrics_dict(report.overall))]
    if report.supporters is not None:
        blocks.append((whole, {"supporters": supporters_dict(report.supporters)}))
    blocks += [((p.period.label, p.period.first_day.isoformat(), p.period.last_day.isoformat()), metrics_dict(p))
               for p in report.periods]
    for period, values in blocks:
        for metric, value in flatten(values):
            writer.writerow([*period, metric, "" if value is None else value])
    return out.getvalue()


def _cell(metric: str, value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    if metric.endswith("_hours"):
        return f"{value:.1f}"
    if "share" in metric or metric == "contact_within_target":
        return f"{value:.0%}"
    return str(value)


def _label(metric: str) -> str:
    return LABELS.get(metric, "  " + metric.rsplit(".", 1)[-1])


def render_table(report: ProgramReport) -> str:
    """Fixed-width text for a terminal: metrics down, periods across (in blocks), then supporters."""
    data = report_dict(report)
    request = report.request
    lines = [
        f"Peer support program, {data['from']} to {data['to']} (by {data['by']}, {data['time_zone']})",
        f'Counts from 1 to {request.suppress_below - 1} show as "<{request.suppress_below}", and so do a few'
        " others, so that none can be worked out. A dash: too few cases to show.",
        "",
    ]
    columns = [(p.period.label, dict(flatten(metrics_dict(p)))) for p in report.periods]
    columns.append(("All", dict(flatten(metrics_dict(report.overall)))))
    metrics = list(columns[-1][1])
    width = max(len(_label(metric)) for metric in [*metrics, *LABELS])
    for start in range(0, len(columns), TABLE_COLUMNS_PER_BLOCK):
        block = columns[start:start + TABLE_COLUMNS_PER_BLOCK]
        cells = {name: [_cell(m, values.get(m)) for m in metrics] for name, values in block}
        sizes = {name: max(len(name), *(len(c) for c in cells[name])) for name, _ in block}
        lines.append(" " * width + "".join(f"  {name:>{sizes[name]}}" for name, _ in block))
        for index, metric in enumerate(metrics):
            lines.append(f"{_label(metric):<{width}}" + "".join(
                f"  {cells[name][index]:>{sizes[name]}}" for name, _ in block))
        lines.append("")
    if report.supporters is not None:
        when = f" on {request.as_of:%Y-%m-%d %H:%M %Z}" if request.as_of else ""
        lines.append(f"Supporters now{when}")
        for metric, value in flatten({"supporters": supporters_dict(report.supporters)}):
            lines.append(f"{_label(metric):<{width}}  {_cell(metric, value):>5}")
        lines.append("")
    return "\n".join(lines)

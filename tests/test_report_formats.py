"""The report as JSON (the dashboards' contract), CSV and a terminal table, from the demo data."""
from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, timezone

import pytest

from bot.coordination.metrics import CaseFacts, ReportRequest, compute_report
from bot.coordination.report_formats import flatten, render_csv, render_json, render_table, report_dict
from data.demo_cases import demo_cases, demo_request, demo_supporters
from reader_attacks import equations, worked_out_by_algebra, worked_out_by_bounds

SETTINGS = {"suppress_below", "contact_target_hours"}
ABOUT = {"schema", "from", "to", "by", "time_zone", "as_of", "period", "periods"}  # what the report is of


@pytest.fixture(scope="module")
def monthly():
    return compute_report(demo_cases(), demo_request(), demo_supporters())


@pytest.fixture(scope="module")
def quarterly():
    return compute_report(demo_cases(), demo_request(by="quarter"), demo_supporters())


def is_count(metric: str) -> bool:
    return not (metric in SETTINGS or "share" in metric or metric.endswith("_hours")
                or metric == "contact_within_target")


# --- JSON --------------------------------------------------------------------------------------


def test_json_carries_the_contract_keys_for_the_range_and_each_period(monthly):
    data = json.loads(render_json(monthly))
    assert data["suppress_below"] == 11 and data["schema"] == "peer-support-report/1"
    assert (data["from"], data["to"], data["by"]) == ("2024-01-01", "2025-06-30", "month")
    for block in [data, *data["periods"]]:
        assert set(block["referrals"]["by_source"]) == {"self", "lead", "system"}
        assert "total" in block["referrals"]
        assert {"accepted", "declined", "expired"} <= set(block["offers"])
        assert set(block["offers"]["declined_by_reason"]) == {"conflict", "unavailable", "other"}
        for timing in ("time_to_accept", "time_to_contact"):
            assert set(block[timing]) == {"median_hours", "p90_hours"}
        share = block["contact_within_target"]
        assert share is None or 0 <= share <= 1
        assert "talked" in block["closed_by_outcome"]
    assert [p["period"] for p in data["periods"]][:2] == ["2024-01", "2024-02"]
    assert len(data["periods"]) == 18
    assert data["referrals"]["total"] == 475  # every referral of the demo falls in its range


def test_json_shows_a_hidden_count_as_the_string_and_never_as_a_number(monthly):
    data = report_dict(monthly)
    seen_hidden = 0
    for block in [data, *data["periods"]]:
        for metric, value in flatten({k: v for k, v in block.items() if k not in ABOUT}):
            if isinstance(value, str) and is_count(metric):
                assert value == "<11", metric
                seen_hidden += 1
            elif isinstance(value, int) and is_count(metric):
                assert value == 0 or value >= 11, (metric, value)
    assert seen_hidden > 100


def test_json_gives_null_for_times_and_shares_over_too_few_cases():
    few = [CaseFacts("self", datetime(2025, 3, 3, 9, tzinfo=timezone.utc)) for _ in range(4)]
    data = report_dict(compute_report(few, ReportRequest(date(2025, 3, 1), date(2025, 3, 31))))
    assert data["time_to_accept"] == {"median_hours": None, "p90_hours": None}
    assert data["time_to_contact"] == {"median_hours": None, "p90_hours": None}
    assert data["contact_within_target"] is None
    assert data["referrals"]["total"] == "<11"
    assert data["supporters"] is None


def test_json_rounds_hours_to_a_tenth_and_shares_to_a_thousandth(monthly):
    data = report_dict(monthly)
    assert data["time_to_contact"]["median_hours"] == round(monthly.overall.time_to_contact.median_hours, 1)
    assert data["offers"]["shares"]["accepted"] == round(monthly.overall.offers.share_accepted, 3)


def test_the_demo_json_read_as_a_whole_gives_away_no_hidden_count(monthly, quarterly):
    for report in (monthly, quarterly):
        published, sums = reader_view(report_dict(report))
        hidden = {key for key, value in published.items() if value is None}
        assert hidden  # the demo has small cells to hide
        found = equations(sums, published)
        assert worked_out_by_algebra(found) & hidden == set()
        assert worked_out_by_bounds(found, {key: 1 for key in hidden}) == set()


def reader_view(data):
    """Every published count keyed (period, metric), and every sum a reader can write down."""
    blocks = {"all": data} | {p["period"]: p for p in data["periods"]}
    published = {}
    for label, block in blocks.items():
        for metric, value in flatten({k: v for k, v in block.items() if k not in ABOUT and k != "supporters"}):
            if is_count(metric):
                published[label, metric] = None if isinstance(value, str) else value

    def names(prefix):
        return [metric for (label, metric) in published if label == "all" and metric.startswith(prefix + ".")]

    per_period = [
        ("referrals.total", names("referrals.by_source")),
        ("referrals.total", names("referrals.by_cohort")),
        ("referrals.total", names("referrals.by_division")),
        ("referrals.total", ["referrals.got_offer", "referrals.no_offer"]),
        ("referrals.total", names("contact")),
        ("referrals.total", ["outcomes.closed", "outcomes.still_open"]),
        ("outcomes.closed", names("closed_by_outcome")),
        ("offers.sent", ["offers.accepted", "offers.declined", "offers.expired", "offers.withdrawn",
                         "offers.still_open"]),
        ("offers.declined", names("offers.declined_by_reason")),
    ]
    sums = [((label, total), [(label, part) for part in parts]) for label in blocks for total, parts in per_period]
    periods = [label for label in blocks if label != "all"]
    sums += [(("all", metric), [(label, metric) for label in periods])
             for (label, metric) in published if label == "all"]
    supporters = data["supporters"]
    for part in ("by_status", "by_open_cases"):
        published |= {("now", f"{part}.{k}"): None if isinstance(v, str) else v for k, v in supporters[part].items()}
        sums.append((("now", "total"), [("now", f"{part}.{k}") for k in supporters[part]]))
    published["now", "total"] = supporters["total"]
    return published, sums


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_has_one_row_per_metric_and_period(quarterly):
    rows = list(csv.DictReader(io.StringIO(render_csv(quarterly))))
    assert list(rows[0]) == ["period", "from", "to", "metric", "value"]
    overall = {row["metric"] for row in rows if row["period"] == "all"}
    for period in ("2024-Q1", "2025-Q2"):
        metrics = [row["metric"] for row in rows if row["period"] == period]
        assert len(metrics) == len(set(metrics))
        assert set(metrics) == {m for m in overall if not m.startswith("supporters.") and m not in SETTINGS}
    first = next(row for row in rows if row["period"] == "2024-Q1")
    assert (first["from"], first["to"]) == ("2024-01-01", "2024-03-31")


def test_csv_writes_hidden_counts_as_the_string_and_missing_values_as_empty(quarterly):
    rows = {(row["period"], row["metric"]): row["value"] for row in csv.DictReader(io.StringIO(render_csv(quarterly)))}
    assert rows["2024-Q1", "referrals.total"] == "53"
    assert rows["2024-Q1", "referrals.by_source.system"] == "0"
    assert rows["all", "offers.withdrawn"] == "<11"
    assert rows["2024-Q1", "referrals.share_offered"] == ""  # its part is hidden
    assert rows["all", "supporters.by_status.active"] == "27"
    assert rows["all", "suppress_below"] == "11"


# --- table -------------------------------------------------------------------------------------


def test_the_table_lines_up_in_fixed_width_blocks_of_periods(monthly):
    text = render_table(monthly)
    blocks = [block.splitlines() for block in text.split("\n\n")[1:] if block.strip()]
    period_blocks = [lines for lines in blocks if not lines[0].startswith("Supporters")]
    assert len(period_blocks) == 4  # 18 months and "All", six to a block
    for lines in period_blocks:
        assert len({len(line) for line in lines}) == 1
    header = period_blocks[-1][0].split()
    assert header == ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "All"][-len(header):]


def test_the_table_reads_in_plain_words_with_hidden_and_missing_values_marked(monthly):
    text = render_table(monthly)
    assert text.startswith("Peer support program, 2024-01-01 to 2025-06-30 (by month, UTC)")
    assert '"<11"' in text.splitlines()[1]
    referrals = next(line for line in text.splitlines() if line.startswith("Referrals "))
    assert referrals.split()[1:4] == ["15", "20", "18"]
    share = next(line for line in text.splitlines() if line.strip().startswith("share that got an offer"))
    assert "-" in share.split() and "100%" in share.split()
    assert "Supporters now on 2025-07-01 09:00 UTC" in text

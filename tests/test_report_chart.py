"""The report chart: a real PNG, and nothing drawn that the JSON hides."""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import matplotlib.image
import pytest
from matplotlib.patches import Rectangle

from bot.coordination.metrics import CaseFacts, ReportRequest, compute_report
from bot.coordination.report_chart import build_figure, chart_png, referral_bars, write_chart
from bot.coordination.suppression import Hidden
from data.demo_cases import demo_cases, demo_request

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def referred(day: int, month: int, source: str, contact_hours: float | None = None) -> CaseFacts:
    created = datetime(2025, month, day, 9, tzinfo=timezone.utc)
    contacted = created + timedelta(hours=contact_hours) if contact_hours is not None else None
    return CaseFacts(source, created, contacted_at=contacted)


@pytest.fixture(scope="module")
def small_report():
    """March: 30 self, 4 lead, 7 system (lead and system hide; together 11). April: 3 self, hidden whole,
    and May (20 self, 12 lead; 32 is cheaper than March's 41) with it. Contact after 5 hours in March only."""
    march = ([referred(1 + i % 28, 3, "self", 5) for i in range(30)] + [referred(2, 3, "lead", 5)] * 4
             + [referred(3, 3, "system", 5)] * 7)
    april = [referred(4, 4, "self")] * 3
    may = [referred(5, 5, "self")] * 20 + [referred(6, 5, "lead")] * 12
    request = ReportRequest(date(2025, 3, 1), date(2025, 5, 31))
    return compute_report(march + april + may, request)


def test_the_chart_is_a_png_that_matplotlib_reads_back(tmp_path):
    report = compute_report(demo_cases(), demo_request())
    path = write_chart(report, tmp_path / "report.png")
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    image = matplotlib.image.imread(path)
    assert image.ndim == 3 and image.shape[0] > 400 and image.shape[1] > 800


def test_the_chart_has_two_panels_with_the_contact_target_drawn(small_report):
    figure = build_figure(small_report)
    referrals, contact = figure.axes
    assert referrals.get_ylabel() == "Referrals" and contact.get_title() == "Time to contact"
    target_lines = [line for line in contact.get_lines() if list(line.get_ydata()) == [24, 24]]
    assert len(target_lines) == 1


def test_hidden_counts_are_not_drawn_at_their_value(small_report):
    march, april, may = small_report.periods
    assert march.referrals.by_source["lead"] == Hidden(11) and march.referrals.by_source["system"] == Hidden(11)
    referrals = build_figure(small_report).axes[0]
    bars = [patch for patch in referrals.patches if isinstance(patch, Rectangle) and patch.get_height() > 0]
    heights_at = {x: sorted(p.get_height() for p in bars if round(p.get_x() + p.get_width() / 2) == x)
                  for x in range(3)}
    assert heights_at[0] == [11, 30]  # self 30, and one hatched block for lead and system together
    assert 4 not in heights_at[0] and 7 not in heights_at[0]
    assert april.referrals.total == Hidden(11) and may.referrals.total == Hidden(11)
    assert heights_at[1] == [] and heights_at[2] == []  # hidden totals: no bar at all, not even May's 20


def test_a_hidden_total_is_drawn_as_a_marked_placeholder(small_report):
    bars = referral_bars(small_report)
    assert [bar.total_hidden for bar in bars] == [
        isinstance(p.referrals.total, Hidden) for p in small_report.periods]
    referrals = build_figure(small_report).axes[0]
    marks = [text for text in referrals.texts if text.get_text() == "<11"]
    assert len(marks) == sum(bar.total_hidden for bar in bars) + sum(bool(bar.hidden_block) for bar in bars)


def test_a_median_over_too_few_cases_is_a_gap_with_a_mark(small_report):
    contact = build_figure(small_report).axes[1]
    medians = next(line for line in contact.get_lines() if line.get_marker() == "o").get_ydata()
    assert medians[0] == 5 and math.isnan(medians[1]) and math.isnan(medians[2])
    assert sum(text.get_text() == "<11" for text in contact.texts) == 2


def test_a_report_with_every_count_hidden_still_draws_a_chart_of_marks():
    few = compute_report([referred(1, 3, "self", 2)], ReportRequest(date(2025, 3, 1), date(2025, 3, 31)))
    referrals, contact = build_figure(few).axes
    assert [text.get_text() for text in referrals.texts] == ["<11"]
    assert [text.get_text() for text in contact.texts] == ["<11"]
    assert chart_png(few)[:8] == PNG_SIGNATURE

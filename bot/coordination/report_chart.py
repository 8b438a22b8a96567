"""The report chart: referrals per period by source, and time to contact against the target.

One PNG, two panels, drawn with matplotlib's Agg canvas (no display, no pyplot state). It
shows nothing the JSON hides: a hidden count is never drawn at its value. When a period's
total is shown, the shown sources are stacked and the rest of the bar (the total minus the
shown counts, which the JSON gives too) is one hatched block marked "<N"; it always holds two
or more hidden counts, each at least 1, so it is never the height of any one of them. When a
period's total is hidden, only a "<N" mark stands at its foot. A median over too few cases is
a gap in the line, marked the same way.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.coordination.metrics import SOURCES, ProgramReport
from bot.coordination.suppression import Hidden

SOURCE_NAMES = {"self": "Self-referred", "lead": "Referred by a lead", "system": "Hospital system"}
SOURCE_COLOURS = {"self": "#3b6ea8", "lead": "#e08a3c", "system": "#4f9d69"}
HIDDEN_COLOUR = "#b8b8b8"
HIDDEN_HATCH = "///"
DPI = 120


@dataclass(frozen=True)
class BarStack:
    """What the chart draws for one period's referrals."""

    label: str
    shown: Mapping[str, int]  # source -> count, only those shown
    hidden_block: int | None  # height of the hatched "<N" block; None when nothing is hidden
    total_hidden: bool  # the whole bar is hidden: only a mark is drawn


def referral_bars(report: ProgramReport) -> list[BarStack]:
    """The referral bars, from the published (suppressed) numbers only."""
    bars = []
    for metrics in report.periods:
        referrals = metrics.referrals
        shown = {s: v for s, v in referrals.by_source.items() if not isinstance(v, Hidden)}
        if isinstance(referrals.total, Hidden):
            bars.append(BarStack(metrics.period.label, {}, None, True))
            continue
        rest = referrals.total - sum(shown.values())
        bars.append(BarStack(metrics.period.label, shown, rest if len(shown) < len(SOURCES) else None, False))
    return bars


def contact_medians(report: ProgramReport) -> list[float | None]:
    return [metrics.time_to_contact.median_hours for metrics in report.periods]


def build_figure(report: ProgramReport) -> Figure:
    """The two-panel figure (not yet saved)."""
    request = report.request
    mark = f"<{request.suppress_below}"
    bars = referral_bars(report)
    labels = [bar.label for bar in bars]
    positions = list(range(len(bars)))
    figure = Figure(figsize=(max(8.0, 0.55 * len(bars) + 3), 8.0), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))

    base = [0] * len(bars)
    for source in SOURCES:
        heights = [bar.shown.get(source, 0) for bar in bars]
        top.bar(positions, heights, bottom=base, color=SOURCE_COLOURS[source], label=SOURCE_NAMES[source])
        base = [b + h for b, h in zip(base, heights)]
    hidden = [(x, bar, b) for x, bar, b in zip(positions, bars, base) if bar.hidden_block]
    if hidden:
        top.bar([x for x, _, _ in hidden], [bar.hidden_block for _, bar, _ in hidden],
                bottom=[b for _, _, b in hidden], color="white", edgecolor=HIDDEN_COLOUR,
                hatch=HIDDEN_HATCH, label=f"Hidden (shown as {mark})")
        for x, bar, b in hidden:
            top.text(x, b + bar.hidden_block / 2, mark, ha="center", va="center", fontsize=7)
    for x, bar in zip(positions, bars):
        if bar.total_hidden:
            top.text(x, 0, mark, ha="center", va="bottom", fontsize=8, color="#555555", rotation=90)
    top.set_ylabel("Referrals")
    top.set_title(f"Referrals by source, {request.from_date} to {request.to_date}")
    top.legend(loc="upper left", fontsize=8, frameon=False)

    medians = contact_medians(report)
    bottom.plot(positions, [m if m is not None else float("nan") for m in medians],
                marker="o", color="#333333", label="Median hours from referral to contact")
    target = request.contact_target.total_seconds() / 3600
    bottom.axhline(target, color="#c0392b", linestyle="--", label=f"Target: {target:g} hours")
    for x, median in zip(positions, medians):
        if median is None:
            bottom.text(x, 0, mark, ha="center", va="bottom", fontsize=8, color="#555555", rotation=90)
    bottom.set_ylim(0, max([target, *(m for m in medians if m is not None)]) * 1.2)
    bottom.set_ylabel("Hours")
    bottom.set_title("Time to contact")
    bottom.legend(loc="upper left", fontsize=8, frameon=False)
    bottom.set_xticks(positions, labels, rotation=45 if len(labels) > 6 else 0, ha="right" if len(labels) > 6 else "center")
    figure.supxlabel(
        f'Counts from 1 to {request.suppress_below - 1} show as "{mark}", as do a few others so that none '
        f"can be worked out; medians need {request.suppress_below} cases.", fontsize=8, color="#555555"
    )
    return figure


def chart_png(report: ProgramReport) -> bytes:
    buffer = BytesIO()
    build_figure(report).savefig(buffer, format="png")
    return buffer.getvalue()


def write_chart(report: ProgramReport, path: str | Path) -> Path:
    """Write the chart as a PNG file and return its path."""
    target = Path(path)
    target.write_bytes(chart_png(report))
    return target

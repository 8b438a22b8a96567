"""To a coordinator: the program report, a few lines of counts (small ones hidden, nobody named) as
the message the chart is shared with; its `text` is only a short line, for a lock screen. The
numbers are the report's published ones (bot/coordination/report_formats.py), so the DM can never
show what the JSON hides."""
from __future__ import annotations

from calendar import month_name
from datetime import date

from bot.coordination.metrics import ProgramReport
from bot.coordination.report_formats import metrics_dict, supporters_dict
from bot.slack.blocks import context, section
from bot.slack.messages.common import Attachment, Message


SOURCE_WORDS = {"self": "self-referred", "lead": "from leads", "system": "from the hospital system"}


def _share(value: float | None) -> str:
    return "too few to show" if value is None else f"{value:.0%}"


def _hours(value: float | None) -> str:
    return "too few to show" if value is None else f"{value:.1f} hours"


def _month(first_day: date) -> str:
    return f"{month_name[first_day.month]} {first_day.year}"


def report_message(report: ProgramReport, monthly: bool) -> Message:
    last = report.periods[-1]
    shown = metrics_dict(last)
    request = report.request
    when = _month(last.period.first_day) + ("" if monthly else " so far")
    referrals, offers, timing = shown["referrals"], shown["offers"], shown["time_to_contact"]
    sources = ", ".join(f"{SOURCE_WORDS[source]} {count}" for source, count in referrals["by_source"].items())
    target = request.contact_target.total_seconds() / 3600
    lines = [
        f"• Referrals: {referrals['total']} ({sources}); {_share(referrals['share_offered'])} got an offer",
        f"• Offers: {_share(offers['shares']['accepted'])} accepted, {_share(offers['shares']['declined'])} declined, "
        f"{_share(offers['shares']['expired'])} not answered in time",
        f"• Time to contact: median {_hours(timing['median_hours'])} (target {target:g} hours); "
        f"{_share(shown['contact_within_target'])} within the target",
        f"• Cases closed: {shown['outcomes']['closed']}; {_share(shown['outcomes']['share_referred_out'])} "
        "referred to outside help",
    ]
    if report.supporters is not None:
        status = supporters_dict(report.supporters)["by_status"]
        lines.append(f"• Supporters now: {status['active']} available, {status['away']} away, "
                     f"{status['paused']} paused")
    return Message(
        text=f"Your peer support program report: {when}.",
        blocks=[
            section(f"*Peer support program report: {when}*"),
            section("\n".join(lines)),
            context(f"The chart shows {_month(request.from_date)} to {when}. Counts from 1 to "
                    f"{request.suppress_below - 1} show as \"<{request.suppress_below}\", and nobody is named. "
                    "`peer-support report` gives every metric."),
        ],
        file=Attachment(
            filename=f"peer-support-report-{request.to_date.isoformat()}.png",
            content=chart_png(report),
            title=f"Peer support program, {_month(request.from_date)} to {when}",
            alt_text="Referrals per month by source, and the median time to contact against the target.",
        ),
    )


def chart_png(report: ProgramReport) -> bytes:
    # matplotlib is imported only when a report is drawn: it is slow to load and most processes never do.
    from bot.coordination.report_chart import chart_png as draw

    return draw(report)

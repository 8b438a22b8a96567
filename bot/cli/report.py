"""`peer-support report --from DATE --to DATE [--by month|quarter] [--format table|csv|json]
[--chart FILE.png]`: the program's metrics over a date range (both days included, read in
REPORT_TIME_ZONE), small counts hidden (SUPPRESS_BELOW). Written to standard output; the chart to
FILE.png."""
from __future__ import annotations

import argparse
import re
import sys
from datetime import date

from bot.cli.common import CliError, open_database
from bot.config import Settings

FORMATS = ("table", "csv", "json")
GRANULARITIES = ("month", "quarter")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(flag: str, raw: str | None) -> date:
    if raw is None:
        raise CliError(f"report needs {flag} YYYY-MM-DD (both --from and --to; both days are included)")
    try:
        if not _DATE.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise CliError(f"{flag} {raw!r} is not a date: use YYYY-MM-DD, e.g. 2025-03-31") from None


def _choice(flag: str, raw: str, choices: tuple[str, ...]) -> str:
    if raw not in choices:
        raise CliError(f"{flag} {raw!r} is not one of {', '.join(choices)}")
    return raw


def report(settings: Settings, args: argparse.Namespace) -> int:
    from bot.coordination.report_formats import render_csv, render_json, render_table
    from bot.coordination.reports import build_report, report_request
    from bot.core.clock import SystemClock

    first, last = _date("--from", args.from_date), _date("--to", args.to_date)
    by = _choice("--by", args.by, GRANULARITIES)
    output = _choice("--format", args.format, FORMATS)
    try:
        request = report_request(settings, first, last, by, as_of=SystemClock().now())
    except ValueError as exc:  # the range or a setting the metrics cannot work with
        raise CliError(str(exc)) from None
    db = open_database(settings)
    try:
        result = build_report(db, request)
    finally:
        db.dispose()
    if args.chart:
        from bot.coordination.report_chart import write_chart

        try:
            write_chart(result, args.chart)
        except OSError as exc:
            raise CliError(f"cannot write the chart to {args.chart}: {exc.strerror or exc}") from None
    render = {"table": render_table, "csv": render_csv, "json": render_json}[output]
    sys.stdout.write(render(result))
    return 0


def add_commands(commands) -> None:
    from bot.cli.common import DATABASE_SETTING, epilog

    parser = commands.add_parser(
        "report", help="the program's metrics over a date range (counts only)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=epilog(DATABASE_SETTING + """\
  SUPPRESS_BELOW        counts from 1 to this minus one show as <11 (default 11, never below 5)
  REPORT_TIME_ZONE      the zone months and days are read in, e.g. America/Chicago (default UTC)
  CONTACT_TARGET        the target from referral to recorded contact (default 24h)
""", examples=("peer-support report --from 2025-01-01 --to 2025-03-31",
               "peer-support report --from 2025-01-01 --to 2025-12-31 --by quarter --format csv > report.csv",
               "peer-support report --from 2025-01-01 --to 2025-06-30 --chart report.png")))
    parser.add_argument("--from", dest="from_date", metavar="DATE", help="first day, YYYY-MM-DD")
    parser.add_argument("--to", dest="to_date", metavar="DATE", help="last day, YYYY-MM-DD (included)")
    parser.add_argument("--by", default="month", help="month (default) or quarter")
    parser.add_argument("--format", default="table", help="table (default), csv or json")
    parser.add_argument("--chart", metavar="FILE.png", help="also draw the chart into this PNG file")
    parser.set_defaults(run=report)

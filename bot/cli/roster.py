"""`peer-support roster import FILE.csv`, `peer-support roster export FILE.csv` and `peer-support roster list`."""
from __future__ import annotations

import argparse
import csv
import io
import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bot.cli.common import ENV_HINT, CliError, open_database
from bot.config import Settings

COLUMNS_HELP = """\
columns (a header line first; only slack_id or email is required, the others may be left out):
  slack_id          the person's Slack user id, e.g. U012AB3CD (or leave it empty and give an email)
  email             looked up in Slack (users.lookupByEmail) when slack_id is empty
  name              how the roster and the coordinators' Home show them
  roles             zero or more of supporter, lead, coordinator, separated by ;
  cohort            faculty or trainee (required for supporters)
  division          free text; supporters are never matched within the clinician's division
  max_active_cases  whole number, default 2
  active            yes (default) or no
  trained_on        the day they last completed supporter training, YYYY-MM-DD
  npi               optional, unique: the 10-digit NPI hospital systems name them by in safety events
  employee_id       optional, unique: the employee id the same way (letters, digits and hyphens)

example (save as UTF-8; in Excel: File > Save As > "CSV UTF-8 (Comma delimited)"):
  slack_id,email,name,roles,cohort,division,max_active_cases,active,trained_on,npi,employee_id
  U012COORD,,Casey Coordinator,coordinator,,,0,yes,,,
  ,sam.supporter@hospital.org,Sam Supporter,supporter,faculty,Cardiac Surgery,2,yes,2025-03-01,1234567893,E-1042
"""
SETTINGS_HELP = """\
settings (environment variables, or a .env file in the working directory; see .env.example):
  DATABASE_URL      default sqlite:///peer_support.sqlite3
"""
LOOKUP_SETTINGS_HELP = """\
  SLACK_BOT_TOKEN   needed to look up emails (the app's users:read.email scope)
  SLACK_API_URL     default https://slack.com/api/
"""
PROGRESS_EVERY = 50  # lines of progress when stderr is not a terminal


def _decode_problem(path: str, error: UnicodeDecodeError) -> str:
    return (f"cannot read {path}: it is not UTF-8 text (byte 0x{error.object[error.start]:02x} at position "
            f"{error.start}). Save it as \"CSV UTF-8\": in Excel, File > Save As > \"CSV UTF-8 (Comma "
            "delimited)\"; in Google Sheets or Numbers, export as CSV (always UTF-8).")


def _lookups_needed(text: str) -> int:
    """Rows with an email and no slack_id: each is one users.lookupByEmail."""
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error:
        return 0
    return sum(1 for row in rows if not (row.get("slack_id") or "").strip() and (row.get("email") or "").strip())


def with_progress(resolve: Callable[[str], str | None], total: int, stream=None) -> Callable[[str], str | None]:
    """`resolve`, saying on stderr how many emails it has looked up: a line that updates itself on a
    terminal, else a line every PROGRESS_EVERY look-ups and one at the end. Never the emails."""
    stream = stream or sys.stderr
    tty = stream.isatty()
    state = {"done": 0, "shown": 0.0}

    def show(final: bool = False) -> None:
        text = f"Looking up emails in Slack: {state['done']} of {total}"
        if tty:
            stream.write("\r" + text + ("\n" if final else ""))
        else:
            stream.write(text + "\n")
        stream.flush()

    def resolve_and_count(email: str) -> str | None:
        try:
            return resolve(email)
        finally:
            state["done"] += 1
            now = time.monotonic()
            last = state["done"] == total
            if tty and (last or now - state["shown"] >= 0.1):
                state["shown"] = now
                show(final=last)
            elif not tty and (last or state["done"] % PROGRESS_EVERY == 0):
                show()

    return resolve_and_count


def roster_import(settings: Settings, args: argparse.Namespace) -> int:
    from bot.coordination.digest import ensure_digests
    from bot.core.clock import SystemClock
    from bot.roster.csv_import import RosterImportError, import_roster
    from bot.slack.client import email_resolver

    path = args.file
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CliError(_decode_problem(path, exc)) from None
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    db = open_database(settings)
    # slack_sdk says "Going to retry the same request" at INFO for each retry; a failed look-up is
    # reported below anyway, with what to do about it.
    logging.getLogger("slack_sdk").setLevel(logging.ERROR)
    resolve = email_resolver(settings, ENV_HINT)
    lookups = _lookups_needed(text)
    if lookups:
        resolve = with_progress(resolve, lookups)
    try:
        report = import_roster(db, SystemClock(), text, resolve)
    except RosterImportError as exc:
        print(f"Nothing was imported: {len(exc.errors)} problem(s) in {path}:", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    # Coordinators new to the roster get their daily digest from their next DIGEST_AT on.
    ensure_digests(db, SystemClock(), settings)
    print(f"Roster imported: {report.created} added, {report.updated} updated.")
    return 0


def roster_list(settings: Settings, args: argparse.Namespace) -> int:
    from bot.coordination.roster_view import format_roster_line, list_roster

    entries = list_roster(open_database(settings))
    if not entries:
        print("The roster is empty. Add people with `peer-support roster import FILE.csv`.")
    for entry in entries:
        print(format_roster_line(entry))
    return 0


def roster_export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.roster.csv_export import export_roster

    db = open_database(settings)
    try:
        text = export_roster(db)
    finally:
        db.dispose()
    try:
        Path(args.file).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(f"cannot write {args.file}: {exc.strerror or exc}") from None
    print(f"Roster exported: {text.count(chr(10)) - 1} people in {args.file} (the import's format).")
    return 0


def add_commands(commands) -> None:
    raw = argparse.RawDescriptionHelpFormatter
    roster = commands.add_parser(
        "roster", help="the roster of supporters, leads and coordinators", formatter_class=raw,
        epilog=COLUMNS_HELP + "\nexamples:\n  peer-support roster import roster.csv\n  peer-support roster list\n"
               "  peer-support roster export roster-backup.csv\n")
    roster_commands = roster.add_subparsers(dest="roster_command", required=True)
    imp = roster_commands.add_parser(
        "import", help="add or update people from a CSV file", formatter_class=raw,
        description="Add or update people from a CSV file, keyed by Slack id. All or nothing: any bad row\n"
                    "stops the import, every bad row is named by its line, and nothing changes. People not\n"
                    "in the file are left as they are.",
        epilog=COLUMNS_HELP + "\n" + SETTINGS_HELP + LOOKUP_SETTINGS_HELP
               + "\nexample:\n  peer-support roster import roster.csv\n")
    imp.add_argument("file", metavar="FILE.csv")
    imp.set_defaults(run=roster_import)
    exp = roster_commands.add_parser(
        "export", help="write the roster to a CSV file in the import's format", formatter_class=raw,
        epilog=COLUMNS_HELP + "\n" + SETTINGS_HELP + "\nexample:\n  peer-support roster export roster.csv\n")
    exp.add_argument("file", metavar="FILE.csv")
    exp.set_defaults(run=roster_export)
    roster_commands.add_parser(
        "list", help="print the roster", formatter_class=raw,
        description="One line per person: Slack id, name, roles, cohort, division, capacity and open cases.",
        epilog=SETTINGS_HELP + "\nexample:\n  peer-support roster list\n").set_defaults(run=roster_list)

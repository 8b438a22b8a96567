"""`peer-support roster import FILE.csv`, `peer-support roster export FILE.csv` and `peer-support roster list`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.cli.common import ENV_HINT, CliError, open_database
from bot.config import Settings


def roster_import(settings: Settings, args: argparse.Namespace) -> int:
    from bot.coordination.digest import ensure_digests
    from bot.core.clock import SystemClock
    from bot.roster.csv_import import RosterImportError, import_roster
    from bot.slack.client import email_resolver

    path = args.file
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    db = open_database(settings)
    try:
        report = import_roster(db, SystemClock(), text, email_resolver(settings, ENV_HINT))
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
    roster = commands.add_parser("roster", help="the roster of supporters, leads and coordinators")
    roster_commands = roster.add_subparsers(dest="roster_command", required=True)
    imp = roster_commands.add_parser("import", help="add or update people from a CSV file")
    imp.add_argument("file")
    imp.set_defaults(run=roster_import)
    exp = roster_commands.add_parser("export", help="write the roster to a CSV file in the import's format")
    exp.add_argument("file")
    exp.set_defaults(run=roster_export)
    roster_commands.add_parser("list", help="print the roster").set_defaults(run=roster_list)

"""`peer-support intake import FILE.csv`: safety events from a list (a weekly M&M list, an export),
taken in by the same rules as the intake API (bot/intake/receive.py)."""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from bot.cli.common import EXIT_USAGE, CliError, open_database
from bot.config import Settings

RESULTS = ("created", "attached", "repeat", "unresolved")


def intake_import(settings: Settings, args: argparse.Namespace) -> int:
    """Check the whole file first (every bad line named, nothing changed, exit status 2); then each
    event goes through receive_event, and the summary counts what happened to each participant.
    Running the same file again changes nothing: its participants come back as repeats."""
    from bot.core.clock import SystemClock
    from bot.core.notes import cipher_for
    from bot.core.services import Services
    from bot.intake.csv_events import CsvEventsError, read_events_csv
    from bot.intake.receive import receive_event

    path = args.file
    try:
        content = Path(path).read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None
    clock = SystemClock()
    try:
        events = read_events_csv(content, today=clock.now().date())
    except CsvEventsError as bad:
        print(f"Nothing was imported: {len(bad.errors)} problem(s) in {path}:", file=sys.stderr)
        for error in bad.errors:
            print(f"  {error}", file=sys.stderr)
        return EXIT_USAGE

    db = open_database(settings)
    services = Services(db=db, clock=clock, settings=settings, cipher=cipher_for(settings))
    counts: Counter[str] = Counter()
    unresolved: list[int] = []
    try:
        for event in events:
            answer = receive_event(services, event.body)
            if answer.status not in (202, 422):  # checked above; only a change since could do this
                raise CliError(f"line {event.first_line}: the event was refused ({answer.status}); "
                               f"{counts.total()} participant(s) before it were taken in: run the import again")
            for line, entry in zip(event.lines, answer.json["participants"]):
                counts[entry["result"]] += 1
                if entry["result"] == "unresolved":
                    unresolved.append(line)
    finally:
        db.dispose()
    print(f"Imported {len(events)} event(s) from {path}: " + ", ".join(
        f"{counts[result]} {'repeated' if result == 'repeat' else result}" for result in RESULTS) + ".")
    if unresolved:
        print(f"Not on the roster (lines {', '.join(map(str, unresolved))}): add them to the roster "
              "(email, npi or employee_id) and import the file again.")
    if counts["created"] or counts["attached"]:
        print("The coordinators hear from the bot at its next pass.")
    return 0


def add_commands(commands) -> None:
    intake = commands.add_parser("intake", help="safety events from the hospital's systems")
    intake_commands = intake.add_subparsers(dest="intake_command", required=True)
    imp = intake_commands.add_parser(
        "import", help="take in events from a CSV file, one participant a line (see docs/integration.md)")
    imp.add_argument("file")
    imp.set_defaults(run=intake_import)

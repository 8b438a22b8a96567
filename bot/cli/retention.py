"""`peer-support purge [--dry-run]` and `peer-support audit --case ID | --actor SLACK_ID`."""
from __future__ import annotations

import argparse

from bot.cli.common import CliError, open_database
from bot.config import Settings


def purge(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cases.retention import ensure_purges, purge_case, purges_due
    from bot.core.clock import SystemClock

    db = open_database(settings)
    now = SystemClock().now()
    try:
        ensure_purges(db, settings.retention, now)
        plans = purges_due(db, now)
        if not plans:
            print(f"No case is due for its purge (RETENTION={settings.retention.days}d after closing).")
            return 0
        verb = "would remove" if args.dry_run else "removed"
        for plan in plans:
            if not args.dry_run:
                with db.session() as session:
                    purge_case(session, plan.case_id, now)
            print(f"case {plan.case_id}: closed {plan.closed_at:%Y-%m-%d}, due {plan.due_at:%Y-%m-%d}; {verb} Slack ids "
                  f"from the case ({plan.on_case}), {plan.on_offers} offer(s), {plan.on_referrals} referral(s), "
                  f"{plan.on_nudges} message record(s), {plan.on_audit} audit entr{'y' if plan.on_audit == 1 else 'ies'}")
        if args.dry_run:
            print("Nothing was changed (--dry-run). The bot does these on its own when they come due.")
    finally:
        db.dispose()
    return 0


def audit(settings: Settings, args: argparse.Namespace) -> int:
    from bot.core.audit import entries

    if args.case is None and args.actor is None:
        raise CliError("say whose trail to print: --case ID or --actor SLACK_ID")
    db = open_database(settings)
    try:
        found = entries(db, case_id=args.case, actor=args.actor)
    finally:
        db.dispose()
    if not found:
        print("No audit entries match.")
    for entry in found:
        case = f"case {entry.case_id}" if entry.case_id is not None else "-"
        print(f"{entry.at:%Y-%m-%d %H:%M:%S}Z  {entry.actor}  {entry.action}  {case}")
    return 0


def _case_id(raw: str) -> int:
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 12):
        raise argparse.ArgumentTypeError(f"not a case number: {raw!r}")
    return int(raw)


def add_commands(commands) -> None:
    from bot.cli.common import DATABASE_SETTING, epilog

    purge_parser = commands.add_parser(
        "purge", help="remove Slack ids from cases closed longer than RETENTION ago",
        description="Cases closed more than RETENTION (default 30d) ago lose every Slack id; the bot does "
                    "this on its own as each comes due. --dry-run lists what is due and what would go.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=epilog(DATABASE_SETTING + "  RETENTION             how long after closing (default 30d)\n",
                      examples=("peer-support purge --dry-run",)))
    purge_parser.add_argument("--dry-run", action="store_true", help="list, change nothing")
    purge_parser.set_defaults(run=purge)
    audit_parser = commands.add_parser("audit", help="print the audit trail of a case or a person",
                                       description="Who did what to which case, and when. Never content.",
                                       formatter_class=argparse.RawDescriptionHelpFormatter,
                                       epilog=epilog(DATABASE_SETTING, examples=("peer-support audit --case 12",
                                                                                 "peer-support audit --actor U012AB3CD")))
    audit_parser.add_argument("--case", type=_case_id, help="a case number")
    audit_parser.add_argument("--actor", help="a Slack user id (or 'bot')")
    audit_parser.set_defaults(run=audit)

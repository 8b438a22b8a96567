"""`peer-support db upgrade`: apply the migrations and exit."""
from __future__ import annotations

import argparse

from bot.cli.common import open_database, recover_old_notes
from bot.config import ConfigError, Settings


def db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    db = open_database(settings)
    try:
        recover_old_notes(settings, db)
    except ConfigError:
        print("Notes written under an older key will be re-encrypted when the bot starts with "
              "NOTE_ENCRYPTION_KEY set.")
    db.dispose()
    print("The database schema is up to date.")
    return 0


def add_commands(commands) -> None:
    db = commands.add_parser("db", help="database tasks").add_subparsers(dest="db_command", required=True)
    db.add_parser("upgrade", help="apply migrations and exit").set_defaults(run=db_upgrade)

"""`peer-support rotate-key`: re-encrypt every stored note under the first NOTE_ENCRYPTION_KEY."""
from __future__ import annotations

import argparse

from bot.cli.common import CliError, open_database, recover_old_notes
from bot.config import Settings

HELP = """\
To rotate the note key: make a new key, put it FIRST in NOTE_ENCRYPTION_KEY with the old one
after it (NOTE_ENCRYPTION_KEY=new,old), restart the bot, run this command, then remove the old
key. Make a key with:
  python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
"""


def rotate_key(settings: Settings, args: argparse.Namespace) -> int:
    from bot.cases.notes import rotate_notes
    from bot.core.notes import cipher_for

    db = open_database(settings)
    try:
        recover_old_notes(settings, db)
        done, unreadable = rotate_notes(db, cipher_for(settings))
    finally:
        db.dispose()
    print(f"Re-encrypted {done} note(s) under the first key.")
    if unreadable:
        raise CliError(f"{unreadable} note(s) could not be decrypted with any key in NOTE_ENCRYPTION_KEY; "
                       "they are left as they were (the log names their cases).")
    return 0


def add_commands(commands) -> None:
    from bot.cli.common import DATABASE_SETTING, epilog

    commands.add_parser("rotate-key", help="re-encrypt every note under the first NOTE_ENCRYPTION_KEY",
                        description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
                        epilog=epilog(DATABASE_SETTING + """\
  NOTE_ENCRYPTION_KEY   Fernet keys, comma-separated: the first encrypts, every one decrypts
""", examples=("NOTE_ENCRYPTION_KEY=NEWKEY,OLDKEY peer-support rotate-key",)),
                        ).set_defaults(run=rotate_key)

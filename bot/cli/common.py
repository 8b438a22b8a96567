"""What every `peer-support` command shares: the one-line failure, logging, opening the database."""
from __future__ import annotations

import logging
import sys

from bot.config import Settings

EXIT_USAGE = 2
ENV_HINT = "see .env.example"


DATABASE_SETTING = """\
settings (environment variables, or a .env file in the working directory; see .env.example):
  DATABASE_URL          default sqlite:///peer_support.sqlite3
"""


def epilog(*parts: str, examples: tuple[str, ...] = ()) -> str:
    """A subcommand's help after its options: the settings it reads, then examples."""
    text = "\n".join(part.rstrip("\n") + "\n" for part in parts)
    if examples:
        text += "\nexample" + ("s" if len(examples) > 1 else "") + ":\n" + "".join(f"  {e}\n" for e in examples)
    return text


class CliError(Exception):
    """An expected failure: printed as one line, exit status 2."""


def setup_logging(settings: Settings) -> None:
    from bot.core import log_privacy
    from bot.core.log_format import formatter_for

    logging.basicConfig(level=settings.log_level, stream=sys.stderr)
    for handler in logging.getLogger().handlers:
        handler.setFormatter(formatter_for(settings.log_format))
    log_privacy.install(logging.getLogger().handlers)
    # At DEBUG these libraries log request and response bodies, which carry what people typed.
    for noisy in ("slack_bolt", "slack_sdk", "urllib3", "apscheduler"):
        logging.getLogger(noisy).setLevel(max(logging.getLevelName(settings.log_level), logging.INFO))
    # Routine chatter at INFO; only their warnings are worth a hospital operator's attention.
    for chatty in ("apscheduler", "alembic", "matplotlib"):
        logging.getLogger(chatty).setLevel(logging.WARNING)
    # waitress: "client disconnected" is routine (INFO); "Task queue depth is N" warns whenever every
    # thread is busy for a moment, which a burst of Slack requests does. Its errors (an exception
    # while serving) still show.
    logging.getLogger("waitress").setLevel(logging.WARNING)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)


def recover_old_notes(settings: Settings, db) -> None:
    """Notes an older version encrypted under a key derived from the signing secret are
    re-encrypted under NOTE_ENCRYPTION_KEY's first key (or the key file), once."""
    from bot.cases.notes import recover_legacy_notes
    from bot.core.notes import NoteCipher, cipher_for, legacy_keys

    done, unreadable = recover_legacy_notes(db, cipher_for(settings), NoteCipher(legacy_keys(settings)))
    if done:
        logging.getLogger("bot.notes").warning("re-encrypted %s note(s) written under an older key", done)
    if unreadable:
        logging.getLogger("bot.notes").error("%s note(s) cannot be decrypted with the keys configured", unreadable)


def open_database(settings: Settings):
    """The database, with its schema brought up to date; CliError if it cannot be used."""
    from models.db import Database, DatabaseUnavailable

    try:
        db = Database(settings.database_url)
        db.upgrade()
    except DatabaseUnavailable as exc:
        raise CliError(f"{exc} ({ENV_HINT})") from None
    return db

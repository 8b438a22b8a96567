"""What every `peer-support` command shares: the one-line failure, logging, opening the database."""
from __future__ import annotations

import logging
import sys

from bot.config import Settings

EXIT_USAGE = 2
ENV_HINT = "see .env.example"


class CliError(Exception):
    """An expected failure: printed as one line, exit status 2."""


def setup_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # At DEBUG these libraries log request and response bodies, which carry what people typed.
    for noisy in ("slack_bolt", "slack_sdk", "urllib3", "apscheduler"):
        logging.getLogger(noisy).setLevel(max(logging.getLevelName(settings.log_level), logging.INFO))
    # Routine chatter at INFO; only their warnings are worth a hospital operator's attention.
    for chatty in ("apscheduler", "alembic"):
        logging.getLogger(chatty).setLevel(logging.WARNING)


def open_database(settings: Settings):
    """The database, with its schema brought up to date; CliError if it cannot be used."""
    from models.db import Database, DatabaseUnavailable

    try:
        db = Database(settings.database_url)
        db.upgrade()
    except DatabaseUnavailable as exc:
        raise CliError(f"{exc} ({ENV_HINT})") from None
    return db

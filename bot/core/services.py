"""What every domain service needs, bundled once per app."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.core.clock import Clock
from bot.config import Settings
from bot.core.notes import NoteCipher
from models.db import Database


def _nothing() -> None:
    return None


@dataclass
class Services:
    db: Database
    clock: Clock
    settings: Settings
    cipher: NoteCipher
    # Called after a transaction that left work due now, so it goes out within seconds.
    wake: Callable[[], None] = field(default=_nothing)

"""Encryption of what people type into a case (its notes), with keys that rotate.

Notes are encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under one or more keys:
NOTE_ENCRYPTION_KEY holds them comma-separated, the first encrypts, all decrypt
(`MultiFernet`), and `rotate` re-encrypts a token under the first. With no key set, a
SQLite deployment gets a key file next to the database (owner-only permissions), made
once; a PostgreSQL deployment refuses to start, since several machines must share one key.

Versions before 0.2 derived a key from the Slack signing secret; `legacy_keys` gives the
keys those versions could have used, so old notes can be re-encrypted (bot/cases/notes.py).
"""
from __future__ import annotations

import base64
import logging
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy.engine import make_url

from bot.config import ConfigError, Settings

log = logging.getLogger(__name__)

MAKE_A_KEY = 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'


class NoteUnreadable(Exception):
    """No key we hold opens this token (a lost key, or tampering)."""


class NoteCipher:
    def __init__(self, keys: list[bytes]):
        if not keys:
            raise ValueError("a note cipher needs at least one key")
        self._fernet = MultiFernet([Fernet(key) for key in keys])

    def encrypt(self, text: str) -> bytes:
        return self._fernet.encrypt(text.encode("utf-8"))

    def decrypt(self, token: bytes) -> str:
        try:
            return self._fernet.decrypt(token).decode("utf-8")
        except (InvalidToken, UnicodeDecodeError):
            raise NoteUnreadable() from None

    def rotate(self, token: bytes) -> bytes:
        """The same text, encrypted under the first key (NoteUnreadable if no key opens it)."""
        try:
            return self._fernet.rotate(token)
        except InvalidToken:
            raise NoteUnreadable() from None


def parse_keys(raw: str) -> list[bytes]:
    """NOTE_ENCRYPTION_KEY: one or more Fernet keys, separated by commas."""
    keys = [part.strip() for part in raw.split(",") if part.strip()]
    if not keys:
        raise ConfigError(f"NOTE_ENCRYPTION_KEY is empty: make a key with `{MAKE_A_KEY}`.")
    for position, key in enumerate(keys, 1):
        try:
            Fernet(key.encode())
        except ValueError:
            raise ConfigError(
                f"NOTE_ENCRYPTION_KEY: key {position} of {len(keys)} is not a Fernet key: make one with "
                f"`{MAKE_A_KEY}`."
            ) from None
    return [key.encode() for key in keys]


def key_file_for(database_url: str) -> Path | None:
    """Where a SQLite database keeps its note key when NOTE_ENCRYPTION_KEY is unset; None otherwise."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).with_name(Path(url.database).name + ".note-key")


def _read_or_make_key_file(path: Path) -> bytes:
    if path.exists():
        key = path.read_bytes().strip()
        try:
            Fernet(key)
        except ValueError:
            raise ConfigError(f"{path} does not hold a Fernet key: restore it from a backup, or set "
                              "NOTE_ENCRYPTION_KEY.") from None
        return key
    key = Fernet.generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(key + b"\n")
    log.info("NOTE_ENCRYPTION_KEY is not set: made a note key in %s (owner-only). Back it up with the "
                "database; without it the notes cannot be read.", path)
    return key


def cipher_for(settings: Settings) -> NoteCipher:
    """The note cipher for these settings: NOTE_ENCRYPTION_KEY, else (SQLite) the key file next
    to the database; ConfigError (one line) when neither can be had."""
    if settings.note_encryption_key:
        return NoteCipher(parse_keys(settings.note_encryption_key))
    path = key_file_for(settings.database_url)
    if path is None:
        raise ConfigError(
            "NOTE_ENCRYPTION_KEY is not set, and a PostgreSQL deployment needs one key shared by every "
            f"process: make one with `{MAKE_A_KEY}` and set it."
        )
    return NoteCipher([_read_or_make_key_file(path)])


def legacy_keys(settings: Settings) -> list[bytes]:
    """Keys that versions before 0.2 derived from the signing secret (or the bot token)."""
    secrets = [settings.slack_signing_secret, settings.slack_bot_token, "peer-support-dev-only"]
    return [_derived(secret) for secret in dict.fromkeys(s for s in secrets if s)]


def _derived(secret: str) -> bytes:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"peer-support-notes", info=b"v1").derive(secret.encode())
    return base64.urlsafe_b64encode(key)

"""Encryption of the optional free-text note on a case.

Notes are encrypted with Fernet (AES-128-CBC with HMAC). The key comes from
NOTE_ENCRYPTION_KEY, or is derived from the signing secret (or bot token) when
that is not set, so that a quick start needs no extra step. Production should
set NOTE_ENCRYPTION_KEY: rotating the derived-from secret makes old notes unreadable.
"""
from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot.config import ConfigError, Settings


class NoteCipher:
    def __init__(self, key: bytes):
        self._fernet = Fernet(key)

    @classmethod
    def from_settings(cls, settings: Settings) -> NoteCipher:
        if settings.note_encryption_key:
            try:
                return cls(settings.note_encryption_key.encode())
            except ValueError:
                raise ConfigError(
                    "NOTE_ENCRYPTION_KEY is not a Fernet key: make one with "
                    "`python -c \"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())\"`."
                ) from None
        secret = settings.slack_signing_secret or settings.slack_bot_token or "peer-support-dev-only"
        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=b"peer-support-notes", info=b"v1"
        ).derive(secret.encode())
        return cls(base64.urlsafe_b64encode(derived))

    def encrypt(self, text: str) -> bytes:
        return self._fernet.encrypt(text.encode("utf-8"))

    def decrypt(self, token: bytes | None) -> str | None:
        if token is None:
            return None
        try:
            return self._fernet.decrypt(token).decode("utf-8")
        except InvalidToken:
            return None

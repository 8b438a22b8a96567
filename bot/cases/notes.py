"""A case's notes: what the clinician (or a colleague who referred them) typed, encrypted as one
token on the case (bot/core/notes.py), deleted when the case closes.

A case can gather several notes: a second request while one is open adds its note. The token
holds them as a small JSON list; a token from before that (plain text) reads as one note.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select

from bot.cases.vocabulary import Source
from bot.core.notes import NoteCipher, NoteUnreadable
from models.db import Database
from models.tables import Case

log = logging.getLogger(__name__)


class NoteAuthor(StrEnum):
    CLINICIAN = "clinician"  # in their own words
    REFERRER = "referrer"  # a colleague who referred them


@dataclass(frozen=True)
class Note:
    author: NoteAuthor
    text: str


@dataclass(frozen=True)
class CaseNotes:
    notes: tuple[Note, ...] = ()
    unavailable: bool = False  # there is a note, and no key we hold opens it


def _decode(plain: str, case: Case) -> tuple[Note, ...]:
    try:
        data = json.loads(plain)
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("v") != 1:
        author = NoteAuthor.CLINICIAN if case.source == Source.SELF else NoteAuthor.REFERRER
        return (Note(author, plain),)  # written before a case could hold several notes
    return tuple(Note(NoteAuthor(item["author"]), item["text"]) for item in data["notes"])


def _encode(notes: tuple[Note, ...]) -> str:
    return json.dumps({"v": 1, "notes": [{"author": n.author, "text": n.text} for n in notes]})


def read_notes(cipher: NoteCipher, case: Case) -> CaseNotes:
    if case.note_ciphertext is None:
        return CaseNotes()
    try:
        return CaseNotes(_decode(cipher.decrypt(case.note_ciphertext), case))
    except NoteUnreadable:
        log.error("case %s: its note cannot be decrypted with the keys configured", case.id)
        return CaseNotes(unavailable=True)


def add_note(cipher: NoteCipher, case: Case, note: Note) -> None:
    """Add a note to the case (the case row locked by the caller)."""
    earlier = read_notes(cipher, case).notes
    case.note_ciphertext = cipher.encrypt(_encode((*earlier, note)))


def rotate_notes(db: Database, cipher: NoteCipher) -> tuple[int, int]:
    """Encrypt every stored note under the first key (`peer-support rotate-key`).
    Returns (re-encrypted, unreadable)."""
    return _each_note(db, lambda token: cipher.rotate(token))


def recover_legacy_notes(db: Database, cipher: NoteCipher, legacy: NoteCipher) -> tuple[int, int]:
    """Notes written under a key derived from the signing secret (before 0.2), re-encrypted under
    the first key; the others are left as they are. Returns (re-encrypted, unreadable)."""

    def recover(token: bytes) -> bytes | None:
        try:
            cipher.decrypt(token)
            return None  # already readable: nothing to do
        except NoteUnreadable:
            return cipher.encrypt(legacy.decrypt(token))

    return _each_note(db, recover)


def _each_note(db: Database, change) -> tuple[int, int]:
    done = unreadable = 0
    with db.session() as session:
        # Locked like any change to a case (bot/core/db.py), so a note added meanwhile is not lost.
        query = select(Case).where(Case.note_ciphertext.is_not(None)).order_by(Case.id)
        for case in session.scalars(query.with_for_update(key_share=True)):
            try:
                token = change(case.note_ciphertext)
            except NoteUnreadable:
                unreadable += 1
                log.error("case %s: its note cannot be decrypted with the keys configured", case.id)
                continue
            if token is not None:
                case.note_ciphertext = token
                done += 1
    return done, unreadable

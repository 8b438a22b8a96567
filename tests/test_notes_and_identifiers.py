"""Encrypted notes (keys that rotate, a key file for SQLite, none derived from a secret) and the
patient-identifier guard's older examples."""
from __future__ import annotations

import base64
import logging
import os
import stat

import pytest
from cryptography.fernet import Fernet

from bot.cases.notes import Note, NoteAuthor, add_note, read_notes, recover_legacy_notes, rotate_notes
from bot.config import ConfigError, Settings
from bot.core.identifiers import looks_like_patient_identifier
from bot.core.notes import NoteCipher, NoteUnreadable, cipher_for, key_file_for, legacy_keys
from models.tables import Case

NOTE = "I keep replaying the case from Tuesday night and could use someone to talk to."


def key() -> str:
    return Fernet.generate_key().decode()


def test_round_trip_with_an_explicit_key():
    cipher = cipher_for(Settings(note_encryption_key=key()))
    assert cipher.decrypt(cipher.encrypt("ça va — 🙂 " + NOTE)) == "ça va — 🙂 " + NOTE


def test_ciphertext_does_not_contain_the_plaintext():
    cipher = cipher_for(Settings(note_encryption_key=key()))
    token = cipher.encrypt(NOTE)
    assert isinstance(token, bytes)
    assert NOTE.encode() not in token
    for word in ("replaying", "Tuesday"):
        assert word.encode() not in token
        assert word.encode() not in base64.urlsafe_b64decode(token)
    # Fresh randomness each time: equal notes do not give equal ciphertexts.
    assert cipher.encrypt(NOTE) != token


def test_several_keys_the_first_encrypts_and_every_one_decrypts():
    old, new = key(), key()
    before = cipher_for(Settings(note_encryption_key=old))
    after = cipher_for(Settings(note_encryption_key=f"{new}, {old}"))
    written_before = before.encrypt(NOTE)
    assert after.decrypt(written_before) == NOTE
    written_after = after.encrypt(NOTE)
    with pytest.raises(NoteUnreadable):
        before.decrypt(written_after)  # the first key encrypts
    assert cipher_for(Settings(note_encryption_key=new)).decrypt(after.rotate(written_before)) == NOTE


def test_a_different_key_cannot_decrypt():
    mine = cipher_for(Settings(note_encryption_key=key()))
    theirs = cipher_for(Settings(note_encryption_key=key()))
    with pytest.raises(NoteUnreadable):
        theirs.decrypt(mine.encrypt(NOTE))


def test_tampered_ciphertext_is_unreadable_not_silently_empty():
    cipher = cipher_for(Settings(note_encryption_key=key()))
    token = bytearray(cipher.encrypt(NOTE))
    token[-5] = ord("A") if token[-5] != ord("A") else ord("B")
    with pytest.raises(NoteUnreadable):
        cipher.decrypt(bytes(token))


@pytest.mark.parametrize("bad", ["not-a-key", "abc", "x" * 44, base64.urlsafe_b64encode(b"too short").decode()])
def test_note_encryption_key_that_is_not_a_fernet_key_is_a_config_error(bad):
    for raw in (bad, f"{key()},{bad}"):
        with pytest.raises(ConfigError) as caught:
            cipher_for(Settings(note_encryption_key=raw))
        message = str(caught.value)
        assert "NOTE_ENCRYPTION_KEY" in message
        assert "\n" not in message
        assert bad not in message  # the secret is not echoed to the console


def test_without_a_key_sqlite_gets_a_key_file_next_to_the_database_readable_by_its_owner_only(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bot.core.notes")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}", slack_signing_secret="s")
    first = cipher_for(settings)
    path = key_file_for(settings.database_url)
    assert path == tmp_path / "bot.sqlite3.note-key"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert "made a note key" in caplog.text
    caplog.clear()
    again = cipher_for(settings)  # the same key, and nothing said twice
    assert again.decrypt(first.encrypt(NOTE)) == NOTE
    assert "made a note key" not in caplog.text
    # Not derived from the signing secret: another secret opens the same notes, the secret alone none.
    assert cipher_for(Settings(database_url=settings.database_url, slack_signing_secret="t")).decrypt(
        first.encrypt(NOTE)) == NOTE
    with pytest.raises(NoteUnreadable):
        NoteCipher(legacy_keys(settings)).decrypt(first.encrypt(NOTE))


def test_without_a_key_postgresql_refuses_with_one_line():
    with pytest.raises(ConfigError) as caught:
        cipher_for(Settings(database_url="postgresql+psycopg://bot@db.example/peer"))
    assert "NOTE_ENCRYPTION_KEY" in str(caught.value) and "\n" not in str(caught.value)


def test_a_damaged_key_file_is_a_config_error_not_a_new_key(tmp_path):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'bot.sqlite3'}")
    key_file_for(settings.database_url).write_text("not a key\n")
    with pytest.raises(ConfigError, match="does not hold a Fernet key"):
        cipher_for(settings)


def _case_with_note(db, token: bytes) -> int:
    from datetime import datetime, timezone

    now = datetime(2026, 3, 2, tzinfo=timezone.utc)
    with db.session() as session:
        case = Case(clinician_slack_id="UCLIN1", source="self", urgency="few_days", state="offered",
                    note_ciphertext=token, created_at=now, updated_at=now)
        session.add(case)
        session.flush()
        return case.id


def _note_of(db, cipher, case_id) -> tuple:
    with db.session() as session:
        return read_notes(cipher, session.get(Case, case_id))


def test_rotating_re_encrypts_every_note_under_the_first_key(db):
    old, new = key(), key()
    before = cipher_for(Settings(note_encryption_key=old))
    case_id = _case_with_note(db, before.encrypt(NOTE))
    both = cipher_for(Settings(note_encryption_key=f"{new},{old}"))
    assert rotate_notes(db, both) == (1, 0)
    only_new = cipher_for(Settings(note_encryption_key=new))
    assert _note_of(db, only_new, case_id).notes == (Note(NoteAuthor.CLINICIAN, NOTE),)


def test_notes_under_the_old_derived_key_are_recovered_on_upgrade(db):
    settings = Settings(slack_signing_secret="the-old-secret", note_encryption_key=key())
    written_by_an_old_version = NoteCipher(legacy_keys(settings)[:1]).encrypt(NOTE)
    case_id = _case_with_note(db, written_by_an_old_version)
    cipher = cipher_for(settings)
    assert _note_of(db, cipher, case_id).unavailable
    assert recover_legacy_notes(db, cipher, NoteCipher(legacy_keys(settings))) == (1, 0)
    assert _note_of(db, cipher, case_id).notes == (Note(NoteAuthor.CLINICIAN, NOTE),)
    assert recover_legacy_notes(db, cipher, NoteCipher(legacy_keys(settings))) == (0, 0)  # once


def test_a_note_no_key_opens_is_reported_unavailable_by_case_id_only(db, caplog):
    case_id = _case_with_note(db, cipher_for(Settings(note_encryption_key=key())).encrypt(NOTE))
    notes = _note_of(db, cipher_for(Settings(note_encryption_key=key())), case_id)
    assert notes.unavailable and notes.notes == ()
    assert f"case {case_id}" in caplog.text and NOTE not in caplog.text


def test_notes_gather_in_order_with_their_authors():
    cipher = cipher_for(Settings(note_encryption_key=key()))
    case = Case(id=1, source="lead")
    add_note(cipher, case, Note(NoteAuthor.REFERRER, "Worried about them after Friday."))
    add_note(cipher, case, Note(NoteAuthor.CLINICIAN, "I'd like to talk."))
    assert [(n.author, n.text) for n in read_notes(cipher, case).notes] == [
        (NoteAuthor.REFERRER, "Worried about them after Friday."), (NoteAuthor.CLINICIAN, "I'd like to talk.")]


@pytest.mark.parametrize(
    "text",
    [
        "MRN 8812345",
        "mrn: A12",
        "patient 10293847 coded",
        "SSN 123-45-6789",
        "born 3/14/1962",
        "admitted 03-14-62",
        "seen on 14.03.2024",
        "Room 12 overnight",
        "bed #4 was the one",
        "room#7",
    ],
)
def test_patient_identifiers_are_caught(text):
    # Naming a field without its value ("the DOB on the wristband was wrong") is how a wrong-patient
    # event is told; it passes since issue 9 (tests/test_identifier_guard.py has those cases).
    assert looks_like_patient_identifier(text)


@pytest.mark.parametrize("text", ["born 1962-03-14", "admitted on 2024-03-14"])
def test_iso_dates_are_caught(text):
    assert looks_like_patient_identifier(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "I had a hard week after an unexpected complication.",
        "We lost a patient in the OR and I can't stop thinking about it.",
        "Two patients, one night, 12 hours on call.",
        "Since 2019 I have done 300 of these.",
        "My roommate says I should talk to someone.",
        "Our mRNA research group meets on Fridays.",
        "Call me after 5 on my cell.",
        "I work in the bedside ultrasound team.",
    ],
)
def test_ordinary_text_is_not_flagged(text):
    assert not looks_like_patient_identifier(text)

"""Encrypted notes and the patient-identifier guard."""
from __future__ import annotations

import base64

import pytest
from cryptography.fernet import Fernet

from bot.config import ConfigError, Settings
from bot.core.identifiers import looks_like_patient_identifier
from bot.core.notes import NoteCipher

NOTE = "I keep replaying the case from Tuesday night and could use someone to talk to."


def test_round_trip_with_an_explicit_key():
    cipher = NoteCipher.from_settings(Settings(note_encryption_key=Fernet.generate_key().decode()))
    assert cipher.decrypt(cipher.encrypt(NOTE)) == NOTE


def test_round_trip_with_a_key_derived_from_the_signing_secret():
    cipher = NoteCipher.from_settings(Settings(slack_signing_secret="secret-1"))
    assert cipher.decrypt(cipher.encrypt("ça va — 🙂")) == "ça va — 🙂"


def test_same_derived_key_for_the_same_secret():
    first = NoteCipher.from_settings(Settings(slack_signing_secret="secret-1"))
    again = NoteCipher.from_settings(Settings(slack_signing_secret="secret-1"))
    assert again.decrypt(first.encrypt(NOTE)) == NOTE


def test_ciphertext_does_not_contain_the_plaintext():
    cipher = NoteCipher.from_settings(Settings())
    token = cipher.encrypt(NOTE)
    assert isinstance(token, bytes)
    assert NOTE.encode() not in token
    for word in ("replaying", "Tuesday"):
        assert word.encode() not in token
        assert word.encode() not in base64.urlsafe_b64decode(token)
    # Fresh randomness each time: equal notes do not give equal ciphertexts.
    assert cipher.encrypt(NOTE) != token


def test_a_different_key_cannot_decrypt():
    mine = NoteCipher.from_settings(Settings(note_encryption_key=Fernet.generate_key().decode()))
    theirs = NoteCipher.from_settings(Settings(note_encryption_key=Fernet.generate_key().decode()))
    assert theirs.decrypt(mine.encrypt(NOTE)) is None


def test_a_different_signing_secret_cannot_decrypt():
    mine = NoteCipher.from_settings(Settings(slack_signing_secret="secret-1"))
    theirs = NoteCipher.from_settings(Settings(slack_signing_secret="secret-2"))
    assert theirs.decrypt(mine.encrypt(NOTE)) is None


def test_explicit_key_wins_over_the_signing_secret():
    key = Fernet.generate_key().decode()
    with_secret = NoteCipher.from_settings(Settings(note_encryption_key=key, slack_signing_secret="secret-1"))
    secret_only = NoteCipher.from_settings(Settings(slack_signing_secret="secret-1"))
    key_only = NoteCipher.from_settings(Settings(note_encryption_key=key))
    token = with_secret.encrypt(NOTE)
    assert key_only.decrypt(token) == NOTE
    assert secret_only.decrypt(token) is None


def test_no_note_decrypts_to_none():
    assert NoteCipher.from_settings(Settings()).decrypt(None) is None


def test_tampered_ciphertext_decrypts_to_none():
    cipher = NoteCipher.from_settings(Settings())
    token = bytearray(cipher.encrypt(NOTE))
    token[-5] = ord("A") if token[-5] != ord("A") else ord("B")
    assert cipher.decrypt(bytes(token)) is None


@pytest.mark.parametrize("key", ["not-a-key", "abc", "x" * 44, base64.urlsafe_b64encode(b"too short").decode()])
def test_note_encryption_key_that_is_not_a_fernet_key_is_a_config_error(key):
    with pytest.raises(ConfigError) as caught:
        NoteCipher.from_settings(Settings(note_encryption_key=key))
    message = str(caught.value)
    assert "NOTE_ENCRYPTION_KEY" in message
    assert "\n" not in message
    assert key not in message  # the secret is not echoed to the console


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
        "DOB was in the chart",
        "her date of birth was wrong on the label",
        "the medical record said otherwise",
        "Room 12 overnight",
        "bed #4 was the one",
        "room#7",
    ],
)
def test_patient_identifiers_are_caught(text):
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

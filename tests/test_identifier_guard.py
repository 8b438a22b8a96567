"""The patient-identifier guard (issue 9): every free-text field is checked before anything is
stored, and the field error says which kind of identifier to take out.

The corpus in tests/data/identifiers/ holds the examples: refuse.txt (kind<TAB>example) and
pass.txt (ordinary sentences about hard cases).
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.identifiers import (
    MESSAGES,
    Finding,
    IdentifierKind,
    find_patient_identifier,
    looks_like_patient_identifier,
    normalise,
)

CORPUS = Path(__file__).parent / "data" / "identifiers"


def corpus_lines(name: str) -> list[str]:
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def refuse_examples() -> list[tuple[IdentifierKind, str]]:
    examples = []
    for line in corpus_lines("refuse.txt"):
        kind, separator, text = line.partition("\t")
        assert separator and text.strip(), f"refuse.txt line needs kind<TAB>example: {line!r}"
        examples.append((IdentifierKind(kind), text))
    return examples


REFUSE = refuse_examples()
PASS = corpus_lines("pass.txt")


# --------------------------------------------------------------------------- the corpus


@pytest.mark.parametrize(
    ("kind", "text"), REFUSE, ids=[f"{kind}:{text}" for kind, text in REFUSE]
)
def test_every_identifier_in_the_corpus_is_refused_as_its_kind(kind, text):
    finding = find_patient_identifier(text)
    assert finding is not None, "not refused"
    assert finding.kind is kind
    assert looks_like_patient_identifier(text)


@pytest.mark.parametrize("text", PASS)
def test_every_ordinary_sentence_in_the_corpus_passes(text):
    assert find_patient_identifier(text) is None
    assert not looks_like_patient_identifier(text)


def test_the_corpus_is_large_and_spread_over_every_kind():
    per_kind = Counter(kind for kind, _ in REFUSE)
    assert set(per_kind) == set(IdentifierKind)
    assert min(per_kind.values()) >= 10, per_kind
    assert len(REFUSE) >= 120 and len(PASS) >= 120
    assert len({text for _, text in REFUSE}) == len(REFUSE), "duplicate refuse examples"
    assert len(set(PASS)) == len(PASS), "duplicate pass examples"


# --------------------------------------------------------------------------- the rule, case by case


@pytest.mark.parametrize(
    "text",
    [
        "the MRN on the specimen label was wrong",
        "DOB was in the chart",
        "her SSN was on the fax",
        "the room number was wrong",
        "the patient's name was misspelled on the consent",
        "the phone number on file was old",
    ],
)
def test_naming_an_identifier_without_its_value_passes(text):
    # A wrong-patient event is told by naming the field; only the value identifies anyone.
    assert find_patient_identifier(text) is None


@pytest.mark.parametrize(
    "text",
    ["OR 7 ran late", "we were in OR 12 until 4", "operating room 5 was flooded", "the call room 3 lock"],
)
def test_operating_rooms_and_staff_rooms_are_not_patient_rooms(text):
    # The choice for "OR 7": a place where many patients are treated, like "PACU" or "7 West".
    assert find_patient_identifier(text) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mrs Garcia", IdentifierKind.PATIENT_NAME),
        ("MRSA in the wound", None),
        ("Mrsa swab", None),
        ("Ms Chen", IdentifierKind.PATIENT_NAME),
        ("a history of MS", None),
        ("MS patients on our floor", None),
        ("Mr. Lee", IdentifierKind.PATIENT_NAME),
        ("Dr. Lee", None),
        ("severe MR. Repair was planned", None),
        ("the patient died", None),
        ("Patient Safety called", None),
        ("PT evaluated him", None),
        ("PT Evaluation was late", None),
        ("PT John Smith", IdentifierKind.PATIENT_NAME),
        ("the pt's Hgb dropped", None),
        ("the pt's wife, Linda", IdentifierKind.PATIENT_NAME),
        ("pt J.S.", IdentifierKind.PATIENT_NAME),
        ("the patient was N.P.O.", None),
    ],
)
def test_name_cues_respect_capital_letters_and_word_boundaries(text, kind):
    finding = find_patient_identifier(text)
    assert (finding.kind if finding else None) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("it may be fine", None),
        ("I may 2x check", None),
        ("in May", None),
        ("in May. 3 of us quit", None),
        ("May 3", IdentifierKind.DATE),
        ("on may 3", IdentifierKind.DATE),
        ("since 2019", None),
        ("in March 2024", None),
        ("March 3", IdentifierKind.DATE),
        ("pain 7/10", None),
        ("strength 4/5", None),
        ("2/3 of the team", None),
        ("24/7", None),
        ("3/14", IdentifierKind.DATE),
        ("on 11/3", IdentifierKind.DATE),
        ("BP 90/60", None),
        ("3-4 hours", None),
        ("3 a.m.", None),
    ],
)
def test_a_month_alone_a_year_alone_a_ratio_or_a_time_is_not_a_date(text, kind):
    finding = find_patient_identifier(text)
    assert (finding.kind if finding else None) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("54M", IdentifierKind.AGE_AND_SEX),
        ("$5M settlement", None),
        ("they sued for 5M", None),
        ("4 M&M cases", None),
        ("103F overnight", None),
        ("temp was 93 F", None),
        ("a 14F chest tube", None),
        ("3M drapes", None),
        ("a 34-year-old female", IdentifierKind.AGE_AND_SEX),
        ("an 80-year-old died", None),
        ("two years ago a man died", None),
        ("at 1 yr f/u", None),
        ("GCS E2V3M5", None),
        ("a T2N1M0 tumour", None),
    ],
)
def test_age_with_sex_is_told_apart_from_money_temperature_and_devices(text, kind):
    finding = find_patient_identifier(text)
    assert (finding.kind if finding else None) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # Several kinds could claim the same characters: the more specific one names them.
        ("SSN 123-45-6789", IdentifierKind.SSN),
        ("123-45-6789", IdentifierKind.SSN),
        ("617-555-0143", IdentifierKind.PHONE),
        ("6175550143", IdentifierKind.PHONE),
        ("1234567890", IdentifierKind.RECORD_NUMBER),
        ("2026-03-14", IdentifierKind.DATE),
        ("20260314", IdentifierKind.DATE),
        ("02115-1234", IdentifierKind.ZIP_CODE),
        ("12 Main St, Boston, MA 02115", IdentifierKind.ADDRESS),
        ("ID 12345", IdentifierKind.RECORD_NUMBER),
        ("Boise, ID 83702", IdentifierKind.ZIP_CODE),
        # Otherwise the first identifier in the text is the one reported.
        ("Mr. Jones in bed 7", IdentifierKind.PATIENT_NAME),
        ("bed 7, Mr. Jones", IdentifierKind.ROOM_OR_BED),
        ("MRN 1234567, DOB 3/14/1962", IdentifierKind.RECORD_NUMBER),
        ("DOB 3/14/1962, MRN 1234567", IdentifierKind.DATE),
    ],
)
def test_the_first_identifier_is_reported_and_ties_go_to_the_more_specific_kind(text, kind):
    assert find_patient_identifier(text).kind is kind


# --------------------------------------------------------------------------- unicode and odd spacing


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("MRN ١٢٣٤٥٦٧", IdentifierKind.RECORD_NUMBER),  # Arabic-Indic
        ("MRN ۱۲۳۴۵۶۷", IdentifierKind.RECORD_NUMBER),  # Extended Arabic-Indic
        ("MRN १२३४५६७", IdentifierKind.RECORD_NUMBER),  # Devanagari
        ("６１７－５５５－０１４３", IdentifierKind.PHONE),  # fullwidth
        ("born ３／１４／１９６２", IdentifierKind.DATE),
        ("Ｍｒｓ． Ｇａｒｃｉａ", IdentifierKind.PATIENT_NAME),
        ("j.smith＠gmail．com", IdentifierKind.EMAIL),
        ("room ４Ｂ－１２", IdentifierKind.ROOM_OR_BED),
    ],
)
def test_digits_and_letters_of_other_scripts_and_widths_are_read_as_plain_ones(text, kind):
    assert find_patient_identifier(text).kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("617\u2011555\u20110143", IdentifierKind.PHONE),  # non-breaking hyphens
        ("617\u00a0555\u00a00143", IdentifierKind.PHONE),  # non-breaking spaces
        ("MRN\u200b1234567", IdentifierKind.RECORD_NUMBER),  # zero-width space
        ("12\u00ad34\u00ad567", IdentifierKind.RECORD_NUMBER),  # soft hyphens
        ("6 1 7 5 5 5 0 1 4 3", IdentifierKind.PHONE),
        ("6-1-7-5-5-5-0-1-4-3", IdentifierKind.PHONE),
        ("1 2 3 4 5 6 7", IdentifierKind.RECORD_NUMBER),
        ("(617)  555 - 0143", IdentifierKind.PHONE),
        ("M.R.N.: 4455667", IdentifierKind.RECORD_NUMBER),
        ("S S N 123 45 6789", IdentifierKind.SSN),
        ("john dot smith at gmail dot com", IdentifierKind.EMAIL),
        ("smith.family @ gmail.com", IdentifierKind.EMAIL),
        ("DOB\u2009\u2014\u20093/14/62", IdentifierKind.DATE),
        ("02115\u20131234", IdentifierKind.ZIP_CODE),
    ],
)
def test_identifiers_split_by_odd_spacing_or_invisible_characters_are_caught(text, kind):
    assert find_patient_identifier(text).kind is kind


def test_normalising_gives_ascii_digits_plain_dashes_and_spaces_and_drops_invisible_characters():
    assert normalise("١٢٣ ۴۵۶ ७८९ ０") == "123 456 789 0"
    assert normalise("a\u2013b\u2014c\u2212d") == "a-b-c-d"
    assert normalise("a\u00a0b\u2009c") == "a b c"
    assert normalise("a\u200bb\u00adc\ufeffd") == "abcd"
    assert normalise("ｆｉ ﬁ") == "fi fi"


# --------------------------------------------------------------------------- the message


# The words a person must read to know what to take out.
KIND_WORDS = {
    IdentifierKind.PATIENT_NAME: "name",
    IdentifierKind.PHONE: "phone",
    IdentifierKind.EMAIL: "email",
    IdentifierKind.ADDRESS: "address",
    IdentifierKind.ZIP_CODE: "ZIP code",
    IdentifierKind.RECORD_NUMBER: "record",
    IdentifierKind.SSN: "Social Security number",
    IdentifierKind.DATE: "date",
    IdentifierKind.AGE_AND_SEX: "age and sex",
    IdentifierKind.ROOM_OR_BED: "room or bed",
}


@pytest.mark.parametrize("kind", list(IdentifierKind))
def test_the_message_names_the_kind_and_asks_kindly_to_take_it_out(kind):
    message = MESSAGES[kind]
    assert message.startswith("This looks like")
    assert KIND_WORDS[kind] in message
    assert "Please take it out" in message
    assert "\n" not in message and len(message) <= 120


def _syllables(word: str) -> int:
    word = word.lower()
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups) - (1 if word.endswith("e") and len(groups) > 1 else 0)
    return max(1, count)


@pytest.mark.parametrize("kind", list(IdentifierKind))
def test_the_message_reads_at_grade_8_or_below(kind):
    message = MESSAGES[kind]
    sentences = [part for part in re.split(r"[.:!?]+", message) if part.strip()]
    words = re.findall(r"[A-Za-z']+", message)
    syllables = sum(_syllables(word) for word in words)
    grade = 0.39 * len(words) / len(sentences) + 11.8 * syllables / len(words) - 15.59
    assert grade <= 8, f"Flesch-Kincaid grade {grade:.1f}"


@pytest.mark.parametrize(("kind", "text"), REFUSE[::7])
def test_the_message_depends_only_on_the_kind(kind, text):
    assert find_patient_identifier(text) == Finding(kind=kind, message=MESSAGES[kind])


NAMES = st.from_regex(r"[A-Z][a-z]{3,9}", fullmatch=True).filter(lambda name: name.lower() not in {
    "this", "looks", "like", "please", "take", "supporter", "doesn", "need", "patient"})


@given(name=NAMES, digits=st.from_regex(r"[2-9][0-9]{6,8}", fullmatch=True))
def test_the_message_never_repeats_what_was_typed(name, digits):
    for text, typed in (
        (f"our patient, {name}, died", name),
        (f"Mrs. {name} was on my service", name),
        (f"MRN {digits}", digits),
        (f"{name.lower()}@example.org", name.lower()),
        (f"call her at {digits[:3]}-{digits[3:7]}", digits[:3]),
    ):
        finding = find_patient_identifier(text)
        assert finding is not None
        assert typed not in finding.message
        assert not re.search(r"\d", finding.message)


# --------------------------------------------------------------------------- properties

SAFE_PHRASES = [
    "We had a wrong-site block in the PACU",
    "M&M is on Thursday",
    "POD 3 leak after a Whipple",
    "I got a board complaint",
    "Dr Lee was the attending",
    "Dr. Patel said the margins were positive",
    "Cardiac Surgery lost a patient on the table",
    "Trauma has been brutal",
    "General Surgery is short staffed",
    "the patient died on the table",
    "patient safety review next week",
    "she is a PGY-3",
    "during COVID-19",
    "L4-L5 fusion with a dural tear",
    "CABG x3 went south",
    "HbA1c was high",
    "our third case this month",
    "It may be nothing",
    "I may 2x check the consent",
    "MRSA in the wound",
    "a history of MS",
    "the lawsuit was filed in March",
    "two years ago",
    "last week",
    "on Tuesday night",
    "OR 7 ran late",
    "the family was angry",
    "Patient Relations called",
    "we lost a patient",
]


def _fact(template: str, *numbers: st.SearchStrategy[int]) -> st.SearchStrategy[str]:
    return st.tuples(*numbers).map(lambda values: template.format(*values))


MONTHS = st.sampled_from(["January", "March", "May", "June", "August", "December"])

# A phrase from the list, or a clinical fact with made-up numbers in it.
SAFE_SENTENCE = st.one_of(
    st.sampled_from(SAFE_PHRASES),
    _fact("at {} a.m.", st.integers(1, 12)),
    _fact("at {}pm", st.integers(1, 12)),
    _fact("for {} hours", st.integers(1, 48)),
    _fact("{} units of blood", st.integers(1, 40)),
    _fact("GCS {}", st.integers(3, 15)),
    _fact("ASA {}", st.integers(1, 6)),
    _fact("PGY-{}", st.integers(1, 7)),
    _fact("POD {}", st.integers(0, 30)),
    _fact("EBL {} mL", st.integers(50, 5000)),
    _fact("{} years ago", st.integers(2, 30)),
    _fact("a {}-hour shift", st.integers(1, 48)),
    _fact("SpO2 dropped to {}", st.integers(50, 99)),
    _fact("pain {}/10", st.integers(0, 10)),
    _fact("{} mg of morphine", st.integers(1, 1000)),
    _fact("BP {}/{}", st.integers(60, 220), st.integers(30, 130)),
    _fact("HR {}", st.integers(30, 220)),
    _fact("since {}", st.integers(1980, 2030)),
    MONTHS.map("in {}".format),
    _fact("spiked to {}F", st.integers(100, 106)),
    _fact("a ${}M settlement", st.integers(1, 20)),
    _fact("{} of us", st.integers(2, 30)),
    _fact("Ellison {} was full", st.integers(1, 20)),
)


def safe_text() -> st.SearchStrategy[str]:
    return st.lists(SAFE_SENTENCE, min_size=1, max_size=6).map(". ".join)


@settings(max_examples=150, deadline=None)
@given(text=safe_text())
def test_ordinary_text_built_from_safe_clinical_words_passes(text):
    assert find_patient_identifier(text) is None


@settings(max_examples=100, deadline=None)
@given(before=safe_text(), digits=st.from_regex(r"[0-9]{6,30}", fullmatch=True), after=safe_text())
def test_any_run_of_six_or_more_digits_in_ordinary_text_is_refused(before, digits, after):
    finding = find_patient_identifier(f"{before}. The number was {digits} and {after}")
    assert finding is not None
    assert finding.kind in {IdentifierKind.RECORD_NUMBER, IdentifierKind.PHONE, IdentifierKind.DATE}


@settings(max_examples=150, deadline=None)
@given(before=safe_text(), example=st.sampled_from(REFUSE), after=safe_text())
def test_an_identifier_keeps_its_kind_inside_ordinary_text(before, example, after):
    kind, text = example
    finding = find_patient_identifier(f"{before}. {text}. {after}")
    assert finding is not None and finding.kind is kind


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=400))
def test_any_text_gets_an_answer_and_never_an_exception(text):
    finding = find_patient_identifier(text)
    assert finding is None or finding.message == MESSAGES[finding.kind]


# --------------------------------------------------------------------------- bad and hostile input


def test_empty_text_passes():
    assert find_patient_identifier("") is None


@pytest.mark.parametrize("value", [None, b"MRN 1234567", 1234567, ["MRN 1234567"]])
def test_text_that_is_not_a_string_is_a_clear_type_error(value):
    with pytest.raises(TypeError, match="must be a str"):
        find_patient_identifier(value)


HOSTILE = 5000


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("1" * HOSTILE, IdentifierKind.RECORD_NUMBER),
        ("1 " * (HOSTILE // 2), IdentifierKind.RECORD_NUMBER),
        ("1-" * (HOSTILE // 2), IdentifierKind.RECORD_NUMBER),
        ("١" * HOSTILE, IdentifierKind.RECORD_NUMBER),
        (" " * HOSTILE, None),
        ("\n\t " * (HOSTILE // 3), None),
        ("a" * HOSTILE, None),
        ("A1" * (HOSTILE // 2), None),
        ("patient " * (HOSTILE // 8), None),
        ("patient Safety " * (HOSTILE // 15), None),
        ("Mr " * (HOSTILE // 3), None),
        ("a at " * (HOSTILE // 5), None),
        ("a." * (HOSTILE // 2) + "@", None),
        ("x@" * (HOSTILE // 2), None),
        ("a@" + "b" * (HOSTILE - 2), None),
        ("a@" + "b-" * (HOSTILE // 2), None),
        ("patient " + "A" * HOSTILE, None),
        ("12 " + "Main " * (HOSTILE // 5), None),
        ("may 1 " * (HOSTILE // 6), None),
        ("1/" * (HOSTILE // 2), None),
        ("5 y/o " * (HOSTILE // 6), None),
        ("12 Main Main Main " * (HOSTILE // 17), None),
        ("+1 " * (HOSTILE // 3), None),
        ("+1 " * (HOSTILE // 3) + "+1 617 555 0143", IdentifierKind.PHONE),
        ("word " * (HOSTILE // 5) + "call (617) 555-0143", IdentifierKind.PHONE),
        ("1 " * (HOSTILE // 4) + "x " + "Mrs Garcia", IdentifierKind.RECORD_NUMBER),
        ("\u200b" * HOSTILE + "MRN 1234567", IdentifierKind.RECORD_NUMBER),
    ],
    ids=lambda value: value[:12] if isinstance(value, str) else str(value),
)
def test_long_hostile_text_is_checked_and_answered_correctly(text, kind):
    # Every pattern uses bounded repeats, so this runs in time proportional to the length;
    # a pattern with catastrophic backtracking would hang here instead.
    finding = find_patient_identifier(text)
    assert (finding.kind if finding else None) == kind

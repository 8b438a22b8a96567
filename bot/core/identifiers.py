"""The patient-identifier guard: nothing typed is stored while it holds a patient identifier.

The rule: free text about a hard case may say what happened, when roughly ("last week",
"3 a.m.", "two years ago"), where in the hospital (unit, division, "OR 7") and the clinical
facts (scores, doses, counts, levels). It may not carry what points at one patient: a name
after a patient cue, a phone or fax number, an email address, a street address or ZIP code,
a record, account, member or plan number (or any long number), a Social Security number, a
full date (a day and a month), an age together with a sex, or a room or bed number.
Naming a field without its value passes ("the MRN on the label was wrong"), and so do
operating and staff rooms ("OR 7", "call room 3"): neither points at one patient.

`find_patient_identifier` names the first identifier in the text (leftmost; when two kinds
start at the same place, the one earlier in `_DETECTORS` wins) so the form can say what to
take out. Its message depends only on the kind: it never repeats what was typed.

How it reads text: NFKC first (fullwidth digits and letters become plain ones), then every
decimal digit of any script becomes an ASCII digit, every dash becomes "-", every space
becomes " ", and invisible format characters (zero-width spaces, soft hyphens) are dropped.
Every pattern is compiled once and uses only bounded repeats (or a single unbounded run of
one character class), so checking a long hostile text takes time in proportion to its length.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "MESSAGES",
    "Finding",
    "IdentifierKind",
    "find_patient_identifier",
    "looks_like_patient_identifier",
    "normalise",
]


class IdentifierKind(StrEnum):
    PATIENT_NAME = "patient_name"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    ZIP_CODE = "zip_code"
    RECORD_NUMBER = "record_number"
    SSN = "ssn"
    DATE = "date"
    AGE_AND_SEX = "age_and_sex"
    ROOM_OR_BED = "room_or_bed"


@dataclass(frozen=True)
class Finding:
    """What the form tells the person: which kind of identifier to take out."""

    kind: IdentifierKind
    message: str


_NOT_NEEDED = "Please take it out: the supporter doesn't need it."

# The field error for each kind. Plain words, no text from the note.
MESSAGES: dict[IdentifierKind, str] = {
    IdentifierKind.PATIENT_NAME: f"This looks like a patient's name. {_NOT_NEEDED}",
    IdentifierKind.PHONE: f"This looks like a phone or fax number. {_NOT_NEEDED}",
    IdentifierKind.EMAIL: f"This looks like an email address. {_NOT_NEEDED}",
    IdentifierKind.ADDRESS: f"This looks like a street address. {_NOT_NEEDED}",
    IdentifierKind.ZIP_CODE: f"This looks like a ZIP code. {_NOT_NEEDED}",
    IdentifierKind.RECORD_NUMBER: f"This looks like a record, account or ID number. {_NOT_NEEDED}",
    IdentifierKind.SSN: f"This looks like a Social Security number. {_NOT_NEEDED}",
    IdentifierKind.DATE: (
        "This looks like a date. Please take it out. Words like \"last week\" are enough."
    ),
    IdentifierKind.AGE_AND_SEX: f"This looks like a patient's age and sex. {_NOT_NEEDED}",
    IdentifierKind.ROOM_OR_BED: f"This looks like a room or bed number. {_NOT_NEEDED}",
}


# --------------------------------------------------------------------------- normalising

_ASCII_DIGIT = re.compile(r"[0-9]")
_WORDS = re.compile(r"[^\W\d_][\w'’/]*")
_NEXT_WORD = re.compile(r"[\s\-]{0,3}([^\W_][\w'’]*)")  # in the same sentence
_OF_A_GROUP = re.compile(r"\s{1,3}of\s{1,3}(?:us|them|you|the|our|my|his|her|their|these|those)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?;]\s")
_NUMBER_JUST_BEFORE = re.compile(r"\d\s?$")
_MONEY_JUST_BEFORE = re.compile(r"[$€£]\s?$")
_DECIMAL_OR_MONEY_JUST_BEFORE = re.compile(r"(?:[$€£]\s?|\d[.,])$")
_ALPHANUMERIC = re.compile(r"[^A-Za-z0-9]")
_YEAR_ONLY = re.compile(r"(?:19|20)\d{2}")
_NUMBER_THEN_UNIT = re.compile(r"[\d\-]+([A-Za-z]+)")
_NUMBERS = re.compile(r"\d+")


def normalise(text: str) -> str:
    """The text as the patterns read it: NFKC, ASCII digits, plain dashes and spaces, no
    invisible characters."""
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    out: list[str] = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        if category == "Nd":
            out.append(str(unicodedata.digit(ch)))
        elif category == "Pd" or ch == "\u2212":
            out.append("-")
        elif category == "Zs":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------- word lists

_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred"
).split()
_SMALL_NUMBER_WORD = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"
)
_AGE_NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[\s-]?(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|hundred)"
)

# Words that follow a patient cue or a title without being a name.
_NOT_NAMES = frozenset(
    """
    a an the this that these those there here it its i i'm i've i'd i'll me my mine we us our
    you your he him his she her hers they them their who whom whose which what when where why
    how and or but nor so yet if then than as at by for from in into of off on onto out over
    to up upon with within without about above after again against along among around
    before behind below beneath beside besides between beyond during except inside near
    outside since through throughout till until toward towards under unlike via vs
    is was were be been being am are has had have having do does did done doing will would
    shall should can could may might must not no yes also just still even only never ever
    always often later soon now today tonight yesterday tomorrow ago already again too very
    all any each every both either neither some many much more most few less least other
    another such same different similar own whole
    died dies dying dead death deaths coded codes coding expired passed arrested bled crashed
    went came got had needed wanted asked said told called paged seen saw looked felt
    remained stayed became seemed started stopped refused declined developed presented
    underwent required received returned woke awoke did sued complained fell fall falls
    sorry thanks thank hello hi bye goodbye please okay ok yeah
    wrong missing mislabeled mislabelled misspelled misidentified correct right unknown
    withheld redacted removed illegible blank changed confused mixed switched spelled listed
    written printed swapped unclear unavailable none na n/a tbd pending anonymous anon unnamed
    monday tuesday wednesday thursday friday saturday sunday weekend weekday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    first second third fourth fifth sixth seventh eighth ninth tenth last next previous
    zero one two three four five six seven eight nine ten eleven twelve twenty hundred
    dr doctor doc mr mrs ms mx miss mister sir madam nurse rn np pa md do
    chief resident residents attending attendings fellow fellows intern interns director
    chair chairman chairwoman president dean head lead surgeon surgeons physician
    physicians staff team service services department division program committee
    safety relations relation experience advocate advocates advocacy care transport family
    families affairs access quality portal satisfaction rights education engagement flow
    placement support registration financial billing accounts complaint complaints
    ombudsman liaison council review reviews outcomes outcome navigator navigation intake
    admitting admissions centered centred reported first harm harms identification
    identifier identifiers handoff handover handoffs information info records record chart
    charts data privacy confidentiality consent consents communication communications
    escalation transfer transfers discharge discharges census count counts load volume
    volumes population populations panel panels list lists board boards event events
    death's mortality morbidity deterioration fall falls injury injuries death
    covid covid-19 sars jehovah jehovah's witness full status post pre postop preop
    case cases visit visits encounter encounters name names number numbers
    pt pts ot st slp rt ekg ecg eeg ct cta mri tee tte us xr cxr abg cbc bmp ivc svc
    trauma surgery surgical medicine medical icu unit units ward wards floor floors bay bed
    beds room rooms or er ed pacu sicu micu nicu picu cvicu ccu
    english spanish portuguese chinese mandarin cantonese haitian creole vietnamese
    russian arabic french korean
    """.split()
)

# Words that are never the name part of a street address.
_NOT_STREET_WORDS = frozenset(
    """
    a an the this that these those it its i me my we us our you your he him his she her
    they them their and or but so if then than as at by for from in into of off on onto out
    over to up with without about after before during through until under per each every
    all any some more most few many much other another same both either no not
    is was were be been are has had have do did will would can could may might must
    second seconds sec secs minute minutes min mins hour hours hr hrs day days week weeks
    wk wks month months year years yr yrs decade decades time times mile miles km block
    blocks lane lanes way ways car cars patients people residents attendings nurses cases
    units doses bags liters litres ml cc mg kg
    """.split()
)

# Words that, right after a number and an "M"/"F", show it is money, a unit or a device.
_NOT_AGE_AFTER = frozenset(
    """
    catheter catheters cath sheath sheaths foley foleys tube tubes drain drains introducer
    dilator dilators trocar trocars ngt ng ett chest pigtail cannula cannulas stent stents
    bougie suction feeding french fr needle needles port ports line lines
    dollar dollars settlement settlements verdict verdicts judgment judgement judgments
    claim claims lawsuit lawsuits suit suits damages payout payouts award awards budget
    grant grants deal contract salary
    unit units ward floor wing tower building bldg pod
    """.split()
)
# Words that, right before a number and an "M", show it is money.
_MONEY_BEFORE = frozenset(
    """
    for of sued seeking seek asking asked settled settle settles worth paid pay pays
    award awarded awards damages cost costs over under about around nearly almost than
    million budget raised lost owe owes owed claim claims verdict demanded demand demands
    wanted want wants offered offer
    """.split()
)
# Words that, right before a number and an "F", show it is a temperature.
_TEMPERATURE_BEFORE = frozenset(
    "temp temperature t tmax tc core febrile fever spiked hypothermic".split()
)
# Nouns that, right after a number, show it is a count, not a day of the month.
_COUNT_NOUNS = frozenset(
    """
    patient patients case cases people person persons resident residents attending
    attendings nurse nurses surgeon surgeons doctor doctors death deaths complication
    complications hour hours hr hrs minute minutes min mins day days week weeks month
    months year years unit units mg mcg g kg ml l cc dose doses times time shift shifts
    procedure procedures operation operations bed beds room rooms call calls night nights
    occasion occasions attempt attempts try tries visit visits consult consults trauma traumas
    """.split()
)
# Words before a slash pair that make it a score or ratio, not a date.
_RATIO_CUES = frozenset(
    """
    pain gcs score scores scale strength motor power apgar apgars rass sofa nihss mews
    grade reflexes reflex ratio rated rate fio2 vision visual acuity murmur
    """.split()
)
# Words before a slash pair that make it a date.
_DATE_CUES = frozenset(
    """
    on since from until til till by before after dob born admitted discharged died dated
    date birthday surgery operated
    """.split()
)
_RATIO_DENOMINATORS = frozenset({2, 3, 4, 5, 6, 7, 10, 15})

# Street types that are also ordinary words or other abbreviations ("Dr", "St", "Ct", "way"):
# they only count with a capital letter on the type and on every word of the street name.
_STREET_TYPES_PLAIN = (
    "street", "avenue", "ave", "av", "road", "rd", "boulevard", "blvd", "lane", "ln",
    "parkway", "pkwy", "highway", "hwy", "terrace", "turnpike", "tpke", "expressway", "expy",
)
_STREET_TYPES_CAPITALISED = (
    "st", "dr", "drive", "ct", "court", "pl", "place", "way", "row", "close", "circle", "cir",
    "square", "sq", "ter", "path", "pike", "loop", "walk", "trail", "trl", "plaza", "crescent",
    "alley", "wharf", "green", "commons", "mews",
)
_STREET_TYPES = frozenset(_STREET_TYPES_PLAIN + _STREET_TYPES_CAPITALISED)
_CAPITALISED_ONLY = frozenset(_STREET_TYPES_CAPITALISED)

_STATE_ABBREVIATIONS = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "
    "NH NJ NM NY NC ND OH OK OR PA PR RI SC SD TN TX UT VT VA WA WV WI WY"
).split()
# Abbreviations that are also common words in a note ("ID 12345" is a record number,
# "OR 12345" is not a place): they need "City, " before them.
_STATES_NEEDING_CITY = frozenset({"ID", "OR", "IN", "ME", "OK", "HI", "PA", "MD", "MS", "DE"})
_STATE_NAMES = (
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia "
    "hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts "
    "michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon "
    "pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming"
).split()
_STATE_NAMES_TWO_WORDS = (
    r"new\s{1,2}(?:hampshire|jersey|mexico|york)|north\s{1,2}(?:carolina|dakota)"
    r"|south\s{1,2}(?:carolina|dakota)|west\s{1,2}virginia|rhode\s{1,2}island|puerto\s{1,2}rico"
)

_UNIT_SUFFIXES = frozenset(
    """
    mg mcg ug g kg ml l cc u iu units unit meq mmol mol ms s sec min mins h hr hrs hours
    k m km mm cm steps cells rpm bpm lbs lb oz
    """.split()
)
_EMAIL_TLDS = (
    r"(?:com|org|net|edu|gov|mil|int|io|co|us|uk|ca|au|de|fr|es|it|nl|info|biz|me|health"
    r"|care|med|email|mail)"
)


# --------------------------------------------------------------------------- helpers


def _digits(text: str) -> str:
    return "".join(_ASCII_DIGIT.findall(text))


def _words_before(match: re.Match[str], count: int) -> list[str]:
    """Up to `count` words just before the match in the same sentence, lower-cased."""
    head = match.string[max(0, match.start() - 60):match.start()]
    head = _SENTENCE_END.split(head)[-1]
    return [word.lower() for word in _WORDS.findall(head)[-count:]]


def _word_before(match: re.Match[str]) -> str:
    """The word just before the match, lower-cased."""
    words = _words_before(match, 1)
    return words[0] if words else ""


def _next_word(match: re.Match[str]) -> str:
    """The word just after the match, as written."""
    tail = match.string[match.end():match.end() + 40]
    found = _NEXT_WORD.match(tail)
    return found.group(1) if found else ""


def _word_after(match: re.Match[str]) -> str:
    """The word just after the match, lower-cased."""
    return _next_word(match).lower()


def _is_month_day(month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def _either_order_is_a_date(first: int, second: int) -> bool:
    return _is_month_day(first, second) or _is_month_day(second, first)


def _bare(word: str) -> str:
    for ending in ("'s", "’s", "'", "’"):
        if word.endswith(ending):
            return word[: -len(ending)]
    return word


def _is_titlecase_name(word: str) -> bool:
    bare = _bare(word)
    return (
        len(bare) >= 2
        and bare[0].isupper()
        and any(ch.islower() for ch in bare)
        and bare.lower() not in _NOT_NAMES
    )


def _is_any_case_name(word: str) -> bool:
    bare = _bare(word)
    return len(bare) >= 2 and bare.lower() not in _NOT_NAMES


# --------------------------------------------------------------------------- detectors


@dataclass(frozen=True)
class _Detector:
    """One way an identifier is written: a pattern, and a check of what it matched."""

    kind: IdentifierKind
    pattern: re.Pattern[str]
    accepts: Callable[[re.Match[str]], bool] = lambda match: True


def _compile(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags | re.VERBOSE)


# ---- Social Security numbers

_SSN_CUE = (
    r"(?:ssn|s\.\s?s\.\s?n\.?|ss\s?\#|social\s{1,2}security(?:\s{1,2}(?:number|no\.?|\#))?"
    r"|soc\.?\s{0,2}sec\.?)"
)
_SSN_CUED = _compile(
    rf"""\b{_SSN_CUE}(?![a-z])[^\d\n]{{0,30}}?
    (?:[x*\#]{{3}}[\s.\-]?[x*\#]{{2}}[\s.\-]?)?
    (?:\d{{3}}\s?[.\-\s]?\s?\d{{2}}\s?[.\-\s]?\s?\d{{4}}|\d{{4}})(?!\d)"""
)
_SSN_FORMAT = _compile(r"(?<![\w\-/.])\d{3}\s?(?P<sep>[-.\s])\s?\d{2}\s?(?P=sep)\s?\d{4}(?![\w\-])")
_SSN_MASKED = _compile(r"(?<![\w*\#])[x*\#]{3}\s?[\s.\-]?\s?[x*\#]{2}\s?[\s.\-]?\s?\d{4}(?![\w])")


# ---- Email addresses

_EMAIL = _compile(
    r"""(?<![\w.+\-])[\w.+\-]{1,64}\s{0,2}@\s{0,2}[\w\-]{1,63}(?:\s{0,2}\.\s{0,2}[\w\-]{1,63}){0,6}
    \s{0,2}\.\s{0,2}[a-z]{2,24}(?![\w])"""
)
_AT = r"(?:\s{0,3}(?:\(at\)|\[at\]|\{at\}|<at>)\s{0,3}|\s{1,3}at\s{1,3})"
_DOT = r"(?:\s{0,3}(?:\(dot\)|\[dot\]|\{dot\}|<dot>)\s{0,3}|\s{1,3}dot\s{1,3}|\.)"
_EMAIL_SPELLED_OUT = _compile(
    rf"""(?<![\w.+\-])[\w.+\-]{{1,64}}{_AT}[\w\-]{{1,63}}(?:{_DOT}[\w\-]{{1,63}}){{0,4}}
    {_DOT}{_EMAIL_TLDS}(?![\w])"""
)


# ---- Phone and fax numbers

_PHONE_CUED = _compile(
    r"""\b(?:phone|ph|tel|tele|telephone|cell|cellphone|mobile|mob|fax|facsimile|pager|beeper
    |whatsapp|call|text|txt|reach)\b(?:\s{0,3}(?:no\.?|number|num|\#|nr))?[^\w\n]{0,3}
    (?:[a-z]{1,10}\s{1,2}){0,3}?(?P<n>\+?\(?\d(?:[\d\s()\-/]|\.(?!\s)){5,22}\d)(?!\d)"""
)
_PHONE_NANP = _compile(
    r"""(?<![\w+])(?:(?:\+\s?1|1)[\s.\-]{0,3})?(?:\(\s?\d{3}\s?\)|\d{3})[\s.\-]{0,3}
    \d{3}[\s.\-]{0,3}\d{4}(?:\s{0,2}(?:x|ext\.?|extension)\s{0,2}\d{1,6})?(?![\w])"""
)
_PHONE_INTERNATIONAL = _compile(
    r"""(?<![\w+])(?:\+|00)\s?\d{1,3}(?:\s?\(0\))?
    (?:(?:(?:\s{1,2}|\s?-\s?|\.)\(?\d{1,8}\)?){1,6}|\d{6,14})(?![\w])"""
)
_PHONE_TRUNK_ZERO = _compile(r"(?<![\w+.])0\d{1,4}[\s\-]\d{3,4}[\s\-]?\d{3,4}(?![\w])")
_PHONE_LOCAL = _compile(r"(?<![\w.\-/])\d{3}-\d{4}(?![\w\-])")
# Digits typed one by one: "6 1 7 5 5 5 0 1 4 3" (a dot followed by a space ends a sentence).
_SPACED_DIGITS = _compile(r"(?<![\w.\-])\d(?!\d)(?:(?:\s{1,2}|\s?-\s?|\.)\d(?!\d)){5,40}")


def _phone_cued(match: re.Match[str]) -> bool:
    return 7 <= len(_digits(match.group("n"))) <= 15


def _phone_nanp(match: re.Match[str]) -> bool:
    digits = _digits(match.group())
    if digits != match.group().lstrip("+").strip():
        return True  # written with separators or parentheses: shaped like a phone number
    local = digits[-10:]
    return local[0] in "23456789" and local[3] in "23456789"


def _phone_international(match: re.Match[str]) -> bool:
    digits = _digits(match.group())
    if match.group().startswith("00"):
        digits = digits[2:]  # the international call prefix, like "+"
    return 8 <= len(digits) <= 15


def _phone_trunk_zero(match: re.Match[str]) -> bool:
    return 9 <= len(_digits(match.group())) <= 11


def _is_a_range(left: int, right: int) -> bool:
    """'500-1000', '250-1500': round amounts, the smaller first."""
    return left < right and left % 10 == 0 and right % 50 == 0


def _not_a_range(match: re.Match[str]) -> bool:
    """'555-0143' is a phone number; '500-1000' (mL) is a range of amounts."""
    left, right = (int(part) for part in _NUMBERS.findall(match.group()))
    return not _is_a_range(left, right)


def _spaced_phone(match: re.Match[str]) -> bool:
    return 10 <= len(_digits(match.group())) <= 11


def _spaced_record(match: re.Match[str]) -> bool:
    return not _spaced_phone(match)


# ---- Dates

_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?P<mdot>\.)?"
)
_DAY = r"(?P<day>[0-3]?\d)(?P<ord>st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2}|['’]\d{2})(?!\d)"
_DATE_MONTH_FIRST = _compile(
    rf"""\b{_MONTH}(?![a-z])(?:\s{{0,3}}(?:the\s{{1,3}})?|[\-/]){_DAY}(?![\w%]|[.,]\d)
    (?:\s{{0,3}}[,\-/]?\s{{0,3}}{_YEAR})?"""
)
_DATE_DAY_FIRST = _compile(
    rf"""(?<![\w.,/\-]){_DAY}(?P<of>\s{{0,3}}(?:of|de))?(?:[\s\-/]{{0,3}}|\.){_MONTH}(?![a-z])
    (?:\s{{0,3}}[,\-/]?\s{{0,2}}{_YEAR})?"""
)
_DATE_NUMERIC = _compile(
    r"""(?<![\w.,/:\-])(?P<a>\d{1,2})\s?(?P<sep>[/.\-])\s?(?P<b>\d{1,2})\s?(?P=sep)\s?
    (?P<year>\d{4}|\d{2})(?![\w]|[/.\-]\d)"""
)
_DATE_ISO = _compile(
    r"""(?<![\w.,/\-])(?:19|20)\d{2}\s?(?P<sep>[/.\-])\s?(?P<a>\d{1,2})\s?(?P=sep)\s?
    (?P<b>\d{1,2})(?:(?=T\d)|(?![\w]|[/.\-]\d))"""
)
_DATE_COMPACT = _compile(r"(?<!\d)(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)")
_DATE_SLASH = _compile(
    r"(?<![\w.,/:\-])(?P<a>\d{1,2})\s?/\s?(?P<b>\d{1,2})(?![\w%]|\s?/\s?\d|[.,]\d)"
)
_DATE_CUED = _compile(
    r"""\b(?:dob|d\.\s?o\.\s?b\.?|date\s{1,2}of\s{1,2}(?:birth|death|service|surgery|admission
    |discharge)|born|birthday|birth\s?date|admitted|discharged|dod|dos)(?![a-z])[\s:.\-]{0,3}
    (?:on\s{1,2})?(?P<a>\d{1,2})\s?[/.\-]\s?(?P<b>\d{1,2})(?!\d)"""
)

_MONTH_NAMES_WITHOUT_ABBREVIATION = frozenset(
    "january february march april may june july august september october november december".split()
)
_FULL_MONTH_NAMES = frozenset(
    "january february march april june july august september october november december".split()
)


def _month_name_date(match: re.Match[str]) -> bool:
    """A month name with a day. A lower-case 'may' or 'mar' needs more than a number next to
    it ('I may 2x check' passes): an ordinal, a year, 'of', a dot, or a date word before it."""
    if not 1 <= int(match.group("day")) <= 31:
        return False
    month = match.group("month")
    dot_before_day = match.group("mdot") and match.start("mdot") < match.start("day")
    if dot_before_day and month.lower() in _MONTH_NAMES_WITHOUT_ABBREVIATION:
        return False  # "in May. 3 of us quit": the dot ends a sentence
    supported = bool(match.group("ord") or match.group("year") or match.group("mdot"))
    if "of" in match.groupdict() and match.group("of"):
        supported = True
    if not supported and (
        _word_after(match) in _COUNT_NOUNS or _OF_A_GROUP.match(match.string, match.end())
    ):
        return False  # "in March 30 patients", "by May 5 residents", "in June 3 of us quit"
    if month[0].isupper() or supported:
        return True
    if month.lower() in _FULL_MONTH_NAMES:
        return True
    return _word_before(match) in _DATE_CUES


def _numeric_date(match: re.Match[str]) -> bool:
    if not _either_order_is_a_date(int(match.group("a")), int(match.group("b"))):
        return False
    if len(match.group("year")) == 2 and _word_after(match) in _COUNT_NOUNS:
        return False  # "10-12-24 hours"
    return True


def _iso_date(match: re.Match[str]) -> bool:
    return _is_month_day(int(match.group("a")), int(match.group("b")))


def _slash_date(match: re.Match[str]) -> bool:
    """'3/14' is a date; '7/10' after 'pain', '4/5' strength, '2/3 of' and '24/7' are not."""
    first, second = int(match.group("a")), int(match.group("b"))
    if not _either_order_is_a_date(first, second) or (first, second) == (24, 7):
        return False
    if _word_after(match) in _COUNT_NOUNS:
        return False  # "1/20 patients"
    before = _word_before(match)
    if before in _RATIO_CUES:
        return False
    if before in _DATE_CUES:
        return True
    return not (second in _RATIO_DENOMINATORS and first <= second)


def _cued_date(match: re.Match[str]) -> bool:
    return _either_order_is_a_date(int(match.group("a")), int(match.group("b")))


# ---- Street addresses

_STREET_NAME_WORD = r"(?:\d{1,3}(?:st|nd|rd|th)|[^\W\d_](?:[^\W\d_]|['’.\-]){0,24})"
_STREET_ADDRESS = _compile(
    rf"""(?<![\w.,/\-$])\d{{1,6}}[a-z]?(?:-\d{{1,4}})?\s{{1,3}}
    (?:(?:[nsew]|north|south|east|west)\.?\s{{1,3}})?
    (?P<words>(?:{_STREET_NAME_WORD}\s{{1,3}}){{1,3}}?)
    (?P<type>{'|'.join(sorted(_STREET_TYPES, key=len, reverse=True))})(?![\w])"""
)
_PO_BOX = _compile(r"\b(?:p\.?\s?o\.?\s?|post\s{1,2}office\s{1,2})box\s{0,3}\#?\s{0,3}\d{1,8}(?!\d)")
_APARTMENT = _compile(r"\b(?:apt|apartment)\b\.?\s{0,2}\#?\s{0,2}[a-z]?\d{1,5}[a-z]?(?![\w])")


def _street_address(match: re.Match[str]) -> bool:
    words = match.group("words").split()
    if any(word.lower().strip(".") in _NOT_STREET_WORDS for word in words):
        return False
    street_type = match.group("type")
    if street_type.lower() in _CAPITALISED_ONLY:
        return street_type[0].isupper() and all(w[0].isupper() or w[0].isdigit() for w in words)
    return True


# ---- ZIP and postal codes

_STATE_ALTERNATIVES = "|".join(_STATE_ABBREVIATIONS)
_ZIP_PLUS_FOUR = _compile(r"(?<![\w\-/.])\d{5}\s?-\s?\d{4}(?![\w\-])")
_ZIP_AFTER_STATE = re.compile(
    rf"""(?P<city>(?<![\w])[^\W\d_]{{2,40}}\s{{0,2}},\s{{0,3}})?\b(?P<state>{_STATE_ALTERNATIVES})\b\.?,?
    \s{{1,3}}\d{{5}}(?:\s?-\s?\d{{4}})?(?![\w\-])""",
    re.VERBOSE,
)
_ZIP_AFTER_STATE_NAME = _compile(
    rf"""\b(?:{'|'.join(_STATE_NAMES)}|{_STATE_NAMES_TWO_WORDS})\b,?\s{{1,3}}
    \d{{5}}(?:\s?-\s?\d{{4}})?(?![\w\-])"""
)
_ZIP_CUED = _compile(
    r"""\b(?:zip|zip\s?code|zipcode|postal\s{0,2}code|postcode)\b\s{0,3}(?:is|:|\#)?\s{0,3}
    \d{5}(?:\s?-\s?\d{4})?(?!\d)"""
)
_ZIP_LEADING_ZERO = _compile(r"(?<![\w.,$€£\-/:+])0\d{4}(?![\w\-/]|[.,]\d)")
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
_CANADIAN_POSTAL_CODE = re.compile(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b")


def _zip_after_state(match: re.Match[str]) -> bool:
    return match.group("state") not in _STATES_NEEDING_CITY or bool(match.group("city"))


def _canadian_postal_code(match: re.Match[str]) -> bool:
    """Not a Glasgow coma score by parts (E2V3M5) nor a TNM stage (T2N1M0)."""
    letters = "".join(ch for ch in match.group() if ch.isalpha())
    return letters not in ("EVM", "TNM")


# ---- Room and bed numbers

_ROOM_OR_BED = _compile(
    r"""\b(?P<cue>room|rm|bed|bay|cubicle|stretcher|gurney|crib|isolette|bassinet|incubator)(?![a-z])\.?
    [\s\-]{0,2}(?:\#|no\.?|number|num)?\s{0,2}:?\s{0,2}
    [a-z]{0,2}-?\d{1,4}[a-z]?(?:(?:\s?[\-/]\s?|\.)[a-z]?\d{1,4}[a-z]?)?(?![\w])"""
)
_ROOM_OR_BED_IN_WORDS = _compile(
    rf"\b(?P<cue>room|bed|bay)\s{{1,2}}(?:number\s{{1,2}})?{_SMALL_NUMBER_WORD}\b"
)
# After "bed one", these words show the number counts something else ("room one of us").
_NOT_AFTER_ROOM_IN_WORDS = frozenset(
    "of more less at a an the to time times night nights day days hour hours".split()
)


# Rooms for staff or families, and operating rooms (like "OR 7"), are not where a patient lies.
_NOT_PATIENT_ROOMS = frozenset(
    """
    call on-call conference meeting break locker lounge work team family waiting sleep
    simulation sim lecture class board operating consult consultation quiet reading
    """.split()
)


def _patient_room(match: re.Match[str]) -> bool:
    """'room 4B-12', 'bed 7'; not 'call room 3', 'operating room 5' nor 'bed 2 nights running'."""
    if _word_after(match) in _COUNT_NOUNS:
        return False
    if match.group("cue").lower() in ("room", "rm"):
        return _word_before(match) not in _NOT_PATIENT_ROOMS
    return True


def _room_in_words(match: re.Match[str]) -> bool:
    return _patient_room(match) and _word_after(match) not in _NOT_AFTER_ROOM_IN_WORDS


# ---- Age with sex

_SEX = (
    r"(?:male|female|man|woman|boy|girl|gentleman|gent|lady|guy|gal|m|f|mother|father|mom|mum"
    r"|dad|wife|husband|son|daughter|sister|brother|grandmother|grandfather|grandma|grandpa"
    r"|grandson|granddaughter|widow|widower|niece|nephew|aunt|uncle|non-?binary"
    r"|trans(?:gender)?\s{0,2}(?:man|woman|male|female)|transman|transwoman)"
)
_AGE_NUMBER = r"(?<![\w.,$€£/:])(?P<age>\d{1,3})"
_AGE_OLD = _compile(
    rf"""(?:{_AGE_NUMBER}|\b{_AGE_NUMBER_WORD})\s{{0,2}}-?\s{{0,2}}
    (?:(?:years?|yrs?|months?|mos?|weeks?|wks?|days?)[\s\-]{{0,3}}old|y\s?/\s?o|y\.\s?o\.?|yo)
    (?:[\s,]{{1,3}}[a-z][a-z\-]{{0,20}}){{0,3}}?[\s,\-]{{0,3}}{_SEX}(?![\w&/])"""
)
_AGE_SHORT_UNIT = _compile(rf"{_AGE_NUMBER}\s{{0,2}}(?:y|yr|yrs)\.?[\s,\-]{{0,2}}{_SEX}(?![\w&/])")
_AGE_LETTER = re.compile(rf"{_AGE_NUMBER}\s?(?P<sex>[MF])(?![\w&/])")
_AGE_SEX_FIRST = _compile(
    r"""\b(?:male|female|man|woman|boy|girl|gentleman|lady)\b(?:\s{1,2}|\s{0,2},\s{0,2})
    (?:aged?\s{0,2}:?\s{0,2}(?P<age>\d{1,3})(?!\d)|(?P<alone>\d{1,3})(?=\s{0,2}(?:[,.;)]|$)))
    |(?<![\w/])(?-i:[MF])\s{0,2},\s{0,2}(?P<letter_age>\d{1,3})(?=\s{0,2}(?:[,.;)]|$))"""
)
_AGE_SLASH = re.compile(
    r"(?<![\w/])(?:(?P<age>\d{1,3})\s?/\s?[MF]|[MF]\s?/\s?(?P<alone>\d{1,3}))(?![\w/&])"
)
_AGE_LABELLED = _compile(
    rf"""\bage\b\s{{0,2}}:?\s{{0,2}}(?P<age>\d{{1,3}})(?!\d)\s{{0,3}}[,;/]?\s{{0,3}}
    (?:(?:sex|gender)\s{{0,2}}:?\s{{0,2}})?{_SEX}(?![\w&/])"""
)


def _plausible_age(match: re.Match[str]) -> bool:
    groups = match.groupdict()
    number = groups.get("age") or groups.get("alone") or groups.get("letter_age")
    return number is None or int(number) <= 120


def _age_letter(match: re.Match[str]) -> bool:
    """'54M', '54 F'; not '$5M', '2 M in damages', '103F', '14F chest tube', '3M drapes'."""
    age, sex = int(match.group("age")), match.group("sex")
    head = match.string[max(0, match.start() - 2):match.start()]
    if age > 120 or _MONEY_JUST_BEFORE.search(head):
        return False
    if _word_after(match) in _NOT_AGE_AFTER:
        return False
    if sex == "M" and (_word_before(match) in _MONEY_BEFORE or match.group() == "3M"):
        return False
    if sex == "F" and (95 <= age <= 110 or _TEMPERATURE_BEFORE.intersection(_words_before(match, 3))):
        return False  # a temperature in Fahrenheit
    return True


# ---- Patient names

# A name: a word (after an optional initial, "J. Smith"), or initials alone ("J.S.").
_NAME = (
    r"(?:(?P<initials>(?-i:[A-Z]\.\s?[A-Z]\.(?:\s?[A-Z]\.)?))"
    r"|(?-i:[A-Z]\.\s{0,2})?(?P<name>[^\W\d_](?:[^\W\d_]|['’]){1,40})(?![\w]))"
)
# Dotted letters after a cue that are clinical shorthand, not initials.
_NOT_INITIALS = frozenset({"NPO", "DOA", "DNR", "AMA", "DNI", "ICU", "PRN"})
_RELATIONS = (
    r"(?:mother|mom|mum|father|dad|wife|husband|partner|spouse|son|daughter|sister|brother"
    r"|parent|parents|family|child|kid|grandmother|grandfather|grandson|granddaughter|aunt"
    r"|uncle|niece|nephew|guardian|friend|caregiver)"
)
_PATIENT_NAME = _compile(
    rf"""\b(?:patients?|(?-i:(?P<caps>PTS?)|[Pp]ts?)\.?)(?![\w])
    (?P<possessive>['’]s(?P<relation>\s{{1,3}}{_RELATIONS}s?)?)?
    (?:(?P<named>\s{{0,3}},?\s{{0,3}}(?:(?:full\s{{1,2}})?name\s{{0,2}}(?::|=|-|is|was)
    |named|aka|a\.k\.a\.))|(?P<bare>\s{{1,3}}(?:full\s{{1,2}})?name))?
    (?:\s{{0,3}}[,:=\#(]\s{{0,3}}|\s{{1,3}}-\s{{0,3}}|\s{{0,3}})
    (?:(?:mr|mrs|ms|mx|miss)\.?\s{{1,3}})?{_NAME}"""
)
_TITLE_NAME = re.compile(
    rf"""(?:\b(?P<title>Mr|Mrs|Ms|Mx|Miss|Mister|mr|ms|mx)\b\.?|\b(?P<lower>mr\.|mrs\.?|ms\.|mx\.)
    |\b(?P<upper>MRS\.?|MX\.))\s{{0,3}}{_NAME}""",
    re.VERBOSE,
)
_NAME_CUE = _compile(
    rf"""\b(?:(?P<possessive>his|her|their|first|last|full|family|given|maiden|sur)\s{{0,2}}name
    \s{{0,3}}(?::|=|-|is|was)|name\s{{0,2}}:|named)\s{{0,3}}{_NAME}"""
)


def _initials(match: re.Match[str]) -> bool | None:
    """True or False when the cue is followed by initials; None when by a word."""
    initials = match.group("initials")
    if initials is None:
        return None
    return "".join(ch for ch in initials if ch.isalpha()) not in _NOT_INITIALS


def _patient_name(match: re.Match[str]) -> bool:
    """A name after a patient cue: 'patient John Smith', 'our patient, Maria', 'patient name:
    maria' (any case after 'name:'), "the patient's wife, Linda"; not "the pt's Hgb"."""
    if match.group("possessive") and not (
        match.group("relation") or match.group("named") or match.group("bare")
    ):
        return False
    if (initials := _initials(match)) is not None:
        return initials
    if match.group("named"):
        return _is_any_case_name(match.group("name"))
    if match.group("caps"):  # "PT" is also physical therapy: only with a full name after it
        return _is_titlecase_name(match.group("name")) and _is_titlecase_name(_next_word(match))
    return _is_titlecase_name(match.group("name"))


def _title_name(match: re.Match[str]) -> bool:
    """'Mr Lee', 'Mrs. Garcia', 'mrs garcia', 'MRS. GARCIA'; not 'MS. GCS 3' (multiple
    sclerosis ends a sentence: all-caps MR and MS are diagnoses) nor '500 ms. Then'."""
    if (initials := _initials(match)) is not None:
        return initials
    name = match.group("name")
    if match.group("lower"):
        head = match.string[max(0, match.start() - 2):match.start()]
        return _is_any_case_name(name) and not _NUMBER_JUST_BEFORE.search(head)
    if match.group("upper"):
        return len(name) >= 3 and name.isupper() and _is_any_case_name(name)
    return _is_titlecase_name(name)


def _named(match: re.Match[str]) -> bool:
    if (initials := _initials(match)) is not None:
        return initials
    return _is_titlecase_name(match.group("name"))


# ---- Record, account, member and plan numbers (and any long number)

_RECORD_CUE = (
    r"(?:m\.?\s?r\.?\s?n\.?|medical\s{1,2}record(?:\s{1,2}(?:number|no\.?|num|\#))?|med\s{1,2}rec"
    r"|acct|account|a/c|member(?:ship)?|subscriber|policy|plan|insurance|claim|encounter|csn"
    r"|har|accession|medicare|medicaid|mbi|hicn|identifier|serial|license|licence|vin|id"
    r"|(?:patient|pt|record|chart|case|lot|visit|group|specimen|sample|device|file|reference"
    r"|ref|confirmation|order|bill|invoice)\s{0,2}(?:number|no\.?|num|nbr|\#|id))"
)
_RECORD_CUED = _compile(
    rf"""\b{_RECORD_CUE}(?![a-z])\.?(?:\s{{0,2}}(?:id|number|num|no\.?|nbr|\#|code)(?![a-z])\.?){{0,2}}
    (?:\s{{1,2}}(?:is|was|of))?\s{{0,3}}[:\#=\-]?\s{{0,3}}
    (?P<value>(?:[a-z]{{1,5}}-?)?\d[a-z0-9]{{0,20}}
    (?:[\-/.][a-z0-9]{{1,20}}|\s\d{{1,20}}(?![\w])){{0,3}})
    (?![\w])"""
)
_FIN = re.compile(r"\bFIN\b\.?\s{0,3}[:#]?\s{0,3}(?P<value>\d[\d\-]{2,20})(?![\w])")
_LONG_NUMBER = re.compile(r"(?<!\d)\d{6,}(?!\d)")
_LETTERS_AND_DIGITS = re.compile(r"(?<![\w\-])[A-Za-z0-9][A-Za-z0-9\-]{4,39}(?![\w\-])")
_HYPHENATED_NUMBER = re.compile(r"(?<![\w.\-/])\d{1,8}(?:-\d{1,8}){1,4}(?![\w\-]|\.\d)")


def _record_value(match: re.Match[str]) -> bool:
    value = match.group("value")
    if len(_ALPHANUMERIC.sub("", value)) < 3:
        return False  # "plan 2", "ID 12"
    if _YEAR_ONLY.fullmatch(value):
        return False  # "policy 2023" is a year
    return True


def _long_number(match: re.Match[str]) -> bool:
    """Six or more digits in a row; not an amount of money, not the tail of a decimal."""
    head = match.string[max(0, match.start() - 2):match.start()]
    return not _DECIMAL_OR_MONEY_JUST_BEFORE.search(head)


def _letters_and_digits(match: re.Match[str]) -> bool:
    """An id made of a few letters and at least five digits: 'XJ45829', 'AB-99812'."""
    token = match.group()
    digit_count = sum(ch.isdigit() for ch in token)
    letter_count = sum(ch.isalpha() for ch in token)
    if digit_count < 5 or not 1 <= letter_count <= 4:
        return False
    unit = _NUMBER_THEN_UNIT.fullmatch(token)
    return not (unit and unit.group(1).lower() in _UNIT_SUFFIXES)


def _hyphenated_number(match: re.Match[str]) -> bool:
    """'1234-5678' is an account number; '2019-2020' (years) and '500-1000' (a range) are not."""
    parts = [int(part) for part in _NUMBERS.findall(match.group())]
    if len(_digits(match.group())) < 7:
        return False
    if all(1900 <= part <= 2099 for part in parts):
        return False
    if len(parts) == 2 and _is_a_range(*parts):
        return False
    return True


_K = IdentifierKind

# Precedence: when two detectors match at the same place, the earlier row wins.
_DETECTORS: tuple[_Detector, ...] = (
    _Detector(_K.SSN, _SSN_CUED),
    _Detector(_K.SSN, _SSN_FORMAT),
    _Detector(_K.SSN, _SSN_MASKED),
    _Detector(_K.EMAIL, _EMAIL),
    _Detector(_K.EMAIL, _EMAIL_SPELLED_OUT),
    _Detector(_K.PHONE, _PHONE_CUED, _phone_cued),
    _Detector(_K.PHONE, _PHONE_NANP, _phone_nanp),
    _Detector(_K.PHONE, _PHONE_INTERNATIONAL, _phone_international),
    _Detector(_K.PHONE, _PHONE_TRUNK_ZERO, _phone_trunk_zero),
    _Detector(_K.PHONE, _PHONE_LOCAL, _not_a_range),
    _Detector(_K.PHONE, _SPACED_DIGITS, _spaced_phone),
    _Detector(_K.DATE, _DATE_CUED, _cued_date),
    _Detector(_K.DATE, _DATE_MONTH_FIRST, _month_name_date),
    _Detector(_K.DATE, _DATE_DAY_FIRST, _month_name_date),
    _Detector(_K.DATE, _DATE_ISO, _iso_date),
    _Detector(_K.DATE, _DATE_NUMERIC, _numeric_date),
    _Detector(_K.DATE, _DATE_COMPACT),
    _Detector(_K.DATE, _DATE_SLASH, _slash_date),
    _Detector(_K.ADDRESS, _STREET_ADDRESS, _street_address),
    _Detector(_K.ADDRESS, _PO_BOX),
    _Detector(_K.ADDRESS, _APARTMENT),
    _Detector(_K.ZIP_CODE, _ZIP_PLUS_FOUR),
    _Detector(_K.ZIP_CODE, _ZIP_AFTER_STATE, _zip_after_state),
    _Detector(_K.ZIP_CODE, _ZIP_AFTER_STATE_NAME),
    _Detector(_K.ZIP_CODE, _ZIP_CUED),
    _Detector(_K.ZIP_CODE, _ZIP_LEADING_ZERO),
    _Detector(_K.ZIP_CODE, _UK_POSTCODE),
    _Detector(_K.ZIP_CODE, _CANADIAN_POSTAL_CODE, _canadian_postal_code),
    _Detector(_K.ROOM_OR_BED, _ROOM_OR_BED, _patient_room),
    _Detector(_K.ROOM_OR_BED, _ROOM_OR_BED_IN_WORDS, _room_in_words),
    _Detector(_K.AGE_AND_SEX, _AGE_OLD, _plausible_age),
    _Detector(_K.AGE_AND_SEX, _AGE_SHORT_UNIT, _plausible_age),
    _Detector(_K.AGE_AND_SEX, _AGE_LETTER, _age_letter),
    _Detector(_K.AGE_AND_SEX, _AGE_SEX_FIRST, _plausible_age),
    _Detector(_K.AGE_AND_SEX, _AGE_SLASH, _plausible_age),
    _Detector(_K.AGE_AND_SEX, _AGE_LABELLED, _plausible_age),
    _Detector(_K.PATIENT_NAME, _PATIENT_NAME, _patient_name),
    _Detector(_K.PATIENT_NAME, _TITLE_NAME, _title_name),
    _Detector(_K.PATIENT_NAME, _NAME_CUE, _named),
    _Detector(_K.RECORD_NUMBER, _RECORD_CUED, _record_value),
    _Detector(_K.RECORD_NUMBER, _FIN),
    _Detector(_K.RECORD_NUMBER, _LONG_NUMBER, _long_number),
    _Detector(_K.RECORD_NUMBER, _LETTERS_AND_DIGITS, _letters_and_digits),
    _Detector(_K.RECORD_NUMBER, _HYPHENATED_NUMBER, _hyphenated_number),
    _Detector(_K.RECORD_NUMBER, _SPACED_DIGITS, _spaced_record),
)


def _first_accepted(detector: _Detector, text: str) -> int | None:
    """Where this detector's first accepted match starts, or None."""
    position = 0
    while (match := detector.pattern.search(text, position)) is not None:
        if detector.accepts(match):
            return match.start()
        position = match.start() + 1
    return None


def find_patient_identifier(text: str) -> Finding | None:
    """The first patient identifier in the text (leftmost; at the same place, the kind listed
    first in `_DETECTORS`), or None when the text holds none."""
    if not isinstance(text, str):
        raise TypeError(f"the text to check must be a str, not {type(text).__name__}")
    normal = normalise(text)
    best: tuple[int, int] | None = None
    for rank, detector in enumerate(_DETECTORS):
        start = _first_accepted(detector, normal)
        if start is not None and (best is None or start < best[0]):
            best = (start, rank)
            if start == 0:
                break  # nothing starts earlier, and later rows lose ties
    if best is None:
        return None
    kind = _DETECTORS[best[1]].kind
    return Finding(kind=kind, message=MESSAGES[kind])


def looks_like_patient_identifier(text: str) -> bool:
    """True when the text seems to carry a patient identifier (kept for older callers)."""
    return find_patient_identifier(text) is not None

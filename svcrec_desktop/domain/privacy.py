"""Spot text that could identify a patient, so it can be removed before export.

Notes are typed live in a hospital meeting, and a phone number or a name slips in easily. The
rules below catch the common shapes of such details; they are a help for the facilitator,
not a guarantee, and they will both miss things and flag harmless text. Each rule is a row of
data with the texts it must find and the texts it must leave alone, and the tests read every
row: a new form is a new row.

Every pattern either starts at a keyword, or refuses to start inside a run of the characters
it repeats, or is bounded in length, so a megabyte of text is scanned in linear time whatever
it contains.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

REPLACEMENT = "[removed]"


@dataclass(frozen=True)
class Kind:
    """What a finding is, as the check lists it, and as its sentence names the search."""

    name: str  # "phone number"
    plural: str  # "phone numbers"


@dataclass(frozen=True)
class Rule:
    """One form of identifier: its pattern (group "v" is the identifying part, so a keyword
    before it such as "MRN" or "Mrs." stays and a redacted text still reads sensibly), the
    span a match counts for (None when a check such as a check digit fails), and examples the
    tests hold it to."""

    kind: Kind
    pattern: re.Pattern[str]
    found: tuple[tuple[str, str], ...]  # (text, the exact part that must be found in it)
    not_found: tuple[str, ...]  # texts in which nothing of this kind may be found
    span: Callable[[re.Match[str]], tuple[int, int] | None] = lambda m: m.span("v")


NHS = Kind("NHS number", "NHS numbers")
SSN = Kind("social security number", "social security numbers")
PHONE = Kind("phone number", "phone numbers")
EMAIL = Kind("e-mail address", "e-mail addresses")
RECORD = Kind("record number", "record numbers")
BIRTH = Kind("date of birth", "dates of birth")
LONG_NUMBER = Kind("long number", "other long numbers")
NAME = Kind("name", "names after a title (patient, Mrs, Dr)")


def _when(check: Callable[[str], bool]) -> Callable[[re.Match[str]], tuple[int, int] | None]:
    """The part found, if it passes check (a check digit, a count of digits)."""
    return lambda match: match.span("v") if check(match.group("v")) else None


def _digits(text: str) -> list[int]:
    return [int(c) for c in text if c.isdecimal()]


def nhs_check_digit_ok(number: str) -> bool:
    """The NHS modulus-11 check: weights 10 to 2 on the first nine digits give the tenth."""
    digits = _digits(number)
    if len(digits) != 10:
        return False
    check = 11 - sum(d * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True)) % 11
    return check != 10 and check % 11 == digits[9]


def _dialled_digits(low: int, high: int) -> Callable[[str], bool]:
    return lambda text: low <= len(_digits(text)) <= high


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:\d{4}|'?\d{2})(?!\d)"
_DATE = (
    r"(?:\d{4}[/.-]\d{1,2}[/.-]\d{1,2}(?!\d)"  # 1962-03-14
    rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]{_YEAR}"  # 14/03/1962, 3/14/62, 14.03.1962
    rf"|{_ORDINAL}(?:[ \t]of)?[ \t-]{_MONTH}(?:,?[ \t]|-){_YEAR}"  # 14th of March 1962
    rf"|{_MONTH}[ \t]{_ORDINAL},?[ \t]{_YEAR})"  # March 14, 1962; Mar 14 1962
)
_WORD = r"[^\W\d_][\w'’-]*"
# Where a number may start and end: not inside a longer number or word, nor a decimal.
_START = r"(?<![\w+.-])"
_END = r"(?![\w-]|[.,]\d)"

# Capitalised words that follow "Patient" in hospital talk without being anyone's name.
_NOT_NAMES = frozenset({
    "Access", "Advocacy", "Advocate", "Care", "Experience", "Family", "Flow", "Liaison",
    "Portal", "Relations", "Rights", "Safety", "Satisfaction", "Services", "Transport",
})


def _is_name(word: str) -> bool:
    """Capitalised like a name; all-capital words are abbreviations (ICU, ID), not names."""
    return word[:1].isupper() and (len(word) == 1 or not word.isupper()) and (
        word not in _NOT_NAMES
    )


def _name_span(match: re.Match[str]) -> tuple[int, int] | None:
    """The capitalised words of a name match, or None when the first word is not a name."""
    start = end = match.start("v")
    for word in re.finditer(r"\S+", match.group("v")):
        if not _is_name(word.group()):
            break
        end = match.start("v") + word.end()
    return (start, end) if end > start else None


# The rules in order: where two find the very same text, the earlier one names it.
RULES: tuple[Rule, ...] = (
    Rule(
        NHS,
        re.compile(rf"{_START}(?P<v>\d{{3}}([ -]?)\d{{3}}\2\d{{4}}){_END}"),
        found=(("NHS no 943 476 5919 on the letter", "943 476 5919"),
               ("number 9434765919.", "9434765919"),
               ("ref 943-476-5919, seen", "943-476-5919"),
               ("401 023 2137", "401 023 2137")),
        not_found=("943 476 5918", "9434765910", "943 476-5919", "1943 476 5919",
                   "the 1200 patients", "12.50 and 10:30", "2024-03-14"),
        span=_when(nhs_check_digit_ok),
    ),
    Rule(
        SSN,
        re.compile(rf"{_START}(?P<v>(?!000|666|9)\d{{3}}-(?!00)\d{{2}}-(?!0000)\d{{4}}){_END}"),
        found=(("SSN 219-09-9999 on file", "219-09-9999"),
               ("social security: 123-45-6789.", "123-45-6789"),
               ("(078-05-1120)", "078-05-1120")),
        not_found=("000-12-3456", "666-12-3456", "900-12-3456", "987-65-4321", "123-00-4567",
                   "123-45-0000", "2024-03-14", "1123-45-6789", "123-45-67890"),
    ),
    Rule(
        PHONE,  # US and Canada
        re.compile(
            r"(?<![\w+])(?P<v>(?:1[ .-])?(?:\(\d{3}\)[ ]?|\d{3}[ .-])\d{3}[ .-]\d{4})(?!\d)"
        ),
        found=(("call (801) 555-0134 now", "(801) 555-0134"),
               ("call 801-555-0134", "801-555-0134"),
               ("ring 801.555.0134.", "801.555.0134"),
               ("dial 1-801-555-0134 today", "1-801-555-0134"),
               ("Toronto: (416) 555-0198", "(416) 555-0198"),
               ("ward 801 555 0134", "801 555 0134")),
        not_found=("in 2019, 2020 and 2024", "3 of 5 said so", "it cost 12.50 or $1,200.50",
                   "at 10:30-11:45", "1200 patients a year", "on 2024-03-14",
                   "14/03/2024 and 14.03.2024", "room 801 on floor 5"),
    ),
    Rule(
        PHONE,  # UK, dialled from within the UK
        re.compile(
            r"(?<![\w+])(?P<v>(?:\(0\d{2,4}\)|0\d{2,4})[ -]?\d{3,4}[ -]?\d{3,4})(?!\d)"
        ),
        found=(("mobile 07700 900123 in the notes", "07700 900123"),
               ("07700900123.", "07700900123"),
               ("London 020 7946 0958", "020 7946 0958"),
               ("London (020) 7946 0958", "(020) 7946 0958"),
               ("Manchester 0161 496 0000 ok", "0161 496 0000"),
               ("freephone 0808 157 0192", "0808 157 0192")),
        not_found=("in 2019, 2020 and 2024", "3 of 5 said so", "0.5 mg at 10:30",
                   "on 01-02-2024 or 01.02.2024", "1200 patients", "0 of 12 waited",
                   "code 0123 4567"),
        span=_when(_dialled_digits(10, 11)),
    ),
    Rule(
        PHONE,  # international, with + and a country code
        re.compile(
            r"(?<![\w+])(?P<v>\+\d{1,3}(?:[ .-]?\(0\)[ .-]?\d{1,5}|[ .-]\(?\d{1,5}\)?)"
            r"(?:[ .-]\d{1,6}){1,5})(?!\d)"
        ),
        found=(("+44 7700 900123 is her mobile", "+44 7700 900123"),
               ("ring +44 (0)20 7946 0958 please", "+44 (0)20 7946 0958"),
               ("ring +44 20 7946 0958 please", "+44 20 7946 0958"),
               ("Paris +33 1 23 45 67 89.", "+33 1 23 45 67 89"),
               ("Sydney +61 2 9374 4000", "+61 2 9374 4000"),
               ("Berlin +49 30 901820", "+49 30 901820"),
               ("US +1 801 555 0134", "+1 801 555 0134")),
        not_found=("+5 points since 2019", "+3 of 5", "+12.50 on 2024-03-14",
                   "scores +2 1 4", "at 10:30 + 15"),
        span=_when(_dialled_digits(8, 15)),
    ),
    Rule(
        EMAIL,
        re.compile(r"(?<![\w.%+-])(?P<v>[\w.%+-]+@[\w-]+(?:\.[\w-]+)+)"),
        found=(("write to jane.doe+ward@mail.example.org.", "jane.doe+ward@mail.example.org"),
               ("j.smith@example.org", "j.smith@example.org"),
               ("(a_b@nhs.net)", "a_b@nhs.net")),
        not_found=("@home at 10:30", "email me", "a@b", "the @ sign"),
    ),
    Rule(
        RECORD,
        re.compile(
            r"\b(?:MRN|medical[ \t]record|hospital(?=[ \t]{0,3}(?:no\b|number))|record|chart)\b"
            r"(?:[ \t]{0,3}(?:no\b\.?|number))?[ \t]{0,3}[:#]?[ \t]{0,3}"
            r"(?P<v>[a-z]{0,3}\d{5,12})(?!\w)",
            re.IGNORECASE,
        ),
        found=(("chart shows MRN 12345678 today", "12345678"),
               ("MRN: A1234567.", "A1234567"),
               ("see record #123456", "123456"),
               ("medical record number 4417720", "4417720"),
               ("Medical record no. RX55123", "RX55123"),
               ("hospital number: 7781234", "7781234"),
               ("chart no. 556677", "556677"),
               ("chart number 1234567", "1234567"),
               ("record no 0012345", "0012345")),
        not_found=("the record was 3 of 5", "hospital 2024 plan", "chart 1200",
                   "medical records from 12 March", "MRN unknown"),
    ),
    Rule(
        BIRTH,
        re.compile(
            r"\b(?:DOB|D\.O\.B\.?|date[ \t]of[ \t]birth|birth[ \t]?date|birthday"
            rf"|born(?:[ \t]on)?)[ \t]{{0,3}}[:-]?[ \t]{{0,3}}(?P<v>{_DATE})",
            re.IGNORECASE,
        ),
        found=(("DOB 03/14/1962 on file", "03/14/1962"),
               ("DOB: 14/03/1962", "14/03/1962"),
               ("born on 14/03/1962", "14/03/1962"),
               ("D.O.B. 3/14/62", "3/14/62"),
               ("date of birth: 1962-03-14", "1962-03-14"),
               ("birth date 14.03.1962", "14.03.1962"),
               ("she was born 14 March 1962.", "14 March 1962"),
               ("born 14th of March 1962", "14th of March 1962"),
               ("born on March 14th, 1962", "March 14th, 1962"),
               ("DOB March 14, 1962", "March 14, 1962"),
               ("dob 14-Mar-1962", "14-Mar-1962"),
               ("born Mar 14 1962", "Mar 14 1962")),
        not_found=("born in Leeds in 1962", "date of birth: unknown", "DOB field was blank",
                   "the 14/03/1962 meeting", "born 3 of 5", "birthday party at 10:30",
                   "born 14 Marching 1962"),
    ),
    Rule(
        LONG_NUMBER,
        re.compile(r"(?<![\d.])(?P<v>\d{7,10})(?!\d|\.\d)"),
        found=(("the number 8015550 came up", "8015550"),
               ("ref 9434765918", "9434765918")),
        not_found=("1,234,567 dollars or 3.14159265", "1200 patients", "in 2024",
                   "123456", "12345678901"),
    ),
    Rule(
        NAME,
        re.compile(
            r"(?<![\w'’])(?:[Pp]atient|PATIENT|[Pp]t\.?|M(?:r|rs|s|iss|x)\.?|Dr\.?)[ \t]{1,2}"
            rf"(?P<v>{_WORD}(?:[ \t]{_WORD})?)"
        ),
        found=(("Mrs. Alvarez waited", "Alvarez"),
               ("Mrs Okafor", "Okafor"),
               ("we saw patient John Smith at noon", "John Smith"),
               ("Mr O'Neil said thanks", "O'Neil"),
               ("Pt. Ñúñez-López left", "Ñúñez-López"),
               ("ask Dr Patel", "Patel"),
               ("Miss Grey and Mx Lee", "Grey"),
               ("Mx Lee", "Lee"),
               ("Ms Nakamura phoned", "Nakamura"),
               ("patient Ana Lima Costa", "Ana Lima")),
        not_found=("Dr. appointments run late",
                   "the Patient Experience team and patient ICU transfers",
                   "the patients said so; the patient waited", "Mrs. said no",
                   "Smith and Jones"),
        span=_name_span,
    ),
)

def kinds() -> list[Kind]:
    """Every kind of identifier the rules look for, in the rules' order, once each."""
    return list(dict.fromkeys(rule.kind for rule in RULES))


def looked_for_sentence() -> str:
    """The check's last line: what it looked for, and that it cannot promise a clean text.

    It never says that no detail is left, because the rules miss things.
    """
    names = [kind.plural for kind in kinds()]
    listed = ", ".join(names[:-1]) + " and " + names[-1]
    return (f"The check looked for {listed}. It is a help, not a guarantee: "
            "please read the text yourself as well.")


class Passage(Protocol):
    """Something exported that people typed: a note, an action item. Its id is any key the
    caller can store a redacted text back under."""

    @property
    def id(self) -> Hashable: ...

    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class Identifier:
    """A part of one passage that may identify a patient: text == passage.text[start:end]."""

    note_id: Hashable  # the passage's id
    start: int
    end: int
    kind: str
    text: str


def _candidates(text: str) -> Iterator[tuple[int, int, int, str]]:
    for order, rule in enumerate(RULES):
        for match in rule.pattern.finditer(text):
            span = rule.span(match)
            if span is not None:
                yield span[0], span[1], order, rule.kind.name


def find_identifiers(notes: Sequence[Passage]) -> list[Identifier]:
    """Likely patient identifiers, in passage order then position, never overlapping.

    Where two patterns overlap the one starting first wins, and at the same start the longer.
    """
    found: list[Identifier] = []
    for note in notes:
        text = note.text
        taken_to = 0
        for start, end, _order, kind in sorted(
            _candidates(text), key=lambda c: (c[0], -c[1], c[2])
        ):
            if start >= taken_to:
                found.append(Identifier(note.id, start, end, kind, text[start:end]))
                taken_to = end
    return found


def redact(text: str, findings: Iterable[Identifier], replacement: str = REPLACEMENT) -> str:
    """The text with each finding's span replaced; findings must come from this very text.

    Every offset refers to the original text, and the result is built in one pass, so even
    thousands of findings in a megabyte note are replaced at once.
    """
    pieces, at = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        pieces += [text[at : finding.start], replacement]
        at = finding.end
    pieces.append(text[at:])
    return "".join(pieces)

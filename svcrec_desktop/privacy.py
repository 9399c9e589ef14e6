"""Spot text that could identify a patient, so it can be removed before export.

Notes are typed live in a hospital meeting, and a phone number or a name slips in easily. The
patterns below catch the common shapes of such details; they are a help for the facilitator,
not a guarantee, and they will both miss things and flag harmless text. Every pattern either
starts at a keyword or refuses to start inside a run of the characters it repeats, so a
megabyte of text is scanned in linear time whatever it contains.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

REPLACEMENT = "[removed]"

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}(?!\d)"  # 1962-03-14
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)"  # 03/14/1962, 14.03.62
    rf"|{_ORDINAL}[ \t](?:of[ \t])?{_MONTH},?[ \t]\d{{4}}"  # 14 March 1962
    rf"|{_MONTH}[ \t]{_ORDINAL},?[ \t]\d{{4}})"  # March 14, 1962
)
_WORD = r"[^\W\d_][\w'’-]*"

# Each rule is a kind and a pattern whose group "v" is the identifying part: the keyword
# before it ("MRN", "DOB", "Mrs.") stays in the note so a redacted note still reads sensibly.
# Earlier rules win when two find the same text.
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("e-mail address", re.compile(r"(?<![\w.%+-])(?P<v>[\w.%+-]+@[\w-]+(?:\.[\w-]+)+)")),
    ("medical record number", re.compile(
        r"\b(?:MRN|medical[ \t]record|record|chart)\b[ \t]{0,3}(?:(?:no\.?|number)[ \t]{0,3})?"
        r"[:#]?[ \t]{0,3}(?P<v>[a-z]{0,2}\d{5,12})(?!\w)",
        re.IGNORECASE,
    )),
    ("date of birth", re.compile(
        r"\b(?:DOB|D\.O\.B\.?|date[ \t]of[ \t]birth|birth[ \t]?date|birthday|born(?:[ \t]on)?)"
        rf"[ \t]{{0,3}}[:-]?[ \t]{{0,3}}(?P<v>{_DATE})",
        re.IGNORECASE,
    )),
    ("phone number", re.compile(
        r"(?<![\w+])(?P<v>\+\d{1,3}(?:[ .-]\d{2,4}){2,5}"  # +44 20 7946 0958
        r"|(?:1[ .-])?(?:\(\d{3}\)[ ]?|\d{3}[ .-])\d{3}[ .-]\d{4})(?!\d)"  # (801) 555-0134
    )),
    ("long number", re.compile(r"(?<![\d.])(?P<v>\d{7,10})(?!\d|\.\d)")),
    ("name", re.compile(
        r"(?<![\w'’])(?:[Pp]atient|PATIENT|[Pp]t\.?|M(?:r|rs|s|iss|x)\.?|Dr\.?)[ \t]{1,2}"
        rf"(?P<v>{_WORD}(?:[ \t]{_WORD})?)"
    )),
)

# Capitalised words that follow "Patient" in hospital talk without being anyone's name.
_NOT_NAMES = frozenset({
    "Access", "Advocacy", "Advocate", "Care", "Experience", "Family", "Flow", "Liaison",
    "Portal", "Relations", "Rights", "Safety", "Satisfaction", "Services", "Transport",
})


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


def _candidates(text: str) -> Iterator[tuple[int, int, int, str]]:
    for order, (kind, pattern) in enumerate(_RULES):
        for match in pattern.finditer(text):
            span = _name_span(match) if kind == "name" else match.span("v")
            if span is not None:
                yield span[0], span[1], order, kind


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

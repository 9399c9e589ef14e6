"""Likely patient identifiers are found at their exact place, and redaction changes nothing else."""

from datetime import datetime
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from samples import HOSTILE_TEXTS

from svcrec_desktop.model import Note
from svcrec_desktop.privacy import REPLACEMENT, Identifier, find_identifiers, redact

WHEN = datetime(2024, 3, 12, 10, 30)


def note(text: str, note_id: int = 1) -> Note:
    return Note(note_id, f"uid{note_id}", 1, "q1", text, WHEN, WHEN)


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_identifiers([note(text)])]


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("chart shows MRN 12345678 today", "medical record number", "12345678"),
        ("MRN: A1234567.", "medical record number", "A1234567"),
        ("see record #123456", "medical record number", "123456"),
        ("the number 8015550 came up", "long number", "8015550"),
        ("call (801) 555-0134 now", "phone number", "(801) 555-0134"),
        ("call 801-555-0134", "phone number", "801-555-0134"),
        ("ring +44 20 7946 0958 please", "phone number", "+44 20 7946 0958"),
        ("ring 801.555.0134.", "phone number", "801.555.0134"),
        ("write to jane.doe+ward@mail.example.org.", "e-mail address",
         "jane.doe+ward@mail.example.org"),
        ("DOB 03/14/1962 on file", "date of birth", "03/14/1962"),
        ("she was born 14 March 1962.", "date of birth", "14 March 1962"),
        ("date of birth: 1962-03-14", "date of birth", "1962-03-14"),
        ("born on March 14th, 1962", "date of birth", "March 14th, 1962"),
        ("Mrs. Alvarez waited", "name", "Alvarez"),
        ("we saw patient John Smith at noon", "name", "John Smith"),
        ("Mr O'Neil said thanks", "name", "O'Neil"),
        ("Pt. Ñúñez-López left", "name", "Ñúñez-López"),
        ("ask Dr Patel", "name", "Patel"),
    ],
)
def test_each_kind_is_found_at_its_exact_span(text, kind, value):
    (finding,) = find_identifiers([note(text)])
    assert (finding.kind, finding.text) == (kind, value)
    assert text[finding.start : finding.end] == value


@pytest.mark.parametrize(
    "text",
    [
        "on 12 March we met the team",
        "the huddle is at 10:30 in room 4B",
        "3 patients waited more than 2 hours in 2024",
        "Dr. appointments run late",  # a title before a lowercase word is not a name
        "the Patient Experience team and patient ICU transfers",
        "the patients said so; the patient waited",
        "1,234,567 dollars or 3.14159265",
        "12/03/2024 was a meeting date, not a birth date",
    ],
)
def test_ordinary_meeting_talk_is_not_flagged(text):
    assert found(text) == []


def test_the_keyword_stays_and_overlaps_are_resolved_once():
    text = "MRN 12345678 and DOB 03/14/1962"
    assert found(text) == [("medical record number", "12345678"), ("date of birth", "03/14/1962")]


def test_findings_come_in_note_order_then_position():
    notes = [note("Mr Brown, then 801-555-0134", 7), note("nothing here", 8), note("Ms Grey", 3)]
    assert [(f.note_id, f.text) for f in find_identifiers(notes)] == [
        (7, "Brown"), (7, "801-555-0134"), (3, "Grey"),
    ]


def test_a_name_keeps_only_its_capitalised_words():
    assert found("Mrs. Alvarez said no") == [("name", "Alvarez")]
    assert found("patient Ana Lima Costa") == [("name", "Ana Lima")]


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_hostile_text_is_scanned_and_redacted_byte_exact(name):
    hostile = HOSTILE_TEXTS[name]
    text = f"{hostile} Mrs. Alvarez said {hostile} (801) 555-0134 {hostile}"
    findings = find_identifiers([note(text)])
    assert [f.text for f in findings] == ["Alvarez", "(801) 555-0134"]
    redacted = redact(text, findings)
    assert redacted == f"{hostile} Mrs. {REPLACEMENT} said {hostile} {REPLACEMENT} {hostile}"


def test_a_megabyte_of_digits_and_addresses_is_scanned():
    assert find_identifiers([note("1" * 1_000_000)]) == []
    assert find_identifiers([note("a@" * 500_000)]) == []
    phones = find_identifiers([note("801-555-0134 " * 75_000)])
    assert len(phones) == 75_000


def test_redact_replaces_only_the_given_spans_of_the_original_text():
    text = "Mr Ode 👩‍👩‍👧 called 801-555-0134 \u202eעברית\x07"
    findings = find_identifiers([note(text)])
    assert redact(text, findings) == f"Mr {REPLACEMENT} 👩‍👩‍👧 called {REPLACEMENT} \u202eעברית\x07"
    assert redact(text, findings[1:], "***") == "Mr Ode 👩‍👩‍👧 called *** \u202eעברית\x07"
    assert redact(text, []) == text


@given(st.text(), st.text(alphabet="0123456789 .-()+@MrsDOB:/", max_size=40))
def test_findings_always_match_their_text_and_never_overlap(noise, pattern_soup):
    text = noise + pattern_soup + noise
    findings = find_identifiers([note(text)])
    assert all(f == Identifier(1, f.start, f.end, f.kind, text[f.start : f.end]) for f in findings)
    assert all(a.end <= b.start for a, b in pairwise(findings))

"""Likely patient identifiers are found at their exact place, and redaction changes nothing else."""

from datetime import datetime
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.model import Note
from svcrec_desktop.domain.privacy import (
    REPLACEMENT,
    RULES,
    Identifier,
    find_identifiers,
    kinds,
    looked_for_sentence,
    nhs_check_digit_ok,
    redact,
)

WHEN = datetime(2024, 3, 12, 10, 30)


def note(text: str, note_id: int = 1) -> Note:
    return Note(note_id, f"uid{note_id}", 1, "q1", text, WHEN, WHEN)


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in find_identifiers([note(text)])]


EXAMPLES = [(rule.kind.name, text, part) for rule in RULES for text, part in rule.found]
COUNTER_EXAMPLES = [(rule.kind.name, text) for rule in RULES for text in rule.not_found]


@pytest.mark.parametrize(("kind", "text", "part"), EXAMPLES)
def test_every_rule_finds_its_examples_at_their_exact_place(kind, text, part):
    findings = find_identifiers([note(text)])
    assert (kind, part) in [(f.kind, f.text) for f in findings]
    assert all(text[f.start : f.end] == f.text for f in findings)


@pytest.mark.parametrize(("kind", "text"), COUNTER_EXAMPLES)
def test_no_rule_finds_its_kind_in_its_counter_examples(kind, text):
    assert kind not in [kind for kind, _text in found(text)]


def test_every_rule_has_several_examples_each_way():
    assert all(len(rule.found) >= 2 and len(rule.not_found) >= 3 for rule in RULES)


@pytest.mark.parametrize("text", [
    "ring her on 07700 900123 after six",  # was missed once, and the check said all was clear
    "+44 7700 900123", "07700900123",
])
def test_a_uk_mobile_is_found_whole(text):
    assert found(text) == [("phone number", text.split(" on ")[-1].split(" after")[0])]


def test_an_nhs_number_is_found_only_with_its_check_digit():
    assert nhs_check_digit_ok("943 476 5919")
    assert found("NHS 943 476 5919") == [("NHS number", "943 476 5919")]
    for place in range(10):
        digits = list("9434765919")
        digits[place] = str((int(digits[place]) + 1) % 10)
        changed = "".join(digits)
        assert not nhs_check_digit_ok(changed)
        assert "NHS number" not in [kind for kind, _text in found(f"NHS {changed}")]
        spaced = f"{changed[:3]} {changed[3:6]} {changed[6:]}"
        assert "NHS number" not in [kind for kind, _text in found(f"NHS {spaced}")]


def test_the_check_says_what_it_looked_for_and_never_that_all_is_clear():
    sentence = looked_for_sentence()
    for kind in kinds():
        assert kind.plural in sentence
    assert {kind.name for kind in kinds()} == {rule.kind.name for rule in RULES}
    assert "nothing" not in sentence.casefold() and "no patient" not in sentence.casefold()
    assert "not a guarantee" in sentence


@pytest.mark.parametrize(
    "text",
    [
        "on 12 March we met the team",
        "the huddle is at 10:30 in room 4B",
        "3 patients waited more than 2 hours in 2024",
        "1,234,567 dollars or 3.14159265",
        "12/03/2024 was a meeting date, not a birth date",
        "1200 patients, 3 of 5 wards, 12.50 each, 2024-03-14 to 2024-04-01",
        "scores rose +5 in 2019 and 2020, £12.50 per meal, 10:30-11:45",
    ],
)
def test_ordinary_meeting_talk_is_not_flagged(text):
    assert found(text) == []


def test_the_keyword_stays_and_overlaps_are_resolved_once():
    text = "MRN 12345678 and DOB 03/14/1962"
    assert found(text) == [("record number", "12345678"), ("date of birth", "03/14/1962")]


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


@pytest.mark.parametrize("rule", RULES, ids=[f"{n}-{r.kind.name}" for n, r in enumerate(RULES)])
def test_a_megabyte_of_one_rules_examples_is_scanned(rule):
    """Back to back, the examples give each pattern the longest runs of what it repeats."""
    seed = "".join(text for text, _part in rule.found)
    text = (seed * (1_000_000 // len(seed) + 1))[:1_000_000]
    findings = find_identifiers([note(text)])
    assert findings and all(text[f.start : f.end] == f.text for f in findings)

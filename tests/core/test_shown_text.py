"""Text from a file or the database is shown with its control characters visible, one way."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.shown_text import one_line, visible_text

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
anything = st.text(st.one_of(st.characters(codec=None, exclude_categories=()),
                             st.sampled_from(["\x1b", "\x9b", "\x85", "\r", "\ud800", *BIDI])))


def acting(text: str, kept: str = "") -> list[str]:
    """Characters that would act on a terminal or reorder a line, instead of showing."""
    return [c for c in text if c not in kept
            and (unicodedata.category(c) == "Cc" or c in BIDI)]


def test_each_kind_of_control_shows_one_way():
    assert visible_text("a\x1b[31mb\x07\x00\x7f") == "a␛[31mb␇␀␡"
    assert visible_text("c1 \x9b2J next\x85line") == "c1 \\x9b2J next\\x85line"
    assert visible_text("\u202eevil\u202c \u2066isolate\u2069") == (
        "\\u202eevil\\u202c \\u2066isolate\\u2069")
    assert visible_text("line\nbreak\ttab\rreturn") == "line\nbreak\ttab␍return"
    assert visible_text("line\nbreak", keep="") == "line␊break"


def test_ordinary_text_is_left_as_it_is():
    for name in ("emoji sequences", "right to left", "combining marks", "non-characters",
                 "lone surrogate"):
        assert visible_text(HOSTILE_TEXTS[name]) == HOSTILE_TEXTS[name]


@given(anything)
def test_nothing_acts_after_visible_text(text):
    shown = visible_text(text)
    assert not acting(shown, kept="\n\t")
    assert visible_text(shown) == shown


@given(anything)
def test_one_line_is_one_printable_line(text):
    line = one_line(text)
    assert not acting(line) and "\n" not in line and line == line.strip()
    line.encode("utf-8")  # a lone surrogate could not be printed


def test_one_line_keeps_words_apart_and_marks_what_cannot_print():
    assert one_line("Line\nbreak and a lone \ud800 surrogate\x1b[2J") == (
        "Line break and a lone ? surrogate␛[2J")

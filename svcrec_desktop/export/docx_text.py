"""User text into Word: exactly what was typed, minus only what XML cannot hold.

Notes are stored untouched; this is the one place where text is adapted, and only at export:
characters XML 1.0 forbids are dropped, every kind of line break becomes a Word line break,
tabs stay tabs, a paragraph that starts in a right-to-left script reads right to left, and
each right-to-left stretch is its own run marked right to left, so mixed lines keep their order.
"""

from __future__ import annotations

import re
import unicodedata

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_NOT_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Every block that holds a right-to-left letter (Hebrew to Arabic, the right-to-left mark,
# their presentation forms, and the historic and newer scripts above U+FFFF): text with
# none of these is one left-to-right stretch, found without looking at each character.
MAY_BE_RIGHT_TO_LEFT = re.compile(
    "[\u0590-\u08ff\u200f\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff"
    "\U0001e800-\U0001efff]")
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)


def xml_safe(text: str) -> str:
    """Line breaks as \\n, and no character that an XML document cannot contain."""
    return _NOT_XML.sub("", _LINE_BREAKS.sub("\n", text))


def _strong(char: str) -> str | None:
    """"R" for a right-to-left letter, "L" for a left-to-right one, None for the rest
    (spaces, punctuation, digits), whose direction depends on what surrounds them."""
    direction = unicodedata.bidirectional(char)
    if direction in ("R", "AL"):
        return "R"
    return "L" if direction == "L" else None


def starts_right_to_left(text: str) -> bool:
    """True if the first strongly directional character is Hebrew, Arabic or similar."""
    return next((d for d in map(_strong, text) if d), "L") == "R"


def directional_stretches(text: str) -> list[tuple[str, bool]]:
    """The text cut where its direction changes: (stretch, right_to_left) in typed order.

    The text is read as one isolated piece, as Unicode's bidirectional rules read it: spaces,
    punctuation and digits between two letters of one direction go with them; elsewhere (at
    a change of direction or at either end) they take the direction of the text's first
    letter. So "Sam, مريم!" keeps its "!" in the left-to-right stretch and "مريم: Sam?" its
    "?" in the right-to-left one. Linear in the text's length: notes may be a megabyte.
    """
    if not MAY_BE_RIGHT_TO_LEFT.search(text):
        return [(text, False)]
    base = "R" if starts_right_to_left(text) else "L"
    strong = [_strong(char) for char in text]
    following: list[str | None] = [None] * len(text)
    upcoming = None
    for index in range(len(text) - 1, -1, -1):
        following[index] = upcoming
        upcoming = strong[index] or upcoming
    cuts, directions = [0], [base]
    previous: str | None = None
    for index, (own, after) in enumerate(zip(strong, following, strict=True)):
        direction = own or (previous if previous is not None and previous == after else base)
        previous = own or previous
        if index == 0:
            directions[0] = direction
        elif direction != directions[-1]:
            cuts.append(index)
            directions.append(direction)
    ends = [*cuts[1:], len(text)]
    return [(text[start:end], direction == "R")
            for start, end, direction in zip(cuts, ends, directions, strict=True)]


def _has_letters(paragraph: Paragraph) -> bool:
    """True once the paragraph holds a strongly directional character. Reads the text
    elements only up to the first one, never the whole paragraph (python-docx's
    Paragraph.text is slow on a paragraph of a megabyte)."""
    return any(_strong(char) for node in paragraph._p.iter(qn("w:t")) for char in node.text or "")


def _run_of(paragraph: Paragraph, text: str) -> Run:
    """A new run holding text. Without tabs or line breaks it is one w:t element, made
    directly: python-docx's Run.text looks at every character for them, a cost a long
    export of notes feels."""
    if "\t" in text or "\n" in text:
        return paragraph.add_run(text)
    run = paragraph.add_run()
    run._r.add_t(text)
    return run


def add_text(paragraph: Paragraph, text: str, *, bold: bool = False,
             italic: bool = False) -> list[Run]:
    """Append user text to a paragraph, one run per direction (tabs and breaks are real).

    A right-to-left stretch is marked as such (w:rtl), so Word keeps its spaces and marks
    with it even beside an English label; a paragraph whose first letter is right-to-left
    reads right to left (w:bidi).
    """
    text = xml_safe(text)
    if not _has_letters(paragraph) and starts_right_to_left(text):
        p_pr = paragraph._p.get_or_add_pPr()
        if p_pr.find(qn("w:bidi")) is None:
            p_pr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    runs = []
    for stretch, right_to_left in directional_stretches(text):
        run = _run_of(paragraph, stretch)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if right_to_left:
            run.font.rtl = True
            run.font.cs_bold = run.bold
            run.font.cs_italic = run.italic
        runs.append(run)
    return runs

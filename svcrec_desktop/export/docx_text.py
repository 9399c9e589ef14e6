"""User text into Word: exactly what was typed, minus only what XML cannot hold.

Notes are stored untouched; this is the one place where text is adapted, and only at export:
characters XML 1.0 forbids are dropped, every kind of line break becomes a Word line break,
tabs stay tabs, and a paragraph that starts in a right-to-left script reads right to left.
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
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
    "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
    "w:pPrChange",
)


def xml_safe(text: str) -> str:
    """Line breaks as \\n, and no character that an XML document cannot contain."""
    return _NOT_XML.sub("", _LINE_BREAKS.sub("\n", text))


def starts_right_to_left(text: str) -> bool:
    """True if the first strongly directional character is Hebrew, Arabic or similar."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def add_text(paragraph: Paragraph, text: str, *, bold: bool = False,
             italic: bool = False) -> Run:
    """Append user text to a paragraph as one run (tabs and breaks become real ones)."""
    run = paragraph.add_run(xml_safe(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True
    if starts_right_to_left(text):
        p_pr = paragraph._p.get_or_add_pPr()
        if p_pr.find(qn("w:bidi")) is None:
            p_pr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    return run


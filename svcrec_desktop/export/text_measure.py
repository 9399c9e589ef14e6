"""How much room a text takes in Calibri, estimated without Word: widths and wrapped lines.

A one-page document has to decide its type size before anyone opens it, so it measures its
own text. The widths are Carlito's (metric-compatible with Calibri, so Word and LibreOffice
lay out the same), taken from its bold face: bold is never narrower, which keeps the estimate
on the safe side. Scripts Calibri lacks come from a fallback font and are counted wide.
"""

from __future__ import annotations

import unicodedata

# Advance widths of Carlito Bold for " " to "~", in thousandths of an em.
_ASCII = (
    226, 326, 438, 498, 507, 729, 705, 233, 312, 312, 498, 498, 258, 306, 267, 430, 507, 507,
    507, 507, 507, 507, 507, 507, 507, 507, 276, 276, 498, 498, 498, 463, 898, 606, 561, 529,
    630, 488, 459, 637, 631, 267, 331, 547, 423, 874, 659, 676, 532, 686, 563, 473, 495, 653,
    591, 906, 551, 520, 478, 325, 430, 325, 498, 498, 300, 494, 537, 418, 537, 503, 316, 474,
    537, 246, 255, 480, 246, 813, 537, 538, 537, 537, 355, 399, 347, 537, 473, 745, 459, 474,
    397, 344, 475, 344, 498,
)
OTHER_EM = 0.62  # accented letters, other alphabets: a little wider than Calibri's average
WIDE_EM = 1.0  # Chinese, Japanese, Korean and other full-width characters
TAB_PT = 36.0  # Word's default tab stops, every half inch
LINE_EM = 1.2207  # Calibri's line height at single spacing: (ascent + descent) / em


def char_em(char: str) -> float:
    """The width of one character as a share of the type size."""
    code = ord(char)
    if 0x20 <= code < 0x7F:
        return _ASCII[code - 0x20] / 1000
    if unicodedata.combining(char) or unicodedata.category(char) in ("Cf", "Mn", "Me"):
        return 0.0
    return WIDE_EM if unicodedata.east_asian_width(char) in ("W", "F") else OTHER_EM


class _Ems(dict[str, float]):
    """Each character's width as a share of the type size, worked out once per character
    (a 2,000-note export measures about a million)."""

    def __missing__(self, char: str) -> float:
        self[char] = width = 0.0 if char == "\t" else char_em(char)  # tabs: TAB_PT
        return width


_EMS = _Ems()


def text_width(text: str, size: float) -> float:
    """The width of one line of text in points at this type size."""
    return sum(map(_EMS.__getitem__, text)) * size + text.count("\t") * TAB_PT


def line_count(text: str, width: float, size: float) -> int:
    """How many lines the text wraps to in a column this wide (points): word by word, a word
    too long for a line broken where it reaches the edge, as Word and LibreOffice do."""
    return sum(_wrapped(line, width, size) for line in text.split("\n"))


def _wrapped(line: str, width: float, size: float) -> int:
    lines, used = 1, 0.0
    space = char_em(" ") * size
    for word in line.split(" "):
        needed = text_width(word, size)
        if used and used + space + needed > width:
            lines, used = lines + 1, 0.0
        used += (space if used else 0.0) + needed
        while used > width + 1e-6:  # a word longer than the line runs on over the next ones
            lines, used = lines + 1, used - width
    return lines

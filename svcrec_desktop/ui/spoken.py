"""What a screen reader says for a text the eye reads with marks and layout (no Qt needed).

The visible text keeps its arrows, ticks, dots and aligned columns; the name a screen reader
is given (an item's Qt.AccessibleTextRole, a button's accessibleName) says the same in words
on one line, so that Orca neither spells out "black right-pointing triangle" nor stops at
every line break.
"""

from __future__ import annotations

import re

# Marks the eye takes in at a glance and a screen reader would spell out.
SYMBOLS = "▶◀◂▸✓✕•→←↳☐…"
_SEPARATOR = re.compile(r"\s+·\s+")  # " · " between the parts of a line


def in_words(text: str) -> str:
    """The text on one line as a screen reader should say it: a " · " between parts a comma,
    the symbols left out, every run of spaces and line breaks one space."""
    text = _SEPARATOR.sub(", ", text)
    return " ".join(text.translate({ord(symbol): " " for symbol in SYMBOLS}).split())

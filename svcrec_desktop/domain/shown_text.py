"""Text from a file or the database made safe to show: its control characters made visible.

A department's name, a section name or a note can hold whatever a file held: an escape
sequence that recolours or clears a terminal, a carriage return that writes over the line, a
bidi override that reorders it. Everything such text goes through before a terminal or a
message shows it is here, so it is one rule everywhere: a control character with a Unicode
picture shows as that picture (ESC as ␛, DEL as ␡), and the invisible ones without a picture
(C1 controls, bidi embeddings, overrides and isolates) as their escape (\\x85, \\u202e).
"""

from __future__ import annotations

from functools import cache

_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)} | {0x7F: "\u2421"}
_BIDI = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))  # they reorder the text around them
_ESCAPES = {code: f"\\x{code:02x}" for code in range(0x80, 0xA0)} | {
    code: f"\\u{code:04x}" for code in _BIDI}


@cache
def _table(keep: str) -> dict[int, str]:
    return {code: shown for code, shown in (_PICTURES | _ESCAPES).items()
            if chr(code) not in keep}


def visible_text(text: str, keep: str = "\n\t") -> str:
    """text with every control character but those in keep shown instead of acting."""
    return text.translate(_table(keep))


def one_line(text: str) -> str:
    """Text for one line of a terminal: controls visible, each run of white space (line breaks
    included) one space, and a lone surrogate, which no terminal can print, as ?."""
    shown = " ".join(visible_text(text, keep="\t\n\r").split())
    return shown.encode("utf-8", "replace").decode("utf-8")


def clipped(text: str, most: int) -> str:
    """one_line(text), cut to at most `most` characters with an ellipsis where it was cut:
    a value quoted in a message that must stay one short line."""
    shown = one_line(text)
    return shown if len(shown) <= most else shown[: most - 1] + "…"

"""How values travel between Python and the database: text exactly as typed, ISO times."""

from __future__ import annotations

import re
from datetime import date, datetime

# A high surrogate followed by a low one: JSON reads the two escapes back as the one character
# they make together, so a text holding such a pair as two code points is written as a list.
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")


def now() -> datetime:
    """The current local time with its UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def db_text(text: str) -> str | bytes:
    """Text as SQLite can hold it: lone surrogates cannot be UTF-8, so such text goes as bytes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")
    return text


def py_text(value: str | bytes | None) -> str:
    """The exact text that db_text was given."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogatepass")
    return value or ""


def optional_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def optional_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def json_text(text: str) -> str | dict[str, list[int]]:
    """Text as JSON keeps it exactly: a string, or its code points where JSON would pair them."""
    if _SURROGATE_PAIR.search(text):
        return {"code_points": [ord(character) for character in text]}
    return text


def text_from_json(value: object) -> str:
    """The text json_text was given; ValueError if value is neither form."""
    if isinstance(value, str):
        return value
    points = value.get("code_points") if isinstance(value, dict) else None
    if isinstance(points, list) and all(type(p) is int and 0 <= p <= 0x10FFFF for p in points):
        return "".join(map(chr, points))
    raise ValueError("not text")


# The session fields a person edits as text; the only ones sessions.update accepts besides
# plan and the dates.
SESSION_TEXT_FIELDS = (
    "department", "facilitator", "note_taker", "participants", "preread_title",
    "preread_where", "invitation", "reflection", "help_contact", "owner", "approved_by",
)
# The session's dates that may be left empty (sessions.set_date clears them).
SESSION_OPTIONAL_DATES = ("meeting2_date", "approved_on", "review_on")

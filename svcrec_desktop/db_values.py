"""How values travel between Python and the database: text exactly as typed, ISO times."""

from __future__ import annotations

from datetime import date, datetime


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

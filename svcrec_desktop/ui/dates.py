"""The one way the window writes a date.

Day, month and year come in the order the computer's region writes them ("December 4, 2026"
in the United States, "4 December 2026" elsewhere), with the month's name in English like the
rest of the window. Lists, labels and date boxes all use it; the Word documents keep the
core's ``long_date``, since a guide is read far beyond the computer that wrote it.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDateEdit

from svcrec_desktop.domain.guide_model import GuideVersion

MONTH_FIRST = "MMMM d, yyyy"
DAY_FIRST = "d MMMM yyyy"


def date_format() -> str:
    """Qt's format for the region: month first where its own long dates put the month
    before the day (as the United States does), else day first."""
    order = QLocale().dateFormat(QLocale.FormatType.LongFormat).replace("dddd", "")
    month, day = order.find("M"), order.find("d")
    return MONTH_FIRST if 0 <= month < day else DAY_FIRST


def date_locale() -> QLocale:
    """English month names with the region's habits, such as the first day of its weeks."""
    here = QLocale()
    if here.language() in (QLocale.Language.English, QLocale.Language.C):
        return here
    return QLocale(QLocale.Language.English, here.territory())


def shown_date(day: date) -> str:
    """A date for a list, a label or a message in the window (the day of a moment)."""
    if isinstance(day, datetime):
        day = day.date()
    return date_locale().toString(QDate(day), date_format())


def shown_moment(moment: datetime) -> str:
    """A date and time to the second, for a backup: "4 December 2026, 14:05:09"."""
    return f"{shown_date(moment)}, {moment:%H:%M:%S}"


def shown_version(version: GuideVersion) -> str:
    """A kept version of the guide by name and day: "Draft 2 · 4 December 2026"."""
    return f"{version.name} · {shown_date(version.created_at)}"


def shown_iso_date(text: str) -> str:
    """A date stored as text (2026-12-04) as the window shows it; other text as it is."""
    try:
        return shown_date(date.fromisoformat(text))
    except ValueError:
        return text


def fit_date_edit(edit: QDateEdit) -> None:
    """Make a date box show its date the way the rest of the window does."""
    edit.setLocale(date_locale())
    edit.setDisplayFormat(date_format())

"""Custom widgets that the Designer forms promote (registered with the form loader)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from PySide6.QtCore import QDate, QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QAbstractButton, QDateEdit, QPlainTextEdit, QWidget

from svcrec_desktop.ui.dates import fit_date_edit


class Filling:
    """True while a page puts stored values into its widgets, so that the change signals this
    causes are not taken for the person's edits."""

    def __init__(self) -> None:
        self._depth = 0

    def __bool__(self) -> bool:
        return self._depth > 0

    @contextmanager
    def held(self) -> Iterator[None]:
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1


LONG_LINE = 5000  # characters in one line beyond which wrapping is switched off
MAX_TEXT = 2**31 - 1  # a text box's limit; Qt's default of 32,767 would cut long text
TOOLTIP_CHARS = 1000  # a tooltip shows at most this much of a long text


def day_of(value: QDate) -> date:
    return value.toPython()  # type: ignore[return-value]


def mark_primary(button: QAbstractButton, primary: bool = True) -> None:
    """Make the button look like its page's or dialog's main action (style.qss), or no
    longer: for buttons a .ui file cannot mark, as a button box's, or a main action that
    changes with what the dialog shows."""
    button.setProperty("primary", primary)
    button.style().polish(button)


def has_long_line(text: str) -> bool:
    return len(text) > LONG_LINE and any(len(line) > LONG_LINE for line in text.split("\n"))


class NoteEdit(QPlainTextEdit):
    """A plain-text box that stays responsive when someone pastes a megabyte.

    Qt needs seconds to minutes to wrap a single very long line, but lays it out at once
    unwrapped, so wrapping is off while such a line is in the box and back on afterwards.
    """

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self._fit_wrapping(self.toPlainText() + source.text())
        super().insertFromMimeData(source)

    def set_text(self, text: str) -> None:
        """Replace the whole text (use instead of setPlainText)."""
        if has_long_line(text):
            self._fit_wrapping(text)  # unwrap first, so the long line is never wrapped
            self.setPlainText(text)
        else:
            self.setPlainText(text)  # drop any long line first, then wrap again
            self._fit_wrapping(text)

    def _fit_wrapping(self, text: str) -> None:
        wanted = (
            QPlainTextEdit.LineWrapMode.NoWrap if has_long_line(text)
            else QPlainTextEdit.LineWrapMode.WidgetWidth
        )
        if self.lineWrapMode() != wanted:
            self.setLineWrapMode(wanted)


class OptionalDateEdit(QDateEdit):
    """A date that may be missing: Delete empties it, and an empty date the person does not
    touch stays empty, so moving through a row or form with Tab or Enter never invents one."""

    NO_DATE = QDate(1900, 1, 1)
    # Keys that move around or close the editor without choosing a date.
    _PASSING_KEYS = frozenset({
        Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape, Qt.Key.Key_Tab,
        Qt.Key.Key_Backtab, Qt.Key.Key_Left, Qt.Key.Key_Right,
    })

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        fit_date_edit(self)
        self.setMinimumDate(self.NO_DATE)
        self.setSpecialValueText("no date")
        self.setToolTip("Delete leaves the date empty")
        self.touched = False  # the person changed the date (not just opened and left it)
        self._watching = False  # the calendar is made when it first opens, not with the page

    def _watch_calendar(self) -> None:
        """Follow the calendar's clicks; called before a click or key can open it, so that
        building a page with many dates builds no calendar until one is wanted."""
        if self._watching:
            return
        self._watching = True
        calendar = self.calendarWidget()  # made here, once
        calendar.clicked.connect(self._touch)
        calendar.activated.connect(self._touch)
        calendar.installEventFilter(self)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._watch_calendar()
        super().mousePressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """An empty date opens its calendar on this month, not on January 1900."""
        if (watched is self.calendarWidget() and event.type() == QEvent.Type.Show
                and self.date() == self.NO_DATE):
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)

    def _touch(self) -> None:
        self.touched = True

    def start_at(self, value: date | None, suggestion: date) -> None:
        """Show value, or the suggestion for an empty date (stored only if touched)."""
        self.setDate(QDate(value or suggestion))
        self.touched = False

    def value(self) -> date | None:
        return None if self.date() == self.NO_DATE else day_of(self.date())

    def set_value(self, value: date | None) -> None:
        """Show a stored date, or none."""
        self.setDate(QDate(value) if value else self.NO_DATE)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._watch_calendar()
        if event.key() not in self._PASSING_KEYS:
            self.touched = True
        if event.key() == Qt.Key.Key_Delete:
            self.setDate(self.NO_DATE)
            return
        super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab leaves an empty date at once: it has no day, month or year to walk through,
        and Qt would keep the keyboard in it for ever."""
        if self.date() == self.NO_DATE:
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def stepBy(self, steps: int) -> None:
        self.touched = True
        if self.date() == self.NO_DATE:  # from "no date", arrows start at today, not 1900
            self.setDate(QDate.currentDate())
            return
        super().stepBy(steps)


CUSTOM_WIDGETS = (NoteEdit, OptionalDateEdit)

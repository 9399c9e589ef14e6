"""An optional date box: empty until a person picks a date, its calendar made only when it
opens (a page of many dates builds none), opening on this month rather than on 1900."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCalendarWidget

from svcrec_desktop.ui.widgets import OptionalDateEdit


def test_the_calendar_is_made_when_it_opens_and_a_day_picked_there_counts(qtbot):
    edit = OptionalDateEdit()
    qtbot.addWidget(edit)
    edit.start_at(None, date(2026, 3, 14))
    edit.setDate(OptionalDateEdit.NO_DATE)
    edit.show()
    assert edit.findChild(QCalendarWidget) is None  # nothing built for a date left alone
    assert edit.value() is None and not edit.touched

    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton,
                     pos=QPoint(edit.width() - 6, edit.height() // 2))  # its arrow opens it
    calendar = edit.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    today = date.today()
    assert (calendar.yearShown(), calendar.monthShown()) == (today.year, today.month)

    calendar.setSelectedDate(today)
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert edit.value() == today and edit.touched

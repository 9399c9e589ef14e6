"""The mouse wheel scrolls the page; it never changes a choice, number or date by itself.

Qt lets the wheel change a combo box, spin box, date box or slider that merely passes under
the pointer, and a point filed under one heading silently moves to another. One filter on
the whole application stops that in every window and dialog: such a box takes the wheel only
when it has the keyboard (a click or Tab gives it), otherwise the wheel goes on to the page.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QSlider, QWidget

# Boxes whose value the wheel would change (spin boxes include date and time boxes).
GUARDED = (QComboBox, QAbstractSpinBox, QSlider)


class WheelGuard(QObject):
    """Passes the wheel over an unfocused box on to its parents, and makes such boxes take
    the keyboard only by click or Tab (Qt gives it to them on a mere wheel turn)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel and isinstance(watched, GUARDED) and not watched.hasFocus():
            event.ignore()  # not taken here: Qt offers it to the page under the box
            return True
        if kind == QEvent.Type.Polish and isinstance(watched, GUARDED):
            widget: QWidget = watched
            if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return False


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Guard every window of the application (once, however often it is called)."""
    guard = app.findChild(WheelGuard)
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
    return guard

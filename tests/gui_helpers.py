"""Keyboard-first helpers shared by the window tests."""

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog


def focused():
    return QApplication.focusWidget()


def start_session(qtbot, window, department="Cardiology", *, meeting=True):
    """Create a session from the form (Enter starts preparing), then go to meeting 1 (Ctrl+2)."""
    page = window.new_session_page
    assert focused() is page.ui.departmentEdit
    qtbot.keyClicks(page.ui.departmentEdit, department)
    qtbot.keyClick(page.ui.departmentEdit, Qt.Key.Key_Return)
    assert window.ui.pages.currentWidget() is window.preparation_page
    if meeting:
        qtbot.keyClick(focused(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert window.ui.pages.currentWidget() is window.meeting_page


def type_note(qtbot, window, text):
    capture = window.meeting_page.ui.captureEdit
    qtbot.keyClicks(capture, text)
    qtbot.keyClick(capture, Qt.Key.Key_Return)


def when_shown(find, act):
    """Run act(widget) as soon as find() returns a visible widget (for modal dialogs and menus)."""
    timer = QTimer(interval=10)

    def poll():
        widget = find()
        if widget is None or not widget.isVisible():
            return
        if isinstance(widget, QDialog) and not widget.isActiveWindow():
            # A key sent before the dialog has the keyboard is lost (its Alt+letter shortcuts
            # only work in the active window), and the test would wait for it for ever.
            widget.activateWindow()
            return
        timer.stop()
        act(widget)

    timer.timeout.connect(poll)
    timer.start()
    return timer


def answer_export_dialog(act=None):
    """Press Enter in the export dialog once it has the keyboard, after act(dialog) (if given)
    has made its choices; returns the poller (stop it if no export dialog is expected)."""
    from PySide6.QtTest import QTest

    from svcrec_desktop.ui.export_dialog import ExportDialog

    def find():
        modal = QApplication.activeModalWidget()
        return modal if isinstance(modal, ExportDialog) else None

    def answer(dialog):
        if act is not None:
            act(dialog)
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return)

    return when_shown(find, answer)


def press_alt(qtbot, button, key) -> None:
    """Alt+letter, then wait for the button's click: a mnemonic clicks after a short animation."""
    assert focused() is not None, "the keyboard focus was lost"
    with qtbot.waitSignal(button.clicked):
        qtbot.keyClick(focused(), key, Qt.KeyboardModifier.AltModifier)

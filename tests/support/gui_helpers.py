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
    type_note_on(qtbot, window.meeting_page, text)


def type_note_on(qtbot, page, text):
    """Type a note in a meeting page's note box and save it with Enter."""
    capture = page.ui.captureEdit
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

    from svcrec_desktop.ui.guide.export_dialog import ExportDialog

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


def every_page(window, *, fill_forms: bool = False):
    """Put the window on each page a person can reach in turn — home, new session, each
    preparation tab, every step of both meetings, every part of the guide — and yield a
    name for where it is. With fill_forms, a guide part without items gets one so that its
    form shows."""
    from svcrec_desktop.domain.model import Phase
    from svcrec_desktop.ui.home.page import PREPARATION

    window.show_home()
    yield "sessions home"
    window.show_new_session()
    yield "new session"
    window.open_session_by_id(window.store.sessions.all()[0].id, PREPARATION)
    tabs = window.preparation_page.ui.sectionTabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        yield f"preparation, tab {tabs.tabText(index)}"
    meeting = window.meeting_page
    for number, start in ((1, window.start_meeting), (2, window.start_meeting2)):
        start()
        for index, step in enumerate(meeting.steps):
            meeting.go_to_step(index)
            yield f"meeting {number}, step {step.id}"
    window.go_to_phase_page(window.guide_page, Phase.BETWEEN)
    guide = window.guide_page
    parts = guide.ui.sectionList
    for row in range(parts.count()):
        parts.setCurrentRow(row)
        if fill_forms and guide.ui.itemList.count() == 0 and guide.ui.addButton.isEnabled():
            guide.add_record()
        if fill_forms:
            guide.ui.itemList.setCurrentRow(0)
        yield f"guide, {parts.item(row).text()}"


def luminance(colour) -> float:
    """A QColor's relative luminance, as WCAG defines it."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(one, other) -> float:
    """WCAG's contrast ratio of two QColors: 1 (none) to 21 (black on white)."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)

"""The whole window end to end, by keyboard: the first launch, saving notes and stepping with
the window's keys, a restart that brings back the notes, the draft and the step, exporting
(and failing to), a new session from a running meeting. The meeting page on its own:
tests/ui/test_meeting_page.py."""

from pathlib import Path

from docx import Document
from gui_helpers import answer_export_dialog, focused, start_session, type_note
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from svcrec_desktop.ui.main_window import MainWindow

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


def restart(window: MainWindow, opener) -> MainWindow:
    window.close()
    window.store.close()
    return opener()


def visible_notes(window) -> list[str]:
    notes = window.meeting_page.ui.notesList
    return [notes.item(i).text() for i in range(notes.count())]


def test_first_launch_asks_for_a_department_and_enter_starts(open_window, qtbot):
    window = open_window()
    assert window.ui.pages.currentWidget() is window.new_session_page
    assert not window.new_session_page.ui.cancelButton.isVisible()
    start_session(qtbot, window, "Emergency Department")
    session = window.store.sessions.latest()
    assert session.department == "Emergency Department"
    assert window.ui.pages.currentWidget() is window.meeting_page
    page = window.meeting_page.ui
    assert page.stepTitleLabel.text() == "Welcome and why we are here"
    assert "Emergency Department" in page.sessionLabel.text()
    assert focused() is page.captureEdit
    assert "Step 1 of 8" in page.stepMetaLabel.text()


def test_enter_without_a_name_explains(open_window, qtbot):
    window = open_window()
    edit = window.new_session_page.ui.departmentEdit
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "department's name" in window.new_session_page.ui.errorLabel.text()
    assert window.store.sessions.latest() is None


def test_keyboard_only_capture_and_stepping(open_window, qtbot, playbook):
    window = open_window()
    start_session(qtbot, window)
    page = window.meeting_page
    type_note(qtbot, window, "Everyone nodded")
    # Shift+Enter is a new line inside the same note
    qtbot.keyClicks(page.ui.captureEdit, "first line")
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_Return, Shift)
    qtbot.keyClicks(page.ui.captureEdit, "second line")
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_Return)
    notes = window.store.notes.of_session(window.session.id, "welcome")
    assert [n.text for n in notes] == ["Everyone nodded", "first line\nsecond line"]
    assert page.ui.captureEdit.toPlainText() == ""
    assert visible_notes(window)[1].endswith("first line\nsecond line")
    assert visible_notes(window)[0][:5] == f"{notes[0].created_at:%H:%M}"
    # Enter on an empty pane commits nothing
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_Return)
    assert len(window.store.notes.of_session(window.session.id)) == 2

    for expected in playbook.meeting1[1:]:
        qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_PageDown, Ctrl)
        assert page.ui.stepTitleLabel.text() == expected.title
        assert focused() is page.ui.captureEdit
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_PageDown, Ctrl)  # past the end: stays
    assert page.current_step.id == "close"
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_PageUp, Ctrl)
    assert page.current_step.id == "q5"
    type_note(qtbot, window, "A runner for pharmacy")
    assert window.store.notes.of_session(window.session.id, "q5")[0].text == "A runner for pharmacy"
    assert visible_notes(window) == [visible_notes(window)[0]]


def test_notes_draft_and_step_survive_a_restart(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    page = window.meeting_page
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_PageDown, Ctrl)
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_PageDown, Ctrl)
    type_note(qtbot, window, "The hotel upgraded our room")
    qtbot.keyClicks(page.ui.captureEdit, "an unfinished thou")
    window = restart(window, open_window)
    page = window.meeting_page
    assert window.ui.pages.currentWidget() is page
    assert page.current_step.id == "q1"
    assert page.ui.captureEdit.toPlainText() == "an unfinished thou"
    assert focused() is page.ui.captureEdit
    assert page.ui.captureEdit.textCursor().position() == len("an unfinished thou")
    assert visible_notes(window)[0].endswith("The hotel upgraded our room")


def test_export_from_the_window(open_window, qtbot, tmp_path, monkeypatch):
    window = open_window()
    start_session(qtbot, window, "Cardiology")
    type_note(qtbot, window, "Everyone nodded")
    target = tmp_path / "out" / "guide"
    target.parent.mkdir()
    offered = []

    def save_dialog(parent, caption, suggested, filters):
        offered.append(suggested)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    # the note of the welcome step is in the notes appendix, an option
    _answer = answer_export_dialog(lambda dialog: dialog.ui.notesCheck.setChecked(True))
    qtbot.keyClick(window.meeting_page.ui.captureEdit, Qt.Key.Key_E, Ctrl)
    written = target.with_name("guide.docx")
    assert Path(offered[0]).name == "Cardiology’s Guide to Service Recovery.docx"
    text = "\n".join(p.text for p in Document(written).paragraphs)
    assert "Cardiology’s Guide to Service Recovery" in text
    assert "Everyone nodded" in "\n".join(
        c.text for t in Document(written).tables for r in t.rows for c in r.cells
    ) + text
    assert "saved as" in window.meeting_page.ui.bannerLabel.text()
    assert window.store.state.get("last_export_dir") == str(target.parent)
    # The next export starts in the folder used last time
    window.activateWindow()  # the offscreen platform does not give it back after a dialog
    qtbot.waitUntil(window.isActiveWindow)
    _answer = answer_export_dialog()
    qtbot.keyClick(window.meeting_page.ui.captureEdit, Qt.Key.Key_E, Ctrl)
    assert Path(offered[1]).parent == target.parent


def test_a_failed_export_says_why(open_window, qtbot, tmp_path, monkeypatch):
    window = open_window()
    start_session(qtbot, window)
    missing = tmp_path / "no such folder" / "guide.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(missing), ""))
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    _answer = answer_export_dialog()
    window.ui.exportAction.trigger()
    assert len(warnings) == 1 and str(missing.parent) in warnings[0]
    assert not missing.exists()


def test_new_session_from_a_running_meeting(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window, "Cardiology")
    qtbot.keyClick(window.meeting_page.ui.captureEdit, Qt.Key.Key_N, Ctrl)
    assert window.ui.pages.currentWidget() is window.new_session_page
    assert window.new_session_page.ui.cancelButton.isVisible()
    start_session(qtbot, window, "Oncology")
    assert window.session.department == "Oncology"
    assert [s.department for s in window.store.sessions.all()] == ["Oncology", "Cardiology"]

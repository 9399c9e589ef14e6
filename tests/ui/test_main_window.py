"""The window, driven with the keyboard the way a facilitator and note-taker would."""

from pathlib import Path

from docx import Document
from gui_helpers import answer_export_dialog, focused, start_session, type_note, when_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox
from samples import HOSTILE_TEXTS

from svcrec_desktop.ui.main_window import MainWindow
from svcrec_desktop.ui.meeting.capture import DRAFT_SAVE_MS

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
    session = window.store.latest_session()
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
    assert window.store.latest_session() is None


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
    notes = window.store.notes(window.session.id, "welcome")
    assert [n.text for n in notes] == ["Everyone nodded", "first line\nsecond line"]
    assert page.ui.captureEdit.toPlainText() == ""
    assert visible_notes(window)[1].endswith("first line\nsecond line")
    assert visible_notes(window)[0][:5] == f"{notes[0].created_at:%H:%M}"
    # Enter on an empty pane commits nothing
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_Return)
    assert len(window.store.notes(window.session.id)) == 2

    for expected in playbook.meeting1[1:]:
        qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_PageDown, Ctrl)
        assert page.ui.stepTitleLabel.text() == expected.title
        assert focused() is page.ui.captureEdit
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_PageDown, Ctrl)  # past the end: stays
    assert page.current_step.id == "close"
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_PageUp, Ctrl)
    assert page.current_step.id == "q5"
    type_note(qtbot, window, "A runner for pharmacy")
    assert window.store.notes(window.session.id, "q5")[0].text == "A runner for pharmacy"
    assert visible_notes(window) == [visible_notes(window)[0]]


def test_script_is_large_and_hint_is_set_apart(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    page = window.meeting_page
    page.go_to_step(page.playbook.step_index("q2"))
    assert "Which ones happen again and again?" in page.ui.scriptView.toPlainText()
    assert page.ui.hintPanel.isVisible()
    assert "drifts to other departments" in page.ui.hintLabel.text()
    assert "not to be read aloud" in page.ui.hintHeading.text()
    assert page.ui.scriptView.font().pointSizeF() >= 18
    assert page.ui.hintLabel.text() not in page.ui.scriptView.toPlainText()


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


def test_draft_is_saved_by_the_timer_without_closing(open_window, qtbot):
    assert DRAFT_SAVE_MS <= 1000
    window = open_window()
    start_session(qtbot, window)
    qtbot.keyClicks(window.meeting_page.ui.captureEdit, "typed but not committed")
    with qtbot.waitSignal(window.meeting_page.capture.draftSaved):
        pass
    assert window.store.draft(window.session.id) == "typed but not committed"
    assert window.meeting_page.ui.saveStateLabel.text() == "Draft kept safe"


def meeting_with_notes(open_window, qtbot, *texts):
    """A running meeting with these notes committed and the last one selected by keyboard."""
    window = open_window()
    start_session(qtbot, window)
    for text in texts:
        type_note(qtbot, window, text)
    notes = window.meeting_page.ui.notesList
    qtbot.keyClick(window.meeting_page.ui.captureEdit, Qt.Key.Key_Tab)
    assert focused() is notes
    qtbot.keyClick(notes, Qt.Key.Key_End)
    assert notes.currentRow() == notes.count() - 1
    return window, notes


def test_delete_with_undo_by_keyboard(open_window, qtbot):
    window, notes = meeting_with_notes(open_window, qtbot, "keep", "oops")
    qtbot.keyClick(notes, Qt.Key.Key_Delete)
    assert [n.text for n in window.store.notes(window.session.id)] == ["keep"]
    assert window.meeting_page.ui.undoButton.text() == "Undo delete"
    qtbot.keyClick(notes, Qt.Key.Key_Z, Ctrl)
    assert [n.text for n in window.store.notes(window.session.id)] == ["keep", "oops"]
    assert len(visible_notes(window)) == 2


def test_ctrl_k_keeps_a_note_out_of_the_export_and_undo_lets_it_back(open_window, qtbot):
    window, notes = meeting_with_notes(open_window, qtbot, "shared", "Mr Lee in bed 4")
    button = window.meeting_page.ui.confidentialButton
    assert button.text() == "Keep out"
    qtbot.keyClick(notes, Qt.Key.Key_K, Ctrl)
    stored = window.store.notes(window.session.id)
    assert [n.confidential for n in stored] == [False, True]
    assert "[kept out of the export]" in visible_notes(window)[1]
    assert notes.currentRow() == 1 and button.text() == "Let back in"
    qtbot.keyClick(notes, Qt.Key.Key_Z, Ctrl)
    assert not any(n.confidential for n in window.store.notes(window.session.id))
    assert "[kept out" not in visible_notes(window)[1]


def test_edit_a_note_in_the_dialog(open_window, qtbot):
    window, notes = meeting_with_notes(open_window, qtbot, "cal light")

    def edit_dialog(dialog):
        dialog.ui.noteEdit.selectAll()
        qtbot.keyClicks(dialog.ui.noteEdit, "call lights slow at night")
        qtbot.keyClick(dialog.ui.noteEdit, Qt.Key.Key_Return, Ctrl)

    _poller = when_shown(QApplication.activeModalWidget, edit_dialog)
    qtbot.keyClick(notes, Qt.Key.Key_F2)
    assert window.store.notes(window.session.id)[0].text == "call lights slow at night"
    window.meeting_page.ui.undoButton.click()
    assert window.store.notes(window.session.id)[0].text == "cal light"


def test_move_a_note_to_another_step(open_window, qtbot):
    window, notes = meeting_with_notes(open_window, qtbot, "belongs to the magic wand")

    def choose_q5(menu):
        assert isinstance(menu, QMenu)
        target = next(a for a in menu.actions() if "magic wand" in a.text())
        menu.setActiveAction(target)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    _poller = when_shown(QApplication.activePopupWidget, choose_q5)
    qtbot.keyClick(notes, Qt.Key.Key_M, Ctrl)
    assert window.store.notes(window.session.id, "welcome") == []
    assert window.store.notes(window.session.id, "q5")[0].text == "belongs to the magic wand"
    assert visible_notes(window) == []


def test_hostile_text_typed_and_pasted_is_kept(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    capture = window.meeting_page.ui.captureEdit
    kept = {k: v for k, v in HOSTILE_TEXTS.items() if "surrogate" not in k}
    for text in kept.values():
        QApplication.clipboard().setText(text)
        qtbot.keyClick(capture, Qt.Key.Key_V, Ctrl)
        qtbot.keyClick(capture, Qt.Key.Key_Return)
    stored = [n.text for n in window.store.notes(window.session.id)]
    assert stored == [capture_form(t) for t in kept.values()]
    assert any(len(t) >= 1_000_000 for t in stored)


def capture_form(text: str) -> str:
    """What a QPlainTextEdit gives back for pasted text: its lines joined by \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
    assert window.store.state("last_export_dir") == str(target.parent)
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
    assert [s.department for s in window.store.sessions()] == ["Oncology", "Cardiology"]


def test_a_megabyte_on_one_line_turns_wrapping_off_until_committed(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    capture = window.meeting_page.ui.captureEdit
    QApplication.clipboard().setText("z" * 1_000_000)
    qtbot.keyClick(capture, Qt.Key.Key_V, Ctrl)
    assert capture.lineWrapMode() == capture.LineWrapMode.NoWrap
    qtbot.keyClick(capture, Qt.Key.Key_Return)
    assert window.store.notes(window.session.id)[0].text == "z" * 1_000_000
    assert capture.lineWrapMode() == capture.LineWrapMode.WidgetWidth

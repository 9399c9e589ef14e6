"""The meeting page on its own, on a real store, driven with the keyboard the way a note-taker
would: the script and the private hint, the draft kept safe, a saved note deleted, kept out,
edited or moved, and hostile or huge text kept exactly. Stepping with the window's keys:
tests/ui/test_main_window.py."""

from gui_helpers import focused, type_note_on, when_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from samples import HOSTILE_TEXTS

from svcrec_desktop.ui.meeting.capture import DRAFT_SAVE_MS

Ctrl = Qt.KeyboardModifier.ControlModifier


def visible_notes(page) -> list[str]:
    notes = page.ui.notesList
    return [notes.item(i).text() for i in range(notes.count())]


def test_script_is_large_and_hint_is_set_apart(open_meeting, qtbot):
    page = open_meeting()
    page.go_to_step(page.playbook.step_index("q2"))
    assert "Which ones happen again and again?" in page.ui.scriptView.toPlainText()
    assert page.ui.hintPanel.isVisible()
    assert "drifts to other departments" in page.ui.hintLabel.text()
    assert "not to be read aloud" in page.ui.hintHeading.text()
    assert page.ui.scriptView.font().pointSizeF() >= 18
    assert page.ui.hintLabel.text() not in page.ui.scriptView.toPlainText()


def test_draft_is_saved_by_the_timer_without_closing(open_meeting, qtbot):
    assert DRAFT_SAVE_MS <= 1000
    page = open_meeting()
    qtbot.keyClicks(page.ui.captureEdit, "typed but not committed")
    with qtbot.waitSignal(page.capture.draftSaved):
        pass
    assert page.store.notes.draft(page.session.id) == "typed but not committed"
    assert page.ui.saveStateLabel.text() == "Draft kept safe"


def meeting_with_notes(open_meeting, qtbot, *texts):
    """A running meeting with these notes committed and the last one selected by keyboard."""
    page = open_meeting()
    for text in texts:
        type_note_on(qtbot, page, text)
    notes = page.ui.notesList
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_Tab)
    assert focused() is notes
    qtbot.keyClick(notes, Qt.Key.Key_End)
    assert notes.currentRow() == notes.count() - 1
    return page, notes


def test_delete_with_undo_by_keyboard(open_meeting, qtbot):
    page, notes = meeting_with_notes(open_meeting, qtbot, "keep", "oops")
    qtbot.keyClick(notes, Qt.Key.Key_Delete)
    assert [n.text for n in page.store.notes.of_session(page.session.id)] == ["keep"]
    assert page.ui.undoButton.text() == "Undo delete"
    qtbot.keyClick(notes, Qt.Key.Key_Z, Ctrl)
    assert [n.text for n in page.store.notes.of_session(page.session.id)] == ["keep", "oops"]
    assert len(visible_notes(page)) == 2


def test_ctrl_k_keeps_a_note_out_of_the_export_and_undo_lets_it_back(open_meeting, qtbot):
    page, notes = meeting_with_notes(open_meeting, qtbot, "shared", "Mr Lee in bed 4")
    button = page.ui.confidentialButton
    assert button.text() == "Keep out"
    qtbot.keyClick(notes, Qt.Key.Key_K, Ctrl)
    stored = page.store.notes.of_session(page.session.id)
    assert [n.confidential for n in stored] == [False, True]
    assert "[kept out of the export]" in visible_notes(page)[1]
    assert notes.currentRow() == 1 and button.text() == "Let back in"
    qtbot.keyClick(notes, Qt.Key.Key_Z, Ctrl)
    assert not any(n.confidential for n in page.store.notes.of_session(page.session.id))
    assert "[kept out" not in visible_notes(page)[1]


def test_edit_a_note_in_the_dialog(open_meeting, qtbot):
    page, notes = meeting_with_notes(open_meeting, qtbot, "cal light")

    def edit_dialog(dialog):
        dialog.ui.noteEdit.selectAll()
        qtbot.keyClicks(dialog.ui.noteEdit, "call lights slow at night")
        qtbot.keyClick(dialog.ui.noteEdit, Qt.Key.Key_Return, Ctrl)

    _poller = when_shown(QApplication.activeModalWidget, edit_dialog)
    qtbot.keyClick(notes, Qt.Key.Key_F2)
    assert page.store.notes.of_session(page.session.id)[0].text == "call lights slow at night"
    page.ui.undoButton.click()
    assert page.store.notes.of_session(page.session.id)[0].text == "cal light"


def test_move_a_note_to_another_step(open_meeting, qtbot):
    page, notes = meeting_with_notes(open_meeting, qtbot, "belongs to the magic wand")

    def choose_q5(menu):
        assert isinstance(menu, QMenu)
        target = next(a for a in menu.actions() if "magic wand" in a.text())
        menu.setActiveAction(target)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    _poller = when_shown(QApplication.activePopupWidget, choose_q5)
    qtbot.keyClick(notes, Qt.Key.Key_M, Ctrl)
    assert page.store.notes.of_session(page.session.id, "welcome") == []
    assert (page.store.notes.of_session(page.session.id, "q5")[0].text
            == "belongs to the magic wand")
    assert visible_notes(page) == []


def test_hostile_text_typed_and_pasted_is_kept(open_meeting, qtbot):
    page = open_meeting()
    capture = page.ui.captureEdit
    kept = {k: v for k, v in HOSTILE_TEXTS.items() if "surrogate" not in k}
    for text in kept.values():
        QApplication.clipboard().setText(text)
        qtbot.keyClick(capture, Qt.Key.Key_V, Ctrl)
        qtbot.keyClick(capture, Qt.Key.Key_Return)
    stored = [n.text for n in page.store.notes.of_session(page.session.id)]
    assert stored == [capture_form(t) for t in kept.values()]
    assert any(len(t) >= 1_000_000 for t in stored)


def capture_form(text: str) -> str:
    """What a QPlainTextEdit gives back for pasted text: its lines joined by \\n."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_a_megabyte_on_one_line_turns_wrapping_off_until_committed(open_meeting, qtbot):
    page = open_meeting()
    capture = page.ui.captureEdit
    QApplication.clipboard().setText("z" * 1_000_000)
    qtbot.keyClick(capture, Qt.Key.Key_V, Ctrl)
    assert capture.lineWrapMode() == capture.LineWrapMode.NoWrap
    qtbot.keyClick(capture, Qt.Key.Key_Return)
    assert page.store.notes.of_session(page.session.id)[0].text == "z" * 1_000_000
    assert capture.lineWrapMode() == capture.LineWrapMode.WidgetWidth

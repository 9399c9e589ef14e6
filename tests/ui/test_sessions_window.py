"""Issue 4 through the real window: prepare, meet, find, finish, and carry a session away."""

from datetime import date

from gui_helpers import focused, start_session, type_note
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from svcrec_desktop.domain.model import Phase

Ctrl = Qt.KeyboardModifier.ControlModifier


def ctrl(qtbot, key) -> None:
    qtbot.keyClick(focused(), key, Ctrl)


def current(window):
    return window.ui.pages.currentWidget()


def test_a_new_session_prepares_first_then_meets_and_reopens_there(
        open_window, qtbot, data_dir, no_message_boxes):
    window = open_window()
    start_session(qtbot, window, "Cardiology", meeting=False)
    assert window.session.phase is Phase.PREPARING
    assert window.ui.prepareButton.isChecked() and window.ui.sessionBar.isVisible()
    ctrl(qtbot, Qt.Key.Key_2)
    assert current(window) is window.meeting_page
    assert focused() is window.meeting_page.ui.captureEdit
    assert window.store.sessions.get(window.session.id).phase is Phase.MEETING1
    assert window.ui.phaseCombo.currentText() == "Meeting 1"
    ctrl(qtbot, Qt.Key.Key_1)
    assert current(window) is window.preparation_page
    assert window.store.sessions.get(window.session.id).phase is Phase.MEETING1  # looking back only
    window.close()
    window.store.close()
    reopened = open_window()
    assert current(reopened) is reopened.meeting_page


def test_themes_typed_in_preparation_are_read_out_in_question_three(
        open_window, qtbot, playbook, no_message_boxes):
    window = open_window()
    start_session(qtbot, window, meeting=False)
    window.store.findings.add(window.session.id, [
        {"theme": "Waiting without updates", "count": 14, "example": "Nobody said why"},
        {"theme": "Lost belongings", "count": 3},
    ])
    ctrl(qtbot, Qt.Key.Key_2)
    q3 = next(i for i, step in enumerate(playbook.meeting1) if step.show_findings)
    window.meeting_page.go_to_step(q3)
    script = window.meeting_page.ui.scriptView.toPlainText()
    assert script.index("Waiting without updates") < script.index("Lost belongings")
    assert "14" in script and "Nobody said why" in script
    window.meeting_page.go_to_step(0)
    assert "Waiting without updates" not in window.meeting_page.ui.scriptView.toPlainText()


def test_home_lists_sessions_and_search_opens_the_step_where_it_was_said(
        open_window, qtbot, playbook, no_message_boxes):
    window = open_window()
    start_session(qtbot, window, "Cardiology")
    ctrl(qtbot, Qt.Key.Key_PageDown)
    type_note(qtbot, window, "Offer a parking voucher when the clinic runs late")
    noted_step = window.meeting_page.current_step.id
    ctrl(qtbot, Qt.Key.Key_N)
    start_session(qtbot, window, "Oncology")
    ctrl(qtbot, Qt.Key.Key_0)
    assert current(window) is window.home_page and not window.ui.sessionBar.isVisible()
    table = window.home_page.ui.sessionTable
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == ["Oncology", "Cardiology"]
    ctrl(qtbot, Qt.Key.Key_F)
    assert focused() is window.home_page.ui.searchEdit
    qtbot.keyClicks(focused(), "parking vouch")
    results = window.home_page.ui.resultList
    qtbot.waitUntil(lambda: results.count() == 1)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert current(window) is window.meeting_page
    assert window.session.department == "Cardiology"
    assert window.meeting_page.current_step.id == noted_step
    assert focused() is window.meeting_page.ui.captureEdit


def test_a_done_session_is_read_only_until_reopened(open_window, qtbot, no_message_boxes):
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, "kept as it was")
    combo = window.ui.phaseCombo
    qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # Ph&ase
    assert focused() is combo
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last phase: Done
    assert window.store.sessions.get(window.session.id).phase is Phase.DONE
    assert combo.currentText() == "Done"
    assert window.ui.doneLabel.isVisible() and window.ui.reopenButton.isVisible()
    capture = window.meeting_page.ui.captureEdit
    assert capture.isReadOnly()
    qtbot.keyClicks(capture, "cannot be typed")
    qtbot.keyClick(capture, Qt.Key.Key_Return)
    assert [n.text for n in window.store.notes.of_session(window.session.id)] == ["kept as it was"]
    assert not window.meeting_page.ui.deleteNoteButton.isEnabled()
    assert window.ui.exportAction.isEnabled()  # export works in every state
    qtbot.mouseClick(window.ui.reopenButton, Qt.MouseButton.LeftButton)
    assert window.session.phase is Phase.MEETING2 and not capture.isReadOnly()
    assert not window.ui.doneLabel.isVisible()


def test_a_session_file_carries_notes_to_another_laptop_and_merges_back(
        open_window_in, qtbot, tmp_path, monkeypatch, no_message_boxes):
    carried = tmp_path / "usb" / "Cardiology session.svcrec.json"
    carried.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(carried), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(carried), ""))
    first = open_window_in(tmp_path / "laptop-a")
    start_session(qtbot, first, "Cardiology")
    first.meeting_page.ui.captureEdit.insertPlainText("👩‍⚕️ ")  # QTest types Latin-1 only
    type_note(qtbot, first, "from the first note-taker")
    first.ui.exportSessionFileAction.trigger()
    assert carried.is_file()
    second = open_window_in(tmp_path / "laptop-b")
    second.ui.importSessionFileAction.trigger()
    assert second.session.department == "Cardiology"
    assert second.session.uid == first.session.uid
    second.activateWindow()
    qtbot.waitUntil(second.isActiveWindow)
    second.focus_current_page()
    type_note(qtbot, second, "from the second note-taker")
    second.ui.exportSessionFileAction.trigger()
    first.activateWindow()
    first.ui.importSessionFileAction.trigger()
    assert "Merged" in first.statusBar().currentMessage()
    first.ui.importSessionFileAction.trigger()  # twice: still no duplicates
    assert "nothing changed" in first.statusBar().currentMessage()
    texts = sorted(n.text for n in first.store.notes.of_session(first.session.id))
    assert texts == ["from the second note-taker", "👩‍⚕️ from the first note-taker"]
    assert len(first.store.sessions.all()) == 1


def test_a_damaged_session_file_is_refused_with_a_reason(open_window, qtbot, tmp_path,
                                                         monkeypatch):
    broken = tmp_path / "broken.svcrec.json"
    broken.write_text('{"format": "svcrec-session", "version": 1, "sess', encoding="ascii")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(broken), ""))
    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, title, text, *a: said.append(text))
    window = open_window()
    start_session(qtbot, window)
    before = window.store.sessions.all()
    ctrl(qtbot, Qt.Key.Key_0)
    button = window.home_page.ui.importFileButton
    with qtbot.waitSignal(button.clicked):
        qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert len(said) == 1 and "broken.svcrec.json" in said[0]
    assert window.store.sessions.all() == before


def test_new_session_can_skip_preparation(open_window, qtbot, no_message_boxes):
    window = open_window()
    page = window.new_session_page
    qtbot.keyClicks(page.ui.departmentEdit, "Radiology")
    qtbot.keyClick(page.ui.departmentEdit, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: current(window) is window.meeting_page)
    assert window.session.phase is Phase.MEETING1
    assert window.session.meeting_date == date.today()
    assert QApplication.activeModalWidget() is None


def test_esc_and_cancel_in_the_new_session_form_go_back_to_where_the_person_was(
        open_window, qtbot, no_message_boxes):
    window = open_window()
    start_session(qtbot, window, "Cardiology")
    ctrl(qtbot, Qt.Key.Key_3)  # the guide
    assert current(window) is window.guide_page
    ctrl(qtbot, Qt.Key.Key_N)
    qtbot.keyClicks(focused(), "Half a name")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert current(window) is window.guide_page and window.session.department == "Cardiology"
    assert window.ui.sessionBar.isVisible() and window.ui.guideButton.isChecked()
    ctrl(qtbot, Qt.Key.Key_1)  # the preparation
    ctrl(qtbot, Qt.Key.Key_N)
    qtbot.mouseClick(window.new_session_page.ui.cancelButton, Qt.MouseButton.LeftButton)
    assert current(window) is window.preparation_page
    ctrl(qtbot, Qt.Key.Key_0)  # all sessions
    ctrl(qtbot, Qt.Key.Key_N)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert current(window) is window.home_page
    assert [s.department for s in window.store.sessions.all()] == ["Cardiology"]


def test_the_first_new_session_form_has_nowhere_to_go_back_to(open_window, qtbot):
    window = open_window()
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert current(window) is window.new_session_page
    assert not window.new_session_page.ui.cancelButton.isVisible()

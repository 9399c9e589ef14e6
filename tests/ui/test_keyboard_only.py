"""A whole session run with the keyboard alone: nothing here clicks, every step is a key."""

from docx import Document
from gui_helpers import answer_export_dialog, focused
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from svcrec_desktop.domain.model import Phase

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier
Key = Qt.Key


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), key, modifier)


def type_text(qtbot, text):
    qtbot.keyClicks(focused(), text)


def test_two_meetings_a_guide_and_an_export_without_a_mouse(open_window, qtbot, tmp_path,
                                                            monkeypatch):
    target = tmp_path / "guide.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    window = open_window()
    # First start: the department's name, Enter prepares, Ctrl+2 starts meeting 1
    type_text(qtbot, "Cardiology")
    press(qtbot, Key.Key_Return)
    press(qtbot, Key.Key_2, Ctrl)
    meeting = window.meeting_page
    for index, step in enumerate(meeting.steps):
        assert focused() is meeting.ui.captureEdit and meeting.current_step is step
        type_text(qtbot, f"Said during {step.id}")
        press(qtbot, Key.Key_Return)
        if index < len(meeting.steps) - 1:
            press(qtbot, Key.Key_PageDown, Ctrl)
    session_id = window.session.id
    assert [n.text for n in window.store.notes.of_session(session_id)] == [
        f"Said during {step.id}" for step in window.playbook.meeting1]
    # Between the meetings: a mistake made from a note, by keyboard only
    press(qtbot, Key.Key_3, Ctrl)
    guide = window.guide_page
    assert focused() is guide.ui.sectionList and guide.part == "mistakes"
    press(qtbot, Key.Key_Return)  # into the section
    press(qtbot, Key.Key_Insert)  # a new item, the cursor in its first field
    type_text(qtbot, "Long waits without an update")
    press(qtbot, Key.Key_Tab)
    type_text(qtbot, "Waiting")  # the theme it answers
    press(qtbot, Key.Key_Tab)
    type_text(qtbot, "Say sorry, give a time, come back before it")
    notes = guide.ui.noteList
    while focused() is not notes:
        press(qtbot, Key.Key_Tab)
    press(qtbot, Key.Key_Down)  # the first note of the section's steps
    press(qtbot, Key.Key_N, Ctrl | Shift)  # sent to the section
    mistakes = window.store.guide.items(session_id, "mistakes")
    assert mistakes[0].get("mistake") == "Long waits without an update"
    assert mistakes[0].get("make_right") == "Say sorry, give a time, come back before it"
    assert mistakes[0].get("theme") == "Waiting"
    assert len(mistakes) == 2 and mistakes[1].from_note
    # Meeting 2: the draft is kept, feedback on the first feedback step
    press(qtbot, Key.Key_4, Ctrl)
    assert window.store.sessions.get(session_id).phase is Phase.MEETING2
    while not meeting.current_step.feedback:
        press(qtbot, Key.Key_PageDown, Ctrl)
    press(qtbot, Key.Key_B, Qt.KeyboardModifier.AltModifier)  # "About section"
    assert focused() is meeting.ui.feedbackSectionCombo
    press(qtbot, Key.Key_Down)  # the first section: common mistakes
    press(qtbot, Key.Key_L, Ctrl)  # back to the note box
    type_text(qtbot, "Nothing about the night shift")
    press(qtbot, Key.Key_Return)
    (said,) = window.store.feedback.of_session(session_id)
    assert (said.section, said.text) == ("mistakes", "Nothing about the night shift")
    # Export: Ctrl+E, Enter in the dialog; the privacy check finds nothing to ask
    _answer = answer_export_dialog()
    press(qtbot, Key.Key_E, Ctrl)
    text = "\n".join([p.text for p in Document(target).paragraphs] + [
        c.text for t in Document(target).tables for r in t.rows for c in r.cells])
    assert "Long waits without an update" in text and "Nothing about the night shift" in text

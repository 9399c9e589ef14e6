"""Issue 12 in the guide editor: a confidential note never goes in, and an item made from a
note that became confidential is held back until it is rewritten and released. The guide page
on its own, on a real store; a deleted note's feedback through the window, as it reopens."""

import pytest
from gui_helpers import focused, when_shown
from guide_keys import go_to
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from svcrec_desktop.domain.guide_model import FeedbackKind
from svcrec_desktop.export.source import exportable_view
from svcrec_desktop.store.guide import CONFIDENTIAL_REFUSAL, STILL_QUOTES
from svcrec_desktop.ui.guide.page import FEEDBACK, HELD_BACK_MARK

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier
Key = Qt.Key
pytestmark = pytest.mark.usefixtures("no_message_boxes")
PRIVATE = "Mr Smith in bed 4 waited all night"
SHARED = "Discharge papers take hours"
HELD_BACK_LINE = ("Held back: made from a note kept out — left out of every export until "
                  "you rewrite it and release it.")


def showing(kind):
    return lambda: next((w for w in QApplication.topLevelWidgets()
                         if isinstance(w, kind) and w.isVisible()), None)


def answer_release(qtbot, confirm, seen):
    """Answer the release question: the confirming button, or Enter (its default)."""
    def act(box):
        seen.append(box.text())
        if confirm:
            next(b for b in box.buttons() if "own words" in b.text()).click()
        else:
            qtbot.keyClick(box, Key.Key_Return)

    return when_shown(showing(QMessageBox), act)


def choose_note(qtbot, page, text):
    """All notes listed, the one with this text chosen, and the list has the keyboard."""
    notes = page.ui.noteList
    page.ui.notesFilter.setCurrentIndex(2)
    row = next(r for r in range(notes.count()) if notes.item(r).toolTip() == text)
    notes.setFocus()
    notes.setCurrentRow(row)
    return notes


def keep_out(qtbot, page, text):
    """Ctrl+K on the note in the editor's notes list."""
    notes = choose_note(qtbot, page, text)
    qtbot.keyClick(notes, Key.Key_K, Ctrl)


def exported_items(page, section):
    view = exportable_view(page.store, page.session.id)
    return [item.fields for item in view.content.section(section)]


def test_a_confidential_note_is_refused_by_button_key_menu_and_form(open_guide, qtbot):
    page = open_guide([PRIVATE, SHARED])
    go_to(qtbot, page, "mistakes")
    keep_out(qtbot, page, PRIVATE)
    notes = choose_note(qtbot, page, PRIVATE)
    assert not page.ui.sendButton.isEnabled()
    assert page.ui.sendButton.toolTip() == CONFIDENTIAL_REFUSAL
    qtbot.keyClick(notes, Key.Key_N, Ctrl | Shift)
    assert page.ui.bannerLabel.isVisible()
    assert page.ui.bannerLabel.text() == CONFIDENTIAL_REFUSAL
    assert page.store.guide.items(page.session.id, "mistakes") == []
    # Chosen together with a shared note: still refused, nothing of either is added
    notes.selectAll()
    assert not page.ui.sendButton.isEnabled()
    qtbot.keyClick(notes, Key.Key_N, Ctrl | Shift)
    assert page.store.guide.items(page.session.id, "mistakes") == []
    # The context menu's "Send to" cannot be opened for it
    notes.setCurrentRow(next(r for r in range(notes.count())
                             if notes.item(r).toolTip() == PRIVATE))
    menus = {}

    def look(menu):
        send_to = next(a for a in menu.actions() if a.menu())
        menus["send to"] = (send_to.text(), send_to.isEnabled())
        menu.close()

    _poller = when_shown(QApplication.activePopupWidget, look)
    notes.customContextMenuRequested.emit(QPoint(5, 5))
    assert menus["send to"] == ("Send to (not a note kept out)", False)
    page.activateWindow()  # the offscreen platform does not give it back after a menu
    qtbot.waitUntil(page.isActiveWindow)
    # A single section's form and meeting 2's feedback refuse it too
    for part in ("steps", FEEDBACK):
        page.hide_banner()
        page.send_selected_notes(part)  # as a drop on the section does
        assert page.ui.bannerLabel.text() == CONFIDENTIAL_REFUSAL
    assert page.store.guide.form(page.session.id, "steps") == {}
    assert page.store.feedback.of_session(page.session.id) == []
    # The shared note alone goes in
    notes = choose_note(qtbot, page, SHARED)
    assert page.ui.sendButton.isEnabled()
    qtbot.keyClick(notes, Key.Key_N, Ctrl | Shift)
    assert [i.get("mistake") for i in page.store.guide.items(page.session.id,
                                                                "mistakes")] == [SHARED]


def test_notes_sent_to_a_form_join_what_was_typed_and_stay_linked(open_guide, qtbot):
    page = open_guide(["Say sorry first", PRIVATE])
    go_to(qtbot, page, "steps")
    box = page.form.widgets["steps"]
    box.setFocus()
    qtbot.keyClicks(box, "Listen")  # typed, not yet written: the send writes it first
    notes = choose_note(qtbot, page, "Say sorry first")
    qtbot.keyClick(notes, Key.Key_N, Ctrl | Shift)
    (form,) = page.store.guide.items(page.session.id, "steps")
    note = next(n for n in page.store.notes.of_session(page.session.id)
                if n.text == "Say sorry first")
    assert form.get("steps") == "Listen\nSay sorry first"
    assert form.source_notes == (note.uid,)
    assert box.toPlainText() == "Listen\nSay sorry first"  # the form shows what is stored
    assert page.ui.unusedLabel.text().startswith("1 of 2 notes not used")
    assert "Made from a note" in page.ui.fromNoteLabel.text()
    # The note kept out afterwards: the whole form is held back, in the editor and the exports
    keep_out(qtbot, page, "Say sorry first")
    assert page.ui.heldBackRow.isVisible()
    assert page.ui.heldBackLabel.text() == HELD_BACK_LINE
    assert exported_items(page, "steps") == []


def test_feedback_made_from_a_note_is_linked_to_it(open_guide, qtbot):
    page = open_guide(["Night shift is not covered"])
    go_to(qtbot, page, FEEDBACK)
    page.ui.notesFilter.setCurrentIndex(2)
    choose_note(qtbot, page, "Night shift is not covered")
    page.ui.sendButton.click()
    (said,) = page.store.feedback.of_session(page.session.id)
    note = page.store.notes.of_session(page.session.id)[0]
    assert (said.text, said.from_note) == ("Night shift is not covered", note.uid)


def test_a_held_back_item_is_released_only_once_rewritten(open_guide, qtbot):
    page = open_guide([PRIVATE])
    go_to(qtbot, page, "mistakes")
    notes = choose_note(qtbot, page, PRIVATE)
    qtbot.keyClick(notes, Key.Key_N, Ctrl | Shift)
    listed = page.ui.itemList
    assert listed.item(0).text() == PRIVATE and not page.ui.heldBackRow.isVisible()
    keep_out(qtbot, page, PRIVATE)
    # Shown in the list and the form; out of every export
    assert listed.item(0).text() == HELD_BACK_MARK + PRIVATE
    assert page.ui.heldBackRow.isVisible() and page.ui.heldBackLabel.text() == HELD_BACK_LINE
    assert page.ui.releaseButton.isEnabled()
    assert exported_items(page, "mistakes") == []
    # The question's default keeps it held back
    asked = []
    answer = answer_release(qtbot, confirm=False, seen=asked)
    listed.setFocus()
    qtbot.keyClick(listed, Key.Key_R, Ctrl | Shift)
    assert not answer.isActive() and "own words" in asked[0]
    assert listed.item(0).text().startswith(HELD_BACK_MARK)
    # Confirmed while it still quotes the note: refused, and the banner says why
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    answer = answer_release(qtbot, confirm=True, seen=asked)
    page.ui.releaseButton.click()
    assert not answer.isActive()
    assert page.ui.bannerLabel.text() == STILL_QUOTES
    assert exported_items(page, "mistakes") == []
    # Rewritten in the facilitator's own words (not yet written to disk), then released
    field = page.form.widgets["mistake"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Long waits for discharge paperwork")
    assert listed.item(0).text() == HELD_BACK_MARK + "Long waits for discharge paperwork"
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    answer = answer_release(qtbot, confirm=True, seen=asked)
    qtbot.keyClick(field, Key.Key_R, Ctrl | Shift)
    assert not answer.isActive()
    assert page.ui.bannerLabel.text() == "Released: it goes into the exports again."
    assert listed.item(0).text() == "Long waits for discharge paperwork"
    assert not page.ui.heldBackRow.isVisible() and not page.ui.releaseButton.isEnabled()
    assert [f["mistake"] for f in exported_items(page, "mistakes")] == [
        "Long waits for discharge paperwork"]


def test_deleted_note_holds_its_feedback_back(open_window, qtbot, store, playbook):
    session = store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id)
    note = store.notes.add(session.id, playbook.meeting2[-1].id, "Bed 4's son was rude")
    store.feedback.add(session.id, FeedbackKind.MISSING, note.text, from_note=note.uid)
    store.notes.delete(note.id)
    store.close()
    window = open_window()
    qtbot.keyClick(focused(), Key.Key_3, Ctrl)
    page = window.guide_page
    go_to(qtbot, page, FEEDBACK)
    assert page.ui.itemList.item(0).text() == HELD_BACK_MARK + "Bed 4's son was rude"
    assert page.ui.heldBackLabel.text() == HELD_BACK_LINE.replace(
        "a note kept out", "a note deleted or kept out")

"""In the room: quick tags, the parking lot and action items, by keyboard. The meeting page on
its own with a real store; through the whole window only what goes beyond the page (meeting
2's parking lot, the search, the guide bringing the action items in).

Faults are real database failures (a trigger that refuses a write), and what the disk refused
is written by the same call the retry timer makes.
"""

from disk_faults import allow_writes, fill, refuse_writes
from gui_helpers import focused, start_session, type_note, type_note_on, when_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton
from samples import HOSTILE_TEXTS

from svcrec_desktop.ui.guide.action_dialog import ActionItemDialog

Ctrl = Qt.KeyboardModifier.ControlModifier
Alt = Qt.KeyboardModifier.AltModifier
Key = Qt.Key
TAG_KEYS = (Key.Key_1, Key.Key_2, Key.Key_3, Key.Key_4, Key.Key_5)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), key, modifier)


def rows(widget) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def chosen_chips(page) -> list[str]:
    """The chips by the note box that show as chosen."""
    return [chip.text() for chip in page.ui.tagBar.findChildren(QToolButton)
            if chip.isChecked()]


def to_saved_notes(qtbot, page, row: int = -1):
    """Tab from the note box to the saved notes and select a row (the last by default)."""
    notes = page.ui.notesList
    if focused() is not notes:
        qtbot.keyClick(page.ui.captureEdit, Key.Key_Tab)
    assert focused() is notes
    qtbot.keyClick(notes, Key.Key_End)
    if row >= 0:
        qtbot.keyClick(notes, Key.Key_Home)
        for _ in range(row):
            qtbot.keyClick(notes, Key.Key_Down)
    return notes


def with_dialog(qtbot, window, target, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press the key that opens a dialog (answered by a poller), then give the keyboard back
    to the window (or the page shown alone), as the desktop does when a dialog closes."""
    qtbot.keyClick(target, key, modifier)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def fill_action_dialog(qtbot, what: str, owner: str = "", *, due_days: int = 0,
                       seen: list | None = None):
    """Answer the action dialog by keyboard once it shows: what, Tab, who, Tab, the date
    (Up from "no date" is today, each further Up a day later), then Enter; seen gets the
    date the dialog showed."""
    def answer(dialog):
        assert QApplication.focusWidget() is dialog.ui.whatEdit
        dialog.ui.whatEdit.selectAll()
        qtbot.keyClicks(dialog.ui.whatEdit, what)
        qtbot.keyClick(dialog.ui.whatEdit, Key.Key_Tab)
        dialog.ui.ownerEdit.selectAll()
        qtbot.keyClicks(dialog.ui.ownerEdit, owner)
        qtbot.keyClick(dialog.ui.ownerEdit, Key.Key_Tab)
        for _ in range(due_days):
            qtbot.keyClick(dialog.ui.dueEdit, Key.Key_Up)
        if seen is not None:
            seen.append(dialog.ui.dueEdit.value())
        qtbot.keyClick(QApplication.focusWidget(), Key.Key_Return)

    return when_shown(lambda: next(iter(
        w for w in QApplication.topLevelWidgets()
        if isinstance(w, ActionItemDialog) and w.isVisible()), None), answer)


# Quick tags ------------------------------------------------------------------------------------


def test_tags_chosen_while_typing_go_with_the_note(open_meeting, qtbot):
    page = open_meeting()
    capture = page.ui.captureEdit
    qtbot.keyClicks(capture, "We never call back")
    for key in (Key.Key_1, Key.Key_3, Key.Key_5, Key.Key_3):  # Alt+3 again takes Idea off
        qtbot.keyClick(capture, key, Alt)
    assert chosen_chips(page) == ["Theme", "Level One"]
    assert capture.toPlainText() == "We never call back"  # the keys typed nothing
    assert focused() is capture
    qtbot.keyClick(capture, Key.Key_Return)
    note = page.store.notes.of_session(page.session.id)[0]
    assert (note.text, note.tags, note.parked) == ("We never call back", ("theme", "level1"),
                                                   False)
    assert chosen_chips(page) == []  # the next note starts with none
    assert "[Theme]   [Level One example]   We never call back" in rows(page.ui.notesList)[0]
    type_note_on(qtbot, page, "untagged")
    assert page.store.notes.of_session(page.session.id)[1].tags == ()


def test_the_same_keys_tag_a_saved_note_and_ctrl_z_undoes(open_meeting, qtbot):
    page = open_meeting()
    type_note_on(qtbot, page, "first")
    type_note_on(qtbot, page, "Staff said sorry straight away")
    notes = to_saved_notes(qtbot, page)

    def tags() -> tuple:
        return page.store.notes.of_session(page.session.id)[1].tags

    qtbot.keyClick(notes, Key.Key_2, Alt)
    qtbot.keyClick(notes, Key.Key_5, Alt)
    assert tags() == ("quote", "level1")
    assert notes.currentRow() == 1 and "[Quote]   [Level One example]" in rows(notes)[1]
    qtbot.keyClick(notes, Key.Key_2, Alt)
    assert tags() == ("level1",)
    assert page.ui.undoButton.text() == "Undo remove tag “Quote”"
    qtbot.keyClick(notes, Key.Key_Z, Ctrl)
    assert tags() == ("quote", "level1")
    qtbot.keyClick(notes, Key.Key_Z, Ctrl)
    qtbot.keyClick(notes, Key.Key_Z, Ctrl)
    assert tags() == ()
    assert page.store.notes.of_session(page.session.id)[0].tags == ()


# The parking lot -------------------------------------------------------------------------------


def test_parking_while_typing_and_on_a_saved_note_then_taking_out(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    page = window.meeting_page
    parking = page.ui.parkingList
    assert not parking.isVisible() and "empty" in page.ui.parkingHeading.text()
    capture = page.ui.captureEdit
    qtbot.keyClicks(capture, "The parking garage fees")
    qtbot.keyClick(capture, Key.Key_P, Ctrl)
    assert chosen_chips(page) == ["Parking lot"]
    qtbot.keyClick(capture, Key.Key_Return)
    assert [n.parked for n in window.store.notes.of_session(window.session.id)] == [True]
    assert parking.isVisible() and page.ui.parkingHeading.text() == "&Parking lot (1)"
    assert "[in the parking lot]" in rows(page.ui.notesList)[0]
    # On another step, a saved note goes there too; the lot lists both steps' points.
    qtbot.keyClick(capture, Key.Key_PageDown, Ctrl)
    type_note(qtbot, window, "Pager system is old")
    notes = to_saved_notes(qtbot, window.meeting_page)
    qtbot.keyClick(notes, Key.Key_P, Ctrl)
    assert page.ui.parkNoteButton.text() == "Out of the parking lot"
    listed = rows(parking)
    assert len(listed) == 2 and listed[0].endswith("The parking garage fees")
    assert listed[1].startswith(page.playbook.meeting1[1].title)
    # Meeting 2 shows the same parking lot.
    press(qtbot, Key.Key_4, Ctrl)
    assert window.meeting_page.meeting == 2 and rows(parking) == listed
    # Alt+P goes to the lot; Ctrl+P takes a point out, Ctrl+Z puts it back.
    press(qtbot, Key.Key_P, Alt)
    assert focused() is parking
    press(qtbot, Key.Key_Home)
    press(qtbot, Key.Key_P, Ctrl)
    assert [n.text for n in window.store.notes.of_session(window.session.id, parked=True)] == [
        "Pager system is old"]
    assert len(rows(parking)) == 1
    press(qtbot, Key.Key_Z, Ctrl)
    assert len(window.store.notes.of_session(window.session.id, parked=True)) == 2


# Action items ----------------------------------------------------------------------------------


def test_an_action_under_a_note_edited_done_deleted_and_undone(open_meeting, qtbot):
    page = open_meeting()
    type_note_on(qtbot, page, "Nobody follows up after a complaint")
    type_note_on(qtbot, page, "next note")
    notes = to_saved_notes(qtbot, page, row=0)
    seen: list = []
    _poller = fill_action_dialog(qtbot, "Write a call-back script", "Charge nurse",
                                 due_days=2, seen=seen)
    with_dialog(qtbot, page, notes, Key.Key_T, Ctrl)
    [action] = page.store.actions.of_session(page.session.id)
    note = page.store.notes.of_session(page.session.id)[0]
    assert (action.note_uid, action.what, action.owner) == (
        note.uid, "Write a call-back script", "Charge nurse")
    assert action.due == seen[0] is not None
    listed = rows(notes)
    assert listed[1].lstrip().startswith("↳ ☐ Action: Write a call-back script · Who: Charge "
                                         "nurse · By ")
    assert listed[2].endswith("next note")  # nested under its note, before the next one
    assert notes.currentRow() == 0
    # Down to the action: F2 changes it, Ctrl+D marks it done, Delete and Ctrl+Z.
    qtbot.keyClick(notes, Key.Key_Down)
    _poller = fill_action_dialog(qtbot, "Write and print a call-back script", "Dana")
    with_dialog(qtbot, page, notes, Key.Key_F2)
    changed = page.store.actions.of_session(page.session.id)[0]
    assert (changed.what, changed.owner, changed.due) == (
        "Write and print a call-back script", "Dana", action.due)
    qtbot.keyClick(notes, Key.Key_D, Ctrl)
    assert page.store.actions.of_session(page.session.id)[0].done
    assert "✓ Done: Write and print" in rows(notes)[1] and notes.currentRow() == 1
    assert page.ui.doneButton.text() == "Not done yet"
    qtbot.keyClick(notes, Key.Key_Delete)
    assert page.store.actions.of_session(page.session.id) == []
    assert page.ui.undoButton.text() == "Undo delete action item"
    qtbot.keyClick(notes, Key.Key_Z, Ctrl)
    assert page.store.actions.of_session(page.session.id)[0].done
    qtbot.keyClick(notes, Key.Key_Z, Ctrl)
    qtbot.keyClick(notes, Key.Key_Z, Ctrl)
    assert page.store.actions.of_session(page.session.id)[0].what == "Write a call-back script"
    qtbot.keyClick(notes, Key.Key_Z, Ctrl)  # taking back the action itself
    assert page.store.actions.of_session(page.session.id) == []
    assert len(rows(notes)) == 2


def test_an_action_needs_words_and_escape_adds_nothing(open_meeting, qtbot):
    page = open_meeting()
    type_note_on(qtbot, page, "a note")
    notes = to_saved_notes(qtbot, page)

    def empty_then_escape(dialog):
        qtbot.keyClick(dialog.ui.whatEdit, Key.Key_Return)
        assert dialog.isVisible() and "Say what is to be done" in dialog.ui.errorLabel.text()
        qtbot.keyClick(dialog.ui.whatEdit, Key.Key_Escape)

    _poller = when_shown(QApplication.activeModalWidget, empty_then_escape)
    with_dialog(qtbot, page, notes, Key.Key_T, Ctrl)
    assert page.store.actions.of_session(page.session.id) == []


def test_hostile_text_typed_into_an_action_is_kept(open_meeting, qtbot):
    page = open_meeting()
    type_note_on(qtbot, page, "a note")
    notes = to_saved_notes(qtbot, page)
    owner = HOSTILE_TEXTS["right to left"]

    def paste(dialog):
        dialog.ui.whatEdit.setText(HOSTILE_TEXTS["emoji sequences"])  # as a paste would
        dialog.ui.ownerEdit.setText(owner)
        qtbot.keyClick(dialog.ui.ownerEdit, Key.Key_Return)

    _poller = when_shown(QApplication.activeModalWidget, paste)
    with_dialog(qtbot, page, notes, Key.Key_T, Ctrl)
    [action] = page.store.actions.of_session(page.session.id)
    assert (action.what, action.owner) == (HOSTILE_TEXTS["emoji sequences"], owner)


def test_search_finds_an_action_and_opens_its_step(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    qtbot.keyClick(window.meeting_page.ui.captureEdit, Key.Key_PageDown, Ctrl)
    type_note(qtbot, window, "Families wait for news")
    notes = to_saved_notes(qtbot, window.meeting_page)
    _poller = fill_action_dialog(qtbot, "Hourly rounding on delays", "Unit clerk")
    with_dialog(qtbot, window, notes, Key.Key_T, Ctrl)
    press(qtbot, Key.Key_F, Ctrl)
    home = window.home_page
    qtbot.keyClicks(home.ui.searchEdit, "rounding")
    press(qtbot, Key.Key_Return)
    results = rows(home.ui.resultList)
    assert len(results) == 1
    assert f"{window.playbook.meeting1[1].title} · action item" in results[0]
    assert "Hourly" in results[0]
    press(qtbot, Key.Key_Return)
    assert window.ui.pages.currentWidget() is window.meeting_page
    assert window.meeting_page.current_step.id == window.playbook.meeting1[1].id


# The disk refuses ------------------------------------------------------------------------------


def test_a_note_committed_while_the_disk_refuses_keeps_its_tags(open_meeting, qtbot):
    page = open_meeting()
    refuse_writes(page.store, "notes")
    capture = page.ui.captureEdit
    qtbot.keyClicks(capture, "Said while the disk refused")
    qtbot.keyClick(capture, Key.Key_2, Alt)
    qtbot.keyClick(capture, Key.Key_P, Ctrl)
    qtbot.keyClick(capture, Key.Key_Return)
    assert page.store.notes.of_session(page.session.id) == []
    assert rows(page.ui.notesList)[0].startswith("Not saved yet")
    assert chosen_chips(page) == [] and capture.toPlainText() == ""
    qtbot.keyClicks(capture, "next")
    qtbot.keyClick(capture, Key.Key_1, Alt)  # chosen for the next note, not the waiting one
    allow_writes(page.store, "notes")
    page.retry_waiting()  # what the retry timer calls
    note = page.store.notes.of_session(page.session.id)[0]
    assert (note.text, note.tags, note.parked) == ("Said while the disk refused", ("quote",),
                                                   True)
    assert rows(page.ui.parkingList)[0].endswith("Said while the disk refused")
    qtbot.keyClick(capture, Key.Key_Return)
    assert page.store.notes.of_session(page.session.id)[1].tags == ("theme",)


def test_a_tagged_note_pasted_on_a_full_disk_keeps_its_tags(store_on_small_disk, small_disk,
                                                              open_meeting, qtbot):
    page = open_meeting(store_on_small_disk)
    capture = page.ui.captureEdit
    type_note_on(qtbot, page, "before the disk filled")
    fill(small_disk)
    big = "x" * 400_000  # large enough that the database must grow
    QApplication.clipboard().setText(f"pasted on a full disk {big}")
    qtbot.keyClick(capture, Key.Key_V, Ctrl)
    qtbot.keyClick(capture, Key.Key_3, Alt)
    qtbot.keyClick(capture, Key.Key_4, Alt)
    qtbot.keyClick(capture, Key.Key_P, Ctrl)
    qtbot.keyClick(capture, Key.Key_Return)
    assert "disk is full" in page.ui.bannerLabel.text()
    assert [n.text for n in page.store.notes.of_session(page.session.id)] == [
        "before the disk filled"]
    (small_disk / "filler").unlink()
    page.retry_waiting()  # what the retry timer calls
    note = page.store.notes.of_session(page.session.id)[1]
    assert (note.text, note.tags, note.parked) == (f"pasted on a full disk {big}",
                                                   ("idea", "action"), True)


def test_an_action_typed_while_the_disk_refuses_is_written_later(open_meeting, qtbot):
    page = open_meeting()
    type_note_on(qtbot, page, "Call lights at night")
    notes = to_saved_notes(qtbot, page)
    refuse_writes(page.store, "actions")
    _poller = fill_action_dialog(qtbot, "Check the night call-light report", "Night lead")
    with_dialog(qtbot, page, notes, Key.Key_T, Ctrl)
    assert page.store.actions.of_session(page.session.id) == []
    assert rows(notes)[1].startswith("Not saved yet — ↳ ☐ Action: Check the night")
    assert "Keep working" in page.ui.bannerLabel.text()
    assert not page.flush()  # quitting now would ask first
    allow_writes(page.store, "actions")
    page.notes.writes.save_waiting()  # what the retry timer calls
    [action] = page.store.actions.of_session(page.session.id)
    assert (action.what, action.owner) == ("Check the night call-light report", "Night lead")
    assert not page.ui.bannerLabel.isVisible()
    assert "Not saved yet" not in " ".join(rows(notes))
    assert page.flush()
    qtbot.keyClick(notes, Key.Key_Z, Ctrl)  # once written, it can be taken back
    assert page.store.actions.of_session(page.session.id) == []


# The guide -------------------------------------------------------------------------------------


def test_the_guide_brings_in_the_meetings_action_items(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, "Follow-up calls")
    notes = to_saved_notes(qtbot, window.meeting_page)
    _poller = fill_action_dialog(qtbot, "Write the call-back script", "Sam")
    with_dialog(qtbot, window, notes, Key.Key_T, Ctrl)
    press(qtbot, Key.Key_3, Ctrl)
    guide = window.guide_page
    sections = guide.ui.sectionList
    row = next(r for r in range(sections.count())
               if sections.item(r).data(Qt.ItemDataRole.UserRole) == "assignments")
    sections.setCurrentRow(row)
    assert guide.ui.actionsButton.isVisible()
    with qtbot.waitSignal(guide.ui.actionsButton.clicked):
        qtbot.keyClick(focused(), Key.Key_I, Alt)
    [item] = window.store.guide.items(window.session.id, "assignments")
    assert (item.get("what"), item.get("who")) == ("Write the call-back script", "Sam")
    with qtbot.waitSignal(guide.ui.actionsButton.clicked):
        qtbot.keyClick(focused(), Key.Key_I, Alt)
    assert len(window.store.guide.items(window.session.id, "assignments")) == 1
    assert "already" in guide.ui.bannerLabel.text()

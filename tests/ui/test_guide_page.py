"""The guide page on its own, on a real store, by keyboard: every section written, items
ordered, notes made into items, feedback, publishing a final, hostile text, a full disk.
How the window opens it and what it sends the window: tests/ui/test_guide_window.py."""

import pytest
from disk_faults import fill
from gui_helpers import focused, press_alt, when_shown
from guide_keys import expected, fill_by_keyboard, go_to, publish_as_it_is
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.guide_model import SECTIONS
from svcrec_desktop.ui.guide.page import FEEDBACK

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier
Key = Qt.Key


def test_every_section_is_written_by_keyboard(open_guide, store, qtbot, no_message_boxes):
    page = open_guide()
    session_id = page.session.id
    for spec in SECTIONS:
        go_to(qtbot, page, spec.id)
        if not spec.single:
            qtbot.keyClick(focused(), Key.Key_Insert)  # a new item, the cursor in its form
        typed = {f.name: f"{spec.id} {f.name} ok" for f in spec.fields}
        fill_by_keyboard(qtbot, page, typed)
        assert page.flush()
        (item,) = store.guide.items(session_id, spec.id)
        assert item.fields == expected(spec, typed), spec.id
    # What was typed is what the list of items shows, and it survives a reopening
    go_to(qtbot, page, "mistakes")
    assert page.ui.itemList.item(0).text() == "mistakes mistake ok"
    page.open_session(store.sessions.get(session_id))  # as a reopening does
    assert store.guide.content(session_id).single("logistics").get("guide_kept") == \
        "logistics guide_kept ok"


def test_a_mistake_names_a_finding_theme_or_its_own(open_guide, store, qtbot, no_message_boxes):
    page = open_guide()
    session_id = page.session.id
    store.findings.add(session_id, [{"theme": "Waiting without updates", "count": 9},
                                           {"theme": "Noise at night", "count": 4}])
    go_to(qtbot, page, "mistakes")
    qtbot.keyClick(focused(), Key.Key_Insert)
    qtbot.keyClicks(focused(), "No word during a long wait")
    qtbot.keyClick(focused(), Key.Key_Tab)
    theme = page.form.widgets["theme"]
    assert focused() is theme and theme.isEditable() and theme.currentText() == ""
    assert [theme.itemText(i) for i in range(theme.count())] == [
        "Waiting without updates", "Noise at night"]
    assert theme.accessibleName() == "Theme it answers"
    qtbot.keyClick(focused(), Key.Key_Down)  # the first theme offered
    assert page.flush()
    (item,) = store.guide.items(session_id, "mistakes")
    assert theme.currentText() == item.get("theme") == "Waiting without updates"
    theme.lineEdit().selectAll()
    qtbot.keyClicks(focused(), "Belongings")  # words of its own are kept as typed
    assert page.flush()
    assert store.guide.item(item.id).get("theme") == "Belongings"
    assert theme.count() == 2  # and not added to what is offered
    store.findings.add(session_id, [{"theme": "Lost belongings", "count": 2}])
    page.refresh()  # as when the page is shown again after the preparation
    assert theme.count() == 3 and theme.currentText() == "Belongings"


def test_items_are_ordered_deleted_and_brought_back(open_guide, store, qtbot, no_message_boxes):
    page = open_guide()
    go_to(qtbot, page, "offers")
    for offer in ("Meal voucher", "Parking pass"):
        qtbot.keyClick(focused(), Key.Key_A, Ctrl | Shift)
        qtbot.keyClicks(focused(), offer)
    listed = page.ui.itemList
    listed.setFocus()
    qtbot.keyClick(listed, Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    offers = lambda: [i.get("offer") for i in store.guide.items(page.session.id,  # noqa: E731
                                                                        "offers")]
    assert offers() == ["Parking pass", "Meal voucher"]
    qtbot.keyClick(listed, Key.Key_Delete)
    assert offers() == ["Meal voucher"]
    assert "Ctrl+Z" in page.ui.bannerLabel.text()
    qtbot.keyClick(listed, Key.Key_Z, Ctrl)
    assert offers() == ["Parking pass", "Meal voucher"]


def test_a_note_sent_to_a_section_links_back_and_is_used(open_guide, store, qtbot,
                                                          no_message_boxes):
    page = open_guide(["Discharge papers take hours", "Nobody explains delays"])
    go_to(qtbot, page, "mistakes")
    assert page.ui.unusedLabel.text().startswith("2 of 2 notes not used")
    notes = page.ui.noteList
    page.ui.notesFilter.setCurrentIndex(2)  # all notes: these were said in the welcome
    notes.setFocus()
    notes.setCurrentRow(0)
    qtbot.keyClick(notes, Key.Key_N, Ctrl | Shift)
    (item,) = store.guide.items(page.session.id, "mistakes")
    note = store.notes.of_session(page.session.id)[0]
    assert item.get("mistake") == "Discharge papers take hours" and item.from_note == note.uid
    assert page.ui.unusedLabel.text().startswith("1 of 2 notes not used")
    assert "used" in notes.item(0).text() and "not used yet" in notes.item(1).text()
    # The item shows where it came from, and the link finds the note
    assert page.ui.fromNoteLabel.isVisible()
    assert "Discharge papers take hours" in page.ui.fromNoteLabel.text()
    page.ui.fromNoteLabel.linkActivated.emit(str(note.id))
    assert notes.currentItem().data(Qt.ItemDataRole.UserRole) == note.id
    assert focused() is notes
    # "Not used yet" lists only the other note
    page.ui.notesFilter.setCurrentIndex(1)
    assert [notes.item(r).toolTip() for r in range(notes.count())] == ["Nobody explains delays"]


def test_the_context_menu_sends_a_note_to_any_section_and_keeps_one_out(
        open_guide, store, playbook, qtbot, no_message_boxes):
    page = open_guide(["Ask the charge nurse for a taxi voucher"])
    notes = page.ui.noteList
    page.ui.notesFilter.setCurrentIndex(2)  # all notes
    notes.setCurrentRow(0)

    def choose(title):
        def act(menu):
            send_to = next(a.menu() for a in menu.actions() if a.menu())
            next(a for a in send_to.actions() if a.text() == title).trigger()
            menu.close()
        return act

    offers_title = playbook.guide_section("offers").title
    _poller = when_shown(QApplication.activePopupWidget, choose(offers_title))
    notes.customContextMenuRequested.emit(QPoint(5, 5))
    assert page.part == "offers"
    (item,) = store.guide.items(page.session.id, "offers")
    assert item.get("offer") == "Ask the charge nurse for a taxi voucher"
    page.activateWindow()  # the offscreen platform does not give it back after a menu
    qtbot.waitUntil(page.isActiveWindow)
    notes.setFocus()
    page.ui.notesFilter.setCurrentIndex(2)
    notes.setCurrentRow(0)
    qtbot.keyClick(notes, Key.Key_K, Ctrl)
    assert store.notes.of_session(page.session.id)[0].confidential
    assert "kept out" in notes.item(0).text()


def test_notes_join_a_single_sections_text(open_guide, store, qtbot, no_message_boxes):
    page = open_guide(["Say sorry first", "Then fix what you can"])
    go_to(qtbot, page, "steps")
    page.ui.notesFilter.setCurrentIndex(2)
    page.ui.noteList.selectAll()
    page.ui.noteList.setFocus()
    qtbot.keyClick(page.ui.noteList, Key.Key_N, Ctrl | Shift)
    assert store.guide.form(page.session.id, "steps")["steps"] == \
        "Say sorry first\nThen fix what you can"


def test_feedback_per_section_with_what_was_done(open_guide, store, qtbot, no_message_boxes):
    page = open_guide()
    go_to(qtbot, page, FEEDBACK)
    qtbot.keyClick(focused(), Key.Key_Insert)
    qtbot.keyClicks(focused(), "Night shift is not covered")
    qtbot.keyClick(focused(), Key.Key_Tab)
    kind = page.form.widgets["kind"]
    assert focused() is kind
    assert kind.currentText() == "What is missing"  # new feedback starts as "missing"
    qtbot.keyClick(kind, Key.Key_Down)
    qtbot.keyClick(kind, Key.Key_Tab)
    about = page.form.widgets["section"]
    for _ in range(4):  # the guide as a whole, then the sections in order
        qtbot.keyClick(about, Key.Key_Down)
    qtbot.keyClick(about, Key.Key_Tab)
    qtbot.keyClicks(focused(), "Added the night manager")
    assert page.flush()
    (said,) = store.feedback.of_session(page.session.id)
    assert (said.kind.value, said.section, said.text, said.response) == (
        "off", SECTIONS[3].id, "Night shift is not covered", "Added the night manager")
    assert page.ui.sectionList.item(len(SECTIONS)).text() == "Feedback from meeting 2 (1)"


def test_publishing_a_final_lists_the_empty_sections_and_goes_back_to_them(
        open_guide, store, qtbot, playbook, no_message_boxes):
    page = open_guide()
    session_id = page.session.id
    go_to(qtbot, page, "mistakes")
    qtbot.keyClick(focused(), Key.Key_Insert)
    qtbot.keyClicks(focused(), "Lost belongings")
    asked = []

    def go_back(box):  # Enter takes the default: go back and fill them in
        asked.append(box.text())
        qtbot.keyClick(box, Key.Key_Return)

    _answer = when_shown(QApplication.activeModalWidget, go_back)
    press_alt(qtbot, page.ui.publishButton, Key.Key_P)
    qtbot.waitUntil(lambda: asked and QApplication.activeModalWidget() is None)
    empty = [s.title for s in playbook.guide if s.id != "mistakes"]
    assert all(f"•  {title}" in asked[0] for title in empty)
    assert playbook.guide_section("mistakes").title not in asked[0]
    assert store.versions.of_session(session_id) == []  # nothing was kept
    page.activateWindow()  # as the desktop does when the question closes; offscreen does not
    qtbot.waitUntil(page.isActiveWindow)
    assert page.part == playbook.guide[1].id and focused() is page.ui.sectionList
    # Asked again, publishing as it is keeps the final
    _answer = when_shown(QApplication.activeModalWidget, publish_as_it_is(qtbot, asked))
    press_alt(qtbot, page.ui.publishButton, Key.Key_P)
    assert len(asked) == 2
    assert [v.name for v in store.versions.of_session(session_id)] == ["Final 1"]
    # With every section filled in, nothing is asked (no_message_boxes, no poller)
    for spec in SECTIONS:
        if spec.id != "mistakes":
            store.guide.add_item(session_id, spec.id, {spec.headline: "filled"})
    page.ui.publishButton.click()
    assert [v.name for v in store.versions.of_session(session_id)] == ["Final 1", "Final 2"]
    assert len(asked) == 2


@pytest.mark.parametrize("name", sorted(k for k in HOSTILE_TEXTS if "surrogate" not in k))
def test_hostile_text_pasted_into_the_editor_is_kept_exactly(open_guide, store, qtbot, name,
                                                             no_message_boxes):
    text = HOSTILE_TEXTS[name]  # a lone surrogate cannot reach a Qt text box: see the records'
    page = open_guide()
    go_to(qtbot, page, "mistakes")
    qtbot.keyClick(focused(), Key.Key_Insert)
    QApplication.clipboard().setText(text)
    qtbot.keyClick(page.form.widgets["mistake"], Key.Key_V, Ctrl)
    page.form.widgets["make_right"].setFocus()
    qtbot.keyClick(page.form.widgets["make_right"], Key.Key_V, Ctrl)
    assert page.flush()
    (item,) = store.guide.items(page.session.id, "mistakes")
    assert item.get("make_right") == text.replace("\r\n", "\n").replace("\r", "\n")
    assert item.get("mistake") == page.form.widgets["mistake"].text()


def test_a_full_disk_keeps_guide_text_on_screen_and_writes_it_later(store_on_small_disk,
                                                                    small_disk, open_guide, qtbot):
    page = open_guide(on=store_on_small_disk)
    go_to(qtbot, page, "offers")
    qtbot.keyClick(focused(), Key.Key_Insert)
    fill(small_disk)  # a real full disk: SQLite cannot write its journal
    text = "Parking pass for the family " * 200  # more than the last free page can take
    qtbot.keyClicks(focused(), "Meal voucher; ")
    QApplication.clipboard().setText(text)
    qtbot.keyClick(focused(), Key.Key_V, Ctrl)
    assert not page.flush()
    assert "saved as soon as the disk allows" in page.ui.bannerLabel.text()
    assert page.form.value("offer") == "Meal voucher; " + text  # still on screen
    (small_disk / "filler").unlink()
    qtbot.waitUntil(lambda: not page.writes, timeout=10_000)  # the retry timer wrote it
    (item,) = store_on_small_disk.guide.items(page.session.id, "offers")
    assert item.get("offer") == "Meal voucher; " + text
    assert not page.ui.bannerLabel.isVisible()

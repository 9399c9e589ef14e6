"""Issue 5 through the real window: the guide written from the notes, by keyboard."""

from datetime import date

import pytest
from disk_faults import fill
from docx import Document
from gui_helpers import (
    answer_export_dialog,
    focused,
    press_alt,
    start_session,
    type_note,
    when_shown,
)
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QFileDialog, QMessageBox
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.guide_model import SECTIONS, FieldKind, VersionStatus
from svcrec_desktop.domain.model import Phase, long_date
from svcrec_desktop.ui.guide.page import AFTER, FEEDBACK, REGISTER
from svcrec_desktop.ui.widgets import OptionalDateEdit

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier
Key = Qt.Key


@pytest.fixture
def no_message_boxes(monkeypatch):
    """Any warning box fails the test with its text instead of waiting for a click."""
    def fail(_parent, title, text, *_args):
        raise AssertionError(f"unexpected message: {title}: {text}")
    monkeypatch.setattr(QMessageBox, "warning", fail)


def open_guide(qtbot, window, notes=()):
    """A session with these meeting-1 notes (on its first step), then Ctrl+3."""
    start_session(qtbot, window)
    for note in notes:
        type_note(qtbot, window, note)
    qtbot.keyClick(focused(), Key.Key_3, Ctrl)
    page = window.guide_page
    assert window.ui.pages.currentWidget() is page
    return page


def go_to(qtbot, page, part):
    """Choose a part of the guide with the arrow keys in the section list, then Enter."""
    listed = page.ui.sectionList
    listed.setFocus()
    qtbot.keyClick(listed, Key.Key_Home)
    for _ in range(next(r for r in range(listed.count())
                        if listed.item(r).data(Qt.ItemDataRole.UserRole) == part)):
        qtbot.keyClick(listed, Key.Key_Down)
    assert page.part == part
    qtbot.keyClick(listed, Key.Key_Return)


def fill_by_keyboard(qtbot, page, values):
    """From the first field, type or choose each field's value and Tab to the next."""
    for spec in page.records.fields:
        widget = page.form.widgets[spec.name]
        assert focused() is widget, (spec.name, focused())
        if isinstance(widget, QComboBox) and not widget.isEditable():
            qtbot.keyClick(widget, Key.Key_Down)  # the first real choice
        elif isinstance(widget, QCheckBox):
            qtbot.keyClick(widget, Key.Key_Space)
        elif isinstance(widget, OptionalDateEdit):
            qtbot.keyClick(widget, Key.Key_Up)  # from "no date", the arrows start at today
        else:
            qtbot.keyClicks(widget, values[spec.name])
        tab_out(qtbot)


def tab_out(qtbot):
    """Tab to the next field (a date's Tab first walks its day, month and year)."""
    start = focused()
    for _ in range(4):
        qtbot.keyClick(focused(), Key.Key_Tab)
        if focused() is not start:
            return
    raise AssertionError(f"Tab does not leave {start}")


def expected(spec, typed):
    """What the store holds after fill_by_keyboard."""
    first_choice = {f.name: f.choices[0] for f in spec.fields if f.choices}
    return {f.name: {FieldKind.CHOICE: first_choice.get(f.name, ""),
                     FieldKind.CHECK: "yes",
                     FieldKind.DATE: date.today().isoformat()}.get(f.kind, typed.get(f.name))
            for f in spec.fields}


def test_ctrl3_opens_the_guide_and_moves_the_session_on(open_window, qtbot, no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window)
    assert window.session.phase is Phase.BETWEEN
    assert window.ui.guideButton.isChecked()
    assert page.ui.guideTitleLabel.text() == "Cardiology’s Guide to Service Recovery"
    assert "the guide" in window.windowTitle()


def test_every_section_is_written_by_keyboard(open_window, qtbot, no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window)
    session_id = window.session.id
    for spec in SECTIONS:
        go_to(qtbot, page, spec.id)
        if not spec.single:
            qtbot.keyClick(focused(), Key.Key_Insert)  # a new item, the cursor in its form
        typed = {f.name: f"{spec.id} {f.name} ok" for f in spec.fields}
        fill_by_keyboard(qtbot, page, typed)
        assert page.flush()
        (item,) = window.store.guide_items(session_id, spec.id)
        assert item.fields == expected(spec, typed), spec.id
    # What was typed is what the list of items shows, and it survives a reopening
    go_to(qtbot, page, "mistakes")
    assert page.ui.itemList.item(0).text() == "mistakes mistake ok"
    window.open_session_by_id(session_id)
    assert window.store.guide_content(session_id).single("logistics").get("guide_kept") == \
        "logistics guide_kept ok"


def test_a_mistake_names_a_finding_theme_or_its_own(open_window, qtbot, no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window)
    session_id = window.session.id
    window.store.add_findings(session_id, [{"theme": "Waiting without updates", "count": 9},
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
    (item,) = window.store.guide_items(session_id, "mistakes")
    assert theme.currentText() == item.get("theme") == "Waiting without updates"
    theme.lineEdit().selectAll()
    qtbot.keyClicks(focused(), "Belongings")  # words of its own are kept as typed
    assert page.flush()
    assert window.store.guide_item(item.id).get("theme") == "Belongings"
    assert theme.count() == 2  # and not added to what is offered
    window.store.add_findings(session_id, [{"theme": "Lost belongings", "count": 2}])
    page.refresh()  # as when the page is shown again after the preparation
    assert theme.count() == 3 and theme.currentText() == "Belongings"


def test_items_are_ordered_deleted_and_brought_back(open_window, qtbot, no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window)
    go_to(qtbot, page, "offers")
    for offer in ("Meal voucher", "Parking pass"):
        qtbot.keyClick(focused(), Key.Key_A, Ctrl | Shift)
        qtbot.keyClicks(focused(), offer)
    listed = page.ui.itemList
    listed.setFocus()
    qtbot.keyClick(listed, Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    offers = lambda: [i.get("offer") for i in window.store.guide_items(window.session.id,  # noqa: E731
                                                                        "offers")]
    assert offers() == ["Parking pass", "Meal voucher"]
    qtbot.keyClick(listed, Key.Key_Delete)
    assert offers() == ["Meal voucher"]
    assert "Ctrl+Z" in page.ui.bannerLabel.text()
    qtbot.keyClick(listed, Key.Key_Z, Ctrl)
    assert offers() == ["Parking pass", "Meal voucher"]


def test_a_note_sent_to_a_section_links_back_and_is_used(open_window, qtbot, no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window, ["Discharge papers take hours", "Nobody explains delays"])
    go_to(qtbot, page, "mistakes")
    assert page.ui.unusedLabel.text().startswith("2 of 2 notes not used")
    notes = page.ui.noteList
    page.ui.notesFilter.setCurrentIndex(2)  # all notes: these were said in the welcome
    notes.setFocus()
    notes.setCurrentRow(0)
    qtbot.keyClick(notes, Key.Key_N, Ctrl | Shift)
    (item,) = window.store.guide_items(window.session.id, "mistakes")
    note = window.store.notes(window.session.id)[0]
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
        open_window, qtbot, no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window, ["Ask the charge nurse for a taxi voucher"])
    notes = page.ui.noteList
    page.ui.notesFilter.setCurrentIndex(2)  # all notes
    notes.setCurrentRow(0)

    def choose(title):
        def act(menu):
            send_to = next(a.menu() for a in menu.actions() if a.menu())
            next(a for a in send_to.actions() if a.text() == title).trigger()
            menu.close()
        return act

    offers_title = window.playbook.guide_section("offers").title
    _poller = when_shown(QApplication.activePopupWidget, choose(offers_title))
    notes.customContextMenuRequested.emit(QPoint(5, 5))
    assert page.part == "offers"
    (item,) = window.store.guide_items(window.session.id, "offers")
    assert item.get("offer") == "Ask the charge nurse for a taxi voucher"
    window.activateWindow()  # the offscreen platform does not give it back after a menu
    qtbot.waitUntil(window.isActiveWindow)
    notes.setFocus()
    page.ui.notesFilter.setCurrentIndex(2)
    notes.setCurrentRow(0)
    qtbot.keyClick(notes, Key.Key_K, Ctrl)
    assert window.store.notes(window.session.id)[0].confidential
    assert "kept out" in notes.item(0).text()


def test_notes_join_a_single_sections_text(open_window, qtbot, no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window, ["Say sorry first", "Then fix what you can"])
    go_to(qtbot, page, "steps")
    page.ui.notesFilter.setCurrentIndex(2)
    page.ui.noteList.selectAll()
    page.ui.noteList.setFocus()
    qtbot.keyClick(page.ui.noteList, Key.Key_N, Ctrl | Shift)
    assert window.store.guide_form(window.session.id, "steps")["steps"] == \
        "Say sorry first\nThen fix what you can"


def test_feedback_per_section_with_what_was_done(open_window, qtbot, no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window)
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
    (said,) = window.store.feedback(window.session.id)
    assert (said.kind.value, said.section, said.text, said.response) == (
        "off", SECTIONS[3].id, "Night shift is not covered", "Added the night manager")
    assert page.ui.sectionList.item(len(SECTIONS)).text() == "Feedback from meeting 2 (1)"


def test_versions_freeze_differ_and_export(open_window, qtbot, tmp_path, monkeypatch,
                                           no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window)
    session_id = window.session.id
    go_to(qtbot, page, "mistakes")
    qtbot.keyClick(focused(), Key.Key_Insert)
    qtbot.keyClicks(focused(), "Lost belongings")
    press_alt(qtbot, page.ui.freezeButton, Key.Key_F)
    page.form.widgets["mistake"].setFocus()
    qtbot.keyClicks(focused(), " after transfer")
    _answer = when_shown(QApplication.activeModalWidget, publish_as_it_is(qtbot))
    press_alt(qtbot, page.ui.publishButton, Key.Key_P)
    draft, final = window.store.versions(session_id)
    assert (draft.status, final.status) == (VersionStatus.DRAFT, VersionStatus.FINAL)
    assert (draft.name, final.name) == ("Draft 1", "Final 1")
    assert page.ui.bannerLabel.text().startswith("Final 1 is kept.")
    window.activateWindow()  # as the desktop does when the question closes; offscreen does not
    qtbot.waitUntil(window.isActiveWindow)
    assert draft.content.section("mistakes")[0].get("mistake") == "Lost belongings"
    assert final.content.section("mistakes")[0].get("mistake") == "Lost belongings after transfer"
    assert page.ui.versionLabel.text() == f"Latest kept: {final.label}"
    # The export dialog offers the final first; each version exports as it was kept
    targets = iter([tmp_path / "final.docx", tmp_path / "draft.docx"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a: (str(next(targets)), "Word document (*.docx)"))
    offered = {}

    def note_versions(dialog):
        combo = dialog.ui.versionCombo
        offered["items"] = [combo.itemText(i) for i in range(combo.count())]
        offered["current"] = combo.currentText()

    _answer = answer_export_dialog(note_versions)
    qtbot.keyClick(page, Key.Key_E, Ctrl)
    assert offered["current"] == final.label
    assert offered["items"] == ["The guide as it is now", final.label, draft.label]

    def choose_draft(dialog):
        dialog.ui.versionCombo.setCurrentIndex(dialog.ui.versionCombo.findData(draft.id))

    _answer = answer_export_dialog(choose_draft)
    page.ui.exportButton.click()
    final_text = docx_text(tmp_path / "final.docx")
    draft_text = docx_text(tmp_path / "draft.docx")
    assert "Lost belongings after transfer" in final_text and "DRAFT" not in final_text
    assert "Lost belongings after transfer" not in draft_text and "DRAFT" in draft_text


def publish_as_it_is(qtbot, asked=None):
    """Answer the question about empty sections with Alt+U, keeping what it said."""
    def answer(box):
        if asked is not None:
            asked.append(box.text())
        qtbot.keyClick(box, Key.Key_U, Qt.KeyboardModifier.AltModifier)
    return answer


def test_publishing_a_final_lists_the_empty_sections_and_goes_back_to_them(
        open_window, qtbot, playbook, no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window)
    session_id = window.session.id
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
    assert window.store.versions(session_id) == []  # nothing was kept
    window.activateWindow()  # as the desktop does when the question closes; offscreen does not
    qtbot.waitUntil(window.isActiveWindow)
    assert page.part == playbook.guide[1].id and focused() is page.ui.sectionList
    # Asked again, publishing as it is keeps the final
    _answer = when_shown(QApplication.activeModalWidget, publish_as_it_is(qtbot, asked))
    press_alt(qtbot, page.ui.publishButton, Key.Key_P)
    assert len(asked) == 2
    assert [v.name for v in window.store.versions(session_id)] == ["Final 1"]
    # With every section filled in, nothing is asked (no_message_boxes, no poller)
    for spec in SECTIONS:
        if spec.id != "mistakes":
            window.store.add_guide_item(session_id, spec.id, {spec.headline: "filled"})
    page.ui.publishButton.click()
    assert [v.name for v in window.store.versions(session_id)] == ["Final 1", "Final 2"]
    assert len(asked) == 2


def docx_text(path):
    document = Document(path)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    headers = [p.text for s in document.sections for p in s.header.paragraphs]
    return "\n".join([p.text for p in document.paragraphs] + cells + headers)


def test_the_register_checks_values_totals_months_and_saves_csv(
        open_window, qtbot, tmp_path, monkeypatch):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window = open_window()
    page = open_guide(qtbot, window)
    go_to(qtbot, page, REGISTER)
    qtbot.keyClick(focused(), Key.Key_Insert)
    qtbot.keyClicks(focused(), "Meal voucher")
    tab_out(qtbot)
    tab_out(qtbot)  # the date stays today
    qtbot.keyClicks(focused(), "eight")
    assert not page.flush() or "12.50" in page.ui.bannerLabel.text()
    assert "write it like 12.50" in page.ui.bannerLabel.text()
    (row,) = window.store.recovery_items(window.session.id)
    assert (row.item, row.value_cents) == ("Meal voucher", 0)
    value = page.form.widgets["value"]
    value.selectAll()
    qtbot.keyClicks(value, "8,5")
    assert page.flush()
    assert window.store.recovery_items(window.session.id)[0].value_cents == 850
    assert page.ui.totalsLabel.text() == \
        f"Totals per month: {date.today():%Y-%m}: 1 item, 8.50"
    target = tmp_path / "register.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    page.ui.csvButton.click()
    assert "Meal voucher" in target.read_text(encoding="utf-8-sig")
    assert warnings == []


def test_the_closing_page_and_the_quick_card(open_window, qtbot, tmp_path, monkeypatch,
                                             no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window)
    go_to(qtbot, page, AFTER)
    fields = page.form.widgets
    review = fields["review_on"]
    assert review.specialValueText() == "a year after approval"
    assert focused() is fields["owner"]
    qtbot.keyClicks(focused(), "Nurse manager, 4 West")
    tab_out(qtbot)
    qtbot.keyClicks(focused(), "Director of nursing")
    tab_out(qtbot)
    assert focused() is fields["approved_on"]
    qtbot.keyClick(focused(), Key.Key_Up)  # from "no date", the arrows start at today
    tab_out(qtbot)
    # The review date left empty says when it falls, to the eye and to a screen reader
    a_year_on = long_date(date.today().replace(year=date.today().year + 1))
    assert focused() is review and review.value() is None
    assert review.specialValueText() == f"{a_year_on}, a year after approval"
    assert a_year_on in review.accessibleDescription()
    tab_out(qtbot)
    assert focused() is fields["help_contact"]
    qtbot.keyClicks(focused(), "Patient relations, ext. 4400")
    qtbot.keyClick(focused(), Key.Key_Tab)
    qtbot.keyClicks(focused(), "Lively, and the night staff came")
    assert page.flush()
    session = window.store.session(window.session.id)
    assert (session.help_contact, session.reflection) == (
        "Patient relations, ext. 4400", "Lively, and the night staff came")
    assert (session.owner, session.approved_by, session.approved_on, session.review_on) == (
        "Nurse manager, 4 West", "Director of nursing", date.today(), None)
    # Delete empties the approval date again; the review date falls back to saying so
    fields["approved_on"].setFocus()
    qtbot.keyClick(fields["approved_on"], Key.Key_Delete)
    assert page.flush() and window.store.session(window.session.id).approved_on is None
    assert review.specialValueText() == "a year after approval"
    target = tmp_path / "card.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    press_alt(qtbot, page.ui.quickCardButton, Key.Key_Q)
    assert "Patient relations, ext. 4400" in docx_text(target)


def test_a_done_session_shows_its_guide_read_only(open_window, qtbot, no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window)
    go_to(qtbot, page, "offers")
    qtbot.keyClick(focused(), Key.Key_Insert)
    qtbot.keyClicks(focused(), "Parking pass")
    window.set_phase(Phase.DONE)
    assert not page.ui.addButton.isEnabled() and not page.ui.publishButton.isEnabled()
    assert not page.form.widgets["offer"].isEnabled()
    qtbot.keyClick(page.ui.itemList, Key.Key_Delete)
    assert len(window.store.guide_items(window.session.id, "offers")) == 1


@pytest.mark.parametrize("name", sorted(k for k in HOSTILE_TEXTS if "surrogate" not in k))
def test_hostile_text_pasted_into_the_editor_is_kept_exactly(open_window, qtbot, name,
                                                             no_message_boxes):
    text = HOSTILE_TEXTS[name]  # a lone surrogate cannot reach a Qt text box: see the records'
    window = open_window()
    page = open_guide(qtbot, window)
    go_to(qtbot, page, "mistakes")
    qtbot.keyClick(focused(), Key.Key_Insert)
    QApplication.clipboard().setText(text)
    qtbot.keyClick(page.form.widgets["mistake"], Key.Key_V, Ctrl)
    page.form.widgets["make_right"].setFocus()
    qtbot.keyClick(page.form.widgets["make_right"], Key.Key_V, Ctrl)
    assert page.flush()
    (item,) = window.store.guide_items(window.session.id, "mistakes")
    assert item.get("make_right") == text.replace("\r\n", "\n").replace("\r", "\n")
    assert item.get("mistake") == page.form.widgets["mistake"].text()


def test_ctrl4_runs_meeting_2_on_the_kept_draft_and_ctrl2_goes_back(open_window, qtbot,
                                                                    no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window, ["Said in meeting 1"])
    go_to(qtbot, page, "offers")
    qtbot.keyClick(focused(), Key.Key_Insert)
    qtbot.keyClicks(focused(), "Meal voucher")
    qtbot.keyClick(focused(), Key.Key_4, Ctrl)
    meeting = window.meeting_page
    assert window.ui.pages.currentWidget() is meeting and meeting.meeting == 2
    assert window.ui.meeting2Button.isChecked() and "meeting 2" in window.windowTitle()
    assert window.store.session(window.session.id).phase is Phase.MEETING2
    (draft,) = window.store.versions(window.session.id)  # what meeting 2 was shown
    assert draft.content.section("offers")[0].get("offer") == "Meal voucher"
    while not meeting.current_step.present:
        qtbot.keyClick(focused(), Key.Key_PageDown, Ctrl)
    assert "Meal voucher" in meeting.ui.scriptView.toPlainText()
    while not meeting.current_step.feedback:
        qtbot.keyClick(focused(), Key.Key_PageDown, Ctrl)
    combo = meeting.ui.feedbackSectionCombo
    combo.setCurrentIndex(combo.findData("offers"))
    type_note(qtbot, window, "Parking passes are missing")
    (said,) = window.store.feedback(window.session.id)
    assert (said.kind.value, said.section, said.text) == (
        meeting.current_step.feedback, "offers", "Parking passes are missing")
    qtbot.keyClick(focused(), Key.Key_2, Ctrl)
    assert meeting.meeting == 1 and window.ui.meetingButton.isChecked()
    assert [n.text for n in window.store.notes(window.session.id, meeting.current_step.id)] \
        == ["Said in meeting 1"]
    qtbot.keyClick(focused(), Key.Key_4, Ctrl)  # back where meeting 2 was left
    assert meeting.current_step.feedback and len(window.store.versions(window.session.id)) == 1


def test_a_full_disk_keeps_guide_text_on_screen_and_writes_it_later(open_window_in, small_disk,
                                                                    qtbot):
    window = open_window_in(small_disk / "data")
    page = open_guide(qtbot, window)
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
    (item,) = window.store.guide_items(window.session.id, "offers")
    assert item.get("offer") == "Meal voucher; " + text
    assert not page.ui.bannerLabel.isVisible()

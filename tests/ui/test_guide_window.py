"""The guide in the real window, end to end: Ctrl+3 opens it and moves the session on, its
versions export through the window, the register's CSV and the quick card are saved, a done
session shows it read-only, Ctrl+4 runs meeting 2 on the kept draft. The page on its own:
tests/ui/test_guide_page.py."""

from datetime import date

from documents import docx_text
from gui_helpers import (
    answer_export_dialog,
    focused,
    press_alt,
    start_session,
    type_note,
    when_shown,
)
from guide_keys import go_to, publish_as_it_is, tab_out
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from svcrec_desktop.domain.guide_model import VersionStatus
from svcrec_desktop.domain.model import Phase, long_date
from svcrec_desktop.ui.guide.page import AFTER, REGISTER

Ctrl = Qt.KeyboardModifier.ControlModifier
Key = Qt.Key


def open_guide(qtbot, window, notes=()):
    """A session with these meeting-1 notes (on its first step), then Ctrl+3."""
    start_session(qtbot, window)
    for note in notes:
        type_note(qtbot, window, note)
    qtbot.keyClick(focused(), Key.Key_3, Ctrl)
    page = window.guide_page
    assert window.ui.pages.currentWidget() is page
    return page


def test_ctrl3_opens_the_guide_and_moves_the_session_on(open_window, qtbot, no_message_boxes):
    window = open_window()
    page = open_guide(qtbot, window)
    assert window.session.phase is Phase.BETWEEN
    assert window.ui.guideButton.isChecked()
    assert page.ui.guideTitleLabel.text() == "Cardiology’s Guide to Service Recovery"
    assert "the guide" in window.windowTitle()


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
    draft, final = window.store.versions.of_session(session_id)
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
    (row,) = window.store.register.items(window.session.id)
    assert (row.item, row.value_cents) == ("Meal voucher", 0)
    value = page.form.widgets["value"]
    value.selectAll()
    qtbot.keyClicks(value, "8,5")
    assert page.flush()
    assert window.store.register.items(window.session.id)[0].value_cents == 850
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
    session = window.store.sessions.get(window.session.id)
    assert (session.help_contact, session.reflection) == (
        "Patient relations, ext. 4400", "Lively, and the night staff came")
    assert (session.owner, session.approved_by, session.approved_on, session.review_on) == (
        "Nurse manager, 4 West", "Director of nursing", date.today(), None)
    # Delete empties the approval date again; the review date falls back to saying so
    fields["approved_on"].setFocus()
    qtbot.keyClick(fields["approved_on"], Key.Key_Delete)
    assert page.flush() and window.store.sessions.get(window.session.id).approved_on is None
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
    assert len(window.store.guide.items(window.session.id, "offers")) == 1


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
    assert window.store.sessions.get(window.session.id).phase is Phase.MEETING2
    (draft,) = window.store.versions.of_session(window.session.id)  # what meeting 2 was shown
    assert draft.content.section("offers")[0].get("offer") == "Meal voucher"
    while not meeting.current_step.present:
        qtbot.keyClick(focused(), Key.Key_PageDown, Ctrl)
    assert "Meal voucher" in meeting.ui.scriptView.toPlainText()
    while not meeting.current_step.feedback:
        qtbot.keyClick(focused(), Key.Key_PageDown, Ctrl)
    combo = meeting.ui.feedbackSectionCombo
    combo.setCurrentIndex(combo.findData("offers"))
    type_note(qtbot, window, "Parking passes are missing")
    (said,) = window.store.feedback.of_session(window.session.id)
    assert (said.kind.value, said.section, said.text) == (
        meeting.current_step.feedback, "offers", "Parking passes are missing")
    qtbot.keyClick(focused(), Key.Key_2, Ctrl)
    assert meeting.meeting == 1 and window.ui.meetingButton.isChecked()
    said = window.store.notes.of_session(window.session.id, meeting.current_step.id)
    assert [n.text for n in said] == ["Said in meeting 1"]
    qtbot.keyClick(focused(), Key.Key_4, Ctrl)  # back where meeting 2 was left
    assert meeting.current_step.feedback
    assert len(window.store.versions.of_session(window.session.id)) == 1

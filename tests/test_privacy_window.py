"""The privacy check before an export, driven through the real window by keyboard."""

from pathlib import Path

import pytest
from docx import Document
from gui_helpers import answer_export_dialog, focused, start_session, type_note, when_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from svcrec_desktop.privacy import REPLACEMENT
from svcrec_desktop.ui.privacy_dialog import PrivacyCheckDialog

Ctrl = Qt.KeyboardModifier.ControlModifier
PHONE_NOTE = "Her son rang (801) 555-0134 three times"


def docx_text(path: Path) -> str:
    document = Document(path)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.fixture
def save_to(tmp_path, monkeypatch):
    """The save-file dialog answers with guide.docx and records whether it was asked."""
    target = tmp_path / "guide.docx"
    asked = []

    def save_dialog(parent, caption, suggested, filters):
        asked.append(QApplication.activeModalWidget())
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    return target, asked


def export_with_check(qtbot, window, act):
    """Press Ctrl+E with the given notes; act(dialog) runs on the privacy check and returns
    what it saw, so that nothing can leave the modal dialog open on a failed assertion."""
    seen = {}

    def on_dialog(dialog):
        seen["dialog"] = dialog
        qtbot.waitUntil(dialog.isActiveWindow)
        seen.update(act(dialog))
        if dialog.isVisible():
            dialog.reject()

    def privacy_check():
        modal = QApplication.activeModalWidget()
        return modal if isinstance(modal, PrivacyCheckDialog) else None

    _answer = answer_export_dialog()
    _poller = when_shown(privacy_check, on_dialog)
    qtbot.keyClick(window.meeting_page.ui.captureEdit, Qt.Key.Key_E, Ctrl)
    _poller.stop()
    return seen


def rows(dialog) -> list[list[str]]:
    tree = dialog.ui.findingsList
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [[item.text(column) for column in range(3)] for item in items]


def test_redact_by_keyboard_then_export(open_window, qtbot, save_to):
    target, asked = save_to
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, PHONE_NOTE)

    def act(dialog):
        defaults = (dialog.ui.redactButton.isDefault(), dialog.ui.exportButton.isDefault())
        seen = {"rows": rows(dialog), "focus": focused(), "defaults": defaults}
        qtbot.keyClick(dialog.ui.findingsList, Qt.Key.Key_Return)  # Redact, the default
        seen["after"] = (dialog.ui.emptyLabel.isVisible(), dialog.ui.exportButton.text())
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # now Export
        return seen

    seen = export_with_check(qtbot, window, act)
    assert isinstance(seen["dialog"], PrivacyCheckDialog)
    (kind, text, context), = seen["rows"]
    assert (kind, text) == ("phone number", "(801) 555-0134")
    assert "rang «(801) 555-0134» three" in context
    assert seen["focus"] is seen["dialog"].ui.findingsList
    assert seen["defaults"] == (True, False)  # an accidental Enter never exports unreviewed
    assert seen["after"] == (True, "&Export")
    stored = window.store.notes(window.session.id)[0].text
    assert stored == f"Her son rang {REPLACEMENT} three times"
    assert stored in window.meeting_page.ui.notesList.item(0).text()
    assert len(asked) == 1
    exported = docx_text(target)
    assert stored in exported and "555-0134" not in exported


def test_cancel_exports_nothing_and_changes_nothing(open_window, qtbot, save_to):
    target, asked = save_to
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, PHONE_NOTE)

    def act(dialog):
        qtbot.keyClick(dialog.ui.findingsList, Qt.Key.Key_Escape)
        return {"closed": not dialog.isVisible()}

    seen = export_with_check(qtbot, window, act)
    assert seen["closed"]
    assert asked == [] and not target.exists()
    assert window.store.notes(window.session.id)[0].text == PHONE_NOTE
    assert window.focusWidget() is window.meeting_page.ui.captureEdit


def test_export_anyway_keeps_the_text(open_window, qtbot, save_to):
    target, asked = save_to
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, PHONE_NOTE)

    def act(dialog):
        dialog.ui.exportButton.click()
        return {}

    seen = export_with_check(qtbot, window, act)
    assert "dialog" in seen and len(asked) == 1
    assert window.store.notes(window.session.id)[0].text == PHONE_NOTE
    assert PHONE_NOTE in docx_text(target)


def test_redact_all_across_notes_with_delete_and_the_button(open_window, qtbot, save_to):
    target, _asked = save_to
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, "Mrs. Alvarez wrote from ana@example.org")
    type_note(qtbot, window, "DOB 03/14/1962 and MRN 12345678")

    def act(dialog):
        qtbot.keyClick(dialog.ui.findingsList, Qt.Key.Key_Delete)
        seen = {"left": [row[1] for row in rows(dialog)]}
        dialog.ui.redactAllButton.click()
        dialog.ui.exportButton.click()
        return seen

    seen = export_with_check(qtbot, window, act)
    assert seen["left"] == ["ana@example.org", "03/14/1962", "12345678"]
    assert [n.text for n in window.store.notes(window.session.id)] == [
        f"Mrs. {REPLACEMENT} wrote from {REPLACEMENT}",
        f"DOB {REPLACEMENT} and MRN {REPLACEMENT}",
    ]
    assert target.exists()


def test_no_identifiers_goes_straight_to_the_save_dialog(open_window, qtbot, save_to):
    target, asked = save_to
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, "On 12 March at 10:30 in room 4B, 3 patients waited")
    _answer = answer_export_dialog()
    qtbot.keyClick(window.meeting_page.ui.captureEdit, Qt.Key.Key_E, Ctrl)
    assert asked == [None]  # no privacy dialog was open when the save dialog was asked for
    assert "room 4B" in docx_text(target)


def test_an_action_item_is_checked_and_redacted_too(open_window, qtbot, save_to):
    target, _asked = save_to
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, "Call the family back")
    note = window.store.notes(window.session.id)[0]
    action = window.store.add_action(window.session.id, note.uid,
                                     "Ring the daughter on 801-555-0199 tomorrow", owner="Sam")

    def act(dialog):
        seen = {"rows": rows(dialog)}
        qtbot.keyClick(dialog.ui.findingsList, Qt.Key.Key_Return)  # Redact
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Export
        return seen

    seen = export_with_check(qtbot, window, act)
    assert [(kind, text) for kind, text, _context in seen["rows"]] == [
        ("phone number", "801-555-0199")]
    redacted = window.store.action(action.id)
    assert (redacted.what, redacted.owner) == (f"Ring the daughter on {REPLACEMENT} tomorrow",
                                               "Sam")
    exported = docx_text(target)
    assert "801-555-0199" not in exported and "Ring the daughter on" in exported

"""The privacy check before an export, driven through the real window by keyboard."""

from pathlib import Path

import pytest
from docx import Document
from gui_helpers import answer_export_dialog, focused, start_session, type_note, when_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from svcrec_desktop.domain.privacy import REPLACEMENT, looked_for_sentence
from svcrec_desktop.ui.guide.privacy_dialog import CHANGED_SINCE, PrivacyCheckDialog, on_lines

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


def with_notes(dialog) -> None:
    """The notes appendix, an option, is where the notes typed in these tests are written."""
    dialog.ui.notesCheck.setChecked(True)


def export_with_check(qtbot, window, act):
    """Press Ctrl+E with the notes appendix ticked; act(dialog) runs on the privacy check and
    returns what it saw, so that nothing can leave the modal dialog open on a failed
    assertion."""
    _answer = answer_export_dialog(with_notes)
    return run_check(
        qtbot, lambda: qtbot.keyClick(window.meeting_page.ui.captureEdit, Qt.Key.Key_E, Ctrl),
        act)


def run_check(qtbot, start, act):
    """start() leads to the privacy check; act(dialog) runs on it and returns what it saw."""
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

    _poller = when_shown(privacy_check, on_dialog)
    start()
    _poller.stop()
    return seen


def rows(dialog) -> list[list[str]]:
    tree = dialog.ui.findingsList
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    # A long place shows on several lines, broken between its parts
    return [[item.text(column).replace("\n", " · ") for column in range(4)] for item in items]


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
    (kind, text, where, context), = seen["rows"]
    assert (kind, text) == ("phone number", "(801) 555-0134")
    assert where.startswith("Note · Welcome and why we are here · ")
    assert "rang «(801) 555-0134» three" in context
    assert seen["focus"] is seen["dialog"].ui.findingsList
    assert seen["defaults"] == (True, False)  # an accidental Enter never exports unreviewed
    assert seen["after"] == (True, "&Export")
    stored = window.store.notes.of_session(window.session.id)[0].text
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
    assert window.store.notes.of_session(window.session.id)[0].text == PHONE_NOTE
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
    assert window.store.notes.of_session(window.session.id)[0].text == PHONE_NOTE
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
    assert [n.text for n in window.store.notes.of_session(window.session.id)] == [
        f"Mrs. {REPLACEMENT} wrote from {REPLACEMENT}",
        f"DOB {REPLACEMENT} and MRN {REPLACEMENT}",
    ]
    assert target.exists()


def test_no_identifiers_goes_straight_to_the_save_dialog(open_window, qtbot, save_to):
    target, asked = save_to
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, "On 12 March at 10:30 in room 4B, 3 patients waited")
    _answer = answer_export_dialog(with_notes)
    qtbot.keyClick(window.meeting_page.ui.captureEdit, Qt.Key.Key_E, Ctrl)
    assert asked == [None]  # no privacy dialog was open when the save dialog was asked for
    assert "room 4B" in docx_text(target)


def test_an_action_item_is_checked_and_redacted_too(open_window, qtbot, save_to):
    target, _asked = save_to
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, "Call the family back")
    note = window.store.notes.of_session(window.session.id)[0]
    action = window.store.actions.add(window.session.id, note.uid,
                                     "Ring the daughter on 801-555-0199 tomorrow", owner="Sam")

    def act(dialog):
        seen = {"rows": rows(dialog)}
        qtbot.keyClick(dialog.ui.findingsList, Qt.Key.Key_Return)  # Redact
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Export
        return seen

    seen = export_with_check(qtbot, window, act)
    assert [(kind, text, where) for kind, text, where, _context in seen["rows"]] == [
        ("phone number", "801-555-0199",
         f"Note · Welcome and why we are here · {note.created_at:%H:%M} · action item")]
    redacted = window.store.actions.get(action.id)
    assert (redacted.what, redacted.owner) == (f"Ring the daughter on {REPLACEMENT} tomorrow",
                                               "Sam")
    exported = docx_text(target)
    assert "801-555-0199" not in exported and "Ring the daughter on" in exported


def test_the_check_says_where_and_what_it_looked_for_and_undoes(open_window, qtbot, save_to):
    target, asked = save_to
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, PHONE_NOTE)
    stored = lambda: window.store.notes.of_session(window.session.id)[0].text  # noqa: E731

    def act(dialog):
        layout, last = dialog.ui.dialogLayout, dialog.ui.lookedForLabel
        seen = {"last line": (last.text(), last.isVisible(),
                              layout.indexOf(last) == layout.count() - 2),
                "undo at first": dialog.ui.undoButton.isEnabled()}
        qtbot.keyClick(dialog.ui.findingsList, Qt.Key.Key_Return)  # Redact
        seen["redacted"] = (stored(), dialog.ui.emptyLabel.text(), last.isVisible(),
                            dialog.ui.undoButton.isEnabled())
        qtbot.keyClick(focused(), Qt.Key.Key_Z, Ctrl)  # Undo
        seen["undone"] = (stored(), [row[1] for row in rows(dialog)],
                          dialog.ui.undoButton.isEnabled())
        qtbot.keyClick(dialog.ui.findingsList, Qt.Key.Key_Delete)  # redact again, then cancel
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
        return seen

    seen = export_with_check(qtbot, window, act)
    sentence = looked_for_sentence()
    assert seen["last line"] == (sentence, True, True)
    assert seen["undo at first"] is False
    text, empty, last_shown, can_undo = seen["redacted"]
    assert text == f"Her son rang {REPLACEMENT} three times"
    assert last_shown and can_undo
    assert "nothing" not in empty.casefold() and "left" not in empty.casefold()
    assert seen["undone"] == (PHONE_NOTE, ["(801) 555-0134"], False)
    assert asked == [] and not target.exists()
    # Cancelled with the second redaction made: it stays undoable from the Session menu
    notes_list = window.meeting_page.ui.notesList
    assert stored() == f"Her son rang {REPLACEMENT} three times"
    assert REPLACEMENT in notes_list.item(0).text()
    undo = window.ui.undoRemovalAction
    assert undo.isEnabled() and undo in window.ui.sessionMenu.actions()
    undo.trigger()
    assert stored() == PHONE_NOTE and PHONE_NOTE in notes_list.item(0).text()
    assert not undo.isEnabled()


def test_an_undo_never_overwrites_what_was_typed_since(open_window, qtbot, save_to):
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, PHONE_NOTE)

    def act(dialog):
        qtbot.keyClick(dialog.ui.findingsList, Qt.Key.Key_Return)
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
        return {}

    export_with_check(qtbot, window, act)
    note = window.store.notes.of_session(window.session.id)[0]
    changed = f"Her son rang {REPLACEMENT} three times, then wrote"
    window.store.notes.update(note.id, text=changed)
    window.ui.undoRemovalAction.trigger()
    assert window.store.notes.get(note.id).text == changed
    assert window.meeting_page.ui.bannerLabel.text() == CHANGED_SINCE
    assert not window.ui.undoRemovalAction.isEnabled()


def test_a_redaction_in_the_guide_shows_in_the_guide_page(open_window, qtbot, tmp_path,
                                                          monkeypatch):
    target = tmp_path / "card.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    window = open_window()
    start_session(qtbot, window)
    qtbot.keyClick(focused(), Qt.Key.Key_3, Ctrl)
    page = window.guide_page
    page.ui.sectionList.setCurrentRow(2)  # what staff may offer, on the quick card
    qtbot.keyClick(page.ui.itemList, Qt.Key.Key_Insert)
    qtbot.keyClicks(focused(), "Ring the taxi firm on 801-555-0199")
    field = focused()

    def act(dialog):
        seen = {"where": rows(dialog)[0][2]}
        qtbot.keyClick(dialog.ui.findingsList, Qt.Key.Key_Return)
        seen["form"] = field.text()  # the page behind already shows what is stored
        qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Export
        return seen

    seen = run_check(qtbot, page.ui.quickCardButton.click, act)
    offers = window.playbook.guide_section("offers").title
    assert seen["where"].startswith(f"Guide · {offers} · item 1 · ")
    assert seen["form"] == f"Ring the taxi firm on {REPLACEMENT}"
    assert "801-555-0199" not in docx_text(target) and target.exists()
    window.ui.undoRemovalAction.trigger()
    assert field.text() == "Ring the taxi firm on 801-555-0199"


def test_a_long_place_is_broken_between_its_parts():
    where = "Guide · What any of us may offer without asking · item 2 · Limit"
    assert on_lines(where, 34) == "Guide\nWhat any of us may offer without asking\nitem 2 · Limit"
    assert on_lines("Note · Welcome · 10:30", 34) == "Note · Welcome · 10:30"


def test_the_window_lists_what_the_command_line_lists(open_window, qtbot, save_to, playbook):
    """The window's check and `svcrec-desktop privacy-check` read the same texts."""
    from svcrec_desktop.export.source import ExportOptions, exportable_view, guide_texts
    from svcrec_desktop.export.source import spot_identifiers as spot

    window = open_window()
    start_session(qtbot, window)
    for text in (PHONE_NOTE, "Mrs Okafor's MRN 4417720", "Ring 07700 900123 after six"):
        type_note(qtbot, window, text)
    store = window.store
    session_id = window.session.id
    expected = [[s.identifier.kind, s.identifier.text, s.where] for s in spot(guide_texts(
        exportable_view(store, session_id), playbook, ExportOptions(include_notes=True)))]
    seen = export_with_check(qtbot, window, lambda dialog: {"rows": rows(dialog)})
    assert [row[:3] for row in seen["rows"]] == expected
    assert len(expected) == 4

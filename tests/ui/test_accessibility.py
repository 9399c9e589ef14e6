"""Every control a keyboard can reach has a name a screen reader can say.

The walk asks Qt's accessibility layer for each visible, focusable widget's name (its own
accessibleName, a button's text, or the label that is its buddy), in every page of the main
window, in every part of the guide and step of both meetings, and in every dialog.
"""

from datetime import datetime
from pathlib import Path

import pytest
from csv_samples import survey_bytes
from gui_helpers import every_page
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from svcrec_desktop.export.source import all_texts, exportable_view
from svcrec_desktop.store.backups import Backup
from svcrec_desktop.ui.guide.export_dialog import ExportDialog
from svcrec_desktop.ui.guide.privacy_dialog import PrivacyCheckDialog
from svcrec_desktop.ui.home.name_prompt import NamePromptDialog
from svcrec_desktop.ui.home.restore_dialog import RestoreBackupDialog
from svcrec_desktop.ui.meeting.notes_panel import EditNoteDialog
from svcrec_desktop.ui.preparation.findings_import import FindingsImportDialog
from svcrec_desktop.ui.user_guide import UserGuideDialog


def unnamed(top: QWidget) -> list[str]:
    """Visible widgets that take the keyboard focus themselves and have no accessible name."""
    QApplication.processEvents()
    missing = []
    for widget in [top, *top.findChildren(QWidget)]:
        if (not widget.isVisible() or widget.focusPolicy() == Qt.FocusPolicy.NoFocus
                or widget.focusProxy() is not None):  # focus goes to the proxy, named there
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        name = interface.text(QAccessible.Text.Name) if interface is not None else ""
        if not name.strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return sorted(set(missing))


@pytest.fixture
def window(filled_window):
    return filled_window


def test_every_page_of_the_window_names_its_controls(window):
    gaps = {where: found for where in every_page(window) if (found := unnamed(window))}
    assert gaps == {}


def dialogs(window, tmp_path: Path):
    """Each dialog of the application, as the window would open it."""
    store = window.store
    session_id = window.session.id
    source = tmp_path / "survey.csv"
    source.write_bytes(survey_bytes())
    return {
        "export": ExportDialog(store.versions.of_session(session_id), window),
        "privacy check": PrivacyCheckDialog(
            lambda: all_texts(exportable_view(store, session_id), window.playbook),
            window.files.removals, window),
        "restore a backup": RestoreBackupDialog(
            [Backup(tmp_path / "backup.sqlite3", datetime(2026, 11, 20, 9, 30))], window),
        "import findings": FindingsImportDialog(window, source),
        "edit a note": EditNoteDialog("a note", window),
        "rename": NamePromptDialog("Rename", "New name", "Cardiology", "Rename", window),
        "user guide": UserGuideDialog(window),
    }


def test_every_dialog_names_its_controls(window, tmp_path):
    gaps = {}
    for name, dialog in dialogs(window, tmp_path).items():
        dialog.show()
        if found := unnamed(dialog):
            gaps[name] = found
        dialog.reject()
    assert gaps == {}


def main_actions(top: QWidget) -> list[str]:
    """The visible buttons marked as the main action (style.qss draws them filled)."""
    return [button.text() for button in top.findChildren(QPushButton)
            if button.isVisible() and button.property("primary") is True]


def test_every_page_shows_one_main_action(window):
    shown = {where: main_actions(window) for where in every_page(window)}
    assert {where: found for where, found in shown.items() if len(found) != 1} == {}


def test_every_dialog_that_does_something_shows_one_main_action(window, tmp_path):
    """A dialog that only shows something (the user guide) has Close alone, and no main
    action; the privacy check's moves to Export once nothing is left to remove."""
    shown = {}
    for name, dialog in dialogs(window, tmp_path).items():
        dialog.show()
        shown[name] = main_actions(dialog)
        dialog.reject()
    assert shown.pop("user guide") == []
    assert {name: found for name, found in shown.items() if len(found) != 1} == {}

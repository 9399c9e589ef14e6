"""Every control a keyboard can reach has a name a screen reader can say.

The walk asks Qt's accessibility layer for each visible, focusable widget's name (its own
accessibleName, a button's text, or the label that is its buddy), in every page of the main
window, in every part of the guide and step of both meetings, and in every dialog.
"""

from datetime import datetime
from pathlib import Path

import pytest
from csv_samples import survey_bytes
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget

from svcrec_desktop.backups import Backup
from svcrec_desktop.exporting import all_texts, exportable_view
from svcrec_desktop.guide_model import VersionStatus
from svcrec_desktop.model import Phase
from svcrec_desktop.ui.export_dialog import ExportDialog
from svcrec_desktop.ui.findings_import_dialog import FindingsImportDialog
from svcrec_desktop.ui.home_page import PREPARATION
from svcrec_desktop.ui.name_prompt import NamePromptDialog
from svcrec_desktop.ui.notes_panel import EditNoteDialog
from svcrec_desktop.ui.privacy_dialog import PrivacyCheckDialog
from svcrec_desktop.ui.restore_dialog import RestoreBackupDialog


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
def window(open_window, qtbot, store, playbook):
    """The real window on a session with notes, a guide, feedback and a kept version."""
    session = store.create_session("Cardiology", first_step=playbook.meeting1[0].id)
    for step in playbook.meeting1:
        store.add_note(session.id, step.id, f"said during {step.title}")
    store.add_guide_item(session.id, "mistakes", {"mistake": "Long waits"})
    store.add_guide_item(session.id, "assignments", {"what": "Order vouchers"})
    store.add_recovery_item(session.id, given_on=datetime(2026, 11, 3).date(), item="Voucher")
    store.set_phase(session.id, Phase.BETWEEN)
    store.close()
    shown = open_window()
    shown.resize(1280, 760)
    return shown


def test_every_page_of_the_window_names_its_controls(window):
    gaps = {}

    def check(where):
        if found := unnamed(window):
            gaps[where] = found

    window.show_home()
    check("sessions home")
    window.show_new_session()
    check("new session")
    session_id = window.store.sessions()[0].id
    window.open_session_by_id(session_id, PREPARATION)
    tabs = window.preparation_page.ui.sectionTabs
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        check(f"preparation, tab {tabs.tabText(index)}")
    window.start_meeting()
    meeting = window.meeting_page
    for number, start in ((1, window.start_meeting), (2, window.start_meeting2)):
        start()
        for index, step in enumerate(meeting.steps):
            meeting.go_to_step(index)
            check(f"meeting {number}, step {step.id}")
    window.go_to_phase_page(window.guide_page, Phase.BETWEEN)
    parts = window.guide_page.ui.sectionList
    for row in range(parts.count()):
        parts.setCurrentRow(row)
        check(f"guide, {parts.item(row).text()}")
    assert gaps == {}


def dialogs(window, tmp_path: Path):
    """Each dialog of the application, as the window would open it."""
    store = window.store
    session_id = window.session.id
    source = tmp_path / "survey.csv"
    source.write_bytes(survey_bytes())
    return {
        "export": ExportDialog(store.versions(session_id), window),
        "privacy check": PrivacyCheckDialog(
            lambda: all_texts(exportable_view(store, session_id), window.playbook),
            window.removals, window),
        "restore a backup": RestoreBackupDialog(
            [Backup(tmp_path / "backup.sqlite3", datetime(2026, 11, 20, 9, 30))], window),
        "import findings": FindingsImportDialog(window, source),
        "edit a note": EditNoteDialog("a note", window),
        "rename": NamePromptDialog("Rename", "New name", "Cardiology", "Rename", window),
    }


def test_every_dialog_names_its_controls(window, tmp_path):
    window.store.freeze_version(window.session.id, VersionStatus.DRAFT)  # one to choose
    gaps = {}
    for name, dialog in dialogs(window, tmp_path).items():
        dialog.show()
        if found := unnamed(dialog):
            gaps[name] = found
        dialog.reject()
    assert gaps == {}

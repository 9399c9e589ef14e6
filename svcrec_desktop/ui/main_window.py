"""The main window: the new-session form or the running meeting, plus export and about."""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from svcrec_desktop import DISPLAY_NAME, __version__
from svcrec_desktop.backups import AutoBackup, list_backups, restore_backup
from svcrec_desktop.model import Note, Session
from svcrec_desktop.playbook import Playbook
from svcrec_desktop.privacy import find_identifiers
from svcrec_desktop.storage import StorageError, Store
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.meeting_page import MeetingPage
from svcrec_desktop.ui.new_session_page import NewSessionPage
from svcrec_desktop.ui.privacy_dialog import PrivacyCheckDialog
from svcrec_desktop.ui.restore_dialog import RestoreBackupDialog

LAST_EXPORT_DIR = "last_export_dir"
BACKUP_CHECK_MS = 30_000  # how often to ask whether an automatic backup is due


def export_file_name(session: Session) -> str:
    """A file name for the guide that every operating system accepts."""
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "", session.guide_title).strip(" .")
    return f"{name or 'Guide to Service Recovery'}.docx"


class MainWindow(QMainWindow):
    """Shows the new-session form on first launch, otherwise the last session where it was."""

    def __init__(self, store: Store, playbook: Playbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "main_window")
        self.store = store
        self.playbook = playbook
        self.new_session_page = NewSessionPage(self)
        self.meeting_page = MeetingPage(store, playbook, self)
        self.ui.pages.addWidget(self.new_session_page)
        self.ui.pages.addWidget(self.meeting_page)
        self.new_session_page.startRequested.connect(self.create_session)
        self.new_session_page.cancelled.connect(self.show_meeting)
        self.meeting_page.exportRequested.connect(self.export_guide)
        self.ui.newSessionAction.triggered.connect(self.show_new_session)
        self.ui.exportAction.triggered.connect(self.export_guide)
        self.ui.quitAction.triggered.connect(self.close)
        self.ui.nextStepAction.triggered.connect(self.meeting_page.next_step)
        self.ui.previousStepAction.triggered.connect(self.meeting_page.previous_step)
        self.ui.focusCaptureAction.triggered.connect(self.meeting_page.focus_capture)
        self.ui.aboutAction.triggered.connect(self.show_about)
        self.ui.restoreBackupAction.triggered.connect(self.restore_from_backup)
        self.autobackup = AutoBackup(store)
        self._backup_timer = QTimer(self, interval=BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(lambda: self._back_up(self.autobackup.tick))
        self._backup_timer.start()
        session = store.latest_session()
        if session is None:
            self.show_new_session()
        else:
            self.open_session(session)

    @property
    def session(self) -> Session | None:
        return self.meeting_page.session

    def _set_meeting_actions(self, enabled: bool) -> None:
        for action in (self.ui.exportAction, self.ui.nextStepAction,
                       self.ui.previousStepAction, self.ui.focusCaptureAction):
            action.setEnabled(enabled)

    def show_new_session(self) -> None:
        self.meeting_page.flush()
        self.new_session_page.reset(can_cancel=self.session is not None)
        self.ui.pages.setCurrentWidget(self.new_session_page)
        self._set_meeting_actions(False)
        self.setWindowTitle(f"New session — {DISPLAY_NAME}")
        self.focus_current_page()

    def show_meeting(self) -> None:
        if self.session is None:
            return
        self.ui.pages.setCurrentWidget(self.meeting_page)
        self._set_meeting_actions(True)
        self.setWindowTitle(f"{self.session.department} — {DISPLAY_NAME}")
        self.focus_current_page()

    def focus_current_page(self) -> None:
        """Put the cursor where the person types next: the department name or the note box."""
        if self.ui.pages.currentWidget() is self.meeting_page:
            self.meeting_page.focus_capture()
        else:
            self.new_session_page.ui.departmentEdit.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.focus_current_page()

    def create_session(self, department: str, facilitator: str, note_taker: str,
                       meeting_date: date) -> None:
        try:
            session = self.store.create_session(
                department, first_step=self.playbook.meeting1[0].id, facilitator=facilitator,
                note_taker=note_taker, meeting_date=meeting_date,
            )
        except StorageError as exc:
            self.new_session_page.ui.errorLabel.setText(str(exc))
            return
        self.open_session(session)

    def open_session(self, session: Session) -> None:
        if self.session is not None and self.session.id != session.id:
            self.meeting_page.flush()
            self._back_up(self.autobackup.close)
        try:
            self.meeting_page.open_session(self.store.open_session(session.id))
        except StorageError as exc:
            QMessageBox.warning(self, "The session could not be opened", str(exc))
            return
        self.show_meeting()

    def export_guide(self) -> None:
        """Check for patient details, ask where to save, then write the guide.

        A failure says why and changes nothing; cancelling the check exports nothing.
        """
        session = self.session
        if session is None or self.ui.pages.currentWidget() is not self.meeting_page:
            return
        self.meeting_page.flush()
        if not self._privacy_check_passed(session.id):
            self.meeting_page.focus_capture()
            return
        folder = self.store.state(LAST_EXPORT_DIR) or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export the guide", str(Path(folder) / export_file_name(session)),
            "Word document (*.docx)",
        )
        if not chosen:
            return
        target = Path(chosen)
        if target.suffix.lower() != ".docx":
            target = target.with_name(f"{target.name}.docx")
        # The exporter loads python-docx; keep it off the start-up path.
        from svcrec_desktop.export import ExportError
        from svcrec_desktop.exporting import export_session

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = export_session(self.store, self.playbook, session.id, target)
        except (ExportError, StorageError) as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "The guide was not exported", str(exc))
            return
        QGuiApplication.restoreOverrideCursor()
        with suppress(StorageError):  # remembering the folder is a convenience only
            self.store.set_state(LAST_EXPORT_DIR, str(written.parent))
        self.meeting_page.show_info(f"The guide was saved as {written}")
        self.statusBar().showMessage(f"Exported {written.name}", 8000)
        self.meeting_page.focus_capture()

    def _privacy_check_passed(self, session_id: int) -> bool:
        """Offer to redact likely patient details first; False when the person cancels."""
        def notes() -> list[Note]:
            return self.store.notes(session_id)

        try:
            if not find_identifiers(notes()):
                return True
        except StorageError as exc:
            QMessageBox.warning(self, "The guide was not exported", str(exc))
            return False
        dialog = PrivacyCheckDialog(
            notes, lambda note_id, text: self.store.update_note(note_id, text=text), self
        )
        accepted = dialog.exec() == PrivacyCheckDialog.DialogCode.Accepted
        self.meeting_page.notes.refresh()  # show any redaction in the saved notes
        return accepted

    def _back_up(self, take) -> None:
        """Run a backup step; a failure is reported quietly, because every note is still safe."""
        try:
            if take() is not None:
                self.statusBar().showMessage("Backup taken", 4000)
        except StorageError as exc:
            self.statusBar().showMessage(str(exc), 15000)

    def restore_from_backup(self) -> None:
        """Go back to a backup the person picks; the current database is kept aside."""
        dialog = RestoreBackupDialog(list_backups(self.store.path.parent), self)
        accepted = dialog.exec() == RestoreBackupDialog.DialogCode.Accepted
        backup = dialog.chosen() if accepted else None
        if backup is None:
            self.focus_current_page()
            return
        if not self.meeting_page.flush():
            QMessageBox.warning(
                self, "The backup was not restored",
                "Some notes are still waiting for the disk. Restore once they are saved.",
            )
            return
        self.meeting_page.close_session()
        try:
            aside = restore_backup(self.store, backup)
        except StorageError as exc:
            QMessageBox.warning(self, "The backup was not restored", str(exc))
            aside = None
        self.autobackup.restart()
        session = self.store.latest_session()
        if session is None:
            self.show_new_session()
        else:
            self.open_session(session)
        if aside is not None:
            self.meeting_page.show_info(
                f"The backup from {backup.label} was restored. The database as it was before "
                f"is kept in the data folder as {aside.name}."
            )

    def show_about(self) -> None:
        QMessageBox.about(
            self, f"About {DISPLAY_NAME}",
            f"<h3>{DISPLAY_NAME} {__version__}</h3>"
            "<p>Helps a unit leader run a service-recovery co-design session with the team, "
            "keeps every note the note-taker types, and turns the session into the "
            "department's guide to service recovery as a Word document.</p>"
            "<p>Everything stays on this computer: the application never uses the network.</p>"
            f"<p><i>{escape(self.playbook.source)}</i></p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.meeting_page.flush():
            self._backup_timer.stop()
            self._back_up(self.autobackup.close)
            event.accept()
            return
        answer = QMessageBox.warning(
            self, "Some text is not saved yet",
            "Notes waiting for the disk, or the text in the note box, could not be saved yet. "
            "If you quit now they will be lost. Quit anyway?",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self._backup_timer.stop()
            event.accept()
        else:
            event.ignore()

"""The main window's file flows: every file that leaves (the guide, the quick card, the record,
the register, the invitation, the session file), every file that comes in (a session file,
findings counted from a CSV file) and going back to a backup.

Each flow asks where, checks for patient details what is about to be written, writes, and
says where the file went. The window builds this the first time a flow is used, so none of
these dialogs are imported to start it; what a flow changes in the window (a session to open,
themes for the preparation) goes back as a signal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from svcrec_desktop import paths
from svcrec_desktop.domain.model import Session
from svcrec_desktop.domain.organisation import Organisation
from svcrec_desktop.domain.page_format import PageFormat, page_format, remember_paper
from svcrec_desktop.domain.playbook import Playbook
from svcrec_desktop.domain.privacy import find_identifiers
from svcrec_desktop.export.source import (
    ExportOptions,
    GuideSource,
    TypedText,
    above_limit_sentence,
    exportable_view,
    guide_texts,
    invitation_texts,
    quick_card_texts,
    record_texts,
    register_texts,
    store_redacted,
    store_redaction,
    with_organisation,
)
from svcrec_desktop.files.session_file import (
    SessionFileError,
    export_session_file,
    import_session_file,
)
from svcrec_desktop.store.backups import list_backups, restore_backup
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.ui.banner import INFO_SHOWN_MS, NOTICE_SHOWN_MS
from svcrec_desktop.ui.dates import shown_moment
from svcrec_desktop.ui.guide.export_dialog import ExportDialog
from svcrec_desktop.ui.guide.privacy_dialog import PrivacyCheckDialog, Removals
from svcrec_desktop.ui.home.restore_dialog import RestoreBackupDialog
from svcrec_desktop.ui.window_backups import WindowBackups

LAST_EXPORT_DIR = "last_export_dir"
SESSION_FILE_FILTER = f"Session file (*{paths.SESSION_FILE_SUFFIX} *.json)"


def file_name(title: str, suffix: str) -> str:
    """A file name made from a title that every operating system accepts."""
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "", title).strip(" .")[:120].strip(" .")
    return f"{name or 'Service recovery'}{suffix}"


class Window(Protocol):
    """What the flows need of the main window (a QMainWindow, the parent of their dialogs)."""

    store: Store
    playbook: Playbook
    organisation: Organisation
    session: Session | None
    backups: WindowBackups

    def say(self, message: str, ms: int = NOTICE_SHOWN_MS) -> None:
        """A line in the status bar."""

    def flush_pages(self) -> bool:
        """Save what is typed anywhere; False if something still waits for the disk."""

    def in_session(self) -> bool:
        """Whether one of the open session's pages is shown."""

    def focus_current_page(self) -> None: ...

    def show_on_page(self, message: str, *, error: bool = False) -> None:
        """The message on the page shown, if that page has a banner."""

    def close_pages(self) -> None:
        """Let go of the session (before the database is replaced)."""


class FileFlows(QObject):
    """The window's exports, imports and restore, each from its menu item or page button."""

    findingsImported = Signal(list)  # themes counted from a CSV file, as store.findings.add takes
    sessionImported = Signal(int, str)  # the session brought in, and what the import did
    restored = Signal(str)  # what to tell once the session is open again ("" if it failed)

    def __init__(self, window: Window) -> None:
        super().__init__(window)  # the window is a QMainWindow
        self.window = window
        self.store = window.store
        self.playbook = window.playbook
        self.organisation = window.organisation
        # Redactions made before an export stay undoable until the window closes.
        self.removals = Removals(
            lambda key, before, after: store_redaction(self.store, key, before, after),
            lambda key, text: store_redacted(self.store, key, text), window)

    # Files that leave ----------------------------------------------------------------------

    def _session_shown(self) -> Session | None:
        """The open session, once what is typed is saved, if one of its pages is shown."""
        session = self.window.session
        if session is None or not self.window.in_session():
            return None
        self.window.flush_pages()
        return session

    def export_invitation(self, text: str, meeting: int = 1) -> None:
        """Save the invitation the facilitator sees, to meeting 1 or 2, as a Word letter."""
        session = self.window.session
        if session is None:
            return
        if not self._privacy_check_passed(
                lambda: invitation_texts(exportable_view(self.store, session.id), self.playbook)):
            return
        target = self._ask_word_target(
            "Save the invitation",
            f"Invitation – {session.department}" if meeting == 1
            else f"Invitation to meeting {meeting} – {session.department}")
        if target is None:
            return
        from svcrec_desktop.export.invitation import ExportError, export_invitation

        try:
            written = export_invitation(text, session, target, self._page(), meeting)
        except (ExportError, StorageError) as exc:
            self.window.show_on_page(str(exc), error=True)  # the preparation, which asked
            return
        self._saved(written, f"The invitation was saved as {written}")

    def export_guide(self) -> None:
        """Ask which version and appendices, check for patient details, then write the guide.

        A failure says why and changes nothing; cancelling anywhere exports nothing.
        """
        session = self._session_shown()
        if session is None:
            return
        options = self._ask_export_options(session.id)
        if options is None or not self._privacy_check_passed(lambda: guide_texts(
                exportable_view(self.store, session.id, options.version_id), self.playbook,
                options)):
            self.window.focus_current_page()
            return
        target = self._ask_word_target("Export the guide", session.guide_title)
        if target is None:
            return
        # The exporter loads python-docx; keep it off the start-up path.
        from svcrec_desktop.export.atomic import ExportError
        from svcrec_desktop.export.guide import export_guide

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            view = exportable_view(self.store, session.id, options.version_id)
            written = export_guide(with_organisation(view, self.organisation), self.playbook,
                                   target, options=options)
        except (ExportError, StorageError) as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self.window, "The guide was not exported", str(exc))
            return
        QGuiApplication.restoreOverrideCursor()
        self._saved(written, f"The guide was saved as {written}",
                    self._above_limit(view, register=options.include_register))

    def _page(self, paper: str | None = None) -> PageFormat:
        """The format of a Word export: the paper asked for, else as page_format says, with
        the organisation's language and footer line."""
        return page_format(self.store, paper, self.organisation)

    def _above_limit(self, view: GuideSource, *, offers: bool = True,
                     register: bool = True) -> str:
        """A sentence on the values written above the organisation's limit for one recovery
        item, "" when there are none: a note, the file is written all the same."""
        return above_limit_sentence(view, self.organisation.item_limit_cents, offers=offers,
                                    register=register)

    def _ask_export_options(self, session_id: int) -> ExportOptions | None:
        try:
            versions = self.store.versions.of_session(session_id)
            paper = self._page().paper
        except StorageError as exc:
            QMessageBox.warning(self.window, "The guide was not exported", str(exc))
            return None
        dialog = ExportDialog(versions, self.window, paper)
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return None
        options = dialog.options()
        if options.page.paper != paper:  # chosen: it stays the default for the next export
            with suppress(StorageError):  # remembering the paper is a convenience only
                remember_paper(self.store, options.page.paper)
        return replace(options, page=self._page(options.page.paper))

    def export_quick_card(self) -> None:
        """The one-page card staff pin up, from the newest final guide (else a marked draft)."""
        session = self._session_shown()
        if session is None:
            return
        from svcrec_desktop.export.atomic import ExportError
        from svcrec_desktop.export.quick_card import (
            card_file_title,
            card_source,
            export_quick_card,
        )

        if not self._privacy_check_passed(lambda: quick_card_texts(
                card_source(self.store, session.id), self.playbook)):
            return
        target = self._ask_word_target("Save the on-the-spot card", card_file_title(session))
        if target is None:
            return
        try:  # the session as stored: the guide page may have changed its help contact
            view = card_source(self.store, session.id)
            written = export_quick_card(with_organisation(view, self.organisation), target,
                                        self._page(), self.playbook)
        except (ExportError, StorageError) as exc:
            QMessageBox.warning(self.window, "The quick card was not saved", str(exc))
            return
        self._saved(written, f"The quick card was saved as {written}",
                    self._above_limit(view, register=False))

    def export_record(self) -> None:
        """The facilitator's record: every note, the parking lot, the times and how it went,
        checked for patient details like every file that leaves."""
        session = self._session_shown()
        if session is None:
            return
        from svcrec_desktop.export.atomic import ExportError
        from svcrec_desktop.export.record import export_record, record_file_title

        if not self._privacy_check_passed(lambda: record_texts(
                exportable_view(self.store, session.id), self.playbook)):
            return
        target = self._ask_word_target("Save the facilitator’s record",
                                       record_file_title(session.department))
        if target is None:
            return
        try:
            written = export_record(exportable_view(self.store, session.id), self.playbook,
                                    target, self._page())
        except (ExportError, StorageError) as exc:
            QMessageBox.warning(self.window, "The facilitator’s record was not saved", str(exc))
            return
        self._saved(written, f"The facilitator’s record was saved as {written}")

    def export_register_csv(self) -> None:
        """The register of recovery items as a CSV file finance can open."""
        session = self.window.session
        if session is None:
            return
        self.window.flush_pages()
        from svcrec_desktop.files.register_csv import RegisterError, export_register_csv

        if not self._privacy_check_passed(
                lambda: register_texts(exportable_view(self.store, session.id))):
            return
        target = self._ask_target("Save the register for finance",
                                  f"Recovery items – {session.department}", ".csv",
                                  "CSV file (*.csv)")
        if target is None:
            return
        try:
            view = exportable_view(self.store, session.id)
            written = export_register_csv(view.register, target)
        except (RegisterError, StorageError) as exc:
            QMessageBox.warning(self.window, "The register was not saved", str(exc))
            return
        self._saved(written, f"The register was saved as {written}",
                    self._above_limit(view, offers=False))

    def _saved(self, written: Path, message: str, note: str = "") -> None:
        """Say where a file went (and a note on it, if any) and remember its folder for the
        next one."""
        with suppress(StorageError):  # remembering the folder is a convenience only
            self.store.state.set(LAST_EXPORT_DIR, str(written.parent))
        self.window.show_on_page(f"{message}. {note}" if note else message)
        self.window.say(f"Saved {written.name}", INFO_SHOWN_MS)
        self.window.focus_current_page()

    def _ask_word_target(self, caption: str, title: str) -> Path | None:
        """Ask where to save a Word document; None if the person cancels."""
        return self._ask_target(caption, title, ".docx", "Word document (*.docx)")

    def _ask_target(self, caption: str, title: str, suffix: str,
                    file_filter: str) -> Path | None:
        """Ask where to save a file, in the folder used last, with the suffix its kind needs;
        None if the person cancels."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self.window, caption, str(Path(self._export_folder()) / file_name(title, suffix)),
            file_filter,
        )
        if not chosen:
            return None
        target = Path(chosen)
        return target if target.suffix.lower() == suffix else target.with_name(
            f"{target.name}{suffix}")

    def _export_folder(self) -> str:
        """Where files were last saved, else the person's documents folder."""
        try:
            remembered = self.store.state.get(LAST_EXPORT_DIR)
        except StorageError:
            remembered = None
        return remembered or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )

    # Session files and findings --------------------------------------------------------------

    def export_session_file(self) -> None:
        """The whole session as one file, to carry to another laptop."""
        session = self._session_shown()
        if session is None:
            return
        name = file_name(f"{session.department} session", paths.SESSION_FILE_SUFFIX)
        chosen, _filter = QFileDialog.getSaveFileName(
            self.window, "Save the session file", str(Path(self._export_folder()) / name),
            SESSION_FILE_FILTER,
        )
        if not chosen:
            return
        try:
            written = export_session_file(self.store, session.id, Path(chosen))
        except (SessionFileError, StorageError) as exc:
            QMessageBox.warning(self.window, "The session file was not saved", str(exc))
            return
        self.window.say(f"Saved {written.name}", INFO_SHOWN_MS)
        self.window.focus_current_page()

    def import_session_file(self) -> None:
        """Bring in a session from another laptop, or merge a second note-taker's notes."""
        self.window.flush_pages()
        chosen, _filter = QFileDialog.getOpenFileName(
            self.window, "Open a session file", self._export_folder(), SESSION_FILE_FILTER,
        )
        if not chosen:
            return
        try:
            result = import_session_file(self.store, Path(chosen))
        except (SessionFileError, StorageError) as exc:
            QMessageBox.warning(self.window, "The session file was not opened", str(exc))
            return
        self.sessionImported.emit(result.session_id, result.summary())
        self.window.say(result.summary())

    def import_findings(self) -> None:
        """Complaint themes counted from a CSV file join the preparation's findings."""
        # Loaded on first use: the CSV reader is not needed until a file is chosen.
        from svcrec_desktop.ui.preparation.findings_import import FindingsImportDialog

        dialog = FindingsImportDialog(self.window)
        if dialog.exec() == FindingsImportDialog.DialogCode.Accepted:
            self.findingsImported.emit(dialog.imported().records())
        self.window.focus_current_page()

    # Patient details -------------------------------------------------------------------------

    def _privacy_check_passed(self, texts: Callable[[], list[TypedText]]) -> bool:
        """Offer to redact likely patient details in what texts() lists — exactly what the
        file about to be written holds; False when the person cancels."""
        try:
            if not find_identifiers(texts()):
                return True
        except StorageError as exc:
            QMessageBox.warning(self.window, "Nothing was saved", str(exc))
            return False
        removed = len(self.removals)
        dialog = PrivacyCheckDialog(texts, self.removals, self.window)
        accepted = dialog.exec() == PrivacyCheckDialog.DialogCode.Accepted
        if len(self.removals) > removed:
            self.window.backups.forget_in_backups()
            self.window.say("Session ▸ Undo the last removal puts a removed passage back, until "
                         "the window closes.")
        return accepted

    def undo_removal(self) -> None:
        """Put back the last passage the privacy check removed, and say so."""
        try:
            undone = self.removals.undo()
        except StorageError as exc:
            self._tell(f"{exc} The passage is still removed.", error=True)
        except ValueError as exc:
            self._tell(str(exc), error=True)
        else:
            self._tell("The last passage removed is back as it was." if undone
                       else "No removal is left to undo.")

    def _tell(self, message: str, *, error: bool = False) -> None:
        self.window.show_on_page(message, error=error)
        self.window.say(message)

    # Backups ---------------------------------------------------------------------------------

    def restore_from_backup(self) -> None:
        """Go back to a backup the person picks; the current database is kept aside."""
        dialog = RestoreBackupDialog(list_backups(self.store.path.parent), self.window)
        accepted = dialog.exec() == RestoreBackupDialog.DialogCode.Accepted
        backup = dialog.chosen() if accepted else None
        if backup is None:
            self.window.focus_current_page()
            return
        if not self.window.flush_pages():
            QMessageBox.warning(
                self.window, "The backup was not restored",
                "Some notes are still waiting for the disk. Restore once they are saved.",
            )
            return
        self.window.close_pages()
        try:
            aside = restore_backup(self.store, backup)
        except StorageError as exc:
            QMessageBox.warning(self.window, "The backup was not restored", str(exc))
            self.restored.emit("")
            return
        self.restored.emit(
            f"The backup from {shown_moment(backup.taken_at)} was restored. The database "
            f"as it was before is kept in the data folder as {aside.name}.")


"""The automatic backups while the main window is open, and what its closing wipes for good.

A backup that fails is said quietly in the status bar: every note is still safe in the
database, so nothing interrupts the meeting.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMainWindow

from svcrec_desktop.domain.model import counted
from svcrec_desktop.store.backups import AutoBackup, rewrite_backups
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.ui.banner import BRIEF_SHOWN_MS, NOTICE_SHOWN_MS

BACKUP_CHECK_MS = 30_000  # how often to ask whether an automatic backup is due
MISSED_SHOWN_MS = 30_000  # backups still holding removed text: said for longer


class WindowBackups(QObject):
    """Takes a backup when one is due, on leaving a session and on closing; wipes deleted
    rows (and redactions) from the database and the backups once nothing can undo them."""

    def __init__(self, window: QMainWindow, store: Store) -> None:
        super().__init__(window)
        self._window = window
        self._store = store
        self.autobackup = AutoBackup(store)
        self.timer = QTimer(self, interval=BACKUP_CHECK_MS)
        self.timer.timeout.connect(lambda: self.back_up(self.autobackup.tick))
        self.timer.start()
        # Deletions a crash left undoable are past undoing: wipe them once the window is up.
        QTimer.singleShot(0, self.forget_deleted)

    def _say(self, message: str, ms: int = NOTICE_SHOWN_MS) -> None:
        self._window.statusBar().showMessage(message, ms)

    def back_up(self, take: Callable[[], Path | None]) -> None:
        """Run a backup step; a failure is reported quietly, because every note is still safe."""
        try:
            if take() is not None:
                self._say("Backup taken", BRIEF_SHOWN_MS)
        except StorageError as exc:
            self._say(str(exc))

    def close(self) -> None:
        """The window closes with everything saved: the last backup, then the wiping."""
        self.timer.stop()
        self.back_up(self.autobackup.close)
        self.forget_deleted()

    def forget_deleted(self) -> None:
        """Once the window closes nothing can undo a deletion (or a redaction) any more: the
        deleted rows are wiped for good, and from the backups too, the one just taken
        included. A failure leaves them for the next close; no note is at risk."""
        with suppress(StorageError):
            self._store.erasure.purge_deleted()
            self.forget_in_backups()

    def forget_in_backups(self) -> None:
        """Make the backups forget what was erased from the database (redactions, deleted
        rows wiped); a backup that cannot be rewritten is named, not silently kept."""
        try:
            missed = rewrite_backups(self._store)
        except StorageError as exc:
            self._say(str(exc))
            return
        if missed:
            self._say(
                f"Removed text is still in {counted(len(missed), 'backup')} that could not be "
                "cleared: " + ", ".join(backup.path.name for backup in missed), MISSED_SHOWN_MS)

"""Edits on their way to the disk: written at once, kept and retried while the disk refuses.

Pages whose fields save as the person types (preparation, guide) hand every change to a
WriteQueue. A change the store refuses stays queued in memory, in order, and is tried again
with the next change, by a retry timer, or when the page is flushed; nothing is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, QTimer, Signal

from svcrec_desktop.store.database import StorageError

RETRY_MS = 2000  # how often changes (and notes) waiting for the disk are tried again
SAVE_AFTER_MS = 400  # typing pauses this long before the text is written
WAITING_ADVICE = ("Your changes stay on screen and are saved as soon as the disk allows. "
                  "Keep working.")


class WriteQueue(QObject):
    """Changes not yet written, oldest first; a newer change to the same key replaces the
    older one, so only the latest text is ever written."""

    failed = Signal(str)  # what the store said, with the advice to keep working
    recovered = Signal()  # everything waiting is written after a failure

    def __init__(self, parent: QObject | None = None, retry_ms: int = RETRY_MS) -> None:
        super().__init__(parent)
        self._waiting: dict[Hashable, Callable[[], object]] = {}
        self._saving = False
        self._retry = QTimer(self, interval=retry_ms)
        self._retry.timeout.connect(self.save_waiting)

    def __bool__(self) -> bool:
        return bool(self._waiting)

    def write(self, key: Hashable, action: Callable[[], object]) -> bool:
        """Queue a change and write all waiting; True once the disk has taken all of them."""
        self._waiting.pop(key, None)
        self._waiting[key] = action
        return self.save_waiting()

    def drop(self, matches: Callable[[Hashable], bool]) -> None:
        """Forget waiting changes to something that no longer exists."""
        for key in [k for k in self._waiting if matches(k)]:
            del self._waiting[key]

    def stop(self) -> None:
        """Stop retrying (the session is being let go); what waits stays queued."""
        self._retry.stop()

    def save_waiting(self) -> bool:
        """Write the waiting changes in order; True once the disk has taken all of them."""
        if self._saving:  # a write that changes what is shown comes back here; it is queued
            return False
        self._saving = True
        try:
            return self._save_in_order()
        finally:
            self._saving = False

    def _save_in_order(self) -> bool:
        wrote = False
        while self._waiting:
            key, action = next(iter(self._waiting.items()))
            try:
                action()
            except StorageError as exc:
                self.failed.emit(f"{exc} {WAITING_ADVICE}")
                self._retry.start()
                return False
            del self._waiting[key]
            wrote = True
        self._retry.stop()
        if wrote:  # the disk takes writes again: an earlier problem is over
            self.recovered.emit()
        return True

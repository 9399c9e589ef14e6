"""The note-taker's capture pane: Enter commits, Shift+Enter breaks the line, drafts autosave,
and quick tags go with the note.

Keystrokes never wait on the disk: the draft is written by a timer that fires at most
DRAFT_SAVE_MS after the first unsaved keystroke, so continuous typing is saved every half
second and a crash loses less than one second of it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QToolButton

from svcrec_desktop.domain.model import TAGS
from svcrec_desktop.store.database import StorageError
from svcrec_desktop.ui import shortcuts as keys
from svcrec_desktop.ui.fitting import WrapRow
from svcrec_desktop.ui.widgets import NoteEdit
from svcrec_desktop.ui.write_queue import RETRY_MS

DRAFT_SAVE_MS = 500
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class CapturePane(QObject):
    """Keyboard handling and draft saving for a QPlainTextEdit used as the capture pane."""

    commitRequested = Signal(str)  # the whole text, exactly as typed
    draftSaved = Signal()
    draftFailed = Signal(str)

    def __init__(self, edit: NoteEdit, save_draft: Callable[[str], None]) -> None:
        super().__init__(edit)
        self.edit = edit
        self._save_draft = save_draft
        self._saved_text = ""
        self._timer = QTimer(self, singleShot=True, interval=DRAFT_SAVE_MS)
        self._timer.timeout.connect(self.save_now)
        edit.installEventFilter(self)
        edit.textChanged.connect(self._on_text_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            key_event: QKeyEvent = event  # type: ignore[assignment]
            if key_event.key() in _ENTER_KEYS:
                if key_event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                    self.edit.insertPlainText("\n")
                else:
                    self.commitRequested.emit(self.edit.toPlainText())
                return True
        return super().eventFilter(watched, event)

    def load(self, text: str) -> None:
        """Show a stored draft without saving it again; the cursor goes to its end."""
        self._timer.stop()
        self._saved_text = text
        self.edit.set_text(text)
        self.edit.moveCursor(self.edit.textCursor().MoveOperation.End)

    def committed(self) -> None:
        """The text was taken as a note (the outbox now answers for it): clear the pane."""
        self._saved_text = ""
        self.edit.set_text("")

    def mark_saved(self, text: str) -> None:
        """Someone else stored this text as the draft (with a note that was waiting)."""
        self._saved_text = text
        if not self.unsaved:
            self._timer.stop()

    @property
    def unsaved(self) -> bool:
        return self.edit.toPlainText() != self._saved_text

    def _on_text_changed(self) -> None:
        if self.unsaved and not self._timer.isActive():
            self._timer.start(DRAFT_SAVE_MS)

    def save_now(self) -> bool:
        """Write the draft if it changed; on failure keep it in memory and retry soon."""
        self._timer.stop()
        text = self.edit.toPlainText()
        if text == self._saved_text:
            return True
        try:
            self._save_draft(text)
        except StorageError as exc:
            self._timer.start(RETRY_MS)
            self.draftFailed.emit(str(exc))
            return False
        self._saved_text = text
        self.draftSaved.emit()
        return True


class QuickTags(QObject):
    """The tags and the parking lot chosen for the note being typed, shown as chips by the box.

    Alt+1 to Alt+5 (the tags in order) and Ctrl+P toggle them while typing; a chip can be
    clicked too and never takes the keyboard from the note box. They go with the next note.
    """

    def __init__(self, edit: NoteEdit, bar: WrapRow) -> None:
        super().__init__(edit)
        self._chips: dict[str, QToolButton] = {}
        for tag, key in zip(TAGS, keys.NOTE_TAGS.keys, strict=True):
            self._chips[tag.id] = self._chip(
                bar, "tagChip", tag.chip,
                f"Tag the note being typed as “{tag.label}” ({keys.key_text(key)})")
        self._park = self._chip(bar, "parkChip", "Parking lot",
                                f"Put the note being typed in the parking lot "
                                f"({keys.NOTE_PARK.text})")
        keys.bind_each(keys.NOTE_TAGS, edit, [lambda chip=chip: self._toggle(chip)
                                              for chip in self._chips.values()])
        keys.bind(keys.NOTE_PARK, edit, lambda: self._toggle(self._park))

    @staticmethod
    def _chip(bar: WrapRow, name: str, text: str, tip: str) -> QToolButton:
        chip = QToolButton()
        chip.setObjectName(name)
        chip.setText(text)
        chip.setToolTip(tip)
        chip.setAccessibleName(tip)
        chip.setCheckable(True)
        chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        bar.add_widget(chip)
        return chip

    @staticmethod
    def _toggle(chip: QToolButton) -> None:
        if chip.isEnabled():  # not in a done session
            chip.toggle()

    def chosen(self) -> tuple[str, ...]:
        """The tags chosen, in key order."""
        return tuple(tag for tag, chip in self._chips.items() if chip.isChecked())

    @property
    def parked(self) -> bool:
        return self._park.isChecked()

    def clear(self) -> None:
        """The note went with its tags; the next one starts with none."""
        for chip in (*self._chips.values(), self._park):
            chip.setChecked(False)

    def set_read_only(self, read_only: bool) -> None:
        for chip in (*self._chips.values(), self._park):
            chip.setEnabled(not read_only)

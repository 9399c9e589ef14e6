"""The guide page's notes side: the meetings' notes, filtered to the part shown, the ones not
used yet, or all; each can be sent to a section (button, Ctrl+Shift+N, menu or drag) or kept
out of every export.

The page owns the sections and their items: sending goes back to it (sendRequested), and a
note kept out or let back in tells it (keptOutChanged), because items made from that note are
then held back from the exports, or no longer.
"""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtWidgets import QListWidgetItem, QMenu

from svcrec_desktop.domain.model import Note, counted
from svcrec_desktop.domain.playbook import Playbook
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.store.guide import CONFIDENTIAL_REFUSAL
from svcrec_desktop.ui.shortcuts import GUIDE_NOTE_KEEP_OUT, bind
from svcrec_desktop.ui.spoken import in_words
from svcrec_desktop.ui.widgets import TOOLTIP_CHARS

NOTE_SHOWN_CHARS = 300
NOTE_ROLE = Qt.ItemDataRole.UserRole  # on a note's row: the note's id
NOTES_FOR_SECTION, NOTES_UNUSED, NOTES_ALL = range(3)  # the filter's choices, in its order


def short_line(text: str, limit: int) -> str:
    """The text on one line, cut to limit characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


class NotesSide(QObject):
    """The notes list of the guide page's form (ui), its filter and its two buttons."""

    failed = Signal(str)
    sendRequested = Signal(str)  # send the chosen notes to this part ("": the part shown)
    keptOutChanged = Signal()  # chosen notes were kept out of the exports, or let back in

    def __init__(self, form, store: Store, playbook: Playbook,
                 targets: list[tuple[str, str]]) -> None:
        super().__init__(form.noteList)
        self.ui = form
        self.store = store
        self.playbook = playbook
        self._targets = targets  # (part, title) for the Send to menu
        self._session_id: int | None = None
        self._notes: list[Note] = []
        self._unused: set[str] = set()
        self._steps: Collection[str] = ()  # the steps whose notes feed the part shown
        self._editable = False
        self._can_send = False
        self._send_tip = form.sendButton.toolTip()
        form.notesFilter.currentIndexChanged.connect(self._show_notes)
        form.noteList.customContextMenuRequested.connect(self._note_menu)
        form.noteList.itemSelectionChanged.connect(self._enable_buttons)
        form.sendButton.clicked.connect(lambda: self.sendRequested.emit(""))
        form.confidentialButton.clicked.connect(self.toggle_confidential)
        bind(GUIDE_NOTE_KEEP_OUT, form.noteList, self.toggle_confidential)

    def load(self, session_id: int) -> None:
        """Read the session's notes and which of them the guide does not use yet."""
        self._session_id = session_id
        try:
            self._notes = self.store.notes.of_session(session_id)
            self._unused = {n.uid for n in self.store.guide.unused_notes(session_id)}
        except StorageError as exc:
            self.failed.emit(str(exc))
        self._show_notes()

    def show_for(self, steps: Collection[str], label: str) -> None:
        """Filter to the notes of these steps under this label (the part shown changed)."""
        self._steps = steps
        self.ui.notesFilter.setItemText(NOTES_FOR_SECTION, label)
        self._show_notes()

    def enable(self, editable: bool, can_send: bool) -> None:
        """Whether notes may change, and be sent to the part shown."""
        self._editable, self._can_send = editable, can_send
        self._enable_buttons()

    def _show_notes(self) -> None:
        listed = self.ui.noteList
        chosen = {item.data(NOTE_ROLE) for item in listed.selectedItems()}
        which = self.ui.notesFilter.currentIndex()
        listed.clear()
        for note in self._notes:
            if which == NOTES_FOR_SECTION and note.step_id not in self._steps:
                continue
            if which == NOTES_UNUSED and note.uid not in self._unused:
                continue
            step = self.playbook.step(note.step_id)
            marks = [step.title if step else "Moved step"]
            marks.append("not used yet" if note.uid in self._unused else "used")
            if note.confidential:
                marks.append("kept out: never exported")
            item = QListWidgetItem(f"{short_line(note.text, NOTE_SHOWN_CHARS)}\n· "
                                   + " · ".join(marks))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, in_words(item.text()))
            item.setData(NOTE_ROLE, note.id)
            item.setToolTip(note.text[:TOOLTIP_CHARS])
            listed.addItem(item)
            item.setSelected(note.id in chosen)
        self.ui.unusedLabel.setText(
            f"{len(self._unused)} of {counted(len(self._notes), 'note')} not used in the guide yet")
        self._enable_buttons()

    def selected(self) -> list[Note]:
        ids = {item.data(NOTE_ROLE) for item in self.ui.noteList.selectedItems()}
        return [n for n in self._notes if n.id in ids]

    def of_uids(self, uids: Collection[str]) -> list[Note]:
        """The session's notes with these uids (an item's sources), in the meetings' order."""
        return [n for n in self._notes if n.uid in uids]

    def toggle_confidential(self) -> None:
        notes = self.selected()
        if not notes or not self._editable or self._session_id is None:
            return
        keep_out = not all(n.confidential for n in notes)
        try:
            for note in notes:
                self.store.notes.set_confidential(note.id, keep_out)
        except StorageError as exc:
            self.failed.emit(f"{exc} The note's export setting is unchanged.")
        self.load(self._session_id)
        self.keptOutChanged.emit()

    def _note_menu(self, position: QPoint) -> None:
        chosen = self.selected()
        if not chosen or not self._editable:
            return
        menu = QMenu(self.ui.noteList)
        send_to = menu.addMenu("Send to")
        if any(note.confidential for note in chosen):
            send_to.setTitle("Send to (not a note kept out)")
            send_to.setEnabled(False)
        for part, title in self._targets:
            send_to.addAction(title, lambda part=part: self.sendRequested.emit(part))
        confidential = menu.addAction("Keep out of every export")
        confidential.setCheckable(True)
        confidential.setChecked(all(n.confidential for n in chosen))
        confidential.triggered.connect(self.toggle_confidential)
        menu.exec(self.ui.noteList.viewport().mapToGlobal(position))

    def show_note(self, note_id: str) -> None:
        """Show every note, with this one chosen and the keyboard on it (from an item's link
        to the note it was made from)."""
        self.ui.notesFilter.setCurrentIndex(NOTES_ALL)
        for row in range(self.ui.noteList.count()):
            item = self.ui.noteList.item(row)
            if str(item.data(NOTE_ROLE)) == note_id:
                self.ui.noteList.setCurrentItem(item)
                self.ui.noteList.scrollToItem(item)
                self.ui.noteList.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def _enable_buttons(self) -> None:
        chosen = self.selected()
        notes = bool(chosen) and self._editable
        confidential = any(note.confidential for note in chosen)
        self.ui.sendButton.setEnabled(notes and not confidential and self._can_send)
        self.ui.sendButton.setToolTip(CONFIDENTIAL_REFUSAL if confidential else self._send_tip)
        self.ui.confidentialButton.setEnabled(notes)

"""The committed notes under the capture pane: list, edit, move to another step, delete, undo."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDialog, QListWidget, QListWidgetItem, QMenu, QWidget

from svcrec_desktop.model import Note
from svcrec_desktop.outbox import Outbox
from svcrec_desktop.playbook import Step
from svcrec_desktop.storage import StorageError, Store
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.step_text import PREVIEW_CHARS, note_preview, visible_text

NOTE_ID = Qt.ItemDataRole.UserRole
KEPT_OUT = Qt.ItemDataRole.UserRole + 1  # the note is kept out of exports


class EditNoteDialog(QDialog):
    """Change the text of a saved note; Ctrl+Enter saves."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "edit_note")
        self.ui.noteEdit.set_text(text)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)

    def text(self) -> str:
        return self.ui.noteEdit.toPlainText()


class _StoreCommand(QUndoCommand):
    """An undoable change to a note: ``do`` and ``undo`` are store calls."""

    def __init__(
        self, label: str, do: Callable[[], object], undo: Callable[[], object],
        report: Callable[[str], None],
    ) -> None:
        super().__init__(label)
        self._do, self._undo, self._report = do, undo, report

    def _run(self, action: Callable[[], object]) -> None:
        try:
            action()
        except StorageError as exc:
            self._report(str(exc))
            self.setObsolete(True)

    def redo(self) -> None:
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)


class NotesPanel(QObject):
    """Shows one step's saved notes and applies the person's changes through the store."""

    changed = Signal()  # notes were added, edited, moved, deleted or restored
    failed = Signal(str)

    def __init__(self, form, store: Store, outbox: Outbox) -> None:
        super().__init__(form.notesList)
        self.ui = form
        self.store = store
        self.outbox = outbox
        self.steps: tuple[Step, ...] = ()  # of the meeting shown: where a note may be moved
        self.session_id: int | None = None
        self.step_id = ""
        self.read_only = False
        self.undo_stack = QUndoStack(self)
        notes: QListWidget = form.notesList
        notes.itemActivated.connect(lambda _item: self.edit_selected())
        notes.customContextMenuRequested.connect(self._context_menu)
        notes.currentItemChanged.connect(self._update_buttons)
        form.editNoteButton.clicked.connect(self.edit_selected)
        form.moveNoteButton.clicked.connect(self.choose_step_for_selected)
        form.deleteNoteButton.clicked.connect(self.delete_selected)
        form.confidentialButton.clicked.connect(self.toggle_confidential_selected)
        form.undoButton.clicked.connect(self.undo)
        self.undo_stack.canUndoChanged.connect(self._update_buttons)
        self.undo_stack.indexChanged.connect(self.refresh)
        shortcuts = {
            "F2": self.edit_selected,
            "Ctrl+M": self.choose_step_for_selected,
            QKeySequence.StandardKey.Delete: self.delete_selected,
            "Ctrl+K": self.toggle_confidential_selected,
            QKeySequence.StandardKey.Undo: self.undo,
        }
        for keys, slot in shortcuts.items():
            QShortcut(QKeySequence(keys), notes, activated=slot,
                      context=Qt.ShortcutContext.WidgetShortcut)

    def set_steps(self, steps: tuple[Step, ...]) -> None:
        """The steps of the meeting being shown, offered by the Move to step menu."""
        self.steps = steps

    def show_step(self, session_id: int, step_id: str) -> None:
        if session_id != self.session_id:
            self.undo_stack.clear()
        self.session_id, self.step_id = session_id, step_id
        self.refresh()

    def refresh(self, *_signal_args: object) -> None:
        """Reload the list from the store, keeping the selection where it was."""
        notes_list: QListWidget = self.ui.notesList
        keep = self.selected_note_id()
        notes_list.clear()
        if self.session_id is None:
            return
        try:
            notes = self.store.notes(self.session_id, self.step_id)
        except StorageError as exc:
            self.failed.emit(str(exc))
            return
        for note in notes:
            self._add_item(note)
            if note.id == keep:
                notes_list.setCurrentRow(notes_list.count() - 1)
        waiting = [p for p in self.outbox.pending
                   if (p.session_id, p.step_id) == (self.session_id, self.step_id)]
        for pending in waiting:
            item = QListWidgetItem(f"Not saved yet — {pending.created_at:%H:%M}   "
                                   f"{visible_text(pending.text[:PREVIEW_CHARS])}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setForeground(Qt.GlobalColor.darkRed)
            notes_list.addItem(item)
        self.ui.notesHeading.setText(
            f"Saved notes for this step ({len(notes)})"
            + (f" · {len(waiting)} waiting to be saved" if waiting else "")
        )
        self._update_buttons()
        self.changed.emit()

    def show_added(self, note: Note) -> None:
        """A note was just committed: show it at the bottom without reloading the list."""
        item = self._add_item(note)
        self.ui.notesList.scrollToItem(item)
        self.ui.notesHeading.setText(f"Saved notes for this step ({self.ui.notesList.count()})")
        self._update_buttons()
        self.changed.emit()

    def _add_item(self, note: Note) -> QListWidgetItem:
        item = QListWidgetItem(note_preview(note))
        item.setData(NOTE_ID, note.id)
        item.setData(KEPT_OUT, note.confidential)
        item.setToolTip(f"Saved at {note.created_at:%H:%M:%S}")
        self.ui.notesList.addItem(item)
        return item

    def selected_note_id(self) -> int | None:
        item = self.ui.notesList.currentItem()
        return None if item is None else item.data(NOTE_ID)

    def _editable_note_id(self) -> int | None:
        """The selected note, unless the session is done and nothing may change."""
        return None if self.read_only else self.selected_note_id()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_buttons()

    def undo(self) -> None:
        if not self.read_only:
            self.undo_stack.undo()

    def _update_buttons(self, *_signal_args: object) -> None:
        has_note = self._editable_note_id() is not None
        for button in (self.ui.editNoteButton, self.ui.moveNoteButton, self.ui.deleteNoteButton,
                       self.ui.confidentialButton):
            button.setEnabled(has_note)
        item = self.ui.notesList.currentItem()
        kept_out = item is not None and item.data(KEPT_OUT) is True
        self.ui.confidentialButton.setText("Let back in" if kept_out else "Keep out")
        self.ui.undoButton.setEnabled(self.undo_stack.canUndo() and not self.read_only)
        self.ui.undoButton.setText(
            f"Undo {self.undo_stack.undoText()}" if self.undo_stack.canUndo() else "Undo"
        )

    def _push(self, label: str, do: Callable[[], object], undo: Callable[[], object]) -> None:
        self.undo_stack.push(_StoreCommand(label, do, undo, self.failed.emit))

    def edit_selected(self) -> None:
        note_id = self._editable_note_id()
        if note_id is None:
            return
        old = self.store.note(note_id).text
        dialog = EditNoteDialog(old, self.ui.notesList.window())
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.text() == old:
            return
        new = dialog.text()
        self._push(
            "edit",
            lambda: self.store.update_note(note_id, text=new),
            lambda: self.store.update_note(note_id, text=old),
        )

    def move_selected(self, step_id: str) -> None:
        note_id = self._editable_note_id()
        if note_id is None or step_id == self.step_id:
            return
        old = self.store.note(note_id).step_id
        self._push(
            "move",
            lambda: self.store.update_note(note_id, step_id=step_id),
            lambda: self.store.update_note(note_id, step_id=old),
        )

    def delete_selected(self) -> None:
        note_id = self._editable_note_id()
        if note_id is None:
            return
        row = self.ui.notesList.currentRow()
        self._push(
            "delete",
            lambda: self.store.delete_note(note_id),
            lambda: self.store.restore_note(note_id),
        )
        self.ui.notesList.setCurrentRow(min(row, self.ui.notesList.count() - 1))

    def toggle_confidential_selected(self) -> None:
        """Keep the selected note out of every export (it stays here), or let it back in."""
        note_id = self._editable_note_id()
        if note_id is None:
            return
        was = self.store.note(note_id).confidential
        self._push(
            "keep out" if not was else "let back in",
            lambda: self.store.set_note_confidential(note_id, not was),
            lambda: self.store.set_note_confidential(note_id, was),
        )

    def step_menu(self) -> QMenu:
        """A menu of the other steps; choosing one moves the selected note there."""
        menu = QMenu("Move to step", self.ui.notesList)
        for number, step in enumerate(self.steps, 1):
            if step.id != self.step_id:
                action = menu.addAction(f"{number}. {step.title}")
                action.triggered.connect(lambda _=False, s=step.id: self.move_selected(s))
        return menu

    def choose_step_for_selected(self) -> None:
        notes_list: QListWidget = self.ui.notesList
        item = notes_list.currentItem()
        if item is None:
            return
        where = notes_list.visualItemRect(item).bottomLeft()
        self.step_menu().exec(notes_list.viewport().mapToGlobal(where))

    def _context_menu(self, position: QPoint) -> None:
        notes_list: QListWidget = self.ui.notesList
        if notes_list.itemAt(position) is None:
            return
        menu = QMenu(notes_list)
        menu.addAction("Edit…", self.edit_selected)
        menu.addMenu(self.step_menu())
        menu.addAction("Delete", self.delete_selected)
        menu.addAction(self.ui.confidentialButton.text(), self.toggle_confidential_selected)
        menu.exec(notes_list.viewport().mapToGlobal(position))

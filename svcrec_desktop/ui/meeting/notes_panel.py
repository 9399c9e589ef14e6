"""The committed notes under the capture pane: list, edit, move to another step, delete, undo;
their quick tags, the parking lot, and the action items under them.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, QPoint, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFocusEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QWidget,
)

from svcrec_desktop.domain.model import TAGS, Action, Note, tag_label
from svcrec_desktop.domain.playbook import Playbook, Step
from svcrec_desktop.domain.shown_text import visible_text
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.store.outbox import Outbox
from svcrec_desktop.ui import shortcuts as keys
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.guide.action_dialog import ActionItemDialog
from svcrec_desktop.ui.meeting.step_text import (
    PREVIEW_CHARS,
    action_preview,
    action_said,
    action_text,
    note_preview,
    note_said,
)
from svcrec_desktop.ui.spoken import in_words
from svcrec_desktop.ui.write_queue import WriteQueue

NOTE_ID = Qt.ItemDataRole.UserRole
KEPT_OUT = Qt.ItemDataRole.UserRole + 1  # the note is kept out of exports
ACTION_ID = Qt.ItemDataRole.UserRole + 2  # on an action's row: the action
UNDER_NOTE = Qt.ItemDataRole.UserRole + 3  # on an action's row: the note it is under
PARKED = Qt.ItemDataRole.UserRole + 4  # the note is in the parking lot
DONE = Qt.ItemDataRole.UserRole + 5  # on an action's row: the action is done


class EditNoteDialog(QDialog):
    """Change the text of a saved note; Ctrl+Enter saves. Esc or Cancel after a change asks
    first, so a slip of the finger never throws the new words away."""

    def __init__(self, text: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "edit_note")
        self.ui.noteEdit.set_text(text)
        self._original = text
        keys.bind(keys.NOTE_EDIT_DONE, self, self.accept, Qt.ShortcutContext.WindowShortcut)

    def text(self) -> str:
        return self.ui.noteEdit.toPlainText()

    def reject(self) -> None:
        """Closing with changes asks: save them, throw them away, or go on editing."""
        if self.text() == self._original:
            super().reject()
            return
        buttons = QMessageBox.StandardButton
        ask = QMessageBox(QMessageBox.Icon.Question, "Keep your change?",
                          "You changed this note. Save the change before closing?",
                          buttons.Save | buttons.Discard | buttons.Cancel, self)
        ask.setDefaultButton(buttons.Save)
        ask.button(buttons.Discard).setText("Throw the change away")
        ask.button(buttons.Cancel).setText("Keep editing")
        answer = ask.exec()
        if answer == buttons.Save:
            self.accept()
        elif answer == buttons.Discard:
            super().reject()
        else:
            self.ui.noteEdit.setFocus(Qt.FocusReason.OtherFocusReason)


class _StoreCommand(QUndoCommand):
    """An undoable change to a note: ``do`` and ``undo`` are store calls.

    ``stored``: the change is on disk already, so the redo that pushing it runs does nothing.
    """

    def __init__(
        self, label: str, do: Callable[[], object], undo: Callable[[], object],
        report: Callable[[str], None], *, stored: bool = False,
    ) -> None:
        super().__init__(label)
        self._do, self._undo, self._report = do, undo, report
        self._skip_redo = stored

    def _run(self, action: Callable[[], object]) -> None:
        try:
            action()
        except StorageError as exc:
            self._report(str(exc))
            self.setObsolete(True)

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            return
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)


class NotesPanel(QObject):
    """Shows one step's saved notes with the actions under them, and the session's parking
    lot, and applies the person's changes through the store."""

    changed = Signal()  # notes were added, edited, moved, deleted or restored
    failed = Signal(str)
    recovered = Signal()  # action items that waited for the disk are written

    def __init__(self, form, store: Store, outbox: Outbox, playbook: Playbook) -> None:
        super().__init__(form.notesList)
        self.ui = form
        self.store = store
        self.outbox = outbox
        self.playbook = playbook
        # Action items typed while the disk refused: never lost, written by the queue.
        self.writes = WriteQueue(self)
        self.writes.failed.connect(self.failed)
        self.writes.recovered.connect(self.recovered)
        self._waiting_actions: dict[str, tuple[int, str, str, date | None]] = {}  # by uid
        self.steps: tuple[Step, ...] = ()  # of the meeting shown: where a note may be moved
        self.session_id: int | None = None
        self.step_id = ""
        self.read_only = False
        self.undo_stack = QUndoStack(self)
        notes: QListWidget = form.notesList
        notes.installEventFilter(self)
        notes.itemActivated.connect(self._when_seen(self.edit_selected))
        notes.customContextMenuRequested.connect(self._context_menu)
        notes.currentItemChanged.connect(self._update_buttons)
        for button, slot in ((form.editNoteButton, self.edit_selected),
                             (form.moveNoteButton, self.choose_step_for_selected),
                             (form.deleteNoteButton, self.delete_selected),
                             (form.confidentialButton, self.toggle_confidential_selected),
                             (form.actionButton, self.add_action_to_selected),
                             (form.doneButton, self.toggle_done_selected),
                             (form.parkNoteButton, self.toggle_parked_selected)):
            button.clicked.connect(self._when_seen(slot))
        form.undoButton.clicked.connect(self.undo)
        form.unparkButton.clicked.connect(self.unpark_from_parking_lot)
        form.parkingList.currentItemChanged.connect(self._update_buttons)
        self.undo_stack.canUndoChanged.connect(self._update_buttons)
        self.undo_stack.indexChanged.connect(self.refresh)
        for key, slot in ((keys.NOTE_EDIT, self.edit_selected),
                          (keys.NOTE_MOVE, self.choose_step_for_selected),
                          (keys.NOTE_DELETE, self.delete_selected),
                          (keys.NOTE_KEEP_OUT, self.toggle_confidential_selected),
                          (keys.ACTION_ADD, self.add_action_to_selected),
                          (keys.ACTION_DONE, self.toggle_done_selected),
                          (keys.NOTE_PARK, self.toggle_parked_selected)):
            keys.bind(key, notes, self._when_seen(slot))
        keys.bind_each(keys.NOTE_TAGS, notes, [
            self._when_seen(lambda tag=tag.id: self.toggle_tag_selected(tag)) for tag in TAGS])
        for key, widget, slot in ((keys.NOTE_UNDO, notes, self.undo),
                                  (keys.NOTE_PARK, form.parkingList, self.unpark_from_parking_lot),
                                  (keys.NOTE_UNDO, form.parkingList, self.undo)):
            keys.bind(key, widget, slot)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Tab into the saved notes chooses a note the person can see."""
        if (watched is self.ui.notesList and event.type() == QEvent.Type.FocusIn
                and isinstance(event, QFocusEvent)
                and event.reason() != Qt.FocusReason.MouseFocusReason):
            self._choose_in_view()
        return super().eventFilter(watched, event)

    def _in_view(self, item: QListWidgetItem) -> bool:
        """The item is highlighted and at least partly inside the list's visible area."""
        notes_list: QListWidget = self.ui.notesList
        return item.isSelected() and notes_list.viewport().rect().intersects(
            notes_list.visualItemRect(item))

    def _choose_in_view(self) -> None:
        """Keep the chosen note if it shows; otherwise choose the newest note (at the
        bottom). Either way it is scrolled fully into view."""
        notes_list: QListWidget = self.ui.notesList
        item = notes_list.currentItem()
        if item is None or not self._in_view(item):
            rows = (notes_list.item(row) for row in reversed(range(notes_list.count())))
            item = next((row for row in rows if row.data(NOTE_ID) is not None), None)
            if item is None:
                return
            notes_list.setCurrentItem(item)
        notes_list.scrollToItem(item)

    def _when_seen(self, act: Callable[[], None]) -> Callable[..., None]:
        """act, run only on a chosen note the person can see: a chosen note scrolled out of
        view, or not highlighted, is first brought into view and highlighted instead, so
        F2 or Delete never change a note nobody is looking at."""
        def run(*_signal_args: object) -> None:
            notes_list: QListWidget = self.ui.notesList
            item = notes_list.currentItem()
            if item is not None and not self._in_view(item):
                item.setSelected(True)
                notes_list.scrollToItem(item)
                return
            act()

        return run

    def set_steps(self, steps: tuple[Step, ...]) -> None:
        """The steps of the meeting being shown, offered by the Move to step menu. Another
        meeting's changes are not undone from here: their notes are not on this page."""
        if steps != self.steps:
            with QSignalBlocker(self.undo_stack):  # the page lists the new steps after this
                self.undo_stack.clear()
            self._update_buttons()
        self.steps = steps

    def show_step(self, session_id: int, step_id: str) -> None:
        if session_id != self.session_id:
            self.undo_stack.clear()
        self.session_id, self.step_id = session_id, step_id
        self.refresh()

    def refresh(self, *_signal_args: object) -> None:
        """Reload the list and the parking lot from the store, keeping the selection."""
        notes_list: QListWidget = self.ui.notesList
        keep = (self.selected_note_id(), self.selected_action_id())
        notes_list.clear()
        self._fill_parking_lot()
        if self.session_id is None:
            return
        try:
            notes = self.store.notes.of_session(self.session_id, self.step_id)
            actions = self.store.actions.of_session(self.session_id)
        except StorageError as exc:
            self.failed.emit(str(exc))
            return
        for note in notes:
            self._add_item(note)
            if keep == (note.id, None):
                notes_list.setCurrentRow(notes_list.count() - 1)
            for action in actions:
                if action.note_uid == note.uid:
                    self._add_action_item(action, note.id)
                    if keep == (None, action.id):
                        notes_list.setCurrentRow(notes_list.count() - 1)
            for note_id, what, owner, due in self._waiting_actions.values():
                if note_id == note.id:
                    self._add_waiting(action_preview(what, owner, due, False))
        waiting = [p for p in self.outbox.pending
                   if (p.session_id, p.step_id) == (self.session_id, self.step_id)]
        for pending in waiting:
            self._add_waiting(f"{pending.created_at:%H:%M}   "
                              f"{visible_text(pending.text[:PREVIEW_CHARS])}")
        self.ui.notesHeading.setText(
            f"Saved notes ({len(notes)})"
            + (f" · {len(waiting)} waiting to be saved" if waiting else "")
        )
        self._update_buttons()
        self.changed.emit()

    def show_added(self, note: Note) -> None:
        """A note was just committed: show it at the bottom without reloading the list."""
        item = self._add_item(note)
        self.ui.notesList.scrollToItem(item)
        count = sum(self.ui.notesList.item(row).data(NOTE_ID) is not None
                    for row in range(self.ui.notesList.count()))
        self.ui.notesHeading.setText(f"Saved notes ({count})")
        if note.parked:
            self._fill_parking_lot()
        self._update_buttons()
        self.changed.emit()

    def _add_item(self, note: Note) -> QListWidgetItem:
        item = QListWidgetItem(note_preview(note))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, note_said(note))
        item.setData(NOTE_ID, note.id)
        item.setData(KEPT_OUT, note.confidential)
        item.setData(PARKED, note.parked)
        item.setToolTip(f"Saved at {note.created_at:%H:%M:%S}")
        self.ui.notesList.addItem(item)
        return item

    def _add_action_item(self, action: Action, note_id: int) -> None:
        item = QListWidgetItem(action_text(action))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, action_said(action))
        item.setData(ACTION_ID, action.id)
        item.setData(UNDER_NOTE, note_id)
        item.setData(DONE, action.done)
        item.setToolTip(f"An action item: {keys.key_text(keys.NOTE_EDIT.keys[0])} changes it, "
                        f"{keys.ACTION_DONE.text} marks it done, {keys.NOTE_DELETE.text} "
                        "removes it")
        self.ui.notesList.addItem(item)

    def _add_waiting(self, text: str) -> None:
        """Something committed that the disk has not taken yet: shown, not selectable."""
        item = QListWidgetItem(f"Not saved yet — {text.lstrip()}")
        item.setData(Qt.ItemDataRole.AccessibleTextRole, in_words(item.text()))
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setForeground(Qt.GlobalColor.darkRed)
        self.ui.notesList.addItem(item)

    def _fill_parking_lot(self) -> None:
        """Every parked note of the session, from any step of either meeting."""
        parking: QListWidget = self.ui.parkingList
        keep = parking.currentItem().data(NOTE_ID) if parking.currentItem() else None
        parking.clear()
        if self.session_id is None:
            return
        try:
            parked = self.store.notes.of_session(self.session_id, parked=True)
        except StorageError as exc:
            self.failed.emit(str(exc))
            return
        for note in parked:
            step = self.playbook.step(note.step_id)
            item = QListWidgetItem(f"{step.title if step else 'A step no longer used'} · "
                                   f"{note.created_at:%H:%M}   "
                                   f"{visible_text(note.text[:PREVIEW_CHARS])}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, in_words(item.text()))
            item.setData(NOTE_ID, note.id)
            parking.addItem(item)
            if note.id == keep:
                parking.setCurrentItem(item)
        parking.setVisible(bool(parked))  # an empty list would only take room from the notes
        self.ui.parkingHeading.setText(
            f"&Parking lot ({len(parked)})" if parked
            else f"Parking lot: empty. {keys.NOTE_PARK.text} puts a note here for later.")

    def selected_note_id(self) -> int | None:
        item = self.ui.notesList.currentItem()
        return None if item is None else item.data(NOTE_ID)

    def selected_action_id(self) -> int | None:
        item = self.ui.notesList.currentItem()
        return None if item is None else item.data(ACTION_ID)

    def _editable_note_id(self) -> int | None:
        """The selected note, unless the session is done and nothing may change."""
        return None if self.read_only else self.selected_note_id()

    def _editable_action_id(self) -> int | None:
        return None if self.read_only else self.selected_action_id()

    def _note_for_actions(self) -> int | None:
        """The selected note, or the note of the selected action: where a new action goes."""
        item = self.ui.notesList.currentItem()
        if self.read_only or item is None:
            return None
        return item.data(NOTE_ID) or item.data(UNDER_NOTE)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_buttons()

    def undo(self) -> None:
        if not self.read_only:
            self.undo_stack.undo()

    def _update_buttons(self, *_signal_args: object) -> None:
        has_note = self._editable_note_id() is not None
        has_action = self._editable_action_id() is not None
        for button in (self.ui.moveNoteButton, self.ui.confidentialButton,
                       self.ui.parkNoteButton):
            button.setEnabled(has_note)
        for button in (self.ui.editNoteButton, self.ui.deleteNoteButton):
            button.setEnabled(has_note or has_action)
        self.ui.actionButton.setEnabled(has_note or has_action)
        self.ui.doneButton.setEnabled(has_action)
        item = self.ui.notesList.currentItem()
        kept_out = item is not None and item.data(KEPT_OUT) is True
        self.ui.confidentialButton.setText("Let back in" if kept_out else "Keep out")
        parked = item is not None and item.data(PARKED) is True
        self.ui.parkNoteButton.setText("Out of the parking lot" if parked
                                       else "To the parking lot")
        done = item is not None and item.data(DONE) is True
        self.ui.doneButton.setText("Not done yet" if done else "Mark done")
        self.ui.unparkButton.setEnabled(
            not self.read_only and self.ui.parkingList.currentItem() is not None)
        self.ui.undoButton.setEnabled(self.undo_stack.canUndo() and not self.read_only)
        self.ui.undoButton.setText(
            f"Undo {self.undo_stack.undoText()}" if self.undo_stack.canUndo() else "Undo"
        )

    def push(self, label: str, do: Callable[[], object], undo: Callable[[], object]) -> None:
        """Make a change through the store that the Undo button and Ctrl+Z can take back."""
        self.undo_stack.push(_StoreCommand(label, do, undo, self.failed.emit))

    def edit_selected(self) -> None:
        """Change the selected note's text, or the selected action item."""
        action_id = self._editable_action_id()
        if action_id is not None:
            self.edit_action(action_id)
            return
        note_id = self._editable_note_id()
        if note_id is None:
            return
        old = self.store.notes.get(note_id).text
        dialog = EditNoteDialog(old, self.ui.notesList.window())
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.text() == old:
            return
        new = dialog.text()
        self.push(
            "edit",
            lambda: self.store.notes.update(note_id, text=new),
            lambda: self.store.notes.update(note_id, text=old),
        )

    def move_selected(self, step_id: str) -> None:
        note_id = self._editable_note_id()
        if note_id is None or step_id == self.step_id:
            return
        old = self.store.notes.get(note_id).step_id
        self.push(
            "move",
            lambda: self.store.notes.update(note_id, step_id=step_id),
            lambda: self.store.notes.update(note_id, step_id=old),
        )

    def delete_selected(self) -> None:
        """Delete the selected note (with the actions under it) or action item; undoable."""
        note_id, action_id = self._editable_note_id(), self._editable_action_id()
        row = self.ui.notesList.currentRow()
        if note_id is not None:
            self.push("delete", lambda: self.store.notes.delete(note_id),
                       lambda: self.store.notes.restore(note_id))
        elif action_id is not None:
            self.push("delete action item", lambda: self.store.actions.delete(action_id),
                       lambda: self.store.actions.restore(action_id))
        else:
            return
        self.ui.notesList.setCurrentRow(min(row, self.ui.notesList.count() - 1))

    def toggle_confidential_selected(self) -> None:
        """Keep the selected note out of every export (it stays here), or let it back in."""
        note_id = self._editable_note_id()
        if note_id is None:
            return
        was = self.store.notes.get(note_id).confidential
        self.push(
            "keep out" if not was else "let back in",
            lambda: self.store.notes.set_confidential(note_id, not was),
            lambda: self.store.notes.set_confidential(note_id, was),
        )

    def toggle_tag_selected(self, tag: str) -> None:
        """Put a quick tag on the selected note, or take it off; undoable."""
        note_id = self._editable_note_id()
        if note_id is None:
            return
        old = self.store.notes.get(note_id).tags
        new = tuple(t for t in old if t != tag) if tag in old else (*old, tag)
        self.push(
            f"{'remove tag' if tag in old else 'tag'} “{tag_label(tag)}”",
            lambda: self.store.notes.update(note_id, tags=new),
            lambda: self.store.notes.update(note_id, tags=old),
        )

    def toggle_parked_selected(self) -> None:
        """Put the selected note in the parking lot, or take it out; undoable."""
        note_id = self._editable_note_id()
        if note_id is not None:
            self._toggle_parked(note_id)

    def unpark_from_parking_lot(self) -> None:
        """Take the point selected in the parking lot out of it; undoable."""
        item = self.ui.parkingList.currentItem()
        if item is not None and not self.read_only:
            row = self.ui.parkingList.currentRow()
            self._toggle_parked(item.data(NOTE_ID))
            self.ui.parkingList.setCurrentRow(min(row, self.ui.parkingList.count() - 1))

    def _toggle_parked(self, note_id: int) -> None:
        was = self.store.notes.get(note_id).parked
        self.push(
            "take out of the parking lot" if was else "put in the parking lot",
            lambda: self.store.notes.update(note_id, parked=not was),
            lambda: self.store.notes.update(note_id, parked=was),
        )

    def add_action_to_selected(self) -> None:
        """Ask what, who and by when, and put the action under the selected note.

        What was typed is never lost: an action the disk refuses waits in memory and is
        written as soon as it can be; once written, Ctrl+Z takes it away again.
        """
        note_id = self._note_for_actions()
        if note_id is None or self.session_id is None:
            return
        note = self.store.notes.get(note_id)
        dialog = ActionItemDialog(note.text, None, self.ui.notesList.window())
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return
        what, owner, due = dialog.values()
        session_id, uid = self.session_id, uuid.uuid4().hex
        self._waiting_actions[uid] = (note_id, what, owner, due)
        added: list[int] = []

        def write() -> None:
            added.append(self.store.actions.add(session_id, note.uid, what, owner=owner,
                                               due=due, uid=uid).id)
            del self._waiting_actions[uid]
            if self.session_id == session_id:  # Ctrl+Z undoes changes to the session shown
                self.undo_stack.push(_StoreCommand(
                    "add action item", lambda: self.store.actions.restore(added[0]),
                    lambda: self.store.actions.delete(added[0]), self.failed.emit, stored=True))

        if not self.writes.write(("action", uid), write):
            self.refresh()  # shows it as waiting under its note

    def edit_action(self, action_id: int) -> None:
        action = self.store.actions.get(action_id)
        note = next((n for n in self.store.notes.of_session(action.session_id)
                     if n.uid == action.note_uid), None)
        dialog = ActionItemDialog(note.text if note else "", action,
                                  self.ui.notesList.window())
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if not accepted:
            return
        what, owner, due = dialog.values()
        if (what, owner, due) == (action.what, action.owner, action.due):
            return
        self.push(
            "change action item",
            lambda: self.store.actions.update(action_id, what=what, owner=owner, due=due),
            lambda: self.store.actions.update(action_id, what=action.what, owner=action.owner,
                                             due=action.due),
        )

    def toggle_done_selected(self) -> None:
        """Mark the selected action item done, or not done after all; undoable."""
        action_id = self._editable_action_id()
        if action_id is None:
            return
        was = self.store.actions.get(action_id).done
        self.push(
            "not done" if was else "mark done",
            lambda: self.store.actions.set_done(action_id, not was),
            lambda: self.store.actions.set_done(action_id, was),
        )

    def flush(self) -> bool:
        """Write action items that wait for the disk; False if some still wait."""
        return self.writes.save_waiting()

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
        if self.selected_note_id() is not None:
            menu.addMenu(self.step_menu())
            menu.addAction(self.ui.confidentialButton.text(), self.toggle_confidential_selected)
            menu.addAction(self.ui.parkNoteButton.text(), self.toggle_parked_selected)
            tags = menu.addMenu("Tags")
            chosen = self.store.notes.get(self.selected_note_id()).tags
            for tag in TAGS:
                entry = tags.addAction(tag.label, lambda t=tag.id: self.toggle_tag_selected(t))
                entry.setCheckable(True)
                entry.setChecked(tag.id in chosen)
        else:
            menu.addAction(self.ui.doneButton.text(), self.toggle_done_selected)
        menu.addAction("Action item…", self.add_action_to_selected)
        menu.addAction("Delete", self.delete_selected)
        menu.exec(notes_list.viewport().mapToGlobal(position))

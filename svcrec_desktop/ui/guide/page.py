"""Between the meetings: the department's guide written section by section from the notes.

The left list holds the guide's sections, then meeting 2's feedback, the register of recovery
items and the closing page. Each shows its records and a form for the chosen one; the right
side holds the meetings' notes (ui/guide/notes_side.py), any of which can be sent to a section
(button, Ctrl+Shift+N, context menu or drag onto a section) and is then marked as used — never
a confidential one.
An item made from a note that was later kept out of exports or deleted is held back from
every export until the facilitator rewrites it and releases it. Typing is written after a
short pause; what the disk refuses waits in memory and is retried, like every other page.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QDropEvent, QShowEvent
from PySide6.QtWidgets import QListWidgetItem, QWidget

from svcrec_desktop.domain.guide_model import SECTIONS, VersionStatus, money
from svcrec_desktop.domain.model import Session, counted
from svcrec_desktop.domain.organisation import Organisation, limit_note
from svcrec_desktop.domain.playbook import Playbook
from svcrec_desktop.export.source import exportable_view
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.store.guide import CONFIDENTIAL_REFUSAL
from svcrec_desktop.store.records import (
    AfterRecords,
    FeedbackRecords,
    Record,
    Records,
    RegisterRecords,
    SectionRecords,
)
from svcrec_desktop.ui import shortcuts as keys
from svcrec_desktop.ui.asking import ask
from svcrec_desktop.ui.banner import BannerMixin
from svcrec_desktop.ui.dates import shown_version
from svcrec_desktop.ui.fitting import keep_lines
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.guide.notes_side import NotesSide, short_line
from svcrec_desktop.ui.guide.record_form import RecordForm
from svcrec_desktop.ui.write_queue import SAVE_AFTER_MS, WriteQueue

ITEMS_SHOWN, ITEMS_MOST = 3, 8  # the list of items leaves the room to the form below it
PART_ROLE = Qt.ItemDataRole.UserRole  # on a section's row: the part's id
FEEDBACK, REGISTER, AFTER = "feedback", "register", "after"
EXTRA_PARTS = {
    FEEDBACK: ("Feedback from meeting 2",
               "What people said about the draft. Write what you did about each point: the "
               "final version can list them on a page called \"What changed after your "
               "feedback\"."),
    REGISTER: ("Register of recovery items",
               "Each item handed out under Level One, for finance. Never write a patient's "
               "name here."),
    AFTER: ("After the session",
            "Who keeps the guide up to date, who approved it and when it is next looked at: "
            "these go on the guide's title page. The help contact goes on its closing page; "
            "your reflection on how the sessions went stays in your own record."),
}
HELD_BACK_MARK = "Held back · "  # before the item's name in the list
HELD_BACK = ("Held back: made from {what} — left out of every export until you rewrite it "
             "and release it.")
WAITING_FOR_DISK = "Some changes are still waiting for the disk."


class GuidePage(BannerMixin, QWidget):
    """Edits one session's guide; every change goes to the store as it is typed."""

    exportRequested = Signal()
    quickCardRequested = Signal()
    registerCsvRequested = Signal()

    def __init__(self, store: Store, playbook: Playbook, parent: QWidget | None = None, *,
                 organisation: Organisation | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "guide")
        self.store = store
        self.playbook = playbook
        # Its help contact stands in for an empty one; its limit for one recovery item is
        # noted under a value above it.
        self.organisation = organisation or Organisation()
        self.session: Session | None = None
        self.read_only = False
        self.part = SECTIONS[0].id  # the section (or extra part) shown
        self.records: Records | None = None
        self.record_id: int | None = None
        self._shown: list[Record] = []
        self._deleted: list[tuple[Records, int]] = []  # for Ctrl+Z, newest last
        self._typed: dict[tuple[Records, int | None, str], str] = {}  # not yet queued
        self.writes = WriteQueue(self)
        self.writes.failed.connect(self.show_error)
        self.writes.recovered.connect(lambda: self.hide_banner("error"))
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._save_timer.timeout.connect(self._queue_typed)
        self.form = RecordForm(self.ui.formLayout, self)
        self.notes = NotesSide(self.ui, store, playbook, [
            *((section.id, section.title) for section in playbook.guide),
            (FEEDBACK, EXTRA_PARTS[FEEDBACK][0])])
        self.notes.failed.connect(self.show_error)
        self.notes.sendRequested.connect(self.send_selected_notes)
        self.notes.keptOutChanged.connect(lambda: self._fill_records(self.record_id))
        keep_lines(self.ui.itemList, ITEMS_SHOWN, ITEMS_MOST)
        self.form.edited.connect(self._edited)
        self._set_up_banner()
        self._connect()
        self.ui.splitter.setSizes([275, 600, 380])
        self.ui.splitter.setStretchFactor(1, 1)

    def _connect(self) -> None:
        ui = self.ui
        for section in self.playbook.guide:
            ui.sectionList.addItem(QListWidgetItem(section.title))
            ui.sectionList.item(ui.sectionList.count() - 1).setData(PART_ROLE, section.id)
        for part, (title, _guidance) in EXTRA_PARTS.items():
            ui.sectionList.addItem(QListWidgetItem(title))
            ui.sectionList.item(ui.sectionList.count() - 1).setData(PART_ROLE, part)
        ui.sectionList.currentRowChanged.connect(self._part_chosen)
        ui.sectionList.itemActivated.connect(self._enter_part)
        ui.sectionList.viewport().installEventFilter(self)
        ui.itemList.currentRowChanged.connect(self._record_chosen)
        ui.addButton.clicked.connect(self.add_record)
        ui.deleteButton.clicked.connect(self.delete_record)
        ui.upButton.clicked.connect(lambda: self.move_record(-1))
        ui.downButton.clicked.connect(lambda: self.move_record(1))
        ui.freezeButton.clicked.connect(lambda: self.freeze(VersionStatus.DRAFT))
        ui.publishButton.clicked.connect(lambda: self.freeze(VersionStatus.FINAL))
        ui.exportButton.clicked.connect(self._export)
        ui.quickCardButton.clicked.connect(self._quick_card)
        ui.csvButton.clicked.connect(self.registerCsvRequested)
        ui.actionsButton.clicked.connect(self.bring_in_actions)
        ui.fromNoteLabel.linkActivated.connect(self.notes.show_note)
        ui.releaseButton.clicked.connect(self.release_record)
        shortcuts = (
            (keys.ITEM_ADD, self, self.add_record),
            (keys.ITEM_DELETE, ui.itemList, self.delete_record),
            (keys.ITEM_UNDO, ui.itemList, self.undo_delete),
            (keys.ITEM_UP, ui.itemList, lambda: self.move_record(-1)),
            (keys.ITEM_DOWN, ui.itemList, lambda: self.move_record(1)),
            (keys.NOTE_SEND, self, self.send_selected_notes),
            (keys.ITEM_RELEASE, self, self.release_record),
        )
        for key, widget, slot in shortcuts:
            context = (Qt.ShortcutContext.WidgetShortcut if widget is ui.itemList
                       else Qt.ShortcutContext.WidgetWithChildrenShortcut)
            keys.bind(key, widget, slot, context)

    # The session ------------------------------------------------------------------------------

    def open_session(self, session: Session) -> None:
        """Take the session; its guide is read when the page is shown (every session opened
        would otherwise read a guide the person may never look at)."""
        self.flush()
        self.session = session
        self._deleted.clear()
        self.ui.guideTitleLabel.setText(session.guide_title)
        self.records, self.record_id = None, None
        if self.isVisible():
            self._reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.session is not None:
            self._reload()

    def _reload(self) -> None:
        """Notes, counts and versions may have changed in the meetings since last shown;
        the part shown keeps its chosen item."""
        self._load_notes()
        self._show_versions()
        if self.records is not None:
            self._fill_records(self.record_id)
        elif self.ui.sectionList.currentRow() < 0:
            self.ui.sectionList.setCurrentRow(0)  # which shows the part
        else:
            self._part_chosen(self.ui.sectionList.currentRow())

    def refresh(self) -> None:
        """Show what is stored now: a text was changed elsewhere (a redaction before an
        export, or its undo)."""
        if self.session is not None and self.isVisible():
            self._reload()

    def close_session(self) -> None:
        self.flush()
        self.writes.stop()
        self.session = None

    def set_read_only(self, read_only: bool) -> None:
        """A done session shows its guide and changes nothing until it is re-opened."""
        self.read_only = read_only
        self._enable_buttons()

    def flush(self) -> bool:
        """Write what is typed; False while the disk still refuses some of it."""
        self._queue_typed()
        return self.writes.save_waiting()

    def focus_first(self) -> None:
        self.ui.sectionList.setFocus(Qt.FocusReason.OtherFocusReason)

    # Parts and records ------------------------------------------------------------------------

    def _adapter(self, part: str) -> Records:
        assert self.session is not None
        sid = self.session.id
        if part == FEEDBACK:
            return FeedbackRecords(self.store, sid, self.playbook)
        if part == REGISTER:
            return RegisterRecords(self.store, sid)
        if part == AFTER:
            return AfterRecords(self.store, sid, self.organisation.help_contact)
        return SectionRecords(self.store, sid,
                              next(spec for spec in SECTIONS if spec.id == part))

    def _part_chosen(self, row: int) -> None:
        item = self.ui.sectionList.item(row)
        if self.session is None or item is None:
            return
        self._queue_typed()
        self.part = item.data(PART_ROLE)
        self.records = self._adapter(self.part)
        if self.part in EXTRA_PARTS:
            title, guidance = EXTRA_PARTS[self.part]
        else:
            section = self.playbook.guide_section(self.part)
            title, guidance = section.title, section.guidance
        self.ui.sectionTitleLabel.setText(title)
        self.ui.guidanceLabel.setText(guidance)
        self.ui.listPanel.setVisible(not self.records.single)
        self.ui.registerRow.setVisible(self.part == REGISTER)  # its totals and CSV button
        self.ui.actionsButton.setVisible(self.part == "assignments")
        self.form.build(self.records.fields)
        self._set_tab_order()
        self._fill_records()
        self.notes.show_for(self._note_steps(),
                            "Notes for this section" if self.part not in EXTRA_PARTS
                            else "Notes of meeting 2" if self.part == FEEDBACK
                            else "Notes for this part")

    def _set_tab_order(self) -> None:
        """The page's buttons, sections, items and theirs, the form's fields, then the notes."""
        ui = self.ui
        chain = [ui.freezeButton, ui.publishButton, ui.quickCardButton, ui.exportButton,
                 ui.sectionList, ui.itemList, ui.addButton, ui.deleteButton, ui.upButton,
                 ui.downButton, ui.releaseButton, *self.form.widgets.values(), ui.csvButton,
                 ui.actionsButton, ui.notesFilter, ui.noteList, ui.sendButton,
                 ui.confidentialButton]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _enter_part(self) -> None:
        """Enter on a section goes to its items, or straight to the form of a single one."""
        target = self.form.first() if self.records and self.records.single else \
            self.ui.itemList
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)

    def _fill_records(self, select: int | None = None) -> None:
        """Show the part's records, choosing the one with this id (else the first)."""
        records = self.records
        if records is None:
            return
        try:
            self._shown = records.records()
            self.form.suggest(records.suggestions())
        except StorageError as exc:
            self.show_error(str(exc))
            self._shown = []
        listed = self.ui.itemList
        listed.blockSignals(True)
        listed.clear()
        for record in self._shown:
            listed.addItem(self._list_text(record.headline(records.headline), record.held_back))
        listed.blockSignals(False)
        ids = [r.id for r in self._shown]
        row = ids.index(select) if select in ids else 0
        if records.single:
            self._record_chosen(0)
        else:
            listed.setCurrentRow(row if ids else -1)
            if not ids:
                self._record_chosen(-1)
        self._show_counts()

    def _record_chosen(self, row: int) -> None:
        self._queue_typed()
        records = self.records
        record = self._shown[row] if 0 <= row < len(self._shown) else None
        if records is not None and records.single and record is None:
            record = Record(0, {})  # a single section's item is made by its first change
        self.record_id = record.id if record else None
        self.form.show_values(record.fields if record else {})
        self._note_limits(record.fields if record else {})
        if records is not None:
            self.form.show_empty_texts(records.empty_texts(record.fields if record else {}))
        self._show_origin(record)
        self._show_held_back(record)
        self._enable_buttons()

    def _list_text(self, headline: str, held_back: bool) -> str:
        name = short_line(headline, 200) or (self.records.empty_name if self.records else "")
        return HELD_BACK_MARK + name if held_back else name

    def _chosen(self) -> Record | None:
        return next((r for r in self._shown if r.id == self.record_id), None)

    def _edited(self, name: str, text: str) -> None:
        records = self.records
        if records is None or self.session is None or self.read_only:
            return
        if self.record_id is None and not records.single:
            return
        if name == records.headline and not records.single:
            current, chosen = self.ui.itemList.currentItem(), self._chosen()
            if current is not None:
                current.setText(self._list_text(text, chosen is not None and chosen.held_back))
        self._typed[(records, self.record_id, name)] = text
        self._save_timer.start()
        self._note_limits({name: text})
        if name in records.empty_texts_follow:
            self.form.show_empty_texts(records.empty_texts({name: text}))

    def _note_limits(self, values: dict[str, str]) -> None:
        """Under a value above the organisation's limit for one recovery item, a calm word
        (it is kept as typed)."""
        for name in self.form.remarks.keys() & values.keys():
            self.form.show_remark(
                name, limit_note(values[name], self.organisation.item_limit_cents))

    def _queue_typed(self) -> None:
        """Hand what was typed to the write queue (which writes it now or keeps it)."""
        self._save_timer.stop()
        typed, self._typed = self._typed, {}
        for (records, record_id, name), text in typed.items():
            try:
                records.check(name, text)
            except ValueError as exc:
                self.show_error(f"{exc} The rest of this item is saved.")
                continue
            self.writes.write(
                (type(records), records.session_id, record_id, name),
                lambda r=records, i=record_id, n=name, t=text: r.update(i or 0, n, t),
            )
        if typed and self.part == REGISTER:
            self._show_counts()

    def add_record(self, fields: dict[str, str] | None = None, from_note: str = "") -> None:
        records = self.records
        if records is None or records.single or self.read_only:
            return
        self._queue_typed()
        try:
            record_id = records.add(fields, from_note)
        except (StorageError, ValueError) as exc:
            self.show_error(f"{exc} Nothing was added.")
            return
        self._after_change(record_id)
        first = self.form.first()
        if first is not None and not fields:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_record(self) -> None:
        records, record_id = self.records, self.record_id
        if records is None or records.single or record_id is None or self.read_only:
            return
        self._queue_typed()
        if not self.writes.save_waiting():
            return  # the item's own typing is still waiting for the disk
        try:
            records.delete(record_id)
        except StorageError as exc:
            self.show_error(f"{exc} The item was not deleted.")
            return
        self._deleted.append((records, record_id))
        self.show_info("Deleted. Ctrl+Z in the list brings it back.")
        self._after_change(None)
        self.ui.itemList.setFocus(Qt.FocusReason.OtherFocusReason)

    def undo_delete(self) -> None:
        if not self._deleted or self.read_only:
            return
        records, record_id = self._deleted[-1]
        try:
            records.restore(record_id)
        except StorageError as exc:
            self.show_error(f"{exc} The item is still deleted.")
            return
        self._deleted.pop()
        self.hide_banner("info")
        if type(records) is type(self.records):
            self._after_change(record_id)
        else:
            self._load_notes()
            self._show_counts()

    def move_record(self, step: int) -> None:
        records, record_id = self.records, self.record_id
        if records is None or not records.movable or record_id is None or self.read_only:
            return
        ids = [r.id for r in self._shown]
        place = ids.index(record_id) + step
        if not 0 <= place < len(ids):
            return
        self._queue_typed()
        try:
            records.move(record_id, place)
        except StorageError as exc:
            self.show_error(f"{exc} The order is unchanged.")
            return
        self._fill_records(record_id)

    def _after_change(self, select: int | None) -> None:
        self._fill_records(select)
        self._load_notes()

    def _show_counts(self) -> None:
        """Each section's name with how many items it has; the register's monthly totals."""
        if self.session is None:
            return
        try:
            counts = {spec.id: len(self.store.guide.items(self.session.id, spec.id))
                      for spec in SECTIONS}
            counts[FEEDBACK] = len(self.store.feedback.of_session(self.session.id))
            totals = self.store.register.monthly_totals(self.session.id)
        except StorageError as exc:
            self.show_error(str(exc))
            return
        counts[REGISTER] = sum(n for _month, n, _cents in totals)
        for row in range(self.ui.sectionList.count()):
            item = self.ui.sectionList.item(row)
            part = item.data(PART_ROLE)
            title = EXTRA_PARTS[part][0] if part in EXTRA_PARTS else \
                self.playbook.guide_section(part).title
            count = counts.get(part)
            item.setText(f"{title} ({count})" if count else title)
        self.ui.sectionList.doItemsLayout()  # wrapped titles change height with their count
        self.ui.totalsLabel.setText(
            "Totals per month: " + "; ".join(f"{month}: {counted(n, 'item')}, {money(cents)}"
                                             for month, n, cents in totals)
            if totals else "Nothing handed out yet.")

    # Notes ------------------------------------------------------------------------------------

    def _load_notes(self) -> None:
        if self.session is not None:
            self.notes.load(self.session.id)

    def _note_steps(self) -> set[str]:
        """The steps whose notes feed the part shown."""
        if self.part == FEEDBACK:
            return {step.id for step in self.playbook.meeting2}
        if self.part in EXTRA_PARTS:
            return {step.id for step in self.playbook.meeting1 + self.playbook.meeting2}
        return set(self.playbook.guide_section(self.part).from_steps)

    def send_selected_notes(self, part: str | None = None) -> None:
        """Make an item of a section (the one shown unless named) from each chosen note, or
        add them to a single section's form; a confidential note is refused, saying why."""
        notes = self.notes.selected()
        if not notes or self.read_only or self.session is None:
            return
        if any(note.confidential for note in notes):
            self.show_error(CONFIDENTIAL_REFUSAL)
            return
        if part and part != self.part:
            self._select_part(part)
        records = self.records
        if records is None or isinstance(records, RegisterRecords | AfterRecords):
            return
        if not self.flush():  # the form's own typing first: the notes join what is stored
            self.show_error(f"{WAITING_FOR_DISK} The notes were not added yet; try again once "
                            "they are saved.")
            return
        try:
            last = records.add_notes(notes)
        except (StorageError, ValueError) as exc:
            self.show_error(f"{exc} The note was not added to the section.")
            self._after_change(self.record_id)  # whatever was added before the failure
            return
        self._after_change(last)
        if records.single:
            self.show_info(f"Added {counted(len(notes), 'note')} to "
                           f"\"{self.ui.sectionTitleLabel.text()}\".")
        else:
            self.show_info(f"Added {counted(len(notes), 'item')} from the notes. Fill in the "
                           "rest below.")

    def bring_in_actions(self) -> None:
        """Who does what, by when: an item for each meeting action item not here yet."""
        if self.session is None or self.read_only or self.part != "assignments":
            return
        self._queue_typed()
        try:
            added = self.store.actions.bring_into_guide(self.session.id)
        except StorageError as exc:
            self.show_error(f"{exc} Nothing was added.")
            return
        if not added:
            self.show_info("Every action item from the meetings is in this section already.")
            return
        self._after_change(added[-1].id)
        self.show_info(f"Brought in {counted(len(added), 'action item')} from the meetings.")

    def _select_part(self, part: str) -> None:
        for row in range(self.ui.sectionList.count()):
            if self.ui.sectionList.item(row).data(PART_ROLE) == part:
                self.ui.sectionList.setCurrentRow(row)
                return

    def _show_origin(self, record: Record | None) -> None:
        """The back-link from an item to the note(s) it was made from."""
        sources = record.from_note.split() if record else []
        notes = self.notes.of_uids(sources)
        self.ui.fromNoteLabel.setVisible(bool(notes))
        if notes:
            note = notes[0]
            step = self.playbook.step(note.step_id)
            made = "Made from a note" if len(notes) == 1 else \
                f"Made from {len(notes)} notes, the first"
            self.ui.fromNoteLabel.setText(
                f"{made} in <i>{escape(step.title if step else 'a moved step')}"
                f"</i>: “{escape(short_line(note.text, 160))}” <a href=\"{note.id}\">Show the "
                "note</a>")

    def _show_held_back(self, record: Record | None) -> None:
        """Say plainly why an item made from a withheld note stays out of the exports."""
        held = record is not None and record.held_back
        self.ui.heldBackRow.setVisible(held)
        if record is not None and held:
            sources = record.from_note.split()
            confidential = any(n.confidential for n in self.notes.of_uids(sources))
            self.ui.heldBackLabel.setText(HELD_BACK.format(
                what="a note kept out" if confidential else "a note deleted or kept out"))

    def release_record(self) -> None:
        """Once the facilitator confirms the held-back item is rewritten in their own words,
        it may leave again; the store refuses while it still quotes the note."""
        records, record = self.records, self._chosen()
        if records is None or record is None or not record.held_back or self.read_only:
            return
        if not self._release_confirmed():
            return
        if not self.flush():
            self.show_error(f"{WAITING_FOR_DISK} Release it once they are saved.")
            return
        try:
            records.release(record.id)
        except (StorageError, ValueError) as exc:
            self.show_error(str(exc))
            return
        self._fill_records(record.id)
        self._load_notes()  # its note is no longer one the guide uses
        self.show_info("Released: it goes into the exports again.")

    def _release_confirmed(self) -> bool:
        return ask(
            self, "Let it into the exports again?",
            "It was made from a note that may not leave this computer. Release it only once "
            "you have rewritten it in your own words, with nothing of the note left in it.",
            go="I have rewritten this in my own words")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Notes dragged from the notes list onto a section are sent to it."""
        if watched is self.ui.sectionList.viewport() and event.type() in (
                QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            assert isinstance(event, QDropEvent)
            target = self._drop_target(event)
            if event.source() is not self.ui.noteList or target is None or self.read_only:
                event.ignore()
                return True
            if any(note.confidential for note in self.notes.selected()):
                if event.type() == QEvent.Type.DragEnter:
                    self.show_error(CONFIDENTIAL_REFUSAL)
                event.ignore()
                return True
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            if event.type() == QEvent.Type.Drop:
                self.send_selected_notes(target)
            return True
        return super().eventFilter(watched, event)

    def _drop_target(self, event: QDropEvent) -> str | None:
        item = self.ui.sectionList.itemAt(event.position().toPoint())
        part = item.data(PART_ROLE) if item else None
        return part if part not in (None, REGISTER, AFTER) else None

    # Versions ---------------------------------------------------------------------------------

    def freeze(self, status: VersionStatus) -> None:
        """Keep the guide as it is now: the draft for meeting 2, or the final (after asking,
        when some sections are still empty)."""
        if self.session is None or self.read_only:
            return
        if not self.flush():
            self.show_error("Some changes are still waiting for the disk, so no version was "
                            "kept yet. Try again once they are saved.")
            return
        if status is VersionStatus.FINAL and not self._publish_with_gaps():
            return
        try:
            version = self.store.versions.freeze(self.session.id, status)
        except StorageError as exc:
            self.show_error(f"{exc} No version was kept.")
            return
        self._show_versions()
        what = ("It is what meeting 2 will see" if status is VersionStatus.DRAFT
                else "Export it with Export… (Ctrl+E)")
        self.show_info(f"{version.name} is kept. {what}; later changes do not alter it.")

    def _publish_with_gaps(self) -> bool:
        """True to go on publishing: no section is empty, or the facilitator chose to publish
        with the empty ones listed. Otherwise the first empty section is shown to fill in."""
        assert self.session is not None
        try:
            empty = exportable_view(self.store, self.session.id).empty_sections(self.playbook)
        except StorageError as exc:
            self.show_error(f"{exc} No version was kept.")
            return False
        if not empty:
            return True
        if ask(self, "Some sections are still empty",
               "Nothing is filled in yet in:\n\n" + "\n".join(f"•  {s.title}" for s in empty)
               + "\n\nThe final would show these sections empty to everyone who reads it.",
               go="P&ublish it as it is", stay="&Go back and fill them in"):
            return True
        self._select_part(empty[0].id)
        self.ui.sectionList.setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    def _show_versions(self) -> None:
        if self.session is None:
            return
        try:
            versions = self.store.versions.of_session(self.session.id)
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self.ui.versionLabel.setText(
            f"Latest kept: {shown_version(versions[-1])}" if versions else "No version kept yet")

    def _export(self) -> None:
        self.flush()
        self.exportRequested.emit()

    def _quick_card(self) -> None:
        self.flush()
        self.quickCardRequested.emit()

    def _enable_buttons(self) -> None:
        records = self.records
        editable = not self.read_only and self.session is not None
        chosen = self.record_id is not None
        self.ui.addButton.setEnabled(editable and records is not None)
        self.ui.actionsButton.setEnabled(editable)
        self.ui.deleteButton.setEnabled(editable and chosen)
        movable = editable and chosen and records is not None and records.movable
        self.ui.upButton.setEnabled(movable)
        self.ui.downButton.setEnabled(movable)
        self.form.set_enabled(editable and chosen)
        self.notes.enable(editable, self.part not in (REGISTER, AFTER))
        record = self._chosen()
        self.ui.releaseButton.setEnabled(editable and record is not None and record.held_back)
        self.ui.freezeButton.setEnabled(editable)
        self.ui.publishButton.setEnabled(editable)

"""Between the meetings: the department's guide written section by section from the notes.

The left list holds the guide's sections, then meeting 2's feedback, the register of recovery
items and the closing page. Each shows its records and a form for the chosen one; the right
panel holds the meetings' notes, any of which can be sent to a section (button, Ctrl+Shift+N,
context menu or drag onto a section) and is then marked as used — never a confidential one.
An item made from a note that was later kept out of exports or deleted is held back from
every export until the facilitator rewrites it and releases it. Typing is written after a
short pause; what the disk refuses waits in memory and is retried, like every other page.
"""

from __future__ import annotations

from html import escape
from itertools import pairwise

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QDropEvent, QShowEvent
from PySide6.QtWidgets import QListWidgetItem, QMenu, QWidget

from svcrec_desktop.domain.guide_model import SECTIONS, VersionStatus, money
from svcrec_desktop.domain.model import Note, Session, counted
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
from svcrec_desktop.ui.guide.record_form import RecordForm
from svcrec_desktop.ui.write_queue import SAVE_AFTER_MS, WriteQueue

NOTE_SHOWN_CHARS = 300
TOOLTIP_CHARS = 1000
ITEMS_SHOWN, ITEMS_MOST = 3, 8  # the list of items leaves the room to the form below it
ID_ROLE = Qt.ItemDataRole.UserRole
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
NOTES_FOR_SECTION, NOTES_UNUSED, NOTES_ALL = range(3)
HELD_BACK_MARK = "Held back · "  # before the item's name in the list
HELD_BACK = ("Held back: made from {what} — left out of every export until you rewrite it "
             "and release it.")
WAITING_FOR_DISK = "Some changes are still waiting for the disk."


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


class GuidePage(BannerMixin, QWidget):
    """Edits one session's guide; every change goes to the store as it is typed."""

    exportRequested = Signal()
    quickCardRequested = Signal()
    registerCsvRequested = Signal()

    def __init__(self, store: Store, playbook: Playbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "guide")
        self.store = store
        self.playbook = playbook
        self.session: Session | None = None
        self.read_only = False
        self.part = SECTIONS[0].id  # the section (or extra part) shown
        self.records: Records | None = None
        self.record_id: int | None = None
        self._shown: list[Record] = []
        self._notes: list[Note] = []
        self._unused: set[str] = set()
        self._deleted: list[tuple[Records, int]] = []  # for Ctrl+Z, newest last
        self._typed: dict[tuple[Records, int | None, str], str] = {}  # not yet queued
        self.writes = WriteQueue(self)
        self.writes.failed.connect(self.show_error)
        self.writes.recovered.connect(lambda: self.hide_banner("error"))
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._save_timer.timeout.connect(self._queue_typed)
        self.form = RecordForm(self.ui.formLayout, self)
        keep_lines(self.ui.itemList, ITEMS_SHOWN, ITEMS_MOST)
        self.form.edited.connect(self._edited)
        self._set_up_banner()
        self._connect()
        self.ui.splitter.setSizes([275, 600, 380])
        self.ui.splitter.setStretchFactor(1, 1)

    def _connect(self) -> None:
        ui = self.ui
        self._send_tip = ui.sendButton.toolTip()
        for section in self.playbook.guide:
            ui.sectionList.addItem(QListWidgetItem(section.title))
            ui.sectionList.item(ui.sectionList.count() - 1).setData(ID_ROLE, section.id)
        for part, (title, _guidance) in EXTRA_PARTS.items():
            ui.sectionList.addItem(QListWidgetItem(title))
            ui.sectionList.item(ui.sectionList.count() - 1).setData(ID_ROLE, part)
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
        ui.notesFilter.currentIndexChanged.connect(self._show_notes)
        ui.noteList.customContextMenuRequested.connect(self._note_menu)
        ui.noteList.itemSelectionChanged.connect(self._enable_buttons)
        ui.sendButton.clicked.connect(self.send_selected_notes)
        ui.confidentialButton.clicked.connect(self.toggle_confidential)
        ui.fromNoteLabel.linkActivated.connect(self._show_source_note)
        ui.releaseButton.clicked.connect(self.release_record)
        shortcuts = (
            (keys.ITEM_ADD, self, self.add_record),
            (keys.ITEM_DELETE, ui.itemList, self.delete_record),
            (keys.ITEM_UNDO, ui.itemList, self.undo_delete),
            (keys.ITEM_UP, ui.itemList, lambda: self.move_record(-1)),
            (keys.ITEM_DOWN, ui.itemList, lambda: self.move_record(1)),
            (keys.NOTE_SEND, self, self.send_selected_notes),
            (keys.GUIDE_NOTE_KEEP_OUT, ui.noteList, self.toggle_confidential),
            (keys.ITEM_RELEASE, self, self.release_record),
        )
        for key, widget, slot in shortcuts:
            context = (Qt.ShortcutContext.WidgetShortcut if widget in (ui.itemList, ui.noteList)
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
            return AfterRecords(self.store, sid)
        return SectionRecords(self.store, sid,
                              next(spec for spec in SECTIONS if spec.id == part))

    def _part_chosen(self, row: int) -> None:
        item = self.ui.sectionList.item(row)
        if self.session is None or item is None:
            return
        self._queue_typed()
        self.part = item.data(ID_ROLE)
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
        self.ui.notesFilter.setItemText(
            NOTES_FOR_SECTION, "Notes for this section" if self.part not in EXTRA_PARTS
            else "Notes of meeting 2" if self.part == FEEDBACK else "Notes for this part")
        self.form.build(self.records.fields)
        self._set_tab_order()
        self._fill_records()
        self._show_notes()

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
        if records is not None:
            self.form.show_empty_texts(records.empty_texts(record.fields if record else {}))
        self._show_origin(record)
        self._show_held_back(record)
        self._enable_buttons()

    def _list_text(self, headline: str, held_back: bool) -> str:
        name = _short(headline, 200) or (self.records.empty_name if self.records else "")
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
        if name in records.empty_texts_follow:
            self.form.show_empty_texts(records.empty_texts({name: text}))

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
            counts = {spec.id: len(self.store.guide_items(self.session.id, spec.id))
                      for spec in SECTIONS}
            counts[FEEDBACK] = len(self.store.feedback(self.session.id))
            totals = self.store.monthly_totals(self.session.id)
        except StorageError as exc:
            self.show_error(str(exc))
            return
        counts[REGISTER] = sum(n for _month, n, _cents in totals)
        for row in range(self.ui.sectionList.count()):
            item = self.ui.sectionList.item(row)
            part = item.data(ID_ROLE)
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
        if self.session is None:
            return
        try:
            self._notes = self.store.notes(self.session.id)
            self._unused = {n.uid for n in self.store.unused_notes(self.session.id)}
        except StorageError as exc:
            self.show_error(str(exc))
        self._show_notes()

    def _note_steps(self) -> set[str]:
        """The steps whose notes feed the part shown."""
        if self.part == FEEDBACK:
            return {step.id for step in self.playbook.meeting2}
        if self.part in EXTRA_PARTS:
            return {step.id for step in self.playbook.meeting1 + self.playbook.meeting2}
        return set(self.playbook.guide_section(self.part).from_steps)

    def _show_notes(self) -> None:
        listed = self.ui.noteList
        chosen = {item.data(ID_ROLE) for item in listed.selectedItems()}
        which = self.ui.notesFilter.currentIndex()
        steps = self._note_steps()
        listed.clear()
        for note in self._notes:
            if which == NOTES_FOR_SECTION and note.step_id not in steps:
                continue
            if which == NOTES_UNUSED and note.uid not in self._unused:
                continue
            step = self.playbook.step(note.step_id)
            marks = [step.title if step else "Moved step"]
            marks.append("not used yet" if note.uid in self._unused else "used")
            if note.confidential:
                marks.append("kept out: never exported")
            item = QListWidgetItem(f"{_short(note.text, NOTE_SHOWN_CHARS)}\n· "
                                   + " · ".join(marks))
            item.setData(ID_ROLE, note.id)
            item.setToolTip(note.text[:TOOLTIP_CHARS])
            listed.addItem(item)
            item.setSelected(note.id in chosen)
        self.ui.unusedLabel.setText(
            f"{len(self._unused)} of {counted(len(self._notes), 'note')} not used in the guide yet")
        self._enable_buttons()

    def _selected_notes(self) -> list[Note]:
        ids = {item.data(ID_ROLE) for item in self.ui.noteList.selectedItems()}
        return [n for n in self._notes if n.id in ids]

    def send_selected_notes(self, part: str | None = None) -> None:
        """Make an item of a section (the one shown unless named) from each chosen note, or
        add them to a single section's form; a confidential note is refused, saying why."""
        notes = self._selected_notes()
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
            added = self.store.bring_actions_into_guide(self.session.id)
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
            if self.ui.sectionList.item(row).data(ID_ROLE) == part:
                self.ui.sectionList.setCurrentRow(row)
                return

    def toggle_confidential(self) -> None:
        notes = self._selected_notes()
        if not notes or self.read_only:
            return
        keep_out = not all(n.confidential for n in notes)
        try:
            for note in notes:
                self.store.set_note_confidential(note.id, keep_out)
        except StorageError as exc:
            self.show_error(f"{exc} The note's export setting is unchanged.")
        self._load_notes()
        self._fill_records(self.record_id)  # items made from them are held back, or not

    def _note_menu(self, position: QPoint) -> None:
        if not self._selected_notes() or self.read_only:
            return
        menu = QMenu(self)
        send_to = menu.addMenu("Send to")
        if any(note.confidential for note in self._selected_notes()):
            send_to.setTitle("Send to (not a note kept out)")
            send_to.setEnabled(False)
        for section in self.playbook.guide:
            send_to.addAction(section.title,
                              lambda part=section.id: self.send_selected_notes(part))
        send_to.addAction(EXTRA_PARTS[FEEDBACK][0],
                          lambda: self.send_selected_notes(FEEDBACK))
        confidential = menu.addAction("Keep out of every export")
        confidential.setCheckable(True)
        confidential.setChecked(all(n.confidential for n in self._selected_notes()))
        confidential.triggered.connect(self.toggle_confidential)
        menu.exec(self.ui.noteList.viewport().mapToGlobal(position))

    def _show_origin(self, record: Record | None) -> None:
        """The back-link from an item to the note(s) it was made from."""
        sources = record.from_note.split() if record else []
        notes = [n for n in self._notes if n.uid in sources]
        self.ui.fromNoteLabel.setVisible(bool(notes))
        if notes:
            note = notes[0]
            step = self.playbook.step(note.step_id)
            made = "Made from a note" if len(notes) == 1 else \
                f"Made from {len(notes)} notes, the first"
            self.ui.fromNoteLabel.setText(
                f"{made} in <i>{escape(step.title if step else 'a moved step')}"
                f"</i>: “{escape(_short(note.text, 160))}” <a href=\"{note.id}\">Show the "
                "note</a>")

    def _show_held_back(self, record: Record | None) -> None:
        """Say plainly why an item made from a withheld note stays out of the exports."""
        held = record is not None and record.held_back
        self.ui.heldBackRow.setVisible(held)
        if record is not None and held:
            sources = record.from_note.split()
            confidential = any(n.confidential for n in self._notes if n.uid in sources)
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

    def _show_source_note(self, link: str) -> None:
        self.ui.notesFilter.setCurrentIndex(NOTES_ALL)
        for row in range(self.ui.noteList.count()):
            item = self.ui.noteList.item(row)
            if str(item.data(ID_ROLE)) == link:
                self.ui.noteList.setCurrentItem(item)
                self.ui.noteList.scrollToItem(item)
                self.ui.noteList.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Notes dragged from the notes list onto a section are sent to it."""
        if watched is self.ui.sectionList.viewport() and event.type() in (
                QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            assert isinstance(event, QDropEvent)
            target = self._drop_target(event)
            if event.source() is not self.ui.noteList or target is None or self.read_only:
                event.ignore()
                return True
            if any(note.confidential for note in self._selected_notes()):
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
        part = item.data(ID_ROLE) if item else None
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
            version = self.store.freeze_version(self.session.id, status)
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
            versions = self.store.versions(self.session.id)
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
        chosen_notes = self._selected_notes()
        notes = bool(chosen_notes) and editable
        confidential = any(note.confidential for note in chosen_notes)
        self.ui.sendButton.setEnabled(notes and not confidential
                                      and self.part not in (REGISTER, AFTER))
        self.ui.sendButton.setToolTip(CONFIDENTIAL_REFUSAL if confidential else self._send_tip)
        self.ui.confidentialButton.setEnabled(notes)
        record = self._chosen()
        self.ui.releaseButton.setEnabled(editable and record is not None and record.held_back)
        self.ui.freezeButton.setEnabled(editable)
        self.ui.publishButton.setEnabled(editable)

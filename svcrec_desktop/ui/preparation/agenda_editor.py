"""The agenda panel: the day of meeting 1 or 2, how long it takes and the minutes for each
of its steps.

One panel serves both meetings (a choice at the top). What is shown is kept in memory and
every change goes through the page's WriteQueue, so a change the disk refuses stays on screen
and is written as soon as it can be.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QWidget,
)

from svcrec_desktop.domain.agenda import MAX_MINUTES, MEETING_LENGTHS, Agenda, meeting_day
from svcrec_desktop.domain.model import Session, counted
from svcrec_desktop.domain.playbook import Playbook, Step
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.ui.dates import shown_date
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.write_queue import WriteQueue

MINUTES_COLUMN = 1
STEP_ROLE = Qt.ItemDataRole.UserRole  # on a minutes cell: the step's id
# Typing a number on a step, F2 or a double click starts changing its minutes.
EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.DoubleClicked
)


class MinutesDelegate(QStyledItemDelegate):
    """A whole number of minutes, never below one."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex) -> QWidget:
        spin = QSpinBox(parent)
        spin.setRange(1, MAX_MINUTES)
        spin.setAccessibleName("Minutes for this step")
        return spin


class AgendaEditor(QWidget):
    """Meeting length and each step's minutes of one session, for meeting 1 or meeting 2."""

    failed = Signal(str)  # the agenda could not be read

    def __init__(self, store: Store, playbook: Playbook, writes: WriteQueue,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "agenda_editor")
        self.store = store
        self.playbook = playbook
        self.writes = writes
        self.session_id: int | None = None
        self.read_only = False
        self.agendas: dict[int, Agenda] = {}
        self.session: Session | None = None  # for the meetings' days
        for number in (1, 2):
            if playbook.meeting_steps(number):
                self.ui.agendaMeetingCombo.addItem(f"Meeting {number}", number)
        table = self.ui.agendaTable
        table.setItemDelegateForColumn(MINUTES_COLUMN, MinutesDelegate(table))
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(
            MINUTES_COLUMN, QHeaderView.ResizeMode.ResizeToContents)
        table.setEditTriggers(EDIT_TRIGGERS)
        table.itemChanged.connect(self._minutes_typed)
        table.currentCellChanged.connect(self._keep_on_minutes)
        self.ui.agendaMeetingCombo.currentIndexChanged.connect(self._show)
        self.ui.agendaLengthCombo.currentIndexChanged.connect(self._length_chosen)
        self.ui.shareAgainButton.clicked.connect(self.share_again)

    @property
    def meeting(self) -> int:
        """The meeting whose agenda is shown."""
        return self.ui.agendaMeetingCombo.currentData() or 1

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.playbook.meeting_steps(self.meeting)

    def open_session(self, session: Session) -> None:
        """Show the session's agendas as stored; the playbook's timing if they cannot be read."""
        session_id = self.session_id = session.id
        self.session = session
        try:
            self.agendas = {number: self.store.agenda.get(session_id, number) for number in (1, 2)}
        except StorageError as exc:
            self.agendas = {1: Agenda(), 2: Agenda()}
            self.failed.emit(f"{exc} The agenda shows the playbook's timing until it can be "
                             "read.")
        self._show()

    def show_days(self, session: Session) -> None:
        """The meetings' dates as the session has them now (changed on the page around)."""
        self.session = session
        self._show_day()

    def _show_day(self) -> None:
        day = meeting_day(self.session, self.meeting) if self.session is not None else None
        self.ui.agendaDateLabel.setText(
            shown_date(day) if day else "Not set yet: set it under People and date, or at "
                                        "the close of meeting 1.")

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.ui.agendaLengthCombo.setEnabled(not read_only)
        self.ui.shareAgainButton.setEnabled(not read_only and self._has_edits())
        self.ui.agendaTable.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if read_only else EDIT_TRIGGERS)

    def focus_widgets(self) -> list[QWidget]:
        ui = self.ui
        return [ui.agendaMeetingCombo, ui.agendaLengthCombo, ui.agendaTable,
                ui.shareAgainButton]

    def flush(self) -> None:
        """Take the minutes still being typed in a cell, as leaving the cell would."""
        table = self.ui.agendaTable
        editor = table.indexWidget(table.currentIndex())
        if editor is not None:
            delegate = table.itemDelegateForColumn(MINUTES_COLUMN)
            delegate.commitData.emit(editor)
            delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    # Showing ---------------------------------------------------------------------------------

    def _agenda(self) -> Agenda:
        return self.agendas.get(self.meeting, Agenda())

    def _has_edits(self) -> bool:
        return any(step.id in self._agenda().edited for step in self.steps)

    def _show(self) -> None:
        """The chosen meeting's length, its steps' minutes and the total, without saving."""
        agenda, steps = self._agenda(), self.steps
        combo = self.ui.agendaLengthCombo
        suggested = sum(step.minutes for step in steps)
        lengths = {m for m in MEETING_LENGTHS if m >= len(steps)} | {agenda.length} - {0}
        choices = sorted([(m, f"{m} minutes", m) for m in lengths]
                         + [(suggested, f"{suggested} minutes, as the playbook suggests", 0)])
        with QSignalBlocker(combo):
            combo.clear()
            for _minutes, text, length in choices:
                combo.addItem(text, length)
            combo.setCurrentIndex(combo.findData(agenda.length))
        self._fill_table(agenda, steps)
        self._show_day()
        self.set_read_only(self.read_only)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        """The cell's item, made if new: items are updated in place, never replaced, because
        the table may be in the middle of reporting a change to one of them."""
        table = self.ui.agendaTable
        item = table.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            if column != MINUTES_COLUMN:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            table.setItem(row, column, item)
        return item

    def _fill_table(self, agenda: Agenda, steps: tuple[Step, ...]) -> None:
        table = self.ui.agendaTable
        planned = agenda.minutes(steps)
        with QSignalBlocker(table):
            table.setRowCount(len(steps))
            for row, step in enumerate(steps):
                self._cell(row, 0).setText(f"{row + 1}. {step.title}")
                minutes = self._cell(row, MINUTES_COLUMN)
                minutes.setData(Qt.ItemDataRole.EditRole, planned[step.id])
                minutes.setData(STEP_ROLE, step.id)
                minutes.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                         | Qt.AlignmentFlag.AlignVCenter)
                edited = step.id in agenda.edited
                font = minutes.font()
                font.setBold(edited)  # a step given its own minutes stands out
                minutes.setFont(font)
                minutes.setToolTip("You set these minutes; the other steps share the rest."
                                   if edited else "This step's share of the meeting's length.")
            if table.currentRow() < 0 and steps:
                table.setCurrentCell(0, MINUTES_COLUMN)
        self._show_total(sum(planned.values()), agenda.length_of(steps))

    def _keep_on_minutes(self, row: int, column: int) -> None:
        """The keyboard stays on the minutes, the one column that can be typed in."""
        if row >= 0 and column != MINUTES_COLUMN:
            self.ui.agendaTable.setCurrentCell(row, MINUTES_COLUMN)

    def _show_total(self, total: int, length: int) -> None:
        label = self.ui.agendaTotalLabel
        if total == length:
            label.setText(f"Total: {counted(total, 'minute')}.")
        elif total > length:
            label.setText(f"Total: {counted(total, 'minute')}, {total - length} more than the "
                          f"{length}-minute meeting. Shorten a step or choose a longer meeting.")
        else:
            label.setText(f"Total: {counted(total, 'minute')}, {length - total} less than the "
                          f"{length}-minute meeting.")
        label.setProperty("over", total > length)
        label.style().polish(label)

    # Changing --------------------------------------------------------------------------------

    def _change(self, agenda: Agenda, key: tuple, write: Callable[[int], object]) -> None:
        """Show the new agenda at once and hand its write to the queue."""
        if self.session_id is None or self.read_only:
            return
        meeting, session_id = self.meeting, self.session_id
        self.agendas[meeting] = agenda
        self._show()
        self.writes.write(key, lambda: write(session_id))

    def _length_chosen(self) -> None:
        length = self.ui.agendaLengthCombo.currentData()
        agenda, meeting = self._agenda(), self.meeting
        if length is None or length == agenda.length:
            return
        self._change(Agenda(length, agenda.edited), ("agenda length", meeting),
                     lambda session_id: self.store.agenda.set_meeting_length(session_id, meeting,
                                                                      length))

    def _minutes_typed(self, item: QTableWidgetItem) -> None:
        step_id = item.data(STEP_ROLE)
        minutes = item.data(Qt.ItemDataRole.EditRole)
        agenda = self._agenda()
        if step_id is None or agenda.minutes(self.steps)[step_id] == minutes:
            return
        self._change(Agenda(agenda.length, {**agenda.edited, step_id: minutes}),
                     ("agenda step", step_id),
                     lambda session_id: self.store.agenda.set_step_minutes(session_id, step_id,
                                                                    minutes))

    def share_again(self) -> None:
        """Forget the minutes typed for this meeting's steps: its length is shared out anew."""
        agenda, ids = self._agenda(), [step.id for step in self.steps]
        edited = {step_id: m for step_id, m in agenda.edited.items() if step_id not in ids}
        self._change(Agenda(agenda.length, edited), ("agenda shared", self.meeting),
                     lambda session_id: self.store.agenda.clear_step_minutes(session_id, ids))
        self.ui.agendaTable.setFocus(Qt.FocusReason.OtherFocusReason)

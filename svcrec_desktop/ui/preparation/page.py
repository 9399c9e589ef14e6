"""Phase 0 as the facilitator sees it: the checklist, the review's themes, people, pre-read
and the set-the-stage invitation.

Every change is written at once (text after a half-second pause). A change the disk refuses
stays on screen exactly as typed, waits in memory and is written with the next change, by a
retry timer or by flush(); a red message says what is wrong meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import date
from html import escape
from itertools import count, pairwise

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QToolTip,
    QWidget,
)

from svcrec_desktop.domain.guide_model import GuideItem
from svcrec_desktop.domain.invitation import generated_invitation, invitation_text
from svcrec_desktop.domain.model import FINDING_SOURCES, Finding, Plan, Session, TaskState, counted
from svcrec_desktop.domain.playbook import Playbook, PrepTask
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.ui.banner import BannerMixin
from svcrec_desktop.ui.dates import fit_date_edit, shown_date, shown_iso_date
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.preparation.agenda_editor import AgendaEditor
from svcrec_desktop.ui.shortcuts import THEME_ADD, THEME_DELETE, bind
from svcrec_desktop.ui.widgets import MAX_TEXT, OptionalDateEdit, day_of
from svcrec_desktop.ui.write_queue import SAVE_AFTER_MS, WriteQueue

COPIED_SHOWN_MS = 6000  # how long "Copied" stays beside the button
MAX_COUNT = 1_000_000
# Typing on a cell, F2, a double click or a click on the selected cell starts editing it.
EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.SelectedClicked
)

# The findings table's columns, as the Finding fields they show.
COLUMNS = ("theme", "count", "source", "period_start", "period_end", "example")
DATE_COLUMNS = ("period_start", "period_end")
COLUMN_CHARS = (24, 10, 19, 14, 14)  # widths in average characters; the example takes the rest
ROW_LINES = 2  # a long example shows its first two lines; hovering shows the rest
TOOLTIP_CHARS = 1000
ID_ROLE = Qt.ItemDataRole.UserRole  # on a row's first cell: the finding's id, None if unsaved
DATE_ROLE = Qt.ItemDataRole.UserRole + 1  # on a date cell: ISO date, or "" for none
WAITING_ROLE = Qt.ItemDataRole.UserRole + 2  # on an unsaved row's first cell: (batch, index)


def _cell_date(iso: str) -> str:
    return shown_date(date.fromisoformat(iso)) if iso else "—"


def _item_date(item: QTableWidgetItem) -> date | None:
    """The date a period cell holds, or None when it is empty."""
    iso = item.data(DATE_ROLE)
    return date.fromisoformat(iso) if iso else None


class FindingDelegate(QStyledItemDelegate):
    """Editors that fit each column: a number, a choice of source, an optional date."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex) -> QWidget:
        column = COLUMNS[index.column()]
        if column == "count":
            spin = QSpinBox(parent)
            spin.setRange(0, MAX_COUNT)
            return spin
        if column == "source":
            return QComboBox(parent)
        if column in DATE_COLUMNS:
            return OptionalDateEdit(parent)
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setMaxLength(MAX_TEXT)  # Qt's default would cut a long example short
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        if isinstance(editor, QComboBox):
            current = index.data() or ""
            editor.addItems(FINDING_SOURCES)
            if current and current not in FINDING_SOURCES:
                editor.addItem(current)  # a source typed elsewhere is kept as it is
            editor.setCurrentText(current)
        elif isinstance(editor, OptionalDateEdit):
            iso = index.data(DATE_ROLE)
            other_end = "period_end" if COLUMNS[index.column()] == "period_start" else (
                "period_start")
            other = index.siblingAtColumn(COLUMNS.index(other_end)).data(DATE_ROLE)
            editor.start_at(date.fromisoformat(iso) if iso else None,
                            date.fromisoformat(other) if other else date.today())
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        if isinstance(editor, OptionalDateEdit):
            if not editor.touched:
                return
            value = editor.value()
            iso = value.isoformat() if value else ""
            model.setItemData(index, {Qt.ItemDataRole.DisplayRole: _cell_date(iso),
                                      DATE_ROLE: iso})
        elif isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        else:
            super().setModelData(editor, model, index)

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,
                  option: QStyleOptionViewItem, index: QModelIndex) -> bool:
        """Hovering a theme or an example shows all of it; the cell has room for two lines."""
        text = index.data(Qt.ItemDataRole.ToolTipRole) or (
            index.data() if COLUMNS[index.column()] in ("theme", "example") else ""
        )
        if event.type() != QEvent.Type.ToolTip or not text:
            return super().helpEvent(event, view, option, index)
        QToolTip.showText(event.globalPos(), text[:TOOLTIP_CHARS], view)
        return True


class TaskRow(QFrame):
    """One task of the checklist: done or not, what doing it well means, an optional due date.

    The title is a label beside the box rather than the box's own text, because a checkbox
    cannot wrap its text and a department's own titles may be long.
    """

    doneToggled = Signal(str, bool)
    dueChanged = Signal(str, object)  # task id, date or None

    def __init__(self, task: PrepTask, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskRow")
        self.task = task
        self.done_check = QCheckBox(self, objectName="taskDoneCheck")
        self.done_check.setAccessibleName(task.title)
        self.done_check.setAccessibleDescription(task.detail)
        self.title_label = QLabel(task.title, self, objectName="taskTitleLabel", wordWrap=True)
        self.title_label.installEventFilter(self)
        detail = QLabel(task.detail, self, objectName="taskDetailLabel", wordWrap=True)
        self.due_check = QCheckBox("Due by", self, objectName="taskDueCheck")
        self.due_check.setAccessibleName(f"Set a due date for: {task.title}")
        self.due_edit = QDateEdit(self, objectName="taskDueEdit", calendarPopup=True)
        fit_date_edit(self.due_edit)
        self.due_edit.setAccessibleName(f"Due date for: {task.title}")
        self.late_label = QLabel("overdue", self, objectName="taskLateLabel")
        for label in (self.title_label, detail, self.late_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
        due_row = QHBoxLayout()
        for widget in (self.due_check, self.due_edit, self.late_label):
            due_row.addWidget(widget)
        due_row.addStretch(1)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.done_check, 0, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.title_label, 0, 1)
        layout.addWidget(detail, 1, 1)
        layout.addLayout(due_row, 2, 1)
        layout.setColumnStretch(1, 1)
        self.done_check.toggled.connect(self._done_toggled)
        self.due_check.toggled.connect(self._due_toggled)
        self.due_edit.dateChanged.connect(self._due_date_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A click on the title ticks the box, as a click on a checkbox's own text would."""
        if (watched is self.title_label and event.type() == QEvent.Type.MouseButtonRelease
                and self.done_check.isEnabled()):
            self.done_check.toggle()
            return True
        return super().eventFilter(watched, event)

    def show_state(self, state: TaskState | None, suggested_due: date) -> None:
        """Show the stored state without reporting it back as a change."""
        with QSignalBlocker(self.done_check), QSignalBlocker(self.due_check), \
                QSignalBlocker(self.due_edit):
            self.done_check.setChecked(state is not None and state.done_at is not None)
            due = state.due_date if state is not None else None
            self.due_check.setChecked(due is not None)
            self.due_edit.setDate(QDate(due or suggested_due))
        self._show_due()

    @property
    def done(self) -> bool:
        return self.done_check.isChecked()

    def due(self) -> date | None:
        return day_of(self.due_edit.date()) if self.due_check.isChecked() else None

    def set_read_only(self, read_only: bool) -> None:
        self.done_check.setEnabled(not read_only)
        self.due_check.setEnabled(not read_only)
        self.due_edit.setReadOnly(read_only)

    def focus_widgets(self) -> list[QWidget]:
        return [self.done_check, self.due_check, self.due_edit]

    def _show_due(self) -> None:
        """The date only when there is one; "overdue" when it passed with the task not done."""
        due = self.due()
        self.due_edit.setVisible(due is not None)
        self.late_label.setVisible(due is not None and due < date.today() and not self.done)

    def _done_toggled(self, done: bool) -> None:
        self._show_due()
        self.doneToggled.emit(self.task.id, done)

    def _due_toggled(self) -> None:
        self._show_due()
        self.dueChanged.emit(self.task.id, self.due())

    def _due_date_changed(self) -> None:
        self._show_due()
        if self.due_check.isChecked():
            self.dueChanged.emit(self.task.id, self.due())


class PreparationPage(BannerMixin, QWidget):
    """Prepares meeting 1 for one session; every change goes straight to the store."""

    exportInvitationRequested = Signal(str)  # the invitation text, exactly as shown
    importFindingsRequested = Signal()
    startMeetingRequested = Signal()

    def __init__(self, store: Store, playbook: Playbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "preparation")
        self.store = store
        self.playbook = playbook
        self.session: Session | None = None
        self.read_only = False
        self.writes = WriteQueue(self)
        self.writes.failed.connect(self.show_error)
        self.writes.recovered.connect(lambda: self.hide_banner("error"))
        self._filling = False  # True while the page shows stored values (not edits)
        self._edited: set[str] = set()  # Session fields changed since they were last saved
        # Imported themes the disk refused: batch number -> (session id, themes).
        self._waiting_imports: dict[int, tuple[int, list[dict]]] = {}
        self._batches = count()
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._save_timer.timeout.connect(self._save_details)
        self._copied_timer = QTimer(self, singleShot=True, interval=COPIED_SHOWN_MS)
        self._copied_timer.timeout.connect(self.ui.copyStateLabel.clear)
        self._set_up_banner()
        self.task_rows = [TaskRow(task, self.ui.checklistContainer)
                          for task in playbook.preparation]
        for row in self.task_rows:
            self.ui.checklistLayout.addWidget(row)
            row.doneToggled.connect(self._task_done)
            row.dueChanged.connect(self._task_due)
        self.ui.checklistLayout.addStretch(1)
        self.agenda_editor = AgendaEditor(store, playbook, self.writes, self.ui.agendaTab)
        self.agenda_editor.failed.connect(self.show_error)
        self.ui.agendaLayout.addWidget(self.agenda_editor)
        self.ui.progressBar.setRange(0, max(len(self.task_rows), 1))
        self._set_up_findings()
        self._connect_details()
        self.ui.startMeetingButton.clicked.connect(self._start_meeting)
        self.ui.carryOverButton.clicked.connect(self.bring_in_open_assignments)
        self.ui.carryOverDismissButton.clicked.connect(self._assignments_reviewed)
        self._set_tab_order()

    # Building --------------------------------------------------------------------------------

    def _set_up_findings(self) -> None:
        table = self.ui.findingsTable
        table.setItemDelegate(FindingDelegate(table))
        table.installEventFilter(self)  # its sizes follow its text size (the window's zoom)
        self._fit_findings_table()
        table.itemChanged.connect(self._finding_edited)
        table.itemSelectionChanged.connect(self._enable_finding_buttons)
        self.ui.addFindingButton.clicked.connect(self.add_finding)
        self.ui.deleteFindingButton.clicked.connect(self.delete_selected_finding)
        self.ui.importFindingsButton.clicked.connect(self.importFindingsRequested)
        bind(THEME_ADD, self.ui.findingsTab, self.add_finding,
             Qt.ShortcutContext.WidgetWithChildrenShortcut)
        bind(THEME_DELETE, table, self.delete_selected_finding)

    def _fit_findings_table(self) -> None:
        """Columns and rows sized in characters and lines of the table's own text."""
        table = self.ui.findingsTable
        table.ensurePolished()
        metrics = table.fontMetrics()
        for column, chars in enumerate(COLUMN_CHARS):
            table.setColumnWidth(column, chars * metrics.averageCharWidth())
        line = metrics.lineSpacing()
        table.verticalHeader().setDefaultSectionSize(ROW_LINES * line + line // 2 + 6)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ui.findingsTable and event.type() == QEvent.Type.FontChange:
            self._fit_findings_table()
        return super().eventFilter(watched, event)

    def _connect_details(self) -> None:
        ui = self.ui
        for field, edit in (("facilitator", ui.prepFacilitatorEdit),
                            ("note_taker", ui.prepNoteTakerEdit),
                            ("preread_title", ui.prereadTitleEdit),
                            ("preread_where", ui.prereadWhereEdit)):
            edit.textEdited.connect(lambda _text, field=field: self._details_typed(field))
            edit.editingFinished.connect(self._save_details)
        for field, edit in (("participants", ui.participantsEdit),
                            ("invitation", ui.invitationEdit)):
            edit.textChanged.connect(lambda field=field: self._details_typed(field))
        ui.prepDateEdit.dateChanged.connect(lambda: self._details_typed("meeting_date"))
        ui.implementRadio.toggled.connect(lambda: self._details_typed("plan", at_once=True))
        ui.resetInvitationButton.clicked.connect(self.reset_invitation)
        ui.copyInvitationButton.clicked.connect(self.copy_invitation)
        ui.saveInvitationButton.clicked.connect(self._export_invitation)

    def _set_tab_order(self) -> None:
        """Checklist, then the open section, then Start: the order the work is done in."""
        ui = self.ui
        chain: list[QWidget] = [w for row in self.task_rows for w in row.focus_widgets()]
        chain += [
            ui.sectionTabs,
            ui.findingsTable, ui.addFindingButton, ui.deleteFindingButton,
            ui.importFindingsButton,
            ui.prepFacilitatorEdit, ui.prepNoteTakerEdit, ui.prepDateEdit, ui.participantsEdit,
            ui.prereadTitleEdit, ui.prereadWhereEdit,
            ui.implementRadio, ui.improveRadio, ui.invitationEdit, ui.resetInvitationButton,
            ui.copyInvitationButton, ui.saveInvitationButton,
            *self.agenda_editor.focus_widgets(),
            ui.startMeetingButton,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # Opening a session -----------------------------------------------------------------------

    def open_session(self, session: Session) -> None:
        """Show a session's preparation as stored."""
        self.flush()
        self.session = session
        self._edited.clear()
        self.ui.prepTitleLabel.setText(f"Preparing meeting 1 · {session.department}")
        with self._showing():
            self._show_details(session)
        try:
            states = self.store.task_states(session.id)
            findings = self.store.findings(session.id)
        except StorageError as exc:
            states, findings = {}, []
            self.show_error(f"{exc} The preparation cannot be shown until it can be read.")
        for row in self.task_rows:
            row.show_state(states.get(row.task.id), session.meeting_date)
        self._show_progress()
        self._fill_findings(session.id, findings)
        self.agenda_editor.open_session(session.id)
        self.set_read_only(session.read_only)
        self._show_open_assignments()

    def close_session(self) -> None:
        """Save what is pending and let go of the session (before the database is replaced)."""
        self.flush()
        self.writes.stop()
        self.session = None

    def _show_details(self, session: Session) -> None:
        ui = self.ui
        ui.prepFacilitatorEdit.setText(session.facilitator)
        ui.prepNoteTakerEdit.setText(session.note_taker)
        ui.prepDateEdit.setDate(QDate(session.meeting_date))
        ui.participantsEdit.set_text(session.participants)
        ui.prereadTitleEdit.setText(session.preread_title)
        ui.prereadWhereEdit.setText(session.preread_where)
        (ui.improveRadio if session.plan is Plan.IMPROVE else ui.implementRadio).setChecked(True)
        ui.invitationEdit.set_text(invitation_text(session, self.playbook))
        self._show_invitation_state()
        self._show_participant_count()

    def set_read_only(self, read_only: bool) -> None:
        """A done session: everything stays visible and can be copied, nothing can change."""
        self.read_only = read_only
        ui = self.ui
        for row in self.task_rows:
            row.set_read_only(read_only)
        for edit in (ui.prepFacilitatorEdit, ui.prepNoteTakerEdit, ui.prepDateEdit,
                     ui.participantsEdit, ui.prereadTitleEdit, ui.prereadWhereEdit,
                     ui.invitationEdit):
            edit.setReadOnly(read_only)
        for widget in (ui.implementRadio, ui.improveRadio, ui.addFindingButton,
                       ui.importFindingsButton, ui.startMeetingButton):
            widget.setEnabled(not read_only)
        ui.findingsTable.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if read_only else EDIT_TRIGGERS
        )
        ui.startHintLabel.setText(
            "This session is done: its preparation can be read and copied, not changed."
            if read_only else
            "Everything here can still be changed after the meeting has started."
        )
        self._show_invitation_state()
        self._enable_finding_buttons()
        self.agenda_editor.set_read_only(read_only)

    # What the last session of this department left open ---------------------------------------

    def _reviewed_key(self) -> str:
        assert self.session is not None
        return f"assignments_reviewed:{self.session.uid}"

    def _open_assignments(self) -> tuple[Session, list[GuideItem]] | None:
        """The last session's open assignments, unless they were reviewed here already."""
        if self.session is None or self.read_only:
            return None
        try:
            if self.store.state(self._reviewed_key()):
                return None
            return self.store.open_assignments_before(self.session.id)
        except StorageError:
            return None  # a reminder only: the page works without it

    def _show_open_assignments(self) -> None:
        found = self._open_assignments()
        self.ui.carryOverPanel.setVisible(found is not None)
        if found is None:
            return
        last, still_open = found
        rows = "".join(
            f"<li>{escape(item.get('what'))}"
            + (f" — {escape(item.get('who'))}" if item.get("who") else "")
            + (f", by {escape(shown_iso_date(item.get('due')))}" if item.get("due") else "")
            + "</li>"
            for item in still_open)
        self.ui.carryOverLabel.setText(
            f"<b>Still open from the last {escape(last.department)} session "
            f"({shown_date(last.meeting_date)}):</b><ul>{rows}</ul>Review them with the team.")

    def bring_in_open_assignments(self) -> None:
        """Copy the open assignments into this session's guide, then mark them reviewed."""
        found = self._open_assignments()
        if found is None or self.session is None:
            return
        _last, still_open = found
        try:
            with self.store.transaction():
                for item in still_open:
                    self.store.add_guide_item(self.session.id, "assignments", {
                        name: item.get(name) for name in ("what", "who", "due")},
                        from_note=item.from_note)  # held back if that note is withdrawn
        except StorageError as exc:
            self.show_error(f"{exc} The assignments were not copied; try again.")
            return
        self._assignments_reviewed()
        self.show_info(f"Now in this session's guide, under \"Who does what, by when\": "
                       f"{counted(len(still_open), 'open assignment')}.")

    def _assignments_reviewed(self) -> None:
        if self.session is None:
            return
        try:
            self.store.set_state(self._reviewed_key(), "yes")
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self.ui.carryOverPanel.hide()

    # Checklist -------------------------------------------------------------------------------

    def _task_done(self, task_id: str, done: bool) -> None:
        if self.session is not None:
            session_id = self.session.id
            self.writes.write(("done", task_id),
                              lambda: self.store.set_task_done(session_id, task_id, done))
        self._show_progress()

    def _task_due(self, task_id: str, due: date | None) -> None:
        if self.session is not None:
            session_id = self.session.id
            self.writes.write(("due", task_id),
                              lambda: self.store.set_task_due(session_id, task_id, due))

    def _show_progress(self) -> None:
        done = sum(row.done for row in self.task_rows)
        total = len(self.task_rows)
        self.ui.progressLabel.setText(
            "All done — ready for meeting 1" if total and done == total
            else f"{done} of {total} done"
        )
        self.ui.progressBar.setValue(done)

    # Findings --------------------------------------------------------------------------------

    def _fill_findings(self, session_id: int, findings: list[Finding]) -> None:
        """The stored findings, then any imported ones still waiting for the disk."""
        self.ui.findingsTable.setRowCount(0)
        for finding in findings:
            self._append_row(asdict(finding))
        for batch, (waiting_for, themes) in self._waiting_imports.items():
            if waiting_for == session_id:
                for index, theme in enumerate(themes):
                    self._append_row(theme | {"id": None, "waiting": (batch, index)})
        self._enable_finding_buttons()

    def _append_row(self, values: dict) -> int:
        """Show one finding: a stored one has an id, one waiting for the disk has None."""
        table = self.ui.findingsTable
        row = table.rowCount()
        with self._showing():
            table.insertRow(row)
            for column, name in enumerate(COLUMNS):
                value = values.get(name)
                item = QTableWidgetItem()
                if name == "count":
                    item.setData(Qt.ItemDataRole.EditRole, int(value or 0))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                elif name in DATE_COLUMNS:
                    iso = value.isoformat() if value else ""
                    item.setData(DATE_ROLE, iso)
                    item.setText(_cell_date(iso))
                else:
                    item.setText(value or "")
                table.setItem(row, column, item)
            table.item(row, 0).setData(WAITING_ROLE, values.get("waiting"))
        self._mark_row(row, values.get("id"))
        return row

    def _mark_row(self, row: int, finding_id: int | None) -> None:
        """Remember the row's finding; a row not stored yet cannot be edited until it is."""
        table = self.ui.findingsTable
        with self._showing():
            table.item(row, 0).setData(ID_ROLE, finding_id)
            if finding_id is not None:
                table.item(row, 0).setData(WAITING_ROLE, None)
            saved = finding_id is not None
            for column in range(table.columnCount()):
                item = table.item(row, column)
                flags = item.flags()
                item.setFlags(flags | Qt.ItemFlag.ItemIsEditable if saved
                              else flags & ~Qt.ItemFlag.ItemIsEditable)
                font = item.font()
                font.setItalic(not saved)  # a row in italics waits for the disk
                item.setFont(font)
                item.setToolTip("" if saved else
                                "Not saved yet: kept here and saved as soon as the disk allows")

    def _row_id(self, row: int) -> int | None:
        item = self.ui.findingsTable.item(row, 0)
        return item.data(ID_ROLE) if item is not None else None

    def _finding_edited(self, item: QTableWidgetItem) -> None:
        if self._filling or self.session is None:
            return
        finding_id = self._row_id(item.row())
        if finding_id is None:
            return
        field = COLUMNS[item.column()]
        if field == "count":
            value: object = int(item.data(Qt.ItemDataRole.EditRole) or 0)
        elif field in DATE_COLUMNS:
            value = _item_date(item)
        else:
            value = item.text()
        self.writes.write(("finding", finding_id, field),
                    lambda: self.store.update_finding(finding_id, **{field: value}))

    def _new_finding(self) -> dict:
        """A blank theme that takes its source and period from the row above."""
        table = self.ui.findingsTable
        last = table.rowCount() - 1
        if last < 0:
            return {"theme": "", "count": 1, "source": FINDING_SOURCES[0], "example": ""}

        def cell(name: str) -> QTableWidgetItem:
            return table.item(last, COLUMNS.index(name))

        return {
            "theme": "", "count": 1, "example": "",
            "source": cell("source").text() or FINDING_SOURCES[0],
            "period_start": _item_date(cell("period_start")),
            "period_end": _item_date(cell("period_end")),
        }

    def add_finding(self) -> None:
        """Add an empty theme at the end and put the cursor in it, ready to type its name."""
        if self.session is None or self.read_only:
            return
        self.flush()
        values = self._new_finding()
        try:
            (finding,) = self.store.add_findings(self.session.id, [values])
        except StorageError as exc:
            self.show_error(f"{exc} The new theme was not added; try again in a moment.")
            return
        table = self.ui.findingsTable
        self.ui.sectionTabs.setCurrentWidget(self.ui.findingsTab)
        row = self._append_row(values | {"id": finding.id})
        table.setCurrentCell(row, COLUMNS.index("theme"))
        table.setFocus(Qt.FocusReason.OtherFocusReason)
        table.editItem(table.item(row, COLUMNS.index("theme")))

    def add_imported(self, themes: list[dict]) -> None:
        """Append themes counted by the CSV import (dicts as Store.add_findings takes them).

        If the disk refuses them they are shown anyway, in italics, and stored as soon as the
        disk allows: the facilitator's counting work is never thrown away.
        """
        if self.session is None or not themes:
            return
        themes = [dict(theme) for theme in themes]
        session_id, batch = self.session.id, next(self._batches)
        self._waiting_imports[batch] = (session_id, themes)
        for index, theme in enumerate(themes):
            self._append_row(theme | {"id": None, "waiting": (batch, index)})

        def store_them() -> None:
            stored = self.store.add_findings(session_id, themes)
            del self._waiting_imports[batch]
            table = self.ui.findingsTable
            for row in range(table.rowCount()):
                waiting = table.item(row, 0).data(WAITING_ROLE)
                if waiting is not None and waiting[0] == batch:
                    self._mark_row(row, stored[waiting[1]].id)

        self.ui.sectionTabs.setCurrentWidget(self.ui.findingsTab)
        if self.writes.write(("import", batch), store_them):
            added = len(themes)
            self.show_info(f"{counted(added, 'theme')} added from the file.")

    def delete_selected_finding(self) -> None:
        """Delete the selected theme once the facilitator confirms (Enter deletes, Esc keeps)."""
        table = self.ui.findingsTable
        row = table.currentRow()
        finding_id = self._row_id(row) if row >= 0 else None
        if self.read_only or finding_id is None:
            return
        theme = table.item(row, COLUMNS.index("theme")).text().strip()
        box = QMessageBox(QMessageBox.Icon.Question, "Delete this theme?",
                          f"Delete the theme “{theme}”?" if theme else "Delete this empty theme?",
                          parent=self)
        box.setInformativeText("Its count and example are deleted with it.")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(delete)
        box.exec()
        if box.clickedButton() is not delete:
            table.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            self.store.delete_finding(finding_id)
        except StorageError as exc:
            self.show_error(f"{exc} The theme was not deleted.")
            return
        self.writes.drop(lambda key: key[:2] == ("finding", finding_id))
        table.removeRow(row)
        table.setFocus(Qt.FocusReason.OtherFocusReason)
        self._enable_finding_buttons()

    def _enable_finding_buttons(self) -> None:
        row = self.ui.findingsTable.currentRow()
        self.ui.deleteFindingButton.setEnabled(
            not self.read_only and row >= 0 and self._row_id(row) is not None
        )

    def _commit_open_editor(self) -> None:
        """Take what is typed in a cell still being edited, as leaving the cell would."""
        table = self.ui.findingsTable
        editor = table.indexWidget(table.currentIndex())
        if editor is not None:
            delegate = table.itemDelegate()
            delegate.commitData.emit(editor)
            delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    # People, pre-read, plan and invitation ---------------------------------------------------

    def _details_typed(self, field: str, *, at_once: bool = False) -> None:
        """Note which detail the person changed; write it after a pause (or at once)."""
        if self._filling:
            return
        self._edited.add(field)
        self._show_participant_count()
        if at_once:
            self._save_details()
        else:
            self._save_timer.start()

    def _shown_details(self) -> dict[str, object]:
        """The details as the widgets show them, by Session field."""
        ui = self.ui
        return {
            "facilitator": ui.prepFacilitatorEdit.text(),
            "note_taker": ui.prepNoteTakerEdit.text(),
            "meeting_date": day_of(ui.prepDateEdit.date()),
            "participants": ui.participantsEdit.toPlainText(),
            "preread_title": ui.prereadTitleEdit.text(),
            "preread_where": ui.prereadWhereEdit.text(),
            "plan": Plan.IMPROVE if ui.improveRadio.isChecked() else Plan.IMPLEMENT,
        }

    def _save_details(self) -> None:
        """Write the details the person changed; regenerate an invitation nobody has edited.

        Only changed fields are compared and written: a text box may show stored text slightly
        differently (a carriage return, say), and merely opening a session must not rewrite it.
        """
        self._save_timer.stop()
        session = self.session
        if self._filling or session is None or self.read_only or not self._edited:
            return
        edited, self._edited = self._edited, set()
        shown = self._shown_details()
        changes = {name: shown[name] for name in edited - {"invitation"}
                   if getattr(session, name) != shown[name]}
        if "invitation" in edited:
            text = self.ui.invitationEdit.toPlainText()
            as_generated = text == generated_invitation(session, self.playbook)
            invitation = "" if as_generated or not text.strip() else text
            if invitation != session.invitation:
                changes["invitation"] = invitation
        if not changes:
            return
        self.session = replace(session, **changes)
        for name, value in changes.items():
            self.writes.write(("session", name), self._session_writer(session.id, name, value))
        if not self.session.invitation and set(changes) - {"invitation"}:
            with self._showing():
                self.ui.invitationEdit.set_text(generated_invitation(self.session, self.playbook))
        self._show_invitation_state()

    def _session_writer(self, session_id: int, name: str, value: object) -> Callable[[], object]:
        """A write of one detail, with its value fixed now (a retry writes this value)."""
        return lambda: self.store.update_session(session_id, **{name: value})

    def reset_invitation(self) -> None:
        """Throw away the facilitator's changes and show the text written from the details."""
        if self.session is None or self.read_only:
            return
        self._save_details()
        with self._showing():
            self.ui.invitationEdit.set_text(generated_invitation(self.session, self.playbook))
        self._edited.add("invitation")
        self._save_details()
        self.ui.invitationEdit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_invitation_state(self) -> None:
        edited = self.session is not None and bool(self.session.invitation)
        self.ui.invitationStateLabel.setText(
            "This is your own version: changes to the details no longer update it." if edited
            else "Written from the details on the other tabs, and updated when they change — "
                 "until you edit it."
        )
        self.ui.resetInvitationButton.setEnabled(edited and not self.read_only)

    def _show_participant_count(self) -> None:
        names = [line for line in self.ui.participantsEdit.toPlainText().split("\n")
                 if line.strip()]
        self.ui.participantsCountLabel.setText(
            f"{len(names)} {'person' if len(names) == 1 else 'people'}" if names else ""
        )

    def invitation(self) -> str:
        """The invitation exactly as it is shown, edits included."""
        return self.ui.invitationEdit.toPlainText()

    def copy_invitation(self) -> None:
        """One click puts the whole invitation on the clipboard, ready for an e-mail."""
        self.flush()
        QGuiApplication.clipboard().setText(self.invitation())
        self.ui.copyStateLabel.setText("Copied — paste it into your e-mail.")
        self._copied_timer.start()

    def _export_invitation(self) -> None:
        self.flush()
        self.exportInvitationRequested.emit(self.invitation())

    def _start_meeting(self) -> None:
        self.flush()
        self.startMeetingRequested.emit()

    # Writing and messages --------------------------------------------------------------------

    @contextmanager
    def _showing(self) -> Iterator[None]:
        """Widgets changed here show stored values; their change signals are not edits."""
        before, self._filling = self._filling, True
        try:
            yield
        finally:
            self._filling = before

    def flush(self) -> bool:
        """Save any edit still being typed or waiting; False if the disk has not taken it yet."""
        if self.session is not None and not self.read_only:
            self._commit_open_editor()
            self.agenda_editor.flush()
            self._save_details()
        return self.writes.save_waiting()

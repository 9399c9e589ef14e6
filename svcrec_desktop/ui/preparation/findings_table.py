"""The preparation's findings table: the complaint themes the review found, each with its
count, source, period and an example, typed in or imported from a CSV file.

A cell's change is handed to the page's write queue at once. Imported themes the disk refuses
are shown anyway, in italics and not editable, and stored as soon as the disk allows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from itertools import count

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QToolTip,
    QWidget,
)

from svcrec_desktop.domain.model import FINDING_SOURCES, Finding, counted
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.ui.dates import shown_date
from svcrec_desktop.ui.shortcuts import THEME_ADD, THEME_DELETE, bind
from svcrec_desktop.ui.widgets import MAX_TEXT, TOOLTIP_CHARS, Filling, OptionalDateEdit
from svcrec_desktop.ui.write_queue import WriteQueue

MAX_COUNT = 1_000_000
# Typing on a cell, F2, a double click or a click on the selected cell starts editing it.
EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.SelectedClicked
)

# The columns, as the Finding fields they show.
COLUMNS = ("theme", "count", "source", "period_start", "period_end", "example")
DATE_COLUMNS = ("period_start", "period_end")
COLUMN_CHARS = (24, 10, 19, 14, 14)  # widths in average characters; the example takes the rest
ROW_LINES = 2  # a long example shows its first two lines; hovering shows the rest
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


class FindingsTable(QObject):
    """The findings tab of the preparation page's form (ui): the table, its Add, Delete and
    Import buttons, and every change to the findings of the session shown."""

    failed = Signal(str)
    informed = Signal(str)  # themes were added from a file
    importRequested = Signal()

    def __init__(self, page: QWidget, form, store: Store, writes: WriteQueue,
                 flush_page: Callable[[], object]) -> None:
        super().__init__(page)
        self._page = page  # the parent of the question before a theme is deleted
        self.ui = form
        self.store = store
        self.writes = writes
        self._flush_page = flush_page  # what is typed elsewhere goes first, then a new theme
        self.session_id: int | None = None
        self.read_only = False
        self._filling = Filling()  # while stored values are shown, changes are not edits
        # Imported themes the disk refused: batch number -> (session id, themes).
        self._waiting_imports: dict[int, tuple[int, list[dict]]] = {}
        self._batches = count()
        table = form.findingsTable
        table.setItemDelegate(FindingDelegate(table))
        table.installEventFilter(self)  # its sizes follow its text size (the window's zoom)
        self._fit_findings_table()
        table.itemChanged.connect(self._finding_edited)
        table.itemSelectionChanged.connect(self._enable_finding_buttons)
        form.addFindingButton.clicked.connect(self.add_finding)
        form.deleteFindingButton.clicked.connect(self.delete_selected_finding)
        form.importFindingsButton.clicked.connect(self.importRequested)
        bind(THEME_ADD, form.findingsTab, self.add_finding,
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

    def open_session(self, session_id: int, findings: list[Finding]) -> None:
        """Show a session's findings as stored."""
        self.session_id = session_id
        self._fill_findings(session_id, findings)

    def close_session(self) -> None:
        self.session_id = None

    def set_read_only(self, read_only: bool) -> None:
        """A done session: the themes can be read and copied, not changed."""
        self.read_only = read_only
        for button in (self.ui.addFindingButton, self.ui.importFindingsButton):
            button.setEnabled(not read_only)
        self.ui.findingsTable.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers if read_only else EDIT_TRIGGERS
        )
        self._enable_finding_buttons()

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
        with self._filling.held():
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
        with self._filling.held():
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
        if self._filling or self.session_id is None:
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
                    lambda: self.store.findings.update(finding_id, **{field: value}))

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
        if self.session_id is None or self.read_only:
            return
        self._flush_page()
        values = self._new_finding()
        try:
            (finding,) = self.store.findings.add(self.session_id, [values])
        except StorageError as exc:
            self.failed.emit(f"{exc} The new theme was not added; try again in a moment.")
            return
        table = self.ui.findingsTable
        self.ui.sectionTabs.setCurrentWidget(self.ui.findingsTab)
        row = self._append_row(values | {"id": finding.id})
        table.setCurrentCell(row, COLUMNS.index("theme"))
        table.setFocus(Qt.FocusReason.OtherFocusReason)
        table.editItem(table.item(row, COLUMNS.index("theme")))

    def add_imported(self, themes: list[dict]) -> None:
        """Append themes counted by the CSV import (dicts as store.findings.add takes them).

        If the disk refuses them they are shown anyway, in italics, and stored as soon as the
        disk allows: the facilitator's counting work is never thrown away.
        """
        if self.session_id is None or not themes:
            return
        themes = [dict(theme) for theme in themes]
        session_id, batch = self.session_id, next(self._batches)
        self._waiting_imports[batch] = (session_id, themes)
        for index, theme in enumerate(themes):
            self._append_row(theme | {"id": None, "waiting": (batch, index)})

        def store_them() -> None:
            stored = self.store.findings.add(session_id, themes)
            del self._waiting_imports[batch]
            table = self.ui.findingsTable
            for row in range(table.rowCount()):
                waiting = table.item(row, 0).data(WAITING_ROLE)
                if waiting is not None and waiting[0] == batch:
                    self._mark_row(row, stored[waiting[1]].id)

        self.ui.sectionTabs.setCurrentWidget(self.ui.findingsTab)
        if self.writes.write(("import", batch), store_them):
            added = len(themes)
            self.informed.emit(f"{counted(added, 'theme')} added from the file.")

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
                          parent=self._page)
        box.setInformativeText("Its count and example are deleted with it.")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(delete)
        box.exec()
        if box.clickedButton() is not delete:
            table.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            self.store.findings.delete(finding_id)
        except StorageError as exc:
            self.failed.emit(f"{exc} The theme was not deleted.")
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

    def commit_open_editor(self) -> None:
        """Take what is typed in a cell still being edited, as leaving the cell would."""
        table = self.ui.findingsTable
        editor = table.indexWidget(table.currentIndex())
        if editor is not None:
            delegate = table.itemDelegate()
            delegate.commitData.emit(editor)
            delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)

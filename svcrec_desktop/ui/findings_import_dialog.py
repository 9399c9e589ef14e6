"""Count themes in a CSV export of patient comments or incident reports (phase 0 of the method).

The dialog only reads a file and gathers the facilitator's themes; the caller stores what
``imported()`` returns once the dialog is accepted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSignalBlocker,
    QStringListModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QCompleter,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from svcrec_desktop.findings_csv import (
    SOURCES,
    Comment,
    CsvProblem,
    ImportedFindings,
    Table,
    ThemeCount,
    comments,
    count_themes,
    guess_columns,
    period_guess,
    read_table,
)
from svcrec_desktop.shown_text import visible_text
from svcrec_desktop.ui.forms import load_form

ROW, DATE, TEXT, THEME = range(4)
NO_DATE_COLUMN = "(no date column)"
FILE_FILTER = "Exported comments (*.csv *.CSV *.tsv *.txt);;All files (*)"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Role = Qt.ItemDataRole
Key = Qt.Key
ENDING_KEYS = (
    Key.Key_Return, Key.Key_Enter, Key.Key_Down, Key.Key_Up, Key.Key_Tab, Key.Key_Backtab
)
Index = QModelIndex | QPersistentModelIndex
TOP = QModelIndex()  # the parent of a table's rows


def one_line(text: str) -> str:
    """A comment on one table line, its line breaks and control characters made visible."""
    return visible_text(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", " ↵ ")


class _TableModel(QAbstractTableModel):
    """Rows for a view that asks only for what it shows, so 20,000 rows cost one reset."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = TOP) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = TOP) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole
    ) -> str | None:
        horizontal = orientation == Qt.Orientation.Horizontal
        return self.HEADERS[section] if horizontal and role == Role.DisplayRole else None


class CommentsModel(_TableModel):
    """The comments of the period; the theme column is editable and remembered by file row,
    so a theme survives a change of period or of comment column."""

    HEADERS = ("Row", "Date", "Comment", "Theme")
    theme_changed = Signal()
    items: list[Comment]

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.themes: dict[int, str] = {}

    def tagged(self) -> list[tuple[Comment, str]]:
        return [(comment, self.themes.get(comment.row, "")) for comment in self.items]

    def data(self, index: Index, role: int = Role.DisplayRole) -> str | Qt.AlignmentFlag | None:
        comment = self.items[index.row()]
        column = index.column()
        if role in (Role.DisplayRole, Role.EditRole):
            if column == ROW:
                return str(comment.row)
            if column == DATE:
                return f"{comment.date:%d %b %Y}" if comment.date else ""
            if column == TEXT:
                return one_line(comment.text)
            return self.themes.get(comment.row, "")
        if role == Role.ToolTipRole and column == TEXT:
            return visible_text(comment.text)
        if role == Role.TextAlignmentRole and column == ROW:
            return RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == THEME else flags

    def setData(self, index: Index, value: Any, role: int = Role.EditRole) -> bool:
        if index.column() != THEME or role != Role.EditRole:
            return False
        self.themes[self.items[index.row()].row] = str(value)
        self.dataChanged.emit(index, index)
        self.theme_changed.emit()
        return True


class CountsModel(_TableModel):
    """Each theme with its count and an example comment."""

    HEADERS = ("Theme", "Count", "Example")
    items: list[ThemeCount]

    def data(self, index: Index, role: int = Role.DisplayRole) -> str | Qt.AlignmentFlag | None:
        count = self.items[index.row()]
        column = index.column()
        if role == Role.DisplayRole:
            return (count.theme, str(count.count), one_line(count.example))[column]
        if role == Role.ToolTipRole and column == 2:
            return visible_text(count.example)
        if role == Role.TextAlignmentRole and column == 1:
            return RIGHT
        return None


class ThemeDelegate(QStyledItemDelegate):
    """Edits a theme in a box that completes the themes already used as you type.

    Enter, the arrows and Tab end the edit and are reported through ``finished`` so that the
    dialog decides where to go next: Qt's own choice for Enter would reach the dialog's
    default button, and for Tab would wander to the next cell.
    """

    finished = Signal(int)  # the Qt.Key that ended the edit

    def __init__(self, themes: QStringListModel, parent: QObject) -> None:
        super().__init__(parent)
        self._themes = themes
        # one completer serves every editor in turn (an editor lives for one edit)
        self._completer = QCompleter(themes, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setCompleter(self._completer)
        editor.setAccessibleName("Theme")
        return editor

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        """Save the theme spelled as it was first used, so "long waits" joins "Long waits"."""
        typed = " ".join(editor.text().split())
        known = {name.casefold(): name for name in self._themes.stringList()}
        model.setData(index, known.get(typed.casefold(), typed))

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in ENDING_KEYS:
                self.commitData.emit(editor)
                self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)
                self.finished.emit(key)
                return True
        return super().eventFilter(editor, event)


class FindingsImportDialog(QDialog):
    """Reads an exported file, lets the facilitator tag comments with themes, counts them.

    Accepted means "add these findings"; ``imported()`` gives them. A file that cannot be
    used is explained in the dialog's error line, and another file can be chosen.
    """

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "findings_import")
        self._path: Path | None = None
        self._table: Table | None = None
        self._comments = CommentsModel(self)
        self._counts = CountsModel(self)
        self._theme_names = QStringListModel(self)
        for source in SOURCES:
            self.ui.sourceCombo.addItem(source.capitalize(), source)
        self._set_up_views()
        self.ui.chooseButton.clicked.connect(self.choose_file)
        self.ui.commentCombo.currentIndexChanged.connect(self._refresh)
        self.ui.dateCombo.currentIndexChanged.connect(self._date_column_changed)
        self.ui.dayFirstCheck.toggled.connect(self._refresh)
        self.ui.startEdit.dateChanged.connect(self._refresh)
        self.ui.endEdit.dateChanged.connect(self._refresh)
        self.ui.errorLabel.hide()
        self.ui.warningLabel.hide()
        self._enable_choices(False)
        self._recount()
        if path is None:
            self.ui.chooseButton.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.open_file(path)

    def _set_up_views(self) -> None:
        table: QTableView = self.ui.commentTable
        table.setModel(self._comments)
        delegate = ThemeDelegate(self._theme_names, table)
        delegate.finished.connect(self._after_edit)
        table.setItemDelegateForColumn(THEME, delegate)
        header = table.horizontalHeader()
        for column in (ROW, DATE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(THEME, 240)
        table.selectionModel().currentChanged.connect(self._keep_on_theme)
        table.installEventFilter(self)
        self._comments.theme_changed.connect(self._recount)
        self.ui.countsList.setModel(self._counts)
        counts_header = self.ui.countsList.horizontalHeader()
        for column in (0, 1):
            counts_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def choose_file(self) -> None:
        folder = str(self._path.parent) if self._path else ""
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose the exported comments", folder, FILE_FILTER
        )
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        """Read the file and guess its columns; a file that cannot be used is explained."""
        self._path = path
        self.ui.fileLabel.setText(path.name)
        self.ui.fileLabel.setToolTip(str(path))
        self._comments.themes.clear()
        try:
            table = read_table(path)
        except CsvProblem as problem:
            self._table = None
            self.ui.errorLabel.setText(str(problem))
            self.ui.errorLabel.show()
            self.ui.warningLabel.hide()
            self.ui.summaryLabel.clear()
            self._fill_columns([])
            self._enable_choices(False)
            self._show([], "")
            self.ui.chooseButton.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self._table = table
        self.ui.errorLabel.hide()
        self.ui.summaryLabel.setText(table.summary())
        self.ui.warningLabel.setText("\n".join(table.warnings))
        self.ui.warningLabel.setVisible(bool(table.warnings))
        comment_col, date_col = guess_columns(table)
        self._fill_columns(table.headers)
        with QSignalBlocker(self.ui.commentCombo), QSignalBlocker(self.ui.dateCombo):
            self.ui.commentCombo.setCurrentIndex(comment_col if comment_col is not None else 0)
            self.ui.dateCombo.setCurrentIndex(0 if date_col is None else date_col + 1)
        self._enable_choices(True)
        self._date_column_changed()
        self.ui.commentCombo.setFocus(Qt.FocusReason.OtherFocusReason)

    def imported(self) -> ImportedFindings:
        """The themes counted in the period, ready to be stored as findings."""
        dated = self._date_col() is not None
        return ImportedFindings(
            source=self.ui.sourceCombo.currentData(),
            period_start=self._start() if dated else None,
            period_end=self._end() if dated else None,
            themes=tuple(self._counts.items),
        )

    def _fill_columns(self, headers: list[str]) -> None:
        with QSignalBlocker(self.ui.commentCombo), QSignalBlocker(self.ui.dateCombo):
            self.ui.commentCombo.clear()
            self.ui.commentCombo.addItems(headers)
            self.ui.dateCombo.clear()
            self.ui.dateCombo.addItems([NO_DATE_COLUMN, *headers])

    def _enable_choices(self, enabled: bool) -> None:
        for widget in (self.ui.commentCombo, self.ui.dateCombo, self.ui.sourceCombo,
                       self.ui.commentTable, self.ui.countsList):
            widget.setEnabled(enabled)
        self._enable_period()

    def _enable_period(self) -> None:
        dated = self._date_col() is not None
        for widget in (self.ui.dayFirstCheck, self.ui.startEdit, self.ui.endEdit):
            widget.setEnabled(dated)

    def _date_col(self) -> int | None:
        index = self.ui.dateCombo.currentIndex()
        return index - 1 if index > 0 else None

    def _start(self) -> date:
        return self.ui.startEdit.date().toPython()

    def _end(self) -> date:
        return self.ui.endEdit.date().toPython()

    def _date_column_changed(self) -> None:
        """A new date column: guess its day order and suggest the 12 months up to its end."""
        table, date_col = self._table, self._date_col()
        self._enable_period()
        if table is not None and date_col is not None:
            day_first, start, end = period_guess(table, date_col, date.today())
            with QSignalBlocker(self.ui.dayFirstCheck), QSignalBlocker(self.ui.startEdit), \
                    QSignalBlocker(self.ui.endEdit):
                self.ui.dayFirstCheck.setChecked(day_first)
                self.ui.startEdit.setDate(start)
                self.ui.endEdit.setDate(end)
        self._refresh()

    def _refresh(self) -> None:
        """Show the comments of the chosen column and period, with the themes typed so far."""
        if self._table is None:
            return
        date_col = self._date_col()
        dated = date_col is not None
        selection = comments(
            self._table, self.ui.commentCombo.currentIndex(), date_col,
            self._start() if dated else None, self._end() if dated else None,
            self.ui.dayFirstCheck.isChecked(),
        )
        left_out = selection.left_out_summary()
        if dated and self._start() > self._end():
            left_out = "The period ends before it starts: change the dates. " + left_out
        self._show(selection.comments, left_out)

    def _show(self, shown: list[Comment], left_out: str) -> None:
        self._comments.set_items(shown)
        if shown:
            self.ui.commentTable.setCurrentIndex(self._comments.index(0, THEME))
        self.ui.leftOutLabel.setText(left_out)
        self._recount()

    def _recount(self) -> None:
        """Count the themes of the comments shown, and offer them to the theme editor."""
        self._counts.set_items(count_themes(self._comments.tagged()))
        self._theme_names.setStringList([count.theme for count in self._counts.items])
        self.ui.addButton.setEnabled(bool(self._counts.items))

    def _keep_on_theme(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """The current cell is always a theme, so typing on any row edits its theme."""
        if current.isValid() and current.column() != THEME:
            self.ui.commentTable.setCurrentIndex(current.siblingAtColumn(THEME))

    def _after_edit(self, key: int) -> None:
        if key == Key.Key_Tab:
            self.focusNextChild()
        elif key == Key.Key_Backtab:
            self.focusPreviousChild()
        else:
            self._move(-1 if key == Key.Key_Up else 1)

    def _move(self, step: int) -> None:
        table: QTableView = self.ui.commentTable
        last = self._comments.rowCount() - 1
        row = min(max(table.currentIndex().row() + step, 0), last)
        table.setCurrentIndex(self._comments.index(row, THEME))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the table, Enter goes to the next comment (it would otherwise accept the
        dialog) and Delete or Backspace clears the theme."""
        if watched is self.ui.commentTable and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Key.Key_Return, Key.Key_Enter):
                self._move(1)
                return True
            if event.key() in (Key.Key_Delete, Key.Key_Backspace):
                self._comments.setData(self.ui.commentTable.currentIndex(), "")
                return True
        return super().eventFilter(watched, event)

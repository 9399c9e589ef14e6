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

from svcrec_desktop.domain.shown_text import visible_text
from svcrec_desktop.files.findings_csv import (
    SOURCES,
    Comment,
    CsvProblem,
    DateOrder,
    ImportedFindings,
    Table,
    ThemeCount,
    column_date_order,
    comments,
    count_themes,
    guess_columns,
    guess_theme_column,
    period_guess,
    read_table,
    themes_by_row,
)
from svcrec_desktop.ui.dates import DAY_FIRST, date_format, shown_date
from svcrec_desktop.ui.forms import load_form

ROW, DATE, TEXT, THEME = range(4)
NO_DATE_COLUMN = "(no date column)"
NO_THEME_COLUMN = "(none: type the themes below)"
AFTER_TODAY = " (after today)"  # beside a date no comment can have yet
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
        self.today = date.today()  # a date after it is marked, to be checked

    def tagged(self) -> list[tuple[Comment, str]]:
        return [(comment, self.themes.get(comment.row, "")) for comment in self.items]

    def data(self, index: Index, role: int = Role.DisplayRole) -> str | Qt.AlignmentFlag | None:
        comment = self.items[index.row()]
        column = index.column()
        if role in (Role.DisplayRole, Role.EditRole):
            if column == ROW:
                return str(comment.row)
            if column == DATE and comment.date is not None:
                later = comment.date > self.today
                return shown_date(comment.date) + (AFTER_TODAY if later else "")
            if column == DATE:
                return ""
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

    HEADERS = ("Theme", "Count", "Example comment, word for word")
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
        self._offered: dict[int, str] = {}  # the themes the theme column gave, by file row
        self._comments = CommentsModel(self)
        self._counts = CountsModel(self)
        self._theme_names = QStringListModel(self)
        for source in SOURCES:
            self.ui.sourceCombo.addItem(source.capitalize(), source)
        self._set_up_views()
        self.ui.chooseButton.clicked.connect(self.choose_file)
        self.ui.commentCombo.currentIndexChanged.connect(self._refresh)
        self.ui.themeCombo.currentIndexChanged.connect(self._theme_column_changed)
        self.ui.dateCombo.currentIndexChanged.connect(self._date_column_changed)
        self.ui.dateOrderCombo.currentIndexChanged.connect(self._refresh)
        self.ui.dateOrderCombo.activated.connect(self.ui.dateOrderQuestionLabel.hide)
        self.ui.startEdit.dateChanged.connect(self._refresh)
        self.ui.endEdit.dateChanged.connect(self._refresh)
        self.ui.errorLabel.hide()
        self.ui.warningLabel.hide()
        self.ui.dateOrderQuestionLabel.hide()
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
        self._offered = {}
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
        theme_col = guess_theme_column(table, (comment_col, date_col))
        self._fill_columns(table.headers)
        with QSignalBlocker(self.ui.commentCombo), QSignalBlocker(self.ui.dateCombo), \
                QSignalBlocker(self.ui.themeCombo):
            self.ui.commentCombo.setCurrentIndex(comment_col if comment_col is not None else 0)
            self.ui.dateCombo.setCurrentIndex(0 if date_col is None else date_col + 1)
            self.ui.themeCombo.setCurrentIndex(0 if theme_col is None else theme_col + 1)
        self._enable_choices(True)
        self._offer_themes()
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
        with QSignalBlocker(self.ui.commentCombo), QSignalBlocker(self.ui.dateCombo), \
                QSignalBlocker(self.ui.themeCombo):
            self.ui.commentCombo.clear()
            self.ui.commentCombo.addItems(headers)
            self.ui.themeCombo.clear()
            self.ui.themeCombo.addItems([NO_THEME_COLUMN, *headers])
            self.ui.dateCombo.clear()
            self.ui.dateCombo.addItems([NO_DATE_COLUMN, *headers])

    def _enable_choices(self, enabled: bool) -> None:
        for widget in (self.ui.commentCombo, self.ui.themeCombo, self.ui.dateCombo,
                       self.ui.sourceCombo, self.ui.commentTable, self.ui.countsList):
            widget.setEnabled(enabled)
        self._enable_period()

    def _enable_period(self) -> None:
        dated = self._date_col() is not None
        for widget in (self.ui.dateOrderCombo, self.ui.startEdit, self.ui.endEdit):
            widget.setEnabled(dated)

    def _date_col(self) -> int | None:
        index = self.ui.dateCombo.currentIndex()
        return index - 1 if index > 0 else None

    def _theme_col(self) -> int | None:
        index = self.ui.themeCombo.currentIndex()
        return index - 1 if index > 0 else None

    def _day_first(self) -> bool:
        return self.ui.dateOrderCombo.currentIndex() == 0

    def _theme_column_changed(self) -> None:
        self._offer_themes()
        self._refresh()

    def _offer_themes(self) -> None:
        """Fill the themes from the chosen theme column. A theme the person typed stays
        theirs; the themes an earlier column gave go, unless the person changed them."""
        themes = self._comments.themes
        for row, theme in self._offered.items():
            if themes.get(row) == theme:
                del themes[row]
        column = self._theme_col()
        self._offered = ({} if self._table is None or column is None
                         else themes_by_row(self._table, column))
        for row, theme in self._offered.items():
            themes.setdefault(row, theme)

    def _start(self) -> date:
        return self.ui.startEdit.date().toPython()

    def _end(self) -> date:
        return self.ui.endEdit.date().toPython()

    def _date_column_changed(self) -> None:
        """A new date column: its day order (asked about when its dates read both ways,
        the computer's region answering until then) and the 12 months up to its end."""
        table, date_col = self._table, self._date_col()
        self._enable_period()
        order = DateOrder(False, True, "")
        if table is not None and date_col is not None:
            order = column_date_order(table, date_col)
            day_first = order.day_first if order.known else date_format() == DAY_FIRST
            _, start, end = period_guess(table, date_col, date.today(), day_first)
            with QSignalBlocker(self.ui.dateOrderCombo), QSignalBlocker(self.ui.startEdit), \
                    QSignalBlocker(self.ui.endEdit):
                self._offer_date_orders(order)
                self.ui.dateOrderCombo.setCurrentIndex(0 if day_first else 1)
                self.ui.startEdit.setDate(start)
                self.ui.endEdit.setDate(end)
        self._ask_date_order(order)
        self._refresh()

    def _offer_date_orders(self, order: DateOrder) -> None:
        """Day first, then month first, each showing how it reads a date of the file."""
        combo = self.ui.dateOrderCombo
        combo.clear()
        readings = order.readings() if order.example else (None, None)
        for words, day in zip(("Day first", "Month first"), readings, strict=True):
            if not order.example:
                combo.addItem(words)
            else:
                read = shown_date(day) if day is not None else "not a date"
                combo.addItem(f"{words}: {order.example} is {read}")

    def _ask_date_order(self, order: DateOrder) -> None:
        """Say so when nothing in the file tells whether the day or the month comes first."""
        question = self.ui.dateOrderQuestionLabel
        question.setVisible(not order.known)
        if not order.known:
            day, month = (shown_date(read) for read in order.readings() if read is not None)
            question.setText(f"No date in this file says whether {order.example} is {day} or "
                             f"{month}: check the date order.")

    def _refresh(self) -> None:
        """Show the comments of the chosen column and period, with the themes typed so far."""
        if self._table is None:
            return
        date_col = self._date_col()
        dated = date_col is not None
        self._comments.today = date.today()
        selection = comments(
            self._table, self.ui.commentCombo.currentIndex(), date_col,
            self._start() if dated else None, self._end() if dated else None,
            self._day_first(), self._comments.today,
        )
        said = [selection.left_out_summary(), selection.future_summary()]
        if dated and self._start() > self._end():
            said.insert(0, "The period ends before it starts: change the dates.")
        self._show(selection.comments, " ".join(filter(None, said)))

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

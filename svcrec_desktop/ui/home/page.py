"""The home view: every session with where it stands, and one search through all their notes."""

from __future__ import annotations

import math
import unicodedata
from datetime import date, datetime, timedelta
from enum import Enum
from html import escape

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QShowEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidgetItem,
    QWidget,
)

from svcrec_desktop.domain.model import Session, counted
from svcrec_desktop.domain.playbook import Playbook
from svcrec_desktop.domain.shown_text import one_line
from svcrec_desktop.store.backups import rewrite_backups
from svcrec_desktop.store.database import SessionNotFound, StorageError, Store
from svcrec_desktop.store.search import MARK_END, MARK_START, SearchHit
from svcrec_desktop.ui.asking import ask
from svcrec_desktop.ui.banner import BannerMixin
from svcrec_desktop.ui.dates import shown_date
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.home import PREPARATION
from svcrec_desktop.ui.home.name_prompt import ask_name
from svcrec_desktop.ui.shortcuts import SESSION_DELETE, SESSION_RENAME, bind

# The step openRequested carries for a finding: the main window opens the session's preparation.
SEARCH_DELAY_MS = 200  # search once typing pauses, not at every key
SEARCH_LIMIT = 200
HIT_ROLE = Qt.ItemDataRole.UserRole  # the SearchHit behind a result
HTML_ROLE = Qt.ItemDataRole.UserRole + 1  # a result as HTML; DisplayRole keeps plain text
ITEM_MARGIN = 8  # pixels around each search result
FSI, PDI = "\u2068", "\u2069"  # keep right-to-left text from reordering what is around it
REVIEW_DUE = "review due"  # after the phase, once a guide's next review date has passed
NO_MEETING2_DATE = "not set yet"  # meeting 2's column before its date is agreed
PHASE_COLUMN, CHANGED_COLUMN = 3, 4


class View(Enum):
    """Which sessions the list shows."""

    ACTIVE = "active"
    ARCHIVED = "archived"
    BIN = "bin"


def display_text(text: str) -> str:
    """Text fit for one line of the list: control characters go (line breaks and tabs become
    spaces) and halves of broken surrogate pairs, which Qt cannot draw, become U+FFFD."""
    shown = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc":
            if char.isspace():
                shown.append(" ")
        elif category == "Cs":
            shown.append("\ufffd")
        else:
            shown.append(char)
    return "".join(shown)


def snippet_html(snippet: str) -> str:
    """A search snippet as HTML with the matched words in bold.

    The note's text is escaped before the match marks become tags, so nothing anyone typed
    can turn into markup; the marks are control characters, so they go before the others.
    """
    marked = escape(snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")
    return display_text(marked)


def when_changed(moment: datetime) -> str:
    """A change time as people say it: "today 14:05", "yesterday 09:30", else its date."""
    local = moment.astimezone()
    day, today = local.date(), date.today()
    if day == today:
        return f"today {local:%H:%M}"
    if day == today - timedelta(days=1):
        return f"yesterday {local:%H:%M}"
    return shown_date(day)


def review_due(session: Session, today: date) -> bool:
    """The guide's next review date has come (on the day itself too) or passed."""
    return session.next_review is not None and session.next_review <= today


def quoted(department: str) -> str:
    """A department's name inside a sentence: on one line, its control characters shown."""
    return f"“{one_line(department)}”"


class RichTextDelegate(QStyledItemDelegate):
    """Draws each item's HTML_ROLE markup wrapped to the list's width.

    A list widget only draws plain text; this keeps the matched words bold while the plain
    text stays in the item for screen readers.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view

    @staticmethod
    def _document(option: QStyleOptionViewItem, index: QModelIndex, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(ITEM_MARGIN)
        document.setHtml(index.data(HTML_ROLE) or "")
        document.setTextWidth(width)
        return document

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        document = self._document(item, index, item.rect.width())
        item.text = ""  # the style draws background and selection; the document the text
        style = item.widget.style() if item.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)
        selected = bool(item.state & QStyle.StateFlag.State_Selected)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, item.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ))
        painter.save()
        painter.translate(item.rect.topLeft())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex,
    ) -> QSize:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        width = self._view.viewport().width()
        document = self._document(item, index, width)
        return QSize(width, math.ceil(document.size().height()))


class HomePage(BannerMixin, QWidget):
    """Lists the sessions (active, archived or in the bin), acts on them, and searches them all.

    Every change goes through the store and the list is read back from it, so what the
    person sees is what is saved.
    """

    newRequested = Signal()
    # (session id, step): step "" opens the session where it was left, a meeting step id
    # opens that step (a note found by the search), PREPARATION its preparation (a finding).
    openRequested = Signal(int, str)
    # Sessions were renamed, added, archived, binned, restored or deleted for good here; the
    # window checks that the session it has open still exists and is not in the bin.
    sessionsChanged = Signal()

    def __init__(self, store: Store, playbook: Playbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "home")
        self.store = store
        self.playbook = playbook
        self.view = View.ACTIVE
        self._shown: list[Session] = []  # the table's rows, in order
        self._counts = dict.fromkeys(View, 0)
        self._archived: set[int] = set()  # ids, to mark search results from archived sessions
        self._view_buttons: dict[View, QPushButton] = {
            View.ACTIVE: self.ui.activeViewButton,
            View.ARCHIVED: self.ui.archivedViewButton,
            View.BIN: self.ui.binViewButton,
        }
        self._view_labels = {view: button.text() for view, button in self._view_buttons.items()}
        for view, button in self._view_buttons.items():
            button.clicked.connect(lambda _checked=False, view=view: self.show_view(view))
        table = self.ui.sessionTable
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        table.itemActivated.connect(self.open_selected)
        table.itemSelectionChanged.connect(self._update_buttons)
        bind(SESSION_RENAME, table, self.rename_selected)
        bind(SESSION_DELETE, table, self.delete_selected)
        self.ui.newSessionButton.clicked.connect(self.newRequested)
        self.ui.openButton.clicked.connect(self.open_selected)
        self.ui.renameButton.clicked.connect(self.rename_selected)
        self.ui.duplicateButton.clicked.connect(self.duplicate_selected)
        self.ui.archiveButton.clicked.connect(self.toggle_archive_selected)
        self.ui.deleteButton.clicked.connect(self.delete_selected)
        self.ui.restoreButton.clicked.connect(self.restore_selected)
        self.ui.emptyBinButton.clicked.connect(self.empty_bin)
        results = self.ui.resultList
        results.setItemDelegate(RichTextDelegate(results))
        results.itemActivated.connect(self._open_hit)
        results.installEventFilter(self)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self.ui.searchEdit.textChanged.connect(self._search_edited)
        self.ui.searchEdit.installEventFilter(self)
        self._set_up_banner()

    # The list ---------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Read the list whenever the page comes up, so it shows changes made on other pages."""
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def refresh(self) -> bool:
        """Reload from the store, keeping the selected session selected (else its row).

        False when the store cannot be read; the message on the page says why.
        """
        keep = self.selected_session()
        row = self.ui.sessionTable.currentRow()
        try:
            found = {
                view: self.store.sessions.all(archived=view is View.ARCHIVED,
                                              in_bin=view is View.BIN)
                for view in View
            }
        except StorageError as exc:
            self.show_error(str(exc))
            return False
        self._counts = {view: len(sessions) for view, sessions in found.items()}
        self._archived = {s.id for s in found[View.ARCHIVED]}
        for view, button in self._view_buttons.items():
            button.setText(f"{self._view_labels[view]} ({self._counts[view]})")
        self._fill_table(found[self.view], keep.id if keep else None, row)
        if self.ui.searchEdit.text().strip():
            self.run_search()
        else:
            self._show_list()
        return True

    def _fill_table(self, sessions: list[Session], keep: int | None, row: int) -> None:
        table = self.ui.sessionTable
        self._shown = sessions
        header = table.horizontalHeader()
        # Fitting columns to their contents after every cell costs a whole pass each time
        # (seconds for a long list): fix them while filling, fit once at the end.
        fitted = [column for column in range(1, table.columnCount())
                  if header.sectionResizeMode(column) == QHeaderView.ResizeMode.ResizeToContents]
        for column in fitted:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        table.setRowCount(len(sessions))
        today = date.today()
        for index, session in enumerate(sessions):
            due = review_due(session, today) and self.view is not View.BIN
            cells = (
                display_text(session.department), shown_date(session.meeting_date),
                shown_date(session.meeting2_date) if session.meeting2_date else NO_MEETING2_DATE,
                f"{session.phase.label} · {REVIEW_DUE}" if due else session.phase.label,
                when_changed(session.updated_at),
            )
            for column, text in enumerate(cells):
                table.setItem(index, column, QTableWidgetItem(text))
            changed = session.updated_at.astimezone()
            table.item(index, CHANGED_COLUMN).setToolTip(
                f"Changed on {shown_date(changed.date())} at {changed:%H:%M}")
            if due:
                self._mark_review_due(index, session)
        for column in fitted:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        ids = [s.id for s in sessions]
        if keep in ids:
            table.setCurrentCell(ids.index(keep), 0)
        elif ids:  # the row where the session was, so the next one is ready to act on
            table.setCurrentCell(min(max(row, 0), len(ids) - 1), 0)

    def _mark_review_due(self, row: int, session: Session) -> None:
        """Make a guide past its review date stand out, for the eye and for a screen reader."""
        assert session.next_review is not None
        said = (f"Review due: this guide was to be looked at again by "
                f"{shown_date(session.next_review)}.")
        phase = self.ui.sessionTable.item(row, PHASE_COLUMN)
        phase.setToolTip(said)
        phase.setData(Qt.ItemDataRole.AccessibleDescriptionRole, said)
        font = phase.font()
        font.setBold(True)
        phase.setFont(font)

    def _show_list(self) -> None:
        """The sessions table, or a sentence saying why it is empty."""
        if self._shown:
            self.ui.listStack.setCurrentWidget(self.ui.sessionsPage)
        else:
            self.ui.emptyLabel.setText(self._empty_text())
            self.ui.listStack.setCurrentWidget(self.ui.emptyPage)
        self._update_buttons()

    def _empty_text(self) -> str:
        if self.view is View.BIN:
            return "The bin is empty. Deleted sessions wait here until the bin is emptied."
        if self.view is View.ARCHIVED:
            return ("No archived sessions. Archive a finished session to keep this list short; "
                    "its notes can still be searched.")
        if any(self._counts.values()):
            return ("No active sessions — press Ctrl+N or New session to prepare one, or look "
                    "under Archived and Bin.")
        return "No sessions yet — press Ctrl+N or New session to prepare one."

    def show_view(self, view: View) -> None:
        """Show the active or archived sessions or the bin (leaving any search)."""
        self.view = view
        self._view_buttons[view].setChecked(True)
        self.ui.searchEdit.clear()
        self.refresh()

    def selected_session(self) -> Session | None:
        rows = self.ui.sessionTable.selectionModel().selectedRows()
        return self._shown[rows[0].row()] if rows and rows[0].row() < len(self._shown) else None

    def select_session(self, session_id: int) -> bool:
        """Show the view that holds this session and select it; False if there is none."""
        try:
            session = self.store.sessions.get(session_id)
        except SessionNotFound:
            return False
        except StorageError as exc:
            self.show_error(str(exc))
            return False
        view = (View.BIN if session.deleted_at else
                View.ARCHIVED if session.archived_at else View.ACTIVE)
        self.show_view(view)
        ids = [s.id for s in self._shown]
        if session_id not in ids:
            return False
        self.ui.sessionTable.setCurrentCell(ids.index(session_id), 0)
        return True

    def focus_list(self) -> None:
        """Put the keyboard in the sessions table, or on New session when there is none."""
        if self.ui.listStack.currentWidget() is self.ui.sessionsPage:
            self.ui.sessionTable.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.ui.newSessionButton.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_buttons(self) -> None:
        """Enable what applies to the selected session in this view; nothing while searching."""
        listing = self.ui.listStack.currentWidget() is not self.ui.resultsPage
        session = self.selected_session() if listing else None
        in_bin = self.view is View.BIN
        for button in (self.ui.openButton, self.ui.renameButton, self.ui.duplicateButton,
                       self.ui.archiveButton, self.ui.deleteButton):
            button.setEnabled(session is not None and not in_bin)
        self.ui.restoreButton.setEnabled(session is not None and in_bin)
        self.ui.emptyBinButton.setEnabled(listing and in_bin and self._counts[View.BIN] > 0)
        if self.view is View.ARCHIVED:
            self.ui.archiveButton.setText("Un&archive")
            self.ui.archiveButton.setToolTip("Bring the selected session back to the active list")
        else:
            self.ui.archiveButton.setText("&Archive")
            self.ui.archiveButton.setToolTip(
                "Put the selected session out of the way; it stays under Archived"
            )

    # Acting on the selected session ---------------------------------------------------------------

    def _target(self, button: QPushButton) -> Session | None:
        """The selected session, if the button's action applies to it now (keys and buttons
        share this, so a key never does what its disabled button would not)."""
        return self.selected_session() if button.isEnabled() else None

    def open_selected(self) -> None:
        session = self._target(self.ui.openButton)
        if session is not None:
            self.openRequested.emit(session.id, "")

    def rename_selected(self) -> None:
        session = self._target(self.ui.renameButton)
        if session is None:
            return
        name = ask_name(
            self, "Rename the session",
            "The department's name shows in this list, on every page of the session and in "
            "the title of its guide.",
            name=session.department, accept_text="Rename",
        )
        if name is None or name == session.department:
            return
        try:
            self.store.sessions.update(session.id, department=name)
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self._changed(f"Renamed to {quoted(name)}.")

    def duplicate_selected(self) -> None:
        source = self._target(self.ui.duplicateButton)
        if source is None:
            return
        name = ask_name(
            self, "Duplicate for another department",
            f"The new session starts from the preparation of {quoted(source.department)}: "
            "its facilitator, plan, pre-read and the due dates of its preparation tasks. "
            "The notes and findings stay with the original.",
            accept_text="Create the session",
        )
        if name is None:
            return
        try:
            copy = self.store.sessions.duplicate(
                source.id, name, first_step=self.playbook.meeting1[0].id
            )
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self._changed(
            f"{quoted(copy.department)} was created from the preparation of "
            f"{quoted(source.department)}.",
            select=copy.id,
        )

    def toggle_archive_selected(self) -> None:
        session = self._target(self.ui.archiveButton)
        if session is None:
            return
        archive = self.view is View.ACTIVE
        try:
            self.store.sessions.archive(session.id, archive)
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self._changed(
            f"{quoted(session.department)} was archived; it is under Archived and its notes "
            "can still be searched." if archive else
            f"{quoted(session.department)} is back among the active sessions."
        )

    def delete_selected(self) -> None:
        session = self._target(self.ui.deleteButton)
        if session is None or not self._confirm(
            "Move to the bin",
            f"Move {quoted(session.department)} to the bin? It can be restored from the bin "
            "until the bin is emptied.",
            "&Move to the bin", risky=False,
        ):
            return
        try:
            self.store.sessions.delete(session.id)
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self._changed(f"{quoted(session.department)} was moved to the bin.")

    def restore_selected(self) -> None:
        session = self._target(self.ui.restoreButton)
        if session is None:
            return
        try:
            restored = self.store.sessions.restore(session.id)
        except StorageError as exc:
            self.show_error(str(exc))
            return
        where = "archived" if restored.archived_at else "active"
        self._changed(f"{quoted(session.department)} is back among the {where} sessions.")

    def empty_bin(self) -> None:
        if not self.ui.emptyBinButton.isEnabled() or not self._confirm(
            "Empty the bin",
            f"Delete the {counted(self._counts[View.BIN], 'session')} in the bin for "
            "good, with all their notes and findings? This cannot be undone.",
            "&Delete for good", risky=True,
        ):
            return
        try:
            deleted = self.store.sessions.empty_bin()
            missed = rewrite_backups(self.store)  # the backups forget them too
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self._changed(
            f"The bin was emptied: {counted(deleted, 'session')} deleted for good."
        )
        if missed:
            self.show_error(f"The deleted sessions are still in {counted(len(missed), 'backup')} "
                            "that could not be cleared.")

    def _confirm(self, title: str, question: str, action: str, *, risky: bool) -> bool:
        """Ask before a change; Enter confirms, except for what cannot be undone."""
        return ask(self, title, question, go=action, go_first=not risky, warning=risky)

    def _changed(self, message: str, select: int | None = None) -> None:
        """After a change: tell the window, show the list as it is now and say what happened."""
        self.sessionsChanged.emit()
        if self.select_session(select) if select is not None else self.refresh():
            self.show_info(message)
        keyboard = QApplication.focusWidget()
        if keyboard is None or not keyboard.isVisible():  # its row or the table went away
            self.focus_list()

    # Search -----------------------------------------------------------------------------------

    def focus_search(self) -> None:
        """Put the cursor in the search box with its text selected, ready to be replaced."""
        self.ui.searchEdit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.ui.searchEdit.selectAll()

    def clear_search(self) -> None:
        """Leave the search: empty the box and go back to the sessions."""
        self.ui.searchEdit.clear()
        self.focus_list()

    def _search_edited(self, text: str) -> None:
        if text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self._show_list()

    def run_search(self) -> None:
        """Search now for what is in the box and show the results in place of the list."""
        self._search_timer.stop()
        text = self.ui.searchEdit.text()
        if not text.strip():
            self._show_list()
            return
        try:
            hits = self.store.search.find(text, limit=SEARCH_LIMIT)
        except StorageError as exc:
            self.show_error(str(exc))
            return
        results = self.ui.resultList
        results.clear()
        for hit in hits:
            department, where = self._hit_place(hit)
            item = QListWidgetItem(f"{department} — {where}\n{display_text(hit.snippet)}")
            item.setData(HIT_ROLE, hit)
            item.setData(HTML_ROLE, (
                f"<div dir='ltr'><b>{FSI}{escape(department)}{PDI}</b> — {escape(where)}</div>"
                f"<div>{snippet_html(hit.snippet)}</div>"
            ))
            results.addItem(item)
        self.ui.resultCountLabel.setText(self._count_text(text, hits))
        self.ui.listStack.setCurrentWidget(self.ui.resultsPage)
        self._update_buttons()

    def _hit_place(self, hit: SearchHit) -> tuple[str, str]:
        """The department (marked when archived) and where in the session the words are."""
        department = display_text(hit.department)
        if hit.session_id in self._archived:
            department += " (archived)"
        if hit.kind == "finding":
            return department, "Findings"
        step = self.playbook.step(hit.step_id)
        where = step.title if step else "a step no longer in the playbook"
        return department, f"{where} · action item" if hit.kind == "action" else where

    @staticmethod
    def _count_text(text: str, hits: list[SearchHit]) -> str:
        if not hits:
            return (f"Nothing found for “{display_text(text.strip())}”. Sessions in the bin "
                    "are not searched.")
        sessions = counted(len({hit.session_id for hit in hits}), "session")
        if len(hits) >= SEARCH_LIMIT:
            return (f"The first {len(hits)} matches, in {sessions}. Add words to narrow "
                    "the search.")
        return f"{counted(len(hits), 'match', 'matches')} in {sessions}"

    def _go_to_results(self) -> None:
        """From the search box to the first result (searching first if typing has not paused)."""
        if self._search_timer.isActive():
            self.run_search()
        results = self.ui.resultList
        if self.ui.listStack.currentWidget() is not self.ui.resultsPage:
            self.focus_list()
        elif results.count():
            if results.currentRow() < 0:
                results.setCurrentRow(0)
            results.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_hit(self, item: QListWidgetItem) -> None:
        hit: SearchHit = item.data(HIT_ROLE)
        at_step = hit.kind in ("note", "action")  # an action opens at its note's step
        self.openRequested.emit(hit.session_id, hit.step_id if at_step else PREPARATION)

    # Keys -------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down or Enter in the search box goes to the results; Escape leaves the search;
        Up from the first result goes back to the box."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if key == Qt.Key.Key_Escape and watched in (self.ui.searchEdit, self.ui.resultList):
                self.clear_search()
                return True
            if watched is self.ui.searchEdit and key in (
                Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter
            ):
                self._go_to_results()
                return True
            if (watched is self.ui.resultList and key == Qt.Key.Key_Up
                    and self.ui.resultList.currentRow() <= 0):
                self.focus_search()
                return True
        return super().eventFilter(watched, event)

    def event(self, event: QEvent) -> bool:
        """Claim Ctrl+F while the keyboard is on this page, so it reaches keyPressEvent.

        The window binds Ctrl+F too (to come here from other pages); two shortcuts on one key
        make Qt run neither, while a claimed key never reaches the window's shortcut.
        """
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.matches(QKeySequence.StandardKey.Find)):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Find):
            self.focus_search()
            return
        super().keyPressEvent(event)

    # Messages -----------------------------------------------------------------------------------

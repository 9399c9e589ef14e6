"""Phase 0 as the facilitator sees it: the checklist, the review's themes, people and the
meetings' dates, pre-read, the set-the-stage invitation and the invitation to meeting 2.

Every change is written at once (text after a half-second pause). A change the disk refuses
stays on screen exactly as typed, waits in memory and is written with the next change, by a
retry timer or by flush(); a red message says what is wrong meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from datetime import date
from html import escape
from itertools import pairwise

from PySide6.QtCore import (
    QDate,
    QEvent,
    QObject,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QWidget,
)

from svcrec_desktop.domain.guide_model import GuideItem
from svcrec_desktop.domain.invitation import (
    generated_invitation,
    invitation_text,
    meeting2_invitation,
)
from svcrec_desktop.domain.model import Plan, Session, TaskState, counted
from svcrec_desktop.domain.playbook import Playbook, PrepTask
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.ui.banner import BannerMixin
from svcrec_desktop.ui.dates import fit_date_edit, shown_date, shown_iso_date
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.preparation.agenda_editor import AgendaEditor
from svcrec_desktop.ui.preparation.findings_table import FindingsTable
from svcrec_desktop.ui.widgets import Filling, day_of
from svcrec_desktop.ui.write_queue import SAVE_AFTER_MS, WriteQueue

COPIED_SHOWN_MS = 6000  # how long "Copied" stays beside the button


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


class _IntoSection(QObject):
    """Alt+1…5 picks a section and takes the keyboard into it, to its first field: otherwise
    the keyboard stays on the checklist and a screen reader says nothing of the new section."""

    def __init__(self, tabs: QTabWidget) -> None:
        super().__init__(tabs)
        self._tabs = tabs
        tabs.tabBar().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Shortcut:
            QTimer.singleShot(0, self._enter)  # once the tab bar has shown the section
        return super().eventFilter(watched, event)

    def _enter(self) -> None:
        section = self._tabs.currentWidget()
        widget = self._tabs.nextInFocusChain()
        while widget is not self._tabs:
            if (section.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
                widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            widget = widget.nextInFocusChain()


class PreparationPage(BannerMixin, QWidget):
    """Prepares meeting 1 for one session; every change goes straight to the store."""

    exportInvitationRequested = Signal(str, int)  # the text exactly as shown, its meeting
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
        self._filling = Filling()  # while stored values are shown, changes are not edits
        self._edited: set[str] = set()  # Session fields changed since they were last saved
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
        for number in (1, 2):
            self.ui.invitationMeetingCombo.addItem(f"Meeting {number}", number)
        self.findings = FindingsTable(self, self.ui, store, self.writes, self.flush)
        self.findings.failed.connect(self.show_error)
        self.findings.informed.connect(self.show_info)
        self.findings.importRequested.connect(self.importFindingsRequested)
        self._connect_details()
        self.ui.startMeetingButton.clicked.connect(self._start_meeting)
        self.ui.carryOverButton.clicked.connect(self.bring_in_open_assignments)
        self.ui.carryOverDismissButton.clicked.connect(self._assignments_reviewed)
        self._set_tab_order()
        _IntoSection(self.ui.sectionTabs)

    # Building --------------------------------------------------------------------------------

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
        ui.meeting2DateEdit.dateChanged.connect(lambda: self._details_typed("meeting2_date"))
        ui.invitationMeetingCombo.currentIndexChanged.connect(self._invitation_meeting_chosen)
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
            ui.prepFacilitatorEdit, ui.prepNoteTakerEdit, ui.prepDateEdit, ui.meeting2DateEdit,
            ui.participantsEdit, ui.prereadTitleEdit, ui.prereadWhereEdit,
            ui.invitationMeetingCombo, ui.implementRadio, ui.improveRadio, ui.invitationEdit,
            ui.resetInvitationButton,
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
        with self._filling.held():
            self._show_details(session)
        try:
            states = self.store.tasks.states(session.id)
            findings = self.store.findings.of_session(session.id)
        except StorageError as exc:
            states, findings = {}, []
            self.show_error(f"{exc} The preparation cannot be shown until it can be read.")
        for row in self.task_rows:
            row.show_state(states.get(row.task.id), session.meeting_date)
        self._show_progress()
        self.findings.open_session(session.id, findings)
        self.agenda_editor.open_session(session)
        self.set_read_only(session.read_only)
        self._show_open_assignments()

    def close_session(self) -> None:
        """Save what is pending and let go of the session (before the database is replaced)."""
        self.flush()
        self.writes.stop()
        self.session = None
        self.findings.close_session()

    def add_imported(self, themes: list[dict]) -> None:
        """Themes counted from a CSV file join the findings (see FindingsTable.add_imported)."""
        self.findings.add_imported(themes)

    def _show_details(self, session: Session) -> None:
        ui = self.ui
        ui.prepFacilitatorEdit.setText(session.facilitator)
        ui.prepNoteTakerEdit.setText(session.note_taker)
        ui.prepDateEdit.setDate(QDate(session.meeting_date))
        ui.meeting2DateEdit.set_value(session.meeting2_date)
        ui.participantsEdit.set_text(session.participants)
        ui.prereadTitleEdit.setText(session.preread_title)
        ui.prereadWhereEdit.setText(session.preread_where)
        (ui.improveRadio if session.plan is Plan.IMPROVE else ui.implementRadio).setChecked(True)
        self._show_invitation()
        self._show_participant_count()

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back here shows meeting 2's date as agreed meanwhile at the close of
        meeting 1."""
        super().showEvent(event)
        if self.session is not None and not event.spontaneous():
            with suppress(StorageError):  # the date shown stays; other messages say why
                self.update_session(self.store.sessions.get(self.session.id))

    def update_session(self, session: Session) -> None:
        """Take meeting 2's date as set on another page, unless it is being changed here."""
        if (self.session is None or session.id != self.session.id
                or session.meeting2_date == self.session.meeting2_date
                or "meeting2_date" in self._edited or self.writes):
            return
        self.session = replace(self.session, meeting2_date=session.meeting2_date)
        with self._filling.held():
            self.ui.meeting2DateEdit.set_value(session.meeting2_date)
        self._show_invitation()
        self.agenda_editor.show_days(self.session)

    def set_read_only(self, read_only: bool) -> None:
        """A done session: everything stays visible and can be copied, nothing can change."""
        self.read_only = read_only
        ui = self.ui
        for row in self.task_rows:
            row.set_read_only(read_only)
        for edit in (ui.prepFacilitatorEdit, ui.prepNoteTakerEdit, ui.prepDateEdit,
                     ui.meeting2DateEdit, ui.participantsEdit, ui.prereadTitleEdit,
                     ui.prereadWhereEdit):
            edit.setReadOnly(read_only)
        for widget in (ui.implementRadio, ui.improveRadio, ui.startMeetingButton):
            widget.setEnabled(not read_only)
        self.findings.set_read_only(read_only)
        ui.startHintLabel.setText(
            "This session is done: its preparation can be read and copied, not changed."
            if read_only else
            "Everything here can still be changed after the meeting has started."
        )
        self._show_invitation_state()
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
            if self.store.state.get(self._reviewed_key()):
                return None
            return self.store.guide.open_assignments_before(self.session.id)
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
                    self.store.guide.add_item(self.session.id, "assignments", {
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
            self.store.state.set(self._reviewed_key(), "yes")
        except StorageError as exc:
            self.show_error(str(exc))
            return
        self.ui.carryOverPanel.hide()

    # Checklist -------------------------------------------------------------------------------

    def _task_done(self, task_id: str, done: bool) -> None:
        if self.session is not None:
            session_id = self.session.id
            self.writes.write(("done", task_id),
                              lambda: self.store.tasks.set_done(session_id, task_id, done))
        self._show_progress()

    def _task_due(self, task_id: str, due: date | None) -> None:
        if self.session is not None:
            session_id = self.session.id
            self.writes.write(("due", task_id),
                              lambda: self.store.tasks.set_due(session_id, task_id, due))

    def _show_progress(self) -> None:
        done = sum(row.done for row in self.task_rows)
        total = len(self.task_rows)
        self.ui.progressLabel.setText(
            "All done — ready for meeting 1" if total and done == total
            else f"{done} of {total} done"
        )
        self.ui.progressBar.setValue(done)

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
            "meeting2_date": ui.meeting2DateEdit.value(),
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
        self.agenda_editor.show_days(self.session)
        written_here = self._invitation_meeting() == 1 and self.session.invitation
        if not written_here and set(changes) - {"invitation"}:
            self._show_invitation()  # written from the details just changed
        self._show_invitation_state()

    def _session_writer(self, session_id: int, name: str, value: object) -> Callable[[], object]:
        """A write of one detail, with its value fixed now (a retry writes this value)."""
        if name == "meeting2_date":  # a date that may be emptied
            return lambda: self.store.sessions.set_date(session_id, name, value)
        return lambda: self.store.sessions.update(session_id, **{name: value})

    def reset_invitation(self) -> None:
        """Throw away the facilitator's changes and show the text written from the details."""
        if self.session is None or self.read_only or self._invitation_meeting() != 1:
            return
        self._save_details()
        with self._filling.held():
            self.ui.invitationEdit.set_text(generated_invitation(self.session, self.playbook))
        self._edited.add("invitation")
        self._save_details()
        self.ui.invitationEdit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _invitation_meeting(self) -> int:
        """The meeting whose invitation is shown: 1 (set the stage) or 2."""
        return self.ui.invitationMeetingCombo.currentData() or 1

    def _invitation_meeting_chosen(self) -> None:
        self._save_details()  # meeting 1's text as typed, before the box shows the other
        self._show_invitation()

    def _show_invitation(self) -> None:
        """The chosen meeting's invitation: meeting 1's as stored or written from the details
        (to change here), meeting 2's written from the details and its date (to copy)."""
        if self.session is None:
            return
        first = self._invitation_meeting() == 1
        self.ui.planGroup.setVisible(first)
        self.ui.resetInvitationButton.setVisible(first)
        text = (invitation_text(self.session, self.playbook) if first
                else meeting2_invitation(self.session, self.playbook))
        with self._filling.held():
            self.ui.invitationEdit.set_text(text)
        self._show_invitation_state()

    def _show_invitation_state(self) -> None:
        ui = self.ui
        first = self._invitation_meeting() == 1
        edited = first and self.session is not None and bool(self.session.invitation)
        dated = self.session is not None and self.session.meeting2_date is not None
        ui.invitationStateLabel.setText(
            "This is your own version: changes to the details no longer update it." if edited
            else "Written from the details on the other tabs, and updated when they change — "
                 "until you edit it." if first
            else "Written from the details and meeting 2's date. Copy it into your e-mail and "
                 "change anything you like there." if dated
            else "Set meeting 2's date under People and date (or at the close of meeting 1) "
                 "and its invitation is written here."
        )
        ui.invitationEdit.setReadOnly(self.read_only or not first)
        ui.invitationEdit.setAccessibleDescription(
            "The first line is the subject. Change anything you like; your changes are kept."
            if first else "The first line is the subject. Written from the session's details.")
        ui.resetInvitationButton.setEnabled(edited and not self.read_only)
        for button in (ui.copyInvitationButton, ui.saveInvitationButton):
            button.setEnabled(first or bool(self.invitation().strip()))  # meeting 2: once dated

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
        self.exportInvitationRequested.emit(self.invitation(), self._invitation_meeting())

    def _start_meeting(self) -> None:
        self.flush()
        self.startMeetingRequested.emit()

    # Writing and messages --------------------------------------------------------------------

    def flush(self) -> bool:
        """Save any edit still being typed or waiting; False if the disk has not taken it yet."""
        if self.session is not None and not self.read_only:
            self.findings.commit_open_editor()
            self.agenda_editor.flush()
            self._save_details()
        return self.writes.save_waiting()

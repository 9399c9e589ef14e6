"""A meeting as the facilitator and note-taker see it: steps, script, private hint, capture."""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from html import escape
from typing import TypeVar

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QListWidgetItem, QWidget

from svcrec_desktop.domain.agenda import Agenda, meeting_day
from svcrec_desktop.domain.guide_model import WHOLE_GUIDE, FeedbackKind, GuideContent
from svcrec_desktop.domain.model import Note, Session, counted
from svcrec_desktop.domain.playbook import Playbook, Step
from svcrec_desktop.domain.timing import StepClock, format_clock
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.store.outbox import Outbox
from svcrec_desktop.ui.banner import BannerMixin, announce
from svcrec_desktop.ui.dates import shown_date
from svcrec_desktop.ui.fitting import WrappedItems, keep_lines
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.meeting.capture import CapturePane, QuickTags
from svcrec_desktop.ui.meeting.notes_panel import NotesPanel
from svcrec_desktop.ui.meeting.step_text import draft_guide_html, step_html, step_said
from svcrec_desktop.ui.shortcuts import CLOCK_PAUSE, bind
from svcrec_desktop.ui.write_queue import RETRY_MS

BANK_EVERY_TICKS = 15  # store the time spent on a step every 15 seconds
NOTE_BOX_LINES, NOTE_BOX_MOST_LINES = 4, 7  # a note being typed is seen whole
NOTES_SHOWN = 5  # the saved notes seen at once, one line each
PARKED_SHOWN, PARKED_MOST = 1, 4  # a reminder: its heading counts the points

T = TypeVar("T")


class MeetingPage(BannerMixin, QWidget):
    """Runs the steps of meeting 1 or meeting 2 for one session, with the note-taker's capture
    pane. One page serves both meetings, so a session has one capture pane and one draft."""

    exportRequested = Signal()
    meetingChanged = Signal(int)  # the meeting shown is now 1 or 2
    stepShown = Signal()  # a step was shown (also again): the projector follows it

    def __init__(self, store: Store, playbook: Playbook, parent: QWidget | None = None, *,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "meeting")
        self.store = store
        self.playbook = playbook
        self.session: Session | None = None
        self.meeting = 1
        self.steps: tuple[Step, ...] = playbook.meeting1  # the steps of the meeting shown
        self.step_index = 0
        self.step_totals: dict[str, float] = {}
        self.clock = StepClock(monotonic)
        self.planned: dict[str, int] = {}  # the agenda's minutes for each step of the meeting
        self.meeting_minutes = 0  # the agenda's length of the meeting shown
        self._noticed: set[tuple[int, str]] = set()  # (meeting, step id or "") told once
        self._ticks = 0
        self.outbox = Outbox(store)
        # Notes typed on a feedback step, by uid, until written: their kind and section.
        self._feedback_for: dict[str, tuple[FeedbackKind, str]] = {}
        self._retry = QTimer(self, interval=RETRY_MS)
        self._retry.timeout.connect(self.retry_waiting)
        self._capture_hint = self.ui.captureEdit.placeholderText()
        self.capture = CapturePane(self.ui.captureEdit, self._save_draft)
        self.capture.commitRequested.connect(self.commit_note)
        self.capture.draftSaved.connect(self._draft_saved)
        self.capture.draftFailed.connect(self._draft_failed)
        self.quick_tags = QuickTags(self.ui.captureEdit, self.ui.tagBar)  # chips wrap
        self.notes = NotesPanel(self.ui, store, self.outbox, playbook)
        # Room to work: the boxes share what the column leaves, never less than this.
        keep_lines(self.ui.captureEdit, NOTE_BOX_LINES, NOTE_BOX_MOST_LINES)
        keep_lines(self.ui.notesList, NOTES_SHOWN)
        keep_lines(self.ui.parkingList, PARKED_SHOWN, PARKED_MOST)
        self.notes.set_steps(self.steps)
        self.notes.failed.connect(self.show_error)
        self.notes.recovered.connect(lambda: self.hide_banner("error"))
        self.notes.changed.connect(self._refresh_step_items)
        self.ui.previousButton.clicked.connect(self.previous_step)
        self.ui.nextButton.clicked.connect(self.next_step)
        self.ui.exportButton.clicked.connect(self.exportRequested)
        self.ui.pauseButton.clicked.connect(self.toggle_pause)
        self.ui.resetTimeButton.clicked.connect(self.reset_step_time)
        bind(CLOCK_PAUSE, self, self.toggle_pause, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.ui.stepList.setItemDelegate(WrappedItems(self.ui.stepList))  # no title cut "…"
        self.ui.stepList.itemActivated.connect(self._step_chosen)
        self.ui.stepList.itemClicked.connect(self._step_chosen)
        self.ui.splitter.setSizes([220, 620, 430])  # the script read aloud comes first
        self.ui.splitter.setStretchFactor(1, 1)
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self.tick)
        self.ui.meeting2DateEdit.dateChanged.connect(self._meeting2_date_changed)
        self.ui.feedbackSectionCombo.addItem(WHOLE_GUIDE, "")
        for section in playbook.guide:
            self.ui.feedbackSectionCombo.addItem(section.title, section.id)
        self._set_up_banner()

    # Opening and moving between steps --------------------------------------------------------

    def open_session(self, session: Session) -> None:
        """Show a session at its last step, in the meeting that step belongs to, with its
        draft back in the capture pane."""
        self.flush()
        self.clock.take()  # counted for the session let go of, and stored by flush
        if self.session is None or self.session.id != session.id:
            self.clock.set_paused(False)
        was = self.meeting
        self._use_meeting(self.playbook.meeting_of(session.current_step))
        self.update_session(session)
        self.step_totals = self.store.times.of_session(session.id)
        self._noticed.clear()
        self._read_agenda()
        self._build_step_list()
        self.capture.load(self.store.notes.draft(session.id))
        index = self._index_of(session.current_step)
        self._show_step(0 if index is None else index)
        self._timer.start()
        self._follow_clock()
        if self.meeting != was:
            self.meetingChanged.emit(self.meeting)

    def show_meeting(self, number: int) -> None:
        """Run meeting 1 or 2 of the open session here: at the current step if it is one of
        that meeting's, else where that meeting was left, else at its first step."""
        steps = self.playbook.meeting_steps(number)
        if self.session is None:
            return
        if not steps:  # a department's playbook written before meeting 2 was in it
            self.show_error(f"The playbook {self.playbook.path} has no steps for meeting "
                            f"{number}. Copy the [[meeting{number}.steps]] entries into it "
                            "from the built-in playbook.")
            return
        self._bank_time()
        was, step_id = self.meeting, self.current_step.id
        if number != was:
            self._set_left_at(was, step_id)
            self.clock.set_paused(False)  # the other meeting's pause is not this one's
        self._use_meeting(number)
        self.update_session(self.session)
        self._read_agenda()
        index = self._index_of(step_id)
        if index is None:
            index = self._index_of(self._left_at(number)) or 0
            self._remember_step(self.steps[index].id)
        self._build_step_list()
        self._show_step(index)
        if number != was:
            self.meetingChanged.emit(number)

    def _left_at_key(self, number: int) -> str:
        assert self.session is not None
        return f"meeting{number}_left_at:{self.session.uid}"

    def _left_at(self, number: int) -> str:
        """The step a meeting was left at, to come back to it (a convenience only)."""
        try:
            return self.store.state.get(self._left_at_key(number)) or ""
        except StorageError:
            return ""

    def _set_left_at(self, number: int, step_id: str) -> None:
        with suppress(StorageError):
            self.store.state.set(self._left_at_key(number), step_id)

    def _use_meeting(self, number: int) -> None:
        """Take this meeting's steps; the caller then lists them and picks the step."""
        self.meeting, self.steps = number, self.playbook.meeting_steps(number)
        self.notes.set_steps(self.steps)
        self.ui.stepsHeading.setText(f"Meeting {number} — steps")

    def update_session(self, session: Session) -> None:
        """Take the session's new details (date, phase) without touching what is typed."""
        self.session = session
        day = meeting_day(session, self.meeting)
        self.ui.sessionLabel.setText(
            f"<b>{escape(session.department)}</b> · meeting {self.meeting}"
            + (f" · {shown_date(day)}" if day else "")
        )
        if not self.notes.writes:  # a date waiting for the disk stays as typed
            with QSignalBlocker(self.ui.meeting2DateEdit):
                self.ui.meeting2DateEdit.set_value(session.meeting2_date)

    def _meeting2_date_changed(self) -> None:
        """Meeting 2's date, agreed at the close of meeting 1, written at once."""
        session = self.session
        day = self.ui.meeting2DateEdit.value()
        if session is None or self.notes.read_only or day == session.meeting2_date:
            return
        self.session = replace(session, meeting2_date=day)
        self.notes.writes.write(("session", "meeting2_date"),
                                lambda: self.store.sessions.set_date(session.id, "meeting2_date",
                                                                     day))

    def close_session(self) -> None:
        """Let go of the session (before the database under it is replaced)."""
        self.flush()
        self._timer.stop()
        self._retry.stop()
        self.notes.undo_stack.clear()
        self.notes.writes.stop()
        self.session = None
        self._follow_clock()

    def _build_step_list(self) -> None:
        self.ui.stepList.clear()
        for index in range(len(self.steps)):
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.ui.stepList.addItem(item)

    @property
    def current_step(self) -> Step:
        return self.steps[self.step_index]

    def _index_of(self, step_id: str) -> int | None:
        """Where a step is in the meeting shown; None if it is not one of its steps."""
        return next((i for i, s in enumerate(self.steps) if s.id == step_id), None)

    def go_to_step(self, index: int) -> None:
        if self.session is None or not 0 <= index < len(self.steps):
            return
        if index != self.step_index:
            self._bank_time()
            self._remember_step(self.steps[index].id)
        self._show_step(index)

    def _remember_step(self, step_id: str) -> None:
        """Store where the meeting is, so a restart comes back to it."""
        assert self.session is not None
        try:
            self.store.sessions.set_current_step(self.session.id, step_id)
        except StorageError as exc:
            self.show_error(str(exc))

    def _step_chosen(self, item: QListWidgetItem) -> None:
        self.go_to_step(item.data(Qt.ItemDataRole.UserRole))

    def next_step(self) -> None:
        self.go_to_step(self.step_index + 1)

    def previous_step(self) -> None:
        self.go_to_step(self.step_index - 1)

    def _show_step(self, index: int) -> None:
        self.step_index = index
        step = self.current_step
        count = len(self.steps)
        self.ui.stepTitleLabel.setText(step.title)
        self.ui.scriptView.show_html(self._script_html(step))
        self.ui.feedbackSectionRow.setVisible(bool(step.feedback))
        asks_date = self.meeting == 1 and self.playbook.asks_meeting2_date(step.id)
        self.ui.meeting2DateRow.setVisible(asks_date)
        self.ui.hintPanel.setVisible(bool(step.hint) or asks_date)
        self.ui.hintLabel.setVisible(bool(step.hint))
        self.ui.hintLabel.setText(step.hint)
        self.ui.previousButton.setEnabled(index > 0)
        self.ui.nextButton.setEnabled(index < count - 1)
        self.ui.stepList.setCurrentRow(index)
        assert self.session is not None
        self.notes.show_step(self.session.id, step.id)
        self.ui.timeNoticeLabel.hide()  # a notice is about the step it came up on
        self._refresh_times()
        self.focus_capture()
        self.stepShown.emit()

    def _script_html(self, step: Step) -> str:
        """The step's script; at the presenting step, the draft guide as it stands now."""
        findings = self._read(self.store.findings.of_session, []) if step.show_findings else ()
        script = step_html(step, findings)
        if step.present:
            content = self._read(self.store.guide.content, GuideContent(()))
            script += "\n" + draft_guide_html(self.playbook.guide, content)
        return script

    def _read(self, read: Callable[[int], T], empty: T) -> T:
        """Something the script shows, read for the open session; empty if the store fails."""
        assert self.session is not None
        try:
            return read(self.session.id)
        except StorageError as exc:
            self.show_error(str(exc))
            return empty

    def showEvent(self, event: QShowEvent) -> None:
        """Coming back to the meeting shows the script again, with the findings or the draft
        guide as they were changed meanwhile, at the same place."""
        super().showEvent(event)
        self._follow_clock()
        if self.session is not None:
            self._read_agenda()  # the agenda may have been changed on the preparation page
            self._refresh_times()
            scroll = self.ui.scriptView.verticalScrollBar()
            where = scroll.value()
            self.ui.scriptView.show_html(self._script_html(self.current_step))
            scroll.setValue(where)

    def hideEvent(self, event: QHideEvent) -> None:
        """Away from the meeting, its clock stops: preparing or writing the guide is not
        meeting time."""
        super().hideEvent(event)
        self._follow_clock()
        self._bank_time()

    def set_read_only(self, read_only: bool) -> None:
        """A done session shows everything and changes nothing until it is re-opened."""
        self.ui.captureEdit.setReadOnly(read_only)
        self.ui.captureEdit.setPlaceholderText(
            "This session is done. Re-open it to add notes." if read_only else self._capture_hint
        )
        self.notes.set_read_only(read_only)
        self.quick_tags.set_read_only(read_only)
        self.ui.feedbackSectionCombo.setEnabled(not read_only)
        self.ui.meeting2DateEdit.setReadOnly(read_only)
        self.ui.pauseButton.setEnabled(not read_only)
        self.ui.resetTimeButton.setEnabled(not read_only)
        self._follow_clock()  # a done session is looked at, not met in

    def focus_capture(self) -> None:
        self.ui.captureEdit.setFocus(Qt.FocusReason.OtherFocusReason)

    # Notes -----------------------------------------------------------------------------------

    def commit_note(self, text: str) -> None:
        """Write the note durably; a note the disk refuses waits in memory and is retried.

        Only a note that reached the disk is shown as saved; the pane is free for the next
        note either way, so the note-taker never has to stop typing.
        """
        if self.session is None or self.notes.read_only or not text.strip():
            return
        step = self.current_step
        written = self.outbox.commit(self.session.id, step.id, text,
                                     tags=self.quick_tags.chosen(), parked=self.quick_tags.parked)
        if step.feedback:
            # The new note is the last one waiting, or, if nothing waits, the last written.
            uid = self.outbox.pending[-1].uid if self.outbox else written[-1].uid
            section = self.ui.feedbackSectionCombo.currentData()
            self._feedback_for[uid] = (FeedbackKind(step.feedback), section)
        self.capture.committed()
        self.quick_tags.clear()
        self._after_writing(written)

    def retry_waiting(self) -> None:
        """Try the waiting notes again, storing the pane's current text as the draft."""
        if self.session is None:
            return
        pane = self.ui.captureEdit.toPlainText()
        written = self.outbox.flush(self.session.id, pane)
        if written and not self.outbox:
            self.capture.mark_saved(pane)
        self._after_writing(written)

    def _after_writing(self, written: list[Note]) -> None:
        not_feedback = self._record_feedback(written)
        if self.outbox:
            self._retry.start()
            self.notes.refresh()
            self.show_error(
                f"{self.outbox.last_error} Keep typing: {counted(len(self.outbox), 'note')} "
                f"waiting, kept in memory and saved as soon as the disk allows.{not_feedback}"
            )
            self._set_save_state("Waiting for the disk — notes kept in memory")
            return
        was_waiting = self._retry.isActive()
        self._retry.stop()
        if len(written) == 1 and written[0].step_id == self.current_step.id and not was_waiting:
            self.notes.show_added(written[0])
        elif written or was_waiting:
            self.notes.refresh()
        if written:
            self._set_save_state(f"Note saved at {written[-1].created_at:%H:%M:%S}")
        if written or was_waiting:
            self.hide_banner("error")
        if not_feedback:
            self.show_error(not_feedback.strip())

    def _record_feedback(self, written: list[Note]) -> str:
        """Keep each written note typed on a feedback step as feedback too, exactly once.

        Returns "" or a sentence for the banner: such a note is saved, and only its feedback
        entry is missing.
        """
        failed: StorageError | None = None
        count = 0
        for note in written:
            if note.uid not in self._feedback_for:
                continue
            kind, section = self._feedback_for.pop(note.uid)
            try:
                self.store.feedback.add(note.session_id, kind, note.text, section,
                                        from_note=note.uid)
            except StorageError as exc:
                failed, count = exc, count + 1
        if failed is None:
            return ""
        them = "it" if count == 1 else "them"
        return (f" {counted(count, 'note')} saved but not yet recorded as feedback ({failed}): "
                f"add {them} as feedback from the guide page.")

    def _draft_saved(self) -> None:
        self._set_save_state("Draft kept safe")
        if not self.outbox:
            self._after_writing([])  # the draft may have carried the last waiting notes
            self.hide_banner("error")

    def _save_draft(self, text: str) -> None:
        if self.session is not None:
            self.outbox.save_draft(self.session.id, text)

    def _draft_failed(self, message: str) -> None:
        self._set_save_state("Draft not saved yet — retrying")
        self.show_error(f"{message} What you typed stays in the note box.")

    def _set_save_state(self, text: str) -> None:
        self.ui.saveStateLabel.setText(text)

    # Time ------------------------------------------------------------------------------------

    def _follow_clock(self) -> None:
        """The clock runs only while this meeting is in front of the facilitator."""
        self.clock.set_shown(self.session is not None and self.isVisible()
                             and not self.notes.read_only)
        self._show_paused()

    def toggle_pause(self) -> None:
        """Stop the meeting's clock for a break, or start it again."""
        if self.session is None or self.notes.read_only:
            return
        self._bank_time()
        self.clock.set_paused(not self.clock.paused)
        self._show_paused()
        self._refresh_times()

    def _show_paused(self) -> None:
        paused = self.clock.paused
        self.ui.pauseButton.setText("Resume" if paused else "Pause")
        for label in (self.ui.meetingClockLabel, self.ui.stepMetaLabel):
            if label.property("paused") != paused:
                label.setProperty("paused", paused)
                label.style().polish(label)

    def reset_step_time(self) -> None:
        """Put the current step's time back to zero; Undo gives it back."""
        if self.session is None or self.notes.read_only:
            return
        self._bank_time()
        session_id, step_id = self.session.id, self.current_step.id
        spent = self.step_totals.get(step_id, 0.0)
        if spent <= 0:
            return
        self.notes.push("reset of the step's time",
                        lambda: self._shift_step_time(session_id, step_id, -spent),
                        lambda: self._shift_step_time(session_id, step_id, spent))
        self.show_info(f"The time of “{self.current_step.title}” is back to 0:00. "
                       "Undo (under the saved notes) gives it back.")

    def _shift_step_time(self, session_id: int, step_id: str, by: float) -> None:
        """Take seconds off a step's stored time, or give them back (never below zero)."""
        self._bank_time()
        seconds = max(0.0, self.step_totals.get(step_id, 0.0) + by)
        self.store.times.set(session_id, step_id, seconds)
        self.step_totals[step_id] = seconds
        self._refresh_times()

    def _bank_time(self) -> None:
        """Move the time counted on the current step into the store."""
        if self.session is None:
            return
        seconds = self.clock.take()
        if seconds <= 0:
            return
        step_id = self.current_step.id
        try:
            self.store.times.add(self.session.id, step_id, seconds)
        except StorageError:
            self.clock.give_back(seconds)  # counted again and retried at the next bank
            return
        self.step_totals[step_id] = self.step_totals.get(step_id, 0.0) + seconds

    def _read_agenda(self) -> None:
        """The planned minutes of the meeting shown; the playbook's if they cannot be read."""
        agenda = self._read(lambda session_id: self.store.agenda.get(session_id, self.meeting),
                            Agenda())
        self.planned = agenda.minutes(self.steps)
        self.meeting_minutes = agenda.length_of(self.steps)

    def tick(self) -> None:
        """Every second: show the time used, and store it now and then."""
        self.clock.tick()
        self._ticks += 1
        if self._ticks % BANK_EVERY_TICKS == 0:
            self._bank_time()
        self._refresh_times()

    def _used(self, step_id: str) -> float:
        pending = self.clock.pending() if step_id == self.current_step.id else 0.0
        return self.step_totals.get(step_id, 0.0) + pending

    def _refresh_times(self) -> None:
        step = self.current_step
        count = len(self.steps)
        used = self._used(step.id)
        planned = self.planned[step.id]
        following = (
            f" · next: {self.steps[self.step_index + 1].title}"
            if self.step_index + 1 < count else " · last step"
        )
        paused = " · clock paused" if self.clock.paused else ""
        self.ui.stepMetaLabel.setText(
            f"Step {self.step_index + 1} of {count} · {format_clock(used)} used of "
            f"{planned} min planned{paused}{following}"
        )
        self._mark_over(self.ui.stepMetaLabel, used > planned * 60, step.id,
                        f"Over the planned {planned} min — move on when the group is ready.")
        total = sum(self._used(s.id) for s in self.steps)
        length = self.meeting_minutes
        self.ui.meetingClockLabel.setText(f"Meeting time {format_clock(total)} of {length} min"
                                          + (" · paused" if self.clock.paused else ""))
        self._mark_over(self.ui.meetingClockLabel, total > length * 60, "",
                        f"The meeting is past its planned {length} min — bring it to a close "
                        "when the group is ready.")
        self._refresh_step_items()

    def _mark_over(self, label: QWidget, over: bool, step_id: str, notice: str) -> None:
        """Amber while a step (or, for "", the meeting) is over its time; the notice once."""
        if label.property("over") != over:
            label.setProperty("over", over)
            label.style().polish(label)
        if over and (self.meeting, step_id) not in self._noticed:
            self._noticed.add((self.meeting, step_id))
            self.ui.timeNoticeLabel.setText(notice)
            self.ui.timeNoticeLabel.show()
            announce(self.ui.timeNoticeLabel, notice)  # heard, not only seen in amber

    def _refresh_step_items(self) -> None:
        if self.session is None:
            return
        for index, step in enumerate(self.steps):
            item = self.ui.stepList.item(index)
            if item is None:
                continue
            used = self._used(step.id)
            visited = used >= 1
            current = index == self.step_index
            marker = "▶" if current else ("✓" if visited else "  ")
            paused = current and self.clock.paused
            item.setText(
                f"{marker} {index + 1}. {step.title}\n"
                f"      {format_clock(used)} of {self.planned[step.id]} min"
                + (" · clock paused" if paused else "")
            )
            state = "current" if current else ("done" if visited else "")
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         step_said(index + 1, len(self.steps), step, state, used,
                                   self.planned[step.id], paused))

    # Messages and shutdown -------------------------------------------------------------------

    def flush(self) -> bool:
        """Save waiting notes and action items, the draft and the step time; False if any
        text is not saved."""
        if self.session is None:
            return True
        self._bank_time()
        self.retry_waiting()
        actions_saved = self.notes.flush()
        return self.capture.save_now() and not self.outbox and actions_saved


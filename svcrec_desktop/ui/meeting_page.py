"""Meeting 1 as the facilitator and note-taker see it: steps, script, private hint, capture."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QListWidgetItem, QWidget

from svcrec_desktop.model import Finding, Session
from svcrec_desktop.outbox import Outbox
from svcrec_desktop.playbook import Playbook
from svcrec_desktop.storage import StorageError, Store
from svcrec_desktop.timing import StepClock, format_clock
from svcrec_desktop.ui.banner import BannerMixin
from svcrec_desktop.ui.capture import CapturePane
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.notes_panel import NotesPanel
from svcrec_desktop.ui.step_text import step_html

BANK_EVERY_TICKS = 15  # store the time spent on a step every 15 seconds
RETRY_MS = 2000  # how often notes waiting for the disk are tried again


class MeetingPage(BannerMixin, QWidget):
    """Runs the steps of meeting 1 for one session, with the note-taker's capture pane."""

    exportRequested = Signal()

    def __init__(self, store: Store, playbook: Playbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "meeting")
        self.store = store
        self.playbook = playbook
        self.session: Session | None = None
        self.step_index = 0
        self.step_totals: dict[str, float] = {}
        self.clock = StepClock()
        self._ticks = 0
        self.outbox = Outbox(store)
        self._retry = QTimer(self, interval=RETRY_MS)
        self._retry.timeout.connect(self.retry_waiting)
        self._capture_hint = self.ui.captureEdit.placeholderText()
        self.capture = CapturePane(self.ui.captureEdit, self._save_draft)
        self.capture.commitRequested.connect(self.commit_note)
        self.capture.draftSaved.connect(self._draft_saved)
        self.capture.draftFailed.connect(self._draft_failed)
        self.notes = NotesPanel(self.ui, store, playbook, self.outbox)
        self.notes.failed.connect(self.show_error)
        self.notes.changed.connect(self._refresh_step_items)
        self.ui.previousButton.clicked.connect(self.previous_step)
        self.ui.nextButton.clicked.connect(self.next_step)
        self.ui.exportButton.clicked.connect(self.exportRequested)
        self.ui.stepList.itemActivated.connect(self._step_chosen)
        self.ui.stepList.itemClicked.connect(self._step_chosen)
        self.ui.splitter.setSizes([290, 550, 440])
        self.ui.splitter.setStretchFactor(1, 1)
        self._timer = QTimer(self, interval=1000)
        self._timer.timeout.connect(self._tick)
        self._set_up_banner()

    # Opening and moving between steps --------------------------------------------------------

    def open_session(self, session: Session) -> None:
        """Show a session at its last step with its draft back in the capture pane."""
        self.flush()
        self.update_session(session)
        self.step_totals = self.store.step_seconds(session.id)
        self._build_step_list()
        self.capture.load(self.store.draft(session.id))
        self._show_step(self.playbook.step_index(session.current_step))
        self._timer.start()

    def update_session(self, session: Session) -> None:
        """Take the session's new details (date, phase) without touching what is typed."""
        self.session = session
        self.ui.sessionLabel.setText(
            f"<b>{escape(session.department)}</b> · meeting 1 · {session.meeting_date:%d %B %Y}"
        )

    def close_session(self) -> None:
        """Let go of the session (before the database under it is replaced)."""
        self.flush()
        self._timer.stop()
        self._retry.stop()
        self.notes.undo_stack.clear()
        self.session = None

    def _build_step_list(self) -> None:
        self.ui.stepList.clear()
        for step in self.playbook.meeting1:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, self.playbook.step_index(step.id))
            self.ui.stepList.addItem(item)

    @property
    def current_step(self):
        return self.playbook.meeting1[self.step_index]

    def go_to_step(self, index: int) -> None:
        if self.session is None or not 0 <= index < len(self.playbook.meeting1):
            return
        if index != self.step_index:
            self._bank_time()
            try:
                self.store.set_current_step(self.session.id, self.playbook.meeting1[index].id)
            except StorageError as exc:
                self.show_error(str(exc))
        self._show_step(index)

    def _step_chosen(self, item: QListWidgetItem) -> None:
        self.go_to_step(item.data(Qt.ItemDataRole.UserRole))

    def next_step(self) -> None:
        self.go_to_step(self.step_index + 1)

    def previous_step(self) -> None:
        self.go_to_step(self.step_index - 1)

    def _show_step(self, index: int) -> None:
        self.step_index = index
        step = self.current_step
        count = len(self.playbook.meeting1)
        self.ui.stepTitleLabel.setText(step.title)
        self.ui.scriptView.setHtml(step_html(step, self._findings() if step.show_findings else ()))
        self.ui.hintPanel.setVisible(bool(step.hint))
        self.ui.hintLabel.setText(step.hint)
        self.ui.previousButton.setEnabled(index > 0)
        self.ui.nextButton.setEnabled(index < count - 1)
        self.ui.stepList.setCurrentRow(index)
        assert self.session is not None
        self.notes.show_step(self.session.id, step.id)
        self.clock.start()
        self._refresh_times()
        self.focus_capture()

    def _findings(self) -> list[Finding]:
        assert self.session is not None
        try:
            return self.store.findings(self.session.id)
        except StorageError as exc:
            self.show_error(str(exc))
            return []

    def set_read_only(self, read_only: bool) -> None:
        """A done session shows everything and changes nothing until it is re-opened."""
        self.ui.captureEdit.setReadOnly(read_only)
        self.ui.captureEdit.setPlaceholderText(
            "This session is done. Re-open it to add notes." if read_only else self._capture_hint
        )
        self.notes.set_read_only(read_only)

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
        written = self.outbox.commit(self.session.id, self.current_step.id, text)
        self.capture.committed()
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

    def _after_writing(self, written: list) -> None:
        if self.outbox:
            self._retry.start()
            self.notes.refresh()
            self.show_error(
                f"{self.outbox.last_error} {len(self.outbox)} note(s) are kept in memory and "
                "will be saved as soon as the disk accepts them. Keep typing."
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

    def _bank_time(self) -> None:
        """Move the time counted on the current step into the store."""
        if self.session is None:
            return
        seconds = self.clock.take()
        if seconds <= 0:
            return
        step_id = self.current_step.id
        try:
            self.store.add_step_seconds(self.session.id, step_id, seconds)
        except StorageError:
            self.clock.give_back(seconds)  # counted again and retried at the next bank
            return
        self.step_totals[step_id] = self.step_totals.get(step_id, 0.0) + seconds

    def _tick(self) -> None:
        self._ticks += 1
        if self._ticks % BANK_EVERY_TICKS == 0:
            self._bank_time()
        self._refresh_times()

    def _used(self, step_id: str) -> float:
        pending = self.clock.pending() if step_id == self.current_step.id else 0.0
        return self.step_totals.get(step_id, 0.0) + pending

    def _refresh_times(self) -> None:
        step = self.current_step
        count = len(self.playbook.meeting1)
        used = self._used(step.id)
        over = used > step.minutes * 60
        following = (
            f" · next: {self.playbook.meeting1[self.step_index + 1].title}"
            if self.step_index + 1 < count else " · last step"
        )
        self.ui.stepMetaLabel.setText(
            f"Step {self.step_index + 1} of {count} · {format_clock(used)} used of "
            f"{step.minutes} min suggested{following}"
        )
        self.ui.stepMetaLabel.setProperty("over", over)
        self.ui.stepMetaLabel.style().polish(self.ui.stepMetaLabel)
        total = sum(self._used(s.id) for s in self.playbook.meeting1)
        self.ui.meetingClockLabel.setText(
            f"Meeting time {format_clock(total)} of {self.playbook.total_minutes} min"
        )
        self._refresh_step_items()

    def _refresh_step_items(self) -> None:
        if self.session is None:
            return
        for index, step in enumerate(self.playbook.meeting1):
            item = self.ui.stepList.item(index)
            if item is None:
                continue
            visited = self._used(step.id) >= 1
            marker = "▶" if index == self.step_index else ("✓" if visited else "  ")
            item.setText(
                f"{marker} {index + 1}. {step.title}\n"
                f"      {format_clock(self._used(step.id))} of {step.minutes} min"
            )

    # Messages and shutdown -------------------------------------------------------------------

    def flush(self) -> bool:
        """Save waiting notes, the draft and the step time; False if any text is not saved."""
        if self.session is None:
            return True
        self._bank_time()
        self.retry_waiting()
        return self.capture.save_now() and not self.outbox


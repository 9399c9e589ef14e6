"""The "new session" form: a department name and Enter is all it takes."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.shortcuts import NEW_SESSION_BACK, bind


class NewSessionPage(QWidget):
    """Collects the details of a new session; emits them when the person presses Enter.
    Cancel and Esc emit cancelled: the window goes back to the page it came from."""

    # department, facilitator, note-taker, date, and whether to prepare first (else meeting 1)
    startRequested = Signal(str, str, str, object, bool)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "new_session")
        for edit in (self.ui.departmentEdit, self.ui.facilitatorEdit, self.ui.noteTakerEdit):
            edit.returnPressed.connect(self.submit)
        self.ui.meetingDateEdit.installEventFilter(self)
        self.ui.prepareButton.clicked.connect(self.submit)
        self.ui.startButton.clicked.connect(lambda: self.submit(prepare_first=False))
        self.ui.cancelButton.clicked.connect(self.cancelled)
        bind(NEW_SESSION_BACK, self, self.cancel, Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def cancel(self) -> None:
        """Esc does what Cancel does, when there is somewhere to go back to."""
        if self.ui.cancelButton.isVisible():
            self.cancelled.emit()

    def reset(self, can_cancel: bool) -> None:
        """Empty the form for a new session and put the cursor in the department field."""
        for edit in (self.ui.departmentEdit, self.ui.facilitatorEdit, self.ui.noteTakerEdit):
            edit.clear()
        self.ui.meetingDateEdit.setDate(QDate.currentDate())
        self.ui.errorLabel.clear()
        self.ui.cancelButton.setVisible(can_cancel)
        self.ui.departmentEdit.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        is_enter = event.type() == QEvent.Type.KeyPress and event.key() in (
            Qt.Key.Key_Return, Qt.Key.Key_Enter
        )
        if watched is self.ui.meetingDateEdit and is_enter:
            self.submit()
            return True
        return super().eventFilter(watched, event)

    def submit(self, prepare_first: bool = True) -> None:
        department = self.ui.departmentEdit.text()
        if not department.strip():
            self.ui.errorLabel.setText("Please type the department's name first.")
            self.ui.departmentEdit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        meeting_date: date = self.ui.meetingDateEdit.date().toPython()
        self.startRequested.emit(
            department.strip(),
            self.ui.facilitatorEdit.text().strip(),
            self.ui.noteTakerEdit.text().strip(),
            meeting_date,
            prepare_first,
        )

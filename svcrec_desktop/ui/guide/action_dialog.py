"""The small dialog for an action item: what is to be done, who does it, and by when."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from svcrec_desktop.domain.model import Action
from svcrec_desktop.domain.shown_text import visible_text
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.meeting.step_text import shortened

NOTE_SHOWN_CHARS = 200


class ActionItemDialog(QDialog):
    """Asks for an action under a note; Enter saves from any field.

    A blank "what" is refused inside the dialog, which stays open with what was typed.
    """

    def __init__(self, note_text: str, action: Action | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "action_item")
        self.setWindowTitle("Change the action item" if action else "New action item")
        self.ui.noteLabel.setText(
            f"Under the note: {visible_text(shortened(note_text, NOTE_SHOWN_CHARS))}")
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.errorLabel.hide()
        due = action.due if action else None
        self.ui.dueEdit.set_value(due)
        if action is not None:
            self.ui.whatEdit.setText(action.what)
            self.ui.ownerEdit.setText(action.owner)
        self.ui.whatEdit.setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> tuple[str, str, date | None]:
        """What, who (as typed) and by when (None for no date)."""
        return self.ui.whatEdit.text(), self.ui.ownerEdit.text(), self.ui.dueEdit.value()

    def accept(self) -> None:
        if not self.ui.whatEdit.text().strip():
            self.ui.errorLabel.setText("Say what is to be done, or press Escape to cancel.")
            self.ui.errorLabel.show()
            self.ui.whatEdit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().accept()

"""A small dialog that asks for a department name (renaming or duplicating a session)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from svcrec_desktop.ui.forms import load_form


class NamePromptDialog(QDialog):
    """Asks for a department name; a blank one is refused inside the dialog, which stays open.

    Refusing here rather than in the caller keeps what the person typed in front of them.
    """

    def __init__(
        self, title: str, prompt: str, name: str, accept_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "name_prompt")
        self.setWindowTitle(title)
        self.ui.promptLabel.setText(prompt)
        self.ui.nameEdit.setText(name)
        self.ui.nameEdit.selectAll()  # typing replaces the old name at once
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText(accept_text)
        self.ui.buttonBox.accepted.connect(self.accept)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.errorLabel.hide()

    def name(self) -> str:
        return self.ui.nameEdit.text().strip()

    def accept(self) -> None:
        if not self.name():
            self.ui.errorLabel.setText(
                "A session needs a department name. Type one, or press Escape to cancel."
            )
            self.ui.errorLabel.show()
            self.ui.nameEdit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().accept()


def ask_name(
    parent: QWidget, title: str, prompt: str, *, accept_text: str, name: str = "",
) -> str | None:
    """The name the person confirmed, stripped; None if they cancelled."""
    dialog = NamePromptDialog(title, prompt, name, accept_text, parent)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.name() if accepted else None
    finally:
        dialog.deleteLater()

"""One way to ask the person before something that matters: plain text, two clear answers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def ask(parent: QWidget | None, title: str, text: str, *, go: str, stay: str = "",
        go_first: bool = False, warning: bool = False) -> bool:
    """True when the person chooses `go`. `stay` names the other answer (Cancel if empty);
    it is also Escape, and Enter unless go_first makes `go` the default. The text is plain:
    a department's or a note's words are never read as markup."""
    box = QMessageBox(QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question,
                      title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    back = (box.addButton(stay, QMessageBox.ButtonRole.RejectRole) if stay
            else box.addButton(QMessageBox.StandardButton.Cancel))
    chosen = box.addButton(go, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(chosen if go_first else back)
    box.setEscapeButton(back)
    box.exec()
    box.deleteLater()
    return box.clickedButton() is chosen

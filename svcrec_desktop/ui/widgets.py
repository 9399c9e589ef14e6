"""Custom widgets that the Designer forms promote (registered with the form loader)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QPlainTextEdit

LONG_LINE = 5000  # characters in one line beyond which wrapping is switched off


def has_long_line(text: str) -> bool:
    return len(text) > LONG_LINE and any(len(line) > LONG_LINE for line in text.split("\n"))


class NoteEdit(QPlainTextEdit):
    """A plain-text box that stays responsive when someone pastes a megabyte.

    Qt needs seconds to minutes to wrap a single very long line, but lays it out at once
    unwrapped, so wrapping is off while such a line is in the box and back on afterwards.
    """

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self._fit_wrapping(self.toPlainText() + source.text())
        super().insertFromMimeData(source)

    def set_text(self, text: str) -> None:
        """Replace the whole text (use instead of setPlainText)."""
        if has_long_line(text):
            self._fit_wrapping(text)  # unwrap first, so the long line is never wrapped
            self.setPlainText(text)
        else:
            self.setPlainText(text)  # drop any long line first, then wrap again
            self._fit_wrapping(text)

    def _fit_wrapping(self, text: str) -> None:
        wanted = (
            QPlainTextEdit.LineWrapMode.NoWrap if has_long_line(text)
            else QPlainTextEdit.LineWrapMode.WidgetWidth
        )
        if self.lineWrapMode() != wanted:
            self.setLineWrapMode(wanted)


CUSTOM_WIDGETS = (NoteEdit,)

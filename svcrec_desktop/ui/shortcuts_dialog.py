"""The sheet of every keyboard shortcut (F1, or ? outside a text box)."""

from __future__ import annotations

from html import escape
from itertools import groupby

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget

from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.shortcuts import sheet_rows

_COMMAND_KEYS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                 | Qt.KeyboardModifier.MetaModifier)


def is_typing(event: QKeyEvent) -> bool:
    """The key writes a character (a letter, a digit, a space…), not a command or a move."""
    return (bool(event.text()) and event.text().isprintable()
            and not event.modifiers() & _COMMAND_KEYS)


class ShortcutsDialog(QDialog):
    """Lists the window's keys by group, read from its actions and the page-key table when
    it opens, so a key added anywhere shows here. Esc closes it.

    Someone who starts typing while it is open meant to type in the page: the sheet closes
    and hands the key on (typed) so that no character is lost.
    """

    typed = Signal(object)  # a QKeyEvent: a character typed while the sheet was open, for the page

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.ui = load_form(self, "shortcuts")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        parts = []
        for group, rows in groupby(sheet_rows(window), key=lambda row: row.group):
            lines = "".join(
                f"<tr><td class='keys'>{escape(row.keys)}</td><td>{escape(row.what)}</td></tr>"
                for row in rows
            )
            parts.append(f"<h2>{escape(group)}</h2><table cellpadding='5'>{lines}</table>")
        self.ui.sheetView.document().setDefaultStyleSheet(
            "td.keys { font-weight: 600; white-space: nowrap; padding-right: 24px; }"
            "h2 { margin-top: 14px; }"
        )
        self.ui.sheetView.setHtml("".join(parts))
        self.ui.sheetView.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not is_typing(event):
            super().keyPressEvent(event)
            return
        self.reject()
        self.typed.emit(QKeyEvent(event.type(), event.key(), event.modifiers(), event.text()))

"""Before a file leaves: list what looks like patient details in exactly what it will hold,
let the facilitator redact them, and undo a redaction until the window closes."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from svcrec_desktop.domain.privacy import Identifier, looked_for_sentence, redact
from svcrec_desktop.domain.shown_text import visible_text
from svcrec_desktop.export.source import Spotted, TypedText, spot_identifiers
from svcrec_desktop.store.database import StorageError
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.shortcuts import PRIVACY_REMOVE, PRIVACY_UNDO, bind
from svcrec_desktop.ui.widgets import mark_primary

CONTEXT_CHARS = 30
WHERE_CHARS = 34  # a longer place goes on more lines, broken between its parts
CHANGED_SINCE = ("That text was changed after the detail was removed, so it was left as it is "
                 "now. Put the words back by hand if they are needed.")


def in_context(text: str, finding: Identifier, chars: int = CONTEXT_CHARS) -> str:
    """The finding marked «like this» within a little of its note, on one visible line."""
    start = max(0, finding.start - chars)
    end = finding.end + chars
    line = (
        ("…" if start > 0 else "") + text[start : finding.start]
        + f"«{finding.text}»" + text[finding.end : end] + ("…" if end < len(text) else "")
    )
    return visible_text(line).replace("\n", "↵").replace("\t", " ")


def on_lines(where: str, chars: int = WHERE_CHARS) -> str:
    """A place such as "Guide · <section> · item 2 · <field>" on lines of about chars
    characters, broken only between its parts, so that all of it shows in a narrow column."""
    lines: list[str] = []
    for part in where.split(" · "):
        if lines and len(lines[-1]) + len(" · ") + len(part) <= chars:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return "\n".join(lines)


@dataclass(frozen=True)
class Removal:
    """One redaction: the text before and after, and the texts it was found in (read again
    before an undo, so that an undo never overwrites what was typed since)."""

    key: Hashable
    before: str
    after: str
    load: Callable[[], Sequence[TypedText]]


class Removals(QObject):
    """The redactions made while the window is open, newest last, each undoable until the
    window closes. redact(key, before, after) stores a redaction and erases every other
    copy of the words; put_back(key, text) stores a text under its TypedText key; both may
    raise StorageError."""

    changed = Signal(object)  # the key of the text redacted or put back

    def __init__(self, redact: Callable[[Hashable, str, str], object],
                 put_back: Callable[[Hashable, str], object],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._redact = redact
        self._put_back = put_back
        self._done: list[Removal] = []

    def __len__(self) -> int:
        return len(self._done)

    def remove(self, removal: Removal) -> None:
        """Store the redacted text and remember how to put the words back."""
        self._redact(removal.key, removal.before, removal.after)
        self._done.append(removal)
        self.changed.emit(removal.key)

    def undo(self) -> bool:
        """Put back the text the last redaction replaced; False when there is none.

        ValueError (CHANGED_SINCE) when that text was changed after the redaction: it is left
        as it is and the redaction is no longer offered to undo.
        """
        if not self._done:
            return False
        last = self._done[-1]
        now = next((text.text for text in last.load() if text.id == last.key), None)
        if now != last.after:
            self._done.pop()
            self.changed.emit(last.key)
            raise ValueError(CHANGED_SINCE)
        self._put_back(last.key, last.before)
        self._done.pop()
        self.changed.emit(last.key)
        return True


class PrivacyCheckDialog(QDialog):
    """Lists likely patient details in the texts a file will hold, with where each is; Enter
    or Delete redacts the selected one, Ctrl+Z (Undo) puts back the last one redacted.

    The dialog never writes itself: removals stores each redaction (and its undo), and
    ``load_texts()`` gives the texts as they are now stored.
    Accepted means "export"; Escape or Cancel rejects.
    """

    def __init__(self, load_texts: Callable[[], Sequence[TypedText]], removals: Removals,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "privacy_check")
        self._load_texts = load_texts
        self._removals = removals
        self._texts: dict[Hashable, str] = {}
        self._redacted_here = False
        self.findings: list[Spotted] = []
        header = self.ui.findingsList.header()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.ui.redactButton.clicked.connect(self.redact_selected)
        self.ui.redactAllButton.clicked.connect(self.redact_all)
        self.ui.undoButton.clicked.connect(self.undo_last)
        # Enter on the list reaches the default button, Redact; Delete redacts too.
        bind(PRIVACY_REMOVE, self.ui.findingsList, self.redact_selected)
        bind(PRIVACY_UNDO, self, self.undo_last, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        removals.changed.connect(self._show_undo)
        self.ui.lookedForLabel.setText(looked_for_sentence())
        self.ui.errorLabel.hide()
        self._show_undo()
        self.refresh()

    def refresh(self) -> None:
        """Look again at the texts as stored now: every redaction moves the offsets."""
        findings_list: QTreeWidget = self.ui.findingsList
        row = max(findings_list.currentIndex().row(), 0)
        try:
            texts = self._load_texts()
        except StorageError as exc:
            self._show_error(str(exc))
            return
        self._texts = {text.id: text.text for text in texts}
        self.findings = spot_identifiers(texts)
        findings_list.clear()
        for spotted in self.findings:
            found = spotted.identifier
            item = QTreeWidgetItem(findings_list, [
                found.kind, visible_text(found.text), on_lines(spotted.where),
                in_context(self._texts[found.note_id], found),
            ])
            item.setToolTip(2, spotted.where)
        remaining = bool(self.findings)
        findings_list.setVisible(remaining)
        self.ui.emptyLabel.setText(
            "Each passage the check found now reads “[removed]”." if self._redacted_here
            else "The check found no passage that looks like a patient detail.")
        self.ui.emptyLabel.setVisible(not remaining)
        self.ui.redactButton.setEnabled(remaining)
        self.ui.redactAllButton.setEnabled(remaining)
        self.ui.exportButton.setText("&Export anyway" if remaining else "&Export")
        mark_primary(self.ui.redactButton, remaining)
        mark_primary(self.ui.exportButton, not remaining)
        if remaining:
            last = len(self.findings) - 1
            findings_list.setCurrentItem(findings_list.topLevelItem(min(row, last)))
            findings_list.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.ui.exportButton.setDefault(True)
            self.ui.exportButton.setFocus(Qt.FocusReason.OtherFocusReason)

    def redact_selected(self) -> None:
        row = self.ui.findingsList.currentIndex().row()
        if 0 <= row < len(self.findings):
            self._redact([self.findings[row].identifier])

    def redact_all(self) -> None:
        self._redact([spotted.identifier for spotted in self.findings])

    def _redact(self, findings: Sequence[Identifier]) -> None:
        by_text: dict[Hashable, list[Identifier]] = {}
        for finding in findings:
            by_text.setdefault(finding.note_id, []).append(finding)
        try:
            for key, in_text in by_text.items():
                before = self._texts[key]
                self._removals.remove(Removal(key, before, redact(before, in_text),
                                              self._load_texts))
                self._redacted_here = True
        except StorageError as exc:
            self._show_error(str(exc))
        else:
            self.ui.errorLabel.hide()
        self.refresh()

    def undo_last(self) -> None:
        """Put back the last passage redacted (here, or earlier while the window is open)."""
        try:
            self._removals.undo()
        except (StorageError, ValueError) as exc:
            self._show_error(str(exc))
        else:
            self.ui.errorLabel.hide()
        self.refresh()

    def _show_undo(self, *_key: object) -> None:
        self.ui.undoButton.setEnabled(bool(self._removals))

    def _show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()

"""Before an export: list what looks like patient details and let the facilitator redact it."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from svcrec_desktop.privacy import Identifier, Passage, find_identifiers, redact
from svcrec_desktop.storage import StorageError
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.shortcuts import PRIVACY_REMOVE, bind
from svcrec_desktop.ui.step_text import visible_text

CONTEXT_CHARS = 30


def in_context(text: str, finding: Identifier, chars: int = CONTEXT_CHARS) -> str:
    """The finding marked «like this» within a little of its note, on one visible line."""
    start = max(0, finding.start - chars)
    end = finding.end + chars
    line = (
        ("…" if start > 0 else "") + text[start : finding.start]
        + f"«{finding.text}»" + text[finding.end : end] + ("…" if end < len(text) else "")
    )
    return visible_text(line).replace("\n", "↵").replace("\t", " ")


class PrivacyCheckDialog(QDialog):
    """Lists likely patient details in the notes and action items; Enter or Delete redacts
    the selected one.

    The dialog never writes itself: ``save_text(key, text)`` stores a redacted text under the
    key its passage came with (and may raise StorageError), and ``load_notes()`` gives the
    passages (notes, action items) as they are now stored.
    Accepted means "export"; Escape or Cancel rejects.
    """

    def __init__(
        self, load_notes: Callable[[], Sequence[Passage]],
        save_text: Callable[[Hashable, str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "privacy_check")
        self._load_notes = load_notes
        self._save_text = save_text
        self._texts: dict[Hashable, str] = {}
        self.findings: list[Identifier] = []
        header = self.ui.findingsList.header()
        for column in (0, 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.ui.redactButton.clicked.connect(self.redact_selected)
        self.ui.redactAllButton.clicked.connect(self.redact_all)
        # Enter on the list reaches the default button, Redact; Delete redacts too.
        bind(PRIVACY_REMOVE, self.ui.findingsList, self.redact_selected)
        self.ui.errorLabel.hide()
        self.refresh()

    def refresh(self) -> None:
        """Look again at the notes as stored now: every redaction moves the offsets."""
        findings_list: QTreeWidget = self.ui.findingsList
        row = max(findings_list.currentIndex().row(), 0)
        try:
            notes = self._load_notes()
        except StorageError as exc:
            self._show_error(str(exc))
            return
        self._texts = {note.id: note.text for note in notes}
        self.findings = find_identifiers(notes)
        findings_list.clear()
        for finding in self.findings:
            QTreeWidgetItem(findings_list, [
                finding.kind, visible_text(finding.text),
                in_context(self._texts[finding.note_id], finding),
            ])
        remaining = bool(self.findings)
        findings_list.setVisible(remaining)
        self.ui.emptyLabel.setVisible(not remaining)
        self.ui.redactButton.setEnabled(remaining)
        self.ui.redactAllButton.setEnabled(remaining)
        self.ui.exportButton.setText("&Export anyway" if remaining else "&Export")
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
            self._redact([self.findings[row]])

    def redact_all(self) -> None:
        self._redact(self.findings)

    def _redact(self, findings: Sequence[Identifier]) -> None:
        by_note: dict[Hashable, list[Identifier]] = {}
        for finding in findings:
            by_note.setdefault(finding.note_id, []).append(finding)
        try:
            for note_id, in_note in by_note.items():
                self._save_text(note_id, redact(self._texts[note_id], in_note))
        except StorageError as exc:
            self._show_error(str(exc))
        else:
            self.ui.errorLabel.hide()
        self.refresh()

    def _show_error(self, message: str) -> None:
        self.ui.errorLabel.setText(message)
        self.ui.errorLabel.show()

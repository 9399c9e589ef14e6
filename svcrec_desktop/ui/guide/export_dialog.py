"""Before the guide is written: which version, which paper, which appendices, what the footer
says."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from svcrec_desktop.domain.guide_model import GuideVersion, VersionStatus, newest
from svcrec_desktop.domain.page_format import page_format
from svcrec_desktop.export.source import ExportOptions
from svcrec_desktop.ui.dates import shown_version
from svcrec_desktop.ui.forms import load_form

LIVE = "The guide as it is now"
PAPER_CHOICES = (("A4", "A4 (21 × 29.7 cm)"), ("Letter", "US Letter (8.5 × 11 inches)"))


class ExportDialog(QDialog):
    """Offers the newest final first, else the guide as it is, on the paper given (by default
    the one this computer's region prints on); Enter exports."""

    def __init__(self, versions: Sequence[GuideVersion], parent: QWidget | None = None,
                 paper: str | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "export_options")
        for value, label in PAPER_CHOICES:
            self.ui.paperCombo.addItem(label, value)
        self.ui.paperCombo.setCurrentIndex(
            self.ui.paperCombo.findData(paper or page_format().paper))
        combo = self.ui.versionCombo
        combo.addItem(LIVE, None)
        for version in reversed(versions):  # newest first, by name and date: "Final 1 · …"
            combo.addItem(shown_version(version), version.id)
        final = newest(versions, VersionStatus.FINAL)
        if final is not None:
            combo.setCurrentIndex(combo.findData(final.id))
        defaults = ExportOptions()
        self.ui.notesCheck.setChecked(defaults.include_notes)
        self.ui.feedbackCheck.setChecked(defaults.include_feedback)
        self.ui.registerCheck.setChecked(defaults.include_register)
        export = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        export.setText("Export…")
        export.setAccessibleName("Export")  # the "…" is for the eye (a file dialog follows)
        combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def options(self) -> ExportOptions:
        return ExportOptions(
            version_id=self.ui.versionCombo.currentData(),
            include_notes=self.ui.notesCheck.isChecked(),
            include_feedback=self.ui.feedbackCheck.isChecked(),
            include_register=self.ui.registerCheck.isChecked(),
            footer_text=self.ui.footerEdit.text().strip(),
            page=page_format(paper=self.ui.paperCombo.currentData()),
        )

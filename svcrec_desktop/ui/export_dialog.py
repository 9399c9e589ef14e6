"""Before the guide is written: which version, which appendices, what the footer says."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from svcrec_desktop.exporting import ExportOptions
from svcrec_desktop.guide_model import GuideVersion, VersionStatus
from svcrec_desktop.ui.forms import load_form

LIVE = "The guide as it is now"


class ExportDialog(QDialog):
    """Offers the newest final first, else the guide as it is; Enter exports."""

    def __init__(self, versions: Sequence[GuideVersion], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "export_options")
        combo = self.ui.versionCombo
        combo.addItem(LIVE, None)
        for version in reversed(versions):  # newest first
            combo.addItem(version.label, version.id)
        finals = [v for v in versions if v.status is VersionStatus.FINAL]
        if finals:
            combo.setCurrentIndex(combo.findData(finals[-1].id))
        defaults = ExportOptions()
        self.ui.notesCheck.setChecked(defaults.include_notes)
        self.ui.feedbackCheck.setChecked(defaults.include_feedback)
        self.ui.registerCheck.setChecked(defaults.include_register)
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setText("Export…")
        combo.setFocus(Qt.FocusReason.OtherFocusReason)

    def options(self) -> ExportOptions:
        return ExportOptions(
            version_id=self.ui.versionCombo.currentData(),
            include_notes=self.ui.notesCheck.isChecked(),
            include_feedback=self.ui.feedbackCheck.isChecked(),
            include_register=self.ui.registerCheck.isChecked(),
            footer_text=self.ui.footerEdit.text().strip(),
        )

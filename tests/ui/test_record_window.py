"""The facilitator's record from the window: the privacy check first, then the save dialog."""

import pytest
from documents import docx_text
from gui_helpers import start_session, type_note, when_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from svcrec_desktop.domain.privacy import REPLACEMENT
from svcrec_desktop.ui.guide.privacy_dialog import PrivacyCheckDialog


def test_the_window_checks_then_saves_the_record(open_window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "record.docx"
    asked = []

    def save_dialog(parent, caption, suggested, filters):
        asked.append((caption, suggested))
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"warning: {a[1:]}"))
    window = open_window()
    assert not window.ui.recordAction.isEnabled()  # no session open yet
    start_session(qtbot, window)
    type_note(qtbot, window, "Her son rang 801-555-0199 twice")
    assert window.ui.recordAction.isEnabled() and window.ui.recordButton.isVisible()
    seen = []

    def remove_and_save(dialog):
        qtbot.waitUntil(dialog.isActiveWindow)
        seen.append(dialog.ui.findingsList.topLevelItemCount())
        qtbot.keyClick(dialog.ui.findingsList, Qt.Key.Key_Return)  # Remove
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # then save

    def privacy_check():
        modal = QApplication.activeModalWidget()
        return modal if isinstance(modal, PrivacyCheckDialog) else None

    poller = when_shown(privacy_check, remove_and_save)
    window.ui.recordAction.trigger()
    poller.stop()
    assert seen == [1]
    [(caption, suggested)] = asked
    assert caption == "Save the facilitator’s record"
    assert suggested.endswith("Facilitator’s record – Cardiology.docx")
    text = docx_text(target)
    assert f"Her son rang {REPLACEMENT} twice" in text and "0199" not in text
    target.unlink()
    window.ui.recordButton.click()  # nothing to remove now: straight to the save dialog
    assert target.exists() and len(asked) == 2

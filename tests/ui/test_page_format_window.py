"""Paper in the window: the export dialog offers it, from the computer's locale first, and the
window remembers the paper chosen for the next export."""

from documents import on_paper
from gui_helpers import answer_export_dialog, start_session
from PySide6.QtWidgets import QFileDialog

from svcrec_desktop.domain.page_format import PAPER_KEY, PageFormat
from svcrec_desktop.ui.guide.export_dialog import ExportDialog

LETTER = PageFormat("Letter", "en-US")


def test_the_dialog_offers_the_paper_and_the_window_remembers_it(open_window, qtbot, tmp_path,
                                                                 monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    dialog = ExportDialog([], None)
    assert dialog.ui.paperCombo.currentData() == "Letter"  # from the locale
    assert dialog.options().page == LETTER
    dialog.ui.paperCombo.setCurrentIndex(dialog.ui.paperCombo.findData("A4"))
    assert dialog.options().page == PageFormat("A4", "en-US")
    assert dialog.ui.paperLabel.buddy() is dialog.ui.paperCombo
    dialog.deleteLater()

    window = open_window()
    start_session(qtbot, window)
    target = tmp_path / "guide.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), a[3]))

    def choose_a4(dialog):
        assert dialog.ui.paperCombo.currentData() == "Letter"
        dialog.ui.paperCombo.setCurrentIndex(dialog.ui.paperCombo.findData("A4"))

    _answer = answer_export_dialog(choose_a4)
    window.ui.exportAction.trigger()
    qtbot.waitUntil(target.exists)
    assert on_paper(target, "A4")
    assert window.store.state.get(PAPER_KEY) == "A4"
    window.activateWindow()  # the offscreen platform does not give it back after a dialog
    qtbot.waitUntil(window.isActiveWindow)
    offered = []
    _answer = answer_export_dialog(lambda d: offered.append(d.ui.paperCombo.currentData()))
    window.ui.exportAction.trigger()
    assert offered == ["A4"]

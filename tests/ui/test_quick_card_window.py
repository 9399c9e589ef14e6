"""The on-the-spot card from the window: made from the newest final, saved where asked."""

from pathlib import Path

from documents import docx_text
from PySide6.QtWidgets import QFileDialog, QMessageBox

from svcrec_desktop.domain.guide_model import VersionStatus


def test_the_window_saves_the_card_from_the_newest_final(store, open_window, monkeypatch,
                                                         tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome")
    offer = store.guide.add_item(session.id, "offers", {"offer": "Parking pass"})
    store.versions.freeze(session.id, VersionStatus.FINAL)
    store.guide.update_item(offer.id, {"offer": "Not agreed by anyone yet"})
    store.close()
    window = open_window()
    asked, target = [], tmp_path / "card.docx"

    def save_as(_parent, caption, suggested, _filter):
        asked.append((caption, Path(suggested).name))
        return str(target), ""

    def fail(_parent, title, text, *_args):
        raise AssertionError(f"unexpected message: {title}: {text}")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    monkeypatch.setattr(QMessageBox, "warning", fail)
    window.files.export_quick_card()
    assert asked == [("Save the on-the-spot card", "Cardiology’s on-the-spot card.docx")]
    assert "Parking pass" in docx_text(target) and "Final 1" in docx_text(target)

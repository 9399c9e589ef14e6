"""What the window says about its data folder: a folder on a network drive (declared through
the mount table) is explained at start with the offer of this laptop's own folder, a local
one is not; a disk nearly full (a real small tmpfs) is said at start and before a meeting."""

from datetime import date
from pathlib import Path

import pytest
from gui_helpers import start_session, when_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from svcrec_desktop.domain.model import Phase
from svcrec_desktop.store.data_folder import folder_risk
from svcrec_desktop.store.database import Store
from svcrec_desktop.store.lock import InstanceLock
from svcrec_desktop.ui.app import configure, start
from svcrec_desktop.ui.data_folder import FOLDER_TITLE, folder_for_this_run

REAL_MOUNTS = Path("/proc/self/mountinfo").read_text(encoding="utf-8")


def on_network_drive(folder: Path) -> str:
    """The real mount table, with folder's parent declared a network share."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    return f"{REAL_MOUNTS}999 27 0:999 / {folder.parent} rw - cifs //srv/notes rw\n"


@pytest.fixture
def laptop_folder(tmp_path, monkeypatch):
    """This laptop's own data folder, as paths.default_data_dir() names it."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "local"))
    return tmp_path / "local" / "svcrec-desktop"


def answer_box(qtbot, key, seen):
    def find():
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMessageBox) and w.isVisible()), None)

    def act(box):
        seen.append((box.windowTitle(), box.text(), [b.text() for b in box.buttons()]))
        qtbot.keyClick(box, key)

    return when_shown(find, act)


def test_a_network_folder_is_explained_and_this_laptops_folder_offered(
        qapp, qtbot, tmp_path, laptop_folder):
    share = tmp_path / "share" / "svcrec-desktop"
    risk = folder_risk(share, on_network_drive(share))
    seen = []
    answer_box(qtbot, Qt.Key.Key_Return, seen)  # the offer is the default
    assert folder_for_this_run(share, risk) == laptop_folder
    [(title, text, buttons)] = seen
    assert title == FOLDER_TITLE
    assert "a network drive (cifs)" in text and str(laptop_folder) in text
    assert sorted(buttons) == ["&Keep this folder", "&Use a folder on this laptop"]


def test_keep_this_folder_keeps_it(qapp, qtbot, tmp_path, laptop_folder):
    share = tmp_path / "share" / "svcrec-desktop"
    seen = []
    answer_box(qtbot, Qt.Key.Key_Escape, seen)
    assert folder_for_this_run(share, folder_risk(share, on_network_drive(share))) == share
    assert len(seen) == 1


def test_when_this_laptops_folder_is_the_one_at_risk_nothing_else_is_offered(
        qapp, qtbot, laptop_folder):
    seen = []
    answer_box(qtbot, Qt.Key.Key_Return, seen)
    risk = folder_risk(laptop_folder, on_network_drive(laptop_folder))
    assert folder_for_this_run(laptop_folder, risk) == laptop_folder
    [(_title, text, buttons)] = seen
    assert "Ask your IT team" in text and len(buttons) == 1


def test_a_local_folder_is_opened_without_a_word(qapp, data_dir, laptop_folder):
    assert folder_for_this_run(data_dir, folder_risk(data_dir)) == data_dir  # no box waits


def test_a_nearly_full_disk_is_said_before_meeting_1_starts(open_window_in, qtbot,
                                                            small_disk):
    window = open_window_in(small_disk / "data")
    start_session(qtbot, window, meeting=False)
    assert not window.preparation_page.ui.bannerLabel.isVisible()  # preparing: not yet
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.ui.pages.currentWidget() is window.meeting_page
    banner = window.meeting_page.ui.bannerLabel
    assert banner.isVisible() and "nearly full" in banner.text()
    assert "MB left" in banner.text()


def test_a_meeting_on_a_roomy_disk_says_nothing(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    assert not window.meeting_page.ui.bannerLabel.isVisible()


def test_a_nearly_full_disk_is_said_at_start(qapp, qtbot, small_disk, playbook):
    data_dir = small_disk / "data"
    store = Store.open(data_dir)
    session = store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id,
                                    meeting_date=date.today())
    store.sessions.set_phase(session.id, Phase.PREPARING)
    store.close()
    configure(qapp)
    lock = InstanceLock(data_dir)
    window = start(data_dir, lock)
    try:
        qtbot.addWidget(window)
        assert window.ui.pages.currentWidget() is window.preparation_page
        assert "nearly full" in window.preparation_page.ui.bannerLabel.text()
    finally:
        QApplication.processEvents()  # the start's own queued work, before the store closes
        window.close()
        window.store.close()
        lock.release()

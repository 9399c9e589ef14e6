"""Backups as the facilitator meets them: taken quietly, restored from the Session menu."""

from gui_helpers import start_session, type_note, when_shown
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from svcrec_desktop.store.backups import list_backups
from svcrec_desktop.ui.home.restore_dialog import RestoreBackupDialog


def stored_texts(window) -> list[str]:
    return [n.text for n in window.store.notes.of_session(window.session.id)]


def restore_dialog():
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, RestoreBackupDialog)]
    return found[0] if found else None


def test_backups_are_taken_while_notes_change(open_window, data_dir, qtbot):
    window = open_window()
    window.backups.autobackup.every_seconds = 0
    window.backups.timer.setInterval(50)
    start_session(qtbot, window)
    assert list_backups(data_dir) == []
    type_note(qtbot, window, "worth keeping a copy of")
    qtbot.waitUntil(lambda: len(list_backups(data_dir)) == 1)
    assert list_backups(data_dir)[0].contents() == "1 session, 1 note"


def test_closing_the_window_takes_a_backup(open_window, data_dir, qtbot):
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, "backed up at close")
    window.close()
    [backup] = list_backups(data_dir)
    assert backup.occasion == "taken when a session closed"
    assert backup.contents() == "1 session, 1 note"


def test_a_closed_window_checks_for_backups_no_more(open_window, qtbot):
    window = open_window()
    window.backups.timer.setInterval(10)
    window.close()
    window.store.close()  # a tick now would fail on the closed database
    qtbot.wait(100)  # an exception in a tick fails the test through pytest-qt
    assert not window.backups.timer.isActive()


def test_restore_a_backup_from_the_session_menu(open_window, data_dir, qtbot):
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, "in the backup")
    window.backups.autobackup.take("auto")
    type_note(qtbot, window, "after the backup")
    qtbot.keyClicks(window.meeting_page.ui.captureEdit, "draft at the time of restoring")

    def choose(dialog):
        assert dialog.ui.backupList.count() == 1
        assert "1 session, 1 note" in dialog.ui.backupList.item(0).text()
        assert "taken during work" in dialog.ui.backupList.item(0).text()
        qtbot.keyClick(dialog.ui.backupList, Qt.Key.Key_Return)

    when_shown(restore_dialog, choose)
    window.ui.restoreBackupAction.trigger()
    assert stored_texts(window) == ["in the backup"]
    assert window.meeting_page.ui.notesList.count() == 1
    banner = window.meeting_page.ui.bannerLabel.text()
    assert "was restored" in banner and ".replaced-" in banner
    kept = [p for p in data_dir.iterdir() if ".replaced-" in p.name and p.suffix != ".sqlite3"]
    assert kept  # the database as it was, with the later note, is still there
    type_note(qtbot, window, "typed after restoring")
    assert stored_texts(window) == ["in the backup", "typed after restoring"]
    window.meeting_page._banner_timer.setInterval(50)  # the confirmation goes away by itself
    window.meeting_page.show_info("read and gone")
    qtbot.waitUntil(lambda: not window.meeting_page.ui.bannerLabel.isVisible())


def test_restore_without_backups_says_so(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)

    def look(dialog):
        assert dialog.ui.emptyLabel.isVisible()
        assert not dialog.ui.backupList.isVisible()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_shown(restore_dialog, look)
    window.ui.restoreBackupAction.trigger()
    assert window.session is not None

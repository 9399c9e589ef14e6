"""Disk full, read-only disk, database locked: the person is told, keeps typing, loses nothing.

The faults are real: a tiny tmpfs filled to the brim, the same tmpfs remounted read-only, and
another process holding an exclusive lock on the database.
"""

import subprocess
import sys
import time

from disk_faults import fill
from gui_helpers import start_session, type_note
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from svcrec_desktop import paths


def stored_texts(window) -> list[str]:
    return [n.text for n in window.store.notes.of_session(window.session.id)]


def check_fault_then_recovery(qtbot, window, break_disk, mend_disk, reason: str):
    page = window.meeting_page
    type_note(qtbot, window, "before the fault")
    break_disk()
    big = "x" * 400_000  # large enough that the database must grow
    QApplication.clipboard().setText(f"during the fault 1 {big}")
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.ui.captureEdit, Qt.Key.Key_Return)
    assert reason in page.ui.bannerLabel.text()
    assert "kept in memory" in page.ui.bannerLabel.text()
    assert page.ui.captureEdit.toPlainText() == ""  # the note-taker can go on
    type_note(qtbot, window, "during the fault 2")
    qtbot.keyClicks(page.ui.captureEdit, "typing continues")
    waiting = page.ui.notesList
    labels = [waiting.item(i).text() for i in range(waiting.count())]
    assert sum(label.startswith("Not saved yet") for label in labels) == 2
    assert stored_texts(window) == ["before the fault"]
    mend_disk()
    qtbot.waitUntil(lambda: not page.outbox, timeout=10_000)
    assert stored_texts(window) == [
        "before the fault", f"during the fault 1 {big}", "during the fault 2",
    ]
    assert not page.ui.bannerLabel.isVisible()
    qtbot.waitUntil(lambda: window.store.notes.draft(window.session.id) == "typing continues")


def test_disk_full(open_window_in, small_disk, qtbot):
    window = open_window_in(small_disk / "data")
    start_session(qtbot, window)
    check_fault_then_recovery(
        qtbot, window,
        break_disk=lambda: fill(small_disk),
        mend_disk=lambda: (small_disk / "filler").unlink(),
        reason="disk is full",
    )


def test_database_turns_read_only_while_typing(open_window_in, data_dir, qtbot):
    # Linux refuses to remount a file system read-only while SQLite holds the file open, so the
    # fault is injected in SQLite itself: the app's own connection starts refusing writes.
    window = open_window_in(data_dir)
    start_session(qtbot, window)
    check_fault_then_recovery(
        qtbot, window,
        break_disk=lambda: window.store.connection.execute("pragma query_only = on"),
        mend_disk=lambda: window.store.connection.execute("pragma query_only = off"),
        reason="cannot be written to",
    )


HOLD_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("begin exclusive")
print("LOCKED", flush=True)
sys.stdin.readline()
db.execute("rollback")
"""


def test_database_locked_by_another_process(open_window_in, data_dir, qtbot):
    window = open_window_in(data_dir)
    start_session(qtbot, window)
    holder = None

    def lock():
        nonlocal holder
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD_LOCK, str(paths.database_file(data_dir))],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert holder.stdout.readline().strip() == "LOCKED"

    def unlock():
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(timeout=10)

    started = time.monotonic()
    check_fault_then_recovery(qtbot, window, lock, unlock, reason="in use by another program")
    assert holder.returncode == 0
    assert time.monotonic() - started < 60  # the window never hung


def test_keystrokes_never_wait_for_a_failing_disk(open_window_in, small_disk, qtbot):
    window = open_window_in(small_disk / "data")
    start_session(qtbot, window)
    fill(small_disk)
    window.store.connection.execute("pragma query_only = on")
    capture = window.meeting_page.ui.captureEdit
    qtbot.keyClicks(capture, "still typing")
    qtbot.keyClick(capture, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(capture, "and more")
    assert capture.toPlainText() == "still typing\nand more"
    with qtbot.waitSignal(window.meeting_page.capture.draftFailed, timeout=5000):
        pass
    assert "cannot be written" in window.meeting_page.ui.bannerLabel.text()
    window.store.connection.execute("pragma query_only = off")
    (small_disk / "filler").unlink()
    qtbot.waitUntil(lambda: window.store.notes.draft(window.session.id) == "still typing\nand more",
                    timeout=10_000)


def test_a_backup_on_a_full_disk_is_reported_and_leaves_nothing_behind(
        open_window_in, small_disk, qtbot):
    window = open_window_in(small_disk / "data")
    start_session(qtbot, window)
    capture = window.meeting_page.ui.captureEdit
    capture.insertPlainText("x" * 200_000)  # pasted; a backup of it no longer fits once full
    qtbot.keyClick(capture, Qt.Key.Key_Return)
    fill(small_disk)
    window.backups.back_up(window.backups.autobackup.close)
    assert "No backup was taken" in window.statusBar().currentMessage()
    assert "disk is full" in window.statusBar().currentMessage()
    backups = paths.backups_dir(small_disk / "data")
    assert list(backups.iterdir()) == []  # no half-written copy
    (small_disk / "filler").unlink()
    window.backups.back_up(window.backups.autobackup.close)
    [backup] = backups.iterdir()
    assert stored_texts(window) == ["x" * 200_000]
    assert backup.stat().st_size > 200_000

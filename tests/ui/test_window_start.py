"""Starting the window: one copy per data folder, stale locks, a damaged database."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from svcrec_desktop import paths
from svcrec_desktop.store.backups import take_backup
from svcrec_desktop.store.database import Store
from svcrec_desktop.store.lock import InstanceLock
from svcrec_desktop.ui.app import configure, start

DRIVER = Path(__file__).resolve().parents[1] / "support" / "crash_driver.py"


@pytest.fixture
def messages(monkeypatch):
    """What the message boxes would have said, by kind (the boxes are modal); "titles" holds
    every box's title in order."""
    said: dict[str, list[str]] = {"information": [], "warning": [], "critical": []}
    titles = said["titles"] = []

    def box(kind: str):
        return lambda _parent, title, text, *_a: (titles.append(title), said[kind].append(text))

    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, box(kind))
    return said


@pytest.fixture
def starter(qapp, qtbot):
    """start() as the application calls it; closes what it opened."""
    configure(qapp)
    opened = []

    def go(data_dir):
        lock = InstanceLock(data_dir)
        window = start(data_dir, lock)
        if window is not None:
            qtbot.addWidget(window)
            opened.append((window, lock))
        return window

    yield go
    for window, lock in opened:
        window.close()
        window.store.close()
        lock.release()


def test_a_second_copy_is_told_and_touches_nothing(data_dir, starter, messages):
    first = subprocess.Popen(
        [sys.executable, str(DRIVER), str(data_dir), "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        while first.stdout.readline().strip() != "READY":
            assert first.poll() is None, first.stderr.read()
        assert starter(data_dir) is None
        assert "already open" in messages["information"][0]
        assert messages["critical"] == []
    finally:
        first.send_signal(signal.SIGKILL)  # the lock it held is now stale
        first.wait()
    window = starter(data_dir)
    assert window is not None, messages
    assert window.session.department == "Crash Test Unit"


def test_a_damaged_database_is_replaced_by_its_backup_with_a_message(
        data_dir, starter, messages):
    store = Store.open(data_dir)
    session = store.sessions.create("Oncology", first_step="welcome")
    store.notes.add(session.id, "q1", "saved before the backup")
    take_backup(store)
    store.close()
    paths.database_file(data_dir).write_bytes(b"\0" * 8192)
    window = starter(data_dir)
    assert window is not None
    [message] = messages["warning"]
    assert "damaged" in message and "was restored" in message
    assert window.session.department == "Oncology"
    assert [n.text for n in window.store.notes.of_session(window.session.id)] == [
        "saved before the backup"]


def test_an_emptied_database_read_by_a_command_is_still_restored_by_the_window(
        data_dir, starter, messages):
    """The reported case: a command read the emptied file first, then the window started."""
    store = Store.open(data_dir)
    session = store.sessions.create("Oncology", first_step="welcome")
    store.notes.add(session.id, "q1", "only the backup still has this")
    backup = take_backup(store)
    store.close()
    database = paths.database_file(data_dir)
    database.write_bytes(b"")
    listing = subprocess.run([sys.executable, "-m", "svcrec_desktop", "sessions", "--data-dir",
                              str(data_dir)], capture_output=True, text=True, timeout=120)
    assert listing.returncode == 2 and "restore-backup" in listing.stderr
    assert database.stat().st_size == 0  # the evidence is still there for the window
    window = starter(data_dir)
    assert messages["titles"] == ["The database was restored from a backup"]
    [text] = messages["warning"]
    assert "damaged (the file is empty)" in text and backup.name in text
    assert [n.text for n in window.store.notes.of_session(window.session.id)] == [
        "only the backup still has this"]


def test_damage_without_a_backup_is_told_truly(data_dir, starter, messages):
    Store.open(data_dir).close()
    database = paths.database_file(data_dir)
    database.unlink()
    database.mkdir()  # a folder where the database should be
    window = starter(data_dir)
    assert window is not None and window.store.sessions.all() == []
    assert messages["titles"] == ["The database was damaged and no good backup was found"]
    [text] = messages["warning"]
    assert "a folder is where the database file should be" in text
    assert "new, empty database was started" in text and "restored" not in text
    [aside] = data_dir.glob(f"{paths.DATABASE_NAME}.damaged-*")
    assert aside.is_dir() and aside.name in text  # kept aside, never deleted


def test_a_missing_database_is_restored_from_its_backup(data_dir, starter, messages):
    store = Store.open(data_dir)
    store.sessions.create("Radiology", first_step="welcome")
    take_backup(store)
    store.close()
    paths.database_file(data_dir).unlink()
    window = starter(data_dir)
    assert messages["titles"] == ["The database was restored from a backup"]
    assert "The database was missing." in messages["warning"][0]
    assert window.session.department == "Radiology"


def test_a_data_folder_that_cannot_be_used_is_explained(tmp_path, starter, messages):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    assert starter(blocker) is None
    assert messages["critical"] and "data folder" in messages["critical"][0]

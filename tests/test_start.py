"""Starting the window: one copy per data folder, stale locks, a damaged database."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from svcrec_desktop import paths
from svcrec_desktop.backups import take_backup
from svcrec_desktop.instance_lock import AlreadyOpen, InstanceLock
from svcrec_desktop.storage import Store
from svcrec_desktop.ui.app import configure, report_unexpected, start

DRIVER = Path(__file__).with_name("crash_driver.py")


@pytest.fixture
def messages(monkeypatch):
    """What the message boxes would have said, by kind (the boxes are modal)."""
    said: dict[str, list[str]] = {"information": [], "warning": [], "critical": []}
    for kind, texts in said.items():
        monkeypatch.setattr(QMessageBox, kind,
                            lambda _parent, _title, text, *_a, _t=texts: _t.append(text))
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


def test_a_second_lock_on_the_same_folder_is_refused(data_dir):
    with InstanceLock(data_dir), pytest.raises(AlreadyOpen, match="already open"):
        InstanceLock(data_dir).acquire()
    with InstanceLock(data_dir):  # released: free again
        pass


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
    session = store.create_session("Oncology", first_step="welcome")
    store.add_note(session.id, "q1", "saved before the backup")
    take_backup(store)
    store.close()
    paths.database_file(data_dir).write_bytes(b"\0" * 8192)
    window = starter(data_dir)
    assert window is not None
    [message] = messages["warning"]
    assert "damaged" in message and "was restored" in message
    assert window.session.department == "Oncology"
    assert [n.text for n in window.store.notes(window.session.id)] == ["saved before the backup"]


def test_a_data_folder_that_cannot_be_used_is_explained(tmp_path, starter, messages):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    assert starter(blocker) is None
    assert messages["critical"] and "data folder" in messages["critical"][0]


def test_an_unexpected_error_shows_and_logs_no_note_text(qapp, capfd, messages):
    secret = "Mrs Alvarez, MRN 00482913, DOB 03/14/1962"
    try:
        raise ValueError(f"could not parse note {secret!r}")
    except ValueError as exc:
        report_unexpected(type(exc), exc, exc.__traceback__)
    printed = capfd.readouterr()
    assert "Unexpected ValueError" in printed.err
    assert "test_an_unexpected_error_shows_and_logs_no_note_text" in printed.err
    [shown] = messages["critical"]
    for part in ("Alvarez", "00482913", "1962"):
        assert part not in printed.out + printed.err + shown

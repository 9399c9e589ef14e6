"""Automatic backups and recovery from a damaged database, on real SQLite files."""

import shutil
import sqlite3
import stat

import pytest
from disk_faults import remount
from samples import HOSTILE_TEXTS

from svcrec_desktop import paths
from svcrec_desktop.store.backups import (
    KEEP,
    AutoBackup,
    find_damage,
    list_backups,
    problem_with,
    recover_if_damaged,
    restore_backup,
    take_backup,
)
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.store.lock import InstanceLock


def texts(store: Store) -> list[str]:
    return [note.text for session in store.sessions.all()
            for note in store.notes.of_session(session.id)]


def filled_store(data_dir, *notes: str) -> Store:
    store = Store.open(data_dir)
    session = store.sessions.create("Cardiology", first_step="welcome")
    for text in notes:
        store.notes.add(session.id, "q1", text)
    return store


def test_backup_is_a_private_consistent_copy(data_dir):
    store = filled_store(data_dir, *HOSTILE_TEXTS.values())
    path = take_backup(store)  # the notes are still in the write-ahead log here
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert problem_with(path) is None
    copy = Store.open(data_dir / "copy")
    copy.close()
    shutil.copyfile(path, paths.database_file(data_dir / "copy"))
    copy = Store.open(data_dir / "copy")
    assert texts(copy) == list(HOSTILE_TEXTS.values())
    assert list(path.parent.iterdir()) == [path]  # no temporary file left
    copy.close()
    store.close()


def test_only_the_newest_backups_are_kept(data_dir):
    store = filled_store(data_dir, "one")
    taken = [take_backup(store, f"n{i}") for i in range(KEEP + 3)]
    kept = list_backups(data_dir)
    assert [b.path for b in kept] == taken[::-1][:KEEP]
    assert kept[0].contents() == "1 session, 1 note"
    store.close()


def test_auto_backup_waits_for_changes_and_time(data_dir):
    store = filled_store(data_dir)
    now = [0.0]
    auto = AutoBackup(store, every_seconds=300, clock=lambda: now[0])
    now[0] = 1000
    assert auto.tick() is None  # nothing changed
    store.notes.add(store.sessions.latest().id, "q1", "a change")
    now[0] = 1100
    assert auto.tick() is not None  # changed, and five minutes since the start
    store.notes.add(store.sessions.latest().id, "q1", "another")
    now[0] = 1200
    assert auto.tick() is None  # changed, but the last backup is recent
    assert auto.close() is not None  # closing backs up what changed
    assert auto.close() is None
    assert len(list_backups(data_dir)) == 2
    store.close()


def test_a_healthy_database_left_by_a_crash_is_not_taken_for_damaged(data_dir, tmp_path):
    store = filled_store(data_dir, "kept in the write-ahead log")
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    for suffix in ("", "-wal", "-shm"):  # the files as kill -9 leaves them
        source = paths.database_file(data_dir).with_name(paths.DATABASE_NAME + suffix)
        shutil.copyfile(source, crashed / source.name)
    store.close()
    assert recover_if_damaged(crashed) is None
    reopened = Store.open(crashed)
    assert texts(reopened) == ["kept in the write-ahead log"]
    reopened.close()


def truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def zero(path):
    path.write_bytes(b"\0" * path.stat().st_size)


def garbage(path):
    path.write_bytes(b"this is not a database at all " * 300)


def empty(path):
    path.write_bytes(b"")


def flip_pages(path):
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 97):  # leave the header, spoil the b-tree pages
        data[offset] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [truncate, zero, garbage, empty, flip_pages])
def test_damaged_database_is_set_aside_and_newest_good_backup_restored(data_dir, damage):
    store = filled_store(data_dir, "in the old backup")
    take_backup(store)
    store.notes.add(store.sessions.latest().id, "q1", "in the new backup")
    newest = take_backup(store)
    for i in range(200):  # grow the database so that damage reaches real pages
        store.notes.add(store.sessions.latest().id, "q2", f"after the last backup {i} " * 20)
    store.connection.execute("pragma wal_checkpoint(truncate)")
    store.close()
    database = paths.database_file(data_dir)
    damage(database)
    recovery = recover_if_damaged(data_dir)
    assert recovery.title == "The database was restored from a backup"
    message = recovery.text
    assert "was restored" in message
    assert list_backups(data_dir)[0].label in message and newest.name in message
    aside = [p for p in data_dir.iterdir() if p.name.startswith(f"{database.name}.damaged-")
             and not p.name.endswith(("-wal", "-shm"))]  # its companions go along with it
    assert len(aside) == 1 and aside[0].name in message  # kept, with a timestamp
    assert problem_with(database) is None
    store = Store.open(data_dir)
    assert texts(store) == ["in the old backup", "in the new backup"]
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert newest.exists()
    store.close()


def test_a_damaged_backup_is_skipped(data_dir):
    store = filled_store(data_dir, "first")
    take_backup(store)
    store.notes.add(store.sessions.latest().id, "q1", "second")
    take_backup(store)
    store.close()
    garbage(list_backups(data_dir)[0].path)
    garbage(paths.database_file(data_dir))
    assert "was restored" in recover_if_damaged(data_dir).text
    store = Store.open(data_dir)
    assert texts(store) == ["first"]
    store.close()


def test_without_a_good_backup_a_new_database_starts(data_dir):
    filled_store(data_dir, "lost unless someone repairs the file").close()
    garbage(paths.database_file(data_dir))
    recovery = recover_if_damaged(data_dir)
    assert recovery.title == "The database was damaged and no good backup was found"
    message = recovery.text
    assert "no good backup" in message and "new, empty database" in message
    assert "restored" not in recovery.title + message
    store = Store.open(data_dir)
    assert store.sessions.all() == []
    store.close()
    assert any(".damaged-" in p.name for p in data_dir.iterdir())


def test_an_empty_file_without_backups_is_a_new_database(data_dir):
    data_dir.mkdir()
    paths.database_file(data_dir).write_bytes(b"")
    assert recover_if_damaged(data_dir) is None


def test_restore_puts_a_backup_in_place_of_a_live_store(data_dir):
    store = filled_store(data_dir, "before the backup")
    take_backup(store)
    store.notes.add(store.sessions.latest().id, "q1", "after the backup")
    aside = restore_backup(store, list_backups(data_dir)[0])
    assert texts(store) == ["before the backup"]  # the same Store, connected again
    store.notes.add(store.sessions.latest().id, "q1", "written after restoring")
    assert texts(store) == ["before the backup", "written after restoring"]
    kept = sqlite3.connect(aside)
    assert [r[0] for r in kept.execute("select text from notes")] == [
        "before the backup", "after the backup",
    ]
    kept.close()
    store.close()


def test_a_damaged_backup_is_not_restored(data_dir):
    store = filled_store(data_dir, "current")
    take_backup(store)
    garbage(list_backups(data_dir)[0].path)
    with pytest.raises(StorageError, match="damaged and was not restored"):
        restore_backup(store, list_backups(data_dir)[0])
    assert texts(store) == ["current"]
    store.close()


def test_every_file_in_the_data_folder_is_private(data_dir):
    with InstanceLock(data_dir):
        store = filled_store(data_dir, "patient details may be in here")
        take_backup(store)
        files = [p for p in data_dir.rglob("*") if p.is_file()]
        assert {p.name for p in files} >= {"svcrec.sqlite3", "svcrec.sqlite3-wal",
                                           "svcrec.sqlite3-shm", "svcrec.lock"}
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
        for folder in [data_dir, *(p for p in data_dir.rglob("*") if p.is_dir())]:
            assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder.name
        store.close()


def test_a_missing_database_with_only_damaged_backups_is_told_truly(data_dir):
    store = filled_store(data_dir, "gone")
    garbage(take_backup(store))
    store.close()
    paths.database_file(data_dir).unlink()
    damage = find_damage(data_dir)
    assert (damage.missing, damage.backup) == (True, None)
    recovery = recover_if_damaged(data_dir)
    assert recovery.title == "The database was missing and no good backup was found"
    assert "new, empty database was started" in recovery.text


def test_a_folder_in_place_of_the_database_is_kept_aside_and_the_backup_restored(data_dir):
    store = filled_store(data_dir, "in the backup")
    take_backup(store)
    store.close()
    database = paths.database_file(data_dir)
    database.unlink()
    database.mkdir()
    (database / "something someone put here").write_text("kept")
    assert find_damage(data_dir).problem == "a folder is where the database file should be"
    assert "was restored" in recover_if_damaged(data_dir).text
    [aside] = data_dir.glob(f"{database.name}.damaged-*")
    assert (aside / "something someone put here").read_text() == "kept"
    store = Store.open(data_dir)
    assert texts(store) == ["in the backup"]
    store.close()


def test_looking_for_damage_writes_nothing(data_dir):
    store = filled_store(data_dir, "in the backup")
    take_backup(store)
    store.close()
    database = paths.database_file(data_dir)
    garbage(database)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    assert find_damage(data_dir).problem == "the file is not a database"
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before


def test_a_database_that_cannot_be_read_is_not_taken_for_damaged(small_disk, data_dir):
    store = filled_store(data_dir, "first", "only in the write-ahead log")
    kept = small_disk / "data"
    kept.mkdir()
    for suffix in ("", "-wal"):  # a crash's files, without the shared-memory index
        name = paths.DATABASE_NAME + suffix
        shutil.copyfile(data_dir / name, kept / name)
    store.close()
    remount(small_disk, "ro")  # so SQLite cannot rebuild the index to read the log
    with pytest.raises(StorageError, match="log file"):
        recover_if_damaged(kept)
    assert sorted(p.name for p in kept.iterdir()) == [paths.DATABASE_NAME,
                                                      f"{paths.DATABASE_NAME}-wal"]

"""Commands that only read never create, migrate or write the database, work on a read-only
folder, and stop on a missing or damaged database with one line and exit status 2, naming
the backup that can replace it. Run as subprocesses, as a person runs them."""

import hashlib
import shutil
import sqlite3

import pytest
from disk_faults import remount
from test_cli import run
from test_migrations import FIXTURES, database_from

from svcrec_desktop import paths
from svcrec_desktop.store.backups import list_backups, take_backup
from svcrec_desktop.store.database import Store

# Every command that only reads, with what it needs besides --data-dir (outputs go to OUT).
READERS = {
    "sessions": [],
    "export": ["--session", "Cardiology", "--out", "{out}/guide.docx"],
    "export-session": ["--session", "Cardiology", "--out", "{out}/session.svcrec.json"],
    "quick-card": ["--session", "Cardiology", "--out", "{out}/card.docx"],
    "register-csv": ["--session", "Cardiology", "--out", "{out}/register.csv"],
    "privacy-check": ["--session", "Cardiology"],
}


def read(command: str, data_dir, out):
    extra = [part.format(out=out) for part in READERS[command]]
    return run(command, "--data-dir", str(data_dir), *extra)


def fill(data_dir, *notes: str) -> Store:
    store = Store.open(data_dir)
    session = store.sessions.create("Cardiology", first_step="welcome")
    for text in notes:
        store.notes.add(session.id, "q1", text)
    return store


def backed_up(data_dir) -> str:
    """A database with a note and a backup of it; returns the backup's label."""
    store = fill(data_dir, "kept in the backup")
    take_backup(store)
    store.close()
    return list_backups(data_dir)[0].label


def state_of(folder) -> dict[str, str]:
    """Every file and folder under folder, with a digest of each file's bytes.

    Left out: the shared-memory index (-shm) and an empty log (-wal) that SQLite itself makes
    beside a WAL database for any reader, when the folder lets it; they hold nothing.
    """
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            if p.is_file() else "folder" for p in sorted(folder.rglob("*"))
            if not p.name.endswith("-shm")
            and not (p.name.endswith("-wal") and p.stat().st_size == 0)}


def one_error(result, *parts: str, status: int = 2) -> None:
    assert result.returncode == status, result.stderr
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("svcrec-desktop: error: ")
    for part in parts:
        assert part in result.stderr, (part, result.stderr)


def empty(database):
    database.write_bytes(b"")


def folder(database):
    database.unlink()
    database.mkdir()


def garbage(database):
    database.write_bytes(b"these are not the notes you are looking for " * 200)


def spoiled(database):
    data = bytearray(database.read_bytes())
    for offset in range(4096, len(data), 97):  # the header stays, the pages are spoiled
        data[offset] ^= 0x5A
    database.write_bytes(bytes(data))


DAMAGE = {
    empty: "the file is empty",
    folder: "a folder is where the database file should be",
    garbage: "the file is not a database",
    spoiled: "parts of the file are damaged",
}


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda d: d.__name__)
@pytest.mark.parametrize("command", ["sessions", "export"])
def test_damage_is_told_in_one_line_and_nothing_is_written(data_dir, tmp_path, command, damage):
    label = backed_up(data_dir)
    store = fill(tmp_path / "big", *[f"a longer note {i} " * 40 for i in range(60)])
    store.close()  # a database big enough for spoiled pages to matter
    shutil.copyfile(paths.database_file(tmp_path / "big"), paths.database_file(data_dir))
    damage(paths.database_file(data_dir))
    before = state_of(data_dir)
    result = read(command, data_dir, tmp_path)
    one_error(result, f"The database in {data_dir} is damaged ({DAMAGE[damage]})",
              f"The newest good backup is from {label} (backups/svcrec-",
              "open the window to restore it", "svcrec-desktop restore-backup --data-dir")
    assert state_of(data_dir) == before


@pytest.mark.parametrize("command", READERS)
def test_every_reader_refuses_an_emptied_database_and_leaves_it_as_evidence(
        data_dir, tmp_path, command):
    backed_up(data_dir)
    empty(paths.database_file(data_dir))
    before = state_of(data_dir)
    one_error(read(command, data_dir, tmp_path), "is damaged (the file is empty)")
    assert state_of(data_dir) == before
    assert paths.database_file(data_dir).stat().st_size == 0


def test_a_missing_database_with_backups_is_told(data_dir, tmp_path):
    label = backed_up(data_dir)
    paths.database_file(data_dir).unlink()
    one_error(read("sessions", data_dir, tmp_path), "The database in", "is missing", label)
    assert not paths.database_file(data_dir).exists()


def test_damage_without_a_good_backup_says_so(data_dir, tmp_path):
    fill(data_dir, "no backup of this").close()
    garbage(paths.database_file(data_dir))
    one_error(read("export", data_dir, tmp_path), "is damaged (the file is not a database)",
              "No good backup was found")


def test_a_folder_with_nothing_saved_lists_nothing_and_is_not_created(tmp_path):
    nowhere = tmp_path / "never-used"
    result = read("sessions", nowhere, tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    one_error(read("quick-card", nowhere, tmp_path), f"There is no database in {nowhere} yet")
    assert not nowhere.exists()


def test_readers_change_nothing_in_the_database(data_dir, tmp_path):
    store = fill(data_dir, "a note")
    store.sessions.create("Oncology", first_step="welcome")  # the one the window reopens
    remembered = store.state.get("last_session_id")
    store.close()
    database = paths.database_file(data_dir)
    before = database.read_bytes()
    for command in READERS:
        result = read(command, data_dir, tmp_path)
        assert result.returncode == 0, (command, result.stderr)
    assert database.read_bytes() == before
    store = Store.open(data_dir)
    assert store.state.get("last_session_id") == remembered
    store.close()


def read_only(mount, data_dir) -> None:
    """The database and its folder made read-only, then the whole file system."""
    for path in data_dir.rglob("*"):
        path.chmod(0o444 if path.is_file() else 0o555)
    data_dir.chmod(0o555)
    remount(mount, "ro")


def test_every_reader_works_in_a_read_only_folder(small_disk, tmp_path):
    data_dir = small_disk / "data"
    fill(data_dir, "read from a read-only disk").close()
    read_only(small_disk, data_dir)
    before = state_of(data_dir)
    for command in READERS:
        result = read(command, data_dir, tmp_path)
        assert result.returncode == 0, (command, result.stderr)
    assert read("sessions", data_dir, tmp_path).stdout.split("\t")[3] == "1 note"
    assert "read from a read-only disk" in (tmp_path / "session.svcrec.json").read_text("utf-8")
    assert state_of(data_dir) == before


def crashed_copy(source_dir, target_dir) -> None:
    """The database as kill -9 leaves it: the last notes only in the write-ahead log."""
    target_dir.mkdir()
    for suffix in ("", "-wal", "-shm"):
        name = paths.DATABASE_NAME + suffix
        shutil.copyfile(source_dir / name, target_dir / name)


def test_a_read_only_folder_left_by_a_crash_is_read_whole(small_disk, data_dir, tmp_path):
    store = fill(data_dir, "first", "second, only in the log")
    crashed_copy(data_dir, small_disk / "data")
    store.close()
    read_only(small_disk, small_disk / "data")
    result = read("sessions", small_disk / "data", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\t2 notes\t" in result.stdout


def test_a_log_that_cannot_be_read_read_only_is_refused_not_ignored(
        small_disk, data_dir, tmp_path):
    store = fill(data_dir, "first", "second, only in the log")
    crashed_copy(data_dir, small_disk / "data")
    store.close()
    (small_disk / "data" / f"{paths.DATABASE_NAME}-shm").unlink()
    read_only(small_disk, small_disk / "data")
    result = read("sessions", small_disk / "data", tmp_path)
    one_error(result, "wait in its log file", "read-only", status=1)


def test_damage_in_a_read_only_folder_is_told(small_disk, tmp_path):
    data_dir = small_disk / "data"
    label = backed_up(data_dir)
    empty(paths.database_file(data_dir))
    read_only(small_disk, data_dir)
    one_error(read("sessions", data_dir, tmp_path), "is damaged (the file is empty)", label)


def test_an_older_schema_is_read_without_upgrading_the_file(data_dir, tmp_path):
    database = database_from(FIXTURES[0], data_dir)
    before = database.read_bytes()
    result = read("sessions", data_dir, tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(line.split("\t")[-1] for line in result.stdout.splitlines()) == [
        "Emergency Department", "Surgical Services"]
    result = run("export-session", "--data-dir", str(data_dir), "--session",
                 "Emergency Department", "--out", str(tmp_path / "old.svcrec.json"))
    assert result.returncode == 0, result.stderr
    assert database.read_bytes() == before


def test_a_newer_schema_is_refused_in_one_sentence(data_dir, tmp_path):
    fill(data_dir, "a note").close()
    database = paths.database_file(data_dir)
    with sqlite3.connect(database) as db:
        db.execute("insert into _sqlite_migrations (migration_set, name, applied_at) "
                   "values ('svcrec', 'm999_from_a_later_release', '2030-01-01')")
    db.close()
    before = database.read_bytes()
    one_error(read("export", data_dir, tmp_path), "saved by a newer release", status=1)
    assert database.read_bytes() == before


def test_restore_backup_puts_the_newest_good_backup_in_place(data_dir, tmp_path):
    label = backed_up(data_dir)
    empty(paths.database_file(data_dir))
    result = run("restore-backup", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr
    assert label in result.stdout and "was restored" in result.stdout
    [aside] = data_dir.glob(f"{paths.DATABASE_NAME}.damaged-*")
    assert aside.stat().st_size == 0 and aside.name in result.stdout  # kept, not deleted
    assert "\t1 note\tCardiology" in read("sessions", data_dir, tmp_path).stdout
    again = run("restore-backup", "--data-dir", str(data_dir))
    assert again.returncode == 0 and "is sound; nothing was restored" in again.stdout


def test_restore_backup_without_a_good_backup_changes_nothing(data_dir, tmp_path):
    fill(data_dir, "no backup of this").close()
    garbage(paths.database_file(data_dir))
    before = state_of(data_dir)
    one_error(run("restore-backup", "--data-dir", str(data_dir)), "No good backup was found")
    assert {k: v for k, v in state_of(data_dir).items() if k != "svcrec.lock"} == before


def test_an_import_does_not_write_over_an_emptied_database(data_dir, tmp_path):
    fill(tmp_path / "other laptop", "from the other laptop").close()
    carried = tmp_path / "carried.svcrec.json"
    assert read("export-session", tmp_path / "other laptop", tmp_path).returncode == 0
    (tmp_path / "session.svcrec.json").rename(carried)
    label = backed_up(data_dir)
    empty(paths.database_file(data_dir))
    one_error(run("import-session", str(carried), "--data-dir", str(data_dir)),
              "is damaged (the file is empty)", label)
    assert paths.database_file(data_dir).stat().st_size == 0

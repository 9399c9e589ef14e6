"""Automatic backups, and recovery when the database file is damaged.

Backups are consistent copies made with SQLite's online backup API (safe while the window is
writing), kept in a small rotating set beside the database with the same private mode. At
start a damaged database is moved aside, never deleted, and the newest good backup takes
its place (a missing one is replaced too); the command line finds damage the same way. What
is erased from the database (a redaction, a deletion made final, the bin emptied) is erased
from every backup too, so no older copy keeps it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from svcrec_desktop import paths
from svcrec_desktop.domain.model import counted
from svcrec_desktop.store import erasure
from svcrec_desktop.store.connection import StorageError, connect_for_reading, explain
from svcrec_desktop.store.copies import BACKUP_STAMP, backup_file, copy_database
from svcrec_desktop.store.database import Store

KEEP = 8  # backups kept; the oldest beyond this are deleted
BACKUP_EVERY_SECONDS = 5 * 60  # while the database changes, at most this long between backups
_COMPANIONS = ("", "-wal", "-shm")
_OCCASIONS = {"auto": "taken during work", "close": "taken when a session closed",
              "before-upgrade": "taken before this release upgraded the database"}


@dataclass(frozen=True)
class Backup:
    """One backup file and when it was taken."""

    path: Path
    taken_at: datetime

    @property
    def label(self) -> str:
        return f"{self.taken_at:%d %B %Y, %H:%M:%S}".lstrip("0")

    @property
    def occasion(self) -> str:
        """Why the backup was taken, in words (the reason is the file name's last part)."""
        reason = self.path.stem.split("-", 4)[-1]
        return _OCCASIONS.get(reason, reason)

    def contents(self) -> str:
        """What the backup holds, e.g. "2 sessions, 41 notes", read without changing it."""
        try:
            uri = f"{self.path.as_uri()}?mode=ro"
            with closing(sqlite3.connect(uri, uri=True)) as db:
                sessions = db.execute("select count(*) from sessions").fetchone()[0]
                notes = db.execute(
                    "select count(*) from notes where deleted_at is null"
                ).fetchone()[0]
        except sqlite3.Error:
            return "cannot be read"
        return f"{counted(sessions, 'session')}, {counted(notes, 'note')}"


def take_backup(store: Store, reason: str = "auto") -> Path:
    """Copy the live database into the backups folder and drop the oldest beyond KEEP."""
    folder = paths.backups_dir(store.path.parent)
    try:
        target = backup_file(store.path.parent, reason)
        copy_database(store.connection.conn, target)
        for old in list_backups(store.path.parent)[KEEP:]:
            old.path.unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"No backup was taken. {explain(exc, folder)}") from exc
    return target


def list_backups(data_dir: Path) -> list[Backup]:
    """Backups, newest first."""
    found = []
    for path in paths.backups_dir(data_dir).glob("svcrec-*.sqlite3"):
        try:
            taken = datetime.strptime("-".join(path.stem.split("-")[1:4]), BACKUP_STAMP)
        except ValueError:
            continue
        found.append(Backup(path, taken))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def problem_with(database: Path) -> str | None:
    """None if the file is a sound SQLite database, otherwise what is wrong, in words.

    Only reads: a write-ahead log left by a crash is read too, so such a database is sound.
    A file that cannot be read for another reason (permissions, a folder that is read-only
    while a log waits) is not damage: StorageError says why.
    """
    try:
        with closing(connect_for_reading(database)) as db:
            result = db.execute("pragma quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        name = getattr(exc, "sqlite_errorname", "")
        if name == "SQLITE_NOTADB":
            return "the file is not a database"
        if name.startswith("SQLITE_CORRUPT"):
            return "parts of the file are damaged"
        raise StorageError(explain(exc, database.parent)) from exc
    return None if result == "ok" else "parts of the file are damaged"


def _is_good(backup: Backup) -> bool:
    """Sound and readable: a backup that cannot be read is of no use either."""
    try:
        return problem_with(backup.path) is None
    except StorageError:
        return False


@dataclass(frozen=True)
class Damage:
    """What is wrong with the data folder's database, and the backup that can replace it."""

    problem: str  # in words, e.g. "the file is empty"
    backup: Backup | None  # the newest good backup, if there is one
    missing: bool = False  # no file at all, though backups show there was one


def _problem_in_place(database: Path, backed_up: bool) -> str | None:
    """What stands where the database should be, before SQLite is asked anything."""
    if database.is_dir():
        return "a folder is where the database file should be"
    if not database.is_file():
        return "something that is not a file is where the database file should be"
    if database.stat().st_size == 0:
        # SQLite takes an empty file for a new database; with backups present it was emptied.
        return "the file is empty" if backed_up else None
    return problem_with(database)


def find_damage(data_dir: Path) -> Damage | None:
    """The one check of the database, made by the window at start and by every command before
    it reads or writes; it writes nothing (SQLite may leave its empty read companions, -shm
    and -wal, beside a WAL database in a folder that allows it).

    None when the database is sound, or when nothing was ever saved (no database, or an empty
    file, and no backup). A file that cannot be read for a reason other than damage raises
    StorageError.
    """
    database = paths.database_file(data_dir)
    backups = list_backups(data_dir)
    missing = not database.exists()
    if missing:
        problem = "the database file is missing" if backups else None
    else:
        problem = _problem_in_place(database, bool(backups))
    if problem is None:
        return None
    newest_good = next((backup for backup in backups if _is_good(backup)), None)
    return Damage(problem, newest_good, missing)


@dataclass(frozen=True)
class Recovery:
    """What was done about a damaged or missing database, told in a message's title and text."""

    title: str
    text: str


def _move_aside(database: Path, why: str) -> Path:
    """Rename the database and its companions with a timestamp; nothing is deleted."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = database.with_name(f"{database.name}.{why}-{stamp}")
    for suffix in _COMPANIONS:
        part = database.with_name(database.name + suffix)
        if part.exists():
            os.replace(part, part.with_name(aside.name + suffix))
    return aside


def _put_in_place(backup: Path, database: Path) -> None:
    temporary = database.with_name(f".{database.name}.restoring")
    shutil.copyfile(backup, temporary)
    os.chmod(temporary, 0o600)
    os.replace(temporary, database)


def recover(data_dir: Path, damage: Damage) -> Recovery:
    """Set the damaged database aside (never deleted) and put the newest good backup in its
    place; without a good backup the place is left free for a new, empty database."""
    database = paths.database_file(data_dir)
    try:
        aside = None if damage.missing else _move_aside(database, "damaged")
        if damage.backup is not None:
            _put_in_place(damage.backup.path, database)
    except OSError as exc:
        raise StorageError(explain(exc, data_dir)) from exc
    state = "missing" if damage.missing else "damaged"
    what = state if damage.missing else f"{state} ({damage.problem})"
    kept = "" if aside is None else f" It was moved aside as {aside.name} and is kept for recovery."
    if damage.backup is None:
        return Recovery(
            f"The database was {state} and no good backup was found",
            f"The database was {what} and no good backup was found.{kept} A new, empty "
            "database was started.")
    return Recovery(
        "The database was restored from a backup",
        f"The database was {what}.{kept} The automatic backup from {damage.backup.label} "
        f"({damage.backup.path.name}) was restored; notes taken after that backup may be "
        "missing.")


def recover_if_damaged(data_dir: Path) -> Recovery | None:
    """At start: if the database is damaged or missing, do what recover() says.

    Returns what was done, for the person, or None when all was well.
    """
    damage = find_damage(data_dir)
    return None if damage is None else recover(data_dir, damage)


def restore_backup(store: Store, backup: Backup) -> Path:
    """Put a backup in place of the store's database; the current file is kept aside first.

    The store is connected again afterwards, to the backup or, if restoring failed, to the
    database as it was. Returns the name the earlier database was kept under.
    """
    if not _is_good(backup):
        raise StorageError(f"The backup from {backup.label} is damaged and was not restored.")
    database = store.path
    store.close()
    try:
        aside = _move_aside(database, "replaced")
        try:
            _put_in_place(backup.path, database)
        except OSError:
            for suffix in _COMPANIONS:  # put the earlier database back as it was
                with suppress(OSError):
                    os.replace(aside.with_name(aside.name + suffix),
                               database.with_name(database.name + suffix))
            raise
    except OSError as exc:
        raise StorageError(explain(exc, database.parent)) from exc
    finally:
        store.reconnect()
    return aside


def _rewrite_erased(backup: Path, erasures: erasure.Erasures) -> None:
    """Put the backup back with the erasures done, compacted so no free page is left, in one
    step (as a backup is taken)."""
    with closing(sqlite3.connect(f"{backup.as_uri()}?mode=ro", uri=True)) as source, \
            closing(sqlite3.connect(":memory:", isolation_level=None)) as copy:
        source.backup(copy)
        erasure.apply(copy, erasures)
        copy.execute("vacuum")
        copy_database(copy, backup)


def rewrite_backups(store: Store) -> list[Backup]:
    """Erase from every backup what was erased from the database since the last call
    (store.erasure.erased): each is rewritten whole, private, in one step, or left as it was.

    Returns the backups that could not be rewritten (damaged, or the disk refused); they
    keep the erased words, the caller says so, and the next call tries them again. Nothing
    is done when nothing was erased.
    """
    erasures = store.erasure.erased
    if not erasures:
        return []
    left: list[Backup] = []
    for backup in list_backups(store.path.parent):
        try:
            _rewrite_erased(backup.path, erasures)
        except (OSError, sqlite3.Error):
            left.append(backup)
    if not left:
        store.erasure.erased = erasure.Erasures()
    return left


class AutoBackup:
    """Decides when to back up: every few minutes while things change, and at session close."""

    def __init__(self, store: Store, every_seconds: float = BACKUP_EVERY_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store
        self.every_seconds = every_seconds
        self.clock = clock
        self.restart()

    def restart(self) -> None:
        """Count from now, e.g. after the store was connected again."""
        self._changes = self.store.changes()
        self._taken_at = self.clock()

    @property
    def changed(self) -> bool:
        return self.store.changes() != self._changes

    def tick(self) -> Path | None:
        """Back up if something changed and the last backup is old enough."""
        if self.changed and self.clock() - self._taken_at >= self.every_seconds:
            return self.take("auto")
        return None

    def close(self) -> Path | None:
        """A session is closing: back up whatever changed since the last backup."""
        return self.take("close") if self.changed else None

    def take(self, reason: str) -> Path:
        changes = self.store.changes()
        path = take_backup(self.store, reason)
        self._changes, self._taken_at = changes, self.clock()
        return path

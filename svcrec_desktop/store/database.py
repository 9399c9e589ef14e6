"""Everything the application keeps, in one SQLite file: the Store and how it is opened.

The Store is one Connection (store/connection.py: WAL, synchronous=FULL, foreign keys, the
write guard and the change stamp) and parts that each own their tables: store.sessions,
store.notes, store.guide and so on. A page asks for the parts it uses. A database from an
earlier release is copied into the backups before its schema is brought up to date.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path

from svcrec_desktop import DISPLAY_NAME, paths
from svcrec_desktop.store import migrations
from svcrec_desktop.store.actions import Actions
from svcrec_desktop.store.agenda import AgendaPart
from svcrec_desktop.store.connection import (
    Connection,
    SessionNotFound,
    StorageError,
    connect,
    connect_for_reading,
    explain,
)
from svcrec_desktop.store.copies import backup_file, copy_database
from svcrec_desktop.store.erasure import Erasure
from svcrec_desktop.store.guide import FeedbackPart, Guide
from svcrec_desktop.store.merging import Merging
from svcrec_desktop.store.notes import Notes
from svcrec_desktop.store.preparation import Findings, Tasks
from svcrec_desktop.store.register import Register
from svcrec_desktop.store.search import Search
from svcrec_desktop.store.sessions import Sessions, Times
from svcrec_desktop.store.state import State
from svcrec_desktop.store.versions import Versions

# Where callers have always found them.
__all__ = ["SessionNotFound", "StorageError", "Store", "connect_for_reading", "explain"]


def _opened(path: Path) -> sqlite3.Connection:
    """A connection with the durability settings every write relies on, schema up to date."""
    conn = connect(path)
    try:
        if migrations.pending(conn):
            _copy_before_upgrade(conn, path)
            migrations.apply(conn)
    except StorageError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise StorageError(explain(exc, path.parent)) from exc
    return conn


def _copy_before_upgrade(conn: sqlite3.Connection, path: Path) -> None:
    """A backup of a database holding sessions before this release's migrations change it,
    so an upgrade that goes wrong, or a release taken back, loses nothing."""
    if conn.execute("select 1 from sqlite_master where type = 'table' and name = 'sessions'"
                    ).fetchone() is None:
        return
    try:
        copy_database(conn, backup_file(path.parent, "before-upgrade"))
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"This release needs to upgrade the database, and no backup of it "
                           f"could be taken first, so nothing was changed. {explain(exc)}"
                           ) from exc


def _schema_for_reading(conn: sqlite3.Connection) -> sqlite3.Connection:
    """The database as this release reads it, without changing the file.

    A newer schema is refused, since this release may misread it. An older one is copied into
    memory and upgraded there: the reading code needs the current columns, and a command that
    only reads must not migrate the file the window will open.
    """
    applied = set(migrations.applied(conn))
    if applied - set(migrations.NAMES):
        raise StorageError(f"This database was saved by a newer release of {DISPLAY_NAME}; "
                           "read it with that release.")
    if not migrations.pending(conn):
        return conn
    copy = sqlite3.connect(":memory:", isolation_level=None)
    conn.backup(copy)
    conn.close()
    migrations.apply(copy)
    return copy


class Store:
    """The application's database, in parts that each own their tables."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.path = path
        self.connection = Connection(conn, path)
        db = self.connection
        self.state = State(db)
        self.erasure = Erasure(db, self.state)
        self.notes = Notes(db)
        self.times = Times(db)
        self.agenda = AgendaPart(db)
        self.tasks = Tasks(db)
        self.findings = Findings(db)
        self.sessions = Sessions(db, self.state, self.agenda, self.tasks, self.erasure)
        self.feedback = FeedbackPart(db, self.notes)
        self.guide = Guide(db, self.notes, self.sessions, self.feedback)
        self.versions = Versions(db, self.guide)
        self.register = Register(db)
        self.actions = Actions(db, self.notes, self.guide)
        self.search = Search(db)
        self.merging = Merging(db)

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Open (creating if needed) the database in data_dir and bring its schema up to date."""
        path = paths.database_file(data_dir)
        return cls(_opened(path), path)

    @classmethod
    def open_for_reading(cls, data_dir: Path) -> Store:
        """The database as it is, for a command that only reads: the file is never created,
        migrated or written, and a read-only folder will do."""
        path = paths.database_file(data_dir)
        if not path.is_file():
            raise StorageError(f"There is no database in {data_dir}.")
        try:
            conn = connect_for_reading(path)
            try:
                return cls(_schema_for_reading(conn), path)
            except BaseException:
                conn.close()
                raise
        except sqlite3.Error as exc:
            raise StorageError(explain(exc, data_dir)) from exc

    def close(self) -> None:
        self.connection.close()

    def reconnect(self) -> None:
        """Open the file at self.path again, e.g. after a backup was put in its place."""
        self.connection.close()
        self.connection.reopen(_opened(self.path))

    def changes(self) -> int:
        """Rows written through this connection so far; tells a backup whether anything changed."""
        return self.connection.changes()

    def transaction(self) -> AbstractContextManager[Connection]:
        """Group several store calls into one all-or-nothing write (inner calls join it)."""
        return self.connection.writing()

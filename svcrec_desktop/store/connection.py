"""The one connection to the database that every part of the Store shares.

Every connection runs in WAL mode with synchronous=FULL, so a write that returned is on disk
and survives kill -9 or a power cut; foreign keys are enforced and freed space is zeroed. The
file and its companions are private (mode 0600) because notes may contain patient
information. Failures come back as StorageError with a sentence a facilitator understands; no
note text ever goes into a message.

Plain sqlite3 on purpose: this is the path every start and every typed note takes, and the
library that migrations use costs a noticeable part of a second to import.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Any

from svcrec_desktop.store.values import now

# Short on purpose: a locked database must not freeze typing; the outbox retries instead.
BUSY_TIMEOUT_MS = 200

Row = dict[str, Any]
Args = Sequence[object] | dict[str, object]

_NAME = re.compile(r"[a-z_][a-z0-9_]*")


class StorageError(Exception):
    """Reading or writing the database failed; the message says why in plain words."""


class SessionNotFound(StorageError):
    """No session has the id that was asked for."""

    @classmethod
    def of(cls, session_id: int) -> SessionNotFound:
        return cls(f"There is no session with id {session_id}.")


class RowNotFound(LookupError):
    """A row asked for by its id is not in the table (a mistake in the caller, not the disk)."""


def explain(exc: BaseException, where: Path | None = None) -> str:
    """Turn a database or file-system error into one sentence for the facilitator."""
    text = str(exc).lower()
    place = f" ({where})" if where else ""
    if "disk is full" in text or getattr(exc, "errno", None) == 28:
        return f"The disk is full{place}. Free some space; your text is kept until it can be saved."
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return f"The data folder cannot be written to{place}. Check its permissions."
    if "disk i/o error" in text or getattr(exc, "errno", None) == 30:
        return f"The disk cannot be written to right now{place}."
    if "locked" in text or "busy" in text:
        return "The database is in use by another program. Close it and try again."
    if "not a database" in text or "malformed" in text:
        return f"The database file is damaged{place}."
    if "unable to open" in text:
        return f"The database cannot be opened{place}. Check that the folder exists."
    if isinstance(exc, OSError):
        return f"The data folder cannot be used{place}: {exc.strerror or exc}."
    return f"The database reported a problem{place}: {exc}."


def _private_file(path: Path) -> None:
    """Create the file if needed and make it readable by its owner only."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def connect(path: Path) -> sqlite3.Connection:
    """A private file opened with the durability settings every write relies on."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _private_file(path)
        conn = sqlite3.connect(str(path), isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(explain(exc, path.parent)) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # What is deleted or replaced is overwritten with zeros, not left in free space.
        conn.execute("PRAGMA secure_delete = ON")
        # A row replaced on conflict fires its delete triggers, which keep the search current.
        conn.execute("PRAGMA recursive_triggers = ON")
    except sqlite3.Error as exc:
        conn.close()
        raise StorageError(explain(exc, path.parent)) from exc
    return conn


def _probed(uri: str) -> sqlite3.Connection:
    """Connect and read the schema once, so that a file SQLite cannot open fails here."""
    db = sqlite3.connect(uri, uri=True, isolation_level=None)
    try:
        db.execute("select count(*) from sqlite_master").fetchone()
    except BaseException:
        db.close()
        raise
    return db


def connect_for_reading(path: Path) -> sqlite3.Connection:
    """A connection that can neither create, change nor migrate the file, even in a folder
    nobody may write to.

    SQLite reads a WAL database read-only when its shared-memory file (-shm) exists or can be
    made. In a read-only folder without one, the file is complete on its own if no log (-wal)
    is waiting, and is read as immutable; with a log waiting its last changes cannot be read,
    so it is refused rather than shown without them.
    """
    uri = path.absolute().as_uri()
    try:
        return _probed(f"{uri}?mode=ro")
    except sqlite3.OperationalError as exc:
        if exc.sqlite_errorname != "SQLITE_CANTOPEN" or not path.is_file():
            raise
        if not os.access(path, os.R_OK):
            raise StorageError(f"The database in {path.parent} cannot be read: check its "
                               "permissions.") from None
    log = path.with_name(path.name + "-wal")
    if log.is_file() and log.stat().st_size > 0:
        raise StorageError(
            f"The newest changes to the database in {path.parent} wait in its log file "
            f"({log.name}), which cannot be read while the folder is read-only. Copy the whole "
            "folder somewhere you can write to and read it there.")
    return _probed(f"{uri}?mode=ro&immutable=1")


def marks(count: int) -> str:
    """The ``?, ?, ?`` of a statement with count values."""
    return ", ".join("?" * count)


def _name(name: str) -> str:
    """A table or column name as SQL takes it; only the store's own names are ever passed."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"Not a table or column name: {name!r}")
    return f"[{name}]"


def _dicts(cursor: sqlite3.Cursor) -> list[Row]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor]


class Connection:
    """The SQLite connection the parts share: its write guard, transactions and change stamp.

    Python's sqlite3 runs in autocommit mode here; writing() opens the transactions itself,
    so that a write outside one is never left waiting in an implicit transaction.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        conn.isolation_level = None
        self.conn = conn
        self.path = path
        self._savepoints = count(1)  # names for nested transactions, unique on this connection

    def reopen(self, conn: sqlite3.Connection) -> None:
        """Use a new connection to the same file, e.g. after a backup was put in its place."""
        conn.isolation_level = None
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    def changes(self) -> int:
        """Rows written through this connection so far; tells a backup whether anything changed."""
        return self.conn.total_changes

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Report any database error as a StorageError with a plain sentence."""
        try:
            yield
        except sqlite3.Error as exc:
            raise StorageError(explain(exc, self.path.parent)) from exc

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One durable transaction: all of it reaches the disk, or none of it. Inside another
        it is a savepoint, so the outer one still decides."""
        with self.guard():
            if self.conn.in_transaction:
                savepoint = f"part_{next(self._savepoints)}"
                self.conn.execute(f"SAVEPOINT {savepoint}")
                try:
                    yield self
                except BaseException:
                    if self.conn.in_transaction:  # an error may have ended it already
                        self.conn.execute(f"ROLLBACK TO SAVEPOINT {savepoint}")
                        self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                    raise
                self.conn.execute(f"RELEASE SAVEPOINT {savepoint}")
                return
            self.conn.execute("BEGIN")
            try:
                yield self
                self.conn.execute("COMMIT")
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    # Statements ---------------------------------------------------------------------------

    def execute(self, sql: str, args: Args = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, args)

    def rows(self, sql: str, args: Args = ()) -> list[Row]:
        """Every row the query gives, as dicts by column name."""
        return _dicts(self.conn.execute(sql, args))

    def row(self, sql: str, args: Args = ()) -> Row | None:
        """The query's first row, or None."""
        found = self.rows(sql, args)
        return found[0] if found else None

    def value(self, sql: str, args: Args = ()) -> Any:
        """The first column of the query's first row."""
        return self.conn.execute(sql, args).fetchone()[0]

    def get(self, table: str, row_id: int) -> Row:
        """The row with this id; RowNotFound if there is none."""
        found = self.row(f"select * from {_name(table)} where id = ?", [row_id])
        if found is None:
            raise RowNotFound(f"There is no row {row_id} in {table}.")
        return found

    def insert(self, table: str, values: Row, *, ignore: bool = False) -> int:
        """Add a row; returns its rowid. ignore: a row whose unique key is taken is left out."""
        columns = ", ".join(_name(name) for name in values)
        verb = "insert or ignore" if ignore else "insert"
        cursor = self.conn.execute(
            f"{verb} into {_name(table)} ({columns}) values ({marks(len(values))})",
            list(values.values()))
        return cursor.lastrowid or 0

    def update(self, table: str, row_id: int, values: Row) -> None:
        """Change some columns of the row with this id; RowNotFound if there is none."""
        if not values:
            self.get(table, row_id)
            return
        settings = ", ".join(f"{_name(name)} = ?" for name in values)
        cursor = self.conn.execute(f"update {_name(table)} set {settings} where id = ?",
                                   [*values.values(), row_id])
        if cursor.rowcount == 0:
            raise RowNotFound(f"There is no row {row_id} in {table}.")

    def upsert(self, table: str, values: Row, keys: tuple[str, ...]) -> None:
        """Add the row, or change the given columns of the one with the same keys."""
        columns = ", ".join(_name(name) for name in values)
        changed = [name for name in values if name not in keys]
        action = ("do update set " + ", ".join(f"{_name(n)} = excluded.{_name(n)}"
                                               for n in changed)) if changed else "do nothing"
        self.conn.execute(
            f"insert into {_name(table)} ({columns}) values ({marks(len(values))}) "
            f"on conflict ({', '.join(_name(key) for key in keys)}) {action}",
            list(values.values()))

    # The change stamp -----------------------------------------------------------------------

    def touch(self, session_id: int, stamp: str) -> None:
        """Stamp the session as changed at stamp (the home page sorts by it)."""
        self.conn.execute("update sessions set updated_at = ? where id = ?", [stamp, session_id])

    def change(self, table: str, row_id: int, values: Row) -> None:
        """Update one row of a session's table and stamp it and its session as changed, in
        one transaction."""
        stamp = now().isoformat()
        with self.writing():
            self.update(table, row_id, {**values, "updated_at": stamp})
            self.touch(self.get(table, row_id)["session_id"], stamp)

    def session_of(self, table: str, row_id: int) -> int:
        """The session a row of this table belongs to."""
        with self.guard():
            session_id: int = self.get(table, row_id)["session_id"]
            return session_id

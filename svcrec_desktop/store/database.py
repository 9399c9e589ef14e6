"""Everything the application keeps, in one SQLite file.

Every connection runs in WAL mode with synchronous=FULL, so a write that returned is on disk
and survives kill -9 or a power cut. The file and its companions are private (mode 0600)
because notes may contain patient information. Failures come back as StorageError with a
sentence a facilitator understands; no note text ever goes into a message.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime
from pathlib import Path

from sqlite_utils import Database

from svcrec_desktop import DISPLAY_NAME, paths
from svcrec_desktop.domain.model import Note, Phase, Plan, Session, tags_from_text, tags_text
from svcrec_desktop.store.actions import ActionStorage
from svcrec_desktop.store.agenda import AgendaStorage
from svcrec_desktop.store.copies import backup_file, copy_database
from svcrec_desktop.store.erasure import Erasures, ErasureStorage
from svcrec_desktop.store.guide import GuideStorage
from svcrec_desktop.store.migrations import migrations
from svcrec_desktop.store.preparation import PreparationStorage
from svcrec_desktop.store.search import SearchStorage
from svcrec_desktop.store.values import (
    SESSION_OPTIONAL_DATES,
    SESSION_TEXT_FIELDS,
    db_text,
    iso,
    now,
    optional_date,
    optional_time,
    py_text,
)

# Short on purpose: a locked database must not freeze typing; the outbox retries instead.
BUSY_TIMEOUT_MS = 200


class StorageError(Exception):
    """Reading or writing the database failed; the message says why in plain words."""


class SessionNotFound(StorageError):
    """No session has the id that was asked for."""


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


def _session(row: dict) -> Session:
    return Session(
        id=row["id"],
        meeting_date=date.fromisoformat(row["meeting_date"]),
        current_step=row["current_step"] or "",
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        uid=row["uid"],
        phase=Phase(row["phase"]),
        plan=Plan(row["plan"]),
        archived_at=optional_time(row["archived_at"]),
        deleted_at=optional_time(row["deleted_at"]),
        **{name: optional_date(row[name]) for name in SESSION_OPTIONAL_DATES},
        **{name: py_text(row[name]) for name in SESSION_TEXT_FIELDS},
    )


def _note(row: dict) -> Note:
    return Note(
        id=row["id"],
        uid=row["uid"],
        session_id=row["session_id"],
        step_id=row["step_id"],
        text=py_text(row["text"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
        confidential=bool(row["confidential"]),
        tags=tags_from_text(row["tags"] or ""),
        parked=bool(row["parked"]),
    )


def _connect(path: Path) -> Database:
    """A connection with the durability settings every write relies on, schema up to date."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _private_file(path)
        db = Database(str(path), execute_plugins=False)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(explain(exc, path.parent)) from exc
    try:
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.enable_wal()
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
        # What is deleted or replaced is overwritten with zeros, not left in free space.
        db.execute("PRAGMA secure_delete = ON")
        _copy_before_upgrade(db, path)
        migrations.apply(db)
    except StorageError:
        db.close()
        raise
    except sqlite3.Error as exc:
        db.close()
        raise StorageError(explain(exc, path.parent)) from exc
    return db


def _copy_before_upgrade(db: Database, path: Path) -> None:
    """A backup of a database holding sessions before this release's migrations change it,
    so an upgrade that goes wrong, or a release taken back, loses nothing."""
    if "sessions" not in db.table_names() or not migrations.pending(db):
        return
    try:
        copy_database(db.conn, backup_file(path.parent, "before-upgrade"))
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"This release needs to upgrade the database, and no backup of it "
                           f"could be taken first, so nothing was changed. {explain(exc)}"
                           ) from exc


def _probed(uri: str) -> sqlite3.Connection:
    """Connect and read the schema once, so that a file SQLite cannot open fails here."""
    db = sqlite3.connect(uri, uri=True)
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


def _schema_for_reading(conn: sqlite3.Connection) -> Database:
    """The database as this release reads it, without changing the file.

    A newer schema is refused, since this release may misread it. An older one is copied into
    memory and upgraded there: the reading code needs the current columns, and a command that
    only reads must not migrate the file the window will open.
    """
    db = Database(conn, execute_plugins=False)
    known = {m.name for m in migrations.pending(Database(memory=True))}
    applied = {m.name for m in migrations.applied(db)}
    if applied - known:
        raise StorageError(f"This database was saved by a newer release of {DISPLAY_NAME}; "
                           "read it with that release.")
    if not known - applied:
        return db
    copy = sqlite3.connect(":memory:")
    conn.backup(copy)
    conn.close()
    upgraded = Database(copy, execute_plugins=False)
    migrations.apply(upgraded)
    return upgraded


class Store(PreparationStorage, GuideStorage, ActionStorage, AgendaStorage, SearchStorage,
            ErasureStorage):
    """The application's database: sessions, notes, drafts, step times and app state."""

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.erased = Erasures()  # what the backups must still forget (backups.rewrite_backups)

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Open (creating if needed) the database in data_dir and bring its schema up to date."""
        path = paths.database_file(data_dir)
        return cls(_connect(path), path)

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
        self.db.close()

    def reconnect(self) -> None:
        """Open the file at self.path again, e.g. after a backup was put in its place."""
        self.db.close()
        self.db = _connect(self.path)

    def changes(self) -> int:
        """Rows written through this connection so far; tells a backup whether anything changed."""
        return self.db.conn.total_changes

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """Report any database error as a StorageError with a plain sentence."""
        try:
            yield
        except sqlite3.Error as exc:
            raise StorageError(explain(exc, self.path.parent)) from exc

    @contextmanager
    def _writing(self) -> Iterator[Database]:
        """One durable transaction: all of it reaches the disk, or none of it."""
        with self._guard(), self.db.atomic():
            yield self.db

    def transaction(self) -> AbstractContextManager[Database]:
        """Group several store calls into one all-or-nothing write (inner calls join it)."""
        return self._writing()

    # Sessions -----------------------------------------------------------------------------

    def create_session(
        self,
        department: str,
        *,
        first_step: str,
        facilitator: str = "",
        note_taker: str = "",
        meeting_date: date | None = None,
        phase: Phase = Phase.PREPARING,
        uid: str | None = None,
    ) -> Session:
        """Start a new session and make it the one the window reopens."""
        if not department.strip():
            raise ValueError("A session needs a department name.")
        stamp = now().isoformat()
        with self._writing() as db:
            table = db["sessions"].insert(
                {
                    "uid": uid or uuid.uuid4().hex,
                    "department": db_text(department),
                    "facilitator": db_text(facilitator),
                    "note_taker": db_text(note_taker),
                    "meeting_date": (meeting_date or date.today()).isoformat(),
                    "current_step": first_step,
                    "phase": phase.value,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            session_id = table.last_pk
            self._set_state(db, "last_session_id", str(session_id))
        return self.session(session_id)

    def session(self, session_id: int) -> Session:
        """The session with this id; SessionNotFound if there is none."""
        with self._guard():
            rows = list(self.db["sessions"].rows_where("id = ?", [session_id]))
        if not rows:
            raise SessionNotFound(f"There is no session with id {session_id}.")
        return _session(rows[0])

    def sessions(self, *, archived: bool = False, in_bin: bool = False) -> list[Session]:
        """Sessions the most recently changed first: the active ones, else archived or binned.

        A binned session shows only in the bin, whether it was archived or not.
        """
        where = "deleted_at is not null" if in_bin else (
            "deleted_at is null and archived_at is " + ("not null" if archived else "null")
        )
        with self._guard():
            rows = self.db["sessions"].rows_where(where, order_by="updated_at desc, id desc")
            return [_session(row) for row in rows]

    def latest_session(self) -> Session | None:
        """The session last opened in the window, else the most recently changed one."""
        remembered = self.state("last_session_id")
        if remembered and remembered.isdigit():
            try:
                session = self.session(int(remembered))
            except SessionNotFound:
                pass
            else:
                if session.deleted_at is None:
                    return session
        found = self.sessions()
        return found[0] if found else None

    def open_session(self, session_id: int) -> Session:
        """Remember this session as the one to reopen at the next start."""
        session = self.session(session_id)
        with self._writing() as db:
            self._set_state(db, "last_session_id", str(session_id))
        return session

    def set_current_step(self, session_id: int, step_id: str) -> None:
        """Remember where the meeting is, so a restart comes back to the same step."""
        with self._writing() as db:
            db["sessions"].update(session_id, {"current_step": step_id})

    def update_session(
        self, session_id: int, *, meeting_date: date | None = None, plan: Plan | None = None,
        meeting2_date: date | None = None, approved_on: date | None = None,
        review_on: date | None = None, **texts: str,
    ) -> Session:
        """Change the session's details; texts are fields named in SESSION_TEXT_FIELDS.

        A date left None stays as it is; set_session_date empties one.
        """
        unknown = set(texts) - set(SESSION_TEXT_FIELDS)
        if unknown:
            raise TypeError(f"Not a session text field: {', '.join(sorted(unknown))}")
        if "department" in texts and not texts["department"].strip():
            raise ValueError("A session needs a department name.")
        changes: dict[str, object] = {name: db_text(text) for name, text in texts.items()}
        if meeting_date is not None:
            changes["meeting_date"] = meeting_date.isoformat()
        if plan is not None:
            changes["plan"] = plan.value
        dates = {"meeting2_date": meeting2_date, "approved_on": approved_on,
                 "review_on": review_on}
        changes.update({name: iso(day) for name, day in dates.items() if day is not None})
        changes["updated_at"] = now().isoformat()
        with self._writing() as db:
            db["sessions"].update(session_id, changes)
        return self.session(session_id)

    def set_session_date(self, session_id: int, name: str, day: date | None) -> Session:
        """Set one of SESSION_OPTIONAL_DATES, or empty it with None."""
        if name not in SESSION_OPTIONAL_DATES:
            raise TypeError(f"Not a session date that may be empty: {name}")
        with self._writing() as db:
            db["sessions"].update(session_id, {name: iso(day), "updated_at": now().isoformat()})
        return self.session(session_id)

    def set_phase(self, session_id: int, phase: Phase) -> Session:
        """Move the session to another phase; done makes it read-only, any other re-opens it."""
        with self._writing() as db:
            db["sessions"].update(
                session_id, {"phase": phase.value, "updated_at": now().isoformat()}
            )
        return self.session(session_id)

    def duplicate_session(self, session_id: int, department: str, *, first_step: str) -> Session:
        """A new session for another department that starts from this one's preparation.

        The facilitator, plan, pre-read, agenda and the preparation tasks' due dates come
        along; the notes, findings, participants and invitation belong to the original
        department.
        """
        source = self.session(session_id)
        copy = self.create_session(department, first_step=first_step,
                                   facilitator=source.facilitator)
        with self._writing() as db:
            lengths = db.execute("select meeting_minutes, meeting2_minutes from sessions "
                                 "where id = ?", [session_id]).fetchone()
            db["sessions"].update(copy.id, {
                "plan": source.plan.value,
                "preread_title": db_text(source.preread_title),
                "preread_where": db_text(source.preread_where),
                "meeting_minutes": lengths[0], "meeting2_minutes": lengths[1],
            })
            db.execute("insert into agenda (session_id, step_id, minutes) "
                       "select ?, step_id, minutes from agenda where session_id = ?",
                       [copy.id, session_id])
            db.execute(
                "insert into prep_tasks (session_id, task_id, due_date) "
                "select ?, task_id, due_date from prep_tasks "
                "where session_id = ? and due_date is not null",
                [copy.id, session_id],
            )
        return self.session(copy.id)

    def archive_session(self, session_id: int, archived: bool = True) -> Session:
        """Put a finished session out of the way, or bring it back to the list."""
        with self._writing() as db:
            db["sessions"].update(
                session_id, {"archived_at": now().isoformat() if archived else None}
            )
        return self.session(session_id)

    def delete_session(self, session_id: int) -> None:
        """Move a session to the bin; restore_session brings it back until the bin is emptied."""
        with self._writing() as db:
            db["sessions"].update(session_id, {"deleted_at": now().isoformat()})
            if self.state("last_session_id") == str(session_id):
                db["app_state"].delete_where("key = ?", ["last_session_id"])

    def restore_session(self, session_id: int) -> Session:
        with self._writing() as db:
            db["sessions"].update(session_id, {"deleted_at": None})
        return self.session(session_id)

    def empty_bin(self) -> int:
        """Delete the binned sessions and everything in them for good, leaving no readable
        trace in the file; returns how many."""
        with self._writing() as db:
            uids = [row["uid"] for row in db["sessions"].rows_where("deleted_at is not null")]
            for table in ("notes", "drafts", "step_times", "prep_tasks", "findings",
                          "guide_items", "feedback", "guide_versions", "recovery_items",
                          "actions", "agenda"):
                db[table].delete_where(
                    "session_id in (select id from sessions where deleted_at is not null)"
                )
            db["sessions"].delete_where("deleted_at is not null")
        self.erased.sessions.update(uids)
        self.settle_erasures()
        return len(uids)

    # Notes --------------------------------------------------------------------------------

    def add_note(
        self,
        session_id: int,
        step_id: str,
        text: str,
        *,
        uid: str | None = None,
        created_at: datetime | None = None,
        draft: str | None = "",
        tags: tuple[str, ...] = (),
        parked: bool = False,
    ) -> Note:
        """Commit a note durably, and in the same transaction set the draft that remains.

        A note retried after a failure keeps its uid, time, tags and parking; a uid already
        stored is not stored twice. ``draft=None`` leaves the stored draft alone.
        """
        uid = uid or uuid.uuid4().hex
        stamp = (created_at or now()).isoformat()
        with self._writing() as db:
            # Plain SQL on this path: it runs for every note typed, and sqlite-utils would
            # look the table up again before each statement.
            db.execute(
                "insert or ignore into notes (uid, session_id, step_id, text, tags, parked, "
                "created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                [uid, session_id, step_id, db_text(text), tags_text(tags), int(parked), stamp,
                 stamp],
            )
            if draft is not None:
                self._put_draft(db, session_id, draft)
            self._touch(db, session_id, now().isoformat())
            cursor = db.execute("select * from notes where uid = ?", [uid])
            row = dict(zip([column[0] for column in cursor.description], cursor.fetchone(),
                           strict=True))
        return _note(row)

    def note(self, note_id: int) -> Note:
        with self._guard():
            return _note(self.db["notes"].get(note_id))

    def notes(self, session_id: int, step_id: str | None = None, *,
              parked: bool | None = None) -> list[Note]:
        """The session's notes that are not deleted, oldest first (only the parked ones, or
        only the others, if parked is given)."""
        where, args = "session_id = ? and deleted_at is null", [session_id]
        if step_id is not None:
            where, args = where + " and step_id = ?", [*args, step_id]
        if parked is not None:
            where, args = where + " and parked = ?", [*args, int(parked)]
        with self._guard():
            rows = self.db["notes"].rows_where(where, args, order_by="created_at, id")
            return [_note(row) for row in rows]

    def update_note(
        self, note_id: int, *, text: str | None = None, step_id: str | None = None,
        tags: tuple[str, ...] | None = None, parked: bool | None = None,
    ) -> Note:
        """Change a note's text, tags or parking, or move it to another step."""
        changes: dict[str, object] = {"updated_at": now().isoformat()}
        if text is not None:
            changes["text"] = db_text(text)
        if step_id is not None:
            changes["step_id"] = step_id
        if tags is not None:
            changes["tags"] = tags_text(tags)
        if parked is not None:
            changes["parked"] = int(parked)
        with self._writing() as db:
            db["notes"].update(note_id, changes)
        return self.note(note_id)

    def delete_note(self, note_id: int) -> None:
        """Hide a note; it stays in the database so the deletion can be undone."""
        with self._writing() as db:
            db["notes"].update(note_id, {"deleted_at": now().isoformat()})

    def restore_note(self, note_id: int) -> Note:
        """Bring back a deleted note."""
        with self._writing() as db:
            db["notes"].update(note_id, {"deleted_at": None})
        return self.note(note_id)

    # Draft and time -------------------------------------------------------------------------

    def save_draft(self, session_id: int, text: str) -> None:
        """Keep what is typed but not yet committed, so a crash loses at most a second of it."""
        with self._writing() as db:
            self._put_draft(db, session_id, text)

    def draft(self, session_id: int) -> str:
        with self._guard():
            rows = list(self.db["drafts"].rows_where("session_id = ?", [session_id]))
        return py_text(rows[0]["text"]) if rows else ""

    def add_step_seconds(self, session_id: int, step_id: str, seconds: float) -> None:
        """Add time spent on a step; the totals show against each step's suggested duration."""
        with self._writing() as db:
            db.execute(
                "insert into step_times (session_id, step_id, seconds) values (?, ?, ?) "
                "on conflict (session_id, step_id) "
                "do update set seconds = seconds + excluded.seconds",
                [session_id, step_id, seconds],
            )

    def set_step_seconds(self, session_id: int, step_id: str, seconds: float) -> None:
        """Put a step's time at seconds: the facilitator reset it, or undid the reset."""
        with self._writing() as db:
            db.execute(
                "insert into step_times (session_id, step_id, seconds) values (?, ?, ?) "
                "on conflict (session_id, step_id) do update set seconds = excluded.seconds",
                [session_id, step_id, seconds],
            )

    def step_seconds(self, session_id: int) -> dict[str, float]:
        with self._guard():
            rows = self.db["step_times"].rows_where("session_id = ?", [session_id])
            return {row["step_id"]: row["seconds"] for row in rows}

    # Small application state ------------------------------------------------------------------

    def state(self, key: str) -> str | None:
        with self._guard():
            rows = list(self.db["app_state"].rows_where("key = ?", [key]))
        return rows[0]["value"] if rows else None

    def set_state(self, key: str, value: str) -> None:
        with self._writing() as db:
            self._set_state(db, key, value)

    @staticmethod
    def _set_state(db: Database, key: str, value: str) -> None:
        db["app_state"].upsert({"key": key, "value": value}, pk="key")

    @staticmethod
    def _put_draft(db: Database, session_id: int, text: str) -> None:
        db.execute(
            "insert into drafts (session_id, text, saved_at) values (?, ?, ?) "
            "on conflict (session_id) do update set text = excluded.text, "
            "saved_at = excluded.saved_at",
            [session_id, db_text(text), now().isoformat()],
        )

    @staticmethod
    def _touch(db: Database, session_id: int, stamp: str) -> None:
        db.execute("update sessions set updated_at = ? where id = ?", [stamp, session_id])

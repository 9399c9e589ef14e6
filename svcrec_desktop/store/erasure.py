"""Make removed words really gone: from the database file, its full-text indexes, its
write-ahead log and, through backups.rewrite_backups, its backups.

A redaction replaces a text, and a deletion only hides a row so that Ctrl+Z can bring it back
while the window is open. Neither is enough on its own: SQLite keeps a deleted row's bytes in
free space and in the write-ahead log, and the full-text index keeps every word ever indexed
in old segments until they are merged. So every connection zeroes what it frees
(secure_delete, set in storage), and here the indexes are merged and the log emptied into
the file after an erasure. Deleted rows are wiped for good once nothing can undo them any
more, leaving a tombstone (uid, session, deletion time, no text) because session files merge
by uid: the tombstone still wins over an older copy on another laptop.

The functions below work on any connection, so a backup is erased exactly like the live
database; the Erasure part applies them to the Store's.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from svcrec_desktop.store.connection import Connection
from svcrec_desktop.store.state import State
from svcrec_desktop.store.values import SESSION_TEXT_FIELDS, db_text, json_text, now, text_from_json

# Tables whose rows are hidden, not deleted, so that a deletion can be undone.
SOFT_DELETED = ("notes", "actions", "guide_items", "feedback", "recovery_items")
# app_state key: the database was vacuumed once, clearing what earlier releases left in free
# space before every connection zeroed it.
_FREE_SPACE_CLEARED = "free_space_cleared"


def typed_text() -> dict[str, tuple[str, ...]]:
    """Every column holding plain text a person typed, by table; only these are erased, so
    an erasure never touches an id, a date or a step name that happens to equal a text."""
    return {
        "sessions": SESSION_TEXT_FIELDS,
        "notes": ("text",),
        "drafts": ("text",),
        "findings": ("theme", "example"),
        "feedback": ("text", "response"),
        "recovery_items": ("item", "reason", "giver"),
        "actions": ("what", "owner"),
    }


Places = Callable[[Any], Iterator[tuple[dict, str]]]


def _item_fields(fields: Any) -> Iterator[tuple[dict, str]]:
    for name in list(fields):
        yield fields, name


def _version_texts(content: Any) -> Iterator[tuple[dict, str]]:
    for item in content.get("items", []):
        yield from _item_fields(item["fields"])
    for said in content.get("feedback", []):
        for name in ("text", "response"):
            if name in said:
                yield said, name


@dataclass(frozen=True)
class JsonTexts:
    """A column of JSON with typed texts inside: where they are, and how one is written."""

    table: str
    column: str
    places: Places  # (container, key) of every typed text in one value
    written: Callable[[str], object]  # a text as this column keeps it
    wiped: str | None = None  # the value of a wiped row, for tables in SOFT_DELETED


JSON_TEXTS = (
    # An item's fields, as store.guide writes them: exact texts, surrogate pairs as lists.
    JsonTexts("guide_items", "fields", _item_fields, json_text, wiped="{}"),
    # A frozen version's items and feedback, as guide_model.content_to_data writes them.
    JsonTexts("guide_versions", "content", _version_texts, lambda text: text),
)


@dataclass
class Erasures:
    """What was made unreadable in the live database, for the backups to forget too."""

    replaced: list[tuple[str, str]] = field(default_factory=list)  # (old, new) exact texts
    wiped: dict[str, dict[str, str]] = field(default_factory=dict)  # table: {uid: deleted_at}
    sessions: set[str] = field(default_factory=set)  # uids of sessions deleted for good

    def __bool__(self) -> bool:
        return bool(self.replaced or any(self.wiped.values()) or self.sessions)

    def add_wiped(self, wiped: dict[str, dict[str, str]]) -> None:
        for table, rows in wiped.items():
            self.wiped.setdefault(table, {}).update(rows)


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """The table's columns; none if an older database has no such table."""
    return {row[1] for row in conn.execute(f"pragma table_info([{table}])")}


def replace_everywhere(conn: sqlite3.Connection, old: str, new: str) -> int:
    """Put new wherever a typed text is exactly old, inside JSON too; returns how many.

    A changed row is stamped as edited, so a session-file merge carries the change along.
    """
    if not old:
        raise ValueError("An empty text cannot be erased.")
    if old == new:
        return 0
    stamp = now().isoformat()
    changed = 0
    for table, names in typed_text().items():
        columns = _columns(conn, table)
        stamped = ", updated_at = ?" if "updated_at" in columns else ""
        for name in (n for n in names if n in columns):
            changed += conn.execute(
                f"update [{table}] set [{name}] = ?{stamped} where [{name}] = ?",
                [db_text(new), *([stamp] if stamped else []), db_text(old)]).rowcount
    for spec in JSON_TEXTS:
        changed += _replace_in_json(conn, spec, old, new, stamp)
    return changed


def _replace_in_json(conn: sqlite3.Connection, spec: JsonTexts, old: str, new: str,
                     stamp: str) -> int:
    """Replace inside parsed JSON, never in its raw text, so the value stays valid JSON."""
    columns = _columns(conn, spec.table)
    if spec.column not in columns:
        return 0
    # Stored with ensure_ascii and default separators: old, so encoded, is in any value
    # holding it (a cheap filter before parsing). Read back, it is what the column gives.
    encoded = json.dumps(spec.written(old), ensure_ascii=True)
    stored = text_from_json(json.loads(encoded))
    rows = conn.execute(f"select rowid, [{spec.column}] from [{spec.table}] "
                        f"where instr([{spec.column}], ?) > 0", [encoded]).fetchall()
    changed = 0
    for rowid, value in rows:
        data = json.loads(value)
        hits = [(container, key) for container, key in spec.places(data)
                if _text_or_none(container[key]) == stored]
        for container, key in hits:
            container[key] = spec.written(new)
        if hits:
            stamped = ", updated_at = ?" if "updated_at" in columns else ""
            conn.execute(f"update [{spec.table}] set [{spec.column}] = ?{stamped} "
                         "where rowid = ?",
                         [json.dumps(data, ensure_ascii=True),
                          *([stamp] if stamped else []), rowid])
            changed += len(hits)
    return changed


def _text_or_none(value: object) -> str | None:
    try:
        return text_from_json(value)
    except ValueError:
        return None


def _wipe(conn: sqlite3.Connection, table: str, where: str, args: Iterable[object]
          ) -> dict[str, str]:
    """Empty the typed texts of the deleted rows that match where; returns {uid: deleted_at}.

    The row stays as a tombstone, stamped as changed when it was deleted: a merge then
    prefers it to any copy edited before the deletion, which would otherwise bring the
    words back.
    """
    columns = _columns(conn, table)
    empty = {name: "''" for name in typed_text().get(table, ()) if name in columns}
    empty |= {spec.column: f"'{spec.wiped}'" for spec in JSON_TEXTS
              if spec.table == table and spec.column in columns}
    if not empty:
        return {}
    still_there = " or ".join(f"coalesce([{name}], '') != {value}"
                              for name, value in empty.items())
    where = f"deleted_at is not null and ({where}) and ({still_there})"
    args = list(args)
    wiped = dict(conn.execute(f"select uid, deleted_at from [{table}] where {where}", args))
    settings = ", ".join(f"[{name}] = {value}" for name, value in empty.items())
    conn.execute(f"update [{table}] set {settings}, updated_at = deleted_at where {where}", args)
    return wiped


def wipe_deleted(conn: sqlite3.Connection) -> dict[str, dict[str, str]]:
    """Wipe every deleted row of a session outside the bin, and the action items under a
    deleted note (hidden with it); returns what was wiped, by table."""
    outside_bin = ("session_id in (select id from sessions where deleted_at is null)"
                   if "deleted_at" in _columns(conn, "sessions") else "1")  # no bin yet
    if "actions" in _tables(conn):
        conn.execute(
            "update actions set deleted_at = (select n.deleted_at from notes n "
            "where n.uid = actions.note_uid) where deleted_at is null and note_uid in "
            f"(select uid from notes where deleted_at is not null) and {outside_bin}")
    return {table: wiped for table in SOFT_DELETED if table in _tables(conn)
            if (wiped := _wipe(conn, table, outside_bin, []))}


def wipe_rows(conn: sqlite3.Connection, wiped: dict[str, dict[str, str]]) -> None:
    """Wipe these rows by uid, marking deleted the ones that were not yet (in a backup taken
    before the deletion)."""
    tables = _tables(conn)
    for table, rows in wiped.items():
        if table not in tables:
            continue
        for uid, deleted_at in rows.items():
            conn.execute(f"update [{table}] set deleted_at = coalesce(deleted_at, ?) "
                         "where uid = ?", [deleted_at, uid])
            _wipe(conn, table, "uid = ?", [uid])


def drop_sessions(conn: sqlite3.Connection, uids: Iterable[str]) -> None:
    """Delete these sessions and every row that belongs to them."""
    for uid in uids:
        for table in _tables(conn):
            if table != "sessions" and "session_id" in _columns(conn, table):
                conn.execute(f"delete from [{table}] where session_id in "
                             "(select id from sessions where uid = ?)", [uid])
        conn.execute("delete from sessions where uid = ?", [uid])


def _tables(conn: sqlite3.Connection) -> set[str]:
    """The names of the ordinary tables (not the full-text indexes' own)."""
    return {row[0] for row in conn.execute(
        "select name from sqlite_master where type = 'table' and sql not like "
        "'CREATE VIRTUAL TABLE%' and name not like '%\\_fts\\_%' escape '\\'")}


def merge_indexes(conn: sqlite3.Connection) -> None:
    """Merge every full-text index into one segment, dropping the words of removed texts
    (SQLite 3.40 has no secure-delete option for FTS5)."""
    for (table,) in conn.execute("select name from sqlite_master where type = 'table' "
                                 "and sql like 'CREATE VIRTUAL TABLE%USING FTS5%'").fetchall():
        conn.execute(f"insert into [{table}]([{table}]) values ('optimize')")


def apply(conn: sqlite3.Connection, erasures: Erasures) -> None:
    """Do to this database (a copy of a backup) what erasures did to the live one, and wipe
    what it holds deleted."""
    drop_sessions(conn, erasures.sessions)
    wipe_rows(conn, erasures.wiped)
    wipe_deleted(conn)
    for old, new in erasures.replaced:
        replace_everywhere(conn, old, new)
    merge_indexes(conn)


class Erasure:
    """Erasing for good. `erased` holds everything erased since the backups last caught up
    (backups.rewrite_backups)."""

    def __init__(self, connection: Connection, state: State) -> None:
        self.connection = connection
        self.state = state
        self.erased = Erasures()

    def erase_copies(self, old: str, new: str) -> int:
        """Replace every stored copy of the exact text old with new, and leave no readable
        trace of old in the database file, its index or its log. Returns how many texts
        changed. Call it outside any transaction; the backups follow with rewrite_backups.
        """
        self._outside_transaction()
        with self.connection.writing() as db:
            changed = replace_everywhere(db.conn, old, new)
        if old != new:
            self.erased.replaced.append((old, new))
        self.settle()
        return changed

    def purge_deleted(self) -> Erasures:
        """Wipe for good the deleted rows of sessions outside the bin: nothing can undo
        those deletions any more (the window closed, or crashed). Returns what was wiped."""
        self._outside_transaction()
        with self.connection.writing() as db:
            wiped = wipe_deleted(db.conn)
        self.erased.add_wiped(wiped)
        # Merging the indexes of a large database takes a moment: only when there is
        # something to clear (the first time, what earlier releases left in free space).
        if wiped or self.state.get(_FREE_SPACE_CLEARED) != "1":
            self.settle()
        return Erasures(wiped=wiped)

    def drop_sessions(self, uids: list[str]) -> None:
        """Delete these sessions and everything in them for good (the bin is emptied)."""
        self._outside_transaction()
        with self.connection.writing() as db:
            drop_sessions(db.conn, uids)
        self.erased.sessions.update(uids)
        self.settle()

    def settle(self) -> bool:
        """Make removed text unreadable on disk: merge the full-text indexes, clear free
        space once for databases made before it was zeroed, and empty the write-ahead log
        into the file. False if another program kept the log from being emptied."""
        self._outside_transaction()
        with self.connection.writing() as db:
            merge_indexes(db.conn)
        with self.connection.guard():
            if self.state.get(_FREE_SPACE_CLEARED) != "1":
                self.connection.execute("vacuum")
                self.state.set(_FREE_SPACE_CLEARED, "1")
            busy = self.connection.value("pragma wal_checkpoint(truncate)")
        return not busy

    def _outside_transaction(self) -> None:
        if self.connection.in_transaction:
            raise RuntimeError("Erase after the transaction: the log cannot be emptied in one.")

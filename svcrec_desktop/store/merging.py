"""The rows of one session, as a session file carries them: read whole, and merged in.

A session file (files/session_file.py) holds a session's rows column for column; it decides
what to take and checks every value, and this part reads and writes the rows. Importing goes
through the other parts wherever they stamp a row as the person made it (a new session, note
or finding); the rows here keep the file's own stamps. The caller holds the transaction
(Store.transaction), so that an export is one snapshot and an import all or nothing.
"""

from __future__ import annotations

import re

from svcrec_desktop.store.connection import Connection, Row

# The tables a session file carries, besides sessions.
SESSION_TABLES = frozenset({
    "notes", "drafts", "step_times", "prep_tasks", "findings", "guide_items", "feedback",
    "guide_versions", "recovery_items", "actions", "agenda",
})


def _table(name: str) -> str:
    if name not in SESSION_TABLES:
        raise ValueError(f"Not a table of a session: {name}")
    return name


def _column(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"Not a column name: {name!r}")
    return f"[{name}]"


def _order(columns: str) -> str:
    """An order such as "created_at, id", checked to name columns only."""
    return ", ".join(_column(name.strip()) for name in columns.split(","))


class Merging:
    """A session's rows by table, for exporting and importing session files."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    # Reading ------------------------------------------------------------------------------

    def session_row(self, session_id: int) -> Row:
        with self.connection.guard():
            return self.connection.get("sessions", session_id)

    def session_by_uid(self, uid: str) -> Row | None:
        with self.connection.guard():
            return self.connection.row("select * from sessions where uid = ?", [uid])

    def rows(self, table: str, session_id: int, order: str) -> list[Row]:
        """Every row of the session in this table (the draft is one row of drafts)."""
        with self.connection.guard():
            return self.connection.rows(
                f"select * from {_table(table)} where session_id = ? order by {_order(order)}",
                [session_id])

    def session_holding(self, table: str, uid: str) -> int | None:
        """The session whose row in this table has this uid, if any."""
        with self.connection.guard():
            found = self.connection.row(f"select session_id from {_table(table)} where uid = ?",
                                        [uid])
        return None if found is None else found["session_id"]

    def version_numbers(self, session_id: int) -> set[int]:
        with self.connection.guard():
            return {number for (number,) in self.connection.execute(
                "select number from guide_versions where session_id = ?", [session_id])}

    # Writing ------------------------------------------------------------------------------

    def set_session(self, session_id: int, values: Row) -> None:
        """Set session columns as the file has them (its stamps, the meetings' lengths)."""
        with self.connection.writing() as db:
            db.update("sessions", session_id, values)

    def set_row(self, table: str, row_id: int, values: Row) -> None:
        """Set columns of a row another part just made, as the file has them."""
        with self.connection.writing() as db:
            db.update(_table(table), row_id, values)

    def set_by_key(self, table: str, session_id: int, key: str, value: object,
                   values: Row) -> None:
        """Set columns of the session's row whose key column (uid, step_id, task_id) is
        value."""
        with self.connection.writing() as db:
            settings = ", ".join(f"{_column(name)} = ?" for name in values)
            db.execute(f"update {_table(table)} set {settings} "
                       f"where session_id = ? and {_column(key)} = ?",
                       [*values.values(), session_id, value])

    def add_rows(self, table: str, rows: list[Row]) -> None:
        """Insert rows exactly as given."""
        with self.connection.writing() as db:
            for row in rows:
                db.insert(_table(table), row)

    def put_draft(self, session_id: int, text: str | bytes, saved_at: str | None) -> None:
        with self.connection.writing() as db:
            db.upsert("drafts", {"session_id": session_id, "text": text, "saved_at": saved_at},
                      ("session_id",))

    def stamp_session(self, session_id: int, stamp: str) -> None:
        """Say the session last changed at stamp (when its copies did, not at the import)."""
        with self.connection.writing() as db:
            db.execute("update sessions set updated_at = ? where id = ? and updated_at != ?",
                       [stamp, session_id, stamp])

"""Notes in the Store, and the draft: what is typed in the capture pane but not yet a note.

Deleting a note hides it so that it can be brought back; a note may be kept out of every
export (it stays in the app). A note kept out or deleted is "withheld": what was made from it
(guide items, feedback, action items) stays out of the exports with it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from svcrec_desktop.domain.model import Note, tags_from_text, tags_text
from svcrec_desktop.store.connection import Connection, Row, marks
from svcrec_desktop.store.values import db_text, now, py_text


def _note(row: Row) -> Note:
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


class Notes:
    """Notes and the capture pane's draft (the notes and drafts tables)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(
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
        with self.connection.writing() as db:
            db.insert("notes", {"uid": uid, "session_id": session_id, "step_id": step_id,
                                "text": db_text(text), "tags": tags_text(tags),
                                "parked": int(parked), "created_at": stamp,
                                "updated_at": stamp}, ignore=True)
            if draft is not None:
                self._put_draft(session_id, draft)
            db.touch(session_id, now().isoformat())
            row = db.row("select * from notes where uid = ?", [uid])
        assert row is not None  # just written, or there already
        return _note(row)

    def get(self, note_id: int) -> Note:
        with self.connection.guard():
            return _note(self.connection.get("notes", note_id))

    def of_session(self, session_id: int, step_id: str | None = None, *,
                   parked: bool | None = None) -> list[Note]:
        """The session's notes that are not deleted, oldest first (only the parked ones, or
        only the others, if parked is given)."""
        where = "session_id = ? and deleted_at is null"
        args: list[object] = [session_id]
        if step_id is not None:
            where, args = where + " and step_id = ?", [*args, step_id]
        if parked is not None:
            where, args = where + " and parked = ?", [*args, int(parked)]
        with self.connection.guard():
            rows = self.connection.rows(
                f"select * from notes where {where} order by created_at, id", args)
            return [_note(row) for row in rows]

    def update(
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
        with self.connection.writing() as db:
            db.update("notes", note_id, changes)
        return self.get(note_id)

    def delete(self, note_id: int) -> None:
        """Hide a note; it stays in the database so the deletion can be undone."""
        with self.connection.writing() as db:
            db.update("notes", note_id, {"deleted_at": now().isoformat()})

    def restore(self, note_id: int) -> Note:
        """Bring back a deleted note."""
        with self.connection.writing() as db:
            db.update("notes", note_id, {"deleted_at": None})
        return self.get(note_id)

    def set_confidential(self, note_id: int, confidential: bool) -> Note:
        """Keep a note out of every export (it stays in the app), or let it back in."""
        with self.connection.writing() as db:
            db.update("notes", note_id, {"confidential": int(confidential),
                                         "updated_at": now().isoformat()})
        return self.get(note_id)

    # Withheld notes ---------------------------------------------------------------------------

    def withheld(self) -> frozenset[str]:
        """The uids of notes that may never leave: kept out of exports, or deleted. What was
        made from them (guide items, feedback, action items) stays in with them."""
        with self.connection.guard():
            return frozenset(row[0] for row in self.connection.execute(
                "select uid from notes where confidential = 1 or deleted_at is not null"))

    def any_kept_out(self, note_uids: list[str]) -> bool:
        """Whether one of these notes is kept out of exports."""
        if not note_uids:
            return False
        with self.connection.guard():
            return bool(self.connection.value(
                f"select count(*) from notes where confidential = 1 and uid in "
                f"({marks(len(note_uids))})", note_uids))

    def words_and_times(self, note_uids: list[str]) -> list[tuple[str, datetime]]:
        """The text of these notes and when each last changed (for a withheld note, when it
        was kept out or deleted)."""
        if not note_uids:
            return []
        with self.connection.guard():
            return [(py_text(text), datetime.fromisoformat(stamp)) for text, stamp in
                    self.connection.execute(f"select text, updated_at from notes where uid in "
                                            f"({marks(len(note_uids))})", note_uids)]

    # The draft --------------------------------------------------------------------------------

    def save_draft(self, session_id: int, text: str) -> None:
        """Keep what is typed but not yet committed, so a crash loses at most a second of it."""
        with self.connection.writing():
            self._put_draft(session_id, text)

    def draft(self, session_id: int) -> str:
        with self.connection.guard():
            row = self.connection.row("select text from drafts where session_id = ?",
                                      [session_id])
        return py_text(row["text"]) if row else ""

    def _put_draft(self, session_id: int, text: str) -> None:
        self.connection.upsert("drafts", {"session_id": session_id, "text": db_text(text),
                                          "saved_at": now().isoformat()}, ("session_id",))

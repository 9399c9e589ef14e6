"""Notes the person committed that the disk has not accepted yet.

When the disk is full, read-only or locked, the note-taker keeps working: each committed note
waits here, in order, with the id and time it was given, and is written as soon as writing
works again, with the tags and parking chosen for it. Nothing leaves the outbox except into
the database.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

from svcrec_desktop.domain.model import Note
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.store.values import now


@dataclass(frozen=True)
class PendingNote:
    """A committed note still held in memory."""

    session_id: int
    step_id: str
    text: str
    uid: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: datetime = field(default_factory=now)
    tags: tuple[str, ...] = ()
    parked: bool = False


class Outbox:
    """Writes committed notes in order; keeps the ones that fail until they can be written."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending: list[PendingNote] = []
        self.last_error: StorageError | None = None

    def __len__(self) -> int:
        return len(self.pending)

    def commit(self, session_id: int, step_id: str, text: str, draft: str = "", *,
               tags: tuple[str, ...] = (), parked: bool = False) -> list[Note]:
        """Queue a note and write everything waiting; returns the notes now stored."""
        self.pending.append(PendingNote(session_id, step_id, text, tags=tags, parked=parked))
        return self.flush(session_id, draft)

    def flush(self, session_id: int | None = None, draft: str = "") -> list[Note]:
        """Write waiting notes oldest first, stopping at the first failure.

        ``draft`` is what the capture pane of ``session_id`` holds now; it is stored with that
        session's last waiting note, so the stored draft never runs ahead of a lost note.
        """
        written: list[Note] = []
        self.last_error = None
        while self.pending:
            note = self.pending[0]
            is_last_of_session = note.session_id == session_id and not any(
                p.session_id == session_id for p in self.pending[1:]
            )
            try:
                stored = self.store.notes.add(
                    note.session_id, note.step_id, note.text, uid=note.uid,
                    created_at=note.created_at, draft=draft if is_last_of_session else None,
                    tags=note.tags, parked=note.parked,
                )
            except StorageError as exc:
                self.last_error = exc
                break
            self.pending.pop(0)
            written.append(stored)
        return written

    def save_draft(self, session_id: int, text: str) -> None:
        """Store the capture pane's text, after any waiting notes; raise if that fails."""
        if any(p.session_id == session_id for p in self.pending):
            self.flush(session_id, text)
            if self.last_error is not None:
                raise self.last_error
            return
        self.store.notes.save_draft(session_id, text)

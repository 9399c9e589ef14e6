"""Each session's agenda in the Store: how long each meeting takes and steps' own minutes.

A value out of range (say, from a damaged or foreign session file) reads as "not chosen"
rather than stopping the meeting.
"""

from __future__ import annotations

from collections.abc import Iterable

from svcrec_desktop.domain.agenda import MAX_MINUTES, Agenda, checked_minutes
from svcrec_desktop.store.connection import Connection, SessionNotFound
from svcrec_desktop.store.values import now

_LENGTH_COLUMNS = {1: "meeting_minutes", 2: "meeting2_minutes"}


def _length_column(meeting: int) -> str:
    if meeting not in _LENGTH_COLUMNS:
        raise ValueError(f"There is no meeting {meeting}; the method has meetings 1 and 2.")
    return _LENGTH_COLUMNS[meeting]


def _usable(minutes: object, lowest: int) -> bool:
    return type(minutes) is int and lowest <= minutes <= MAX_MINUTES


class AgendaPart:
    """Meeting lengths (two columns of sessions) and steps' planned minutes (the agenda
    table)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def get(self, session_id: int, meeting: int) -> Agenda:
        """The meeting's agenda; Agenda.minutes(steps) gives each step's planned minutes."""
        column = _length_column(meeting)
        with self.connection.guard():
            found = self.connection.row(f"select {column} as length from sessions where id = ?",
                                        [session_id])
            rows = self.connection.rows("select step_id, minutes from agenda "
                                        "where session_id = ?", [session_id])
        if found is None:
            raise SessionNotFound.of(session_id)
        edited = {row["step_id"]: row["minutes"] for row in rows if _usable(row["minutes"], 1)}
        length = found["length"] if _usable(found["length"], 0) else 0
        return Agenda(length, edited)

    def set_meeting_length(self, session_id: int, meeting: int, minutes: int) -> None:
        """Choose how long meeting 1 or 2 takes; 0 goes back to the playbook's total."""
        column = _length_column(meeting)
        minutes = checked_minutes(minutes, "A meeting's length", zero_allowed=True)
        with self.connection.writing() as db:
            db.update("sessions", session_id, {column: minutes, "updated_at": now().isoformat()})

    def set_step_minutes(self, session_id: int, step_id: str, minutes: int) -> None:
        """Give a step its own planned minutes; the meeting's other steps share the rest."""
        minutes = checked_minutes(minutes, "A step's planned time")
        with self.connection.writing() as db:
            db.upsert("agenda", {"session_id": session_id, "step_id": step_id,
                                 "minutes": minutes}, ("session_id", "step_id"))
            db.touch(session_id, now().isoformat())

    def clear_step_minutes(self, session_id: int, step_ids: Iterable[str]) -> None:
        """Give these steps back their share of the meeting's length."""
        with self.connection.writing() as db:
            for step_id in step_ids:
                db.execute("delete from agenda where session_id = ? and step_id = ?",
                           [session_id, step_id])
            db.touch(session_id, now().isoformat())

    def copy(self, source_id: int, copy_id: int) -> None:
        """Give a new session the meeting lengths and steps' minutes of another."""
        with self.connection.writing() as db:
            db.execute("update sessions set (meeting_minutes, meeting2_minutes) = "
                       "(select meeting_minutes, meeting2_minutes from sessions where id = ?) "
                       "where id = ?", [source_id, copy_id])
            db.execute("insert into agenda (session_id, step_id, minutes) "
                       "select ?, step_id, minutes from agenda where session_id = ?",
                       [copy_id, source_id])

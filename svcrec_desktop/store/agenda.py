"""Each session's agenda in the Store: how long each meeting takes and steps' own minutes.

Part of the Store (a mixin): the same connection, transactions and error sentences. A value
out of range (say, from a damaged or foreign session file) reads as "not chosen" rather than
stopping the meeting.
"""

from __future__ import annotations

from collections.abc import Iterable

from svcrec_desktop.domain.agenda import MAX_MINUTES, Agenda, checked_minutes
from svcrec_desktop.store.values import now

_LENGTH_COLUMNS = {1: "meeting_minutes", 2: "meeting2_minutes"}


def _length_column(meeting: int) -> str:
    if meeting not in _LENGTH_COLUMNS:
        raise ValueError(f"There is no meeting {meeting}; the method has meetings 1 and 2.")
    return _LENGTH_COLUMNS[meeting]


def _usable(minutes: object, lowest: int) -> bool:
    return type(minutes) is int and lowest <= minutes <= MAX_MINUTES


class AgendaStorage:
    """Meeting lengths and steps' planned minutes; mixed into Store."""

    def agenda(self, session_id: int, meeting: int) -> Agenda:
        """The meeting's agenda; Agenda.minutes(steps) gives each step's planned minutes."""
        column = _length_column(meeting)
        with self._guard():
            found = self.db.execute(f"select {column} from sessions where id = ?",
                                    [session_id]).fetchone()
            rows = self.db["agenda"].rows_where("session_id = ?", [session_id])
            edited = {row["step_id"]: row["minutes"] for row in rows
                      if _usable(row["minutes"], 1)}
        if found is None:
            self.session(session_id)  # raises SessionNotFound
        length = found[0] if _usable(found[0], 0) else 0
        return Agenda(length, edited)

    def set_meeting_length(self, session_id: int, meeting: int, minutes: int) -> None:
        """Choose how long meeting 1 or 2 takes; 0 goes back to the playbook's total."""
        column = _length_column(meeting)
        minutes = checked_minutes(minutes, "A meeting's length", zero_allowed=True)
        stamp = now().isoformat()
        with self._writing() as db:
            db["sessions"].update(session_id, {column: minutes, "updated_at": stamp})

    def set_step_minutes(self, session_id: int, step_id: str, minutes: int) -> None:
        """Give a step its own planned minutes; the meeting's other steps share the rest."""
        minutes = checked_minutes(minutes, "A step's planned time")
        with self._writing() as db:
            db["agenda"].upsert({"session_id": session_id, "step_id": step_id,
                                 "minutes": minutes}, pk=("session_id", "step_id"))
            self._touch(db, session_id, now().isoformat())

    def clear_step_minutes(self, session_id: int, step_ids: Iterable[str]) -> None:
        """Give these steps back their share of the meeting's length."""
        with self._writing() as db:
            for step_id in step_ids:
                db["agenda"].delete_where("session_id = ? and step_id = ?",
                                          [session_id, step_id])
            self._touch(db, session_id, now().isoformat())

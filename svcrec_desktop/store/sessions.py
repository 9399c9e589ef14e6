"""Sessions in the Store, and the time each of a session's steps took.

A deleted session goes to the bin first; emptying the bin removes it and everything in it for
good (through the erasure part, which also makes the words unreadable on disk).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from svcrec_desktop.domain.model import Phase, Plan, Session
from svcrec_desktop.store.agenda import AgendaPart
from svcrec_desktop.store.connection import Connection, Row, SessionNotFound
from svcrec_desktop.store.erasure import Erasure
from svcrec_desktop.store.preparation import Tasks
from svcrec_desktop.store.state import State
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

LAST_SESSION = "last_session_id"  # app state: the session the window reopens


def _session(row: Row) -> Session:
    details: dict[str, Any] = {name: optional_date(row[name]) for name in SESSION_OPTIONAL_DATES}
    details |= {name: py_text(row[name]) for name in SESSION_TEXT_FIELDS}
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
        **details,
    )


def _text_changes(texts: dict[str, str]) -> dict[str, object]:
    """Session texts as the database keeps them; TypeError for a field that is not one."""
    unknown = set(texts) - set(SESSION_TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Not a session text field: {', '.join(sorted(unknown))}")
    if "department" in texts and not texts["department"].strip():
        raise ValueError("A session needs a department name.")
    return {name: db_text(text) for name, text in texts.items()}


class Sessions:
    """Sessions: made, found, changed, archived, binned and brought back (the sessions table)."""

    def __init__(self, connection: Connection, state: State, agenda: AgendaPart, tasks: Tasks,
                 erasure: Erasure) -> None:
        self.connection = connection
        self.state = state
        self.agenda = agenda
        self.tasks = tasks
        self.erasure = erasure

    def create(
        self,
        department: str,
        *,
        first_step: str,
        facilitator: str = "",
        note_taker: str = "",
        meeting_date: date | None = None,
        phase: Phase = Phase.PREPARING,
        uid: str | None = None,
        help_contact: str = "",
    ) -> Session:
        """Start a new session and make it the one the window reopens; help_contact is the
        organisation's, which every new session starts with."""
        if not department.strip():
            raise ValueError("A session needs a department name.")
        stamp = now().isoformat()
        with self.connection.writing() as db:
            session_id = db.insert("sessions", {
                "uid": uid or uuid.uuid4().hex,
                "department": db_text(department),
                "facilitator": db_text(facilitator),
                "note_taker": db_text(note_taker),
                "help_contact": db_text(help_contact),
                "meeting_date": (meeting_date or date.today()).isoformat(),
                "current_step": first_step,
                "phase": phase.value,
                "created_at": stamp,
                "updated_at": stamp,
            })
            self.state.set(LAST_SESSION, str(session_id))
        return self.get(session_id)

    def get(self, session_id: int) -> Session:
        """The session with this id; SessionNotFound if there is none."""
        with self.connection.guard():
            row = self.connection.row("select * from sessions where id = ?", [session_id])
        if row is None:
            raise SessionNotFound.of(session_id)
        return _session(row)

    def all(self, *, archived: bool = False, in_bin: bool = False) -> list[Session]:
        """Sessions the most recently changed first: the active ones, else archived or binned.

        A binned session shows only in the bin, whether it was archived or not.
        """
        where = "deleted_at is not null" if in_bin else (
            "deleted_at is null and archived_at is " + ("not null" if archived else "null")
        )
        with self.connection.guard():
            rows = self.connection.rows(
                f"select * from sessions where {where} order by updated_at desc, id desc")
            return [_session(row) for row in rows]

    def latest(self) -> Session | None:
        """The session last opened in the window, else the most recently changed one."""
        remembered = self.state.get(LAST_SESSION)
        if remembered and remembered.isdigit():
            try:
                session = self.get(int(remembered))
            except SessionNotFound:
                pass
            else:
                if session.deleted_at is None:
                    return session
        found = self.all()
        return found[0] if found else None

    def open(self, session_id: int) -> Session:
        """Remember this session as the one to reopen at the next start."""
        session = self.get(session_id)
        self.state.set(LAST_SESSION, str(session_id))
        return session

    def set_current_step(self, session_id: int, step_id: str) -> None:
        """Remember where the meeting is, so a restart comes back to the same step."""
        with self.connection.writing() as db:
            db.update("sessions", session_id, {"current_step": step_id})

    def update(
        self, session_id: int, *, meeting_date: date | None = None, plan: Plan | None = None,
        meeting2_date: date | None = None, approved_on: date | None = None,
        review_on: date | None = None, **texts: str,
    ) -> Session:
        """Change the session's details; texts are fields named in SESSION_TEXT_FIELDS.

        A date left None stays as it is; set_date empties one.
        """
        changes = _text_changes(texts)
        if meeting_date is not None:
            changes["meeting_date"] = meeting_date.isoformat()
        if plan is not None:
            changes["plan"] = plan.value
        dates = {"meeting2_date": meeting2_date, "approved_on": approved_on,
                 "review_on": review_on}
        changes.update({name: iso(day) for name, day in dates.items() if day is not None})
        return self._write(session_id, changes)

    def set_text(self, session_id: int, name: str, text: str) -> Session:
        """Change one of the texts named in SESSION_TEXT_FIELDS."""
        return self._write(session_id, _text_changes({name: text}))

    def _write(self, session_id: int, changes: dict[str, object]) -> Session:
        with self.connection.writing() as db:
            db.update("sessions", session_id, {**changes, "updated_at": now().isoformat()})
        return self.get(session_id)

    def set_date(self, session_id: int, name: str, day: date | None) -> Session:
        """Set one of SESSION_OPTIONAL_DATES, or empty it with None."""
        if name not in SESSION_OPTIONAL_DATES:
            raise TypeError(f"Not a session date that may be empty: {name}")
        return self._write(session_id, {name: iso(day)})

    def set_phase(self, session_id: int, phase: Phase) -> Session:
        """Move the session to another phase; done makes it read-only, any other re-opens it."""
        return self._write(session_id, {"phase": phase.value})

    def duplicate(self, session_id: int, department: str, *, first_step: str) -> Session:
        """A new session for another department that starts from this one's preparation.

        The facilitator, plan, pre-read, agenda and the preparation tasks' due dates come
        along; the notes, findings, participants and invitation belong to the original
        department.
        """
        source = self.get(session_id)
        copy = self.create(department, first_step=first_step, facilitator=source.facilitator)
        with self.connection.writing() as db:
            db.update("sessions", copy.id, {
                "plan": source.plan.value,
                "preread_title": db_text(source.preread_title),
                "preread_where": db_text(source.preread_where),
            })
            self.agenda.copy(session_id, copy.id)
            self.tasks.copy_due_dates(session_id, copy.id)
        return self.get(copy.id)

    def archive(self, session_id: int, archived: bool = True) -> Session:
        """Put a finished session out of the way, or bring it back to the list."""
        with self.connection.writing() as db:
            db.update("sessions", session_id,
                      {"archived_at": now().isoformat() if archived else None})
        return self.get(session_id)

    def delete(self, session_id: int) -> None:
        """Move a session to the bin; restore brings it back until the bin is emptied."""
        with self.connection.writing() as db:
            db.update("sessions", session_id, {"deleted_at": now().isoformat()})
            if self.state.get(LAST_SESSION) == str(session_id):
                self.state.forget(LAST_SESSION)

    def restore(self, session_id: int) -> Session:
        with self.connection.writing() as db:
            db.update("sessions", session_id, {"deleted_at": None})
        return self.get(session_id)

    def empty_bin(self) -> int:
        """Delete the binned sessions and everything in them for good, leaving no readable
        trace in the file; returns how many."""
        with self.connection.guard():
            uids = [row["uid"] for row in self.connection.rows(
                "select uid from sessions where deleted_at is not null")]
        self.erasure.drop_sessions(uids)
        return len(uids)


class Times:
    """The time spent on each step of a session (the step_times table)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, session_id: int, step_id: str, seconds: float) -> None:
        """Add time spent on a step; the totals show against each step's suggested duration."""
        with self.connection.writing() as db:
            db.execute(
                "insert into step_times (session_id, step_id, seconds) values (?, ?, ?) "
                "on conflict (session_id, step_id) "
                "do update set seconds = seconds + excluded.seconds",
                [session_id, step_id, seconds],
            )

    def set(self, session_id: int, step_id: str, seconds: float) -> None:
        """Put a step's time at seconds: the facilitator reset it, or undid the reset."""
        with self.connection.writing() as db:
            db.upsert("step_times", {"session_id": session_id, "step_id": step_id,
                                     "seconds": seconds}, ("session_id", "step_id"))

    def of_session(self, session_id: int) -> dict[str, float]:
        with self.connection.guard():
            rows = self.connection.rows(
                "select step_id, seconds from step_times where session_id = ?", [session_id])
            return {row["step_id"]: row["seconds"] for row in rows}

"""What the facilitator records before meeting 1: the task checklist and complaint findings."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from svcrec_desktop.domain.model import Finding, TaskState
from svcrec_desktop.store.connection import Connection, Row
from svcrec_desktop.store.values import db_text, iso, now, optional_date, optional_time, py_text

# The finding fields a person edits (besides the dates).
FINDING_FIELDS = ("theme", "count", "source", "example")


def _finding(row: Row) -> Finding:
    return Finding(
        id=row["id"],
        uid=row["uid"],
        session_id=row["session_id"],
        theme=py_text(row["theme"]),
        count=row["count"] or 0,
        source=row["source"] or "",
        period_start=optional_date(row["period_start"]),
        period_end=optional_date(row["period_end"]),
        example=py_text(row["example"]),
        position=row["position"] or 0,
    )


def _finding_value(name: str, value: object) -> object:
    """A finding field as the database keeps it; TypeError for a field it does not have."""
    if name in ("theme", "example"):
        return db_text(str(value))
    if name == "count":
        if not isinstance(value, int | float | str):
            raise TypeError("A finding's count is a whole number.")
        return int(value)
    if name == "source":
        return str(value)
    if name in ("period_start", "period_end"):
        if value is not None and not isinstance(value, date):
            raise TypeError(f"A finding's {name} is a date.")
        return iso(value)
    raise TypeError(f"Not a finding field: {name}")


class Tasks:
    """The preparation checklist: which tasks are done, and by when (the prep_tasks table)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def states(self, session_id: int) -> dict[str, TaskState]:
        """Every task the session has touched, by task id; untouched tasks are simply absent."""
        with self.connection.guard():
            rows = self.connection.rows("select * from prep_tasks where session_id = ?",
                                        [session_id])
            return {
                row["task_id"]: TaskState(row["task_id"], optional_time(row["done_at"]),
                                          optional_date(row["due_date"]))
                for row in rows
            }

    def set_done(self, session_id: int, task_id: str, done: bool) -> None:
        self._put(session_id, task_id, done_at=now().isoformat() if done else None)

    def set_due(self, session_id: int, task_id: str, due: date | None) -> None:
        self._put(session_id, task_id, due_date=iso(due))

    def copy_due_dates(self, source_id: int, copy_id: int) -> None:
        """Give a new session the due dates of another's tasks (not whether they are done)."""
        with self.connection.writing() as db:
            db.execute(
                "insert into prep_tasks (session_id, task_id, due_date) "
                "select ?, task_id, due_date from prep_tasks "
                "where session_id = ? and due_date is not null",
                [copy_id, source_id],
            )

    def _put(self, session_id: int, task_id: str, **change: str | None) -> None:
        with self.connection.writing() as db:
            db.upsert("prep_tasks", {"session_id": session_id, "task_id": task_id, **change},
                      ("session_id", "task_id"))
            db.touch(session_id, now().isoformat())


class Findings:
    """Complaint findings, in the facilitator's order (the findings table)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def of_session(self, session_id: int) -> list[Finding]:
        """The session's findings in the order the facilitator put them."""
        with self.connection.guard():
            rows = self.connection.rows(
                "select * from findings where session_id = ? order by position, id",
                [session_id])
            return [_finding(row) for row in rows]

    def add(self, session_id: int, findings: Iterable[dict]) -> list[Finding]:
        """Add findings at the end, in one transaction; each dict holds finding fields.

        Besides FINDING_FIELDS a dict may give period_start / period_end (dates) and a uid
        (a finding imported from a session file keeps its own).
        """
        stamp = now().isoformat()
        with self.connection.writing() as db:
            last = db.value(
                "select coalesce(max(position), -1) from findings where session_id = ?",
                [session_id])
            uids = []
            for offset, values in enumerate(findings, start=1):
                uid = values.get("uid") or uuid.uuid4().hex
                uids.append(uid)
                db.insert("findings", {
                    "uid": uid,
                    "session_id": session_id,
                    "theme": db_text(values.get("theme", "")),
                    "count": int(values.get("count", 0)),
                    "source": values.get("source", ""),
                    "period_start": iso(values.get("period_start")),
                    "period_end": iso(values.get("period_end")),
                    "example": db_text(values.get("example", "")),
                    "position": last + offset,
                    "created_at": stamp,
                    "updated_at": stamp,
                }, ignore=True)
            db.touch(session_id, stamp)
        return [f for f in self.of_session(session_id) if f.uid in set(uids)]

    def update(self, finding_id: int, **changes: object) -> Finding:
        """Change a finding's theme, count, source, example or period."""
        values = {name: _finding_value(name, value) for name, value in changes.items()}
        stamp = now().isoformat()
        with self.connection.writing() as db:
            db.update("findings", finding_id, {**values, "updated_at": stamp})
            row = db.get("findings", finding_id)
            db.touch(row["session_id"], stamp)
        return _finding(row)

    def delete(self, finding_id: int) -> None:
        with self.connection.writing() as db:
            db.get("findings", finding_id)
            db.execute("delete from findings where id = ?", [finding_id])

"""What the facilitator records before meeting 1: the task checklist and complaint findings.

Part of the Store (a mixin): the same connection, transactions and error sentences.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from svcrec_desktop.domain.model import Finding, TaskState
from svcrec_desktop.store.values import db_text, iso, now, optional_date, optional_time, py_text

# The finding fields a person edits (besides the dates).
FINDING_FIELDS = ("theme", "count", "source", "example")


def _finding(row: dict) -> Finding:
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


class PreparationStorage:
    """Preparation tasks and findings; mixed into Store, which provides db and transactions."""

    # Tasks ------------------------------------------------------------------------------------

    def task_states(self, session_id: int) -> dict[str, TaskState]:
        """Every task the session has touched, by task id; untouched tasks are simply absent."""
        with self._guard():
            rows = self.db["prep_tasks"].rows_where("session_id = ?", [session_id])
            return {
                row["task_id"]: TaskState(row["task_id"], optional_time(row["done_at"]),
                                          optional_date(row["due_date"]))
                for row in rows
            }

    def set_task_done(self, session_id: int, task_id: str, done: bool) -> None:
        self._put_task(session_id, task_id, done_at=now().isoformat() if done else None)

    def set_task_due(self, session_id: int, task_id: str, due: date | None) -> None:
        self._put_task(session_id, task_id, due_date=iso(due))

    def _put_task(self, session_id: int, task_id: str, **change: str | None) -> None:
        with self._writing() as db:
            db["prep_tasks"].upsert(
                {"session_id": session_id, "task_id": task_id, **change},
                pk=("session_id", "task_id"),
            )
            self._touch(db, session_id, now().isoformat())

    # Findings ---------------------------------------------------------------------------------

    def findings(self, session_id: int) -> list[Finding]:
        """The session's findings in the order the facilitator put them."""
        with self._guard():
            rows = self.db["findings"].rows_where(
                "session_id = ?", [session_id], order_by="position, id"
            )
            return [_finding(row) for row in rows]

    def add_findings(self, session_id: int, findings: Iterable[dict]) -> list[Finding]:
        """Add findings at the end, in one transaction; each dict holds finding fields.

        Besides FINDING_FIELDS a dict may give period_start / period_end (dates) and a uid
        (a finding imported from a session file keeps its own).
        """
        stamp = now().isoformat()
        with self._writing() as db:
            last = db.execute(
                "select coalesce(max(position), -1) from findings where session_id = ?",
                [session_id],
            ).fetchone()[0]
            uids = []
            for offset, values in enumerate(findings, start=1):
                uid = values.get("uid") or uuid.uuid4().hex
                uids.append(uid)
                db["findings"].insert({
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
            self._touch(db, session_id, stamp)
        return [f for f in self.findings(session_id) if f.uid in set(uids)]

    def update_finding(self, finding_id: int, **changes: object) -> Finding:
        """Change a finding's theme, count, source, example or period."""
        values: dict[str, object] = {}
        for name, value in changes.items():
            if name in ("theme", "example"):
                values[name] = db_text(str(value))
            elif name == "count":
                values[name] = int(value)  # type: ignore[call-overload]
            elif name == "source":
                values[name] = str(value)
            elif name in ("period_start", "period_end"):
                values[name] = iso(value)  # type: ignore[arg-type]
            else:
                raise TypeError(f"Not a finding field: {name}")
        stamp = now().isoformat()
        with self._writing() as db:
            db["findings"].update(finding_id, {**values, "updated_at": stamp})
            row = db["findings"].get(finding_id)
            self._touch(db, row["session_id"], stamp)
        return _finding(row)

    def delete_finding(self, finding_id: int) -> None:
        with self._writing() as db:
            db["findings"].delete(finding_id)

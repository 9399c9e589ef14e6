"""The register of recovery items handed out under Level One, in the Store."""

from __future__ import annotations

import uuid
from datetime import date

from svcrec_desktop.domain.guide_model import RecoveryItem
from svcrec_desktop.store.connection import Connection, Row
from svcrec_desktop.store.values import db_text, now, py_text


def _recovery(row: Row) -> RecoveryItem:
    return RecoveryItem(row["id"], row["uid"], date.fromisoformat(row["given_on"]),
                        py_text(row["item"]), row["value_cents"] or 0, py_text(row["reason"]),
                        py_text(row["giver"]), bool(row["receipt"]))


def _value(name: str, value: object) -> object:
    """A register field as the database keeps it; TypeError for a field it does not have."""
    if name == "given_on":
        if not isinstance(value, date):
            raise TypeError("given_on is a date.")
        return value.isoformat()
    if name in ("item", "reason", "giver"):
        return db_text(str(value))
    if name == "value_cents":
        if not isinstance(value, int | float | str):
            raise TypeError("value_cents is a whole number of cents.")
        if int(value) < 0:
            raise ValueError("A value cannot be negative.")
        return int(value)
    if name == "receipt":
        return int(bool(value))
    raise TypeError(f"Not a register field: {name}")


class Register:
    """Recovery items (the recovery_items table); no patient names: the form says so."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def items(self, session_id: int) -> list[RecoveryItem]:
        with self.connection.guard():
            rows = self.connection.rows(
                "select * from recovery_items where session_id = ? and deleted_at is null "
                "order by given_on, id", [session_id])
            return [_recovery(row) for row in rows]

    def get(self, row_id: int) -> RecoveryItem:
        with self.connection.guard():
            return _recovery(self.connection.get("recovery_items", row_id))

    def add(self, session_id: int, *, given_on: date, item: str, value_cents: int = 0,
            reason: str = "", giver: str = "", receipt: bool = False,
            uid: str | None = None) -> RecoveryItem:
        """Record something handed out under Level One."""
        if value_cents < 0:
            raise ValueError("A value cannot be negative.")
        stamp = now().isoformat()
        with self.connection.writing() as db:
            row_id = db.insert("recovery_items", {
                "uid": uid or uuid.uuid4().hex, "session_id": session_id,
                "given_on": given_on.isoformat(), "item": db_text(item),
                "value_cents": value_cents, "reason": db_text(reason),
                "giver": db_text(giver), "receipt": int(receipt),
                "created_at": stamp, "updated_at": stamp,
            })
            db.touch(session_id, stamp)
        return self.get(row_id)

    def update(self, row_id: int, **changes: object) -> RecoveryItem:
        """Change some fields: given_on (a date), item, reason, giver, value_cents, receipt."""
        values = {name: _value(name, value) for name, value in changes.items()}
        self.connection.change("recovery_items", row_id, values)
        return self.get(row_id)

    def delete(self, row_id: int) -> None:
        self.connection.change("recovery_items", row_id, {"deleted_at": now().isoformat()})

    def restore(self, row_id: int) -> None:
        self.connection.change("recovery_items", row_id, {"deleted_at": None})

    def monthly_totals(self, session_id: int) -> list[tuple[str, int, int]]:
        """(month "YYYY-MM", items, total value in cents) for every month with an item."""
        with self.connection.guard():
            return [(month, count, total) for month, count, total in self.connection.execute(
                "select substr(given_on, 1, 7), count(*), sum(value_cents) "
                "from recovery_items where session_id = ? and deleted_at is null "
                "group by 1 order by 1", [session_id])]

"""The database schema, one migration per change.

Later releases add new functions at the end; a shipped migration is never edited, because
databases in the field have already recorded it as applied.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("svcrec")


@migrations()
def m001_meeting_one(db: Database) -> None:
    """Sessions, their notes, the capture-pane draft, time per step and small app state."""
    db["sessions"].create(
        {
            "id": int,
            "department": str,
            "facilitator": str,
            "note_taker": str,
            "meeting_date": str,
            "current_step": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"department", "meeting_date", "created_at", "updated_at"},
        defaults={"facilitator": "", "note_taker": "", "current_step": ""},
    )
    db["notes"].create(
        {
            "id": int,
            "uid": str,
            "session_id": int,
            "step_id": str,
            "text": str,
            "created_at": str,
            "updated_at": str,
            "deleted_at": str,
        },
        pk="id",
        not_null={"uid", "session_id", "step_id", "text", "created_at", "updated_at"},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db["notes"].create_index(["uid"], unique=True)
    db["notes"].create_index(["session_id", "step_id"])
    db["drafts"].create(
        {"session_id": int, "text": str, "saved_at": str},
        pk="session_id",
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db["step_times"].create(
        {"session_id": int, "step_id": str, "seconds": float},
        pk=("session_id", "step_id"),
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db["app_state"].create({"key": str, "value": str}, pk="key")

"""The database schema, one migration per change.

Later releases add new functions at the end; a shipped migration is never edited, because
databases in the field have already recorded it as applied.

sqlite-utils runs the migrations (and records them in its _sqlite_migrations table), but it
is imported only when one is pending: a start with an up-to-date database reads that table
with plain SQL and never loads the library.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "svcrec"
_TABLE = "_sqlite_migrations"  # sqlite-utils' record of what was applied

Step = Callable[["Database"], None]
STEPS: list[Step] = []


def _step(migration: Step) -> Step:
    """Add a migration at the end of the schema's history."""
    STEPS.append(migration)
    return migration


@_step
def m001_meeting_one(db: Database) -> None:
    """Sessions, their notes, the capture-pane draft, time per step and small app state."""
    db.table("sessions").create(
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
    db.table("notes").create(
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
    db.table("notes").create_index(["uid"], unique=True)
    db.table("notes").create_index(["session_id", "step_id"])
    db.table("drafts").create(
        {"session_id": int, "text": str, "saved_at": str},
        pk="session_id",
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("step_times").create(
        {"session_id": int, "step_id": str, "seconds": float},
        pk=("session_id", "step_id"),
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("app_state").create({"key": str, "value": str}, pk="key")


@_step
def m002_sessions_home_and_preparation(db: Database) -> None:
    """Session life cycle, preparation, complaint findings and full-text search.

    Sessions get a stable uid (session files merge by it), a phase, archive and bin stamps
    and the preparation details; sessions made by meeting-1 releases were in meeting 1.
    """
    sessions = db.table("sessions")
    sessions.add_column("uid", str, not_null_default="")
    sessions.add_column("phase", str, not_null_default="preparing")
    sessions.add_column("plan", str, not_null_default="implement")
    sessions.add_column("participants", str, not_null_default="")
    sessions.add_column("preread_title", str, not_null_default="")
    sessions.add_column("preread_where", str, not_null_default="")
    sessions.add_column("invitation", str, not_null_default="")
    sessions.add_column("archived_at", str)
    sessions.add_column("deleted_at", str)
    db.execute("update sessions set phase = 'meeting1', uid = lower(hex(randomblob(16)))")
    sessions.create_index(["uid"], unique=True)
    db.table("prep_tasks").create(
        {"session_id": int, "task_id": str, "done_at": str, "due_date": str},
        pk=("session_id", "task_id"),
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("findings").create(
        {
            "id": int,
            "uid": str,
            "session_id": int,
            "theme": str,
            "count": int,
            "source": str,
            "period_start": str,
            "period_end": str,
            "example": str,
            "position": int,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"uid", "session_id", "theme", "created_at", "updated_at"},
        defaults={"count": 0, "source": "", "example": "", "position": 0},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("findings").create_index(["uid"], unique=True)
    db.table("findings").create_index(["session_id", "position"])
    tokenize = "porter unicode61 remove_diacritics 2"
    db.table("notes").enable_fts(["text"], create_triggers=True, tokenize=tokenize)
    db.table("findings").enable_fts(["theme", "example"], create_triggers=True, tokenize=tokenize)


@_step
def m003_guide_and_meeting_two(db: Database) -> None:
    """The structured guide, meeting-2 feedback, frozen versions and the recovery register.

    Guide items keep their fields as JSON (the structure is guide_model.SECTIONS), so a new
    field needs no migration. Notes may be kept out of exports.
    """
    db.table("notes").add_column("confidential", int, not_null_default=0)
    sessions = db.table("sessions")
    sessions.add_column("meeting2_date", str)
    sessions.add_column("reflection", str, not_null_default="")
    sessions.add_column("help_contact", str, not_null_default="")
    stamps = {"created_at": str, "updated_at": str}
    db.table("guide_items").create(
        {"id": int, "uid": str, "session_id": int, "section": str, "position": int,
         "fields": str, "from_note": str, **stamps, "deleted_at": str},
        pk="id",
        not_null={"uid", "session_id", "section", "fields", "created_at", "updated_at"},
        defaults={"position": 0, "from_note": ""},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("feedback").create(
        {"id": int, "uid": str, "session_id": int, "kind": str, "section": str, "text": str,
         "response": str, **stamps, "deleted_at": str},
        pk="id",
        not_null={"uid", "session_id", "kind", "text", "created_at", "updated_at"},
        defaults={"section": "", "response": ""},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("guide_versions").create(
        {"id": int, "uid": str, "session_id": int, "number": int, "status": str,
         "content": str, "created_at": str},
        pk="id",
        not_null={"uid", "session_id", "number", "status", "content", "created_at"},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("recovery_items").create(
        {"id": int, "uid": str, "session_id": int, "given_on": str, "item": str,
         "value_cents": int, "reason": str, "giver": str, "receipt": int, **stamps,
         "deleted_at": str},
        pk="id",
        not_null={"uid", "session_id", "given_on", "item", "created_at", "updated_at"},
        defaults={"value_cents": 0, "reason": "", "giver": "", "receipt": 0},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    for table in ("guide_items", "feedback", "guide_versions", "recovery_items"):
        db.table(table).create_index(["uid"], unique=True)
        db.table(table).create_index(["session_id"])
    tokenize = "porter unicode61 remove_diacritics 2"
    db.table("feedback").enable_fts(["text", "response"], create_triggers=True, tokenize=tokenize)


@_step
def m004_in_the_room(db: Database) -> None:
    """The meeting's agenda, quick tags and the parking lot on notes, and action items.

    An agenda row gives a step its planned minutes for one session (a step without a row
    keeps the playbook's share of the meeting's length). Tags are a note's comma-separated
    tag ids; a parked note is an off-topic point kept for later. Actions hang under the note
    they came from, by its uid.
    """
    db.table("sessions").add_column("meeting_minutes", int, not_null_default=0)  # 0: playbook's
    db.table("sessions").add_column("meeting2_minutes", int, not_null_default=0)
    db.table("agenda").create(
        {"session_id": int, "step_id": str, "minutes": int},
        pk=("session_id", "step_id"),
        not_null={"minutes"},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("notes").add_column("tags", str, not_null_default="")
    db.table("notes").add_column("parked", int, not_null_default=0)
    db.table("actions").create(
        {"id": int, "uid": str, "session_id": int, "note_uid": str, "what": str,
         "owner": str, "due": str, "done": int, "created_at": str, "updated_at": str,
         "deleted_at": str},
        pk="id",
        not_null={"uid", "session_id", "what", "created_at", "updated_at"},
        defaults={"note_uid": "", "owner": "", "done": 0},
        foreign_keys=[("session_id", "sessions", "id")],
    )
    db.table("actions").create_index(["uid"], unique=True)
    db.table("actions").create_index(["session_id"])
    tokenize = "porter unicode61 remove_diacritics 2"
    db.table("actions").enable_fts(["what", "owner"], create_triggers=True, tokenize=tokenize)


@_step
def m005_feedback_sources(db: Database) -> None:
    """Meeting-2 feedback remembers the note it was typed as, like guide items do.

    Feedback said in the room is saved twice, as a note and as feedback; when that note is
    later kept out of exports or deleted, its feedback must stay out too. Feedback written
    before this release is linked to a note of its session with the very same text.
    """
    db.table("feedback").add_column("from_note", str, not_null_default="")
    db.execute(
        "update feedback set from_note = coalesce((select n.uid from notes n "
        "where n.session_id = feedback.session_id and n.text = feedback.text "
        "order by n.id limit 1), '')"
    )


@_step
def m006_document_control(db: Database) -> None:
    """Document control for the guide's title page: who owns it, who approved it and when,
    and when it is next reviewed (empty: a year after approval)."""
    sessions = db.table("sessions")
    sessions.add_column("owner", str, not_null_default="")
    sessions.add_column("approved_by", str, not_null_default="")
    sessions.add_column("approved_on", str)
    sessions.add_column("review_on", str)


NAMES = tuple(step.__name__ for step in STEPS)


def applied(conn: sqlite3.Connection) -> list[str]:
    """The names of the migrations this database records as applied, oldest first."""
    if conn.execute("select 1 from sqlite_master where type = 'table' and name = ?",
                    [_TABLE]).fetchone() is None:
        return []
    return [name for (name,) in conn.execute(
        f"select name from {_TABLE} where migration_set = ? order by rowid", [MIGRATION_SET])]


def pending(conn: sqlite3.Connection) -> list[str]:
    """The names of the migrations this database still needs, in order."""
    done = set(applied(conn))
    return [name for name in NAMES if name not in done]


def migration_set() -> Migrations:
    """The schema's history as sqlite-utils runs it, each migration in its own transaction."""
    from sqlite_utils import Migrations

    history = Migrations(MIGRATION_SET)
    for step in STEPS:
        history()(step)
    return history


def apply(conn: sqlite3.Connection) -> None:
    """Run the pending migrations on this connection."""
    from sqlite_utils import Database

    migration_set().apply(Database(conn, execute_plugins=False))

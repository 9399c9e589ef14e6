"""Action items agreed in the room, each kept under the note it came from, in the Store.

Deleting hides an action so that it can be brought back; an action under a deleted note is
hidden with its note and comes back with it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from svcrec_desktop.domain.guide_model import GuideItem
from svcrec_desktop.domain.model import Action
from svcrec_desktop.store.connection import Connection, Row
from svcrec_desktop.store.guide import Guide
from svcrec_desktop.store.notes import Notes
from svcrec_desktop.store.values import db_text, iso, now, optional_date, py_text

# Actions shown anywhere: not deleted, and not under a deleted note.
_SHOWN = ("a.deleted_at is null and not exists (select 1 from notes n "
          "where n.uid = a.note_uid and n.deleted_at is not null)")


def _action(row: Row) -> Action:
    return Action(
        id=row["id"],
        uid=row["uid"],
        session_id=row["session_id"],
        note_uid=row["note_uid"] or "",
        what=py_text(row["what"]),
        owner=py_text(row["owner"]),
        due=optional_date(row["due"]),
        done=bool(row["done"]),
        created_at=datetime.fromisoformat(row["created_at"]),
        updated_at=datetime.fromisoformat(row["updated_at"]),
    )


class Actions:
    """Action items, each under the note it came from (the actions table)."""

    def __init__(self, connection: Connection, notes: Notes, guide: Guide) -> None:
        self.connection = connection
        self.notes = notes
        self.guide = guide

    def of_session(self, session_id: int, note_uid: str | None = None) -> list[Action]:
        """The session's actions (under one note if given), oldest first."""
        where = f"a.session_id = ? and {_SHOWN}"
        args: list[object] = [session_id]
        if note_uid is not None:
            where, args = where + " and a.note_uid = ?", [*args, note_uid]
        with self.connection.guard():
            rows = self.connection.rows(f"select a.* from actions a where {where} "
                                        "order by a.created_at, a.id", args)
            return [_action(row) for row in rows]

    def get(self, action_id: int) -> Action:
        with self.connection.guard():
            return _action(self.connection.get("actions", action_id))

    def add(self, session_id: int, note_uid: str, what: str, *, owner: str = "",
            due: date | None = None, uid: str | None = None) -> Action:
        """Put an action under a note; it must say what is to be done."""
        if not what.strip():
            raise ValueError("An action item needs to say what is to be done.")
        stamp = now().isoformat()
        with self.connection.writing() as db:
            action_id = db.insert("actions", {
                "uid": uid or uuid.uuid4().hex, "session_id": session_id,
                "note_uid": note_uid, "what": db_text(what), "owner": db_text(owner),
                "due": iso(due), "done": 0, "created_at": stamp, "updated_at": stamp,
            })
            db.touch(session_id, stamp)
        return self.get(action_id)

    def update(self, action_id: int, *, what: str, owner: str, due: date | None) -> Action:
        """Change what is to be done, by whom and by when (the dialog edits all three)."""
        if not what.strip():
            raise ValueError("An action item needs to say what is to be done.")
        self.connection.change("actions", action_id,
                               {"what": db_text(what), "owner": db_text(owner), "due": iso(due)})
        return self.get(action_id)

    def set_done(self, action_id: int, done: bool) -> Action:
        self.connection.change("actions", action_id, {"done": int(done)})
        return self.get(action_id)

    def delete(self, action_id: int) -> None:
        self.connection.change("actions", action_id, {"deleted_at": now().isoformat()})

    def restore(self, action_id: int) -> Action:
        self.connection.change("actions", action_id, {"deleted_at": None})
        return self.get(action_id)

    def bring_into_guide(self, session_id: int) -> list[GuideItem]:
        """Make an item of the guide's "who does what, by when" from each action not there
        yet, all in one transaction; returns the items made.

        An item made from an action keeps the action's note as its source and its words as
        "What": that is how the action is recognised later, so bringing them in again adds
        only the new ones (and one whose "What" was changed in the guide once more).
        """
        with self.connection.writing():
            brought = {(item.from_note, item.get("what"))
                       for item in self.guide.items(session_id, "assignments")}
            withheld = self.notes.withheld()
            return [
                self.guide.add_item(session_id, "assignments", {
                    "what": action.what, "who": action.owner, "due": iso(action.due) or "",
                    "done": "yes" if action.done else "",
                }, from_note=action.note_uid)
                for action in self.of_session(session_id)
                if (action.note_uid, action.what) not in brought
                and action.note_uid not in withheld  # the note may not leave, nor its actions
            ]

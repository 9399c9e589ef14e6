"""The guide and meeting 2's feedback on it, in the Store.

Nothing here is ever deleted outright except by emptying the bin; deleting hides a row so it
can be brought back. What was made from a withheld note (kept out of exports, or deleted)
stays out of every export until it is rewritten and released.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime

from svcrec_desktop.domain.guide_model import (
    Feedback,
    FeedbackKind,
    FieldKind,
    GuideContent,
    GuideItem,
    clean_fields,
    held_back,
    section_spec,
)
from svcrec_desktop.domain.model import Note, Session
from svcrec_desktop.store.connection import Connection, Row
from svcrec_desktop.store.notes import Notes
from svcrec_desktop.store.sessions import Sessions
from svcrec_desktop.store.values import db_text, json_text, now, py_text, text_from_json

CONFIDENTIAL_REFUSAL = (
    "A note kept out of the exports never goes into the guide. Let it back in first (Ctrl+K) "
    "if it may be shared, or write the point in your own words.")
NOT_REWRITTEN = (
    "This has not been changed since its note was kept out or deleted. Rewrite it in your "
    "own words first, then release it.")
STILL_QUOTES = (
    "This still holds the words of a note that was kept out or deleted. Rewrite it in your "
    "own words, then release it again.")


def fields_json(fields: dict[str, str]) -> str:
    """An item's fields as the database keeps them (session files write the same)."""
    return json.dumps({name: json_text(value) for name, value in fields.items()},
                      ensure_ascii=True, sort_keys=True)


def _fields(text: str) -> dict[str, str]:
    return {name: text_from_json(value) for name, value in json.loads(text).items()}


def _item(row: Row) -> GuideItem:
    return GuideItem(row["id"], row["uid"], row["section"], row["position"],
                     _fields(row["fields"]), row["from_note"] or "")


def _feedback(row: Row) -> Feedback:
    return Feedback(row["id"], row["uid"], FeedbackKind(row["kind"]), row["section"] or "",
                    py_text(row["text"]), py_text(row["response"]),
                    datetime.fromisoformat(row["created_at"]), row["from_note"] or "")


def refuse_kept_out(notes: Notes, note_uids: list[str]) -> None:
    """ValueError (CONFIDENTIAL_REFUSAL) if one of these notes is kept out of exports."""
    if notes.any_kept_out(note_uids):
        raise ValueError(CONFIDENTIAL_REFUSAL)


def released_links(notes: Notes, sources: tuple[str, ...], texts: Iterable[str],
                   changed: datetime) -> str:
    """The links that stay once the withheld ones are cut; ValueError while the row was
    not changed since a source was withheld, or still quotes one (a deleted note's words
    are wiped when the window closes, so the time is what tells then)."""
    everywhere = notes.withheld()
    withheld = [uid for uid in sources if uid in everywhere]
    if not withheld:
        return " ".join(sources)
    said = notes.words_and_times(withheld)
    if any(stamp > changed for _text, stamp in said):
        raise ValueError(NOT_REWRITTEN)
    texts = list(texts)
    if any(words.strip() and words.strip() in text for words, _stamp in said for text in texts):
        raise ValueError(STILL_QUOTES)
    return " ".join(uid for uid in sources if uid not in withheld)


class FeedbackPart:
    """What was said about the draft in meeting 2 (the feedback table)."""

    def __init__(self, connection: Connection, notes: Notes) -> None:
        self.connection = connection
        self.notes = notes

    def of_session(self, session_id: int) -> list[Feedback]:
        with self.connection.guard():
            rows = self.connection.rows(
                "select * from feedback where session_id = ? and deleted_at is null "
                "order by created_at, id", [session_id])
            return [_feedback(row) for row in rows]

    def get(self, feedback_id: int) -> Feedback:
        with self.connection.guard():
            return _feedback(self.connection.get("feedback", feedback_id))

    def add(self, session_id: int, kind: FeedbackKind, text: str, section: str = "",
            *, uid: str | None = None, from_note: str = "") -> Feedback:
        """Keep what someone said about the draft, linked to a section ("" = the whole) and
        to the note it was typed as, if any."""
        if section:
            section_spec(section)
        stamp = now().isoformat()
        with self.connection.writing() as db:
            refuse_kept_out(self.notes, from_note.split())
            feedback_id = db.insert("feedback", {
                "uid": uid or uuid.uuid4().hex, "session_id": session_id, "kind": kind.value,
                "section": section, "text": db_text(text), "created_at": stamp,
                "updated_at": stamp, "from_note": from_note,
            })
            db.touch(session_id, stamp)
        return self.get(feedback_id)

    def update(self, feedback_id: int, *, kind: FeedbackKind | None = None,
               section: str | None = None, text: str | None = None,
               response: str | None = None) -> Feedback:
        changes: dict[str, object] = {}
        if kind is not None:
            changes["kind"] = kind.value
        if section is not None:
            if section:
                section_spec(section)
            changes["section"] = section
        if text is not None:
            changes["text"] = db_text(text)
        if response is not None:
            changes["response"] = db_text(response)
        self.connection.change("feedback", feedback_id, changes)
        return self.get(feedback_id)

    def set_text(self, feedback_id: int, name: str, text: str) -> Feedback:
        """Change the section, text or response, named."""
        if name == "section":
            return self.update(feedback_id, section=text)
        if name == "text":
            return self.update(feedback_id, text=text)
        if name == "response":
            return self.update(feedback_id, response=text)
        raise TypeError(f"Not a feedback text: {name}")

    def delete(self, feedback_id: int) -> None:
        self.connection.change("feedback", feedback_id, {"deleted_at": now().isoformat()})

    def restore(self, feedback_id: int) -> None:
        self.connection.change("feedback", feedback_id, {"deleted_at": None})

    def release(self, feedback_id: int) -> Feedback:
        """Like Guide.release_item, for feedback typed as a note that is now withheld."""
        said = self.get(feedback_id)
        kept = released_links(self.notes, said.source_notes, (said.text, said.response),
                              self._changed(feedback_id))
        self.connection.change("feedback", feedback_id, {"from_note": kept})
        return self.get(feedback_id)

    def _changed(self, feedback_id: int) -> datetime:
        with self.connection.guard():
            return datetime.fromisoformat(
                self.connection.get("feedback", feedback_id)["updated_at"])


class Guide:
    """The guide's items and single-item forms (the guide_items table)."""

    def __init__(self, connection: Connection, notes: Notes, sessions: Sessions,
                 feedback: FeedbackPart) -> None:
        self.connection = connection
        self.notes = notes
        self.sessions = sessions
        self.feedback = feedback

    def items(self, session_id: int, section: str | None = None) -> list[GuideItem]:
        """The guide's items (of one section), in the facilitator's order."""
        where = "session_id = ? and deleted_at is null"
        args: list[object] = [session_id]
        if section is not None:
            where, args = where + " and section = ?", [*args, section]
        with self.connection.guard():
            rows = self.connection.rows(
                f"select * from guide_items where {where} order by position, id", args)
            return [_item(row) for row in rows]

    def add_item(self, session_id: int, section: str, fields: dict[str, str], *,
                 from_note: str = "", uid: str | None = None) -> GuideItem:
        """Append an item to a section; from_note links it to the note(s) it was made from.

        A note kept out of exports cannot become part of the guide (ValueError says so).
        """
        fields = clean_fields(section, fields)
        stamp = now().isoformat()
        with self.connection.writing() as db:
            refuse_kept_out(self.notes, from_note.split())
            last = db.value(
                "select coalesce(max(position), -1) from guide_items "
                "where session_id = ? and section = ?", [session_id, section])
            item_id = db.insert("guide_items", {
                "uid": uid or uuid.uuid4().hex, "session_id": session_id, "section": section,
                "position": last + 1, "fields": fields_json(fields), "from_note": from_note,
                "created_at": stamp, "updated_at": stamp,
            })
            db.touch(session_id, stamp)
        return self.item(item_id)

    def item(self, item_id: int) -> GuideItem:
        with self.connection.guard():
            return _item(self.connection.get("guide_items", item_id))

    def update_item(self, item_id: int, fields: dict[str, str]) -> GuideItem:
        """Change some fields of an item; the others stay as they were."""
        item = self.item(item_id)
        merged = {**item.fields, **clean_fields(item.section, fields)}
        self.connection.change("guide_items", item_id, {"fields": fields_json(merged)})
        return self.item(item_id)

    def move_item(self, item_id: int, position: int) -> None:
        """Put an item at this place (0 = first) in its section."""
        item = self.item(item_id)
        others = [i.id for i in self.items(self.connection.session_of("guide_items", item_id),
                                           item.section) if i.id != item_id]
        others.insert(max(0, min(position, len(others))), item_id)
        with self.connection.writing() as db:
            for place, other in enumerate(others):
                db.update("guide_items", other, {"position": place})

    def delete_item(self, item_id: int) -> None:
        self.connection.change("guide_items", item_id, {"deleted_at": now().isoformat()})

    def restore_item(self, item_id: int) -> GuideItem:
        self.connection.change("guide_items", item_id, {"deleted_at": None})
        return self.item(item_id)

    def add_notes_to_form(self, session_id: int, section: str, note_ids: list[int]
                          ) -> GuideItem:
        """Add notes' words to a single section's form, at the end of its last text field,
        and remember them as its sources, so that the form is held back if one of them is
        later kept out of exports or deleted. A confidential note is refused (ValueError)."""
        spec = section_spec(section)
        if not spec.single:
            raise ValueError(f"The {section} section is a list; add items to it instead.")
        name = next(f.name for f in reversed(spec.fields) if f.kind is FieldKind.TEXT)
        with self.connection.writing():
            notes = [self.notes.get(note_id) for note_id in note_ids]
            refuse_kept_out(self.notes, [note.uid for note in notes])
            found = self.items(session_id, section)
            item = found[0] if found else self.add_item(session_id, section, {})
            before = item.get(name).rstrip("\n")
            added = "\n".join(note.text for note in notes)
            linked = " ".join(dict.fromkeys([*item.source_notes, *(n.uid for n in notes)]))
            self.connection.change("guide_items", item.id, {
                "fields": fields_json({**item.fields,
                                        name: f"{before}\n{added}" if before else added}),
                "from_note": linked})
        return self.item(item.id)

    def release_item(self, item_id: int) -> GuideItem:
        """Let an item held back by a withheld note leave again, once it was rewritten.

        ValueError until the item was changed after its note was withheld and no field
        still holds the note's words: the facilitator rewrites it, then confirms.
        """
        item = self.item(item_id)
        with self.connection.guard():
            changed = datetime.fromisoformat(
                self.connection.get("guide_items", item_id)["updated_at"])
        kept = released_links(self.notes, item.source_notes, item.fields.values(), changed)
        self.connection.change("guide_items", item_id, {"from_note": kept})
        return self.item(item_id)

    def form(self, session_id: int, section: str) -> dict[str, str]:
        """The fields of a single-item section (empty until first filled in)."""
        found = self.items(session_id, section)
        return found[0].fields if found else {}

    def set_form(self, session_id: int, section: str, fields: dict[str, str]) -> GuideItem:
        """Fill in a single-item section, creating its item the first time."""
        if not section_spec(section).single:
            raise ValueError(f"The {section} section is a list; add items to it instead.")
        with self.connection.writing():
            found = self.items(session_id, section)
            if found:
                return self.update_item(found[0].id, fields)
            return self.add_item(session_id, section, fields)

    def content(self, session_id: int) -> GuideContent:
        """The guide as it stands now, with the feedback on it."""
        return GuideContent(tuple(self.items(session_id)),
                            tuple(self.feedback.of_session(session_id)))

    def open_assignments_before(self, session_id: int) -> tuple[Session, list[GuideItem]] | None:
        """The last earlier session of the same department, with its assignments not done.

        Shown when a later session starts, so that what was promised gets reviewed.
        """
        this = self.sessions.get(session_id)
        department = " ".join(this.department.casefold().split())
        earlier = [s for s in self.sessions.all() + self.sessions.all(archived=True)
                   if s.id != this.id and " ".join(s.department.casefold().split()) == department
                   and (s.meeting_date, s.created_at) < (this.meeting_date, this.created_at)]
        if not earlier:
            return None
        last = max(earlier, key=lambda s: (s.meeting_date, s.created_at))
        withheld = self.notes.withheld()
        still_open = [item for item in self.items(last.id, "assignments")
                      if item.get("done") != "yes" and item.get("what").strip()
                      and not held_back(item, withheld)]
        return (last, still_open) if still_open else None

    def unused_notes(self, session_id: int) -> list[Note]:
        """Notes no guide item was made from yet: what the editor still has to look at."""
        with self.connection.guard():
            used = {uid for row in self.connection.execute(
                "select from_note from guide_items where session_id = ? "
                "and deleted_at is null and from_note != ''", [session_id])
                for uid in row[0].split()}
        return [note for note in self.notes.of_session(session_id) if note.uid not in used]

"""The guide, meeting-2 feedback, frozen versions and the recovery register in the Store.

Part of the Store (a mixin): the same connection, transactions and error sentences. Nothing
here is ever deleted outright except by emptying the bin; deleting hides a row so it can be
brought back.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

from svcrec_desktop.domain.guide_model import (
    Feedback,
    FeedbackKind,
    FieldKind,
    GuideContent,
    GuideItem,
    GuideVersion,
    RecoveryItem,
    VersionStatus,
    clean_fields,
    content_from_data,
    content_to_data,
    held_back,
    section_spec,
)
from svcrec_desktop.domain.model import Note, Session
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


def _item(row: dict) -> GuideItem:
    return GuideItem(row["id"], row["uid"], row["section"], row["position"],
                     _fields(row["fields"]), row["from_note"] or "")


def _feedback(row: dict) -> Feedback:
    return Feedback(row["id"], row["uid"], FeedbackKind(row["kind"]), row["section"] or "",
                    py_text(row["text"]), py_text(row["response"]),
                    datetime.fromisoformat(row["created_at"]), row["from_note"] or "")


def _version(row: dict, ordinal: int) -> GuideVersion:
    return GuideVersion(row["id"], row["uid"], row["number"], VersionStatus(row["status"]),
                        datetime.fromisoformat(row["created_at"]),
                        content_from_data(json.loads(row["content"])), ordinal)


def _recovery(row: dict) -> RecoveryItem:
    return RecoveryItem(row["id"], row["uid"], date.fromisoformat(row["given_on"]),
                        py_text(row["item"]), row["value_cents"] or 0, py_text(row["reason"]),
                        py_text(row["giver"]), bool(row["receipt"]))


class GuideStorage:
    """Guide items, feedback, versions and the register; mixed into Store."""

    # Guide items -----------------------------------------------------------------------------

    def guide_items(self, session_id: int, section: str | None = None) -> list[GuideItem]:
        """The guide's items (of one section), in the facilitator's order."""
        where, args = "session_id = ? and deleted_at is null", [session_id]
        if section is not None:
            where, args = where + " and section = ?", [*args, section]
        with self._guard():
            rows = self.db["guide_items"].rows_where(where, args, order_by="position, id")
            return [_item(row) for row in rows]

    def add_guide_item(self, session_id: int, section: str, fields: dict[str, str], *,
                       from_note: str = "", uid: str | None = None) -> GuideItem:
        """Append an item to a section; from_note links it to the note(s) it was made from.

        A note kept out of exports cannot become part of the guide (ValueError says so).
        """
        fields = clean_fields(section, fields)
        stamp = now().isoformat()
        with self._writing() as db:
            self._refuse_confidential(from_note.split())
            last = db.execute(
                "select coalesce(max(position), -1) from guide_items "
                "where session_id = ? and section = ?", [session_id, section],
            ).fetchone()[0]
            item_id = db["guide_items"].insert({
                "uid": uid or uuid.uuid4().hex, "session_id": session_id, "section": section,
                "position": last + 1, "fields": fields_json(fields), "from_note": from_note,
                "created_at": stamp, "updated_at": stamp,
            }).last_pk
            self._touch(db, session_id, stamp)
        return self.guide_item(item_id)

    def guide_item(self, item_id: int) -> GuideItem:
        with self._guard():
            return _item(self.db["guide_items"].get(item_id))

    def update_guide_item(self, item_id: int, fields: dict[str, str]) -> GuideItem:
        """Change some fields of an item; the others stay as they were."""
        item = self.guide_item(item_id)
        merged = {**item.fields, **clean_fields(item.section, fields)}
        self._change("guide_items", item_id, {"fields": fields_json(merged)})
        return self.guide_item(item_id)

    def move_guide_item(self, item_id: int, position: int) -> None:
        """Put an item at this place (0 = first) in its section."""
        item = self.guide_item(item_id)
        others = [i.id for i in self.guide_items(self._session_of("guide_items", item_id),
                                                 item.section) if i.id != item_id]
        others.insert(max(0, min(position, len(others))), item_id)
        with self._writing() as db:
            for place, other in enumerate(others):
                db["guide_items"].update(other, {"position": place})

    def delete_guide_item(self, item_id: int) -> None:
        self._change("guide_items", item_id, {"deleted_at": now().isoformat()})

    def restore_guide_item(self, item_id: int) -> GuideItem:
        self._change("guide_items", item_id, {"deleted_at": None})
        return self.guide_item(item_id)

    def add_notes_to_form(self, session_id: int, section: str, note_ids: list[int]
                          ) -> GuideItem:
        """Add notes' words to a single section's form, at the end of its last text field,
        and remember them as its sources, so that the form is held back if one of them is
        later kept out of exports or deleted. A confidential note is refused (ValueError)."""
        spec = section_spec(section)
        if not spec.single:
            raise ValueError(f"The {section} section is a list; add items to it instead.")
        name = next(f.name for f in reversed(spec.fields) if f.kind is FieldKind.TEXT)
        with self._writing():
            notes = [self.note(note_id) for note_id in note_ids]
            self._refuse_confidential([note.uid for note in notes])
            found = self.guide_items(session_id, section)
            item = found[0] if found else self.add_guide_item(session_id, section, {})
            before = item.get(name).rstrip("\n")
            added = "\n".join(note.text for note in notes)
            linked = " ".join(dict.fromkeys([*item.source_notes, *(n.uid for n in notes)]))
            self._change("guide_items", item.id, {
                "fields": fields_json({**item.fields,
                                        name: f"{before}\n{added}" if before else added}),
                "from_note": linked})
        return self.guide_item(item.id)

    def _refuse_confidential(self, note_uids: list[str]) -> None:
        if not note_uids:
            return
        marks = ", ".join("?" * len(note_uids))
        with self._guard():
            kept_out = self.db.execute(
                f"select count(*) from notes where confidential = 1 and uid in ({marks})",
                note_uids).fetchone()[0]
        if kept_out:
            raise ValueError(CONFIDENTIAL_REFUSAL)

    def withheld_notes(self) -> frozenset[str]:
        """The uids of notes that may never leave: kept out of exports, or deleted. What was
        made from them (guide items, feedback, action items) stays in with them."""
        with self._guard():
            return frozenset(row[0] for row in self.db.execute(
                "select uid from notes where confidential = 1 or deleted_at is not null"))

    def release_guide_item(self, item_id: int) -> GuideItem:
        """Let an item held back by a withheld note leave again, once it was rewritten.

        ValueError until the item was changed after its note was withheld and no field
        still holds the note's words: the facilitator rewrites it, then confirms.
        """
        item = self.guide_item(item_id)
        kept = self._release_links("guide_items", item_id, item.source_notes,
                                   item.fields.values())
        self._change("guide_items", item_id, {"from_note": kept})
        return self.guide_item(item_id)

    def release_feedback(self, feedback_id: int) -> Feedback:
        """Like release_guide_item, for feedback typed as a note that is now withheld."""
        with self._guard():
            said = _feedback(self.db["feedback"].get(feedback_id))
        kept = self._release_links("feedback", feedback_id, said.source_notes,
                                   (said.text, said.response))
        self._change("feedback", feedback_id, {"from_note": kept})
        with self._guard():
            return _feedback(self.db["feedback"].get(feedback_id))

    def _release_links(self, table: str, row_id: int, sources: tuple[str, ...],
                       texts: Iterable[str]) -> str:
        """The links that stay once the withheld ones are cut; ValueError while the row was
        not changed since a source was withheld, or still quotes one (a deleted note's
        words are wiped when the window closes, so the time is what tells then)."""
        everywhere = self.withheld_notes()
        withheld = [uid for uid in sources if uid in everywhere]
        if not withheld:
            return " ".join(sources)
        marks = ", ".join("?" * len(withheld))
        with self._guard():
            notes = [(py_text(text), datetime.fromisoformat(stamp)) for text, stamp in
                     self.db.execute(f"select text, updated_at from notes where uid in "
                                     f"({marks})", withheld)]
            changed = datetime.fromisoformat(self.db[table].get(row_id)["updated_at"])
        if any(stamp > changed for _text, stamp in notes):
            raise ValueError(NOT_REWRITTEN)
        texts = list(texts)
        if any(words.strip() and words.strip() in text
               for words, _stamp in notes for text in texts):
            raise ValueError(STILL_QUOTES)
        return " ".join(uid for uid in sources if uid not in withheld)

    def guide_form(self, session_id: int, section: str) -> dict[str, str]:
        """The fields of a single-item section (empty until first filled in)."""
        found = self.guide_items(session_id, section)
        return found[0].fields if found else {}

    def set_guide_form(self, session_id: int, section: str, fields: dict[str, str]) -> GuideItem:
        """Fill in a single-item section, creating its item the first time."""
        if not section_spec(section).single:
            raise ValueError(f"The {section} section is a list; add items to it instead.")
        with self._writing():
            found = self.guide_items(session_id, section)
            if found:
                return self.update_guide_item(found[0].id, fields)
            return self.add_guide_item(session_id, section, fields)

    def open_assignments_before(self, session_id: int) -> tuple[Session, list[GuideItem]] | None:
        """The last earlier session of the same department, with its assignments not done.

        Shown when a later session starts, so that what was promised gets reviewed.
        """
        this = self.session(session_id)
        department = " ".join(this.department.casefold().split())
        earlier = [s for s in self.sessions() + self.sessions(archived=True)
                   if s.id != this.id and " ".join(s.department.casefold().split()) == department
                   and (s.meeting_date, s.created_at) < (this.meeting_date, this.created_at)]
        if not earlier:
            return None
        last = max(earlier, key=lambda s: (s.meeting_date, s.created_at))
        withheld = self.withheld_notes()
        still_open = [item for item in self.guide_items(last.id, "assignments")
                      if item.get("done") != "yes" and item.get("what").strip()
                      and not held_back(item, withheld)]
        return (last, still_open) if still_open else None

    def unused_notes(self, session_id: int) -> list[Note]:
        """Notes no guide item was made from yet: what the editor still has to look at."""
        with self._guard():
            used = {uid for row in self.db.execute(
                "select from_note from guide_items where session_id = ? "
                "and deleted_at is null and from_note != ''", [session_id])
                for uid in row[0].split()}
        return [note for note in self.notes(session_id) if note.uid not in used]

    def set_note_confidential(self, note_id: int, confidential: bool) -> Note:
        """Keep a note out of every export (it stays in the app), or let it back in."""
        with self._writing() as db:
            db["notes"].update(note_id, {"confidential": int(confidential),
                                         "updated_at": now().isoformat()})
        return self.note(note_id)

    def guide_content(self, session_id: int) -> GuideContent:
        """The guide as it stands now, with the feedback on it."""
        return GuideContent(tuple(self.guide_items(session_id)),
                            tuple(self.feedback(session_id)))

    # Feedback (meeting 2) --------------------------------------------------------------------

    def feedback(self, session_id: int) -> list[Feedback]:
        with self._guard():
            rows = self.db["feedback"].rows_where(
                "session_id = ? and deleted_at is null", [session_id], order_by="created_at, id")
            return [_feedback(row) for row in rows]

    def add_feedback(self, session_id: int, kind: FeedbackKind, text: str, section: str = "",
                     *, uid: str | None = None, from_note: str = "") -> Feedback:
        """Keep what someone said about the draft, linked to a section ("" = the whole) and
        to the note it was typed as, if any."""
        if section:
            section_spec(section)
        stamp = now().isoformat()
        with self._writing() as db:
            self._refuse_confidential(from_note.split())
            feedback_id = db["feedback"].insert({
                "uid": uid or uuid.uuid4().hex, "session_id": session_id, "kind": kind.value,
                "section": section, "text": db_text(text), "created_at": stamp,
                "updated_at": stamp, "from_note": from_note,
            }).last_pk
            self._touch(db, session_id, stamp)
        with self._guard():
            return _feedback(self.db["feedback"].get(feedback_id))

    def update_feedback(self, feedback_id: int, *, kind: FeedbackKind | None = None,
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
        self._change("feedback", feedback_id, changes)
        with self._guard():
            return _feedback(self.db["feedback"].get(feedback_id))

    def delete_feedback(self, feedback_id: int) -> None:
        self._change("feedback", feedback_id, {"deleted_at": now().isoformat()})

    def restore_feedback(self, feedback_id: int) -> None:
        self._change("feedback", feedback_id, {"deleted_at": None})

    # Versions ----------------------------------------------------------------------------------

    def freeze_version(self, session_id: int, status: VersionStatus) -> GuideVersion:
        """Keep the guide as it is now, numbered: the draft for meeting 2, or a final."""
        stamp = now().isoformat()
        with self._writing() as db:
            content = self.guide_content(session_id)
            number = db.execute(
                "select coalesce(max(number), 0) + 1 from guide_versions where session_id = ?",
                [session_id]).fetchone()[0]
            version_id = db["guide_versions"].insert({
                "uid": uuid.uuid4().hex, "session_id": session_id, "number": number,
                "status": status.value, "created_at": stamp,
                "content": json.dumps(content_to_data(content), ensure_ascii=True),
            }).last_pk
            self._touch(db, session_id, stamp)
        return self.version(version_id)

    def version(self, version_id: int) -> GuideVersion:
        """One frozen version, with its ordinal among the session's versions of its status."""
        with self._guard():
            row = self.db["guide_versions"].get(version_id)
            ordinal = self.db.execute(
                "select count(*) from guide_versions where session_id = ? and status = ? "
                "and (number < ? or (number = ? and id <= ?))",
                [row["session_id"], row["status"], row["number"], row["number"], row["id"]],
            ).fetchone()[0]
        return _version(row, ordinal)

    def update_version_text(self, version_id: int, part: str, uid: str, name: str,
                            text: str) -> GuideVersion:
        """Change one text inside a frozen version: a redaction of what it would export.

        part is "item" (name: a field) or "feedback" (name: "text" or "response").
        """
        version = self.version(version_id)
        data = content_to_data(version.content)
        records = data["items" if part == "item" else "feedback"]
        record = next((r for r in records if r["uid"] == uid), None)
        if record is None:
            raise ValueError(f"{version.name} has no such {part}.")
        if part == "item":
            record["fields"] = {**record["fields"], name: text}
        elif name in ("text", "response"):
            record[name] = text
        else:
            raise ValueError(f"Feedback has no field {name}.")
        with self._writing() as db:
            db["guide_versions"].update(version_id, {
                "content": json.dumps(data, ensure_ascii=True)})
        return self.version(version_id)

    def versions(self, session_id: int) -> list[GuideVersion]:
        """Every frozen version, oldest first, each numbered within its status."""
        with self._guard():
            rows = list(self.db["guide_versions"].rows_where(
                "session_id = ?", [session_id], order_by="number, id"))
        counted: Counter[str] = Counter()
        found = []
        for row in rows:
            counted[row["status"]] += 1
            found.append(_version(row, counted[row["status"]]))
        return found

    # Recovery register -------------------------------------------------------------------------

    def recovery_items(self, session_id: int) -> list[RecoveryItem]:
        with self._guard():
            rows = self.db["recovery_items"].rows_where(
                "session_id = ? and deleted_at is null", [session_id],
                order_by="given_on, id")
            return [_recovery(row) for row in rows]

    def add_recovery_item(self, session_id: int, *, given_on: date, item: str,
                          value_cents: int = 0, reason: str = "", giver: str = "",
                          receipt: bool = False, uid: str | None = None) -> RecoveryItem:
        """Record something handed out under Level One (no patient names: the form says so)."""
        if value_cents < 0:
            raise ValueError("A value cannot be negative.")
        stamp = now().isoformat()
        with self._writing() as db:
            row_id = db["recovery_items"].insert({
                "uid": uid or uuid.uuid4().hex, "session_id": session_id,
                "given_on": given_on.isoformat(), "item": db_text(item),
                "value_cents": value_cents, "reason": db_text(reason),
                "giver": db_text(giver), "receipt": int(receipt),
                "created_at": stamp, "updated_at": stamp,
            }).last_pk
            self._touch(db, session_id, stamp)
        with self._guard():
            return _recovery(self.db["recovery_items"].get(row_id))

    def update_recovery_item(self, row_id: int, **changes: object) -> RecoveryItem:
        values: dict[str, object] = {}
        for name, value in changes.items():
            if name == "given_on":
                values[name] = value.isoformat()  # type: ignore[union-attr]
            elif name in ("item", "reason", "giver"):
                values[name] = db_text(str(value))
            elif name == "value_cents":
                if int(value) < 0:  # type: ignore[call-overload]
                    raise ValueError("A value cannot be negative.")
                values[name] = int(value)  # type: ignore[call-overload]
            elif name == "receipt":
                values[name] = int(bool(value))
            else:
                raise TypeError(f"Not a register field: {name}")
        self._change("recovery_items", row_id, values)
        with self._guard():
            return _recovery(self.db["recovery_items"].get(row_id))

    def delete_recovery_item(self, row_id: int) -> None:
        self._change("recovery_items", row_id, {"deleted_at": now().isoformat()})

    def restore_recovery_item(self, row_id: int) -> None:
        self._change("recovery_items", row_id, {"deleted_at": None})

    def monthly_totals(self, session_id: int) -> list[tuple[str, int, int]]:
        """(month "YYYY-MM", items, total value in cents) for every month with an item."""
        with self._guard():
            return [tuple(row) for row in self.db.execute(
                "select substr(given_on, 1, 7), count(*), sum(value_cents) "
                "from recovery_items where session_id = ? and deleted_at is null "
                "group by 1 order by 1", [session_id])]

    # Shared ------------------------------------------------------------------------------------

    def _session_of(self, table: str, row_id: int) -> int:
        with self._guard():
            return self.db[table].get(row_id)["session_id"]

    def _change(self, table: str, row_id: int, values: dict[str, object]) -> None:
        """Update one row and stamp it and its session as changed, in one transaction."""
        stamp = now().isoformat()
        with self._writing() as db:
            db[table].update(row_id, {**values, "updated_at": stamp})
            self._touch(db, db[table].get(row_id)["session_id"], stamp)


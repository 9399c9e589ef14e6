"""Frozen versions of the guide in the Store: the draft for meeting 2, and finals.

A version keeps the guide's content as it was, so it never changes, except for a redaction
of what it would export.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import datetime

from svcrec_desktop.domain.guide_model import (
    GuideVersion,
    VersionStatus,
    content_from_data,
    content_to_data,
)
from svcrec_desktop.store.connection import Connection, Row
from svcrec_desktop.store.guide import Guide
from svcrec_desktop.store.values import now


def _version(row: Row, ordinal: int) -> GuideVersion:
    return GuideVersion(row["id"], row["uid"], row["number"], VersionStatus(row["status"]),
                        datetime.fromisoformat(row["created_at"]),
                        content_from_data(json.loads(row["content"])), ordinal)


class Versions:
    """The guide's frozen versions (the guide_versions table)."""

    def __init__(self, connection: Connection, guide: Guide) -> None:
        self.connection = connection
        self.guide = guide

    def freeze(self, session_id: int, status: VersionStatus) -> GuideVersion:
        """Keep the guide as it is now, numbered: the draft for meeting 2, or a final."""
        stamp = now().isoformat()
        with self.connection.writing() as db:
            content = self.guide.content(session_id)
            number = db.value(
                "select coalesce(max(number), 0) + 1 from guide_versions where session_id = ?",
                [session_id])
            version_id = db.insert("guide_versions", {
                "uid": uuid.uuid4().hex, "session_id": session_id, "number": number,
                "status": status.value, "created_at": stamp,
                "content": json.dumps(content_to_data(content), ensure_ascii=True),
            })
            db.touch(session_id, stamp)
        return self.get(version_id)

    def get(self, version_id: int) -> GuideVersion:
        """One frozen version, with its ordinal among the session's versions of its status."""
        with self.connection.guard():
            row = self.connection.get("guide_versions", version_id)
            ordinal = self.connection.value(
                "select count(*) from guide_versions where session_id = ? and status = ? "
                "and (number < ? or (number = ? and id <= ?))",
                [row["session_id"], row["status"], row["number"], row["number"], row["id"]])
        return _version(row, ordinal)

    def update_text(self, version_id: int, part: str, uid: str, name: str,
                    text: str) -> GuideVersion:
        """Change one text inside a frozen version: a redaction of what it would export.

        part is "item" (name: a field) or "feedback" (name: "text" or "response").
        """
        version = self.get(version_id)
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
        with self.connection.writing() as db:
            db.update("guide_versions", version_id,
                      {"content": json.dumps(data, ensure_ascii=True)})
        return self.get(version_id)

    def of_session(self, session_id: int) -> list[GuideVersion]:
        """Every frozen version, oldest first, each numbered within its status."""
        with self.connection.guard():
            rows = self.connection.rows(
                "select * from guide_versions where session_id = ? order by number, id",
                [session_id])
        counted: Counter[str] = Counter()
        found = []
        for row in rows:
            counted[row["status"]] += 1
            found.append(_version(row, counted[row["status"]]))
        return found

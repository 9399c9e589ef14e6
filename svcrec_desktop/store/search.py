"""Find anything said in any session: notes, findings, feedback and action items, by
full-text search.

What the person types is never FTS syntax: every word is quoted and matched as a prefix, so
"discharg" finds "discharge" and a stray quote or asterisk is just a character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from svcrec_desktop.store.connection import Connection
from svcrec_desktop.store.values import py_text

# Around the matching words in a snippet: characters no note contains by accident are not
# guaranteed, so the window turns these into highlighting and removes them otherwise.
MARK_START, MARK_END = "\x02", "\x03"
SNIPPET_WORDS = 16


@dataclass(frozen=True)
class SearchHit:
    """One note, finding, feedback or action item that matches, with where to open it."""

    session_id: int
    department: str
    kind: str  # "note", "finding", "feedback" or "action"
    item_id: int
    step_id: str  # the meeting step of a note or an action's note, a feedback's section, or ""
    snippet: str  # the matching passage, matches between MARK_START and MARK_END


def fts_query(text: str) -> str:
    """Every word of text as a quoted prefix term; empty if text has no word."""
    words = re.findall(r"\w[\w'’-]*", text)
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


class Search:
    """Full-text search over every session (reads the tables and their indexes)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def find(self, text: str, limit: int = 200) -> list[SearchHit]:
        """Notes, findings, feedback and actions matching every word of text, best first.

        Deleted notes (with their actions) and sessions in the bin are not searched;
        archived sessions are.
        """
        query = fts_query(text)
        if not query:
            return []
        marks = f"'{MARK_START}', '{MARK_END}', '…', {SNIPPET_WORDS}"
        sql = f"""
            select * from (
                select s.id as session_id, s.department, 'note' as kind, n.id as item_id,
                       n.step_id, cast(snippet(notes_fts, 0, {marks}) as blob) as snippet,
                       bm25(notes_fts) as rank, n.created_at as stamp
                from notes_fts join notes n on n.rowid = notes_fts.rowid
                join sessions s on s.id = n.session_id
                where notes_fts match :q and n.deleted_at is null and s.deleted_at is null
                union all
                select s.id, s.department, 'finding', f.id, '',
                       cast(snippet(findings_fts, -1, {marks}) as blob), bm25(findings_fts),
                       f.created_at
                from findings_fts join findings f on f.rowid = findings_fts.rowid
                join sessions s on s.id = f.session_id
                where findings_fts match :q and s.deleted_at is null
                union all
                select s.id, s.department, 'feedback', b.id, b.section,
                       cast(snippet(feedback_fts, -1, {marks}) as blob), bm25(feedback_fts),
                       b.created_at
                from feedback_fts join feedback b on b.rowid = feedback_fts.rowid
                join sessions s on s.id = b.session_id
                where feedback_fts match :q and b.deleted_at is null and s.deleted_at is null
                union all
                select s.id, s.department, 'action', a.id, coalesce(n.step_id, ''),
                       cast(snippet(actions_fts, -1, {marks}) as blob), bm25(actions_fts),
                       a.created_at
                from actions_fts join actions a on a.rowid = actions_fts.rowid
                join sessions s on s.id = a.session_id
                left join notes n on n.uid = a.note_uid
                where actions_fts match :q and a.deleted_at is null and n.deleted_at is null
                      and s.deleted_at is null
            ) order by rank, stamp desc limit :limit
        """
        with self.connection.guard():
            rows = self.connection.execute(sql, {"q": query, "limit": limit}).fetchall()
        return [
            SearchHit(session_id, py_text(department), kind, item_id, step_id,
                      snippet.decode("utf-8", "surrogatepass"))
            for session_id, department, kind, item_id, step_id, snippet, _rank, _stamp in rows
        ]

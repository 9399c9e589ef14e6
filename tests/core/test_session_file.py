"""Session files carry a session to another laptop: exact, mergeable, all or nothing.

Every test uses real data folders and real files. Where a merge rule depends on which copy
changed last, the test sets the times through SQL, as two laptops' clocks would have set
them, rather than waiting for the clock.
"""

import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from disk_faults import fill
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import HOSTILE_TEXTS, ONE_MB

from svcrec_desktop.domain.model import Phase, Plan
from svcrec_desktop.files.session_file import (
    MAX_BYTES,
    PARTS,
    SESSION,
    VERSION,
    SessionFileError,
    export_session_file,
    import_session_file,
    read_session_file,
    session_document,
)
from svcrec_desktop.store.database import Store

LONE_SURROGATES = "lone \ud800 high and \udfff low"
# Two code points, not the character U+10FC00 they would make in UTF-16: JSON cannot tell
# them apart, so the file holds such a text as a list of code points.
SURROGATES_PAIRED_BY_HAND = "\udbff\udc00 made by hand, \ud83d\ude00 too"
# Earlier than the clock of any test run: a stamp from the future is clamped to the moment of
# import. A test in which this laptop's copy must be the older one sets it to an earlier T.
T1, T2, T3, T4 = (f"2025-11-0{day}T10:00:00+01:00" for day in (1, 2, 3, 4))


# Helpers ---------------------------------------------------------------------------------------


def dump(store: Store) -> dict[str, list[str]]:
    """Every row of every table, full-text index included: what 'nothing changed' means."""
    tables = [name for (name,) in store.connection.execute(
        "select name from sqlite_master where type = 'table' order by name")]
    return {table: sorted(repr(row) for row in store.connection.execute(f"select * from [{table}]"))
            for table in tables}


def session_rows(store: Store, session_id: int) -> dict[str, list[dict]]:
    """Everything stored for one session, raw from the database, without this laptop's ids."""
    def rows(sql: str) -> list[dict]:
        found = [dict(row) for row in store.connection.rows(sql, [session_id])]
        for row in found:
            for local in ("id", "session_id"):
                row.pop(local, None)
        return sorted(found, key=repr)

    return {
        "sessions": rows("select * from sessions where id = ?"),
        "notes": rows("select * from notes where session_id = ?"),
        "drafts": rows("select * from drafts where session_id = ?"),
        "step_times": rows("select * from step_times where session_id = ?"),
        "prep_tasks": rows("select * from prep_tasks where session_id = ?"),
        "findings": rows("select * from findings where session_id = ?"),
    }


def set_times(store: Store, table: str, uid: str, **stamps: str | None) -> None:
    """Give a row the times another laptop's clock would have given it."""
    columns = ", ".join(f"{name} = ?" for name in stamps)
    with store.transaction() as db:
        db.execute(f"update {table} set {columns} where uid = ?", [*stamps.values(), uid])


def note_by_uid(store: Store, uid: str) -> dict:
    return store.connection.row("select * from notes where uid = ?", [uid])


def write(document: dict, path: Path) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=True), encoding="utf-8")
    return path


def full_session(store: Store, text: str = "The wait was long") -> int:
    """A session with something in every table a session file carries."""
    session = store.sessions.create(text if text.strip() else "x", first_step="welcome",
                                   facilitator=text, note_taker=text,
                                   meeting_date=date(2026, 11, 3), phase=Phase.MEETING1)
    store.sessions.update(session.id, plan=Plan.IMPROVE, participants=text,
                         preread_title=text, preread_where=text, invitation=text)
    store.sessions.set_current_step(session.id, "q2")
    kept = store.notes.add(session.id, "q1", text)
    edited = store.notes.add(session.id, "q2", "first words")
    store.notes.update(edited.id, text=text, step_id="q3")
    set_times(store, "notes", edited.uid, updated_at=T2)
    deleted = store.notes.add(session.id, "q4", text)
    store.notes.delete(deleted.id)
    store.notes.save_draft(session.id, text)
    store.times.add(session.id, "q1", 61.25)
    store.times.add(session.id, "q2", 7)
    store.tasks.set_done(session.id, "review", True)
    store.tasks.set_due(session.id, "invitation", date(2026, 10, 20))
    store.findings.add(session.id, [
        {"theme": text, "count": 4, "source": "survey comments", "example": text,
         "period_start": date(2026, 1, 1), "period_end": date(2026, 6, 30)},
        {"theme": "Discharge delays", "count": 0},
    ])
    store.sessions.archive(session.id)
    assert kept.uid != edited.uid
    return session.id


# Round trips -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_round_trip_into_a_fresh_data_folder_is_exact(laptops, tmp_path, name):
    here, there = laptops
    session_id = full_session(here, HOSTILE_TEXTS[name])
    target = export_session_file(here, session_id, tmp_path / "carried.svcrec.json")
    result = import_session_file(there, target)
    assert result.created and (result.notes_added, result.findings_added) == (3, 2)
    assert session_rows(there, result.session_id) == session_rows(here, session_id)
    again = session_document(there, result.session_id)
    first = json.loads(target.read_text(encoding="ascii"))
    assert {**again, "exported_at": None} == {**first, "exported_at": None}
    assert there.notes.of_session(result.session_id)[0].text == HOSTILE_TEXTS[name]


def test_lone_surrogates_travel_as_escapes_in_a_private_ascii_file(store, tmp_path):
    session = store.sessions.create(LONE_SURROGATES, first_step="welcome")
    store.notes.add(session.id, "q1", LONE_SURROGATES)
    store.notes.add(session.id, "q2", SURROGATES_PAIRED_BY_HAND)
    target = export_session_file(store, session.id, tmp_path / "s.svcrec.json")
    raw = target.read_bytes()
    assert raw.isascii() and b"\\ud800" in raw and b"\\udfff" in raw
    written = json.loads(raw)
    assert written["notes"][0]["text"] == LONE_SURROGATES
    assert written["notes"][1]["text"]["code_points"][:2] == [0xDBFF, 0xDC00]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(os.listdir(tmp_path)) == ["data", "s.svcrec.json"]  # no temporary file left
    other = Store.open(tmp_path / "other")
    try:
        imported = import_session_file(other, target)
        assert other.sessions.get(imported.session_id).department == LONE_SURROGATES
        assert [note.text for note in other.notes.of_session(imported.session_id)] == [
            LONE_SURROGATES, SURROGATES_PAIRED_BY_HAND]
    finally:
        other.close()


# Anything at all, with surrogates drawn often enough that they sit next to each other.
drawn_text = st.text(st.one_of(
    st.characters(codec=None, exclude_categories=()),
    st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff", "\x00", "\r", "\u2028"]),
), max_size=40)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=drawn_text, department=drawn_text.filter(str.strip), theme=drawn_text)
def test_drawn_text_round_trips_exactly(laptops, tmp_path, note, department, theme):
    here, there = laptops
    session = here.sessions.create(department, first_step="welcome", facilitator=note)
    here.notes.add(session.id, "q1", note)
    here.notes.save_draft(session.id, theme)
    here.findings.add(session.id, [{"theme": theme, "example": note}])
    target = export_session_file(here, session.id, tmp_path / "drawn.svcrec.json")
    imported = import_session_file(there, target)
    assert session_rows(there, imported.session_id) == session_rows(here, session.id)
    assert there.notes.of_session(imported.session_id)[0].text == note


def test_a_one_megabyte_note_among_many_round_trips(laptops, tmp_path):
    here, there = laptops
    session = here.sessions.create("Oncology", first_step="welcome")
    for number in range(300):
        here.notes.add(session.id, "q2", f"note {number}")
    big = here.notes.add(session.id, "q3", ONE_MB + SURROGATES_PAIRED_BY_HAND)
    target = export_session_file(here, session.id, tmp_path / "big.svcrec.json")
    imported = import_session_file(there, target)
    assert imported.notes_added == 301
    assert there.notes.of_session(imported.session_id, "q3")[0].text == big.text
    assert session_rows(there, imported.session_id) == session_rows(here, session.id)


def test_export_replaces_an_earlier_file_and_makes_it_private(store, tmp_path):
    session_id = full_session(store)
    target = tmp_path / "s.svcrec.json"
    target.write_text("an older copy")
    target.chmod(0o644)
    export_session_file(store, session_id, target)
    assert read_session_file(target).session["uid"] == store.sessions.get(session_id).uid
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


@pytest.mark.parametrize(("where", "message"), [
    ("missing/s.svcrec.json", "the folder"),
    ("folder", "a folder has that name"),
])
def test_export_to_an_impossible_place_says_why(store, tmp_path, where, message):
    session_id = full_session(store)
    (tmp_path / "folder").mkdir()
    with pytest.raises(SessionFileError, match=message):
        export_session_file(store, session_id, tmp_path / where)
    assert sorted(os.listdir(tmp_path)) == ["data", "folder"]


def test_a_full_disk_leaves_the_earlier_file_and_no_temporary_file(store, small_disk):
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.notes.add(session.id, "q2", ONE_MB)
    target = export_session_file(store, session.id, small_disk / "s.svcrec.json")
    before = target.read_bytes()
    store.notes.add(session.id, "q3", ONE_MB)
    fill(small_disk)
    with pytest.raises(SessionFileError, match="the disk is full"):
        export_session_file(store, session.id, target)
    assert target.read_bytes() == before
    assert sorted(os.listdir(small_disk)) == ["filler", "s.svcrec.json"]


# Merging ---------------------------------------------------------------------------------------


def test_two_note_takers_merge_into_the_union_without_duplicates(laptops, tmp_path):
    a, b = laptops
    session = a.sessions.create("Emergency", first_step="welcome")
    first = a.notes.add(session.id, "q1", "said first")
    set_times(a, "notes", first.uid, updated_at=T1)
    doomed = a.notes.add(session.id, "q2", "said twice")
    on_b = import_session_file(b, export_session_file(a, session.id, tmp_path / "1.json"))
    assert on_b.created

    a.notes.add(session.id, "q3", "only the facilitator heard this")
    a.notes.delete(doomed.id)
    for number in range(3):
        b.notes.add(on_b.session_id, "q4", f"the second note-taker's note {number}")
    b.notes.update(b.notes.of_session(on_b.session_id, "q1")[0].id, text="said first, corrected")
    set_times(b, "notes", first.uid, updated_at=T2)

    into_a = import_session_file(a, export_session_file(b, on_b.session_id, tmp_path / "2.json"))
    assert (into_a.notes_added, into_a.notes_updated) == (3, 1)
    into_b = import_session_file(b, export_session_file(a, session.id, tmp_path / "3.json"))
    assert (into_b.notes_added, into_b.notes_updated) == (1, 1)

    texts = sorted(note.text for note in a.notes.of_session(session.id))
    assert texts == sorted([
        "said first, corrected", "only the facilitator heard this",
        *(f"the second note-taker's note {number}" for number in range(3)),
    ])
    everything_but_the_drafts = [
        {**session_rows(store, session_id), "drafts": None}
        for store, session_id in ((a, session.id), (b, on_b.session_id))
    ]
    assert everything_but_the_drafts[0] == everything_but_the_drafts[1]
    # the deleted one too
    assert a.connection.execute("select count(*) from notes").fetchone()[0] == 6


def test_importing_the_same_file_again_changes_nothing(laptops, tmp_path):
    a, b = laptops
    session_id = full_session(a)
    target = export_session_file(a, session_id, tmp_path / "s.json")
    import_session_file(b, target)
    for store in (a, b):
        before, changes = dump(store), store.changes()
        result = import_session_file(store, target)
        assert not result.changed and "nothing changed" in result.summary()
        assert dump(store) == before and store.changes() == changes


def merged_after(a: Store, session_id: int, tmp_path: Path, change) -> dict:
    """Export the session, let change() edit the file as another laptop would, import it."""
    document = session_document(a, session_id)
    change(document)
    return import_session_file(a, write(document, tmp_path / "changed.json"))


def test_a_note_keeps_the_copy_edited_last(store, tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome")
    note = store.notes.add(session.id, "q1", "mine")
    set_times(store, "notes", note.uid, updated_at=T2)

    def older_edit(document):
        document["notes"][0].update(text="theirs, older", step_id="q5", updated_at=T1)

    assert merged_after(store, session.id, tmp_path, older_edit).notes_updated == 0
    assert store.notes.get(note.id).text == "mine"

    def newer_edit(document):
        document["notes"][0].update(text="theirs, newer", step_id="q5", updated_at=T3)

    assert merged_after(store, session.id, tmp_path, newer_edit).notes_updated == 1
    merged = store.notes.get(note.id)
    assert (merged.text, merged.step_id, merged.updated_at.isoformat()) == (
        "theirs, newer", "q5", T3)


def test_a_deletion_wins_over_earlier_edits_and_loses_to_later_ones(store, tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome")
    note = store.notes.add(session.id, "q1", "mine")
    set_times(store, "notes", note.uid, created_at=T1, updated_at=T1)

    def deleted_later(document):
        document["notes"][0]["deleted_at"] = T2

    merged_after(store, session.id, tmp_path, deleted_later)
    assert store.notes.of_session(session.id) == []
    assert note_by_uid(store, note.uid)["deleted_at"] == T2

    def edited_after_the_deletion(document):
        document["notes"][0].update(text="still true", updated_at=T3, deleted_at=None)

    merged_after(store, session.id, tmp_path, edited_after_the_deletion)
    assert [n.text for n in store.notes.of_session(session.id)] == ["still true"]


def test_findings_merge_by_uid_and_keep_the_copy_changed_last(store, tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome")
    [finding] = store.findings.add(session.id, [{"theme": "Waits", "count": 2}])
    set_times(store, "findings", finding.uid, updated_at=T2)

    def changes(document):
        document["findings"][0].update(theme="Long waits", count=5, updated_at=T3)
        document["findings"].append({
            **document["findings"][0], "uid": "f" * 32, "theme": "Noise at night",
            "count": 7, "position": 9, "created_at": T1, "updated_at": T1,
        })

    result = merged_after(store, session.id, tmp_path, changes)
    assert (result.findings_added, result.findings_updated) == (1, 1)
    found = store.findings.of_session(session.id)
    assert [(f.theme, f.count, f.position) for f in found] == [
        ("Long waits", 5, 0), ("Noise at night", 7, 9)]


def test_tasks_done_anywhere_stay_done_and_step_times_keep_the_longer(store, tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.tasks.set_done(session.id, "review", True)
    store.tasks.set_due(session.id, "invitation", date(2026, 10, 1))
    store.times.add(session.id, "q1", 100)
    store.times.add(session.id, "q2", 50)
    done_here = store.tasks.states(session.id)["review"].done_at
    set_times(store, "sessions", session.uid, updated_at=T1)

    def changes(document):
        document["session"]["updated_at"] = T4  # the other copy changed last
        document["tasks"] = [
            {"task_id": "review", "done_at": None, "due_date": None},
            {"task_id": "invitation", "done_at": T1, "due_date": "2026-10-15"},
            {"task_id": "pre-read", "done_at": None, "due_date": "2026-10-20"},
        ]
        document["step_times"] = [{"step_id": "q1", "seconds": 90},
                                  {"step_id": "q2", "seconds": 70.5},
                                  {"step_id": "q3", "seconds": 12}]

    result = merged_after(store, session.id, tmp_path, changes)
    assert (result.tasks_updated, result.step_times_updated) == (2, 2)
    tasks = store.tasks.states(session.id)
    assert tasks["review"].done_at == done_here
    assert (tasks["invitation"].done_at.isoformat(), tasks["invitation"].due_date) == (
        T1, date(2026, 10, 15))
    assert tasks["pre-read"].due_date == date(2026, 10, 20)
    assert store.times.of_session(session.id) == {"q1": 100, "q2": 70.5, "q3": 12}


def test_session_details_come_from_the_copy_changed_last(store, tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome", facilitator="Dana")
    store.sessions.archive(session.id)
    set_times(store, "sessions", session.uid, updated_at=T2)

    def older(document):
        document["session"].update(facilitator="Sam", updated_at=T1, archived_at=None)

    assert not merged_after(store, session.id, tmp_path, older).changed
    assert store.sessions.get(session.id).facilitator == "Dana"

    def newer(document):
        document["session"].update(facilitator="Sam", phase="between", plan="improve",
                                   current_step="q4", meeting_date="2026-12-01",
                                   updated_at=T3, archived_at=None)

    result = merged_after(store, session.id, tmp_path, newer)
    assert result.details_updated and "details updated" in result.summary()
    merged = store.sessions.get(session.id)
    assert (merged.facilitator, merged.phase, merged.plan, merged.current_step,
            merged.meeting_date, merged.updated_at.isoformat()) == (
        "Sam", Phase.BETWEEN, Plan.IMPROVE, "q4", date(2026, 12, 1), T3)
    assert merged.archived_at is not None  # the archive is this laptop's filing


def test_the_unsaved_note_typed_here_is_kept(store, tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome")

    def with_draft(document):
        document["draft"] = {"text": "typed on the other laptop", "saved_at": T1}

    store.notes.save_draft(session.id, "typed here")
    assert not merged_after(store, session.id, tmp_path, with_draft).draft_taken
    assert store.notes.draft(session.id) == "typed here"
    store.notes.save_draft(session.id, "")
    assert merged_after(store, session.id, tmp_path, with_draft).draft_taken
    assert store.notes.draft(session.id) == "typed on the other laptop"


def test_a_session_in_the_bin_comes_back_with_the_file_merged_in(store, tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome")
    document = session_document(store, session.id)
    document["notes"].append({"uid": "a" * 32, "step_id": "q1", "text": "new",
                              "created_at": T1, "updated_at": T1})
    store.sessions.delete(session.id)
    result = import_session_file(store, write(document, tmp_path / "s.json"))
    assert (result.session_id, result.restored_from_bin, result.notes_added) == (
        session.id, True, 1)
    assert "out of the bin" in result.summary()
    assert [s.id for s in store.sessions.all()] == [session.id]


def test_newer_optional_keys_are_ignored_and_nullable_keys_may_be_left_out(store, tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome")
    document = session_document(store, session.id)
    document["versions"] = [{"uid": "v1", "label": "from a later release"}]
    document["session"]["colour"] = "teal"
    document["session"]["uid"] = "b" * 32
    del document["session"]["archived_at"], document["draft"]
    document["notes"] = [{"uid": "c" * 32, "step_id": "q1", "text": "hi", "created_at": T1,
                          "updated_at": T1, "mood": "calm"}]
    result = import_session_file(store, write(document, tmp_path / "s.json"))
    assert result.created and store.notes.of_session(result.session_id)[0].text == "hi"


def test_the_example_in_the_documentation_imports(store, tmp_path):
    docs = Path(__file__).resolve().parents[2] / "docs" / "session-format.md"
    example = docs.read_text(encoding="utf-8").split("```json\n")[1].split("```")[0]
    result = import_session_file(store, write(json.loads(example), tmp_path / "example.json"))
    assert (result.department, result.notes_added, result.findings_added) == ("Cardiology", 1, 1)
    assert "waited 4 hours" in store.notes.of_session(result.session_id)[0].text


def test_the_format_carries_every_column_of_every_table_of_a_session(store):
    """A migration that adds to a session's tables must add to the format (and its docs)."""
    carried = {part.table: set(part.fields) for part in PARTS.values()}
    carried |= {"sessions": set(SESSION) | {"deleted_at"}, "drafts": {"text", "saved_at"}}
    local = {"id", "session_id"}  # this laptop's row ids; deleted_at: the bin is local too
    schema = {}
    for (table,) in store.connection.execute("select name from sqlite_master where type = 'table'"):
        columns = {row[1] for row in store.connection.execute(f"pragma table_info([{table}])")}
        if table == "sessions" or "session_id" in columns:
            schema[table] = columns - local
    assert schema == carried


# Refusals --------------------------------------------------------------------------------------


def valid_document(store: Store, session_id: int) -> dict:
    """The session as a file from the laptop that changed it last, with one note more."""
    set_times(store, "sessions", store.sessions.get(session_id).uid, updated_at=T3)
    document = session_document(store, session_id)
    document["notes"].append({"uid": "d" * 32, "step_id": "q5", "text": "from the file",
                              "created_at": T1, "updated_at": T1, "deleted_at": None})
    document["session"]["updated_at"] = T4
    document["session"]["department"] = "Renamed by the file"
    return document


def edited(change):
    def make(store: Store, session_id: int, path: Path) -> Path:
        document = valid_document(store, session_id)
        change(document)
        return write(document, path)
    return make


def raw(content: bytes):
    def make(_store: Store, _session_id: int, path: Path) -> Path:
        path.write_bytes(content)
        return path
    return make


def truncated(store: Store, session_id: int, path: Path) -> Path:
    """Cut off in the middle of a note, as a copy interrupted by pulling the stick out."""
    text = json.dumps(valid_document(store, session_id), ensure_ascii=True)
    path.write_text(text[: text.index('"from the file"') + 6])
    return path


def cut_after_a_comma(store: Store, session_id: int, path: Path) -> Path:
    text = json.dumps(valid_document(store, session_id), ensure_ascii=True)
    path.write_text(text[: text.index('"from the file"') + 16])
    return path


def damaged(store: Store, session_id: int, path: Path) -> Path:
    text = json.dumps(valid_document(store, session_id), ensure_ascii=True)
    path.write_text(text.replace('", "', '" "', 1))
    return path


def too_large(_store: Store, _session_id: int, path: Path) -> Path:
    with open(path, "wb") as file:
        file.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    return path


def folder(_store: Store, _session_id: int, path: Path) -> Path:
    path.mkdir()
    return path


def missing(_store: Store, _session_id: int, path: Path) -> Path:
    return path


def clashing_finding(store: Store, session_id: int, path: Path) -> Path:
    """Valid on its own, but a finding's uid is another session's: found mid-import."""
    other = store.sessions.create("Oncology", first_step="welcome")
    [theirs] = store.findings.add(other.id, [{"theme": "Someone else's"}])
    document = valid_document(store, session_id)
    document["findings"].append({**document["findings"][0], "uid": theirs.uid})
    return write(document, path)


def note_field(key, value):
    return edited(lambda document: document["notes"][0].__setitem__(key, value))


REFUSALS = {
    "damaged": (damaged, "is damaged (at line 1"),
    "truncated": (truncated, "cut off"),
    "cut after a comma": (cut_after_a_comma, "cut off"),
    "foreign JSON": (raw(b'{"name": "a spreadsheet", "rows": [1, 2]}'), "not a Service Recovery"),
    "a JSON list": (raw(b"[1, 2, 3]"), "not a Service Recovery"),
    "newer version": (edited(lambda d: d.update(version=VERSION + 1)), "made by a newer"),
    "version as text": (edited(lambda d: d.update(version="1")), "format version is not valid"),
    "not UTF-8": (raw('{"format": "svcrec-session", "x": "café"}'.encode("cp1252")),
                  "not UTF-8"),
    "UTF-16": (raw('{"format": "svcrec-session"}'.encode("utf-16")), "not UTF-8"),
    "empty": (raw(b""), "the file is empty"),
    "only spaces": (raw(b" \n\t "), "the file is empty"),
    "too large": (too_large, "larger than any session file"),
    "a folder": (folder, "it is a folder"),
    "missing": (missing, "no such file"),
    "text that is a number": (note_field("text", 5), "“text” of note 1 is not text"),
    "code points out of range": (note_field("text", {"code_points": [65, 0x110000]}),
                                 "“text” of note 1 is not text"),
    "missing time": (edited(lambda d: d["notes"][0].pop("created_at")),
                     "note 1 has no “created_at”"),
    "bad time": (note_field("updated_at", "yesterday"), "is not a date and time"),
    "step id with a lone surrogate": (note_field("step_id", "q\ud8001"), "not valid text"),
    "uid with spaces": (note_field("uid", "not an id"), "not a valid identifier"),
    "repeated uid": (edited(lambda d: d["notes"].append(dict(d["notes"][0]))),
                     "the same “uid” as an earlier one"),
    "notes not a list": (edited(lambda d: d.update(notes={"a": 1})),
                         "“notes” is missing or is not a list"),
    "no tasks": (edited(lambda d: d.pop("tasks")), "“tasks” is missing"),
    "no session": (edited(lambda d: d.pop("session")), "the session is missing"),
    "blank department": (edited(lambda d: d["session"].update(department=" ")),
                         "no department name"),
    "unknown phase": (edited(lambda d: d["session"].update(phase="lunch")),
                      "is not one of preparing"),
    "bad meeting date": (edited(lambda d: d["session"].update(meeting_date="Tuesday")),
                         "is not a date"),
    "count as text": (edited(lambda d: d["findings"][0].update(count="4")),
                      "“count” of finding 1 is not a whole number"),
    "count true": (edited(lambda d: d["findings"][0].update(count=True)), "not a whole number"),
    "negative seconds": (edited(lambda d: d["step_times"][0].update(seconds=-1)),
                         "not a number of seconds"),
    "infinite seconds": (edited(lambda d: d["step_times"][0].update(seconds=1e999)),
                         "not a number of seconds"),
    "draft not a record": (edited(lambda d: d.update(draft="hello")),
                           "the draft is missing or is not a group"),
    "uid of another session's finding": (clashing_finding, "another session here"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_file_that_cannot_be_used_changes_nothing_and_says_why(store, tmp_path, case):
    make, message = REFUSALS[case]
    session_id = full_session(store)
    path = make(store, session_id, tmp_path / "incoming.svcrec.json")
    before = dump(store)
    with pytest.raises(SessionFileError) as raised:
        import_session_file(store, path)
    assert message in str(raised.value)
    assert str(raised.value).startswith(f"Cannot import {path}: ")
    assert "from the file" not in str(raised.value)  # no note text in a message
    assert dump(store) == before


def test_the_valid_document_used_by_the_refusals_imports(store, tmp_path):
    session_id = full_session(store)
    result = import_session_file(store, edited(lambda d: None)(store, session_id,
                                                               tmp_path / "ok.json"))
    assert (result.notes_added, result.details_updated) == (1, True)
    assert store.sessions.get(session_id).department == "Renamed by the file"
    assert read_session_file(tmp_path / "ok.json").session["uid"] == store.sessions.get(
        session_id).uid

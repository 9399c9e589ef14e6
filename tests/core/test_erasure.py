"""Removed words are really gone: no byte of a redacted or deleted text stays in the database
file, its write-ahead log, its full-text index or any backup, and session files still merge."""

import json
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from samples import HOSTILE_TEXTS

from svcrec_desktop import paths
from svcrec_desktop.domain.guide_model import FeedbackKind, VersionStatus
from svcrec_desktop.files.session_file import export_session_file, import_session_file
from svcrec_desktop.store.backups import list_backups, problem_with, rewrite_backups, take_backup
from svcrec_desktop.store.database import Store
from svcrec_desktop.store.erasure import JSON_TEXTS, SOFT_DELETED, Erasures, typed_text

# Words no database holds by chance, each its own full-text token (the stemmer keeps them).
WORDS = ("zorvexqa", "plimbrak", "quendolyx")
MARKER = "Zorvexqa Plimbrak Quendolyx, 07700 900123"
REPLACED = "[removed]"
# After any test's clock: an edit made on another laptop, then the deletion here.
# Stamps in the past: a session file's stamps from the future are clamped to now on import.
EARLIER, LATER, DELETED = ("2025-11-01T10:00:00+01:00", "2025-11-02T10:00:00+01:00",
                           "2025-11-03T10:00:00+01:00")


def traces(data_dir: Path) -> list[str]:
    """Every file of the data folder (log, index and backups included) holding a marker word,
    in any case."""
    return sorted(str(path.relative_to(data_dir)) for path in data_dir.rglob("*")
                  if path.is_file() and any(word.encode() in path.read_bytes().lower()
                                            for word in WORDS))


def busy_store(data_dir: Path) -> tuple[Store, int]:
    """A session with enough other words that the marker shares pages and index segments."""
    store = Store.open(data_dir)
    session = store.sessions.create("Cardiology", first_step="welcome")
    for number in range(40):
        store.notes.add(session.id, "q1", f"Waited {number} hours for a bed, nobody came. " * 5)
    store.erasure.settle()  # the one-time clearing of free space is done: later ones count
    return store, session.id


def row(store: Store, table: str, uid: str) -> dict:
    return store.connection.row(f"select * from {table} where uid = ?", [uid])


# Redaction -------------------------------------------------------------------------------------


def test_a_redacted_text_leaves_no_copy_anywhere(data_dir):
    store, session_id = busy_store(data_dir)
    store.notes.save_draft(session_id, f"typing {MARKER}")
    note = store.notes.add(session_id, "q2", MARKER)  # the draft is emptied as the note is saved
    store.feedback.add(session_id, FeedbackKind.OFF, MARKER)
    item = store.guide.add_item(session_id, "mistakes", {"make_right": MARKER, "mistake": "x"})
    store.sessions.update(session_id, reflection=MARKER)
    version = store.versions.freeze(session_id, VersionStatus.DRAFT)
    take_backup(store)
    assert traces(data_dir)  # the check below can see a marker where there is one

    store.notes.update(note.id, text="[removed]")  # the redaction the person asked for
    # feedback, item, session, version x2
    assert store.erasure.erase_copies(MARKER, "[removed]") == 5
    assert rewrite_backups(store) == []

    assert traces(data_dir) == []
    assert store.notes.get(note.id).text == "[removed]"
    assert [f.text for f in store.feedback.of_session(session_id)] == ["[removed]"]
    assert store.guide.item(item.id).fields == {"make_right": "[removed]", "mistake": "x"}
    assert store.sessions.get(session_id).reflection == "[removed]"
    frozen = store.versions.get(version.id).content
    assert frozen.items[0].fields["make_right"] == "[removed]"
    assert frozen.feedback[0].text == "[removed]"
    assert store.search.find(WORDS[0]) == [] and store.search.find("waited")
    store.close()


def test_only_exact_copies_of_typed_text_change(store):
    session = store.sessions.create("Cardiology", first_step="welcome")
    same = store.notes.add(session.id, "welcome", "welcome")  # equal to a step id
    other = store.notes.add(session.id, "q1", "welcome back")
    said = store.feedback.add(session.id, FeedbackKind.OFF, "off")  # equal to its kind
    store.guide.add_item(session.id, "mistakes", {"mistake": "mistakes"})  # its section
    store.versions.freeze(session.id, VersionStatus.DRAFT)
    assert store.erasure.erase_copies("welcome", "[removed]") == 1
    assert store.erasure.erase_copies("off", "[removed]") == 2  # the feedback and its frozen copy
    assert store.erasure.erase_copies("mistakes", "[removed]") == 2  # the item and its frozen copy
    assert store.notes.get(same.id).step_id == "welcome"
    assert store.notes.get(other.id).text == "welcome back"
    assert store.sessions.get(session.id).current_step == "welcome"
    assert store.feedback.of_session(session.id)[0].kind is FeedbackKind.OFF
    (item,) = store.guide.items(session.id, "mistakes")
    (version,) = store.versions.of_session(session.id)
    assert version.content.items[0].section == "mistakes" == item.section
    assert store.feedback.of_session(session.id)[0].id == said.id


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_hostile_texts_are_erased_exactly_and_json_stays_valid(store, name):
    text = HOSTILE_TEXTS[name] + " \ud83d\ude00 as two code points"
    session = store.sessions.create("Cardiology", first_step="welcome")
    note = store.notes.add(session.id, "q1", text)
    item = store.guide.add_item(session.id, "mistakes", {"make_right": text})
    store.versions.freeze(session.id, VersionStatus.DRAFT)
    assert store.erasure.erase_copies(text, f"{REPLACED} {name}") == 3
    assert store.notes.get(note.id).text == f"{REPLACED} {name}"
    assert store.guide.item(item.id).fields == {"make_right": f"{REPLACED} {name}"}
    for spec in JSON_TEXTS:
        for (value,) in store.connection.execute(f"select {spec.column} from {spec.table}"):
            json.loads(value)


def test_an_erasure_refuses_an_empty_text_and_an_open_transaction(store):
    with pytest.raises(ValueError):
        store.erasure.erase_copies("", "x")
    with store.transaction(), pytest.raises(RuntimeError):
        store.erasure.erase_copies("words", "x")


def test_every_text_column_is_known_as_typed_or_structural(store):
    """A new column of typed text must be listed in erasure.typed_text (or JSON_TEXTS)."""
    structural = {
        "uid", "created_at", "updated_at", "deleted_at", "archived_at", "meeting_date",
        "meeting2_date", "current_step", "phase", "plan", "step_id", "saved_at", "task_id",
        "done_at", "due_date", "source", "period_start", "period_end", "section", "from_note",
        "kind", "status", "given_on", "note_uid", "due", "tags", "key", "value",
        "migration_set", "name", "applied_at", "approved_on", "review_on",
    }
    typed = {(table, name) for table, names in typed_text().items() for name in names}
    typed |= {(spec.table, spec.column) for spec in JSON_TEXTS}
    tables = [name for (name,) in store.connection.execute(
        "select name from sqlite_master where type = 'table' and name not like '%fts%'")]
    unknown = [(table, name) for table in tables
               for _cid, name, kind, *_rest in store.connection.execute(
                   f"pragma table_info([{table}])")
               if kind == "TEXT" and (table, name) not in typed and name not in structural]
    assert unknown == []


# Deletion made final ---------------------------------------------------------------------------


def _note(store, session_id):
    note = store.notes.add(session_id, "q1", MARKER)
    return note.uid, lambda: store.notes.delete(note.id)


def _action(store, session_id):
    note = store.notes.add(session_id, "q1", "Call the family back")
    action = store.actions.add(session_id, note.uid, MARKER, owner=MARKER)
    return action.uid, lambda: store.actions.delete(action.id)


def _action_under_deleted_note(store, session_id):
    note = store.notes.add(session_id, "q1", "Call the family back")
    action = store.actions.add(session_id, note.uid, MARKER, owner=MARKER)
    return action.uid, lambda: store.notes.delete(note.id)


def _guide_item(store, session_id):
    item = store.guide.add_item(session_id, "mistakes", {"make_right": MARKER})
    return item.uid, lambda: store.guide.delete_item(item.id)


def _feedback(store, session_id):
    said = store.feedback.add(session_id, FeedbackKind.OFF, MARKER)
    store.feedback.update(said.id, response=MARKER)
    return said.uid, lambda: store.feedback.delete(said.id)


def _recovery_item(store, session_id):
    given = store.register.add(session_id, given_on=date(2026, 11, 3), item=MARKER,
                                    reason=MARKER, giver=MARKER)
    return given.uid, lambda: store.register.delete(given.id)


DELETABLE = {
    "note": ("notes", _note, ("text",)),
    "action item": ("actions", _action, ("what", "owner")),
    "action under a deleted note": ("actions", _action_under_deleted_note, ("what", "owner")),
    "guide item": ("guide_items", _guide_item, ("fields",)),
    "feedback": ("feedback", _feedback, ("text", "response")),
    "recovery item": ("recovery_items", _recovery_item, ("item", "reason", "giver")),
}


@pytest.mark.parametrize("kind", DELETABLE)
def test_a_deleted_row_is_wiped_for_good_leaving_a_tombstone(data_dir, kind):
    table, make, texts = DELETABLE[kind]
    store, session_id = busy_store(data_dir)
    uid, delete = make(store, session_id)
    take_backup(store)
    delete()
    take_backup(store)  # a backup holding the deleted row, for Ctrl+Z
    assert traces(data_dir)

    wiped = store.erasure.purge_deleted()
    assert list(wiped.wiped[table]) == [uid]
    assert rewrite_backups(store) == []

    assert traces(data_dir) == []
    tombstone = row(store, table, uid)
    assert tombstone["deleted_at"] is not None
    assert tombstone["updated_at"] == tombstone["deleted_at"]
    assert tombstone["session_id"] == session_id
    assert {name: tombstone[name] for name in texts} == {
        name: "{}" if name == "fields" else "" for name in texts}
    for backup in list_backups(data_dir):  # the backups hold the same tombstone
        copy = sqlite3.connect(backup.path)
        found = copy.execute(f"select deleted_at from {table} where uid = ?", [uid]).fetchone()
        copy.close()
        assert found is not None and found[0] is not None
    assert store.erasure.purge_deleted().wiped == {}  # a tombstone is wiped once
    store.close()


def test_rows_of_a_binned_session_wait_for_the_bin(store):
    session = store.sessions.create("Cardiology", first_step="welcome")
    note = store.notes.add(session.id, "q1", MARKER)
    action = store.actions.add(session.id, note.uid, MARKER)
    store.notes.delete(note.id)
    store.sessions.delete(session.id)
    assert store.erasure.purge_deleted().wiped == {}
    store.sessions.restore(session.id)
    assert store.notes.restore(note.id).text == MARKER
    assert store.actions.of_session(session.id) == [store.actions.get(action.id)]
    assert store.actions.get(action.id).what == MARKER


def test_emptying_the_bin_leaves_nothing_readable(data_dir):
    store, _session_id = busy_store(data_dir)
    binned = store.sessions.create("Oncology", first_step="welcome")
    store.notes.add(binned.id, "q1", MARKER)
    store.findings.add(binned.id, [{"theme": MARKER, "count": 2, "example": MARKER}])
    take_backup(store)
    store.sessions.delete(binned.id)
    assert store.sessions.empty_bin() == 1
    assert rewrite_backups(store) == []
    assert traces(data_dir) == []
    (backup,) = list_backups(data_dir)
    assert backup.contents() == "1 session, 40 notes"
    store.close()


def test_a_database_from_before_keeps_no_old_words_in_free_space(data_dir):
    """Earlier releases did not zero free space: the first erasure clears it once."""
    store = Store.open(data_dir)
    session_id = store.sessions.create("Cardiology", first_step="welcome").id
    store.notes.save_draft(session_id, "")
    store.close()
    old = sqlite3.connect(paths.database_file(data_dir))
    old.execute("pragma secure_delete = off")
    old.execute("update drafts set text = ? where session_id = ?", [MARKER, session_id])
    old.execute("update drafts set text = '' where session_id = ?", [session_id])
    old.commit()
    old.execute("pragma wal_checkpoint(truncate)")
    old.close()
    assert traces(data_dir)
    store = Store.open(data_dir)
    store.erasure.purge_deleted()
    assert traces(data_dir) == []
    store.close()


def test_every_connection_zeroes_what_it_frees(store):
    assert store.connection.execute("pragma secure_delete").fetchone()[0] == 1
    store.reconnect()
    assert store.connection.execute("pragma secure_delete").fetchone()[0] == 1


# Backups ---------------------------------------------------------------------------------------


def test_rewritten_backups_stay_private_sound_and_in_step(data_dir):
    store, session_id = busy_store(data_dir)
    note = store.notes.add(session_id, "q2", MARKER)
    taken = [take_backup(store, f"n{number}") for number in range(3)]
    store.notes.update(note.id, text=REPLACED)
    store.erasure.erase_copies(MARKER, REPLACED)
    assert rewrite_backups(store) == []
    assert not store.erasure.erased
    for path in taken:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert problem_with(path) is None
    assert sorted(p.name for p in paths.backups_dir(data_dir).iterdir()) == sorted(
        p.name for p in taken)  # no temporary file left
    assert [b.contents() for b in list_backups(data_dir)] == ["1 session, 41 notes"] * 3
    copy = sqlite3.connect(taken[0])
    assert copy.execute("pragma journal_mode").fetchone()[0] == "delete"
    assert copy.execute("pragma freelist_count").fetchone()[0] == 0
    assert copy.execute("select text from notes where uid = ?",
                        [note.uid]).fetchone()[0] == REPLACED
    copy.close()
    store.close()


def test_a_backup_that_cannot_be_opened_is_left_alone_and_named(data_dir):
    store, session_id = busy_store(data_dir)
    note = store.notes.add(session_id, "q2", MARKER)
    good = take_backup(store, "good")
    bad = take_backup(store, "bad")
    bad.write_bytes(b"not a database at all " * 100)
    store.notes.delete(note.id)
    store.erasure.purge_deleted()
    assert [b.path for b in rewrite_backups(store)] == [bad]
    assert bad.read_bytes() == b"not a database at all " * 100
    assert MARKER.lower().encode() not in good.read_bytes().lower()
    assert store.erasure.erased  # kept, so the next call tries the damaged one again
    bad.unlink()
    assert rewrite_backups(store) == [] and not store.erasure.erased
    store.close()


def test_nothing_erased_leaves_the_backups_untouched(data_dir):
    store, _session_id = busy_store(data_dir)
    path = take_backup(store)
    before = path.stat().st_mtime_ns
    store.erasure.purge_deleted()
    assert rewrite_backups(store) == []
    assert path.stat().st_mtime_ns == before
    store.close()


def test_a_backup_from_an_older_schema_is_erased_too(data_dir):
    store, session_id = busy_store(data_dir)
    note = store.notes.add(session_id, "q1", MARKER)
    folder = paths.backups_dir(data_dir)
    folder.mkdir(mode=0o700)
    old = folder / "svcrec-20240101-100000-000000-auto.sqlite3"
    fixture = Path(__file__).resolve().parents[1] / "support" / "fixtures" / "schema_001.sql"
    copy = sqlite3.connect(old)
    copy.executescript(fixture.read_text(encoding="ascii"))
    copy.execute("update notes set text = ?", [MARKER])
    copy.commit()
    copy.close()
    store.notes.update(note.id, text=REPLACED)
    store.erasure.erase_copies(MARKER, REPLACED)
    assert rewrite_backups(store) == []
    assert traces(data_dir) == []
    assert problem_with(old) is None
    store.close()


def test_erasures_know_when_there_is_nothing_to_do():
    assert not Erasures()
    assert not Erasures(wiped={"notes": {}})
    assert Erasures(sessions={"abc"})


# Session files still merge --------------------------------------------------------------------


@pytest.mark.parametrize("kind", DELETABLE)
def test_a_tombstone_wins_over_a_copy_edited_before_the_deletion(laptops, tmp_path, kind):
    table, make, texts = DELETABLE[kind]
    a, b = laptops
    session_id = a.sessions.create("Cardiology", first_step="welcome").id
    uid, delete = make(a, session_id)
    with a.transaction() as db:
        db.execute(f"update {table} set updated_at = ? where uid = ?", [EARLIER, uid])
    import_session_file(b, export_session_file(a, session_id, tmp_path / "first.json"))
    # b's copy was edited after a's copy, and a deleted the row after that.
    with b.transaction() as db:
        db.execute(f"update {table} set updated_at = ? where uid = ?", [LATER, uid])
    delete()
    with a.transaction() as db:
        for deleted in SOFT_DELETED:
            db.execute(f"update {deleted} set deleted_at = ? where deleted_at is not null",
                       [DELETED])
    a.erasure.purge_deleted()

    b_session = row(b, "sessions", a.sessions.get(session_id).uid)["id"]
    import_session_file(b, export_session_file(a, session_id, tmp_path / "wiped.json"))
    arrived = row(b, table, uid)  # before b wipes anything itself
    assert (arrived["deleted_at"], arrived["updated_at"]) == (DELETED, DELETED)
    assert all(arrived[name] in ("", "{}") for name in texts)
    b.erasure.purge_deleted()
    import_session_file(a, export_session_file(b, b_session, tmp_path / "back.json"))
    for store in (a, b):
        merged = row(store, table, uid)
        assert merged["deleted_at"] is not None
        assert all(merged[name] in ("", "{}") for name in texts), store.path
        assert MARKER not in json.dumps(
            [dict(r) for r in store.connection.rows(f"select * from {table}")])
    assert traces(tmp_path / "a") == [] and traces(tmp_path / "b") == []


def test_a_tombstone_travels_to_a_laptop_that_never_had_the_row(laptops, tmp_path):
    a, b = laptops
    session_id = a.sessions.create("Cardiology", first_step="welcome").id
    for _table, make, _texts in DELETABLE.values():
        _uid, delete = make(a, session_id)
        delete()
    wiped = a.erasure.purge_deleted()
    result = import_session_file(b, export_session_file(a, session_id, tmp_path / "s.json"))
    for table, rows in wiped.wiped.items():
        for uid in rows:
            assert row(b, table, uid)["deleted_at"] is not None
    assert [note.text for note in b.notes.of_session(result.session_id)] == ["Call the family back"]
    assert b.guide.items(result.session_id) == []
    assert b.actions.of_session(result.session_id) == []
    assert b.feedback.of_session(result.session_id) == []
    assert b.register.items(result.session_id) == []
    assert traces(tmp_path) == []


def test_a_tombstone_still_loses_to_an_edit_made_after_the_deletion(laptops, tmp_path):
    """The merge rule is unchanged: words written elsewhere after the deletion are new."""
    a, b = laptops
    session_id = a.sessions.create("Cardiology", first_step="welcome").id
    note = a.notes.add(session_id, "q1", MARKER)
    import_session_file(b, export_session_file(a, session_id, tmp_path / "first.json"))
    a.notes.delete(note.id)
    with a.transaction() as db:
        db.execute("update notes set deleted_at = ?", [DELETED])
    a.erasure.purge_deleted()
    with b.transaction() as db:
        db.execute("update notes set text = 'Rewritten later', updated_at = ? where uid = ?",
                   ["2026-01-01T10:00:00+01:00", note.uid])
    b_session = row(b, "sessions", a.sessions.get(session_id).uid)["id"]
    import_session_file(a, export_session_file(b, b_session, tmp_path / "back.json"))
    merged = row(a, "notes", note.uid)
    assert (merged["text"], merged["deleted_at"]) == ("Rewritten later", None)

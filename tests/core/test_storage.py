"""The database keeps every word exactly, durably and privately."""

import sqlite3
import stat
from datetime import date

import pytest
from samples import HOSTILE_TEXTS

from svcrec_desktop import paths
from svcrec_desktop.store.database import SessionNotFound, StorageError, Store
from svcrec_desktop.store.migrations import migrations


def new_session(store, department="Cardiology"):
    return store.create_session(department, first_step="welcome")


def test_every_connection_is_wal_and_fully_synchronous(store):
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("pragma synchronous").fetchone()[0] == 2  # FULL
    assert store.db.execute("pragma foreign_keys").fetchone()[0] == 1


def test_schema_comes_from_recorded_migrations(store):
    applied = [m.name for m in migrations.applied(store.db)]
    assert applied == [m.name for m in migrations._migrations]
    assert {"sessions", "notes", "drafts", "step_times", "app_state"} <= set(store.db.table_names())
    assert migrations.pending(store.db) == []


def test_database_files_are_private(store, data_dir):
    new_session(store)
    files = list(data_dir.iterdir())
    assert paths.database_file(data_dir) in files
    for file in files:
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
    assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700


def test_reopening_fixes_a_too_open_database(data_dir):
    Store.open(data_dir).close()
    paths.database_file(data_dir).chmod(0o644)
    Store.open(data_dir).close()
    assert stat.S_IMODE(paths.database_file(data_dir).stat().st_mode) == 0o600


def test_session_defaults(store):
    session = new_session(store)
    assert session.meeting_date == date.today()
    assert session.facilitator == "" and session.current_step == "welcome"
    assert session.guide_title == "Cardiology’s Guide to Service Recovery"
    assert store.latest_session() == session
    with pytest.raises(ValueError):
        store.create_session("   ", first_step="welcome")
    with pytest.raises(SessionNotFound):
        store.session(999)


def test_latest_session_is_the_one_last_opened(store):
    first = new_session(store, "Cardiology")
    second = new_session(store, "Oncology")
    assert store.latest_session().id == second.id
    store.open_session(first.id)
    assert store.latest_session().id == first.id


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_hostile_text_is_kept_exactly(data_dir, name):
    text = HOSTILE_TEXTS[name]
    store = Store.open(data_dir)
    session = store.create_session(text if text.strip() else "x", first_step="welcome")
    note = store.add_note(session.id, "q2", text)
    store.save_draft(session.id, text)
    store.close()
    reopened = Store.open(data_dir)
    assert reopened.note(note.id).text == text
    assert reopened.notes(session.id)[0].text == text
    assert reopened.draft(session.id) == text
    assert reopened.session(session.id).department == (text if text.strip() else "x")
    reopened.close()


def test_committing_a_note_empties_the_draft_in_the_same_transaction(store):
    session = new_session(store)
    store.save_draft(session.id, "half a thought")
    note = store.add_note(session.id, "q1", "half a thought, finished")
    assert store.draft(session.id) == ""
    assert [n.id for n in store.notes(session.id, "q1")] == [note.id]
    assert len(note.uid) == 32


def test_a_failed_note_commit_changes_nothing(store):
    session = new_session(store)
    store.save_draft(session.id, "keep me")
    store.db.execute(
        "create trigger refuse before insert on notes begin select raise(abort, 'disk'); end"
    )
    with pytest.raises(StorageError):
        store.add_note(session.id, "q1", "keep me")
    assert store.draft(session.id) == "keep me"
    assert store.notes(session.id) == []


def test_edit_move_delete_and_restore(store):
    session = new_session(store)
    note = store.add_note(session.id, "q2", "long waits")
    store.update_note(note.id, text="long waits without updates")
    store.update_note(note.id, step_id="q3")
    assert store.notes(session.id, "q2") == []
    assert store.notes(session.id, "q3")[0].text == "long waits without updates"
    store.delete_note(note.id)
    assert store.notes(session.id) == []
    store.restore_note(note.id)
    assert [n.id for n in store.notes(session.id)] == [note.id]


def test_step_time_accumulates(store):
    session = new_session(store)
    store.add_step_seconds(session.id, "q1", 30.5)
    store.add_step_seconds(session.id, "q1", 10)
    store.add_step_seconds(session.id, "q2", 5)
    assert store.step_seconds(session.id) == {"q1": 40.5, "q2": 5}


def test_a_committed_note_is_visible_to_another_connection_at_once(store):
    session = new_session(store)
    store.add_note(session.id, "q1", "durable")
    other = sqlite3.connect(store.path)
    assert other.execute("select text from notes").fetchall() == [("durable",)]
    other.close()


def test_an_unwritable_data_folder_is_explained(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match=r"data folder|cannot be opened"):
        Store.open(blocker / "data")

"""The database keeps every word exactly, durably and privately."""

import sqlite3
import stat
from datetime import date

import pytest
from disk_faults import remount
from samples import HOSTILE_TEXTS

from svcrec_desktop import paths
from svcrec_desktop.store import migrations
from svcrec_desktop.store.connection import RowNotFound
from svcrec_desktop.store.database import SessionNotFound, StorageError, Store
from svcrec_desktop.store.lock import AlreadyOpen, InstanceLock


def new_session(store, department="Cardiology"):
    return store.sessions.create(department, first_step="welcome")


def test_every_connection_is_wal_and_fully_synchronous(store):
    assert store.connection.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert store.connection.execute("pragma synchronous").fetchone()[0] == 2  # FULL
    assert store.connection.execute("pragma foreign_keys").fetchone()[0] == 1


def test_schema_comes_from_recorded_migrations(store):
    assert migrations.applied(store.connection.conn) == list(migrations.NAMES)
    tables = {name for (name,) in store.connection.execute("select name from sqlite_master")}
    assert {"sessions", "notes", "drafts", "step_times", "app_state"} <= tables
    assert migrations.pending(store.connection.conn) == []


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
    assert store.sessions.latest() == session
    with pytest.raises(ValueError):
        store.sessions.create("   ", first_step="welcome")
    with pytest.raises(SessionNotFound):
        store.sessions.get(999)


def test_latest_session_is_the_one_last_opened(store):
    first = new_session(store, "Cardiology")
    second = new_session(store, "Oncology")
    assert store.sessions.latest().id == second.id
    store.sessions.open(first.id)
    assert store.sessions.latest().id == first.id


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_hostile_text_is_kept_exactly(data_dir, name):
    text = HOSTILE_TEXTS[name]
    store = Store.open(data_dir)
    session = store.sessions.create(text if text.strip() else "x", first_step="welcome")
    note = store.notes.add(session.id, "q2", text)
    store.notes.save_draft(session.id, text)
    store.close()
    reopened = Store.open(data_dir)
    assert reopened.notes.get(note.id).text == text
    assert reopened.notes.of_session(session.id)[0].text == text
    assert reopened.notes.draft(session.id) == text
    assert reopened.sessions.get(session.id).department == (text if text.strip() else "x")
    reopened.close()


def test_committing_a_note_empties_the_draft_in_the_same_transaction(store):
    session = new_session(store)
    store.notes.save_draft(session.id, "half a thought")
    note = store.notes.add(session.id, "q1", "half a thought, finished")
    assert store.notes.draft(session.id) == ""
    assert [n.id for n in store.notes.of_session(session.id, "q1")] == [note.id]
    assert len(note.uid) == 32


def test_a_failed_note_commit_changes_nothing(store):
    session = new_session(store)
    store.notes.save_draft(session.id, "keep me")
    store.connection.execute(
        "create trigger refuse before insert on notes begin select raise(abort, 'disk'); end"
    )
    with pytest.raises(StorageError):
        store.notes.add(session.id, "q1", "keep me")
    assert store.notes.draft(session.id) == "keep me"
    assert store.notes.of_session(session.id) == []


def test_a_transaction_keeps_all_of_its_calls_or_none(store):
    session = new_session(store)
    with pytest.raises(ValueError), store.transaction():
        store.notes.add(session.id, "q1", "said, then taken back with the action")
        store.actions.add(session.id, "", "   ")  # refused: an action says what to do
    assert store.notes.of_session(session.id) == []
    with store.transaction():
        store.notes.add(session.id, "q1", "kept")
        with pytest.raises(ValueError):  # an inner call that fails undoes only its own part
            store.guide.add_item(session.id, "mistakes", {"mistake": "x"},
                                 from_note=_kept_out(store, session.id))
    assert [n.text for n in store.notes.of_session(session.id)] == ["kept", "kept out"]
    assert store.guide.items(session.id) == []
    assert not store.connection.in_transaction


def _kept_out(store, session_id):
    note = store.notes.add(session_id, "q1", "kept out")
    return store.notes.set_confidential(note.id, True).uid


def test_a_row_that_is_not_there_is_a_mistake_not_a_disk_problem(store):
    with pytest.raises(RowNotFound):
        store.notes.get(404)
    with pytest.raises(RowNotFound):
        store.notes.update(404, text="nowhere")


def test_edit_move_delete_and_restore(store):
    session = new_session(store)
    note = store.notes.add(session.id, "q2", "long waits")
    store.notes.update(note.id, text="long waits without updates")
    store.notes.update(note.id, step_id="q3")
    assert store.notes.of_session(session.id, "q2") == []
    assert store.notes.of_session(session.id, "q3")[0].text == "long waits without updates"
    store.notes.delete(note.id)
    assert store.notes.of_session(session.id) == []
    store.notes.restore(note.id)
    assert [n.id for n in store.notes.of_session(session.id)] == [note.id]


def test_step_time_accumulates(store):
    session = new_session(store)
    store.times.add(session.id, "q1", 30.5)
    store.times.add(session.id, "q1", 10)
    store.times.add(session.id, "q2", 5)
    assert store.times.of_session(session.id) == {"q1": 40.5, "q2": 5}


def test_a_committed_note_is_visible_to_another_connection_at_once(store):
    session = new_session(store)
    store.notes.add(session.id, "q1", "durable")
    other = sqlite3.connect(store.path)
    assert other.execute("select text from notes").fetchall() == [("durable",)]
    other.close()


def test_an_unwritable_data_folder_is_explained(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match=r"data folder|cannot be opened"):
        Store.open(blocker / "data")


def test_read_only_data_folder_at_start_is_explained(small_disk, playbook):
    data_dir = small_disk / "data"
    store = Store.open(data_dir)
    session = store.sessions.create("Cardiology", first_step="welcome")
    store.notes.add(session.id, "q1", "written before the disk went read-only")
    store.close()
    before = paths.database_file(data_dir).read_bytes()
    remount(small_disk, "ro")
    with pytest.raises(StorageError, match="cannot be written"):
        Store.open(data_dir)
    remount(small_disk, "rw")
    assert paths.database_file(data_dir).read_bytes() == before
    reopened = Store.open(data_dir)
    assert reopened.notes.of_session(session.id)[0].text == "written before the disk went read-only"
    reopened.close()



def test_a_second_lock_on_the_same_folder_is_refused(data_dir):
    with InstanceLock(data_dir), pytest.raises(AlreadyOpen, match="already open"):
        InstanceLock(data_dir).acquire()
    with InstanceLock(data_dir):  # released: free again
        pass


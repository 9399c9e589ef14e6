"""Every schema version ever shipped opens and upgrades with nothing lost.

tests/support/fixtures/schema_NNN.sql holds a database as each release wrote it (made by
scripts/make_schema_fixture.py before the next migration was added).
"""

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from samples import HOSTILE_TEXTS
from sqlite_utils import Database, Migrations

from svcrec_desktop import paths
from svcrec_desktop.domain.model import Phase
from svcrec_desktop.store import migrations
from svcrec_desktop.store.backups import list_backups
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.store.migrations import (
    m001_meeting_one,
    m002_sessions_home_and_preparation,
    m003_guide_and_meeting_two,
    m004_in_the_room,
    m005_feedback_sources,
)

FIXTURES = sorted((Path(__file__).resolve().parents[1] / "support" / "fixtures")
                  .glob("schema_*.sql"))


def database_from(fixture: Path, data_dir: Path) -> Path:
    data_dir.mkdir(mode=0o700)
    database = paths.database_file(data_dir)
    db = sqlite3.connect(database)
    db.executescript(fixture.read_text(encoding="ascii"))
    db.close()
    return database


def test_there_is_a_fixture_for_every_shipped_schema():
    versions = len(migrations.NAMES)
    expected = [f"schema_{i:03d}.sql" for i in range(1, len(FIXTURES) + 1)]
    assert [f.name for f in FIXTURES] == expected
    assert len(FIXTURES) >= versions - 1  # only the newest, unreleased version may lack one


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.stem)
def test_an_old_database_upgrades_with_nothing_lost(fixture, data_dir):
    database_from(fixture, data_dir)
    store = Store.open(data_dir)
    assert migrations.pending(store.connection.conn) == []
    first, second = sorted(store.sessions.all(), key=lambda s: s.id)
    assert (first.department, first.facilitator, first.note_taker) == (
        "Emergency Department", "Dana Reyes", "Sam Lee")
    assert first.current_step == "q2"
    assert [n.text for n in store.notes.of_session(first.id, "q1")] == [
        t[:5000] for t in HOSTILE_TEXTS.values()]
    assert store.notes.of_session(first.id, "q2") == []  # the deleted note stays deleted
    assert store.notes.draft(first.id) == (
        "half a thought \u05e9\u05dc\u05d5\u05dd when the meeting ended")
    assert store.times.of_session(first.id) == {"welcome": 312.5}
    assert [n.text for n in store.notes.of_session(second.id)] == ["second session"]
    assert store.sessions.latest().id == second.id
    assert {s.phase for s in (first, second)} == {Phase.MEETING1}  # they were made in meeting 1
    assert len({first.uid, second.uid}) == 2 and all(len(s.uid) == 32 for s in (first, second))
    assert [hit.item_id for hit in store.search.find("second session")] == [
        n.id for n in store.notes.of_session(second.id)]  # typed before search existed, found
    if fixture.stem >= "schema_002":  # preparation arrived with schema 2
        assert first.participants == HOSTILE_TEXTS["right to left"]
        assert (first.preread_title, first.preread_where) == ("Sorry works", "the shared drive")
        tasks = store.tasks.states(first.id)
        assert tasks["review"].done_at is not None
        assert tasks["invitation"].due_date.isoformat() == "2026-10-30"
        [finding] = store.findings.of_session(first.id)
        assert (finding.uid, finding.count, finding.example) == (
            "fixture-finding", 14, HOSTILE_TEXTS["lone surrogate"])
        hits = [hit.item_id for hit in store.search.find("waiting updates")
                if hit.kind == "finding"]
        assert hits == [finding.id]
    if fixture.stem >= "schema_003":  # the guide arrived with schema 3
        [item] = store.guide.items(first.id, "mistakes")
        assert (item.uid, item.from_note, item.get("make_right")) == (
            "fixture-item", "fixture-000", HOSTILE_TEXTS["right to left"])
        assert store.guide.form(first.id, "steps") == {"model": "Our own steps",
                                                       "steps": "Listen\nFix"}
        said = store.feedback.of_session(first.id)[0]
        assert (said.uid, said.kind.value, said.section) == ("fixture-feedback", "off", "mistakes")
        [version] = store.versions.of_session(first.id)
        assert version.content.section("mistakes")[0].uid == "fixture-item"
        [row] = store.register.items(first.id)
        assert (row.uid, row.value_cents, row.receipt) == ("fixture-recovery", 850, True)
        confidential = [n.confidential for n in store.notes.of_session(first.id)]
        assert confidential[:3] == [False, True, False]
        first = store.sessions.get(first.id)
        assert (first.help_contact, first.reflection, first.meeting2_date.isoformat()) == (
            "Patient relations, ext. 4400", "Went well", "2026-11-23")
    if fixture.stem >= "schema_004":  # the room arrived with schema 4
        agenda = store.agenda.get(first.id, 1)
        assert (agenda.length, agenda.edited) == (45, {"q1": 9})
        tagged = store.notes.of_session(first.id, "q3")[0]
        parked = store.notes.of_session(first.id, "q4")[0]
        assert (tagged.uid, tagged.tags, tagged.parked) == ("fixture-tagged", ("idea", "action"),
                                                            False)
        assert (parked.uid, parked.parked) == ("fixture-parked", True)
        [action] = store.actions.of_session(first.id)
        assert (action.uid, action.note_uid, action.what, action.owner) == (
            "fixture-action", "fixture-tagged", HOSTILE_TEXTS["right to left"], "Charge nurse")
    if fixture.stem >= "schema_005":  # feedback remembers its note since schema 5
        said = store.feedback.of_session(first.id)[-1]
        assert (said.uid, said.from_note, said.kind.value, said.section) == (
            "fixture-m2-feedback", "fixture-m2-note", "missing", "escalation")
        missing = store.notes.of_session(first.id, "m2-missing")
        assert [n.uid for n in missing] == ["fixture-m2-note"]
    for session in (first, store.sessions.get(second.id)):  # document control came with schema 6
        assert (session.owner, session.approved_by, session.approved_on, session.review_on,
                session.next_review) == ("", "", None, None, None)
    store.notes.add(first.id, "q3", "written after the upgrade")
    store.close()
    assert sqlite3.connect(paths.database_file(data_dir)).execute(
        "pragma integrity_check").fetchone()[0] == "ok"


def test_every_migration_runs_in_a_transaction():
    history = migrations.migration_set()
    assert all(m.transactional for m in history.pending(Database(memory=True)))


def test_a_failing_migration_rolls_back_whole(data_dir):
    database = database_from(FIXTURES[-1], data_dir)
    broken = Migrations("svcrec")
    shipped = (m001_meeting_one, m002_sessions_home_and_preparation, m003_guide_and_meeting_two,
               m004_in_the_room, m005_feedback_sources)
    for migration in shipped:
        broken()(migration)

    @broken()
    def m999_breaks_halfway(db: Database) -> None:
        db["half_made"].insert({"id": 1, "text": "half of a change"}, pk="id")
        db["notes"].update(1, {"text": "changed by a broken migration"})
        raise RuntimeError("the migration fails here")

    db = Database(str(database))
    with pytest.raises(RuntimeError):
        broken.apply(db)
    assert "half_made" not in db.table_names()
    assert [m.name for m in broken.applied(db)] == [m.__name__ for m in shipped]
    db.close()
    store = Store.open(data_dir)
    assert store.notes.get(1).text == next(iter(HOSTILE_TEXTS.values()))
    store.close()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.stem)
def test_a_backup_is_taken_before_an_old_database_is_upgraded(fixture, data_dir):
    database_from(fixture, data_dir)
    before = sqlite3.connect(paths.database_file(data_dir))
    old_tables = sorted(r[0] for r in before.execute("select name from sqlite_master"))
    before.close()
    Store.open(data_dir).close()
    (backup,) = list_backups(data_dir)
    assert backup.occasion == "taken before this release upgraded the database"
    assert backup.path.stat().st_mode & 0o777 == 0o600
    copy = sqlite3.connect(backup.path)
    assert sorted(r[0] for r in copy.execute("select name from sqlite_master")) == old_tables
    assert copy.execute("select count(*) from sessions").fetchone()[0] == 2
    copy.close()
    Store.open(data_dir).close()  # up to date: no second copy
    assert len(list_backups(data_dir)) == 1


def test_a_new_database_needs_no_backup(data_dir):
    Store.open(data_dir).close()
    assert list_backups(data_dir) == []


def test_no_upgrade_without_its_backup(data_dir):
    database_from(FIXTURES[0], data_dir)
    paths.backups_dir(data_dir).write_text("a file where the backups folder should be")
    with pytest.raises(StorageError, match="no backup of it could be taken"):
        Store.open(data_dir)
    with closing(sqlite3.connect(paths.database_file(data_dir))) as db:
        assert migrations.applied(db) == ["m001_meeting_one"]


def test_an_up_to_date_database_opens_without_the_migration_library(data_dir):
    """sqlite-utils runs migrations only: a start with nothing to migrate never imports it."""
    Store.open(data_dir).close()
    opens = ("import sys; from pathlib import Path; from svcrec_desktop.store.database import "
             f"Store; Store.open(Path({str(data_dir)!r})).close(); "
             "print('sqlite_utils' in sys.modules)")
    ran = subprocess.run([sys.executable, "-c", opens], capture_output=True, text=True,
                         check=True)
    assert ran.stdout.strip() == "False"

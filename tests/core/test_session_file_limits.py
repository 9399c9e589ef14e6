"""A session file is checked whole against the format's limits before anything is written.

Each class of file that used to end in a traceback, or to import and then break every
export, has its test here: a file is either refused in one sentence with nothing changed, or
imported so that every export works at every version.
"""

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from rich_session import export_everything, rich_session

from svcrec_desktop.files.session_file import (
    MAX_COUNT,
    MAX_DEPTH,
    MAX_SECONDS,
    SessionFile,
    SessionFileError,
    export_session_file,
    import_session,
    import_session_file,
    read_session_file,
    session_document,
)
from svcrec_desktop.store.database import Store
from svcrec_desktop.store.records import MAX_CENTS
from svcrec_desktop.store.values import now

RAW = "@@raw@@"  # stands in a document for JSON text that json.dumps cannot write


def database_dump(store: Store) -> list[str]:
    """Every statement that would rebuild the database: what 'nothing changed' means."""
    return list(store.connection.conn.iterdump())


def write(document: dict, path: Path, raw: str = "") -> Path:
    path.write_text(json.dumps(document, ensure_ascii=True).replace(f'"{RAW}"', raw),
                    encoding="ascii")
    return path


def refused(store: Store, path: Path, *fragments: str) -> str:
    """The one sentence a refused file gets; the database is as it was."""
    before = database_dump(store)
    with pytest.raises(SessionFileError) as raised:
        import_session_file(store, path)
    message = str(raised.value)
    assert message.startswith("Cannot import ") and "\n" not in message
    assert all(fragment in message for fragment in fragments), message
    assert database_dump(store) == before
    return message


@pytest.fixture
def rich(store):
    """The store holding the rich session, and that session's id."""
    return store, rich_session(store)


def made_long_ago(store: Store) -> None:
    """Stamp every session and note here as changed a year ago, so a file's change is later
    even when it comes within the same second."""
    with store.transaction() as db:
        for table in ("sessions", "notes"):
            db.execute(f"update {table} set updated_at = ?", [LONG_AGO])


LONG_AGO = "2025-12-01T09:00:00+00:00"


# Numbers and nesting that used to escape as tracebacks -----------------------------------------

def inner(key: str, value: object):
    """Put value inside the JSON text that a guide item's fields or a version's content is."""
    def change(document: dict) -> None:
        part, field = {"fields": ("guide_items", "fields"),
                       "content": ("guide_versions", "content")}[key]
        text = document[part][0][field]
        document[part][0][field] = text.replace("{", '{"extra": ' + value + ", ", 1)
    return change


THOUSANDS_OF_DIGITS = "7" * 5000
DEEP = "[" * 50_000 + "]" * 50_000


@pytest.mark.parametrize(("where", "change", "raw"), [
    ("an unknown key", lambda d: d.update(later=RAW), THOUSANDS_OF_DIGITS),
    ("a finding's count", lambda d: d["findings"][0].update(count=RAW), THOUSANDS_OF_DIGITS),
    ("a negative step time", lambda d: d["step_times"][0].update(seconds=RAW),
     "-" + THOUSANDS_OF_DIGITS),
    ("a step time with a point", lambda d: d["step_times"][0].update(seconds=RAW),
     THOUSANDS_OF_DIGITS[:-2] + ".0"),
    ("a guide item's fields", inner("fields", THOUSANDS_OF_DIGITS), ""),
    ("a version's content", inner("content", THOUSANDS_OF_DIGITS), ""),
])
def test_a_number_with_thousands_of_digits_is_refused_in_one_sentence(rich, tmp_path, where,
                                                                      change, raw):
    store, session_id = rich
    document = session_document(store, session_id)
    change(document)
    refused(store, write(document, tmp_path / "s.json", raw), "5,000 characters long")


@pytest.mark.parametrize(("where", "change", "raw"), [
    ("an unknown key", lambda d: d.update(later=RAW), DEEP),
    ("a note's text", lambda d: d["notes"][0].update(text=RAW), DEEP),
    ("a guide item's fields", inner("fields", DEEP), ""),
    ("a version's content", inner("content", DEEP), ""),
    ("just too deep", lambda d: d.update(later=RAW), "[" * MAX_DEPTH + "]" * MAX_DEPTH),
    ("too deep in the content", inner("content", "[" * MAX_DEPTH + "]" * MAX_DEPTH), ""),
])
def test_values_nested_tens_of_thousands_deep_are_refused(rich, tmp_path, where, change, raw):
    store, session_id = rich
    document = session_document(store, session_id)
    change(document)
    refused(store, write(document, tmp_path / "s.json", raw), f"nested more than {MAX_DEPTH}")


def test_nesting_within_the_bound_in_an_unknown_key_is_ignored(rich, tmp_path):
    store, session_id = rich
    document = session_document(store, session_id)
    depth = MAX_DEPTH - 1  # the document itself is the first level
    result = import_session_file(store, write(document | {"later": RAW}, tmp_path / "s.json",
                                              "[" * depth + "]" * depth))
    assert not result.changed


# Dates and times ----------------------------------------------------------------------------------


@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00", "0001-01-01T00:00:00+05:00",
                                   "9999-12-31T23:59:59", "9999-12-31T23:59:59-12:00",
                                   "1969-12-31T23:59:59+00:00", "2201-01-01T00:00:00+00:00"])
def test_a_time_python_cannot_compare_is_refused_in_a_merge(rich, tmp_path, stamp):
    store, session_id = rich
    document = session_document(store, session_id)
    document["notes"][0]["updated_at"] = stamp
    refused(store, write(document, tmp_path / "s.json"),
            "“updated_at” of note 1 is not a date and time from 1970 to 2200")


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1969-12-31", "2201-01-01"])
def test_a_date_outside_1970_to_2200_is_refused(rich, tmp_path, day):
    store, session_id = rich
    document = session_document(store, session_id)
    document["recovery_items"][0]["given_on"] = day
    refused(store, write(document, tmp_path / "s.json"), "is not a date from 1970 to 2200")


def test_the_last_moment_of_9999_under_a_western_time_zone_is_refused(data_dir, tmp_path):
    """Converting it to local time overflowed; the command line now says one sentence."""
    store = Store.open(data_dir)
    session_id = rich_session(store)
    document = session_document(store, session_id)
    document["notes"][0]["updated_at"] = "9999-12-31T23:59:59"
    before = database_dump(store)
    store.close()
    path = write(document, tmp_path / "s.json")
    result = subprocess.run(
        [sys.executable, "-m", "svcrec_desktop", "import-session", str(path),
         "--data-dir", str(data_dir)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "TZ": "America/Los_Angeles"})
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("svcrec-desktop: error: Cannot import ")
    assert result.stderr.count("\n") == 1 and "from 1970 to 2200" in result.stderr
    store = Store.open(data_dir)
    try:
        assert database_dump(store) == before
    finally:
        store.close()


def test_a_time_without_an_offset_takes_this_laptops(laptops, tmp_path, playbook):
    here, store = laptops
    document = session_document(here, rich_session(here))
    for note in document["notes"]:
        note["created_at"] = note["updated_at"] = "2026-11-03T14:05:00"
    result = import_session_file(store, write(document, tmp_path / "s.json"))
    expected = datetime(2026, 11, 3, 14, 5).astimezone()
    assert {note.created_at for note in store.notes.of_session(result.session_id)} == {expected}
    export_everything(store, playbook, result.session_id, tmp_path / "out")


def test_stamps_from_the_future_are_clamped_to_the_moment_of_import(rich, tmp_path):
    store, session_id = rich
    made_long_ago(store)
    document = session_document(store, session_id)
    future = "2199-12-31T23:59:59+00:00"
    document["session"].update(updated_at=future, facilitator="Sam")
    document["notes"][0].update(updated_at=future, text="edited on a laptop set to 2199")
    document["recovery_items"][0]["deleted_at"] = future
    before = now()
    result = import_session_file(store, write(document, tmp_path / "s.json"))
    after = now()
    assert result.details_updated and result.notes_updated == 1
    session = store.sessions.get(session_id)
    assert session.facilitator == "Sam" and before <= session.updated_at <= after
    note = next(n for n in store.notes.of_session(session_id)
                if n.uid == document["notes"][0]["uid"])
    assert before <= note.updated_at <= after
    assert all(row["deleted_at"] is None or row["deleted_at"] <= after.isoformat()
               for row in store.connection.rows("select deleted_at from recovery_items"))


def test_after_a_file_from_the_future_a_later_change_still_wins(rich, tmp_path):
    """The bug: the session kept the year 9999, so this laptop's details won every merge."""
    store, session_id = rich
    made_long_ago(store)
    document = session_document(store, session_id)
    document["session"].update(updated_at="2199-01-01T00:00:00+00:00", facilitator="Sam")
    import_session(store, SessionFile.from_json(
        tmp_path, document, moment=datetime.fromisoformat("2026-12-01T09:00:00+00:00")))
    assert store.sessions.get(session_id).updated_at.isoformat() == "2026-12-01T09:00:00+00:00"
    document["session"].update(updated_at="2026-12-01T10:00:00+00:00", facilitator="Robin")
    assert import_session_file(store, write(document, tmp_path / "s.json")).details_updated
    assert store.sessions.get(session_id).facilitator == "Robin"


@pytest.mark.parametrize("edited", ["2026-11-03T12:00:00+00:00", "2199-01-01T00:00:00+00:00"])
def test_a_deletion_before_the_last_edit_stays_a_deletion_and_merges_again_unchanged(
        laptops, tmp_path, edited):
    """Found by fuzzing: such a note came in deleted, and the next merge brought it back."""
    here, there = laptops
    document = session_document(here, rich_session(here))
    note = document["notes"][0]
    note.update(updated_at=edited, deleted_at="2026-11-03T10:00:00+00:00")
    copy = import_session_file(there, write(document, tmp_path / "s.json")).session_id
    assert note["uid"] not in {n.uid for n in there.notes.of_session(copy)}
    stored = there.connection.row("select * from notes where uid = ?", [note["uid"]])
    assert stored["deleted_at"] == stored["updated_at"]
    assert not import_session_file(there, export_session_file(
        there, copy, tmp_path / "again.json")).changed


# Accepted, then every export failed --------------------------------------------------------------


def content_item_fields(value: object):
    def change(document: dict) -> None:
        content = json.loads(document["guide_versions"][0]["content"])
        content["items"][0]["fields"]["mistake"] = value
        document["guide_versions"][0]["content"] = json.dumps(content)
    return change


@pytest.mark.parametrize(("change", "fragment"), [
    (content_item_fields(5), "“fields” of item 1 is not a set of named texts"),
    (content_item_fields({"code_points": [65]}), "is not a set of named texts"),
    (content_item_fields(None), "is not a set of named texts"),
    (lambda d: d["guide_versions"][0].update(content='{"items": [], "feedback": [{}]}'),
     "feedback item 1 has no “uid”"),
    (lambda d: d["guide_versions"][0].update(content='{"items": {"a": 1}}'),
     "“items” is missing or is not a list"),
    (lambda d: d["guide_versions"][0].update(content="[]"), "is not a group of fields"),
    (lambda d: d["guide_versions"][0].update(content='{"feedback": [null]}'),
     "feedback item 1 is missing or is not a group of fields"),
    (lambda d: d["guide_versions"][0].update(content=json.dumps({"feedback": [{
        "uid": "f", "kind": "right", "section": "", "text": "ok",
        "created_at": "9999-12-31T23:59:59"}]})), "from 1970 to 2200"),
    (lambda d: d["guide_items"][0].update(fields='{"mistake": 5}'), "not a set of named texts"),
])
def test_a_version_that_no_export_could_read_is_refused(rich, tmp_path, change, fragment):
    store, session_id = rich
    document = session_document(store, session_id)
    change(document)
    refused(store, write(document, tmp_path / "s.json"), "guide", fragment)


@pytest.mark.parametrize(("value", "imported"), [
    (2**63 - 1, False), (2**63, False), (MAX_CENTS + 1, False), (MAX_CENTS, True)])
def test_register_values_beyond_what_can_be_typed_are_refused(laptops, tmp_path, playbook,
                                                               value, imported):
    """Two values at the 64-bit limit imported, then the monthly totals overflowed."""
    here, store = laptops
    document = session_document(here, rich_session(here))
    for row in document["recovery_items"]:
        row.update(value_cents=value, given_on="2026-11-03")
    path = write(document, tmp_path / "s.json")
    if not imported:
        refused(store, path, "“value_cents” of recovery item 1 is not a whole number from 0 "
                             "to 99,999,999,999")
        return
    copy = import_session_file(store, path).session_id
    assert store.register.monthly_totals(copy) == [("2026-11", 2, 2 * MAX_CENTS)]
    export_everything(store, playbook, copy, tmp_path / "out")


@pytest.mark.parametrize(("part", "key", "value", "fragment"), [
    ("agenda", "minutes", 481, "minutes from 1 to 480"),
    ("agenda", "minutes", 0, "minutes from 1 to 480"),
    ("session", "meeting_minutes", 2**62, "minutes from 0 to 480"),
    ("findings", "position", MAX_COUNT + 1, "from 0 to 1,000,000,000"),
    ("findings", "count", -1, "from 0 to 1,000,000,000"),
    ("guide_versions", "number", 2**63 - 1, "from 0 to 1,000,000,000"),
    ("step_times", "seconds", MAX_SECONDS + 1, "seconds from 0 to 31,622,400"),
    ("step_times", "seconds", 1e308, "seconds from 0"),
    ("notes", "parked", 2, "from 0 to 1"),
    ("actions", "done", 7, "from 0 to 1"),
])
def test_numbers_beyond_their_fields_sensible_limits_are_refused(rich, tmp_path, part, key,
                                                                  value, fragment):
    store, session_id = rich
    document = session_document(store, session_id)
    (document[part] if part == "session" else document[part][0])[key] = value
    refused(store, write(document, tmp_path / "s.json"), fragment)


def test_values_at_every_limit_import_and_export_at_every_version(laptops, tmp_path,
                                                                  playbook):
    here, there = laptops
    session_id = rich_session(here)
    document = session_document(here, session_id)
    document["session"].update(meeting_minutes=480, meeting2_minutes=0,
                               meeting_date="1970-01-01", meeting2_date="2200-12-31",
                               department="Cardiology \x1b[2J\u202e", current_step="gone")
    document["agenda"][0]["minutes"] = 480
    document["findings"][0].update(position=MAX_COUNT, count=MAX_COUNT)
    document["step_times"][0]["seconds"] = MAX_SECONDS
    document["guide_versions"][0]["number"] = MAX_COUNT
    document["recovery_items"][0].update(value_cents=MAX_CENTS, given_on="2200-12-31")
    document["notes"][0].update(text={"code_points": [0xD83D, 0xDE00, 0]}, tags="new\x01tag,theme",
                                created_at="1970-01-02T00:00:00+14:00")
    result = import_session_file(there, write(document, tmp_path / "s.json"))
    assert result.created
    again = export_everything(there, playbook, result.session_id, tmp_path / "out")
    assert not import_session_file(there, again).changed
    assert there.notes.of_session(result.session_id)[0].text == "\ud83d\ude00\x00"


def test_the_rich_session_imports_and_exports_at_every_version_then_merges_back(
        laptops, tmp_path, playbook):
    here, there = laptops
    session_id = rich_session(here)
    carried = export_everything(here, playbook, session_id, tmp_path / "here")
    copy = import_session_file(there, carried).session_id
    back = export_everything(there, playbook, copy, tmp_path / "there")
    assert not import_session_file(here, back).changed
    assert len(there.versions.of_session(copy)) == 2


# Safe messages ---------------------------------------------------------------------------------


def test_names_from_a_file_show_their_control_characters_in_messages(store, tmp_path):
    session = store.sessions.create("Cardiology", first_step="welcome")
    document = session_document(store, session.id)
    document["session"].update(uid="other", department="Evil\x1b]0;owned\x07 \u202eunit")
    result = import_session_file(store, write(document, tmp_path / "s.json"))
    assert "“Evil␛]0;owned␇ \\u202eunit”" in result.summary()
    document["guide_items"] = [{"uid": "g", "section": "mis\x1b[31mtakes", "position": 0,
                                "fields": "{}", "from_note": "", "created_at": "2026-01-01",
                                "updated_at": "2026-01-01"}]
    message = refused(store, write(document, tmp_path / "t.json"), "mis␛[31mtakes")
    assert "\x1b" not in message
    named = tmp_path / "odd\x1b[2Jname\u2066.json"
    named.write_text("{")
    assert "odd␛[2Jname\\u2066.json" in refused(store, named)


def test_a_checked_file_can_be_read_again_without_change(rich, tmp_path):
    store, session_id = rich
    path = write(session_document(store, session_id), tmp_path / "s.json")
    assert read_session_file(path).parts == read_session_file(path).parts


def test_limits_are_those_documented():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "session-format.md").read_text(
        encoding="utf-8")
    for limit in (f"{MAX_COUNT:,}", f"{MAX_CENTS:,}", f"{MAX_SECONDS:,}", f"{MAX_DEPTH}",
                  "1970", "2200", "480"):
        assert limit in docs, limit

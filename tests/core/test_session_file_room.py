"""Session files carry what schema 4 added: tags and parking on notes, action items, and the
agenda (meeting lengths and steps' minutes), exactly, mergeable, and still reading older files.

Where a merge rule depends on which copy changed last, the times are set through SQL, as two
laptops' clocks would have set them.
"""

import json
from datetime import date

import pytest
from samples import HOSTILE_TEXTS

from svcrec_desktop.files.session_file import (
    SessionFileError,
    export_session_file,
    import_session_file,
    session_document,
)
from svcrec_desktop.store.database import Store

# Earlier than the clock of any test run: a stamp from the future is clamped to the moment of
# import. A test in which this laptop's copy must be the older one sets it to an earlier T.
T1, T2, T3 = (f"2025-11-0{day}T10:00:00+01:00" for day in (1, 2, 3))


def set_row(store: Store, table: str, where: str, args: list, **values: object) -> None:
    """Give rows the values another laptop would have given them."""
    columns = ", ".join(f"{name} = ?" for name in values)
    with store.transaction() as db:
        db.execute(f"update {table} set {columns} where {where}", [*values.values(), *args])


def fill(store: Store, text: str) -> int:
    session = store.sessions.create("Cardiology", first_step="welcome")
    note = store.notes.add(session.id, "q4", text, tags=("theme", "level1"), parked=True)
    store.notes.add(session.id, "q5", "no tags")
    action = store.actions.add(session.id, note.uid, text, owner=text, due=date(2026, 12, 3))
    store.actions.set_done(action.id, True)
    gone = store.actions.add(session.id, note.uid, "dropped")
    store.actions.delete(gone.id)
    store.agenda.set_meeting_length(session.id, 1, 45)
    store.agenda.set_meeting_length(session.id, 2, 20)
    store.agenda.set_step_minutes(session.id, "q2", 12)
    store.agenda.set_step_minutes(session.id, "m2-off", 4)
    return session.id


def carried(store: Store, session_id: int) -> dict:
    """What schema 4 added to a session, as stored, without this laptop's ids."""
    session = store.sessions.get(session_id)
    notes = sorted((n.uid, n.tags, n.parked) for n in store.notes.of_session(session_id))
    actions = sorted(tuple(row[k] for k in ("uid", "note_uid", "what", "owner", "due", "done",
                                            "created_at", "updated_at", "deleted_at"))
                     for row in store.connection.rows(
                         "select * from actions where session_id = ?", [session_id]))
    agenda = sorted((row["step_id"], row["minutes"]) for row in store.connection.rows(
        "select * from agenda where session_id = ?", [session_id]))
    lengths = store.connection.execute(
        "select meeting_minutes, meeting2_minutes from sessions where id = ?",
        [session.id]).fetchone()
    return {"notes": notes, "actions": actions, "agenda": agenda, "lengths": lengths}


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_tags_parking_actions_and_agenda_travel_exactly(laptops, tmp_path, name):
    here, there = laptops
    session_id = fill(here, HOSTILE_TEXTS[name])
    target = export_session_file(here, session_id, tmp_path / "s.svcrec.json")
    result = import_session_file(there, target)
    assert result.created
    assert carried(there, result.session_id) == carried(here, session_id)
    action = there.actions.of_session(result.session_id)[0]
    assert (action.what, action.owner) == (HOSTILE_TEXTS[name], HOSTILE_TEXTS[name])
    again = import_session_file(there, target)  # the same file twice changes nothing
    assert not again.changed, again.summary()


def test_a_file_from_before_schema_4_still_imports(laptops, tmp_path):
    here, there = laptops
    session = here.sessions.create("Cardiology", first_step="welcome")
    here.notes.add(session.id, "q2", "said before tags existed")
    document = session_document(here, session.id)
    for key in ("actions", "agenda"):
        del document[key]
    for key in ("meeting_minutes", "meeting2_minutes"):
        del document["session"][key]
    for key in ("tags", "parked"):
        del document["notes"][0][key]
    path = tmp_path / "old.svcrec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = import_session_file(there, path)
    note = there.notes.of_session(result.session_id)[0]
    assert (note.text, note.tags, note.parked) == ("said before tags existed", (), False)
    assert there.actions.of_session(result.session_id) == []
    assert there.agenda.get(result.session_id, 1).length == 0


def test_an_action_edited_on_two_laptops_merges_like_a_note(laptops, tmp_path):
    here, there = laptops
    session_id = fill(here, "Call back")
    first = import_session_file(there, export_session_file(
        here, session_id, tmp_path / "a.svcrec.json")).session_id
    mine = here.actions.of_session(session_id)[0]
    theirs = there.actions.of_session(first)[0]
    there.actions.update(theirs.id, what=HOSTILE_TEXTS["bidi controls"], owner="Night charge RN",
                        due=None)
    set_row(there, "actions", "uid = ?", [mine.uid], updated_at=T2)
    here.actions.update(mine.id, what="an older edit", owner="Day RN", due=date(2027, 1, 2))
    set_row(here, "actions", "uid = ?", [mine.uid], updated_at=T1)
    note = there.notes.of_session(first)[0]
    there.actions.add(first, note.uid, "added on the second laptop")
    result = import_session_file(here, export_session_file(
        there, first, tmp_path / "b.svcrec.json"))
    assert result.actions_updated == 2 and "2 action items added or updated" in result.summary()
    merged = {a.uid: a for a in here.actions.of_session(session_id)}
    assert (merged[mine.uid].what, merged[mine.uid].owner, merged[mine.uid].due) == (
        HOSTILE_TEXTS["bidi controls"], "Night charge RN", None)
    assert "added on the second laptop" in {a.what for a in merged.values()}
    # A deletion made after the last edit wins.
    there_now = {a.uid: a for a in there.actions.of_session(first)}
    there.actions.delete(there_now[mine.uid].id)
    set_row(there, "actions", "uid = ?", [mine.uid], updated_at=T2, deleted_at=T3)
    import_session_file(here, export_session_file(there, first, tmp_path / "c.svcrec.json"))
    assert mine.uid not in {a.uid for a in here.actions.of_session(session_id)}


def test_tags_and_parking_come_from_the_note_edited_last(laptops, tmp_path):
    here, there = laptops
    session_id = fill(here, "Call back")
    copy = import_session_file(there, export_session_file(
        here, session_id, tmp_path / "a.svcrec.json")).session_id
    note = next(n for n in there.notes.of_session(copy) if n.parked)
    set_row(here, "notes", "uid = ?", [note.uid], updated_at=T1)
    there.notes.update(note.id, tags=("quote",), parked=False)
    set_row(there, "notes", "uid = ?", [note.uid], updated_at=T2)
    result = import_session_file(here, export_session_file(there, copy,
                                                           tmp_path / "b.svcrec.json"))
    assert result.notes_updated == 1
    merged = next(n for n in here.notes.of_session(session_id) if n.uid == note.uid)
    assert (merged.tags, merged.parked) == (("quote",), False)


@pytest.mark.parametrize("theirs_newer", [True, False])
def test_the_agenda_takes_the_newer_sessions_minutes_and_adds_steps(laptops, tmp_path,
                                                                    theirs_newer):
    here, there = laptops
    session_id = fill(here, "x")
    copy = import_session_file(there, export_session_file(
        here, session_id, tmp_path / "a.svcrec.json")).session_id
    there.agenda.set_meeting_length(copy, 1, 60)
    there.agenda.set_step_minutes(copy, "q2", 15)
    there.agenda.set_step_minutes(copy, "q3", 9)
    uid = here.sessions.get(session_id).uid
    set_row(there, "sessions", "uid = ?", [uid], updated_at=T2)
    set_row(here, "sessions", "uid = ?", [uid], updated_at=T3 if not theirs_newer else T1)
    result = import_session_file(here, export_session_file(there, copy,
                                                           tmp_path / "b.svcrec.json"))
    agenda = dict(carried(here, session_id)["agenda"])
    assert agenda["q3"] == 9  # a step planned only on the other laptop is added
    assert agenda["m2-off"] == 4
    if theirs_newer:
        assert (agenda["q2"], here.agenda.get(session_id, 1).length) == (15, 60)
        assert result.agenda_updated == 2 and result.details_updated
    else:
        assert (agenda["q2"], here.agenda.get(session_id, 1).length) == (12, 45)
        assert result.agenda_updated == 1


@pytest.mark.parametrize(("part", "change", "complaint"), [
    ("actions", {"note_uid": "not a uid!"}, "“note_uid” of action item 1 is not a valid"),
    ("actions", {"done": "yes"}, "“done” of action item 1 is not a whole number"),
    ("actions", {"due": "next week"}, "“due” of action item 1 is not a date"),
    ("agenda", {"minutes": -5}, "“minutes” of agenda step 1 is not a whole number"),
    ("notes", {"tags": 7}, "“tags” of note 1 is not text"),
    ("notes", {"parked": True}, "“parked” of note 1 is not a whole number"),
])
def test_a_damaged_new_part_is_refused_with_nothing_changed(laptops, tmp_path, part, change,
                                                            complaint):
    here, there = laptops
    session_id = fill(here, "x")
    document = session_document(here, session_id)
    document[part][0].update(change)
    path = tmp_path / "bad.svcrec.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SessionFileError, match=complaint):
        import_session_file(there, path)
    assert there.sessions.all() == []

"""Many sessions on one laptop: phases, rename, duplicate, archive, bin, findings, search."""

from datetime import date

import pytest
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.model import Phase, Plan
from svcrec_desktop.store.search import MARK_END, MARK_START, fts_query


def new_session(store, department="Cardiology", **kwargs):
    return store.sessions.create(department, first_step="welcome", **kwargs)


def departments(sessions) -> list[str]:
    return [s.department for s in sessions]


def test_a_new_session_starts_in_preparation_with_its_own_uid(store):
    first, second = new_session(store), new_session(store, "Oncology")
    assert (first.phase, first.plan) == (Phase.PREPARING, Plan.IMPLEMENT)
    assert first.uid != second.uid and len(first.uid) == 32
    assert not first.read_only


def test_phases_move_forward_and_back_and_done_is_read_only(store):
    session = new_session(store)
    for phase in Phase:
        assert store.sessions.set_phase(session.id, phase).phase is phase
    assert store.sessions.get(session.id).read_only
    assert not store.sessions.set_phase(session.id, Phase.MEETING2).read_only  # re-opened


def test_session_details_are_kept_exactly(store):
    session = new_session(store)
    texts = {name: HOSTILE_TEXTS[key] for name, key in (
        ("department", "right to left"), ("facilitator", "emoji sequences"),
        ("note_taker", "combining marks"), ("participants", "tabs and newlines"),
        ("preread_title", "lone surrogate"), ("preread_where", "control characters"),
        ("invitation", "one megabyte"))}
    store.sessions.update(session.id, meeting_date=date(2026, 12, 3), plan=Plan.IMPROVE, **texts)
    stored = store.sessions.get(session.id)
    assert {name: getattr(stored, name) for name in texts} == texts
    assert (stored.meeting_date, stored.plan) == (date(2026, 12, 3), Plan.IMPROVE)


def test_renaming_to_nothing_or_an_unknown_field_is_refused(store):
    session = new_session(store)
    with pytest.raises(ValueError):
        store.sessions.update(session.id, department="  ")
    with pytest.raises(TypeError):
        store.sessions.update(session.id, phase="done")
    assert store.sessions.get(session.id).department == "Cardiology"


def test_duplicate_takes_the_preparation_but_not_the_department_s_own_words(store):
    source = new_session(store, facilitator="Dana")
    store.sessions.update(source.id, plan=Plan.IMPROVE, preread_title="Sorry works",
                         preread_where="Shared drive", participants="Sam\nLee",
                         invitation="edited")
    store.tasks.set_due(source.id, "invitation", date(2026, 12, 1))
    store.tasks.set_done(source.id, "review", True)
    store.notes.add(source.id, "q1", "a note")
    store.findings.add(source.id, [{"theme": "Waiting", "count": 4}])
    store.agenda.set_meeting_length(source.id, 1, 45)
    store.agenda.set_meeting_length(source.id, 2, 30)
    store.agenda.set_step_minutes(source.id, "q2", 12)
    copy = store.sessions.duplicate(source.id, "Oncology", first_step="welcome")
    for meeting in (1, 2):  # the agenda is preparation too
        assert store.agenda.get(copy.id, meeting) == store.agenda.get(source.id, meeting)
    assert (copy.department, copy.facilitator, copy.plan) == ("Oncology", "Dana", Plan.IMPROVE)
    assert (copy.preread_title, copy.preread_where) == ("Sorry works", "Shared drive")
    assert (copy.participants, copy.invitation, copy.phase) == ("", "", Phase.PREPARING)
    tasks = store.tasks.states(copy.id)
    assert list(tasks) == ["invitation"] and tasks["invitation"].due_date == date(2026, 12, 1)
    assert tasks["invitation"].done_at is None
    assert store.notes.of_session(copy.id) == [] and store.findings.of_session(copy.id) == []
    assert copy.uid != source.uid


def test_archive_and_bin_are_separate_lists_and_the_bin_empties_for_good(store):
    kept, archived, binned = (new_session(store, name) for name in ("A", "B", "C"))
    store.notes.add(binned.id, "q1", "in the bin")
    store.findings.add(binned.id, [{"theme": "binned theme"}])
    store.tasks.set_done(binned.id, "review", True)
    store.notes.save_draft(binned.id, "draft")
    store.times.add(binned.id, "q1", 5)
    store.sessions.archive(archived.id)
    store.sessions.open(binned.id)
    store.sessions.delete(binned.id)
    assert departments(store.sessions.all()) == ["A"]
    assert departments(store.sessions.all(archived=True)) == ["B"]
    assert departments(store.sessions.all(in_bin=True)) == ["C"]
    assert store.sessions.latest().id == kept.id  # a binned session is not reopened
    assert store.search.find("bin") == []
    store.sessions.restore(binned.id)
    assert departments(store.sessions.all()) == ["C", "A"]
    store.sessions.archive(archived.id, archived=False)
    store.sessions.delete(binned.id)
    assert store.sessions.empty_bin() == 1
    assert store.sessions.all(in_bin=True) == []
    for table in ("notes", "drafts", "step_times", "prep_tasks", "findings"):
        assert store.connection.value(
            f"select count(*) from {table} where session_id = ?", [binned.id]) == 0, table
    assert store.search.find("binned") == []
    assert store.connection.execute("pragma foreign_key_check").fetchall() == []


def test_tasks_remember_done_and_due(store):
    session = new_session(store)
    store.tasks.set_done(session.id, "review", True)
    store.tasks.set_due(session.id, "review", date(2026, 11, 30))
    store.tasks.set_due(session.id, "pre-read", date(2026, 12, 2))
    states = store.tasks.states(session.id)
    assert states["review"].done_at is not None
    assert states["review"].due_date == date(2026, 11, 30)
    assert states["pre-read"].done_at is None
    store.tasks.set_done(session.id, "review", False)
    store.tasks.set_due(session.id, "pre-read", None)
    states = store.tasks.states(session.id)
    assert states["review"].done_at is None and states["pre-read"].due_date is None


def test_findings_keep_their_order_and_text(store):
    session = new_session(store)
    made = store.findings.add(session.id, [
        {"theme": HOSTILE_TEXTS["right to left"], "count": 7, "source": "survey comments",
         "period_start": date(2025, 11, 1), "period_end": date(2026, 10, 31),
         "example": HOSTILE_TEXTS["lone surrogate"]},
        {"theme": "Lost belongings", "count": 3, "source": "incident reports"},
    ])
    more = store.findings.add(session.id, [{"theme": "Discharge", "count": 1}])
    assert [f.theme for f in store.findings.of_session(session.id)] == [
        HOSTILE_TEXTS["right to left"], "Lost belongings", "Discharge"]
    assert [f.position for f in made + more] == [0, 1, 2]
    first = store.findings.of_session(session.id)[0]
    assert (first.period_start, first.period_end) == (date(2025, 11, 1), date(2026, 10, 31))
    assert first.example == HOSTILE_TEXTS["lone surrogate"]
    changed = store.findings.update(first.id, count=9, example="Waited, nobody said why",
                                   period_end=None)
    assert (changed.count, changed.example, changed.period_end) == (
        9, "Waited, nobody said why", None)
    store.findings.delete(more[0].id)
    assert len(store.findings.of_session(session.id)) == 2
    with pytest.raises(TypeError):
        store.findings.update(first.id, session_id=5)


def test_search_finds_what_was_typed_in_any_session(store):
    cardiology, oncology = new_session(store), new_session(store, "Oncology")
    store.notes.add(cardiology.id, "q2", "Families were not told about the discharge delay")
    store.notes.add(oncology.id, "q4", "Offer a parking voucher when the clinic runs late")
    store.findings.add(oncology.id, [{"theme": "Discharge confusion", "example": "no one said"}])
    hits = store.search.find("discharg")
    assert {(h.department, h.kind, h.step_id) for h in hits} == {
        ("Cardiology", "note", "q2"), ("Oncology", "finding", "")}
    note_hit = next(h for h in hits if h.kind == "note")
    assert f"{MARK_START}discharge{MARK_END}" in note_hit.snippet
    assert [h.step_id for h in store.search.find("parking voucher")] == ["q4"]
    assert store.search.find("parking discharge") == []  # every word must match


def test_search_follows_edits_and_deletions_and_reads_hostile_text(store):
    session = new_session(store)
    note = store.notes.add(session.id, "q1", "ward \ud800 noise at night 👩‍👩‍👧 המטופל")
    assert [h.item_id for h in store.search.find("noise")] == [note.id]
    assert [h.item_id for h in store.search.find("המטופל")] == [note.id]
    store.notes.update(note.id, text="ward was quiet")
    assert store.search.find("noise") == [] and len(store.search.find("quiet")) == 1
    store.notes.delete(note.id)
    assert store.search.find("quiet") == []
    store.notes.restore(note.id)
    assert len(store.search.find("quiet")) == 1


@pytest.mark.parametrize("typed", ['"', "*", "NEAR(", "a OR", "-", "))", "^", ":"])
def test_search_syntax_typed_by_a_person_is_just_text(store, typed):
    session = new_session(store)
    store.notes.add(session.id, "q1", f"value {typed} here")
    store.search.find(typed)  # never an FTS syntax error
    assert fts_query("wait \"now\" OR") == '"wait"* "now"* "OR"*'

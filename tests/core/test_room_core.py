"""Quick tags, the parking lot and action items in the core: store, search, outbox, export.

A real store in a private folder for each test; exports are read back with python-docx.
"""

from datetime import date

import pytest
from disk_faults import allow_writes, refuse_writes
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.model import TAGS, ordered_tags, tag_label, tags_from_text, tags_text
from svcrec_desktop.domain.page_format import PageFormat
from svcrec_desktop.export.docx_text import xml_safe
from svcrec_desktop.export.record import export_record
from svcrec_desktop.export.source import (
    ExportOptions,
    exportable_view,
    guide_texts,
    store_redacted,
)
from svcrec_desktop.store.database import StorageError
from svcrec_desktop.store.outbox import Outbox

EVERY_HOSTILE = " | ".join(v for k, v in HOSTILE_TEXTS.items() if k != "one megabyte")


@pytest.fixture
def session(store, playbook):
    return store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id,
                                facilitator="Dana Reyes", note_taker="Sam Lee")


# Tags ------------------------------------------------------------------------------------------


def test_tags_are_kept_once_each_in_key_order_and_unknown_ones_survive():
    assert [tag.id for tag in TAGS] == ["theme", "quote", "idea", "action", "level1"]
    assert ordered_tags(["level1", "", "theme", "level1", "from-a-newer-release"]) == (
        "theme", "level1", "from-a-newer-release")
    assert tags_text(["idea", "theme"]) == "theme,idea"
    assert tags_from_text("") == () and tags_from_text("idea,theme,") == ("theme", "idea")
    assert tag_label("level1") == "Level One example"
    assert tag_label("from-a-newer-release") == "from-a-newer-release"


def test_a_note_keeps_its_tags_and_parking_and_they_change_with_a_stamp(store, session):
    note = store.notes.add(session.id, "q2", "Call lights", tags=("quote", "theme"), parked=True)
    assert (note.tags, note.parked) == (("theme", "quote"), True)
    changed = store.notes.update(note.id, tags=("level1",), parked=False)
    assert (changed.tags, changed.parked) == (("level1",), False)
    assert changed.updated_at >= note.updated_at
    assert store.notes.update(note.id, text="Call lights slow").tags == ("level1",)


def test_parked_notes_are_listed_from_every_step(store, session):
    store.notes.add(session.id, "q1", "on topic")
    first = store.notes.add(session.id, "q2", "parking fees", parked=True)
    second = store.notes.add(session.id, "m2-off", "the pager system", parked=True)
    gone = store.notes.add(session.id, "q3", "deleted", parked=True)
    store.notes.delete(gone.id)
    assert [n.id for n in store.notes.of_session(session.id, parked=True)] == [first.id, second.id]
    assert [n.text for n in store.notes.of_session(session.id, parked=False)] == ["on topic"]
    assert len(store.notes.of_session(session.id, "q2")) == 1  # a parked note stays at its step too


# Actions ---------------------------------------------------------------------------------------


def test_an_action_lives_under_its_note_and_goes_and_comes_back_with_it(store, session):
    note = store.notes.add(session.id, "q4", "Nobody follows up after a complaint")
    action = store.actions.add(session.id, note.uid, "Call back within a day", owner="Charge RN",
                              due=date(2026, 12, 3))
    assert (action.what, action.owner, action.due, action.done) == (
        "Call back within a day", "Charge RN", date(2026, 12, 3), False)
    assert store.actions.of_session(session.id, note.uid) == [action]
    changed = store.actions.update(action.id, what="Call back the same day", owner="", due=None)
    assert (changed.what, changed.owner, changed.due) == ("Call back the same day", "", None)
    assert store.actions.set_done(action.id, True).done
    store.notes.delete(note.id)
    assert store.actions.of_session(session.id) == []  # hidden with its note
    store.notes.restore(note.id)
    assert [a.id for a in store.actions.of_session(session.id)] == [action.id]
    store.actions.delete(action.id)
    assert store.actions.of_session(session.id) == []
    assert store.actions.restore(action.id).what == "Call back the same day"


def test_an_action_must_say_what_is_to_be_done(store, session):
    note = store.notes.add(session.id, "q4", "x")
    with pytest.raises(ValueError, match="what is to be done"):
        store.actions.add(session.id, note.uid, "  \n")
    action = store.actions.add(session.id, note.uid, "Something")
    with pytest.raises(ValueError):
        store.actions.update(action.id, what="", owner="", due=None)


@pytest.mark.parametrize("name", list(HOSTILE_TEXTS))
def test_hostile_text_in_an_action_is_kept_exactly(store, session, name):
    note = store.notes.add(session.id, "q4", "x")
    text = HOSTILE_TEXTS[name]
    action = store.actions.add(session.id, note.uid, text, owner=text)
    assert (store.actions.get(action.id).what, store.actions.get(action.id).owner) == (text, text)


def test_emptying_the_bin_removes_actions_too(store, session):
    note = store.notes.add(session.id, "q4", "x")
    store.actions.add(session.id, note.uid, "Something")
    store.sessions.delete(session.id)
    assert store.sessions.empty_bin() == 1
    assert store.connection.value("select count(*) from actions") == 0


def test_actions_come_into_the_guide_once(store, session):
    first = store.notes.add(session.id, "q4", "Follow-up calls")
    second = store.notes.add(session.id, "q5", "A runner for pharmacy")
    store.actions.add(session.id, first.uid, "Write the call-back script", owner="Sam",
                     due=date(2026, 12, 3))
    done = store.actions.add(session.id, second.uid, "Ask pharmacy", owner="Dana")
    store.actions.set_done(done.id, True)
    added = store.actions.bring_into_guide(session.id)
    assert [(i.fields, i.from_note) for i in added] == [
        ({"what": "Write the call-back script", "who": "Sam", "due": "2026-12-03",
          "done": ""}, first.uid),
        ({"what": "Ask pharmacy", "who": "Dana", "due": "", "done": "yes"}, second.uid),
    ]
    assert store.actions.bring_into_guide(session.id) == []
    store.actions.add(session.id, first.uid, "Print the script")
    assert [i.get("what") for i in store.actions.bring_into_guide(session.id)] == [
        "Print the script"]
    assert second.uid not in {n.uid for n in store.guide.unused_notes(session.id)}


# Search ----------------------------------------------------------------------------------------


def test_search_finds_an_action_at_its_notes_step(store, session):
    note = store.notes.add(session.id, "q4", "Follow-up calls")
    action = store.actions.add(session.id, note.uid, "Write the callback script",
                              owner="Charge nurse")
    hits = store.search.find("callback")
    assert [(h.kind, h.item_id, h.step_id) for h in hits] == [("action", action.id, "q4")]
    assert [h.kind for h in store.search.find("charge nurse")] == ["action"]
    store.notes.delete(note.id)
    assert store.search.find("callback") == []
    store.notes.restore(note.id)
    store.actions.delete(action.id)
    assert store.search.find("callback") == []


# The outbox ------------------------------------------------------------------------------------


def test_tags_and_parking_travel_with_a_note_through_retries(store, session):
    outbox = Outbox(store)
    refuse_writes(store, "notes")
    assert outbox.commit(session.id, "q2", "said while the disk refused",
                         tags=("quote", "theme"), parked=True) == []
    assert outbox.commit(session.id, "q2", "and another") == []
    assert isinstance(outbox.last_error, StorageError) and len(outbox) == 2
    allow_writes(store, "notes")
    written = outbox.flush(session.id)
    assert [(n.text, n.tags, n.parked) for n in written] == [
        ("said while the disk refused", ("theme", "quote"), True), ("and another", (), False)]
    assert [(n.tags, n.parked) for n in store.notes.of_session(session.id)] == [
        (("theme", "quote"), True), ((), False)]


# No names on notes -----------------------------------------------------------------------------


def test_no_persons_name_is_attached_to_a_note(store, session):
    """Notes carry no author: the facilitator's and note-taker's names are on the session
    only; an action's owner is the one name, typed on purpose."""
    note = store.notes.add(session.id, "q2", "Call lights", tags=("theme",), parked=True)
    store.actions.add(session.id, note.uid, "Check the report", owner="Pat")
    row = store.connection.row("select * from notes where id = ?", [note.id])
    assert not any(name in str(value) for value in row.values()
                   for name in ("Dana", "Reyes", "Sam", "Lee"))
    action_row = store.connection.row("select * from actions")
    assert [key for key, value in action_row.items() if value == "Pat"] == ["owner"]


# The facilitator's record: the notes with their tags and actions, and the parking lot ---------


def appendix_tables(document) -> dict[str, list[list[list[str]]]]:
    """The tables under each heading of the document, in order: each row as the
    texts of its cells' paragraphs (python-docx reads a break back as \n, a tab as \t)."""
    found: dict[str, list[list[list[str]]]] = {}
    heading = ""
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            paragraph = Paragraph(block, document)
            if paragraph.style.name in ("Heading 1", "Heading 2"):
                heading = paragraph.text
        elif block.tag == qn("w:tbl"):
            rows = [[[p.text for p in cell.paragraphs] for cell in row.cells]
                    for row in Table(block, document).rows]
            found.setdefault(heading, []).extend(rows[1:])  # below the header row
    return found


def test_the_record_has_tags_actions_under_notes_and_a_parking_lot(
        store, session, playbook, tmp_path):
    kept = store.notes.add(session.id, "q4", "Nobody follows up", tags=("theme", "level1"))
    store.actions.add(session.id, kept.uid, "Write the call-back script", owner="Charge RN",
                     due=date(2026, 12, 3))
    done = store.actions.add(session.id, kept.uid, EVERY_HOSTILE,
                            owner=HOSTILE_TEXTS["right to left"])
    store.actions.set_done(done.id, True)
    parked = store.notes.add(session.id, "q2", "The parking garage fees", parked=True)
    store.actions.add(session.id, parked.uid, "Ask facilities about fees")
    secret = store.notes.add(session.id, "q4", "Mr Lee in bed 4")
    store.actions.add(session.id, secret.uid, "Apologise to the family of bed 4")
    store.notes.set_confidential(secret.id, True)
    target = export_record(exportable_view(store, session.id), playbook,
                           tmp_path / "record.docx", PageFormat())
    document = Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings.index("Parking lot") > max(
        place for place, heading in enumerate(headings) if heading.startswith("Meeting "))
    tables = appendix_tables(document)
    q2, q4 = (f"Meeting 1 · {playbook.step_index(step) + 1}. {playbook.step(step).title}"
              for step in ("q2", "q4"))
    assert [cells[-1] for cells in tables[q4]] == [[
        "Nobody follows up",
        "Tags: Theme, Level One example",
        "Action: Write the call-back script · Who: Charge RN · By 3 December 2026",
        f"Action: {xml_safe(EVERY_HOSTILE)} · Who: {xml_safe(HOSTILE_TEXTS['right to left'])}"
        " · Done",
    ]]
    assert q2 not in tables  # its only note is in the parking lot, listed there once
    assert tables["Parking lot"] == [[
        [f"{parked.created_at:%H:%M}"], [f"Meeting 1 · {playbook.step('q2').title}"],
        ["The parking garage fees", "Action: Ask facilities about fees"],
    ]]
    everything = "\n".join(p.text for p in document.paragraphs) + repr(tables)
    assert "bed 4" not in everything  # a note kept out takes its actions with it


def test_the_privacy_check_reads_exported_action_items_and_stores_redactions_back(
        store, session, playbook):
    shown = store.notes.add(session.id, "q1", "Call the family")
    hidden = store.notes.add(session.id, "q1", "kept out")
    store.notes.set_confidential(hidden.id, True)
    action = store.actions.add(session.id, shown.uid, "Ring 801-555-0199", owner="Sam",
                              due=date(2026, 12, 1))
    store.actions.add(session.id, hidden.uid, "Ring 801-555-0100")  # never exported
    texts = guide_texts(exportable_view(store, session.id), playbook,
                        ExportOptions(include_notes=True))
    notes = [(t.id, t.text) for t in texts if t.id[0] in ("note", "action")]
    assert notes == [(("note", shown.id), "Call the family"),
                     (("action", action.id, "what"), "Ring 801-555-0199"),
                     (("action", action.id, "owner"), "Sam")]
    store_redacted(store, ("action", action.id, "what"), "Ring [removed]")
    store_redacted(store, ("note", shown.id), "Call [removed]")
    kept = store.actions.get(action.id)
    assert (kept.what, kept.owner, kept.due) == ("Ring [removed]", "Sam", date(2026, 12, 1))
    assert store.notes.get(shown.id).text == "Call [removed]"

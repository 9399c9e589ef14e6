"""The editor's records know what was made from a note that may no longer leave (no window)."""

import pytest

from svcrec_desktop.domain.guide_model import section_spec
from svcrec_desktop.store.guide import CONFIDENTIAL_REFUSAL, STILL_QUOTES
from svcrec_desktop.store.records import FeedbackRecords, SectionRecords


@pytest.fixture
def session_id(store, playbook):
    return store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id).id


def note(store, session_id, text, step="welcome"):
    return store.notes.add(session_id, step, text)


def test_notes_make_linked_items_and_a_confidential_one_adds_nothing(store, session_id):
    records = SectionRecords(store, session_id, section_spec("mistakes"))
    shared, private = note(store, session_id, "Lost belongings"), note(store, session_id, "Bed 4")
    private = store.notes.set_confidential(private.id, True)
    with pytest.raises(ValueError, match="never goes into the guide") as refused:
        records.add_notes([shared, private])
    assert str(refused.value) == CONFIDENTIAL_REFUSAL
    assert records.records() == []
    last = records.add_notes([shared])
    (item,) = records.records()
    assert (item.id, item.from_note, item.held_back) == (last, shared.uid, False)
    assert item.fields["mistake"] == "Lost belongings"


def test_a_form_keeps_every_note_added_to_it(store, session_id):
    records = SectionRecords(store, session_id, section_spec("steps"))
    first, second = (note(store, session_id, text) for text in ("Listen", "Say sorry"))
    records.update(0, "steps", "Greet them")
    form_id = records.add_notes([first])
    assert records.add_notes([second]) == form_id
    (form,) = records.records()
    assert form.fields["steps"] == "Greet them\nListen\nSay sorry"
    assert form.from_note.split() == [first.uid, second.uid] and not form.held_back


def test_held_back_until_rewritten_and_released(store, session_id):
    records = SectionRecords(store, session_id, section_spec("offers"))
    source = note(store, session_id, "Give Mrs Jones a meal voucher")
    item_id = records.add_notes([source])
    store.notes.set_confidential(source.id, True)
    assert records.records()[0].held_back
    with pytest.raises(ValueError) as refused:
        records.release(item_id)
    assert str(refused.value) == STILL_QUOTES
    records.update(item_id, "offer", "A meal voucher after a long wait")
    records.release(item_id)
    (item,) = records.records()
    assert not item.held_back and item.from_note == ""


def test_feedback_from_a_deleted_note_is_held_back_until_released(store, session_id,
                                                                   playbook):
    records = FeedbackRecords(store, session_id, playbook)
    source = note(store, session_id, "The night shift never calls back", playbook.meeting2[-1].id)
    said_id = records.add_notes([source])
    (said,) = records.records()
    assert (said.id, said.from_note, said.held_back) == (said_id, source.uid, False)
    store.notes.delete(source.id)
    assert records.records()[0].held_back
    records.update(said_id, "text", "Calls back at night are missing")
    records.release(said_id)
    assert not records.records()[0].held_back

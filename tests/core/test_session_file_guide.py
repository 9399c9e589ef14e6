"""Session files carry the guide, meeting-2 feedback, frozen versions and the register."""

import json
from datetime import date

import pytest
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.guide_model import FeedbackKind, VersionStatus
from svcrec_desktop.files.session_file import (
    SessionFileError,
    export_session_file,
    import_session_file,
)
from svcrec_desktop.store.database import Store


def same_guide(content) -> tuple:
    """What a guide holds, without the row ids that differ between laptops."""
    return (sorted((i.uid, i.section, i.position, i.fields, i.from_note) for i in content.items),
            sorted((f.uid, f.kind, f.section, f.text, f.response, f.from_note)
                   for f in content.feedback))


def fill(store: Store) -> int:
    session = store.sessions.create("Cardiology", first_step="welcome")
    note = store.notes.add(session.id, "q2", "Call lights ignored")
    store.guide.add_item(session.id, "mistakes", {
        "mistake": HOSTILE_TEXTS["lone surrogate"], "make_right": HOSTILE_TEXTS["one megabyte"]},
        from_note=note.uid)
    store.notes.set_confidential(note.id, True)  # after use: the item is held back
    store.guide.set_form(session.id, "logistics", {"items_kept": HOSTILE_TEXTS["right to left"]})
    said = store.notes.add(session.id, "m2-missing", HOSTILE_TEXTS["emoji sequences"])
    store.feedback.add(session.id, FeedbackKind.MISSING, HOSTILE_TEXTS["emoji sequences"],
                       "escalation", from_note=said.uid)
    store.versions.freeze(session.id, VersionStatus.DRAFT)
    store.register.add(session.id, given_on=date(2026, 11, 3), item="Meal voucher",
                            value_cents=1000, reason=HOSTILE_TEXTS["control characters"],
                            giver="RN", receipt=True)
    store.sessions.update(session.id, reflection="It went well", help_contact="px@example.org",
                         meeting2_date=date(2026, 12, 10))
    return session.id


def test_the_guide_travels_exactly_and_merges_without_duplicates(laptops, tmp_path):
    first, second = laptops
    session_id = fill(first)
    carried = tmp_path / "s.svcrec.json"
    export_session_file(first, session_id, carried)
    copy = import_session_file(second, carried).session_id
    assert same_guide(second.guide.content(copy)) == same_guide(first.guide.content(session_id))
    assert second.notes.of_session(copy)[0].confidential
    assert [same_guide(v.content) for v in second.versions.of_session(copy)] == [
        same_guide(v.content) for v in first.versions.of_session(session_id)]
    assert second.register.items(copy)[0].reason == HOSTILE_TEXTS["control characters"]
    details = second.sessions.get(copy)
    assert (details.reflection, details.help_contact, details.meeting2_date) == (
        "It went well", "px@example.org", date(2026, 12, 10))
    # Laptop B adds feedback and freezes a version; the merge back adds only those.
    second.feedback.add(copy, FeedbackKind.RIGHT, "The steps feel right")
    second.versions.freeze(copy, VersionStatus.FINAL)
    first.versions.freeze(session_id, VersionStatus.DRAFT)  # number 2 on both laptops
    export_session_file(second, copy, carried)
    result = import_session_file(first, carried)
    assert result.guide_updated == 2
    assert len(first.feedback.of_session(session_id)) == 2
    assert sorted(v.number for v in first.versions.of_session(session_id)) == [1, 2, 3]
    assert not import_session_file(first, carried).changed  # twice changes nothing


def test_a_file_from_before_the_guide_still_imports(laptops, tmp_path):
    first, second = laptops
    session_id = fill(first)
    carried = tmp_path / "s.svcrec.json"
    export_session_file(first, session_id, carried)
    data = json.loads(carried.read_text(encoding="ascii"))
    for key in ("guide_items", "feedback", "guide_versions", "recovery_items"):
        del data[key]
    for key in ("reflection", "help_contact", "meeting2_date"):
        del data["session"][key]
    for note in data["notes"]:
        del note["confidential"]
    carried.write_text(json.dumps(data), encoding="ascii")
    copy = import_session_file(second, carried).session_id
    assert second.guide.items(copy) == [] and not second.notes.of_session(copy)[0].confidential


@pytest.mark.parametrize("damage", [
    lambda d: d["guide_items"][0].update(section="no-such-section"),
    lambda d: d["guide_items"][0].update(fields="{not json"),
    lambda d: d["feedback"][0].update(kind="angry"),
    lambda d: d["guide_versions"][0].update(content='{"items": [{"uid": 1}]}'),
    lambda d: d["recovery_items"][0].update(value_cents=-5),
], ids=["section", "fields", "kind", "version", "value"])
def test_a_damaged_guide_part_is_refused_and_changes_nothing(laptops, tmp_path, damage):
    first, second = laptops
    session_id = fill(first)
    carried = tmp_path / "s.svcrec.json"
    export_session_file(first, session_id, carried)
    data = json.loads(carried.read_text(encoding="ascii"))
    damage(data)
    carried.write_text(json.dumps(data), encoding="ascii")
    with pytest.raises(SessionFileError, match="Cannot import"):
        import_session_file(second, carried)
    assert second.sessions.all() == []

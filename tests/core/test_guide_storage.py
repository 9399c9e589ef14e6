"""The guide, feedback, versions and the register: kept exactly, ordered, frozen, totalled."""

from datetime import date

import pytest
from docx import Document
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.guide_model import FeedbackKind, VersionStatus, newest, version_named
from svcrec_desktop.export.guide import export_session
from svcrec_desktop.export.source import exportable_view


@pytest.fixture
def session(store):
    return store.sessions.create("Cardiology", first_step="welcome")


def test_items_keep_every_field_exactly_and_their_order(store, session):
    texts = list(HOSTILE_TEXTS.values())
    first = store.guide.add_item(session.id, "mistakes", {
        "mistake": texts[0], "make_right": texts[1], "on_the_spot": texts[7]})
    second = store.guide.add_item(session.id, "mistakes", {"mistake": "Lost belongings"})
    store.guide.add_item(session.id, "offers", {"offer": "Parking pass", "limit": "1 per visit"})
    assert [i.get("mistake") for i in store.guide.items(session.id, "mistakes")] == [
        texts[0], "Lost belongings"]
    assert store.guide.item(first.id).get("on_the_spot") == texts[7]  # a lone surrogate
    store.guide.update_item(first.id, {"tell": "Charge nurse"})
    assert store.guide.item(first.id).fields["make_right"] == texts[1]  # others kept
    store.guide.move_item(second.id, 0)
    assert [i.id for i in store.guide.items(session.id, "mistakes")] == [second.id, first.id]
    store.guide.delete_item(second.id)
    assert [i.id for i in store.guide.items(session.id, "mistakes")] == [first.id]
    store.guide.restore_item(second.id)
    assert len(store.guide.items(session.id, "mistakes")) == 2
    with pytest.raises(ValueError):
        store.guide.add_item(session.id, "mistakes", {"colour": "red"})
    with pytest.raises(KeyError):
        store.guide.add_item(session.id, "no-such-section", {})


def test_single_sections_are_one_form(store, session):
    assert store.guide.form(session.id, "logistics") == {}
    store.guide.set_form(session.id, "logistics", {"items_kept": "Locked drawer, desk 2"})
    store.guide.set_form(session.id, "logistics", {"receipts": "To the unit clerk, Fridays"})
    assert store.guide.form(session.id, "logistics") == {
        "items_kept": "Locked drawer, desk 2", "receipts": "To the unit clerk, Fridays"}
    assert len(store.guide.items(session.id, "logistics")) == 1
    with pytest.raises(ValueError):
        store.guide.set_form(session.id, "mistakes", {"mistake": "x"})


def test_notes_sent_to_the_guide_are_no_longer_unused_and_can_be_confidential(store, session):
    used = store.notes.add(session.id, "q2", "Call lights ignored at shift change")
    spare = store.notes.add(session.id, "q4", "Parking vouchers")
    store.guide.add_item(session.id, "mistakes", {"mistake": used.text}, from_note=used.uid)
    assert [n.id for n in store.guide.unused_notes(session.id)] == [spare.id]
    assert store.notes.set_confidential(spare.id, True).confidential
    assert not store.notes.set_confidential(spare.id, False).confidential


def test_feedback_is_kept_per_section_and_searchable(store, session):
    missing = store.feedback.add(session.id, FeedbackKind.MISSING,
                                 "Nothing about night shift escalation", "escalation")
    store.feedback.add(session.id, FeedbackKind.RIGHT, "The HEART steps feel right")
    store.feedback.update(missing.id, response="Added the night coordinator's number")
    kinds = [(f.kind, f.section) for f in store.feedback.of_session(session.id)]
    assert kinds == [(FeedbackKind.MISSING, "escalation"), (FeedbackKind.RIGHT, "")]
    assert (store.feedback.of_session(session.id)[0].response
            == "Added the night coordinator's number")
    [hit] = store.search.find("night coordinator")
    assert (hit.kind, hit.step_id) == ("feedback", "escalation")
    store.feedback.delete(missing.id)
    assert store.search.find("night") == []
    with pytest.raises(KeyError):
        store.feedback.add(session.id, FeedbackKind.OFF, "x", "no-such-section")


def test_a_frozen_version_does_not_change_when_the_guide_does(store, session):
    item = store.guide.add_item(session.id, "mistakes",
                                {"mistake": HOSTILE_TEXTS["lone surrogate"]})
    store.feedback.add(session.id, FeedbackKind.OFF, "Too long")
    draft = store.versions.freeze(session.id, VersionStatus.DRAFT)
    store.guide.update_item(item.id, {"mistake": "Reworded after feedback"})
    final = store.versions.freeze(session.id, VersionStatus.FINAL)
    assert [(v.number, v.status) for v in store.versions.of_session(session.id)] == [
        (1, VersionStatus.DRAFT), (2, VersionStatus.FINAL)]
    assert store.versions.get(draft.id).content.section("mistakes")[0].get("mistake") == (
        HOSTILE_TEXTS["lone surrogate"])
    assert final.content.section("mistakes")[0].get("mistake") == "Reworded after feedback"
    assert [f.text for f in draft.content.feedback] == ["Too long"]


def test_versions_are_numbered_within_their_status(store, session):
    """Draft 1, Draft 2, Final 1: a final after a draft is the first final, not the second."""
    kept = [store.versions.freeze(session.id, status) for status in (
        VersionStatus.DRAFT, VersionStatus.DRAFT, VersionStatus.FINAL, VersionStatus.FINAL)]
    assert [v.name for v in kept] == ["Draft 1", "Draft 2", "Final 1", "Final 2"]
    assert [v.number for v in kept] == [1, 2, 3, 4]  # the stored number runs on, as in files
    assert [v.name for v in store.versions.of_session(session.id)] == [v.name for v in kept]
    assert store.versions.get(kept[2].id).ordinal == 1
    made = kept[2].created_at
    assert kept[2].label == f"Final 1 · {made.day} {made:%B %Y}"
    other = store.sessions.create("Oncology", first_step="welcome")
    assert store.versions.freeze(other.id, VersionStatus.FINAL).name == "Final 1"


def test_a_version_is_found_by_name_status_or_stored_number(store, session):
    draft, final = (store.versions.freeze(session.id, status)
                    for status in (VersionStatus.DRAFT, VersionStatus.FINAL))
    versions = store.versions.of_session(session.id)
    assert newest(versions, VersionStatus.FINAL).id == final.id
    assert newest(versions, VersionStatus.DRAFT).id == draft.id
    found = {wanted: version_named(versions, wanted) for wanted in (
        "final", "Draft", "final 1", " Draft  1 ", "1", "2", "final 2", "draft 2", "3", "0",
        "9" * 5000, "now", "")}
    assert {wanted: v.id if v else None for wanted, v in found.items()} == {
        "final": final.id, "Draft": draft.id, "final 1": final.id, " Draft  1 ": draft.id,
        "1": draft.id, "2": final.id, "final 2": None, "draft 2": None, "3": None, "0": None,
        "9" * 5000: None, "now": None, "": None}
    assert newest([], VersionStatus.FINAL) is None


def test_the_register_totals_by_month(store, session):
    store.register.add(session.id, given_on=date(2026, 11, 3), item="Meal voucher",
                            value_cents=1000, reason="Long wait", giver="RN", receipt=True)
    store.register.add(session.id, given_on=date(2026, 11, 20), item="Parking pass",
                            value_cents=550, giver="Unit clerk")
    late = store.register.add(session.id, given_on=date(2026, 12, 1), item="Gift card",
                                   value_cents=2500)
    assert store.register.monthly_totals(session.id) == [("2026-11", 2, 1550), ("2026-12", 1, 2500)]
    store.register.update(late.id, value_cents=2000, receipt=True)
    store.register.delete(store.register.items(session.id)[0].id)
    assert store.register.monthly_totals(session.id) == [("2026-11", 1, 550), ("2026-12", 1, 2000)]
    with pytest.raises(ValueError):
        store.register.add(session.id, given_on=date(2026, 12, 2), item="x",
                                value_cents=-1)


def test_emptying_the_bin_removes_the_guide_too(store, session):
    store.guide.add_item(session.id, "mistakes", {"mistake": "x"})
    store.feedback.add(session.id, FeedbackKind.RIGHT, "y")
    store.versions.freeze(session.id, VersionStatus.DRAFT)
    store.register.add(session.id, given_on=date(2026, 11, 3), item="z")
    store.sessions.delete(session.id)
    store.sessions.empty_bin()
    for table in ("guide_items", "feedback", "guide_versions", "recovery_items"):
        assert store.connection.value(f"select count(*) from {table}") == 0, table


def test_confidential_notes_stay_out_of_the_export_and_its_privacy_check(store, session,
                                                                           playbook, tmp_path):
    kept = store.notes.add(session.id, "q2", "Shared with the whole team")
    secret = store.notes.add(session.id, "q2", "Mrs Alvarez in bed 4 complained")
    store.notes.set_confidential(secret.id, True)
    assert exportable_view(store, session.id).notes == [store.notes.get(kept.id)]
    target = export_session(store, playbook, session.id, tmp_path / "guide.docx")
    document = Document(target)
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "Shared with the whole team" in text and "Alvarez" not in text


def test_a_later_session_sees_the_last_ones_open_assignments(store, playbook):
    def session(department, day):
        return store.sessions.create(department, first_step=playbook.meeting1[0].id,
                                    meeting_date=day)

    first = session("Cardiology", date(2026, 3, 2))
    last = session(" cardiology ", date(2026, 6, 1))
    other = session("Oncology", date(2026, 7, 1))
    for what, done in (("Order vouchers", ""), ("Print the card", "yes"), ("", "")):
        store.guide.add_item(last.id, "assignments", {"what": what, "who": "Ana", "done": done})
    store.guide.add_item(first.id, "assignments", {"what": "Older promise"})
    later = session("CARDIOLOGY", date(2026, 11, 20))
    found_in, still_open = store.guide.open_assignments_before(later.id)
    assert found_in.id == last.id
    assert [item.get("what") for item in still_open] == ["Order vouchers"]
    assert store.guide.open_assignments_before(other.id) is None  # another department
    assert store.guide.open_assignments_before(first.id) is None  # nothing came before it

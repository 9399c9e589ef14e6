"""The guide editor's records: the conversions between form text and what the store keeps."""

from datetime import date

import pytest
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.guide_model import SECTIONS, FeedbackKind, section_spec
from svcrec_desktop.store.records import (
    AfterRecords,
    FeedbackRecords,
    RegisterRecords,
    SectionRecords,
    parse_money,
    section_choices,
)


@pytest.fixture
def session_id(store, playbook):
    return store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id).id


@pytest.mark.parametrize(("typed", "cents"), [
    ("12", 1200), ("12.5", 1250), ("12,50", 1250), (" 7.05 ", 705), ("", 0), ("0", 0),
])
def test_values_are_read_as_people_type_them(typed, cents):
    assert parse_money(typed) == cents


@pytest.mark.parametrize("typed", ["abc", "12.505", "-3", "1e3", "12 50", "€12"])
def test_a_value_that_is_not_one_says_how_to_write_it(typed):
    with pytest.raises(ValueError, match=r"12\.50"):
        parse_money(typed)


def test_a_list_section_adds_updates_moves_deletes_and_restores(store, session_id):
    records = SectionRecords(store, session_id, section_spec("offers"))
    first = records.add({"offer": "Meal voucher"}, from_note="n1")
    second = records.add()
    records.update(second, "offer", "Parking pass")
    records.update(second, "limit", "one a day")
    records.move(second, 0)
    shown = records.records()
    assert [r.fields.get("offer") for r in shown] == ["Parking pass", "Meal voucher"]
    assert shown[1].from_note == "n1" and shown[0].fields["limit"] == "one a day"
    records.delete(first)
    assert [r.id for r in records.records()] == [second]
    records.restore(first)
    assert {r.id for r in records.records()} == {first, second}


def test_a_single_section_is_made_by_its_first_change(store, session_id):
    records = SectionRecords(store, session_id, section_spec("logistics"))
    assert records.single and records.records() == []
    records.update(0, "guide_kept", "Binder at the nurses' station")
    records.update(0, "receipts", "To the unit clerk on Fridays")
    (only,) = records.records()
    assert only.fields == {"guide_kept": "Binder at the nurses' station",
                           "receipts": "To the unit clerk on Fridays"}


def test_feedback_keeps_kind_section_and_response(store, session_id, playbook):
    records = FeedbackRecords(store, session_id, playbook)
    feedback_id = records.add({"text": "Nothing about night shifts"})
    records.update(feedback_id, "kind", "off")
    records.update(feedback_id, "section", "escalation")
    records.update(feedback_id, "response", "Added the night manager's number")
    (said,) = store.feedback.of_session(session_id)
    assert (said.kind, said.section, said.text, said.response) == (
        FeedbackKind.OFF, "escalation", "Nothing about night shifts",
        "Added the night manager's number")
    assert section_choices(playbook)[0][1] == ""  # the guide as a whole comes first
    assert [sid for _title, sid in section_choices(playbook)[1:]] == [s.id for s in SECTIONS]


def test_the_register_reads_and_writes_values_dates_and_receipts(store, session_id):
    records = RegisterRecords(store, session_id)
    item_id = records.add({"item": "Meal voucher"})
    records.check("value", "8,5")
    records.update(item_id, "value", "8,5")
    records.update(item_id, "given_on", "2026-11-03")
    records.update(item_id, "receipt", "yes")
    with pytest.raises(ValueError):
        records.check("value", "eight")
    (shown,) = records.records()
    assert shown.fields["value"] == "8.50" and shown.fields["receipt"] == "yes"
    (stored,) = store.register.items(session_id)
    assert (stored.value_cents, stored.given_on, stored.receipt) == (850, date(2026, 11, 3), True)
    records.delete(item_id)
    assert records.records() == []
    records.restore(item_id)
    assert store.register.monthly_totals(session_id) == [("2026-11", 1, 850)]


def test_the_closing_page_fields_live_on_the_session(store, session_id):
    records = AfterRecords(store, session_id)
    records.update(session_id, "help_contact", "Patient relations, ext. 4400")
    records.update(session_id, "reflection", "Quiet start, lively second half")
    records.update(session_id, "owner", "Nurse manager, 4 West")
    records.update(session_id, "approved_by", "Director of nursing")
    records.update(session_id, "approved_on", "2028-02-29")
    assert records.records()[0].fields == {
        "owner": "Nurse manager, 4 West", "approved_by": "Director of nursing",
        "approved_on": "2028-02-29", "review_on": "",
        "help_contact": "Patient relations, ext. 4400",
        "reflection": "Quiet start, lively second half"}
    session = store.sessions.get(session_id)
    assert (session.approved_on, session.review_on, session.next_review) == (
        date(2028, 2, 29), None, date(2029, 2, 28))
    records.update(session_id, "review_on", "2028-09-01")
    assert store.sessions.get(session_id).next_review == date(2028, 9, 1)
    records.update(session_id, "review_on", "")  # emptied: a year after approval again
    assert store.sessions.get(session_id).review_on is None
    with pytest.raises(TypeError):
        records.add()


def test_an_empty_review_date_says_when_it_falls(store, session_id):
    records = AfterRecords(store, session_id)
    assert records.empty_texts({"approved_on": ""}) == {"review_on": "a year after approval"}
    assert records.empty_texts({"approved_on": "2026-12-04"}) == {
        "review_on": "4 December 2027, a year after approval"}
    with pytest.raises(ValueError):
        records.check("approved_on", "4/12/2026")


def test_a_mistake_offers_the_sessions_finding_themes(store, session_id):
    records = SectionRecords(store, session_id, section_spec("mistakes"))
    assert [f.name for f in records.fields][:2] == ["mistake", "theme"]
    assert [f.name for f in records.fields if f.suggested] == ["theme"]
    assert records.suggestions() == {"theme": []}
    store.findings.add(session_id, [{"theme": "Waiting without updates", "count": 9},
                                    {"theme": " Noise at night ", "count": 4},
                                    {"theme": "Waiting without updates", "count": 1}])
    assert records.suggestions() == {"theme": ["Waiting without updates", "Noise at night"]}
    item = records.add({"mistake": "No word during a long wait"})
    records.update(item, "theme", "Waiting without updates")
    assert store.guide.item(item).get("theme") == "Waiting without updates"
    assert SectionRecords(store, session_id, section_spec("offers")).suggestions() == {}


def test_a_mistake_written_before_themes_keeps_working(store, session_id):
    old = store.guide.add_item(session_id, "mistakes", {"mistake": "Lost glasses"})
    records = SectionRecords(store, session_id, section_spec("mistakes"))
    (shown,) = records.records()
    assert shown.fields == {"mistake": "Lost glasses"} and old.get("theme") == ""
    records.update(old.id, "theme", "Belongings")
    assert store.guide.item(old.id).fields == {"mistake": "Lost glasses", "theme": "Belongings"}


@pytest.mark.parametrize("text", list(HOSTILE_TEXTS.values()), ids=list(HOSTILE_TEXTS))
def test_hostile_text_is_kept_exactly_in_every_kind_of_record(store, session_id, playbook,
                                                               text):
    section = SectionRecords(store, session_id, section_spec("mistakes"))
    item = section.add()
    section.update(item, "make_right", text)
    feedback = FeedbackRecords(store, session_id, playbook)
    said = feedback.add({"text": text})
    register = RegisterRecords(store, session_id)
    row = register.add()
    register.update(row, "reason", text)
    AfterRecords(store, session_id).update(session_id, "reflection", text)
    assert section.records()[0].fields["make_right"] == text
    assert feedback.records()[0].fields["text"] == text and said
    assert register.records()[0].fields["reason"] == text
    assert store.sessions.get(session_id).reflection == text

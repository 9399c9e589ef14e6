"""Document control: who owns the guide, who approved it and when, and when it is reviewed."""

import json
from datetime import date, datetime, timedelta

import pytest
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.model import Session, a_year_on, long_date
from svcrec_desktop.files.session_file import export_session_file, import_session_file

WHEN = datetime(2026, 12, 4, 9, 30)


def session_with(**dates) -> Session:
    return Session(1, "Cardiology", "", "", date(2026, 11, 3), "q2", WHEN, WHEN, **dates)


@pytest.mark.parametrize(("approved_on", "review_on", "next_review"), [
    (None, None, None),
    (date(2026, 12, 4), None, date(2027, 12, 4)),
    (date(2028, 2, 29), None, date(2029, 2, 28)),  # no 29 February next year
    (date(2026, 12, 4), date(2027, 6, 1), date(2027, 6, 1)),  # a date set wins
    (None, date(2027, 6, 1), date(2027, 6, 1)),
])
def test_the_next_review_is_the_date_set_else_a_year_after_approval(approved_on, review_on,
                                                                     next_review):
    session = session_with(approved_on=approved_on, review_on=review_on)
    assert session.next_review == next_review


def test_dates_are_written_one_way():
    assert long_date(date(2026, 12, 4)) == "4 December 2026"
    assert long_date(WHEN) == "4 December 2026"
    assert a_year_on(date(2027, 3, 1)) == date(2028, 3, 1)


def test_the_store_keeps_sets_and_empties_document_control(store):
    session = store.sessions.create("Cardiology", first_step="welcome")
    assert (session.owner, session.approved_by, session.approved_on, session.review_on) == (
        "", "", None, None)
    store.sessions.update(session.id, owner=HOSTILE_TEXTS["right to left"],
                         approved_by=HOSTILE_TEXTS["lone surrogate"],
                         approved_on=date(2026, 12, 4), review_on=date(2027, 6, 1),
                         meeting2_date=date(2026, 12, 10))
    kept = store.sessions.get(session.id)
    assert (kept.owner, kept.approved_by, kept.approved_on, kept.review_on) == (
        HOSTILE_TEXTS["right to left"], HOSTILE_TEXTS["lone surrogate"], date(2026, 12, 4),
        date(2027, 6, 1))
    store.sessions.update(session.id, owner="Nurse manager")  # a date left None is unchanged
    assert store.sessions.get(session.id).review_on == date(2027, 6, 1)
    for name in ("review_on", "meeting2_date"):
        store.sessions.set_date(session.id, name, None)
    emptied = store.sessions.get(session.id)
    assert (emptied.review_on, emptied.meeting2_date, emptied.next_review) == (
        None, None, date(2027, 12, 4))
    store.sessions.set_date(session.id, "approved_on", date(2027, 1, 5))
    assert store.sessions.get(session.id).approved_on == date(2027, 1, 5)
    with pytest.raises(TypeError):
        store.sessions.set_date(session.id, "meeting_date", None)  # never empty


def test_document_control_travels_in_a_session_file_and_the_newer_copy_wins(laptops,
                                                                            tmp_path):
    first, second = laptops
    session = first.sessions.create("Cardiology", first_step="welcome")
    first.sessions.update(session.id, owner="Nurse manager", approved_by="Director",
                         approved_on=date(2026, 12, 4), review_on=date(2027, 6, 1))
    carried = tmp_path / "s.svcrec.json"
    export_session_file(first, session.id, carried)
    data = json.loads(carried.read_text(encoding="ascii"))["session"]
    assert (data["owner"], data["approved_on"], data["review_on"]) == (
        "Nurse manager", "2026-12-04", "2027-06-01")
    copy = import_session_file(second, carried).session_id
    there = second.sessions.get(copy)
    assert (there.owner, there.approved_by, there.approved_on, there.review_on) == (
        "Nurse manager", "Director", date(2026, 12, 4), date(2027, 6, 1))
    # The second laptop empties the review date later: the merge back empties it too.
    second.sessions.set_date(copy, "review_on", None)
    moment = datetime.now().astimezone()  # stamps are to the second: set them apart
    first.connection.update("sessions", session.id, {
        "updated_at": (moment - timedelta(minutes=10)).isoformat()})
    second.connection.update("sessions", copy, {
        "updated_at": (moment - timedelta(minutes=5)).isoformat()})
    export_session_file(second, copy, carried)
    assert import_session_file(first, carried).details_updated
    back = first.sessions.get(session.id)
    assert (back.review_on, back.next_review) == (None, date(2027, 12, 4))


def test_a_file_from_before_document_control_imports(laptops, tmp_path):
    first, second = laptops
    session = first.sessions.create("Cardiology", first_step="welcome")
    carried = tmp_path / "s.svcrec.json"
    export_session_file(first, session.id, carried)
    data = json.loads(carried.read_text(encoding="ascii"))
    for key in ("owner", "approved_by", "approved_on", "review_on"):
        del data["session"][key]
    carried.write_text(json.dumps(data), encoding="ascii")
    copy = second.sessions.get(import_session_file(second, carried).session_id)
    assert (copy.owner, copy.approved_on, copy.next_review) == ("", None, None)

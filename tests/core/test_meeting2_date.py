"""Meeting 2's date: one stored field, written into the invitation to meeting 2, the day of
meeting 2's agenda, and carried by session files (older files without it still read)."""

import json
from dataclasses import replace
from datetime import date

import pytest
from docx import Document

from svcrec_desktop.domain.agenda import meeting_day
from svcrec_desktop.domain.invitation import (
    NEUTRAL_SIGNATURE,
    date_in_words,
    generated_invitation,
    meeting2_invitation,
)
from svcrec_desktop.export.invitation import export_invitation
from svcrec_desktop.files.session_file import export_session_file, import_session_file
from svcrec_desktop.store.database import Store

MEETING1, MEETING2 = date(2026, 11, 19), date(2026, 12, 10)


def create(store: Store, department: str = "Emergency Department"):
    return store.sessions.create(department, first_step="welcome", facilitator="Dana Reyes",
                                 meeting_date=MEETING1)


def test_the_date_is_stored_changed_and_emptied(store):
    session = create(store)
    assert session.meeting2_date is None
    assert store.sessions.update(session.id, meeting2_date=MEETING2).meeting2_date == MEETING2
    assert store.sessions.get(session.id).meeting2_date == MEETING2
    assert store.sessions.set_date(session.id, "meeting2_date", None).meeting2_date is None


def test_the_invitation_to_meeting_2_waits_for_its_date_then_names_it(store, playbook):
    session = create(store)
    assert meeting2_invitation(session, playbook) == ""  # nothing to invite people to yet
    session = store.sessions.update(session.id, meeting2_date=MEETING2)
    text = meeting2_invitation(session, playbook)
    subject, blank, *body = text.split("\n")
    when = date_in_words(MEETING2)
    assert subject.startswith("Emergency Department") and subject.endswith(when)
    assert blank == "" and body[0] == "Dear colleagues,"
    assert when in "\n".join(body) and date_in_words(MEETING1) not in text
    assert body[-2:] == ["Thank you,", "Dana Reyes"]
    assert "{" not in text and "}" not in text
    assert meeting2_invitation(replace(session, facilitator=" "), playbook).endswith(
        f"\n{NEUTRAL_SIGNATURE}")
    assert when not in generated_invitation(session, playbook)  # meeting 1's is about meeting 1


def test_the_agenda_holds_each_meeting_on_its_day(store):
    session = create(store)
    assert (meeting_day(session, 1), meeting_day(session, 2)) == (MEETING1, None)
    session = store.sessions.update(session.id, meeting2_date=MEETING2)
    assert (meeting_day(session, 1), meeting_day(session, 2)) == (MEETING1, MEETING2)
    with pytest.raises(ValueError, match="no meeting 3"):
        meeting_day(session, 3)


def test_the_date_travels_in_a_session_file_and_an_older_file_still_reads(laptops, tmp_path):
    first, second = laptops
    session = create(first)
    first.sessions.update(session.id, meeting2_date=MEETING2)
    carried = tmp_path / "s.svcrec.json"
    export_session_file(first, session.id, carried)
    data = json.loads(carried.read_text(encoding="ascii"))
    assert data["session"]["meeting2_date"] == MEETING2.isoformat()
    copy = import_session_file(second, carried).session_id
    assert second.sessions.get(copy).meeting2_date == MEETING2
    del data["session"]["meeting2_date"]  # written before the date was carried
    older = tmp_path / "older.svcrec.json"
    older.write_text(json.dumps(data), encoding="ascii")
    third = Store.open(tmp_path / "c")
    try:
        fresh = import_session_file(third, older).session_id
        assert third.sessions.get(fresh).meeting2_date is None
        assert third.sessions.get(fresh).meeting_date == MEETING1
    finally:
        third.close()


def test_the_letter_to_meeting_2_says_so_in_its_properties(store, playbook, tmp_path):
    session = store.sessions.update(create(store).id, meeting2_date=MEETING2)
    written = export_invitation(meeting2_invitation(session, playbook), session,
                                tmp_path / "letter.docx", meeting=2)
    document = Document(written)
    assert document.core_properties.subject == "Invitation to meeting 2 · Emergency Department"
    assert document.paragraphs[0].text == meeting2_invitation(session, playbook).split("\n")[0]

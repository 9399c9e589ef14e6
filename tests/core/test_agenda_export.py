"""The facilitator's record's "Time per step": planned against actual time, read back with
python-docx. The managers' guide never shows it."""

from datetime import date

import pytest
from docx import Document

from svcrec_desktop.domain.agenda import Agenda
from svcrec_desktop.domain.page_format import PageFormat
from svcrec_desktop.export.guide import export_session
from svcrec_desktop.export.record import TIMES_TITLE, export_record
from svcrec_desktop.export.source import ExportOptions, exportable_view


@pytest.fixture
def session(store):
    return store.sessions.create("Cardiology", first_step="welcome",
                                meeting_date=date(2026, 11, 3))


def export(store, playbook, session, path):
    """The facilitator's record, where the times are."""
    view = exportable_view(store, session.id)
    return Document(export_record(view, playbook, path, PageFormat()))


def time_tables(document) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows]
            for table in document.tables if table.rows[0].cells[0].text == "Step"]


def test_each_timed_meeting_has_planned_and_actual_times_with_totals(store, playbook, session,
                                                                     tmp_path):
    store.agenda.set_meeting_length(session.id, 1, 45)
    store.agenda.set_step_minutes(session.id, "q2", 12)
    store.times.add(session.id, "welcome", 200)
    store.times.add(session.id, "q2", 12 * 60 + 30.6)
    store.times.add(session.id, "q5", 3600 + 65)
    document = export(store, playbook, session, tmp_path / "record.docx")
    texts = [p.text for p in document.paragraphs]
    assert TIMES_TITLE in [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "Meeting 1, planned for 45 minutes" in texts
    assert not any(t.startswith("Meeting 2, planned") for t in texts)  # meeting 2 not timed
    (table,) = time_tables(document)
    planned = Agenda(45, {"q2": 12}).minutes(playbook.meeting1)
    assert table[0] == ["Step", "Planned", "Actual"]
    assert table[1:-1] == [
        [f"{n}. {s.title}", f"{planned[s.id]} min",
         {"welcome": "3 min 20 s", "q2": "12 min 30 s", "q5": "1 h 1 min 5 s"}.get(s.id, "—")]
        for n, s in enumerate(playbook.meeting1, 1)]
    assert table[-1] == ["Total", "45 min", "1 h 16 min 55 s"]
    timed = document.tables[[t.rows[0].cells[0].text for t in document.tables].index("Step")]
    assert all(run.bold for cell in timed.rows[-1].cells for run in cell.paragraphs[0].runs)
    assert all(cell.paragraphs[0].paragraph_format.keep_with_next  # kept on one page
               for row in timed.rows[:-1] for cell in row.cells)


def test_meeting_2_gets_its_own_table_at_the_playbooks_length(store, playbook, session,
                                                              tmp_path):
    store.times.add(session.id, "q1", 60)
    store.times.add(session.id, "m2-present", 9 * 60)
    document = export(store, playbook, session, tmp_path / "record.docx")
    first, second = time_tables(document)
    suggested = sum(s.minutes for s in playbook.meeting2)
    assert f"Meeting 2, planned for {suggested} minutes" in [p.text for p in document.paragraphs]
    assert [row[1] for row in second[1:-1]] == [f"{s.minutes} min" for s in playbook.meeting2]
    assert second[-1] == ["Total", f"{suggested} min", "9 min"]
    assert first[-1][2] == "1 min"


def test_the_record_says_when_nothing_was_timed_and_the_guide_never_shows_times(
        store, playbook, session, tmp_path):
    untimed = export(store, playbook, session, tmp_path / "untimed.docx")
    assert "No step was timed." in [p.text for p in untimed.paragraphs]
    assert time_tables(untimed) == []
    store.times.add(session.id, "q1", 60)
    guide = Document(export_session(store, playbook, session.id, tmp_path / "guide.docx",
                                    ExportOptions(include_notes=True, include_register=True)))
    assert TIMES_TITLE not in [p.text for p in guide.paragraphs]
    assert time_tables(guide) == []

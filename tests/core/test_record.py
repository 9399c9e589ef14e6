"""The facilitator's record: every note, the parking lot, the times, meeting 2's feedback and
how it went, in a document of its own for the facilitator, checked like every export."""

import subprocess
import sys
import zipfile
from datetime import date

import pytest
from docx import Document
from docx.shared import Cm, Inches

from svcrec_desktop.domain.guide_model import FeedbackKind
from svcrec_desktop.domain.model import Phase
from svcrec_desktop.domain.page_format import PageFormat
from svcrec_desktop.export.docx_text import xml_safe
from svcrec_desktop.export.meeting_notes import NOT_ADDRESSED, NOTHING_SAID
from svcrec_desktop.export.record import RECORD_MARK, RECORD_TITLE, build_record, export_record
from svcrec_desktop.export.source import exportable_view, record_texts


def everything(document) -> str:
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


@pytest.fixture
def session(store):
    made = store.sessions.create("Cardiology", first_step="welcome", facilitator="Dana Reyes",
                                note_taker="Sam Lee", meeting_date=date(2026, 11, 3))
    store.sessions.update(made.id, reflection="Lively.\nThe night staff came.",
                         meeting2_date=date(2026, 11, 24))
    store.sessions.set_phase(made.id, Phase.MEETING2)
    said = store.notes.add(made.id, "q2", "Call lights at shift change", tags=("theme",))
    store.actions.add(made.id, said.uid, "Stagger the handover", owner="Charge nurse",
                     due=date(2026, 12, 1))
    parked = store.notes.add(made.id, "q4", "Parking fees", parked=True)
    store.actions.add(made.id, parked.uid, "Ask facilities")
    private = store.notes.add(made.id, "q2", "PRIVATEWORD in bed 12")
    store.notes.set_confidential(private.id, True)
    answered = store.feedback.add(made.id, FeedbackKind.MISSING, "Night shift receipts?",
                                  "logistics")
    store.feedback.update(answered.id, response="The drawer envelope.")
    store.feedback.add(made.id, FeedbackKind.OFF, "Too long", "")
    store.times.add(made.id, "q2", 600)
    return made


def record(store, playbook, session, made_at=None):
    from datetime import datetime

    return build_record(exportable_view(store, session.id), playbook, PageFormat(),
                        made_at or datetime(2026, 11, 25, 9, 0).astimezone())


def test_the_record_holds_what_the_guide_leaves_out(store, playbook, session):
    document = record(store, playbook, session)
    assert document.paragraphs[0].text == RECORD_TITLE
    assert [p.text for p in document.sections[0].header.paragraphs] == [RECORD_MARK]
    details = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert details[:3] == [["Department", "Cardiology", "Phase", "Meeting 2"],
                           ["Meeting 1", "3 November 2026", "Meeting 2", "24 November 2026"],
                           ["Facilitator", "Dana Reyes", "Note-taker", "Sam Lee"]]
    assert headings(document, 1) == ["How it went", "Notes by step", "Parking lot",
                                     "Time per step"]
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("How it went") + 1:][:2] == ["Lively.", "The night staff came."]
    text = everything(document)
    for shown in ("Call lights at shift change", "Tags: Theme",
                  "Action: Stagger the handover · Who: Charge nurse · By 1 December 2026",
                  "Parking fees", "Action: Ask facilities", "Meeting 1, planned for",
                  "10 min", "Night shift receipts?", "The drawer envelope.", "Too long",
                  NOT_ADDRESSED):
        assert shown in text, shown
    assert "PRIVATEWORD" not in text and "bed 12" not in text  # kept out of every export


def test_feedback_shows_under_the_step_that_asked_for_it(store, playbook, session):
    document = record(store, playbook, session)
    blocks = list(document.iter_inner_content())
    titles = [getattr(b, "text", None) for b in blocks]
    for step_id, said in (("m2-missing", "Night shift receipts?"), ("m2-off", "Too long")):
        step = playbook.step(step_id)
        at = titles.index(f"Meeting 2 · {playbook.meeting2.index(step) + 1}. {step.title}")
        table = blocks[at + 1]
        assert [c.text for c in table.rows[0].cells] == ["About", "What was said",
                                                         "What we did"]
        assert said in [c.text for r in table.rows for c in r.cells]
        assert getattr(blocks[at + 2], "text", "") != NOTHING_SAID
    right = playbook.step("m2-right")
    at = titles.index(f"Meeting 2 · {playbook.meeting2.index(right) + 1}. {right.title}")
    assert titles[at + 1] == NOTHING_SAID  # nothing was said there: it says so


def test_the_privacy_check_reads_exactly_what_the_record_writes(store, playbook, session,
                                                                tmp_path):
    view = exportable_view(store, session.id)
    written = Document(export_record(view, playbook, tmp_path / "r.docx", PageFormat()))
    text = everything(written)
    listed = record_texts(view, playbook)
    assert {t.text for t in listed} >= {"Call lights at shift change", "Parking fees",
                                       "Ask facilities", "Stagger the handover",
                                       "Charge nurse", "Too long", "The drawer envelope.",
                                       "Lively.\nThe night staff came."}
    for typed in listed:
        for line in xml_safe(typed.text).splitlines():
            assert line in text, typed.where
    with zipfile.ZipFile(tmp_path / "r.docx") as package:
        assert not any(b"PRIVATEWORD" in package.read(name) for name in package.namelist())


def test_an_empty_session_says_what_is_not_there_yet(store, playbook):
    empty = store.sessions.create("Cardiology", first_step="welcome")
    document = record(store, playbook, empty)
    texts = [p.text for p in document.paragraphs]
    for line in ("Nothing was parked.", "No step was timed.", NOTHING_SAID):
        assert line in texts
    assert any(t.startswith("Nothing written yet.") for t in texts)
    assert not any(t.startswith("Meeting 2 ·") for t in headings(document, 2))


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "svcrec_desktop", *args],
                          capture_output=True, text=True, timeout=120)


def test_the_command_line_writes_the_record_on_the_paper_asked(store, session, data_dir,
                                                               tmp_path):
    store.close()
    folder = ["--data-dir", str(data_dir), "record", "--session", str(session.id)]
    for paper, width in (("A4", Cm(21.0)), ("Letter", Inches(8.5))):
        out = tmp_path / f"{paper}.docx"
        done = cli(*folder, "--out", str(out), "--paper", paper)
        assert done.returncode == 0 and done.stdout.strip() == str(out), done.stderr
        document = Document(out)
        assert abs(document.sections[0].page_width - width) < Cm(0.01)
        assert "Parking fees" in everything(document)
    wrong = cli(*folder, "--out", str(tmp_path / "x.docx"), "--paper", "A5")
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr

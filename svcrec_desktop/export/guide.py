"""The department guide as a Word document: title page, drafted sections, notes appendix.

Every note that is not deleted appears in the appendix, including notes whose step a
department has since removed from its playbook: the export never drops a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import docx
from docx.document import Document

from svcrec_desktop.export.docx_text import add_text
from svcrec_desktop.export.styles import (
    CALLOUT,
    MUTED,
    SMALL_LABEL,
    add_footer,
    apply_house_style,
    set_properties,
    style_table,
)
from svcrec_desktop.model import Note, Session
from svcrec_desktop.playbook import GuideSection, Playbook

DRAFT_NOTICE = (
    "This is a first draft, put together from what the team said in meeting 1. Each section "
    "below shows what it should contain and the notes that feed it. Complete the sections, "
    "then present the draft at meeting 2 and ask the team what is missing, what feels off "
    "and what feels right."
)
ABOUT = (
    "This guide sets out how our department puts things right when a patient's experience "
    "goes wrong: the mistakes we see most, how we make each one right, what any of us may do "
    "on the spot without asking first, the resources we want, and the next steps. It was "
    "written with the whole team."
)
TIME_WIDTH_CM, NOTE_WIDTH_CM = 2.2, 14.3


def _notes_by_step(notes: Sequence[Note]) -> dict[str, list[Note]]:
    grouped: dict[str, list[Note]] = {}
    for note in sorted(notes, key=lambda n: (n.created_at, n.id)):
        grouped.setdefault(note.step_id, []).append(note)
    return grouped


def _title_page(document: Document, session: Session, exported_at: datetime) -> None:
    title = document.add_paragraph(style="Title")
    add_text(title, session.guide_title)
    document.add_paragraph("First draft from meeting 1", style="Subtitle")
    details = [
        ("Department", session.department),
        ("Meeting 1", f"{session.meeting_date:%d %B %Y}".lstrip("0")),
        ("Facilitator", session.facilitator or "—"),
        ("Note-taker", session.note_taker or "—"),
        ("Exported", f"{exported_at:%d %B %Y, %H:%M}".lstrip("0")),
    ]
    table = document.add_table(rows=0, cols=2)
    for label, value in details:
        cells = table.add_row().cells
        add_text(cells[0].paragraphs[0], label, bold=True)
        add_text(cells[1].paragraphs[0], value)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = docx.shared.Cm(4), docx.shared.Cm(12.5)
    document.add_paragraph()
    document.add_paragraph(DRAFT_NOTICE, style=CALLOUT)
    document.add_heading("About this guide", level=2)
    document.add_paragraph(ABOUT)


def _new_page_heading(document: Document, text: str) -> None:
    document.add_heading(text, level=1).paragraph_format.page_break_before = True


def _section(document: Document, section: GuideSection, grouped: dict[str, list[Note]],
             playbook: Playbook, first: bool) -> None:
    if first:
        _new_page_heading(document, section.title)
    else:
        document.add_heading(section.title, level=1)
    callout = document.add_paragraph(style=CALLOUT)
    callout.add_run("Draft — to complete. ").bold = True
    callout.add_run(section.guidance)
    document.add_paragraph("What the team said", style=SMALL_LABEL)
    several = len(section.from_steps) > 1
    said = [(step_id, note) for step_id in section.from_steps for note in grouped.get(step_id, [])]
    if not said:
        document.add_paragraph().add_run("No notes were taken for this yet.").italic = True
    bullet_style = document.styles["List Bullet"].style_id
    for step_id, note in said:
        bullet = document.add_paragraph()
        bullet._p.style = bullet_style  # by id: python-docx's lookup by name scans every style
        add_text(bullet, note.text)
        step = playbook.step(step_id)
        if several and step is not None:
            tag = bullet.add_run(f"  ({step.title.split(' · ')[0]})")
            tag.font.color.rgb = MUTED


def _notes_table(document: Document, notes: list[Note]) -> None:
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].paragraphs[0].add_run("Time")
    table.rows[0].cells[1].paragraphs[0].add_run("Note")
    for note in notes:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(f"{note.created_at:%H:%M}")
        add_text(cells[1].paragraphs[0], note.text)
    style_table(table, [TIME_WIDTH_CM, NOTE_WIDTH_CM])


def _appendix(document: Document, grouped: dict[str, list[Note]], playbook: Playbook) -> None:
    _new_page_heading(document, "Appendix: meeting 1 notes")
    document.add_paragraph("Every note taken during meeting 1, by step, in the order it was taken.")
    for number, step in enumerate(playbook.meeting1, 1):
        document.add_heading(f"{number}. {step.title}", level=2)
        if step.id in grouped:
            _notes_table(document, grouped[step.id])
        else:
            document.add_paragraph().add_run("No notes were taken for this step.").italic = True
    known = {step.id for step in playbook.meeting1}
    orphans = [n for step_id, notes in grouped.items() if step_id not in known for n in notes]
    if orphans:
        document.add_heading("Notes from steps no longer in the playbook", level=2)
        _notes_table(document, sorted(orphans, key=lambda n: (n.created_at, n.id)))


def build_guide(session: Session, notes: Sequence[Note], playbook: Playbook,
                exported_at: datetime) -> Document:
    """The whole guide for one session, ready to save."""
    document = docx.Document()
    apply_house_style(document)
    set_properties(document, title=session.guide_title, author=session.facilitator,
                   when=exported_at)
    add_footer(document, session.guide_title, playbook.source)
    grouped = _notes_by_step(notes)
    _title_page(document, session, exported_at)
    for index, section in enumerate(playbook.guide):
        _section(document, section, grouped, playbook, first=index == 0)
    _appendix(document, grouped, playbook)
    return document

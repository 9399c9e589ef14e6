"""The facilitator's record: what the room said and how the meetings went, for the facilitator.

Everything the managers' guide leaves out: every note by step with its tags and action items,
meeting 2's feedback under the steps that asked for it, the parking lot, the time each step
took against the plan, and the facilitator's own reflection. Made from the same exportable
view as every export, so a note kept out of exports is never in it; marked on every page as
not for circulation.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document

from svcrec_desktop.domain.model import long_date
from svcrec_desktop.domain.page_format import PageFormat
from svcrec_desktop.domain.playbook import Playbook
from svcrec_desktop.export.atomic import save_atomically
from svcrec_desktop.export.docx_text import add_text
from svcrec_desktop.export.guide import details_grid
from svcrec_desktop.export.meeting_notes import (
    add_notes_by_step,
    add_parking_lot,
    add_times,
    intro,
    italic_line,
)
from svcrec_desktop.export.source import GuideSource
from svcrec_desktop.export.styles import (
    add_footer,
    add_footer_line,
    add_page_mark,
    apply_house_style,
    set_properties,
)

RECORD_TITLE = "Facilitator’s record"
RECORD_MARK = "Facilitator’s record — not for circulation"
INTRO = (
    "For the facilitator: the notes as they were taken, the points parked for later, the time "
    "each step took and how it went. The department's guide is the document to share with "
    "managers and staff; this one stays with you."
)
REFLECTION_TITLE = "How it went"
NOTES_TITLE = "Notes by step"
PARKING_TITLE = "Parking lot"
TIMES_TITLE = "Time per step"


def record_file_title(department: str) -> str:
    """What the record is called, where a file name is made from it."""
    return f"{RECORD_TITLE} – {department}"


def _details(document: Document, view: GuideSource, made_at: datetime) -> None:
    session = view.session
    details_grid(document, [
        ("Department", session.department), ("Phase", session.phase.label),
        ("Meeting 1", long_date(session.meeting_date)),
        ("Meeting 2", long_date(session.meeting2_date) if session.meeting2_date
         else "Not set yet"),
        ("Facilitator", session.facilitator), ("Note-taker", session.note_taker),
        ("Made on", long_date(made_at))])


def _reflection(document: Document, reflection: str) -> None:
    document.add_heading(REFLECTION_TITLE, level=1)
    if not reflection.strip():
        italic_line(document, "Nothing written yet. The guide page has a place for it, "
                              "under “After the session”.")
        return
    for line in reflection.splitlines():
        add_text(document.add_paragraph(), line)


def build_record(view: GuideSource, playbook: Playbook, page: PageFormat,
                 made_at: datetime) -> Document:
    """The whole record, ready to save."""
    session = view.session
    document = docx.Document()
    apply_house_style(document, page=page)
    set_properties(document, title=f"{RECORD_TITLE}: {session.department}",
                   author=session.facilitator, when=made_at,
                   subject="A service recovery session, for the facilitator", status="")
    add_footer(document, f"{session.department} · {RECORD_TITLE} · {long_date(made_at)}",
               playbook.source)
    add_footer_line(document, page.footer_line)
    add_page_mark(document, RECORD_MARK)
    add_text(document.add_paragraph(style="Title"), RECORD_TITLE)
    add_text(document.add_paragraph(style="Subtitle"), f"The session behind {session.guide_title}")
    document.add_paragraph(INTRO)
    _details(document, view, made_at)
    _reflection(document, session.reflection)
    document.add_heading(NOTES_TITLE, level=1)
    add_notes_by_step(document, view, playbook)
    document.add_heading(PARKING_TITLE, level=1)
    intro(document, "Points raised that were off the topic of the moment, kept to come back "
                    "to later, with the step where each came up.")
    if not add_parking_lot(document, view, playbook):
        italic_line(document, "Nothing was parked.")
    document.add_heading(TIMES_TITLE, level=1)
    intro(document, "How long each step was planned to take, and the time it took.")
    if not add_times(document, view, playbook):
        italic_line(document, "No step was timed.")
    return document


def export_record(view: GuideSource, playbook: Playbook, target: Path, page: PageFormat
                  ) -> Path:
    """Write the record to target atomically; ExportError with a plain reason if not."""
    target = Path(target)
    document = build_record(view, playbook, page, datetime.now().astimezone())
    save_atomically(document, target, what="the facilitator’s record")
    return target

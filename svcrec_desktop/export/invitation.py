"""The invitation as a one-page Word letter, for facilitators who print it or attach it.

The text is the one the facilitator sees in the window, edits included: its first line is the
subject and becomes the heading, blank lines separate paragraphs and a single line break stays
a line break. The guide's house style is reused so both documents look like one family.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.shared import Pt

from svcrec_desktop.domain.model import Session
from svcrec_desktop.domain.page_format import PageFormat
from svcrec_desktop.export.atomic import ExportError, save_atomically
from svcrec_desktop.export.docx_text import add_text, xml_safe
from svcrec_desktop.export.styles import add_footer_line, apply_house_style, set_properties

__all__ = ["ExportError", "build_invitation", "export_invitation", "split_invitation"]

# Blank lines, including lines holding only spaces or tabs, end a paragraph.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")
LETTER_SPACING_PT = 10  # more air between paragraphs than the guide's dense sections
def _without_blank_ends(lines: list[str]) -> list[str]:
    """The lines without the empty (or only blank) lines at their start and end."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return lines[filled[0]:filled[-1] + 1] if filled else []


def split_invitation(text: str) -> tuple[str, list[str]]:
    """The subject (first line with text) and the body's paragraphs, line breaks kept inside."""
    lines = _without_blank_ends(xml_safe(text).split("\n"))
    if not lines:
        return "", []
    body = "\n".join(_without_blank_ends(lines[1:]))
    return lines[0], [p for p in _PARAGRAPH_BREAK.split(body) if p.strip()]


def build_invitation(text: str, session: Session, written_at: datetime,
                     page: PageFormat | None = None, meeting: int = 1) -> Document:
    """The letter as a python-docx document; ExportError if there is no text to put in it.

    page None: the paper and language of this computer's locale. meeting: the meeting it
    invites to (1, set the stage, or 2), named in the file's properties."""
    subject, paragraphs = split_invitation(text)
    if not subject.strip():
        raise ExportError("The invitation is empty, so there is nothing to save. "
                          "Write it first, or reset it to the generated text.")
    document = docx.Document()
    apply_house_style(document, page)
    add_footer_line(document, page.footer_line if page else "")
    document.styles["Normal"].paragraph_format.space_after = Pt(LETTER_SPACING_PT)
    set_properties(document, title=subject, author=session.facilitator, when=written_at,
                   subject=f"Invitation to meeting {meeting} · {session.department}",
                   status="")  # a letter ready to send, not a draft like the guide
    heading = document.add_heading(level=1)
    heading.paragraph_format.space_before = Pt(0)
    add_text(heading, subject)
    for paragraph in paragraphs:
        add_text(document.add_paragraph(), paragraph)
    return document


def export_invitation(text: str, session: Session, target: Path,
                      page: PageFormat | None = None, meeting: int = 1) -> Path:
    """Write the invitation to target atomically; ExportError with a plain reason if not."""
    target = Path(target)
    save_atomically(build_invitation(text, session, datetime.now().astimezone(), page, meeting),
                    target, what="the invitation")
    return target

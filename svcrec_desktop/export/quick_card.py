"""The Level One quick card: one page staff can pin up — what to do, what to offer, who to call.

Made from the guide's own sections (the on-the-spot steps, what staff may offer, escalation),
so the card never says something the guide does not. Large type, three short blocks.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.shared import Pt

from svcrec_desktop.export.atomic import save_atomically
from svcrec_desktop.export.docx_text import add_text
from svcrec_desktop.export.styles import MUTED, add_grid, apply_house_style, set_properties
from svcrec_desktop.exporting import GuideSource
from svcrec_desktop.guide_model import on_the_spot_steps
from svcrec_desktop.model import Session, possessive

CARD_TEXT_PT = 13
NOT_AGREED = "Not agreed yet: see the department's guide."


def card_title(session: Session) -> str:
    return f"{possessive(session.department)} Level One quick card"


def _heading(document: Document, text: str) -> None:
    heading = document.add_heading(level=1)
    heading.paragraph_format.space_before = Pt(10)
    add_text(heading, text)


def build_quick_card(view: GuideSource, made_at: datetime) -> Document:
    session, content = view.session, view.content
    document = docx.Document()
    apply_house_style(document)
    for style in ("Normal", "List Number"):
        document.styles[style].font.size = Pt(CARD_TEXT_PT)
    set_properties(document, title=card_title(session), author=session.facilitator,
                   when=made_at, subject="Level One service recovery", status="")
    title = document.add_paragraph(style="Title")
    add_text(title, card_title(session))
    intro = document.add_paragraph()
    add_text(intro, "When something goes wrong for a patient, put it right now, on the spot. "
                    "You do not need to ask first for anything on this card. "
                    "Write it down afterwards so we can learn from it.")
    _heading(document, "1. What to do")
    steps = on_the_spot_steps(content.single("steps"))
    for step in steps or [NOT_AGREED]:
        add_text(document.add_paragraph(style="List Number" if steps else None), step)
    _heading(document, "2. What you may offer without asking")
    offers = content.section("offers")
    if offers:
        add_grid(document, ("Offer", "Who may offer it", "Up to"),
               [(o.get("offer"), o.get("roles"), o.get("limit")) for o in offers],
               [7.5, 5.0, 4.0])
    else:
        document.add_paragraph(NOT_AGREED)
    _heading(document, "3. When it goes further, call")
    routes = content.section("escalation")
    if routes:
        add_grid(document, ("When", "Who", "How to reach them"),
               [(r.get("when"), r.get("to_whom"), r.get("contact")) for r in routes],
               [7.5, 4.5, 4.5])
    else:
        document.add_paragraph(NOT_AGREED)
    grievance = content.single("grievance")
    if grievance is not None and grievance.get("contact"):
        note = document.add_paragraph()
        note.paragraph_format.space_before = Pt(8)
        add_text(note, f"A formal complaint goes to patient relations: {grievance.get('contact')}")
    if session.help_contact.strip():
        helper = document.add_paragraph()
        helper.paragraph_format.space_before = Pt(8)
        add_text(helper, f"For help or advice at any time: {session.help_contact.strip()}")
    footer = document.add_paragraph()
    footer.paragraph_format.space_before = Pt(12)
    run = add_text(footer, f"From {session.guide_title}, {made_at.day} {made_at:%B %Y}")
    run.font.size, run.font.color.rgb = Pt(9), MUTED
    return document


def export_quick_card(view: GuideSource, target: Path) -> Path:
    """Write the card to target atomically; ExportError with a plain reason if not."""
    target = Path(target)
    document = build_quick_card(view, datetime.now().astimezone())
    save_atomically(document, target, what="the quick card")
    return target

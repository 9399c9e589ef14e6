"""The card staff pin up: what we do on the spot when something goes wrong for a patient.

Made from the guide's own sections (the on-the-spot steps, what staff may offer, escalation,
where things are kept) and the session's help contact, so the card never says something the
guide does not. It is made from the newest final version: staff pin up what was agreed. Until
there is one it is made from the guide as it is now and says plainly that it is a draft.

The card is always exactly one page. It measures its own text (text_measure) and takes the
largest type that fits, from 13 pt down to 9 pt; below that it would no longer be read from
arm's length, so at 9 pt it leaves out the last entries of its longest parts and says where
the full list is. The steps, offers and routes run in two columns, which wastes far less room
than table columns do when an entry is a sentence or two long.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.run import Run

from svcrec_desktop import paths
from svcrec_desktop.domain.guide_model import VersionStatus, newest, on_the_spot_steps
from svcrec_desktop.domain.model import Session, long_date, possessive
from svcrec_desktop.domain.page_format import PageFormat, page_format
from svcrec_desktop.domain.playbook import Playbook, load_playbook
from svcrec_desktop.export.atomic import save_atomically
from svcrec_desktop.export.docx_text import add_text
from svcrec_desktop.export.source import GuideSource, exportable_view
from svcrec_desktop.export.styles import (
    CALLOUT,
    MUTED,
    PAPER_SIZES,
    add_footer_line,
    apply_house_style,
    set_properties,
)
from svcrec_desktop.export.text_measure import LINE_EM, line_count
from svcrec_desktop.store.database import Store

CARD_TITLE = "When something goes wrong for a patient: what we do on the spot"
KIND = "Level One quick card"  # the method's name for it, kept to the small print
NOT_AGREED = "Not agreed yet: see the department's guide."
DRAFT_MARK = ("DRAFT: no final version of the guide has been published yet, so this card "
              "shows the guide as it is today and may still change.")
INTRO = ("Put it right now, on the spot: you do not need to ask first for anything on this "
         "card. Write it down afterwards so we can all learn from it.")
SIZES_PT = (13, 12.5, 12, 11.5, 11, 10.5, 10, 9.5, 9)  # the type tried, largest first
SMALL_PRINT_PT = 8
MARGIN_CM = 1.5
GAP_CM = 0.8
LONGEST_CHARS = 4000  # more than a column holds even at 9 pt: left out from the start
SAFETY = 0.95  # the share of the page's width and height the estimate may fill
_AFTER_CONTEXTUAL = ("w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                     "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                     "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def card_file_title(session: Session) -> str:
    """What the card's file is called when it is saved: plain words, the department first."""
    return f"{possessive(session.department)} on-the-spot card"


def card_source(store: Store, session_id: int) -> GuideSource:
    """What the card is made from: the newest final version of the guide, so staff pin up
    what was agreed; the guide as it is now (and marked draft) until a final is published."""
    final = newest(store.versions.of_session(session_id), VersionStatus.FINAL)
    return exportable_view(store, session_id, final.id if final is not None else None)


# What the card says ------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One paragraph of the card: a bold lead-in, then the rest in plain type."""

    lead: str
    rest: str = ""

    @property
    def text(self) -> str:
        return self.lead + self.rest


@dataclass(frozen=True)
class Block:
    """A heading and its entries; section is the guide section that holds the full list."""

    section: str
    heading: str
    entries: tuple[Entry, ...]
    numbered: bool = False
    too_long: int = 0  # entries longer than any card could show, left out from the start

    @property
    def look(self) -> Look:
        return STEP if self.numbered else ENTRY

    def hidden(self, shown: int) -> int:
        """How many of the section's entries the card leaves out when it shows this many."""
        return self.too_long + len(self.entries) - shown


def _block(section: str, heading: str, entries: Sequence[Entry], numbered: bool = False
           ) -> Block:
    fitting = tuple(entry for entry in entries if len(entry.text) <= LONGEST_CHARS)
    return Block(section, heading, fitting, numbered, len(entries) - len(fitting))


def _entry(lead: str, *details: str) -> Entry:
    """A bold lead-in and its details after a dash: "Meal voucher — Any nurse · up to $10"."""
    rest = " · ".join(detail.strip() for detail in details if detail.strip())
    return Entry(lead.strip(), f" — {rest}" if lead.strip() and rest else rest)


def _said(text: str) -> str:
    """A value as typed, or "" for one that says nothing (blank, or only dashes)."""
    return text.strip() if text.strip(" -–—") else ""


def _offers(view: GuideSource) -> tuple[Entry, ...]:
    return tuple(_entry(offer.get("offer"), offer.get("roles"),
                        f"up to {_said(offer.get('limit'))}" if _said(offer.get("limit"))
                        else "")
                 for offer in view.filled("offers"))


def _routes(view: GuideSource) -> tuple[Entry, ...]:
    return tuple(_entry(route.get("when"), route.get("to_whom"), route.get("contact"))
                 for route in view.filled("escalation"))


def _kept(view: GuideSource) -> tuple[Entry, ...]:
    form = view.content.single("logistics")
    labels = (("guide_kept", "This guide: "), ("items_kept", "Recovery items: "),
              ("receipts", "Receipts: "))
    return tuple(Entry(label, form.get(name).strip()) for name, label in labels
                 if form is not None and form.get(name).strip())


def _help(view: GuideSource) -> tuple[Entry, ...]:
    grievance = view.content.single("grievance")
    complaint = grievance.get("contact").strip() if grievance is not None else ""
    entries = [Entry("For help or advice at any time: ", view.session.help_contact.strip()),
               Entry("A formal complaint goes to patient relations: ", complaint)]
    return tuple(entry for entry in entries if entry.rest)


def card_blocks(view: GuideSource) -> list[Block]:
    """Everything in the card's two columns, in reading order."""
    steps = [Entry("", step) for step in on_the_spot_steps(view.content.single("steps"))]
    blocks = [_block("steps", "1. What to do", steps, numbered=True),
              _block("offers", "2. What you may offer without asking", _offers(view)),
              _block("escalation", "3. When it goes further, call", _routes(view)),
              _block("logistics", "Where things are kept", _kept(view))]
    helpers = _help(view)
    if helpers:
        blocks.append(_block("", "Help", helpers))
    return blocks


# How it is laid out ------------------------------------------------------------------------


@dataclass(frozen=True)
class Look:
    """A kind of paragraph on the card, in proportion to the body type so it all shrinks
    together: type size, space before and after as multiples of it; its style's indent."""

    scale: float = 1.0
    before: float = 0.0
    after: float = 0.3
    indent_pt: float = 0.0  # what the style takes from the left: a list's number, an edge
    fixed_pt: float = 0.0  # a size that does not follow the body (the small print)
    style: str | None = None
    italic: bool = False
    muted: bool = False

    def size(self, body: float) -> float:
        return self.fixed_pt or round(self.scale * body * 2) / 2

    def height(self, text: str, width: float, body: float) -> float:
        """Points of page height the paragraph takes in a column this wide."""
        return _height(self, text, width, body)


@lru_cache(maxsize=4096)  # trying sizes and shortening lists measure the same texts again
def _height(look: Look, text: str, width: float, body: float) -> float:
    size = look.size(body)
    lines = line_count(text, width - look.indent_pt, size)
    return lines * LINE_EM * size + (look.before + look.after) * body


TITLE = Look(1.6, after=0.15, style="Title")
SUBTITLE = Look(1.15, after=0.5, style="Subtitle")
INTRO_LOOK = Look(after=0.4)
DRAFT = Look(before=0.1, after=0.5, indent_pt=20, style=CALLOUT)
HEADING = Look(1.2, before=0.7, after=0.25, style="Heading 1")
ENTRY = Look()
STEP = Look(indent_pt=18, style="List Number")
NOTE = Look(italic=True)  # where the rest of a shortened list is
SMALL = Look(before=0.6, after=0.0, fixed_pt=SMALL_PRINT_PT, muted=True)


@dataclass(frozen=True)
class Part:
    """One paragraph of the card. A heading and the entry after it are kept together, so the
    second column may begin only at a part that starts a unit."""

    look: Look
    entry: Entry
    starts_unit: bool = False
    keep_together: bool = False

    def height(self, width: float, body: float) -> float:
        return self.look.height(self.entry.text, width, body)


@dataclass(frozen=True)
class Sheet:
    """The room on the page inside the margins, in points."""

    width: float
    height: float

    @classmethod
    def of(cls, page: PageFormat) -> Sheet:
        width, height = PAPER_SIZES[page.paper]
        margins = 2 * Cm(MARGIN_CM).pt
        return cls(width.pt - margins, height.pt - margins)

    @property
    def column(self) -> float:
        return (self.width - Cm(GAP_CM).pt) / 2


@dataclass(frozen=True)
class Layout:
    """The card as it will be printed: body type size, the header across the page, the
    columns' parts, and the part that begins the second column."""

    size: float
    header: tuple[Part, ...]
    columns: tuple[Part, ...]
    second_column: int


def overflow_note(hidden: int, title: str) -> str:
    """Says what the card left out for room, and where to read it."""
    more = "One more is" if hidden == 1 else f"{hidden} more are"
    where = f", section “{title}”" if title else ""
    return f"{more} not shown here. The full list is in the department's guide{where}."


def _clipped(text: str, limit: int) -> str:
    """At most limit characters, cut between words: for names no one should make so long."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _header_parts(department: str, draft: bool) -> tuple[Part, ...]:
    parts = [Part(TITLE, Entry(CARD_TITLE)), Part(SUBTITLE, Entry("", department)),
             Part(INTRO_LOOK, Entry("", INTRO))]
    if draft:
        parts.append(Part(DRAFT, Entry("DRAFT", DRAFT_MARK.removeprefix("DRAFT"))))
    return tuple(parts)


def _column_parts(blocks: Sequence[Block], shown: Sequence[int], fine_print: str,
                 titles: dict[str, str]) -> tuple[Part, ...]:
    """The paragraphs of the two columns, in reading order, showing shown[i] entries of
    blocks[i] and saying where the rest is."""
    parts: list[Part] = []
    for block, count in zip(blocks, shown, strict=True):
        parts.append(Part(HEADING, Entry(block.heading), starts_unit=True))
        if not block.entries and not block.too_long:
            parts.append(Part(ENTRY, Entry("", NOT_AGREED)))
        parts += [Part(block.look, entry, starts_unit=index > 0, keep_together=True)
                  for index, entry in enumerate(block.entries[:count])]
        if block.hidden(count):
            note = overflow_note(block.hidden(count), titles.get(block.section, ""))
            parts.append(Part(NOTE, Entry("", note)))
    parts.append(Part(SMALL, Entry("", fine_print)))
    return tuple(parts)


def _second_column(parts: Sequence[Part], width: float, body: float, room: float
                   ) -> int | None:
    """Where the second column begins so that both columns fit and are the most even; None
    if no place does."""
    heights = [part.height(width, body) for part in parts]
    best: tuple[float, int] | None = None
    for index, part in enumerate(parts):
        if not part.starts_unit or index == 0:
            continue
        taller = max(sum(heights[:index]), sum(heights[index:]))
        if taller <= room and (best is None or taller < best[0]):
            best = (taller, index)
    return best[1] if best is not None else None


def _laid_out(body: float, blocks: Sequence[Block], shown: Sequence[int], sheet: Sheet,
              header: tuple[Part, ...], fine_print: str, titles: dict[str, str]
              ) -> Layout | None:
    """The card at this type size showing this much, or None if it would not fit."""
    room = sheet.height * SAFETY - sum(part.height(sheet.width * SAFETY, body)
                                       for part in header)
    columns = _column_parts(blocks, shown, fine_print, titles)
    split = _second_column(columns, sheet.column * SAFETY, body, room)
    return None if split is None else Layout(body, header, columns, split)


def _plan(blocks: Sequence[Block], sheet: Sheet, header: tuple[Part, ...],
                fine_print: str, titles: dict[str, str]) -> Layout:
    """The largest type at which everything fits; at the smallest, the most that fits: the
    block taking the most room gives up its last entry until the rest fits."""
    shown = [len(block.entries) for block in blocks]
    for body in SIZES_PT:
        layout = _laid_out(body, blocks, shown, sheet, header, fine_print, titles)
        if layout is not None:
            return layout
    body = SIZES_PT[-1]
    width = sheet.column * SAFETY
    while True:
        room = {index: sum(block.look.height(entry.text, width, body)
                           for entry in block.entries[:shown[index]])
                for index, block in enumerate(blocks) if shown[index]}
        if not room:  # only a page far smaller than A4 or Letter could come to this
            raise ValueError("The card's own wording does not fit on this page.")
        shown[max(room, key=room.__getitem__)] -= 1
        layout = _laid_out(body, blocks, shown, sheet, header, fine_print, titles)
        if layout is not None:
            return layout


# Writing it --------------------------------------------------------------------------------


def _write(document: Document, part: Part, body: float, column_break: bool = False) -> None:
    look = part.look
    paragraph = document.add_paragraph(style=look.style)
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(look.before * body), Pt(look.after * body)
    fmt.line_spacing = 1.0
    fmt.keep_together = part.keep_together or None
    if look is STEP:  # the list style runs its items close together; steps want air
        spaced = OxmlElement("w:contextualSpacing")
        spaced.set(qn("w:val"), "0")
        paragraph._p.get_or_add_pPr().insert_element_before(spaced, *_AFTER_CONTEXTUAL)
    if column_break:  # the second column's first line at the same height as the first's
        paragraph.add_run().add_break(WD_BREAK.COLUMN)
        fmt.space_before = Pt(0)
    for text, bold in ((part.entry.lead, True), (part.entry.rest, False)):
        for run in add_text(paragraph, text, bold=bold, italic=look.italic) if text else ():
            _size(run, look.size(body))
            if look.muted:
                run.font.color.rgb = MUTED


def _size(run: Run, points: float) -> None:
    """The type size for every script: right-to-left text takes its own (w:szCs)."""
    run.font.size = Pt(points)
    complex_size = OxmlElement("w:szCs")
    complex_size.set(qn("w:val"), str(round(points * 2)))
    run._r.get_or_add_rPr().get_or_add_sz().addnext(complex_size)


def _two_columns(document: Document) -> None:
    """From here on, two columns: the header above keeps the whole width."""
    document.add_section(WD_SECTION.CONTINUOUS)
    # add_section ends the header's section in an empty paragraph of its own, which would
    # take a line; the header's last paragraph carries that end instead.
    body = document.element.body
    marker = body.findall(qn("w:p"))[-1]
    marker.getprevious().get_or_add_pPr()._insert_sectPr(marker.pPr.sectPr)
    body.remove(marker)
    cols = document.sections[-1]._sectPr.find(qn("w:cols"))
    cols.set(qn("w:num"), "2")
    cols.set(qn("w:space"), str(Cm(GAP_CM).twips))


def small_print(view: GuideSource, made_at: datetime) -> str:
    """Which guide the card comes from and when it was made, in small print."""
    title = _clipped(view.session.guide_title, 200)
    source = (f"{view.version.name} of {title}" if view.version is not None
              else f"{title} as it was that day, not yet final")
    return f"{KIND} · from {source} · made {long_date(made_at)}"


def _section_titles(playbook: Playbook | None) -> dict[str, str]:
    playbook = playbook or load_playbook(paths.builtin_playbook_file())
    return {section.id: section.title for section in playbook.guide}


def build_quick_card(view: GuideSource, made_at: datetime, page: PageFormat,
                     playbook: Playbook | None = None) -> Document:
    """The card as a Word document; playbook names the guide's sections (built-in if None)."""
    session = view.session
    department = _clipped(session.department.strip(), 150)
    fine_print = small_print(view, made_at)
    layout = _plan(card_blocks(view), Sheet.of(page), _header_parts(department, view.draft),
                   fine_print, _section_titles(playbook))
    document = docx.Document()
    apply_house_style(document, page=page)
    document.styles["Normal"].font.size = Pt(layout.size)  # the steps' numbers follow it
    for section in document.sections:
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(MARGIN_CM))
    add_footer_line(document, page.footer_line)
    set_properties(document, title=f"{CARD_TITLE} · {department}", author=session.facilitator,
                   when=made_at, subject=KIND, status="Draft" if view.draft else "Final")
    for part in layout.header:
        _write(document, part, layout.size)
    _two_columns(document)
    for index, part in enumerate(layout.columns):
        _write(document, part, layout.size, column_break=index == layout.second_column)
    return document


def export_quick_card(view: GuideSource, target: Path, page: PageFormat | None = None,
                      playbook: Playbook | None = None) -> Path:
    """Write the card to target atomically; ExportError with a plain reason if not."""
    target = Path(target)
    document = build_quick_card(view, datetime.now().astimezone(),
                                page or page_format(), playbook)
    save_atomically(document, target, what="the quick card")
    return target

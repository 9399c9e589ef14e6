"""The managers' guide as a Word document, made from the structured guide.

A title page on one page (the details, document control, a draft's notice and the contents),
then what patients told us, one heading per section (tables where a section is a list), and
what the options ask for: the feedback page, the register of recovery items and the meeting
notes. Sections follow one another without forced page breaks; headings keep with what
follows, so no page is left nearly empty. A draft says so on every page. A section nobody has
filled in yet shows its guidance and what the team said about it, so even an early export is a
useful working draft; a final one says plainly what is not agreed. The facilitator's own
material (parking lot, time per step, how it went) is in the facilitator's record instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from datetime import date, datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from svcrec_desktop.domain.guide_model import (
    FieldKind,
    GuideItem,
    SectionSpec,
    money,
    on_the_spot_steps,
    section_spec,
)
from svcrec_desktop.domain.model import Finding, Phase, long_date
from svcrec_desktop.domain.playbook import GuideSection, Playbook
from svcrec_desktop.export.atomic import save_atomically
from svcrec_desktop.export.docx_text import add_text
from svcrec_desktop.export.meeting_notes import (
    add_feedback_grid,
    add_notes_by_step,
    by_time,
    intro,
    italic_line,
    keep_together,
)
from svcrec_desktop.export.source import ExportOptions, GuideSource, exportable_view
from svcrec_desktop.export.styles import (
    CALLOUT,
    SMALL_LABEL,
    add_contents,
    add_footer,
    add_footer_line,
    add_grid,
    add_page_mark,
    apply_house_style,
    set_properties,
    style_table,
    text_width_cm,
)
from svcrec_desktop.store.database import Store

DRAFT_MARK = "DRAFT — for feedback"
SUPERSEDED_MARK = "DRAFT — replaced by the final version"
ABOUT = (
    "How our department puts things right when a patient's experience goes wrong: the "
    "mistakes we see most and how we make each one right, what any of us may do or offer on "
    "the spot without asking first, when a concern goes further, and who does what. It was "
    "written with the whole team."
)
NOT_AGREED = "Not agreed yet."
FINDINGS_TITLE = "What patients told us"
FEEDBACK_TITLE = "What changed after your feedback"
FEEDBACK_DRAFT_TITLE = "Feedback from meeting 2"
REGISTER_TITLE = "Appendix: recovery items handed out"
NOTES_TITLE = "Appendix: meeting notes"
LABEL_SHARE = 0.3  # of the body's width: the label column of a label-and-value table
GRID_LABEL_SHARE = 0.17  # each label column of the title page's two-pairs-a-row grid


def version_words(source: GuideSource) -> str:
    """"Working draft", or the version's name: "Draft 1", "Final 1"."""
    return source.version.name if source.version else "Working draft"


def draft_mark(source: GuideSource) -> str:
    """The line a draft carries on its title page and every page: for feedback, or, once a
    final exists, replaced by it."""
    return SUPERSEDED_MARK if source.final_published else DRAFT_MARK


def draft_notice(source: GuideSource, feedback_page: str | None) -> str:
    """What a draft says about itself, true to where the session is in the method;
    feedback_page: the title of this document's page of feedback, if it has one."""
    session = source.session
    meeting2 = "meeting 2" + (f" on {long_date(session.meeting2_date)}"
                              if session.meeting2_date else "")
    if source.final_published:
        if source.version is None:
            return ("This working copy holds changes made since the final version was "
                    "published. They are not agreed until a new final version is published; "
                    "until then, the final version is the guide to follow.")
        return ("This draft is kept for the record: the team's feedback led to a final "
                "version, published since. The final version is the guide to follow.")
    if session.phase in (Phase.PREPARING, Phase.MEETING1):
        return ("This is an early working draft: it holds what has been gathered so far. The "
                f"team shapes it at meeting 1 and comments on it at {meeting2}. Nothing here "
                "is agreed yet.")
    if session.phase is Phase.BETWEEN or (session.phase is Phase.MEETING2
                                          and not source.content.feedback):
        return (f"This is a draft for the team to comment on at {meeting2}. It puts together "
                "what was said at meeting 1. For each part we ask three things: what is "
                "missing, what feels off, and what feels right. Nothing here is final until "
                "the team has had its say.")
    said = ""
    if source.content.feedback:  # dated by when it was typed: the planned day may differ
        days = {feedback.created_at.date() for feedback in source.content.feedback}
        given = f" on {long_date(days.pop())}" if len(days) == 1 else ""
        said = f"The team gave its feedback on this draft at meeting 2{given}"
        said += (f"; the page “{feedback_page}” says what was done with each point. "
                 if feedback_page else ". ")
    return (f"{said}This draft awaits publishing as the final version: until then, nothing "
            "here is final.")


def pairs_table(document: Document, pairs: list[tuple[str, str]]) -> None:
    """Label and value rows: one mistake or one form, kept on one page."""
    table = document.add_table(rows=0, cols=2)
    for label, value in pairs:
        cells = table.add_row().cells
        add_text(cells[0].paragraphs[0], label, bold=True)
        add_text(cells[1].paragraphs[0], value or "—")
    body = text_width_cm(document)
    style_table(table, [body * LABEL_SHARE, body * (1 - LABEL_SHARE)], header=False)
    keep_together(table)


def details_grid(document: Document, pairs: list[tuple[str, str]]) -> None:
    """The title page's details, two label-and-value pairs a row to keep the page short; a
    last pair on its own spans the row."""
    table = document.add_table(rows=0, cols=4)
    for start in range(0, len(pairs), 2):
        cells = table.add_row().cells
        for offset, (label, value) in enumerate(pairs[start:start + 2]):
            add_text(cells[2 * offset].paragraphs[0], label, bold=True)
            add_text(cells[2 * offset + 1].paragraphs[0], value or "—")
    body = text_width_cm(document)
    label_cm, value_cm = body * GRID_LABEL_SHARE, body * (0.5 - GRID_LABEL_SHARE)
    style_table(table, [label_cm, value_cm, label_cm, value_cm], header=False)
    for row, start in zip(table.rows, range(0, len(pairs), 2), strict=True):
        cells = row.cells
        if start + 1 < len(pairs):  # shade the second label as style_table shades the first
            shading = cells[0]._tc.tcPr.find(qn("w:shd"))
            cells[2]._tc.get_or_add_tcPr().append(deepcopy(shading))
        else:
            cells[1].merge(cells[3])
    keep_together(table)


def _shown(spec: SectionSpec, item: GuideItem, name: str) -> str:
    value = item.get(name)
    kind = next(f.kind for f in spec.fields if f.name == name)
    if kind is FieldKind.CHECK:
        return "Yes" if value else "Not yet"
    if kind is FieldKind.DATE and value:
        try:
            return long_date(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def _or(day: date | None, missing: str) -> str:
    return long_date(day) if day else missing


def _title_page(document: Document, source: GuideSource, options: ExportOptions,
                exported_at: datetime, headings: list[str]) -> None:
    session = source.session
    add_text(document.add_paragraph(style="Title"), session.guide_title)
    document.add_paragraph(
        draft_mark(source) if source.draft else "Our agreed way of putting things right",
        style="Subtitle")
    made = source.version.created_at if source.version else exported_at
    details_grid(document, [
        ("Department", session.department), ("Version", version_words(source)),
        ("Meeting 1", long_date(session.meeting_date)),
        ("Meeting 2", _or(session.meeting2_date, "Not set yet")),
        ("Facilitator", session.facilitator), ("Note-taker", session.note_taker),
        ("Made on", long_date(made))])
    document.add_paragraph("Document control", style=SMALL_LABEL)
    control = [("Owner", session.owner or "Not named yet"),
               ("Approved by", session.approved_by or "Not approved yet"),
               ("Approved on", _or(session.approved_on, "Not approved yet")),
               ("Next review", _or(session.next_review, "A year after approval"))]
    if session.help_contact.strip():
        control.append(("Questions to", session.help_contact))
    details_grid(document, control)
    if source.draft:
        document.add_paragraph(draft_notice(source, _feedback_title(source, options)),
                               style=CALLOUT)
    document.add_paragraph(ABOUT).paragraph_format.space_before = Pt(12)
    add_contents(document, headings)


def _said_about(document: Document, section: GuideSection, source: GuideSource) -> None:
    """For a draft's empty section: its guidance and the meeting notes that feed it."""
    callout = document.add_paragraph(style=CALLOUT)
    callout.add_run("To fill in. ").bold = True
    add_text(callout, section.guidance)
    said = by_time(source.notes_said_about(section))
    if not said:
        return
    document.add_paragraph("What the team said", style=SMALL_LABEL)
    bullet_style = document.styles["List Bullet"].style_id
    for note in said:
        bullet = document.add_paragraph()
        bullet._p.style = bullet_style  # by id: python-docx's lookup by name scans every style
        add_text(bullet, note.text)


def _where_from(finding: Finding) -> str:
    """"survey comments, 1 January 2026 to 30 June 2026": where a theme came from, and when."""
    start, end = finding.period_start, finding.period_end
    if start and end:
        period = f"{long_date(start)} to {long_date(end)}"
    elif start:
        period = f"from {long_date(start)}"
    elif end:
        period = f"up to {long_date(end)}"
    else:
        period = ""
    return ", ".join(part for part in (finding.source.strip(), period) if part)


def _findings(document: Document, findings: Sequence[Finding]) -> None:
    """The complaint themes the guide answers: how often each came up, from where, and one
    example in the words used."""
    places = {_where_from(f) for f in findings}
    shared = places.pop() if len(places) == 1 else None
    said = "The themes that came up most in what patients and families told us"
    intro(document, f"{said}, from {shared}." if shared else
          f"{said}, each with where and when it was said.")
    header = ["Theme", "How often", "One example"]
    rows = [[f.theme, str(f.count), f.example] for f in findings]
    if shared is None:
        header.insert(2, "From")
        for row, finding in zip(rows, findings, strict=True):
            row.insert(2, _where_from(finding) or "—")
    keep_together(add_grid(document, header, [[cell or "—" for cell in row] for row in rows]))


def _mistakes(document: Document, spec: SectionSpec, items: list[GuideItem]) -> None:
    for number, item in enumerate(items, 1):
        add_text(document.add_heading(level=2), f"{number}. {item.get('mistake') or '—'}")
        pairs_table(document, [(f.label, _shown(spec, item, f.name)) for f in spec.fields[1:]
                                if f.name != "theme" or item.get("theme").strip()])


def _steps(document: Document, item: GuideItem) -> None:
    steps = on_the_spot_steps(item)
    if item.get("model"):
        paragraph = document.add_paragraph()
        paragraph.add_run("The model we follow: ").bold = True
        add_text(paragraph, item.get("model"))
        paragraph.paragraph_format.keep_with_next = bool(steps)
    if not steps:
        italic_line(document, NOT_AGREED)
    for step in steps:
        add_text(document.add_paragraph(style="List Number"), step)


def _section_body(document: Document, spec: SectionSpec, items: list[GuideItem]) -> None:
    if spec.id == "mistakes":
        _mistakes(document, spec, items)
    elif spec.id == "steps":
        _steps(document, items[0])
    elif spec.single:
        pairs_table(document, [(f.label, _shown(spec, items[0], f.name)) for f in spec.fields])
    else:
        keep_together(add_grid(document, [f.label for f in spec.fields],
                               [[_shown(spec, item, f.name) for f in spec.fields]
                                for item in items]))


def _heading(document: Document, text: str, *, new_page: bool = False) -> None:
    heading = document.add_heading(level=1)
    heading.paragraph_format.page_break_before = new_page
    add_text(heading, text)


def _sections(document: Document, source: GuideSource, playbook: Playbook, *,
              new_page: bool) -> None:
    """Every section in order; new_page: the first one starts a page."""
    for index, section in enumerate(playbook.guide):
        _heading(document, section.title, new_page=new_page and index == 0)
        items = source.filled(section.id)
        if items:
            _section_body(document, section_spec(section.id), items)
        elif source.draft:
            _said_about(document, section, source)
        else:
            italic_line(document, NOT_AGREED)


def _feedback(document: Document, source: GuideSource, playbook: Playbook, title: str) -> None:
    _heading(document, title)
    intro(document,
          "Everything the team said at meeting 2 about the draft, and what was done with it."
          if not source.draft else "What the team has said about this draft so far.")
    add_feedback_grid(document, source.content.feedback, playbook)


def _month(month: str) -> str:
    """"2026-11" as people read it: "November 2026"."""
    try:
        return f"{date.fromisoformat(f'{month}-01'):%B %Y}"
    except ValueError:
        return month


def _register(document: Document, source: GuideSource) -> None:
    _heading(document, REGISTER_TITLE)
    intro(document, "Items handed out on the spot under Level One, for finance. "
                    "No patient is named here.")
    rows = [(long_date(i.given_on), i.item, money(i.value_cents), i.reason, i.giver,
             "Yes" if i.receipt else "No") for i in source.register]
    add_grid(document, ["Date", "Item", "Value", "Reason", "Given by", "Receipt"],
             rows or [("—", "Nothing recorded yet", "", "", "", "")])
    document.add_heading("Totals per month", level=2)
    add_grid(document, ["Month", "Items", "Value"],
             [(_month(month), str(count), money(cents))
              for month, count, cents in source.register_totals] or [("—", "0", money(0))])


def _notes(document: Document, source: GuideSource, playbook: Playbook,
           feedback_page: str | None) -> None:
    _heading(document, NOTES_TITLE)
    intro(document, "Every note taken in the meetings, by step, in the order it was taken, "
                    "with its tags and action items.")
    add_notes_by_step(document, source, playbook, feedback_page)


def _feedback_title(source: GuideSource, options: ExportOptions) -> str | None:
    if not (options.include_feedback and source.content.feedback):
        return None
    return FEEDBACK_DRAFT_TITLE if source.draft else FEEDBACK_TITLE


def _headings(source: GuideSource, playbook: Playbook, options: ExportOptions) -> list[str]:
    """The level-1 headings in order, for the contents list on the title page."""
    headings = [FINDINGS_TITLE] if source.findings else []
    headings += [s.title for s in playbook.guide]
    feedback = _feedback_title(source, options)
    if feedback:
        headings.append(feedback)
    if options.include_register:
        headings.append(REGISTER_TITLE)
    if options.include_notes:
        headings.append(NOTES_TITLE)
    return headings


def build_guide(source: GuideSource, playbook: Playbook, options: ExportOptions,
                exported_at: datetime) -> Document:
    """The whole guide, ready to save."""
    session = source.session
    document = docx.Document()
    apply_house_style(document, page=options.page)
    draft = source.draft
    set_properties(document, title=session.guide_title, author=session.facilitator,
                   when=exported_at, status="Draft" if draft else "Final")
    when = source.version.created_at if source.version else exported_at
    add_footer(document, f"{session.department} · {version_words(source)} · {long_date(when)}",
               options.footer_text or playbook.source)
    add_footer_line(document, options.page.footer_line)
    if draft:
        add_page_mark(document, draft_mark(source))
    _title_page(document, source, options, exported_at, _headings(source, playbook, options))
    if source.findings:  # the one page break: after the title page
        _heading(document, FINDINGS_TITLE, new_page=True)
        _findings(document, source.findings)
    _sections(document, source, playbook, new_page=not source.findings)
    feedback = _feedback_title(source, options)
    if feedback:
        _feedback(document, source, playbook, feedback)
    if options.include_register:
        _register(document, source)
    if options.include_notes:
        _notes(document, source, playbook, feedback)
    return document


def export_guide(source: GuideSource, playbook: Playbook, target: Path, *,
                 options: ExportOptions | None = None, exported_at: datetime | None = None
                 ) -> Path:
    """Write the guide to target atomically; raise ExportError with a plain reason if not."""
    target = Path(target)
    document = build_guide(source, playbook, options or ExportOptions(),
                           exported_at or datetime.now().astimezone())
    save_atomically(document, target)
    return target


def export_session(store: Store, playbook: Playbook, session_id: int, target: Path,
                   options: ExportOptions | None = None) -> Path:
    """Write the session's guide to target (.docx) atomically and return the path written."""
    options = options or ExportOptions()
    return export_guide(exportable_view(store, session_id, options.version_id), playbook,
                        target, options=options)

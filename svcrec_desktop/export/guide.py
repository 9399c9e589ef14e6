"""The department guide as a Word document, made from the structured guide.

Title page with a real table of contents, one heading per section (tables where a section is a
list), then what the options ask for: the "what changed after your feedback" page, the
register of recovery items, the meeting notes (with their tags and action items, and the
parking lot) and a closing page. A draft says so on every
page. A section nobody has filled in yet shows its guidance and what the team said about it,
so even an early export is a useful working draft; a final one says plainly what is not agreed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

import docx
from docx.document import Document
from docx.shared import Cm
from docx.table import _Cell

from svcrec_desktop.agenda import Agenda
from svcrec_desktop.export.docx_text import add_text
from svcrec_desktop.export.styles import (
    CALLOUT,
    SMALL_LABEL,
    add_contents,
    add_footer,
    add_grid,
    add_page_mark,
    apply_house_style,
    set_properties,
    style_table,
)
from svcrec_desktop.exporting import ExportOptions, GuideSource
from svcrec_desktop.guide_model import (
    FEEDBACK_LABELS,
    FeedbackKind,
    FieldKind,
    GuideItem,
    SectionSpec,
    money,
    on_the_spot_steps,
    section_spec,
)
from svcrec_desktop.model import Action, Note, tag_label
from svcrec_desktop.playbook import GuideSection, Playbook, Step

DRAFT_MARK = "DRAFT — for feedback"
DRAFT_NOTICE = (
    "This is a draft for the team to comment on. It puts together what was said at meeting 1. "
    "At meeting 2 we ask three things about each part: what is missing, what feels off, and "
    "what feels right. Nothing here is final until the team has had its say."
)
ABOUT = (
    "This guide sets out how our department puts things right when a patient's experience "
    "goes wrong: the mistakes we see most and how we make each one right, what any of us may "
    "do or offer on the spot without asking first, when a concern goes further, the resources "
    "we adopt, where things are kept and who does what. It was written with the whole team."
)
NOT_AGREED = "Not agreed yet."
PAGE_WIDTH_CM = 16.5
TIME_WIDTH_CM = 2.2
LABEL_WIDTH_CM = 5.0
FEEDBACK_TITLE = "What changed after your feedback"
FEEDBACK_DRAFT_TITLE = "Feedback from meeting 2"
REGISTER_TITLE = "Appendix: recovery items handed out"
NOTES_TITLE = "Appendix: meeting notes"
PARKING_TITLE = "Parking lot"
ACTION_INDENT_CM = 0.5
CLOSING_TITLE = "After the session"
TIMES_TITLE = "Time per step"
TIMES_WIDTHS_CM = [PAGE_WIDTH_CM - 6.4, 3.2, 3.2]
WHOLE_GUIDE = "The guide as a whole"


def long_date(day: date | datetime) -> str:
    return f"{day:%d %B %Y}".lstrip("0")


def _version_words(source: GuideSource) -> str:
    if source.version is None:
        return "Working draft"
    kind = "Final version" if source.version.final else "Draft version"
    return f"{kind} {source.version.number}"


def _new_page_heading(document: Document, text: str) -> None:
    heading = document.add_heading(level=1)
    heading.paragraph_format.page_break_before = True
    add_text(heading, text)


def _pairs_table(document: Document, pairs: list[tuple[str, str]]) -> None:
    """Label and value rows: the title page's details and one mistake or form."""
    table = document.add_table(rows=0, cols=2)
    for label, value in pairs:
        cells = table.add_row().cells
        add_text(cells[0].paragraphs[0], label, bold=True)
        add_text(cells[1].paragraphs[0], value or "—")
    style_table(table, [LABEL_WIDTH_CM, PAGE_WIDTH_CM - LABEL_WIDTH_CM], header=False)


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


def _title_page(document: Document, source: GuideSource, exported_at: datetime,
                headings: list[str]) -> None:
    session = source.session
    add_text(document.add_paragraph(style="Title"), session.guide_title)
    document.add_paragraph(
        DRAFT_MARK if source.draft else "Our agreed way of putting things right",
        style="Subtitle")
    details = [("Department", session.department),
               ("Meeting 1", long_date(session.meeting_date))]
    if session.meeting2_date:
        details.append(("Meeting 2", long_date(session.meeting2_date)))
    details += [("Facilitator", session.facilitator), ("Note-taker", session.note_taker),
                ("Version", _version_words(source)),
                ("Date", long_date(source.version.created_at if source.version else exported_at))]
    _pairs_table(document, details)
    if source.draft:
        document.add_paragraph(DRAFT_NOTICE, style=CALLOUT)
    document.add_heading("About this guide", level=2)
    document.add_paragraph(ABOUT)
    add_contents(document, headings)


def _said_about(document: Document, section: GuideSection, source: GuideSource) -> None:
    """For a draft's empty section: its guidance and the meeting notes that feed it."""
    callout = document.add_paragraph(style=CALLOUT)
    callout.add_run("To fill in. ").bold = True
    add_text(callout, section.guidance)
    said = _by_time(source.notes_said_about(section))
    if not said:
        return
    document.add_paragraph("What the team said", style=SMALL_LABEL)
    bullet_style = document.styles["List Bullet"].style_id
    for note in said:
        bullet = document.add_paragraph()
        bullet._p.style = bullet_style  # by id: python-docx's lookup by name scans every style
        add_text(bullet, note.text)


def _mistakes(document: Document, spec: SectionSpec, items: list[GuideItem]) -> None:
    for number, item in enumerate(items, 1):
        add_text(document.add_heading(level=2), f"{number}. {item.get('mistake') or '—'}")
        _pairs_table(document, [(f.label, _shown(spec, item, f.name)) for f in spec.fields[1:]])


def _steps(document: Document, item: GuideItem) -> None:
    steps = on_the_spot_steps(item)
    if item.get("model"):
        paragraph = document.add_paragraph()
        paragraph.add_run("The model we follow: ").bold = True
        add_text(paragraph, item.get("model"))
    if not steps:
        document.add_paragraph().add_run(NOT_AGREED).italic = True
    for step in steps:
        add_text(document.add_paragraph(style="List Number"), step)


def _section_body(document: Document, spec: SectionSpec, items: list[GuideItem]) -> None:
    if spec.id == "mistakes":
        _mistakes(document, spec, items)
    elif spec.id == "steps":
        _steps(document, items[0])
    elif spec.single:
        _pairs_table(document, [(f.label, _shown(spec, items[0], f.name)) for f in spec.fields])
    else:
        width = PAGE_WIDTH_CM / len(spec.fields)
        add_grid(document, [f.label for f in spec.fields],
              [[_shown(spec, item, f.name) for f in spec.fields] for item in items],
              [width] * len(spec.fields))


def _sections(document: Document, source: GuideSource, playbook: Playbook) -> None:
    for index, section in enumerate(playbook.guide):
        if index == 0:
            _new_page_heading(document, section.title)
        else:
            add_text(document.add_heading(level=1), section.title)
        items = source.filled(section.id)
        if items:
            _section_body(document, section_spec(section.id), items)
        elif source.draft:
            _said_about(document, section, source)
        else:
            document.add_paragraph().add_run(NOT_AGREED).italic = True


def _feedback(document: Document, source: GuideSource, playbook: Playbook) -> None:
    final = not source.draft
    _new_page_heading(document, FEEDBACK_TITLE if final else FEEDBACK_DRAFT_TITLE)
    document.add_paragraph(
        "Everything the team said at meeting 2 about the draft, and what was done with it."
        if final else "What the team has said about this draft so far.")
    titles = {s.id: s.title for s in playbook.guide}
    rows = [(FEEDBACK_LABELS[f.kind], titles.get(f.section, WHOLE_GUIDE), f.text,
             f.response or "—")
            for f in sorted(source.content.feedback,
                            key=lambda f: (list(FeedbackKind).index(f.kind), f.created_at))]
    add_grid(document, ["Kind", "About", "What was said", "What we did"], rows, [3, 3.5, 5, 5])


def _register(document: Document, source: GuideSource) -> None:
    _new_page_heading(document, REGISTER_TITLE)
    document.add_paragraph("Items handed out on the spot under Level One, for finance. "
                           "No patient is named here.")
    rows = [(long_date(i.given_on), i.item, money(i.value_cents), i.reason, i.giver,
             "Yes" if i.receipt else "No") for i in source.register]
    add_grid(document, ["Date", "Item", "Value", "Reason", "Given by", "Receipt"],
          rows or [("—", "Nothing recorded yet", "", "", "", "")], [2.8, 3, 2, 4.2, 2.8, 1.7])
    document.add_heading("Totals per month", level=2)
    add_grid(document, ["Month", "Items", "Value"],
          [(month, str(count), money(cents)) for month, count, cents in source.register_totals]
          or [("—", "0", money(0))], [6, 4, 6.5])


def _by_time(notes: Sequence[Note]) -> list[Note]:
    return sorted(notes, key=lambda n: (n.created_at, n.id))


def _action_line(cell: _Cell, action: Action) -> None:
    """An action under its note: what, then who and by when as typed, and whether done."""
    paragraph = cell.add_paragraph()
    paragraph.paragraph_format.left_indent = Cm(ACTION_INDENT_CM)
    paragraph.add_run("Action: ").bold = True
    add_text(paragraph, action.what)
    if action.owner:
        paragraph.add_run(" · Who: ")
        add_text(paragraph, action.owner)
    if action.due:
        paragraph.add_run(f" · By {long_date(action.due)}")
    if action.done:
        paragraph.add_run(" · Done")


def _notes_table(document: Document, notes: list[Note], actions: Sequence[Action],
                 steps: dict[str, str] | None = None) -> None:
    """Time and note (with the step, if steps gives their titles), each note followed by its
    tags and the actions under it."""
    header = ["Time", "Step", "Note"] if steps is not None else ["Time", "Note"]
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text)
    for note in notes:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(f"{note.created_at:%H:%M}")
        if steps is not None:
            add_text(cells[1].paragraphs[0], steps.get(note.step_id, "A step no longer used"))
        cell = cells[-1]
        add_text(cell.paragraphs[0], note.text)
        if note.tags:
            cell.add_paragraph().add_run(
                "Tags: " + ", ".join(tag_label(tag) for tag in note.tags)).italic = True
        for action in actions:
            if action.note_uid == note.uid:
                _action_line(cell, action)
    rest = PAGE_WIDTH_CM - TIME_WIDTH_CM
    style_table(table, [TIME_WIDTH_CM, 4.0, rest - 4.0] if steps is not None
                else [TIME_WIDTH_CM, rest])


def _notes(document: Document, source: GuideSource, playbook: Playbook) -> None:
    """Every exportable note, by step; notes of steps a playbook has since dropped, then the
    parking lot, last."""
    _new_page_heading(document, NOTES_TITLE)
    document.add_paragraph("Every note taken in the meetings, by step, in the order it was taken.")
    parked = [n for n in _by_time(source.notes) if n.parked]
    notes = [n for n in _by_time(source.notes) if not n.parked]
    meetings: list[tuple[str, tuple[Step, ...]]] = [("Meeting 1", playbook.meeting1)]
    if any(n.step_id in {s.id for s in playbook.meeting2} for n in notes):
        meetings.append(("Meeting 2", playbook.meeting2))
    for meeting, steps in meetings:
        for number, step in enumerate(steps, 1):
            add_text(document.add_heading(level=2), f"{meeting} · {number}. {step.title}")
            taken = [n for n in notes if n.step_id == step.id]
            if taken:
                _notes_table(document, taken, source.actions)
            else:
                document.add_paragraph().add_run("No notes were taken for this step.").italic = True
    known = {s.id for s in playbook.meeting1 + playbook.meeting2}
    orphans = [n for n in notes if n.step_id not in known]
    if orphans:
        document.add_heading("Notes from steps no longer in the playbook", level=2)
        _notes_table(document, orphans, source.actions)
    if parked:
        add_text(document.add_heading(level=2), PARKING_TITLE)
        document.add_paragraph("Points raised that were off the topic of the moment, kept to "
                               "come back to later, with the step where each came up.")
        steps = {s.id: f"Meeting {n} · {s.title}" for n, meeting in
                 ((1, playbook.meeting1), (2, playbook.meeting2)) for s in meeting}
        _notes_table(document, parked, source.actions, steps)


def _duration(seconds: float) -> str:
    """``400`` -> ``6 min 40 s``: words, because 6:40 in a document reads as a time of day."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{value} {unit}" for value, unit in ((hours, "h"), (minutes, "min"), (secs, "s"))
             if value]
    return " ".join(parts) or "—"


def _times(document: Document, source: GuideSource, playbook: Playbook) -> None:
    """Planned against actual time for each step of each meeting that was timed, with totals."""
    spent = source.step_seconds
    timed = [(number, steps) for number, steps in ((1, playbook.meeting1),
                                                    (2, playbook.meeting2))
             if any(spent.get(step.id, 0) >= 1 for step in steps)]
    if not timed:
        return
    add_text(document.add_heading(level=2), TIMES_TITLE)
    intro = document.add_paragraph("How long each step was planned to take, and the time it "
                                   "took.")
    intro.paragraph_format.keep_with_next = True
    for number, steps in timed:
        agenda = source.agendas.get(number, Agenda())
        planned = agenda.minutes(steps)
        document.add_paragraph(f"Meeting {number}, planned for {agenda.length_of(steps)} "
                               "minutes", style=SMALL_LABEL)
        rows = [(f"{index}. {step.title}", f"{planned[step.id]} min",
                 _duration(spent.get(step.id, 0))) for index, step in enumerate(steps, 1)]
        rows.append(("Total", f"{sum(planned.values())} min",
                     _duration(sum(spent.get(step.id, 0) for step in steps))))
        add_grid(document, ["Step", "Planned", "Actual"], rows, TIMES_WIDTHS_CM)
        table = document.tables[-1]
        for row in table.rows[:-1]:  # a small table reads best on one page
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True


def _closing(document: Document, source: GuideSource) -> None:
    session = source.session
    _new_page_heading(document, CLOSING_TITLE)
    if session.help_contact:
        document.add_paragraph("Help with this method", style=SMALL_LABEL)
        add_text(document.add_paragraph(), session.help_contact)
    if session.reflection:
        document.add_paragraph("How it went", style=SMALL_LABEL)
        for line in session.reflection.splitlines() or [""]:
            add_text(document.add_paragraph(), line)


def _headings(source: GuideSource, playbook: Playbook, options: ExportOptions) -> list[str]:
    """The level-1 headings in order: the contents page lists them before Word updates it."""
    headings = [s.title for s in playbook.guide]
    if options.include_feedback and source.content.feedback:
        headings.append(FEEDBACK_DRAFT_TITLE if source.draft else FEEDBACK_TITLE)
    if options.include_register:
        headings.append(REGISTER_TITLE)
    if options.include_notes:
        headings.append(NOTES_TITLE)
    if source.session.help_contact or source.session.reflection:
        headings.append(CLOSING_TITLE)
    return headings


def build_guide(source: GuideSource, playbook: Playbook, options: ExportOptions,
                exported_at: datetime) -> Document:
    """The whole guide, ready to save."""
    session = source.session
    document = docx.Document()
    apply_house_style(document)
    draft = source.draft
    set_properties(document, title=session.guide_title, author=session.facilitator,
                   when=exported_at, status="Draft" if draft else "Final")
    when = source.version.created_at if source.version else exported_at
    add_footer(document, f"{session.department} · {_version_words(source)} · {long_date(when)}",
               options.footer_text or playbook.source)
    if draft:
        add_page_mark(document, DRAFT_MARK)
    headings = _headings(source, playbook, options)
    _title_page(document, source, exported_at, headings)
    _sections(document, source, playbook)
    if FEEDBACK_TITLE in headings or FEEDBACK_DRAFT_TITLE in headings:
        _feedback(document, source, playbook)
    if options.include_register:
        _register(document, source)
    if options.include_notes:
        _notes(document, source, playbook)
        _times(document, source, playbook)
    if CLOSING_TITLE in headings:
        _closing(document, source)
    return document

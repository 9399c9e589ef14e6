"""What was said in the meetings, as the guide's notes appendix and the facilitator's record
write it: the notes by step (with their tags and action items), meeting 2's feedback under the
steps that asked for it, the parking lot and the time per step.

A step shows what was said at it: its notes, its feedback (or where the feedback is), and
says that no notes were taken only when nothing at all was said there.
"""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document
from docx.shared import Cm
from docx.table import Table, _Cell

from svcrec_desktop.domain.agenda import Agenda
from svcrec_desktop.domain.guide_model import WHOLE_GUIDE, Feedback, FeedbackKind
from svcrec_desktop.domain.model import Action, Note, long_date, tag_label
from svcrec_desktop.domain.playbook import Playbook, Step
from svcrec_desktop.export.docx_text import add_text
from svcrec_desktop.export.source import GuideSource
from svcrec_desktop.export.styles import SMALL_LABEL, add_grid

NOT_ADDRESSED = "Not yet addressed"
NOTED = "Noted"  # a "what feels right" asks for nothing to be done
NOTHING_SAID = "No notes were taken at this step."
ORPHANS_TITLE = "Notes from steps no longer in the playbook"
OTHER_FEEDBACK_TITLE = "Other feedback from meeting 2"
ACTION_INDENT_CM = 0.5
SHORT_TABLE_ROWS = 12  # a table this long or shorter is kept on one page


def by_time(notes: Sequence[Note]) -> list[Note]:
    return sorted(notes, key=lambda n: (n.created_at, n.id))


def keep_together(table: Table) -> Table:
    """Keep a short table on one page, each row holding on to the next; a longer one breaks
    between rows, as held together it would leave most of a page empty."""
    if len(table.rows) > SHORT_TABLE_ROWS:
        return table
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True
    return table


def italic_line(document: Document, text: str) -> None:
    document.add_paragraph().add_run(text).italic = True


def intro(document: Document, text: str) -> None:
    """A line that introduces what follows, kept on its page."""
    document.add_paragraph(text).paragraph_format.keep_with_next = True


# Feedback ----------------------------------------------------------------------------------


def what_we_did(said: Feedback) -> str:
    """The answer to a point of feedback, and plainly when there is none yet."""
    if said.response.strip():
        return said.response
    return NOTED if said.kind is FeedbackKind.RIGHT else NOT_ADDRESSED


def sorted_feedback(feedback: Sequence[Feedback]) -> list[Feedback]:
    """By question (missing, off, right), then in the order it was said."""
    order = list(FeedbackKind)
    return sorted(feedback, key=lambda f: (order.index(f.kind), f.created_at))


def add_feedback_grid(document: Document, feedback: Sequence[Feedback], playbook: Playbook,
                      *, with_kind: bool = True) -> None:
    """What was said about which part of the guide, and what was done with it."""
    titles = {s.id: s.title for s in playbook.guide}
    rows = [[titles.get(f.section, WHOLE_GUIDE), f.text, what_we_did(f)]
            for f in sorted_feedback(feedback)]
    header = ["About", "What was said", "What we did"]
    if with_kind:
        header = ["Question", *header]
        rows = [[f.kind.label, *row] for f, row in zip(sorted_feedback(feedback), rows,
                                                        strict=True)]
    keep_together(add_grid(document, header, rows))


# Notes by step -----------------------------------------------------------------------------


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


def _notes_table(document: Document, notes: Sequence[Note], actions: Sequence[Action],
                 steps: dict[str, str] | None = None) -> None:
    """Time and note (with the step, if steps gives their titles), each note followed by its
    tags and the actions under it."""
    header = ["Time", "Step", "Note"] if steps is not None else ["Time", "Note"]
    rows = [[f"{note.created_at:%H:%M}",
             *([steps.get(note.step_id, "A step no longer used")] if steps is not None else []),
             note.text] for note in notes]
    table = add_grid(document, header, rows)
    for note, row in zip(notes, table.rows[1:], strict=True):
        cell = row.cells[-1]
        if note.tags:  # an unknown tag shows its id, which may hold anything
            add_text(cell.add_paragraph(),
                     "Tags: " + ", ".join(tag_label(tag) for tag in note.tags), italic=True)
        for action in actions:
            if action.note_uid == note.uid:
                _action_line(cell, action)
    keep_together(table)


def _meetings(source: GuideSource, playbook: Playbook, notes: Sequence[Note]
              ) -> list[tuple[str, tuple[Step, ...]]]:
    """Meeting 1, and meeting 2 once anything was said at it."""
    meetings: list[tuple[str, tuple[Step, ...]]] = [("Meeting 1", playbook.meeting1)]
    second = {s.id for s in playbook.meeting2}
    if source.content.feedback or any(n.step_id in second for n in notes):
        meetings.append(("Meeting 2", playbook.meeting2))
    return meetings


def add_notes_by_step(document: Document, source: GuideSource, playbook: Playbook,
                      feedback_page: str | None = None) -> None:
    """Every exportable note that is not parked, by meeting and step, in the order taken.

    Meeting 2's feedback steps show the feedback given at them; with feedback_page (the
    title of a page of the same document that lists it all) they point there instead.
    """
    notes = [n for n in by_time(source.notes) if not n.parked]
    asked = {s.feedback for s in playbook.meeting2 if s.feedback}
    for meeting, steps in _meetings(source, playbook, notes):
        for number, step in enumerate(steps, 1):
            add_text(document.add_heading(level=2), f"{meeting} · {number}. {step.title}")
            taken = [n for n in notes if n.step_id == step.id]
            said = [f for f in source.content.feedback if f.kind == step.feedback]
            if taken:
                _notes_table(document, taken, source.actions)
            if said and feedback_page:
                italic_line(document, f"What was said at this step is on the page "
                                      f"“{feedback_page}”.")
            elif said:
                add_feedback_grid(document, said, playbook, with_kind=False)
            elif not taken:
                italic_line(document, NOTHING_SAID)
    known = {s.id for s in playbook.meeting1 + playbook.meeting2}
    orphans = [n for n in notes if n.step_id not in known]
    if orphans:
        document.add_heading(ORPHANS_TITLE, level=2)
        _notes_table(document, orphans, source.actions)
    unasked = [f for f in source.content.feedback if f.kind not in asked]
    if unasked and not feedback_page:  # a playbook without a step for that question
        document.add_heading(OTHER_FEEDBACK_TITLE, level=2)
        add_feedback_grid(document, unasked, playbook)


def add_parking_lot(document: Document, source: GuideSource, playbook: Playbook) -> bool:
    """The parked points with the step where each came up; False if nothing was parked."""
    parked = [n for n in by_time(source.notes) if n.parked]
    if parked:
        steps = {s.id: f"Meeting {n} · {s.title}" for n, meeting in
                 ((1, playbook.meeting1), (2, playbook.meeting2)) for s in meeting}
        _notes_table(document, parked, source.actions, steps)
    return bool(parked)


# Time per step -----------------------------------------------------------------------------


def duration(seconds: float) -> str:
    """``400`` -> ``6 min 40 s``: words, because 6:40 in a document reads as a time of day."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{value} {unit}" for value, unit in ((hours, "h"), (minutes, "min"), (secs, "s"))
             if value]
    return " ".join(parts) or "—"


def add_times(document: Document, source: GuideSource, playbook: Playbook) -> bool:
    """Planned against actual time for each step of each meeting that was timed, with totals;
    False if no step was timed."""
    spent = source.step_seconds
    timed = [(number, steps) for number, steps in ((1, playbook.meeting1),
                                                    (2, playbook.meeting2))
             if any(spent.get(step.id, 0) >= 1 for step in steps)]
    for number, steps in timed:
        agenda = source.agendas.get(number, Agenda())
        planned = agenda.minutes(steps)
        document.add_paragraph(f"Meeting {number}, planned for {agenda.length_of(steps)} "
                               "minutes", style=SMALL_LABEL)
        rows = [(f"{index}. {step.title}", f"{planned[step.id]} min",
                 duration(spent.get(step.id, 0))) for index, step in enumerate(steps, 1)]
        rows.append(("Total", f"{sum(planned.values())} min",
                     duration(sum(spent.get(step.id, 0) for step in steps))))
        table = keep_together(add_grid(document, ["Step", "Planned", "Actual"], rows))
        for cell in table.rows[-1].cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
    return bool(timed)


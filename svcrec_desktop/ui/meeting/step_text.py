"""What the window shows of a step and of a note, as text and HTML (no Qt needed)."""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

from svcrec_desktop.domain.guide_model import GuideContent, GuideItem, SectionSpec, section_spec
from svcrec_desktop.domain.model import Action, Finding, Note, tag_label
from svcrec_desktop.domain.playbook import GuideSection, Step
from svcrec_desktop.domain.shown_text import visible_text
from svcrec_desktop.ui.dates import shown_date
from svcrec_desktop.ui.spoken import in_words

PREVIEW_CHARS = 600
DRAFT_FIELD_CHARS = 5000  # a guide field read aloud at meeting 2: all of it, unless absurd
NOT_WRITTEN = "Not written yet"
NOTES_HEADING = "Notes from this step"


def findings_html(findings: Sequence[Finding]) -> str:
    """The preparation's complaint themes as a table to read out, most frequent first."""
    if not findings:
        return ("<p class='empty'>No themes were recorded in the preparation. Add them under "
                "Prepare, or ask the group what patients complain about most.</p>")
    rows = "".join(
        f"<tr><td>{html.escape(visible_text(f.theme))}</td><td align='right'>{f.count}</td>"
        f"<td><i>{html.escape(visible_text(f.example))}</i></td></tr>"
        for f in sorted(findings, key=lambda f: (-f.count, f.position))
    )
    return ("<table class='findings' cellpadding='6'><tr><th align='left'>Theme</th>"
            f"<th align='right'>Times</th><th align='left'>For example</th></tr>{rows}</table>")


def step_html(step: Step, findings: Sequence[Finding] = ()) -> str:
    """The script of a step as simple HTML: paragraphs, numbered points, the preparation's
    themes where the step shares them, and questions to ask."""
    parts = [f"<p>{html.escape(p.strip())}</p>" for p in step.script.split("\n\n") if p.strip()]
    if step.points:
        items = "".join(f"<li>{html.escape(point)}</li>" for point in step.points)
        parts.append(f"<ol>{items}</ol>")
    if step.show_findings:
        parts.append(findings_html(findings))
    if step.prompts:
        items = "".join(f"<li>{html.escape(prompt)}</li>" for prompt in step.prompts)
        parts.append(f"<p class='ask'>Ask the group:</p><ul>{items}</ul>")
    return "\n".join(parts)


def draft_guide_html(sections: Sequence[GuideSection], content: GuideContent) -> str:
    """The draft guide to walk through at meeting 2: each section's title, then each item's
    headline and its other filled-in fields; a section with nothing in it says so.

    Every field is its own paragraph, so right-to-left marks or overrides in one cannot
    reorder another, and control characters show as their pictures.
    """
    parts: list[str] = []
    for section in sections:
        spec = section_spec(section.id)
        items = [item_html for item in content.section(section.id)
                 if (item_html := _item_html(spec, item))]
        parts.append(f"<h3>{html.escape(visible_text(section.title))}</h3>")
        parts.extend(items or [f"<p class='empty'><i>{NOT_WRITTEN}</i></p>"])
    return "\n".join(parts)


def _item_html(spec: SectionSpec, item: GuideItem) -> str:
    """An item's filled-in fields, the headline first in bold; "" if nothing is filled in."""
    parts = []
    for field in spec.fields:
        value = item.get(field.name)
        if not value.strip():
            continue
        if field.name == spec.headline:
            parts.append(f"<p class='item'><b>{_lines_html(value)}</b></p>")
        else:
            parts.append(f"<p class='field' style='margin-left: 24px'>"
                         f"{html.escape(field.label)}: {_lines_html(value)}</p>")
    return "".join(parts)


def notes_html(notes: Sequence[Note]) -> str:
    """A step's saved notes for the room to read: each note as typed, line by line."""
    if not notes:
        return f"<h3>{NOTES_HEADING}</h3><p class='empty'><i>No notes saved yet.</i></p>"
    items = "".join(f"<li>{_lines_html(note.text)}</li>" for note in notes)
    return f"<h3>{NOTES_HEADING}</h3><ul class='notes'>{items}</ul>"


def _lines_html(text: str) -> str:
    """A stored guide field or note as HTML showing what was typed, line by line."""
    lines = shortened(text, DRAFT_FIELD_CHARS).split("\n")
    return "<br>".join(html.escape(visible_text(line)) for line in lines)


def shortened(text: str, limit: int = PREVIEW_CHARS) -> str:
    """Up to limit characters of a text (a screenful), saying how much more there is."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def note_preview(note: Note) -> str:
    """A note as the list shows it: its time, its marks and tags, and up to a screenful of
    its text."""
    marks = [f"[{tag_label(tag)}]" for tag in note.tags]
    if note.parked:
        marks.append("[in the parking lot]")
    if note.confidential:
        marks.append("[kept out of the export]")
    shown = "".join(f"{visible_text(mark)}   " for mark in marks)
    return f"{note.created_at:%H:%M}   {shown}{visible_text(shortened(note.text))}"


def action_preview(what: str, owner: str, due: date | None, done: bool) -> str:
    """An action as the list shows it, indented under its note: what, who and by when."""
    parts = [f"{'✓ Done' if done else '☐ Action'}: {visible_text(shortened(what))}"]
    if owner:
        parts.append(f"Who: {visible_text(shortened(owner))}")
    if due:
        parts.append(f"By {shown_date(due)}")
    return "      ↳ " + " · ".join(parts)


def action_text(action: Action) -> str:
    return action_preview(action.what, action.owner, action.due, action.done)


# What a screen reader says (an item's Qt.AccessibleTextRole) -----------------------------------

def step_said(number: int, count: int, step: Step, state: str, used_s: float, planned: int,
              paused: bool = False) -> str:
    """A step of the step list in words: "Step 3 of 8, done: Q1, When a business got it wrong
    for you, 7 of 8 minutes". state is "current", "done" or "" (not begun)."""
    where = f"Step {number} of {count}" + (f", {state}" if state else "")
    clock = f"{int(used_s // 60)} of {planned} minutes" + (", clock paused" if paused else "")
    return in_words(f"{where}: {step.title}, {clock}")


def note_said(note: Note) -> str:
    """A saved note in words: when, its tags and marks, then what was said."""
    marks = [tag_label(tag) for tag in note.tags]
    if note.parked:
        marks.append("in the parking lot")
    if note.confidential:
        marks.append("kept out of the export")
    heading = ", ".join([f"Note at {note.created_at:%H:%M}", *marks])
    return in_words(f"{heading}: {visible_text(shortened(note.text))}")


def action_said(action: Action) -> str:
    """An action item under its note in words: done or not, what, who and by when."""
    parts = [f"Action item{', done' if action.done else ''}: {shortened(action.what)}"]
    if action.owner:
        parts.append(f"who: {shortened(action.owner)}")
    if action.due:
        parts.append(f"by {shown_date(action.due)}")
    return in_words(visible_text(", ".join(parts)))

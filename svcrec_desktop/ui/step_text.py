"""What the window shows of a step and of a note, as text and HTML (no Qt needed)."""

from __future__ import annotations

import html

from svcrec_desktop.model import Note
from svcrec_desktop.playbook import Step

PREVIEW_CHARS = 600


def step_html(step: Step) -> str:
    """The script of a step as simple HTML: paragraphs, numbered points, questions to ask."""
    parts = [f"<p>{html.escape(p.strip())}</p>" for p in step.script.split("\n\n") if p.strip()]
    if step.points:
        items = "".join(f"<li>{html.escape(point)}</li>" for point in step.points)
        parts.append(f"<ol>{items}</ol>")
    if step.prompts:
        items = "".join(f"<li>{html.escape(prompt)}</li>" for prompt in step.prompts)
        parts.append(f"<p class='ask'>Ask the group:</p><ul>{items}</ul>")
    return "\n".join(parts)


def visible_text(text: str) -> str:
    """Show control characters as their visible pictures (␀, ␛…) instead of nothing."""
    return "".join(
        chr(0x2400 + ord(c)) if ord(c) < 0x20 and c not in "\n\t" else c for c in text
    )


def note_preview(note: Note) -> str:
    """A note as the list shows it: its time and up to a screenful of its text."""
    text = note.text
    if len(text) > PREVIEW_CHARS:
        more = len(text) - PREVIEW_CHARS
        text = f"{text[:PREVIEW_CHARS]}… ({more:,} more characters)"
    return f"{note.created_at:%H:%M}   {visible_text(text)}"

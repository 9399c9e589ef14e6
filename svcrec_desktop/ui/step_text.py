"""What the window shows of a step and of a note, as text and HTML (no Qt needed)."""

from __future__ import annotations

import html
from collections.abc import Sequence

from svcrec_desktop.model import Finding, Note
from svcrec_desktop.playbook import Step

PREVIEW_CHARS = 600


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
    kept_out = "[kept out of the export]   " if note.confidential else ""
    return f"{note.created_at:%H:%M}   {kept_out}{visible_text(text)}"

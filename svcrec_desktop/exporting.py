"""Export a stored session: the one entry point the window and the command line share."""

from __future__ import annotations

from pathlib import Path

from svcrec_desktop.model import Note
from svcrec_desktop.playbook import Playbook
from svcrec_desktop.storage import Store


def export_session(store: Store, playbook: Playbook, session_id: int, target: Path) -> Path:
    """Write the session's guide to target (.docx) atomically and return the path written."""
    # python-docx and lxml load only when an export is asked for, keeping them off start-up.
    from svcrec_desktop.export import export_guide

    session = store.session(session_id)
    return export_guide(session, exportable_notes(store, session_id), playbook, target)


def exportable_notes(store: Store, session_id: int) -> list[Note]:
    """The notes an export may show: every one not marked confidential."""
    return [note for note in store.notes(session_id) if not note.confidential]

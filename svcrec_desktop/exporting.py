"""Export a stored session: the one entry point the window and the command line share.

Kept free of python-docx so the window can offer the choices without loading it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from svcrec_desktop.agenda import Agenda
from svcrec_desktop.guide_model import GuideContent, GuideVersion, RecoveryItem
from svcrec_desktop.model import Action, Note, Session
from svcrec_desktop.playbook import Playbook
from svcrec_desktop.storage import Store


@dataclass(frozen=True)
class ExportOptions:
    """What the export dialog asks: which version, which appendices, the footer's small line."""

    version_id: int | None = None  # None: the guide as it is now
    include_notes: bool = True
    include_feedback: bool = True
    include_register: bool = False
    footer_text: str = ""  # empty: the method's credit line


@dataclass(frozen=True)
class GuideSource:
    """Everything one export of the guide is made from, read from the store in one place."""

    session: Session
    content: GuideContent
    version: GuideVersion | None
    notes: Sequence[Note]
    register: Sequence[RecoveryItem]
    register_totals: Sequence[tuple[str, int, int]]
    actions: Sequence[Action] = ()  # shown under their notes in the notes appendix
    # With the notes appendix, planned against actual time per step: each meeting's agenda
    # and the seconds spent on each step.
    agendas: Mapping[int, Agenda] = field(default_factory=dict)
    step_seconds: Mapping[str, float] = field(default_factory=dict)

    @classmethod
    def of_notes(cls, session: Session, notes: Sequence[Note]) -> GuideSource:
        """A guide nobody has filled in yet: the meeting notes and nothing else."""
        return cls(session, GuideContent(()), None, notes, (), ())


def guide_source(store: Store, session_id: int, options: ExportOptions) -> GuideSource:
    version = None
    if options.version_id is not None:
        version = next((v for v in store.versions(session_id) if v.id == options.version_id),
                       None)
        if version is None:
            raise ValueError("This session has no such version of the guide.")
    return GuideSource(
        session=store.session(session_id),
        content=version.content if version else store.guide_content(session_id),
        version=version,
        notes=exportable_notes(store, session_id),
        register=store.recovery_items(session_id),
        register_totals=store.monthly_totals(session_id),
        actions=store.actions(session_id),
        agendas={meeting: store.agenda(session_id, meeting) for meeting in (1, 2)},
        step_seconds=store.step_seconds(session_id),
    )


def export_session(store: Store, playbook: Playbook, session_id: int, target: Path,
                   options: ExportOptions | None = None) -> Path:
    """Write the session's guide to target (.docx) atomically and return the path written."""
    # python-docx and lxml load only when an export is asked for, keeping them off start-up.
    from svcrec_desktop.export import export_guide

    options = options or ExportOptions()
    return export_guide(guide_source(store, session_id, options), playbook, target,
                        options=options)


def exportable_notes(store: Store, session_id: int) -> list[Note]:
    """The notes an export may show: every one not marked confidential."""
    return [note for note in store.notes(session_id) if not note.confidential]


@dataclass(frozen=True)
class TypedText:
    """A text people typed that an export shows, keyed so a redaction can be stored back."""

    id: tuple[str, int]  # ("note", note id) or ("action", action id)
    text: str


def exportable_texts(store: Store, session_id: int) -> list[TypedText]:
    """What the privacy check reads: the exportable notes, then the action items under them."""
    notes = exportable_notes(store, session_id)
    shown = {note.uid for note in notes}
    return [TypedText(("note", note.id), note.text) for note in notes] + [
        TypedText(("action", action.id), action.what)
        for action in store.actions(session_id) if action.note_uid in shown]


def store_redacted(store: Store, key: tuple[str, int], text: str) -> None:
    """Put a redacted text back where it came from (see exportable_texts)."""
    kind, row_id = key
    if kind == "note":
        store.update_note(row_id, text=text)
    else:
        action = store.action(row_id)
        store.update_action(row_id, what=text, owner=action.owner, due=action.due)

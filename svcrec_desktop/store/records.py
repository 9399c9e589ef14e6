"""What the guide editor edits, as records of text fields, whatever the store keeps them as.

The guide's sections, meeting 2's feedback and the register of recovery items are all shown
the same way: a list of records and a form for the chosen one. Each kind of record gets a
small adapter here that turns the store's values into text fields and back, so the editor
has one piece of code for all of them and these conversions are tested without a window.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from svcrec_desktop.domain.guide_model import (
    FEEDBACK_LABELS,
    WHOLE_GUIDE,
    FeedbackKind,
    FieldKind,
    SectionSpec,
    held_back,
    money,
)
from svcrec_desktop.domain.model import Note, a_year_on, long_date
from svcrec_desktop.domain.playbook import Playbook
from svcrec_desktop.store.database import Store
from svcrec_desktop.store.guide import CONFIDENTIAL_REFUSAL


@dataclass(frozen=True)
class RecordField:
    """A field as the form shows it; choices are (shown, stored) pairs. A suggested field
    is a line that offers Records.suggestions for it and takes any text too. An example is
    shown in an empty line (a label with it would be too long to read at a glance). A worth
    field holds what one recovery item is worth, checked against the organisation's limit."""

    name: str
    label: str
    kind: FieldKind = FieldKind.LINE
    choices: tuple[tuple[str, str], ...] = ()
    suggested: bool = False
    example: str = ""
    worth: bool = False


@dataclass(frozen=True)
class Record:
    id: int
    fields: dict[str, str]
    from_note: str = ""  # the uids of the notes it was made from, space-separated
    # Made from a note now kept out of exports or deleted: it stays out of every export
    # until it is rewritten and released.
    held_back: bool = False

    def headline(self, name: str) -> str:
        """The record's name in a list: the first line of its first field."""
        text = self.fields.get(name, "").strip()
        return text.splitlines()[0][:200] if text else ""


class Records(ABC):
    """One kind of record of one session: list, add, change, delete, undo a delete."""

    fields: tuple[RecordField, ...]
    single = False  # one form rather than a list (a section such as logistics)
    parsers: ClassVar[dict[str, Callable[[str], object]]] = {}  # fields whose text must be parsed
    movable = False
    empty_name = "(new)"
    empty_texts_follow: frozenset[str] = frozenset()  # fields that change what empty_texts say

    def __init__(self, store: Store, session_id: int) -> None:
        self.store = store
        self.session_id = session_id

    @property
    def headline(self) -> str:
        return self.fields[0].name

    @abstractmethod
    def records(self) -> list[Record]:
        """The session's records in the order the editor lists them."""

    @abstractmethod
    def update(self, record_id: int, name: str, value: str) -> None:
        """Store one field's new text (see check)."""

    def check(self, name: str, value: str) -> None:
        """ValueError, saying how to write it, if the text cannot be stored in this field."""
        self.parsers.get(name, str)(value)

    def suggestions(self) -> dict[str, list[str]]:
        """What the suggested fields offer, by field name (read again at every reload)."""
        return {}

    def empty_texts(self, fields: dict[str, str]) -> dict[str, str]:
        """What an empty field says instead, given the record's values (those named in
        empty_texts_follow are enough): the date a field falls back on when left empty."""
        return {}

    def add(self, fields: dict[str, str] | None = None, from_note: str = "") -> int:
        raise TypeError(f"{type(self).__name__} is one form; nothing can be added to it.")

    def add_notes(self, notes: Sequence[Note]) -> int:
        """Make a record of each note, linked to it; the id of the last one made.

        ValueError for a confidential note: nothing is added then.
        """
        if any(note.confidential for note in notes):
            raise ValueError(CONFIDENTIAL_REFUSAL)
        last = 0
        for note in notes:
            last = self.add({self.headline: note.text}, note.uid)
        return last

    def release(self, record_id: int) -> None:
        """Let a held-back record leave again; ValueError while it still quotes the note."""
        raise TypeError(f"{type(self).__name__} is never made from a note.")

    def delete(self, record_id: int) -> None:
        raise TypeError(f"{type(self).__name__} is one form; it cannot be deleted.")

    def restore(self, record_id: int) -> None:
        raise TypeError(f"{type(self).__name__} is one form; it cannot be deleted.")

    def move(self, record_id: int, position: int) -> None:
        raise TypeError(f"{type(self).__name__} keeps its own order.")


class SectionRecords(Records):
    """The items of one guide section (a single section has at most one)."""

    movable = True

    def __init__(self, store: Store, session_id: int, spec: SectionSpec) -> None:
        super().__init__(store, session_id)
        self.spec = spec
        self.single = spec.single
        self.fields = tuple(
            RecordField(f.name, f.label, f.kind, tuple((c, c) for c in f.choices),
                        f.suggests_themes, worth=f.worth)
            for f in spec.fields)

    def suggestions(self) -> dict[str, list[str]]:
        """The session's complaint-finding themes, each once, for a field that answers one."""
        names = [f.name for f in self.fields if f.suggested]
        if not names:
            return {}
        themes = list(dict.fromkeys(
            f.theme.strip() for f in self.store.findings.of_session(self.session_id)
            if f.theme.strip()))
        return dict.fromkeys(names, themes)

    def records(self) -> list[Record]:
        withheld = self.store.notes.withheld()
        return [Record(i.id, dict(i.fields), i.from_note, held_back(i, withheld))
                for i in self.store.guide.items(self.session_id, self.spec.id)]

    def add(self, fields: dict[str, str] | None = None, from_note: str = "") -> int:
        return self.store.guide.add_item(self.session_id, self.spec.id, fields or {},
                                         from_note=from_note).id

    def add_notes(self, notes: Sequence[Note]) -> int:
        """A single section's form takes the notes' words at the end of its text, and keeps
        the link to each of them; a list section makes an item of each."""
        if not self.single:
            return super().add_notes(notes)
        return self.store.guide.add_notes_to_form(self.session_id, self.spec.id,
                                            [note.id for note in notes]).id

    def release(self, record_id: int) -> None:
        self.store.guide.release_item(record_id)

    def update(self, record_id: int, name: str, value: str) -> None:
        if self.single:  # the form's item is made by its first change
            self.store.guide.set_form(self.session_id, self.spec.id, {name: value})
        else:
            self.store.guide.update_item(record_id, {name: value})

    def delete(self, record_id: int) -> None:
        self.store.guide.delete_item(record_id)

    def restore(self, record_id: int) -> None:
        self.store.guide.restore_item(record_id)

    def move(self, record_id: int, position: int) -> None:
        self.store.guide.move_item(record_id, position)


def section_choices(playbook: Playbook) -> tuple[tuple[str, str], ...]:
    """Where feedback can point: the guide as a whole, then each section by its title."""
    return ((WHOLE_GUIDE, ""), *((s.title, s.id) for s in playbook.guide))


class FeedbackRecords(Records):
    """What was said at meeting 2, and what the facilitator did about it."""

    empty_name = "(new feedback)"

    def __init__(self, store: Store, session_id: int, playbook: Playbook) -> None:
        super().__init__(store, session_id)
        self.fields = (
            RecordField("text", "What was said", FieldKind.TEXT),
            RecordField("kind", "Kind", FieldKind.CHOICE,
                        tuple((label, kind.value) for kind, label in FEEDBACK_LABELS.items())),
            RecordField("section", "About", FieldKind.CHOICE, section_choices(playbook)),
            RecordField("response", "What we did about it", FieldKind.TEXT),
        )

    def records(self) -> list[Record]:
        withheld = self.store.notes.withheld()
        return [Record(f.id, {"text": f.text, "kind": f.kind.value, "section": f.section,
                              "response": f.response}, f.from_note, held_back(f, withheld))
                for f in self.store.feedback.of_session(self.session_id)]

    def add(self, fields: dict[str, str] | None = None, from_note: str = "") -> int:
        fields = fields or {}
        return self.store.feedback.add(
            self.session_id, FeedbackKind(fields.get("kind") or FeedbackKind.MISSING),
            fields.get("text", ""), fields.get("section", ""), from_note=from_note).id

    def release(self, record_id: int) -> None:
        self.store.feedback.release(record_id)

    def update(self, record_id: int, name: str, value: str) -> None:
        if name == "kind":
            self.store.feedback.update(record_id, kind=FeedbackKind(value or "missing"))
        else:
            self.store.feedback.set_text(record_id, name, value)

    def delete(self, record_id: int) -> None:
        self.store.feedback.delete(record_id)

    def restore(self, record_id: int) -> None:
        self.store.feedback.restore(record_id)


_MONEY = re.compile(r"\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*")
MAX_CENTS = 10**11 - 1  # the most parse_money reads: nine digits and two decimals


def parse_money(text: str) -> int:
    """A value typed as 12, 12.5 or 12,50, in cents; ValueError says how to write it."""
    if not text.strip():
        return 0
    found = _MONEY.fullmatch(text)
    if found is None:
        raise ValueError(f"{text.strip()[:40]!r} is not a value: write it like 12.50.")
    return int(found[1]) * 100 + int((found[2] or "0").ljust(2, "0"))


class RegisterRecords(Records):
    """Recovery items handed out under Level One; never a patient's name."""

    empty_name = "(new item)"
    parsers: ClassVar[dict[str, Callable[[str], object]]] = {"value": parse_money}
    fields = (
        RecordField("item", "Item handed out"),
        RecordField("given_on", "Date", FieldKind.DATE),
        RecordField("value", "Value", example="e.g. 12.50", worth=True),
        RecordField("reason", "Reason (no patient names)", FieldKind.TEXT),
        RecordField("giver", "Unit or role of the giver"),
        RecordField("receipt", "Receipt turned in", FieldKind.CHECK),
    )

    def records(self) -> list[Record]:
        return [Record(r.id, {"item": r.item, "given_on": r.given_on.isoformat(),
                              "value": money(r.value_cents) if r.value_cents else "",
                              "reason": r.reason, "giver": r.giver,
                              "receipt": "yes" if r.receipt else ""})
                for r in self.store.register.items(self.session_id)]

    def add(self, fields: dict[str, str] | None = None, from_note: str = "") -> int:
        return self.store.register.add(self.session_id, given_on=date.today(),
                                            item=(fields or {}).get("item", "")).id

    def update(self, record_id: int, name: str, value: str) -> None:
        if name == "given_on":
            changes: dict[str, object] = {name: date.fromisoformat(value or
                                                                   date.today().isoformat())}
        elif name == "value":
            changes = {"value_cents": parse_money(value)}
        elif name == "receipt":
            changes = {name: value == "yes"}
        else:
            changes = {name: value}
        self.store.register.update(record_id, **changes)

    def delete(self, record_id: int) -> None:
        self.store.register.delete(record_id)

    def restore(self, record_id: int) -> None:
        self.store.register.restore(record_id)


def _optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class AfterRecords(Records):
    """What the session keeps about its guide once written, on the session itself: one form.

    Document control (owner, approval, next review) goes on the title page, the help contact
    on the closing page; the reflection is the facilitator's own.
    """

    single = True
    parsers: ClassVar[dict[str, Callable[[str], object]]] = {
        "approved_on": _optional_date, "review_on": _optional_date}
    empty_texts_follow = frozenset({"approved_on"})

    def __init__(self, store: Store, session_id: int, help_contact: str = "") -> None:
        super().__init__(store, session_id)
        self.help_contact = help_contact  # the organisation's: the exports' when none is here
    fields = (
        RecordField("owner", "Who keeps the guide up to date"),
        RecordField("approved_by", "Approved by"),
        RecordField("approved_on", "Date approved", FieldKind.DATE),
        RecordField("review_on", "Next review date", FieldKind.DATE),
        RecordField("help_contact", "The organisation's help contact (patient relations)"),
        RecordField("reflection", "How did it go? A short reflection", FieldKind.TEXT),
    )

    def records(self) -> list[Record]:
        session = self.store.sessions.get(self.session_id)
        values = {field.name: getattr(session, field.name) for field in self.fields}
        return [Record(session.id, {name: value.isoformat() if isinstance(value, date)
                                    else value or "" for name, value in values.items()})]

    def update(self, record_id: int, name: str, value: str) -> None:
        if name in self.parsers:
            self.store.sessions.set_date(self.session_id, name, _optional_date(value))
        else:
            self.store.sessions.set_text(self.session_id, name, value)

    def empty_texts(self, fields: dict[str, str]) -> dict[str, str]:
        """An empty review date falls on the approval date a year on; an empty help contact
        on the organisation's."""
        texts = ({"help_contact": f"{self.help_contact} (your organisation's)"}
                 if self.help_contact else {})
        try:
            approved = _optional_date(fields.get("approved_on", ""))
        except ValueError:
            approved = None
        if approved is None:
            return {**texts, "review_on": "a year after approval"}
        return {**texts, "review_on": f"{long_date(a_year_on(approved))}, a year after approval"}

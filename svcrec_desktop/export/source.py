"""What may leave the application, and the one entry point for writing a guide.

Every route by which a session's words leave — the guide (as it is now or any frozen
version), the facilitator's record, the quick card, the register for finance, the invitation,
the projector — reads the session through exportable_view, the single place that decides what
may leave: never a confidential (kept-out) or deleted note, their tags and action items, nor
anything made from such a note, even inside a version frozen before the note was marked. The
privacy check reads the same view through the *_texts functions, which list exactly what each
route writes.

Kept free of python-docx so the window can offer the choices without loading it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from svcrec_desktop.domain.agenda import Agenda
from svcrec_desktop.domain.guide_model import (
    GuideContent,
    GuideItem,
    GuideVersion,
    RecoveryItem,
    held_back,
    money,
    section_spec,
    without_held_back,
)
from svcrec_desktop.domain.invitation import invitation_text
from svcrec_desktop.domain.model import Action, Finding, Note, Session, counted, long_date
from svcrec_desktop.domain.organisation import Organisation, over_limit
from svcrec_desktop.domain.page_format import PageFormat, page_format_from_locale
from svcrec_desktop.domain.playbook import GuideSection, Playbook
from svcrec_desktop.domain.privacy import Identifier, find_identifiers
from svcrec_desktop.domain.shown_text import clipped
from svcrec_desktop.store.database import Store


@dataclass(frozen=True)
class ExportOptions:
    """What the export dialog asks: which version, which appendices, the footer's small line."""

    version_id: int | None = None  # None: the guide as it is now
    include_notes: bool = False  # an appendix; the facilitator's record holds every note
    include_feedback: bool = True
    include_register: bool = False
    footer_text: str = ""  # empty: the method's credit line
    page: PageFormat = field(default_factory=page_format_from_locale)  # paper and language


@dataclass(frozen=True)
class GuideSource:
    """A session as it may leave the application: what every export is made from.

    Built by exportable_view only (tests may build one by hand from plain values).
    """

    session: Session
    content: GuideContent
    version: GuideVersion | None
    notes: Sequence[Note]
    register: Sequence[RecoveryItem]
    register_totals: Sequence[tuple[str, int, int]]
    actions: Sequence[Action] = ()  # shown under their notes (record, notes appendix)
    # The facilitator's record's planned against actual time per step: each meeting's agenda
    # and the seconds spent on each step.
    agendas: Mapping[int, Agenda] = field(default_factory=dict)
    step_seconds: Mapping[str, float] = field(default_factory=dict)
    findings: Sequence[Finding] = ()  # "What patients told us", before the mistakes
    held_back: int = 0  # guide items and feedback left out: made from withheld notes
    final_published: bool = False  # the session has a final version (a draft then says so)

    @classmethod
    def of_notes(cls, session: Session, notes: Sequence[Note]) -> GuideSource:
        """A guide nobody has filled in yet: the meeting notes and nothing else."""
        return cls(session, GuideContent(()), None, notes, (), ())

    @property
    def draft(self) -> bool:
        return self.version is None or not self.version.final

    def notes_said_about(self, section: GuideSection) -> list[Note]:
        """The notes a draft shows under a section nobody has filled in yet."""
        return [note for note in self.notes
                if note.step_id in section.from_steps and not note.parked]

    def filled(self, section_id: str) -> list[GuideItem]:
        """A section's items that have anything filled in: what the guide shows of it."""
        return [item for item in self.content.section(section_id)
                if any(value.strip() for value in item.fields.values())]

    def empty_sections(self, playbook: Playbook) -> list[GuideSection]:
        """The sections nobody has filled in yet."""
        return [section for section in playbook.guide if not self.filled(section.id)]


def exportable_view(store: Store, session_id: int, version_id: int | None = None
                    ) -> GuideSource:
    """The one rule for what may leave: the session with everything private left out."""
    versions = store.versions.of_session(session_id)
    version = None
    if version_id is not None:
        version = next((v for v in versions if v.id == version_id), None)
        if version is None:
            raise ValueError("This session has no such version of the guide.")
    withheld = store.notes.withheld()
    content = version.content if version else store.guide.content(session_id)
    notes = [note for note in store.notes.of_session(session_id) if note.uid not in withheld]
    shown = {note.uid for note in notes}
    return GuideSource(
        session=store.sessions.get(session_id),
        content=without_held_back(content, withheld),
        version=version,
        notes=notes,
        register=store.register.items(session_id),
        register_totals=store.register.monthly_totals(session_id),
        actions=[a for a in store.actions.of_session(session_id) if a.note_uid in shown],
        agendas={meeting: store.agenda.get(session_id, meeting) for meeting in (1, 2)},
        step_seconds=store.times.of_session(session_id),
        findings=store.findings.of_session(session_id),
        held_back=sum(held_back(item, withheld) for item in content.items)
        + sum(held_back(said, withheld) for said in content.feedback),
        final_published=any(v.final for v in versions),
    )


def with_organisation(view: GuideSource, organisation: Organisation) -> GuideSource:
    """The view as the organisation completes it: its help contact for a session that has
    none of its own. Applied after the privacy check, which reads what people typed, once
    the file is about to be written."""
    if view.session.help_contact.strip() or not organisation.help_contact:
        return view
    return replace(view, session=replace(view.session, help_contact=organisation.help_contact))


def above_limit(view: GuideSource, limit_cents: int | None, *, offers: bool = True,
                register: bool = True) -> list[str]:
    """The offers and the register's items an export writes that are worth more than the
    organisation's limit for one recovery item, one line each (noted, never refused: the
    limit may have been agreed otherwise)."""
    if limit_cents is None:
        return []
    found = []
    if offers:
        found += [f"the offer “{clipped(item.get('offer'), 60)}”, up to "
                  f"{clipped(item.get('limit'), 30)}" for item in view.filled("offers")
                  if over_limit(item.get("limit"), limit_cents)]
    if register:
        found += [f"“{clipped(row.item, 60)}” handed out on {long_date(row.given_on)}, "
                  f"{money(row.value_cents)}" for row in view.register
                  if row.value_cents > limit_cents]
    return found


def above_limit_sentence(view: GuideSource, limit_cents: int | None, *, offers: bool = True,
                         register: bool = True) -> str:
    """What above_limit finds, in one sentence for the person exporting; "" for nothing."""
    found = above_limit(view, limit_cents, offers=offers, register=register)
    if not found or limit_cents is None:
        return ""
    return (f"{counted(len(found), 'value')} above your organisation's limit of "
            f"{money(limit_cents)} for one recovery item: {'; '.join(found)}.")


# What the privacy check reads --------------------------------------------------------------


@dataclass(frozen=True)
class TypedText:
    """A text people typed that an export writes: where a person finds it, and a key that
    store_redacted uses to put a redacted text back in its place."""

    id: tuple[str | int, ...]
    where: str
    text: str


SESSION_DETAILS = {"department": "Department", "facilitator": "Facilitator",
                   "note_taker": "Note-taker"}
# The guide's title page: its details and its document control.
TITLE_PAGE_DETAILS = {**SESSION_DETAILS, "owner": "Owner", "approved_by": "Approved by",
                      "help_contact": "Help contact"}
RECORD_DETAILS = {**SESSION_DETAILS, "reflection": "How it went"}
FINDING_TEXTS = {"theme": "theme", "source": "source", "example": "example"}


def _session_texts(session: Session, names: Mapping[str, str]) -> Iterator[TypedText]:
    for name, label in names.items():
        yield TypedText(("session", session.id, name), f"Session details · {label}",
                        getattr(session, name))


def _note_texts(view: GuideSource, notes: Sequence[Note], playbook: Playbook, *,
                with_actions: bool = True) -> Iterator[TypedText]:
    """The notes and, under them, their action items, as the notes appendix writes them."""
    for note in notes:
        where = f"Note · {_step_title(playbook, note.step_id)} · {note.created_at:%H:%M}"
        yield TypedText(("note", note.id), where, note.text)
        for action in view.actions if with_actions else ():
            if action.note_uid == note.uid:
                yield TypedText(("action", action.id, "what"), f"{where} · action item",
                                action.what)
                yield TypedText(("action", action.id, "owner"), f"{where} · action item, who",
                                action.owner)


def _content_texts(view: GuideSource, playbook: Playbook, sections: Sequence[str],
                   feedback: bool) -> Iterator[TypedText]:
    """The guide items of these sections and, if asked, the feedback, keyed to the live
    records or to the frozen version they are read from."""
    version = view.version

    def key(part: str, row_id: int, uid: str, name: str) -> tuple[str | int, ...]:
        if version is None:
            return (part, row_id, name)
        return ("version", version.id, part, uid, name)

    for section_id in sections:
        spec = section_spec(section_id)
        title = playbook.guide_section(section_id).title
        for number, item in enumerate(view.content.section(section_id), 1):
            for spec_field in spec.fields:
                place = title if spec.single else f"{title} · item {number}"
                yield TypedText(key("item", item.id, item.uid, spec_field.name),
                                f"Guide · {place} · {spec_field.label}", item.get(spec_field.name))
    if feedback:
        for said in view.content.feedback:
            yield TypedText(key("feedback", said.id, said.uid, "text"),
                            "Feedback from meeting 2 · what was said", said.text)
            yield TypedText(key("feedback", said.id, said.uid, "response"),
                            "Feedback from meeting 2 · what we did", said.response)


def _finding_texts(view: GuideSource) -> Iterator[TypedText]:
    """The complaint findings, as "What patients told us" writes them."""
    for number, finding in enumerate(view.findings, 1):
        for name, label in FINDING_TEXTS.items():
            yield TypedText(("finding", finding.id, name),
                            f"What patients told us · theme {number} · {label}",
                            getattr(finding, name))


def _register_texts(view: GuideSource) -> Iterator[TypedText]:
    for row in view.register:
        for name, label in (("item", "item"), ("reason", "reason"), ("giver", "given by")):
            yield TypedText(("recovery", row.id, name),
                            f"Register · {long_date(row.given_on)} · {label}", getattr(row, name))


def guide_texts(view: GuideSource, playbook: Playbook, options: ExportOptions
                ) -> list[TypedText]:
    """Every typed text the guide writes with these options."""
    texts = [*_session_texts(view.session, TITLE_PAGE_DETAILS), *_finding_texts(view),
             # with the notes, meeting 2's feedback steps show what was said at them
             *_content_texts(view, playbook, [s.id for s in playbook.guide],
                             options.include_feedback or options.include_notes)]
    if options.include_register:
        texts += _register_texts(view)
    if options.include_notes:
        texts += _note_texts(view, [n for n in view.notes if not n.parked], playbook)
    elif view.draft:  # a draft shows the team's notes under each section not filled in yet
        said = {note.id: note for section in view.empty_sections(playbook)
                for note in view.notes_said_about(section)}
        texts += _note_texts(view, list(said.values()), playbook, with_actions=False)
    return _typed(texts)


def record_texts(view: GuideSource, playbook: Playbook) -> list[TypedText]:
    """Every typed text the facilitator's record writes: every note (parked ones too) with
    its action items, meeting 2's feedback and how it went."""
    texts = [*_session_texts(view.session, RECORD_DETAILS),
             *_note_texts(view, view.notes, playbook),
             *_content_texts(view, playbook, (), feedback=True)]
    return _typed(texts)


def quick_card_texts(view: GuideSource, playbook: Playbook) -> list[TypedText]:
    """Every typed text the quick card writes."""
    texts = [*_session_texts(view.session, {**SESSION_DETAILS, "help_contact": "Help contact"}),
             *_content_texts(view, playbook, ("steps", "offers", "escalation", "grievance",
                                              "logistics"), feedback=False)]
    return _typed(texts)


def register_texts(view: GuideSource) -> list[TypedText]:
    """Every typed text the register's CSV file writes."""
    return _typed(_register_texts(view))


def invitation_texts(view: GuideSource, playbook: Playbook) -> list[TypedText]:
    """Every typed text the invitation letter writes."""
    session = view.session
    texts = [*_session_texts(session, {"department": "Department",
                                       "facilitator": "Facilitator",
                                       "preread_title": "Pre-read",
                                       "preread_where": "Where the pre-read is"})]
    if session.invitation.strip():
        texts.append(TypedText(("session", session.id, "invitation"), "Invitation",
                               invitation_text(session, playbook)))
    return _typed(texts)


def room_texts(view: GuideSource, playbook: Playbook, step_id: str) -> list[TypedText]:
    """The saved notes of one step as the projector would show them."""
    return _typed(_note_texts(view, [n for n in view.notes if n.step_id == step_id],
                              playbook))


def _step_title(playbook: Playbook, step_id: str) -> str:
    step = playbook.step(step_id)
    return step.title if step else "a step no longer used"


def _typed(texts: Iterator[TypedText] | list[TypedText]) -> list[TypedText]:
    """Only texts with something in them: an empty field cannot hold an identifier."""
    return [text for text in texts if text.text.strip()]


def all_texts(view: GuideSource, playbook: Playbook) -> list[TypedText]:
    """Every typed text any route could write for this view: the guide with every
    appendix, the facilitator's record, the quick card, the register and the invitation,
    each text once."""
    everything = ExportOptions(include_notes=True, include_feedback=True, include_register=True)
    found = {text.id: text for text in (
        *guide_texts(view, playbook, everything), *record_texts(view, playbook),
        *quick_card_texts(view, playbook), *register_texts(view),
        *invitation_texts(view, playbook))}
    return list(found.values())


@dataclass(frozen=True)
class Spotted:
    """A likely patient identifier and where a person finds it."""

    where: str
    identifier: Identifier


def spot_identifiers(texts: Sequence[TypedText]) -> list[Spotted]:
    """The privacy check over exactly these texts, each finding with its place."""
    places: dict[Hashable, str] = {text.id: text.where for text in texts}
    return [Spotted(places[found.note_id], found) for found in find_identifiers(texts)]


def store_redaction(store: Store, key: tuple[str | int, ...], before: str, after: str) -> None:
    """Store a redaction where the text came from, and leave no other copy of the words it
    replaced in the database (frozen versions, a feedback made of the same note…) nor a
    trace of them on disk. The backups follow with backups.rewrite_backups."""
    store_redacted(store, key, after)
    store.erasure.erase_copies(before, after)


def store_redacted(store: Store, key: tuple[str | int, ...], text: str) -> None:
    """Put a text back where TypedText.id says it came from (a redaction, or its undo)."""
    kind, row_id, *rest = key
    assert isinstance(row_id, int)
    if kind == "note":
        store.notes.update(row_id, text=text)
    elif kind == "action":
        action = store.actions.get(row_id)
        what, owner = (text, action.owner) if rest == ["what"] else (action.what, text)
        store.actions.update(row_id, what=what, owner=owner, due=action.due)
    elif kind == "item":
        store.guide.update_item(row_id, {str(rest[0]): text})
    elif kind == "feedback":
        store.feedback.set_text(row_id, str(rest[0]), text)
    elif kind == "recovery":
        store.register.update(row_id, **{str(rest[0]): text})
    elif kind == "finding":
        store.findings.update(row_id, **{str(rest[0]): text})
    elif kind == "session":
        store.sessions.set_text(row_id, str(rest[0]), text)
    elif kind == "version":
        part, uid, name = (str(value) for value in rest)
        store.versions.update_text(row_id, part, uid, name, text)
    else:
        raise ValueError(f"Not a kind of typed text: {kind}")

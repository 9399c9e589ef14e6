"""The department guide as structured data: sections of items with known fields.

Each section is a list of items (mistakes, offers, escalation routes…) or a single item
(the on-the-spot steps, logistics). An item's fields are plain text keyed by field name, so
the database, the editor, a frozen version and the Word export all hold the same thing.
The structure lives here because code depends on it; titles and guidance come from the
playbook so that departments can reword them.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from svcrec_desktop.domain.model import long_date


class FieldKind(StrEnum):
    LINE = "line"  # one line of text
    TEXT = "text"  # several lines
    DATE = "date"  # an ISO date, or empty
    CHOICE = "choice"  # one of the field's choices, or empty
    CHECK = "check"  # "yes" or empty


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    kind: FieldKind = FieldKind.LINE
    choices: tuple[str, ...] = ()
    # The editor offers the session's complaint-finding themes for it; any text may be typed.
    suggests_themes: bool = False
    # What one recovery item is worth: checked against the organisation's limit for one.
    worth: bool = False


@dataclass(frozen=True)
class SectionSpec:
    """One section of the guide: what each of its items holds."""

    id: str
    fields: tuple[FieldSpec, ...]
    single: bool = False  # one item (a form) rather than a list of them

    @property
    def headline(self) -> str:
        """The field that names an item in lists and headings."""
        return self.fields[0].name


F = FieldSpec
STEP_MODELS = ("HEART: hear, empathise, apologise, respond, thank", "Our own steps")
RESOURCE_STATUSES = ("adopted", "needs more thought", "not now")

SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("mistakes", (
        F("mistake", "Common mistake"),
        F("theme", "Theme it answers", suggests_themes=True),
        F("make_right", "How we make it right", FieldKind.TEXT),
        F("on_the_spot", "What any of us may do on the spot", FieldKind.TEXT),
        F("tell", "Who we tell afterwards"),
        F("documented", "How it is documented"),
    )),
    SectionSpec("steps", (
        F("model", "Model we follow", FieldKind.CHOICE, STEP_MODELS),
        F("steps", "Our on-the-spot steps, one per line", FieldKind.TEXT),
    ), single=True),
    SectionSpec("offers", (
        F("offer", "What staff may offer without asking"),
        F("roles", "Who may offer it"),
        F("limit", "Up to (value or limit)", worth=True),
    )),
    SectionSpec("escalation", (
        F("when", "When a concern goes further"),
        F("to_whom", "Who takes it on"),
        F("contact", "How to reach them"),
    )),
    SectionSpec("grievance", (
        F("when_formal", "When a complaint becomes a formal grievance", FieldKind.TEXT),
        F("process", "What we do then", FieldKind.TEXT),
        F("contact", "Patient relations contact"),
    ), single=True),
    SectionSpec("resources", (
        F("idea", "Resource or tool"),
        F("owner", "Owner"),
        F("status", "Status", FieldKind.CHOICE, RESOURCE_STATUSES),
    )),
    SectionSpec("logistics", (
        F("guide_kept", "Where this guide is kept"),
        F("items_kept", "Where recovery items are kept"),
        F("receipts", "How receipts are turned in", FieldKind.TEXT),
    ), single=True),
    SectionSpec("assignments", (
        F("what", "What"),
        F("who", "Who"),
        F("due", "By when", FieldKind.DATE),
        F("done", "Done", FieldKind.CHECK),
    )),
)
SECTION_IDS = tuple(s.id for s in SECTIONS)
# What feedback is about when it is about no one section.
WHOLE_GUIDE = "The guide as a whole"


def section_spec(section_id: str) -> SectionSpec:
    """The section with this id; KeyError names it if there is none."""
    for spec in SECTIONS:
        if spec.id == section_id:
            return spec
    raise KeyError(f"No guide section is called {section_id!r}.")


def clean_fields(section_id: str, fields: dict[str, str]) -> dict[str, str]:
    """Only the section's own fields, each as text: what may be stored for an item."""
    names = {f.name for f in section_spec(section_id).fields}
    unknown = set(fields) - names
    if unknown:
        raise ValueError(f"The {section_id} section has no field {', '.join(sorted(unknown))}.")
    return {name: str(value) for name, value in fields.items()}


@dataclass(frozen=True)
class GuideItem:
    """One mistake, offer, route, resource, assignment… or a single section's form."""

    id: int
    uid: str
    section: str
    position: int
    fields: dict[str, str]
    # The uids of the notes it was made from, space-separated: one for a list item, any
    # number for a single section's form that notes were added to.
    from_note: str = ""

    def get(self, name: str) -> str:
        return self.fields.get(name, "")

    @property
    def source_notes(self) -> tuple[str, ...]:
        return tuple(self.from_note.split())


HEART_STEPS = ("Hear the concern out without interrupting.",
               "Empathise: say you understand why it matters.",
               "Apologise sincerely, without blaming anyone.",
               "Respond: fix what you can now, and say what happens next.",
               "Thank the patient or family for telling you.")


def on_the_spot_steps(steps: GuideItem | None) -> list[str]:
    """The department's own steps, one per line; HEART's when it chose the model."""
    own = [line.strip() for line in (steps.get("steps") if steps else "").splitlines()
           if line.strip()]
    if own:
        return own
    if steps is not None and steps.get("model") == STEP_MODELS[0]:
        return list(HEART_STEPS)
    return []


def money(cents: int) -> str:
    """A value as the register shows it: two decimals, no currency sign (departments differ)."""
    return f"{cents // 100}.{cents % 100:02d}"


class FeedbackKind(StrEnum):
    """Meeting 2 asks three questions about the draft."""

    MISSING = "missing"
    OFF = "off"
    RIGHT = "right"

    @property
    def label(self) -> str:
        return FEEDBACK_LABELS[self]


FEEDBACK_LABELS = {
    FeedbackKind.MISSING: "What is missing",
    FeedbackKind.OFF: "What feels off",
    FeedbackKind.RIGHT: "What feels right",
}


@dataclass(frozen=True)
class Feedback:
    """Something said at meeting 2 about one section of the draft, and what was done."""

    id: int
    uid: str
    kind: FeedbackKind
    section: str  # a section id, or "" for the guide as a whole
    text: str
    response: str  # what the facilitator did about it; shown on the "what changed" page
    created_at: datetime
    from_note: str = ""  # uid of the note it was typed as in meeting 2, if any

    @property
    def source_notes(self) -> tuple[str, ...]:
        return tuple(self.from_note.split())


class VersionStatus(StrEnum):
    DRAFT = "draft"  # frozen to present at meeting 2
    FINAL = "final"  # published after the feedback

    @property
    def label(self) -> str:
        return "Final" if self is VersionStatus.FINAL else "Draft"


@dataclass(frozen=True)
class GuideContent:
    """Everything a version of the guide holds: what a Word export is made from."""

    items: tuple[GuideItem, ...]
    feedback: tuple[Feedback, ...] = ()

    def section(self, section_id: str) -> list[GuideItem]:
        return sorted((i for i in self.items if i.section == section_id),
                      key=lambda i: (i.position, i.id))

    def single(self, section_id: str) -> GuideItem | None:
        found = self.section(section_id)
        return found[0] if found else None


def held_back(part: GuideItem | Feedback, withheld: AbstractSet[str]) -> bool:
    """True when the item or feedback was made from a note that may not leave (kept out of
    exports, or deleted): its words may be the note's own, so it stays in with the note."""
    return not withheld.isdisjoint(part.source_notes)


def without_held_back(content: GuideContent, withheld: AbstractSet[str]) -> GuideContent:
    """The content with everything made from a withheld note left out."""
    return GuideContent(
        tuple(item for item in content.items if not held_back(item, withheld)),
        tuple(said for said in content.feedback if not held_back(said, withheld)),
    )


@dataclass(frozen=True)
class GuideVersion:
    """A frozen copy of the guide: the draft shown at meeting 2, or a published final.

    number runs across every version of the session (it is what the files keep); ordinal
    counts within the status, so that people read "Draft 1, Draft 2, Final 1".
    """

    id: int
    uid: str
    number: int
    status: VersionStatus
    created_at: datetime
    content: GuideContent = field(repr=False)
    ordinal: int = 1  # its place among the session's versions of the same status, from 1

    @property
    def final(self) -> bool:
        return self.status is VersionStatus.FINAL

    @property
    def name(self) -> str:
        """What people call it: "Draft 2", "Final 1"."""
        return f"{self.status.label} {self.ordinal}"

    @property
    def label(self) -> str:
        return f"{self.name} · {long_date(self.created_at)}"


def newest(versions: Sequence[GuideVersion], status: VersionStatus) -> GuideVersion | None:
    """The latest of the versions (oldest first) with this status, if there is one."""
    return next((v for v in reversed(versions) if v.status is status), None)


def version_named(versions: Sequence[GuideVersion], wanted: str) -> GuideVersion | None:
    """The version a person names: "final" or "draft" for the newest of it, a name such as
    "Final 1" or "draft 2", or the stored number scripts used before versions had names."""
    words = wanted.casefold().split()
    statuses = {status.value: status for status in VersionStatus}
    if len(words) == 1 and words[0] in statuses:
        return newest(versions, statuses[words[0]])
    if len(words) == 1 and words[0].isdecimal():
        return next((v for v in versions if str(v.number) == words[0].lstrip("0")), None)
    return next((v for v in versions if v.name.casefold().split() == words), None)


@dataclass(frozen=True)
class RecoveryItem:
    """One item handed to a patient or family under Level One; never a patient's name."""

    id: int
    uid: str
    given_on: date
    item: str
    value_cents: int
    reason: str
    giver: str  # unit or role of whoever gave it
    receipt: bool


def content_to_data(content: GuideContent) -> dict:
    """A version's content as JSON-ready data (stored with the version, exported in files)."""
    return {
        "items": [{"uid": i.uid, "section": i.section, "position": i.position,
                   "fields": i.fields, "from_note": i.from_note} for i in content.items],
        "feedback": [{"uid": f.uid, "kind": f.kind.value, "section": f.section, "text": f.text,
                      "response": f.response, "created_at": f.created_at.isoformat(),
                      "from_note": f.from_note}
                     for f in content.feedback],
    }


def content_from_data(data: dict) -> GuideContent:
    """The inverse of content_to_data; row ids are not kept, so they are numbered afresh."""
    items = tuple(
        GuideItem(n, d["uid"], d["section"], d["position"], dict(d["fields"]),
                  d.get("from_note", ""))
        for n, d in enumerate(data.get("items", []), start=1)
    )
    feedback = tuple(
        Feedback(n, d["uid"], FeedbackKind(d["kind"]), d["section"], d["text"],
                 d.get("response", ""), datetime.fromisoformat(d["created_at"]),
                 d.get("from_note", ""))
        for n, d in enumerate(data.get("feedback", []), start=1)
    )
    return GuideContent(items, feedback)

"""The domain: a session of the method and the notes taken in it.

Plain frozen dataclasses so that storage, export, the command line and the window all pass the
same values around without knowing about each other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


def possessive(name: str) -> str:
    """``Cardiology`` -> ``Cardiology’s``; ``Surgical Services`` -> ``Surgical Services’``."""
    name = name.strip()
    return f"{name}’" if name[-1:] in ("s", "S") else f"{name}’s"


def guide_title(department: str) -> str:
    """The title of the document the session produces."""
    return f"{possessive(department)} Guide to Service Recovery"


# The last word of a department's name that makes it a common noun, read with "the" in a
# sentence: "how the Emergency Department responds", but "how Cardiology responds".
_UNIT_WORDS = frozenset({
    "department", "unit", "ward", "service", "team", "clinic", "centre", "center",
    "office", "laboratory", "lab", "suite", "floor", "wing", "practice", "programme", "program",
})


def the_department(name: str) -> str:
    """A department's name in the middle of a sentence: "the Emergency Department", "the ICU"
    (a name that is a common noun or an abbreviation), "Cardiology" and "Ward 7" as they are,
    and a name that already has its article or is possessive ("St Mary's Ward") untouched."""
    name = name.strip()
    words = name.split()
    possessive_name = any("'" in word or "’" in word for word in words)
    if not words or words[0].lower() in ("the", "our") or possessive_name:
        return name
    last = words[-1]
    abbreviation = len(words) == 1 and 2 <= len(last) <= 5 and last.isalpha() and last.isupper()
    return f"the {name}" if abbreviation or last.lower() in _UNIT_WORDS else name


def counted(number: int, noun: str, plural: str = "") -> str:
    """A count for a sentence, its noun agreeing: "1 note", "2,000 rows", "3 matches" (give
    the plural when adding an s does not make it)."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def long_date(day: date | datetime) -> str:
    """The one way a date is written for people: ``4 December 2026``."""
    return f"{day.day} {day:%B %Y}"


def a_year_on(day: date) -> date:
    """The same day next year; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


class Phase(StrEnum):
    """Where a session is in the method; a done session is read-only until re-opened."""

    PREPARING = "preparing"
    MEETING1 = "meeting1"
    BETWEEN = "between"
    MEETING2 = "meeting2"
    DONE = "done"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.PREPARING: "Preparing",
    Phase.MEETING1: "Meeting 1",
    Phase.BETWEEN: "Between meetings",
    Phase.MEETING2: "Meeting 2",
    Phase.DONE: "Done",
}


class Plan(StrEnum):
    """Whether the unit is putting service recovery in place for the first time or improving it."""

    IMPLEMENT = "implement"
    IMPROVE = "improve"


@dataclass(frozen=True)
class Session:
    """One department's run through the method, from preparation to the finished guide."""

    id: int
    department: str
    facilitator: str
    note_taker: str
    meeting_date: date
    current_step: str
    created_at: datetime
    updated_at: datetime
    uid: str = ""
    phase: Phase = Phase.PREPARING
    plan: Plan = Plan.IMPLEMENT
    participants: str = ""
    preread_title: str = ""
    preread_where: str = ""
    invitation: str = ""
    archived_at: datetime | None = None
    deleted_at: datetime | None = None
    meeting2_date: date | None = None
    reflection: str = ""  # "how did it go", after meeting 2
    help_contact: str = ""  # the organisation's patient-experience contact
    # Document control, on the guide's title page.
    owner: str = ""  # who keeps the guide up to date
    approved_by: str = ""
    approved_on: date | None = None
    review_on: date | None = None  # None: a year after approval

    @property
    def guide_title(self) -> str:
        return guide_title(self.department)

    @property
    def next_review(self) -> date | None:
        """When the guide is next looked at again: the date set, else a year after approval."""
        if self.review_on is not None:
            return self.review_on
        return a_year_on(self.approved_on) if self.approved_on is not None else None

    @property
    def read_only(self) -> bool:
        return self.phase is Phase.DONE


# Where complaint findings came from, as the facilitator picks it.
FINDING_SOURCES = ("survey comments", "incident reports", "other")


@dataclass(frozen=True)
class Finding:
    """A recurring theme from the review of patient comments or incident reports."""

    id: int
    uid: str
    session_id: int
    theme: str
    count: int
    source: str
    period_start: date | None
    period_end: date | None
    example: str
    position: int


@dataclass(frozen=True)
class TaskState:
    """How far one preparation task is: done or not, and by when it should be."""

    task_id: str
    done_at: datetime | None
    due_date: date | None


@dataclass(frozen=True)
class Note:
    """What the note-taker committed: kept exactly as typed, attached to one step."""

    id: int
    uid: str
    session_id: int
    step_id: str
    text: str
    created_at: datetime
    updated_at: datetime
    confidential: bool = False  # kept in the app, left out of every export
    tags: tuple[str, ...] = ()  # tag ids, in the order of TAGS
    parked: bool = False  # an off-topic point kept in the parking lot for later


@dataclass(frozen=True)
class Tag:
    """A quick tag the note-taker puts on a note with one key while the group talks."""

    id: str  # stored on the note; never changed once used
    label: str
    short: str = ""  # on the chip by the note box, where the label is too long

    @property
    def chip(self) -> str:
        return self.short or self.label


# In key order: Alt+1 is the first. Notes keep the ids, comma-separated.
TAGS = (
    Tag("theme", "Theme"),
    Tag("quote", "Quote"),
    Tag("idea", "Idea"),
    Tag("action", "Action"),
    Tag("level1", "Level One example", "Level One"),
)
_TAG_ORDER = {tag.id: place for place, tag in enumerate(TAGS)}


def ordered_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Each tag once, the known ones in key order, then any others (from a newer release)."""
    unique = dict.fromkeys(tag for tag in tags if tag)
    return tuple(sorted(unique, key=lambda tag: _TAG_ORDER.get(tag, len(TAGS))))


def tags_from_text(text: str) -> tuple[str, ...]:
    """A note's stored tags (comma-separated ids) as a tuple."""
    return ordered_tags(text.split(","))


def tags_text(tags: Iterable[str]) -> str:
    """Tags as a note stores them."""
    return ",".join(ordered_tags(tags))


def tag_label(tag_id: str) -> str:
    """The words shown for a tag; an unknown tag (from a newer release) shows its id."""
    return next((tag.label for tag in TAGS if tag.id == tag_id), tag_id)


@dataclass(frozen=True)
class Action:
    """Something to be done, agreed in the room and kept under the note it came from.

    The owner is the only person's name the meetings record, and only because it is typed
    on purpose.
    """

    id: int
    uid: str
    session_id: int
    note_uid: str
    what: str
    owner: str
    due: date | None
    done: bool
    created_at: datetime
    updated_at: datetime

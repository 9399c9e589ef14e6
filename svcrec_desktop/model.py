"""The domain: a session of the method and the notes taken in it.

Plain frozen dataclasses so that storage, export, the command line and the window all pass the
same values around without knowing about each other.
"""

from __future__ import annotations

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

    @property
    def guide_title(self) -> str:
        return guide_title(self.department)

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

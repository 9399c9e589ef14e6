"""The domain: a session of the method and the notes taken in it.

Plain frozen dataclasses so that storage, export, the command line and the window all pass the
same values around without knowing about each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


def possessive(name: str) -> str:
    """``Cardiology`` -> ``Cardiology’s``; ``Surgical Services`` -> ``Surgical Services’``."""
    name = name.strip()
    return f"{name}’" if name[-1:] in ("s", "S") else f"{name}’s"


def guide_title(department: str) -> str:
    """The title of the document the session produces."""
    return f"{possessive(department)} Guide to Service Recovery"


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

    @property
    def guide_title(self) -> str:
        return guide_title(self.department)


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

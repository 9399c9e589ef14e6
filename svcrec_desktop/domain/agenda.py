"""A meeting's agenda: the length the room is booked for, shared out between its steps.

The playbook suggests minutes per step; a session chooses how long each meeting may take
(30, 45 or 60 minutes, or the playbook's own total) and the minutes are shared in proportion
to the suggestions, in whole minutes, at least one per step, adding up to exactly that length.
A step the facilitator gives minutes of its own keeps them; the other steps share what is left.
Each meeting is held on its day: meeting 1's date, and meeting 2's once it is agreed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from math import floor

from svcrec_desktop.domain.model import Session
from svcrec_desktop.domain.playbook import Step

MEETING_LENGTHS = (30, 45, 60)  # the lengths offered, besides the playbook's own total
MAX_MINUTES = 480  # a working day: more is a typing slip, not a meeting


def checked_minutes(value: object, what: str, *, zero_allowed: bool = False) -> int:
    """value as minutes, or a ValueError that says what was wrong with it.

    zero_allowed: 0 is a meeting length that means "the playbook's own total".
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number of minutes.")
    lowest = 0 if zero_allowed else 1
    if not lowest <= value <= MAX_MINUTES:
        raise ValueError(f"{what} must be between {lowest} and {MAX_MINUTES} minutes.")
    return value


def meeting_day(session: Session, number: int) -> date | None:
    """The day meeting 1 or 2 is held; None for meeting 2 until its date is agreed (on the
    preparation page or at the close of meeting 1)."""
    if number not in (1, 2):
        raise ValueError(f"There is no meeting {number}; the method has meetings 1 and 2.")
    return session.meeting_date if number == 1 else session.meeting2_date


def share(weights: Sequence[int], total: int) -> list[int]:
    """total minutes in proportion to weights: whole minutes, at least 1 each, summing to total.

    A part whose exact share is under a minute gets 1 and the others share the rest; then each
    gets the whole minutes of its share, and the minutes left over go to the largest fractions
    (the larger weight, then the earlier part, on a tie). With fewer minutes than parts each
    still gets 1, so the sum is then more than total.
    """
    count = len(weights)
    if total <= count:
        return [1] * count
    floored: set[int] = set()
    while True:
        free = [i for i in range(count) if i not in floored]
        budget = total - len(floored)
        weight = sum(weights[i] for i in free)
        small = {i for i in free if budget * weights[i] < weight}
        if not small:
            break
        floored |= small
    quotas = {i: Fraction(budget * weights[i], weight) for i in free}
    minutes = [1] * count
    for i in free:
        minutes[i] = floor(quotas[i])
    left = budget - sum(minutes[i] for i in free)
    by_fraction = sorted(free, key=lambda i: (-(quotas[i] - floor(quotas[i])), -weights[i], i))
    for i in by_fraction[:left]:
        minutes[i] += 1
    return minutes


@dataclass(frozen=True)
class Agenda:
    """One meeting's plan in one session: its length and the steps given minutes of their own.

    edited may name steps of the other meeting or steps a playbook no longer has; only the
    steps asked about count.
    """

    length: int = 0  # minutes; 0: the playbook's own total
    edited: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        checked_minutes(self.length, "A meeting's length", zero_allowed=True)
        for minutes in self.edited.values():
            checked_minutes(minutes, "A step's planned time")

    def length_of(self, steps: Sequence[Step]) -> int:
        """The meeting's length in minutes: the one chosen, else the playbook's total."""
        return self.length or sum(step.minutes for step in steps)

    def minutes(self, steps: Sequence[Step]) -> dict[str, int]:
        """Planned minutes by step id: edited steps keep theirs, the others share the rest."""
        edited = {s.id: self.edited[s.id] for s in steps if s.id in self.edited}
        rest = [s for s in steps if s.id not in edited]
        left = self.length_of(steps) - sum(edited.values())
        shared = dict(zip((s.id for s in rest), share([s.minutes for s in rest], left),
                          strict=True))
        planned = shared | edited
        return {s.id: planned[s.id] for s in steps}

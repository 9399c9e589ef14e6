"""Time spent on each step, counted with a clock the caller can replace in tests."""

from __future__ import annotations

import time
from collections.abc import Callable

# The most one tick may add. Ticks come every second while the meeting runs; a longer gap
# means the laptop slept or the window was held up, and that is not meeting time.
MAX_TICK_S = 5.0


class StepClock:
    """Counts the seconds spent on the current step, while the meeting is shown and not
    paused, until they are taken to be stored.

    It adds up the time from one tick to the next, never more than MAX_TICK_S at a time, so
    a sleeping laptop or a gap between ticks does not count.
    """

    def __init__(self, monotonic: Callable[[], float] = time.monotonic,
                 max_tick: float = MAX_TICK_S) -> None:
        self._monotonic = monotonic
        self._max_tick = max_tick
        self._last: float | None = None  # when it last counted; None while it does not run
        self._counted = 0.0
        self.shown = False  # the meeting's page is in front of the facilitator
        self.paused = False

    @property
    def running(self) -> bool:
        return self._last is not None

    def set_shown(self, shown: bool) -> None:
        """The meeting came into view (counting starts now) or went out of it."""
        self.shown = shown
        self._follow()

    def set_paused(self, paused: bool) -> None:
        self.paused = paused
        self._follow()

    def _follow(self) -> None:
        """Run exactly while shown and not paused; nothing from before a start counts."""
        if self.shown and not self.paused:
            if self._last is None:
                self._last = self._monotonic()
        elif self._last is not None:
            self.tick()
            self._last = None

    def _since_last(self, now: float) -> float:
        assert self._last is not None
        return min(max(0.0, now - self._last), self._max_tick)

    def tick(self) -> None:
        """Count the time since the last tick (at most MAX_TICK_S of it)."""
        if self._last is not None:
            now = self._monotonic()
            self._counted += self._since_last(now)
            self._last = now

    def pending(self) -> float:
        """Seconds counted and not yet taken."""
        if self._last is None:
            return self._counted
        return self._counted + self._since_last(self._monotonic())

    def take(self) -> float:
        """Return the pending seconds; counting goes on from now if the clock runs."""
        self.tick()
        seconds, self._counted = self._counted, 0.0
        return seconds

    def give_back(self, seconds: float) -> None:
        """Count again seconds that were taken but could not be stored."""
        self._counted += seconds


def format_clock(seconds: float) -> str:
    """``75`` -> ``1:15``; ``3725`` -> ``1:02:05``."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

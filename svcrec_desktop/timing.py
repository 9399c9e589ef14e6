"""Time spent on each step, counted with a clock the caller can replace in tests."""

from __future__ import annotations

import time
from collections.abc import Callable


class StepClock:
    """Counts the seconds spent on the current step until they are taken to be stored."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def start(self) -> None:
        self._since = self._monotonic()

    def pending(self) -> float:
        """Seconds counted and not yet taken."""
        return 0.0 if self._since is None else max(0.0, self._monotonic() - self._since)

    def take(self) -> float:
        """Return the pending seconds and keep counting from now."""
        seconds = self.pending()
        if self._since is not None:
            self._since = self._monotonic()
        return seconds

    def give_back(self, seconds: float) -> None:
        """Count again seconds that were taken but could not be stored."""
        if self._since is not None:
            self._since -= seconds

    def stop(self) -> float:
        """Return the pending seconds and stop counting."""
        seconds = self.pending()
        self._since = None
        return seconds


def format_clock(seconds: float) -> str:
    """``75`` -> ``1:15``; ``3725`` -> ``1:02:05``."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"

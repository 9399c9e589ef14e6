"""A monotonic clock that moves only when a test moves it, and a meeting page run on it."""


class FakeTime:
    """Stands in for time.monotonic: no test waits for real seconds."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def run_for(page, clock: FakeTime, seconds: float, every: float = 1.0) -> None:
    """Let seconds pass on the meeting page's clock, with its tick every `every` seconds as
    the page's timer does."""
    passed = 0.0
    while passed < seconds:
        step = min(every, seconds - passed)
        clock.now += step
        passed += step
        page.tick()

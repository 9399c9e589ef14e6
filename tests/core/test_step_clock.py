"""A true meeting clock: it counts only while the meeting is in view and not paused, and
leaves gaps out (a laptop asleep, a window held up). Driven by a time source the test moves."""

import pytest
from fake_time import FakeTime

from svcrec_desktop.domain.timing import MAX_TICK_S, StepClock


@pytest.fixture
def time_source():
    return FakeTime()


def ticking(clock: StepClock, time_source: FakeTime, seconds: int) -> None:
    for _ in range(seconds):
        time_source.now += 1
        clock.tick()


def test_nothing_counts_until_the_meeting_is_shown(time_source):
    clock = StepClock(time_source)
    ticking(clock, time_source, 600)  # preparing: the meeting is not in view
    assert clock.pending() == 0 and not clock.running
    clock.set_shown(True)
    assert clock.pending() == 0  # starts at zero
    ticking(clock, time_source, 42)
    assert clock.pending() == 42


def test_out_of_view_and_paused_time_is_left_out(time_source):
    clock = StepClock(time_source)
    clock.set_shown(True)
    ticking(clock, time_source, 10)
    clock.set_shown(False)
    ticking(clock, time_source, 300)
    clock.set_shown(True)
    ticking(clock, time_source, 5)
    clock.set_paused(True)
    ticking(clock, time_source, 300)
    assert clock.pending() == 15
    clock.set_shown(False)
    clock.set_shown(True)  # back in view, still paused
    ticking(clock, time_source, 60)
    assert clock.pending() == 15 and clock.paused
    clock.set_paused(False)
    ticking(clock, time_source, 2)
    assert clock.pending() == 17


def test_a_gap_between_ticks_counts_no_more_than_one_tick(time_source):
    """The laptop slept for an hour, or the window could not draw for a minute."""
    clock = StepClock(time_source)
    clock.set_shown(True)
    ticking(clock, time_source, 20)
    time_source.now += 3600
    assert clock.pending() == 20 + MAX_TICK_S  # also between ticks
    clock.tick()
    ticking(clock, time_source, 3)
    assert clock.pending() == 20 + MAX_TICK_S + 3
    time_source.now -= 50  # a clock that went backwards takes nothing away
    clock.tick()
    assert clock.pending() == 20 + MAX_TICK_S + 3


def test_taken_seconds_are_counted_once_and_given_back_when_not_stored(time_source):
    clock = StepClock(time_source)
    clock.set_shown(True)
    ticking(clock, time_source, 30)
    assert clock.take() == 30
    assert clock.pending() == 0
    ticking(clock, time_source, 4)
    clock.give_back(30)
    assert clock.take() == 34
    clock.set_shown(False)
    time_source.now += 2
    assert clock.take() == 0 and not clock.running


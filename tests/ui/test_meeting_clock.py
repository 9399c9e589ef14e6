"""The meeting clock in the real window: it counts only while the meeting page is in front of
the facilitator and not paused, and a step's time can be reset and the reset undone. Driven
by a time source the test moves (no waiting); the clock itself: tests/core/test_step_clock.py."""

import re

import pytest
from fake_time import FakeTime, run_for
from gui_helpers import focused, start_session
from PySide6.QtCore import Qt

from svcrec_desktop.domain.model import Phase
from svcrec_desktop.domain.timing import MAX_TICK_S, StepClock

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def clock():
    return FakeTime()


@pytest.fixture
def window(open_window, clock):
    shown = open_window()
    shown.meeting_page.clock = StepClock(clock)  # the window's clock, on the test's time
    return shown


def step_time(window) -> str:
    """The time used on the current step, as the step's line says it."""
    found = re.search(r" · (\d+:\d\d) used of ", window.meeting_page.ui.stepMetaLabel.text())
    assert found is not None
    return found.group(1)


def stored(window, step_id: str = "welcome") -> float:
    return window.store.times.of_session(window.session.id).get(step_id, 0.0)


def test_prepare_for_a_while_then_meeting_1_starts_at_zero(window, qtbot, clock):
    start_session(qtbot, window, meeting=False)
    page = window.meeting_page
    run_for(page, clock, 25 * 60)  # preparing: the page's timer ticks all along
    qtbot.keyClick(focused(), Qt.Key.Key_2, Ctrl)  # start meeting 1
    assert window.ui.pages.currentWidget() is page
    assert page.ui.stepMetaLabel.text().startswith("Step 1 of 8 · 0:00 used of")
    assert page.ui.meetingClockLabel.text().startswith("Meeting time 0:00 of")
    assert "0:00 of" in page.ui.stepList.item(0).text()
    assert page.ui.stepMetaLabel.property("over") is False
    assert page.ui.timeNoticeLabel.isHidden()  # not "over time" at once
    assert stored(window) == 0
    run_for(page, clock, 65)
    assert step_time(window) == "1:05"
    page.flush()
    assert stored(window) == 65


def test_time_away_from_the_meeting_page_is_left_out(window, qtbot, clock):
    start_session(qtbot, window)
    page = window.meeting_page
    run_for(page, clock, 60)
    qtbot.keyClick(focused(), Qt.Key.Key_1, Ctrl)  # back to the preparation
    assert stored(window) == 60  # stored as the page was left
    run_for(page, clock, 10 * 60)
    qtbot.keyClick(focused(), Qt.Key.Key_3, Ctrl)  # and the guide
    run_for(page, clock, 10 * 60)
    qtbot.keyClick(focused(), Qt.Key.Key_2, Ctrl)
    assert step_time(window) == "1:00"
    run_for(page, clock, 5)
    assert step_time(window) == "1:05"


def test_a_laptop_asleep_in_the_meeting_is_not_meeting_time(window, qtbot, clock):
    start_session(qtbot, window)
    page = window.meeting_page
    run_for(page, clock, 30)
    clock.now += 2 * 3600  # the lid was closed over lunch
    page.tick()
    run_for(page, clock, 10)
    assert step_time(window) == f"0:{40 + int(MAX_TICK_S)}"


def test_pause_and_resume_by_key_and_button(window, qtbot, clock):
    start_session(qtbot, window)
    page = window.meeting_page
    ui = page.ui
    run_for(page, clock, 20)
    qtbot.keyClicks(ui.captureEdit, "typing on")
    qtbot.keyClick(ui.captureEdit, Qt.Key.Key_P, Ctrl | Shift)
    assert ui.captureEdit.toPlainText() == "typing on"  # the key typed nothing
    assert ui.pauseButton.text() == "Resume"
    assert ui.meetingClockLabel.text().startswith("Meeting time 0:20 of ")
    assert ui.meetingClockLabel.text().endswith(" min · paused")
    assert ui.meetingClockLabel.property("paused") is True
    assert "clock paused" in ui.stepMetaLabel.text()
    assert ui.stepList.item(0).text().endswith("min · clock paused")
    run_for(page, clock, 15 * 60)  # a break
    page.go_to_step(1)  # moving on while paused keeps the clock paused
    run_for(page, clock, 60)
    assert step_time(window) == "0:00"
    assert ui.stepList.item(1).text().endswith("min · clock paused")
    page.go_to_step(0)
    assert step_time(window) == "0:20"
    ui.pauseButton.click()
    assert ui.pauseButton.text() == "Pause"
    assert ui.meetingClockLabel.property("paused") is False
    assert "paused" not in ui.meetingClockLabel.text()
    assert "paused" not in ui.stepList.item(0).text()
    run_for(page, clock, 10)
    assert step_time(window) == "0:30"


def test_reset_a_steps_time_and_undo_the_reset(window, qtbot, clock):
    start_session(qtbot, window)
    page = window.meeting_page
    ui = page.ui
    run_for(page, clock, 90)
    ui.resetTimeButton.click()
    assert step_time(window) == "0:00"
    assert stored(window) == 0
    assert "back to 0:00" in ui.bannerLabel.text()
    assert ui.undoButton.text() == "Undo reset of the step's time"
    run_for(page, clock, 10)
    assert step_time(window) == "0:10"
    ui.undoButton.click()  # the 90 seconds come back; the 10 since stay
    assert step_time(window) == "1:40"
    assert stored(window) == 100
    run_for(page, clock, 5)
    page.go_to_step(1)
    assert stored(window) == 105


def test_a_session_done_counts_no_time_and_offers_no_pause_or_reset(window, qtbot, clock):
    start_session(qtbot, window)
    page = window.meeting_page
    run_for(page, clock, 30)
    page.set_read_only(True)
    run_for(page, clock, 60)
    assert step_time(window) == "0:30"
    assert not page.ui.pauseButton.isEnabled() and not page.ui.resetTimeButton.isEnabled()


def test_recorded_times_of_an_existing_session_stay(open_window, store, playbook, clock):
    session = store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id)
    store.sessions.set_phase(session.id, Phase.MEETING1)
    store.times.add(session.id, "welcome", 312.5)
    store.close()
    window = open_window()
    window.meeting_page.clock = StepClock(clock)
    assert window.ui.pages.currentWidget() is window.meeting_page
    assert step_time(window) == "5:12"
    assert window.store.times.of_session(session.id) == {"welcome": 312.5}

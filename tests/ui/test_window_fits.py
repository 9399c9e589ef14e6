"""The window fits the meeting-room laptop: 1280 x 720 and 1366 x 768 at 100 %, and a
1920 x 1080 panel at 125 % and 150 %.

placement() decides from rectangles alone; the real start-up runs in a child process on an
offscreen screen of each size (Qt's offscreen configuration, QT_SCALE_FACTOR for the scaling),
which also presses F5 there to check the window for the room leaves the note box in sight.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMargins, QRect, QSize

from svcrec_desktop.ui.placement import (
    GAP,
    LIKELY_FRAME,
    PREFERRED,
    beside,
    place_text,
    placement,
    read_place,
)

TASKBAR = 40
# The screens in logical pixels: (width, height, QT_SCALE_FACTOR of a 1920 x 1080 panel).
SCREENS = {"1280x720": (1280, 720, 1.0), "1366x768": (1366, 768, 1.0),
           "1920x1080 at 125%": (1536, 864, 1.25), "1920x1080 at 150%": (1280, 720, 1.5)}
DRIVER = Path(__file__).resolve().parents[1] / "support" / "window_fits_driver.py"


def available(width: int, height: int) -> QRect:
    """The screen without a taskbar along the bottom."""
    return QRect(0, 0, width, height - TASKBAR)


def is_centred(frame: QRect, area: QRect) -> bool:
    return (abs(frame.center().x() - area.center().x()) <= 1
            and abs(frame.center().y() - area.center().y()) <= 1)


# Deciding the place ---------------------------------------------------------------------------

@pytest.mark.parametrize("screen", SCREENS)
def test_first_launch_opens_inside_the_free_area_and_maximised_on_a_laptop(screen):
    width, height, _scale = SCREENS[screen]
    area = available(width, height)
    frame, maximised = placement(area, None)
    assert area.contains(frame) and is_centred(frame, area)
    assert frame.size() == PREFERRED.boundedTo(area.size())
    assert maximised == (width <= 1366)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_saved_place_that_still_fits_is_kept(screen):
    width, height, _scale = SCREENS[screen]
    saved = QRect(30, 20, 1000, 620)
    frame, maximised = placement(available(width, height), saved)
    assert frame == saved
    assert maximised == (width <= 1366)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_saved_place_that_no_longer_fits_is_placed_anew_centred(screen):
    width, height, _scale = SCREENS[screen]
    area = available(width, height)
    saved = QRect(width - 900, 60, 1200, 700)  # runs off the right edge
    frame, maximised = placement(area, saved)
    assert area.contains(frame) and is_centred(frame, area)
    assert frame.size() == QSize(1200, 700).boundedTo(area.size())
    assert maximised == (width <= 1366)


@pytest.mark.parametrize("screen", SCREENS)
def test_a_place_saved_on_a_bigger_monitor_is_cut_to_fit(screen):
    width, height, _scale = SCREENS[screen]
    area = available(width, height)
    for saved in (QRect(100, 60, 2300, 1300),  # a 2560 x 1440 monitor
                  QRect(1940, 40, 1800, 1000)):  # a second monitor, now unplugged
        frame, maximised = placement(area, saved)
        assert area.contains(frame) and is_centred(frame, area)
        assert frame.size() == saved.size().boundedTo(area.size())
        assert maximised == (width <= 1366)


def test_an_empty_saved_place_counts_as_none():
    area = available(1536, 864)
    assert placement(area, QRect()) == placement(area, None)


def test_beside_keeps_the_note_box_and_a_gap_clear_and_takes_the_largest_part():
    area = QRect(0, 0, 1280, 680)
    column = QRect(830, 0, 450, 680)  # the note box's column, on the right
    free = beside(area, column)
    assert free == QRect(0, 0, 830 - GAP, 680)
    below = beside(area, QRect(0, 0, 1280, 100))  # a box along the top: the part below it
    assert below == QRect(0, 100 + GAP, 1280, 680 - 100 - GAP)
    assert beside(area, QRect(2000, 0, 400, 300)) == area  # the box on another screen


def test_the_place_is_kept_as_text_and_damaged_text_is_ignored():
    frame, margins = QRect(-1800, 40, 1200, 700), QMargins(1, 30, 1, 1)
    assert read_place(place_text(frame, margins)) == (frame, margins)
    for damaged in (None, "", "1,2,3", "a,b,c,d,1,1,1,1", "0,0,0,0,1,1,1,1"):
        assert read_place(damaged) is None


# The real window on screens of each size ------------------------------------------------------

def start_on(tmp_path: Path, screen: str, place: str | None = None) -> dict:
    """Run the real start-up on one offscreen screen of the given size; what it reports."""
    width, height, scale = SCREENS[screen]
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": [
        {"name": "Panel", "x": 0, "y": 0, "width": round(width * scale),
         "height": round(height * scale), "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "QT_SCALE_FACTOR": str(scale)}
    command = [sys.executable, str(DRIVER), str(tmp_path / "data")]
    result = subprocess.run(command + ([place] if place else []), capture_output=True,
                            text=True, env=env, cwd=DRIVER.parent)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def rect(numbers: list[int]) -> QRect:
    return QRect(*numbers)


@pytest.mark.parametrize("screen", SCREENS)
def test_the_real_window_opens_inside_the_screen_and_the_room_s_window_beside_the_notes(
        tmp_path, screen):
    width, height, _scale = SCREENS[screen]
    shown = start_on(tmp_path, screen)
    area = rect(shown["available"])
    assert area.size() == QSize(width, height)  # the screen as the laptop reports it
    assert area.contains(rect(shown["frame"]))
    assert shown["maximised"] == (width <= 1366)
    assert shown["page"] == "MeetingPage"
    assert QSize(*shown["minimum"]).boundedTo(area.size()) == QSize(*shown["minimum"])
    remembered = read_place(shown["remembered"])
    assert remembered is not None and area.contains(remembered[0])
    room, note_box = rect(shown["room"]), rect(shown["note box"])
    assert area.contains(note_box)  # the note box itself is on the screen
    assert area.contains(room) and not room.intersects(note_box)
    assert room.width() > area.width() // 2  # the rest of the screen, not a corner of it
    assert shown["in front"] == [True, False, True]  # F5, then Ctrl+F5 twice
    assert shown["room after"] == shown["room"]
    assert shown["focus"] == "captureEdit" and shown["main active"]


@pytest.mark.parametrize("screen", SCREENS)
def test_a_place_left_on_a_bigger_monitor_opens_inside_this_screen(tmp_path, screen):
    width = SCREENS[screen][0]
    shown = start_on(tmp_path, screen, place_text(QRect(1940, 40, 1800, 1000),
                                                  QMargins(1, 30, 1, 1)))
    area = rect(shown["available"])
    frame = rect(shown["frame"])
    assert area.contains(frame)
    assert shown["maximised"] == (width <= 1366)
    if not shown["maximised"]:
        # As large as it was, as far as the screen allows (less a title bar it may not have).
        assert frame.marginsAdded(LIKELY_FRAME).contains(area)

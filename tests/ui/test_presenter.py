"""The window for the room on the projector, driven through the real main window.

F5 opens and closes it; it follows the facilitator's steps in both meetings; it shows the
complaint themes and the notes only when the facilitator turns them on, never a private hint;
and the note-taker keeps the keyboard throughout. Offscreen Qt has one screen; the screens of
a meeting room (laptop, projector, TV) are a real offscreen configuration in a child process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gui_helpers import focused, press_alt, type_note, when_shown
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton, QTextBrowser
from test_accessibility import unnamed

from svcrec_desktop.domain.model import Phase
from svcrec_desktop.ui.shortcuts import PRESENTER_FRONT, PRESENTING, Row, sheet_rows

Ctrl = Qt.KeyboardModifier.ControlModifier
Alt = Qt.KeyboardModifier.AltModifier
Key = Qt.Key
THEMES = [{"theme": "Long waits without updates", "count": 14,
           "example": "Nobody told us why we waited"},
          {"theme": "Lost belongings", "count": 6, "example": ""}]


@pytest.fixture
def window(open_window, store, playbook):
    """The real window in meeting 1 at its first step, with complaint themes recorded."""
    session = store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id,
                                   phase=Phase.MEETING1)
    store.findings.add(session.id, THEMES)
    store.close()
    return open_window()


@pytest.fixture
def presenting(window, qtbot):
    """F5 pressed, and the window for the room has been shown and handed the keyboard back."""
    start_presenting(qtbot, window)
    return window.presenter


def start_presenting(qtbot, window) -> None:
    """F5 in the note box. Offscreen Qt makes every new window active, as some desktops do;
    wait until that has happened and the main window has the keyboard again."""
    capture = window.meeting_page.ui.captureEdit
    assert focused() is capture
    made_active = []
    QApplication.instance().focusWindowChanged.connect(made_active.append)
    qtbot.keyClick(capture, Key.Key_F5)
    presenter = window.presenter
    qtbot.waitUntil(lambda: presenter.windowHandle() in made_active
                    and QApplication.focusWindow() is window.windowHandle())
    QApplication.instance().focusWindowChanged.disconnect(made_active.append)


def room_text(window) -> str:
    """Everything the room can read: every label, text view and button of the window."""
    presenter = window.presenter
    texts = [label.text() for label in presenter.findChildren(QLabel)]
    texts += [view.toPlainText() for view in presenter.findChildren(QTextBrowser)]
    texts += [button.text() for button in presenter.findChildren(QPushButton)
              if button.isVisible()]
    return "\n".join(texts)


def shown_text(window) -> str:
    return window.presenter.ui.presenterView.toPlainText()


def next_step(qtbot) -> None:
    qtbot.keyClick(focused(), Key.Key_PageDown, Ctrl)


def go_to(qtbot, window, step_id: str) -> None:
    """Ctrl+PgDown from the first step of the meeting shown to the step."""
    page = window.meeting_page
    while page.current_step.id != step_id:
        next_step(qtbot)


def test_f5_opens_the_room_s_window_and_f5_closes_it(window, qtbot):
    presenter = window.presenter
    assert window.ui.presentAction.isEnabled()
    assert not presenter.isVisible()
    start_presenting(qtbot, window)
    assert presenter.isVisible()
    assert window.ui.presentAction.isChecked()
    assert presenter.ui.presenterTitleLabel.text() == "Welcome and why we are here"
    qtbot.keyClick(focused(), Key.Key_F5)
    assert not presenter.isVisible()
    assert not window.ui.presentAction.isChecked()
    assert focused() is window.meeting_page.ui.captureEdit


@pytest.mark.parametrize("key", [Key.Key_Escape, Key.Key_F5])
def test_esc_or_f5_in_the_room_s_window_stops_presenting(presenting, window, qtbot, key):
    presenting.activateWindow()  # the facilitator clicked into it
    qtbot.waitUntil(presenting.isActiveWindow)
    qtbot.keyClick(focused(), key)
    assert not presenting.isVisible()
    assert not window.ui.presentAction.isChecked()
    qtbot.waitUntil(window.isActiveWindow)
    assert focused() is window.meeting_page.ui.captureEdit


def test_closing_it_by_its_frame_or_closing_the_main_window_stops_it(presenting, window):
    presenting.close()
    assert not window.ui.presentAction.isChecked()
    window.ui.presentAction.trigger()
    assert presenting.isVisible()
    window.close()
    assert not presenting.isVisible()


def test_it_follows_every_step_of_meeting_1_and_meeting_2(presenting, window, qtbot, playbook):
    page = window.meeting_page
    for number, steps in ((1, playbook.meeting1), (2, playbook.meeting2)):
        if number == 2:
            qtbot.keyClick(focused(), Key.Key_4, Ctrl)
            assert page.meeting == 2
        for index, step in enumerate(steps):
            if index:
                next_step(qtbot)
            assert page.current_step.id == step.id
            assert presenting.ui.presenterTitleLabel.text() == step.title
            first_line = step.script.strip().split("\n")[0].strip()
            assert first_line in shown_text(window)
            for prompt in step.prompts:
                assert prompt in shown_text(window)
            assert focused() is page.ui.captureEdit
    assert presenting.isVisible()


def test_the_draft_guide_is_shown_at_meeting_2_s_presenting_step(window, qtbot):
    window.store.guide.add_item(window.session.id, "mistakes", {"mistake": "Long waits"})
    qtbot.keyClick(focused(), Key.Key_4, Ctrl)
    start_presenting(qtbot, window)
    go_to(qtbot, window, "m2-present")
    assert "Long waits" in shown_text(window)
    assert "What to do on the spot" in shown_text(window)  # a section title of the draft


def test_no_private_hint_ever_reaches_the_room(window, qtbot, playbook):
    store = window.store
    for step in playbook.meeting1 + playbook.meeting2:
        store.notes.add(window.session.id, step.id, f"said during {step.id}")
    hints = [step.hint for step in playbook.meeting1 + playbook.meeting2]
    assert all(hints)
    start_presenting(qtbot, window)
    for number, steps in ((1, playbook.meeting1), (2, playbook.meeting2)):
        if number == 2:
            qtbot.keyClick(focused(), Key.Key_4, Ctrl)
        for index, step in enumerate(steps):
            if index:
                next_step(qtbot)
            for showing in (False, True):  # themes and notes hidden, then both shown
                window.ui.presentFindingsAction.setChecked(showing)
                window.ui.presentNotesAction.setChecked(showing)
                text = room_text(window)
                assert step.title in text
                assert (f"said during {step.id}" in text) is showing
                leaked = [hint for hint in hints if hint in text]
                assert leaked == [], f"step {step.id} shows a hint"


def test_notes_show_only_when_turned_on_as_typed_and_only_for_one_step(presenting, window,
                                                                       qtbot):
    type_note(qtbot, window, "Waits are worst on <b>Monday</b> & at night")
    assert "Monday" not in room_text(window)
    notes_button = presenting.ui.notesButton
    assert notes_button.text().replace("&", "") == (
        "Show the saved notes of this step on the screen")
    assert not notes_button.isChecked()
    window.ui.presentNotesAction.trigger()  # the Meeting menu's switch
    assert notes_button.isChecked()
    assert "Waits are worst on <b>Monday</b> & at night" in shown_text(window)
    assert "&lt;b&gt;Monday&lt;/b&gt;" in presenting.ui.presenterView.toHtml()  # not bold
    type_note(qtbot, window, "Families want a call")  # a note saved while shown appears
    assert "Families want a call" in shown_text(window)
    assert focused() is window.meeting_page.ui.captureEdit
    next_step(qtbot)
    assert not notes_button.isChecked()
    assert not window.ui.presentNotesAction.isChecked()
    assert "Families" not in shown_text(window)
    qtbot.keyClick(focused(), Key.Key_PageUp, Ctrl)  # back: still off until turned on again
    assert "Families" not in shown_text(window)


def test_a_note_kept_out_of_the_export_is_never_shown(presenting, window, qtbot):
    store = window.store
    kept_out = store.notes.add(window.session.id, "welcome", "Mr Smith in bed 4")
    store.notes.set_confidential(kept_out.id, True)
    store.notes.add(window.session.id, "welcome", "We can say sorry sooner")
    window.ui.presentNotesAction.trigger()
    assert "We can say sorry sooner" in shown_text(window)
    assert "Smith" not in room_text(window)


def answer_question(qtbot, answer, seen):
    """Answer the question before the notes show: Enter (its default) or "Show them anyway"."""
    def act(box):
        seen.append((box.text(), box.parent()))
        if answer == "default":
            qtbot.keyClick(box, Key.Key_Return)
        else:
            next(b for b in box.buttons() if "anyway" in b.text()).click()

    def asked():
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, QMessageBox) and w.isVisible()), None)

    return when_shown(asked, act)


def test_notes_with_a_patient_detail_are_shown_only_when_the_facilitator_says_yes(
        presenting, window, qtbot):
    type_note(qtbot, window, "Her son rang 07700 900123 twice")
    notes_button = presenting.ui.notesButton
    seen = []
    answer = answer_question(qtbot, "default", seen)
    window.ui.presentNotesAction.trigger()
    assert not answer.isActive(), "the facilitator was not asked"
    (question, parent), = seen
    assert parent is window  # on the facilitator's screen, never the room's
    assert "phone number" in question and "Welcome and why we are here" in question
    assert "07700" not in question  # the words themselves may be mirrored to the projector
    qtbot.waitUntil(lambda: not notes_button.isChecked())
    assert not window.ui.presentNotesAction.isChecked()
    assert "07700" not in room_text(window)
    # Said yes: shown; a later note with a new detail takes them off again, without asking
    answer = answer_question(qtbot, "show", seen)
    window.ui.presentNotesAction.trigger()
    assert not answer.isActive()
    assert notes_button.isChecked() and "07700 900123" in shown_text(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.meeting_page.focus_capture()
    type_note(qtbot, window, "Families want a call")  # nothing found: still shown
    assert notes_button.isChecked() and "Families want a call" in shown_text(window)
    type_note(qtbot, window, "Write to ana@example.org")
    assert not notes_button.isChecked() and "ana@example" not in room_text(window)
    assert "may hold a patient detail" in window.meeting_page.ui.bannerLabel.text()
    assert len(seen) == 2


def test_clean_notes_are_shown_without_asking(presenting, window, qtbot):
    type_note(qtbot, window, "Waits are worst on Mondays")
    window.ui.presentNotesAction.trigger()
    assert QApplication.activeModalWidget() is None
    assert presenting.ui.notesButton.isChecked()
    assert "Waits are worst on Mondays" in shown_text(window)


def test_the_themes_show_on_their_step_only_when_turned_on(presenting, window, qtbot):
    themes = presenting.ui.findingsButton
    assert not themes.isVisible()  # not on a step without themes
    go_to(qtbot, window, "q3")
    assert themes.isVisible() and themes.isEnabled()
    assert "Long waits without updates" not in room_text(window)
    assert "Before this meeting I reviewed" in shown_text(window)
    window.ui.presentFindingsAction.trigger()
    assert themes.isChecked()
    assert "Long waits without updates" in shown_text(window)
    assert "Nobody told us why we waited" in shown_text(window)
    assert focused() is window.meeting_page.ui.captureEdit
    next_step(qtbot)  # still on: the next step has no themes to show
    assert "Long waits" not in room_text(window)
    assert not themes.isVisible()
    window.ui.presentFindingsAction.trigger()
    qtbot.keyClick(focused(), Key.Key_PageUp, Ctrl)
    assert "Long waits" not in shown_text(window)


def test_without_themes_the_switch_is_off_and_the_room_sees_no_apology(open_window, store,
                                                                       playbook, qtbot):
    store.sessions.create("Cardiology", first_step="q3", phase=Phase.MEETING1)
    store.close()
    window = open_window()
    start_presenting(qtbot, window)
    assert not window.presenter.ui.findingsButton.isEnabled()
    window.ui.presentFindingsAction.trigger()
    assert "No themes were recorded" not in room_text(window)
    assert "No themes were recorded" in window.meeting_page.ui.scriptView.toPlainText()


def test_its_buttons_turn_things_on_and_give_the_keyboard_back(presenting, window, qtbot):
    go_to(qtbot, window, "q3")
    presenting.activateWindow()  # the facilitator clicked into it, then uses its keys
    qtbot.waitUntil(presenting.isActiveWindow)
    press_alt(qtbot, presenting.ui.findingsButton, Key.Key_T)
    assert window.ui.presentFindingsAction.isChecked()
    assert "Long waits without updates" in shown_text(window)
    qtbot.waitUntil(window.isActiveWindow)
    assert focused() is window.meeting_page.ui.captureEdit
    qtbot.mouseClick(presenting.ui.notesButton, Qt.MouseButton.LeftButton)
    assert window.ui.presentNotesAction.isChecked()
    assert "Notes from this step" in shown_text(window)
    assert focused() is window.meeting_page.ui.captureEdit


def test_the_room_reads_real_text_in_letters_sized_to_the_window(presenting, window):
    title = "Welcome and why we are here"
    labels = [label for label in presenting.findChildren(QLabel) if title in label.text()]
    views = [view for view in presenting.findChildren(QTextBrowser)
             if "Thank you all for making time" in view.toPlainText()]
    assert labels and views
    view = presenting.ui.presenterView
    sizes = {}
    for height in (1080, 540):
        presenting.resize(1920 * height // 1080, height)
        QApplication.processEvents()
        sizes[height] = (labels[0].font().pixelSize(), view.font().pixelSize())
        assert not view.verticalScrollBar().isVisible()  # the step fits on the screen
    assert sizes[1080][0] == 1080 // 14
    assert 1080 // 40 <= sizes[1080][1] <= 1080 // 17
    assert sizes[540][0] < sizes[1080][0] and sizes[540][1] < sizes[1080][1]
    assert views[0].textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction


def test_a_long_draft_scrolls_from_the_main_window(window, qtbot):
    for number in range(40):
        window.store.guide.add_item(window.session.id, "mistakes",
                                    {"mistake": f"Mistake number {number}"})
    qtbot.keyClick(focused(), Key.Key_4, Ctrl)
    start_presenting(qtbot, window)
    go_to(qtbot, window, "m2-present")
    scroll = window.presenter.ui.presenterView.verticalScrollBar()
    assert scroll.maximum() > 0 and scroll.value() == 0
    qtbot.keyClick(focused(), Key.Key_PageDown, Alt)
    assert scroll.value() > 0
    assert focused() is window.meeting_page.ui.captureEdit
    qtbot.keyClick(focused(), Key.Key_PageUp, Alt)
    assert scroll.value() == 0


def test_with_one_screen_it_is_an_ordinary_window(presenting, window):
    assert len(QApplication.screens()) == 1
    assert not presenting.isFullScreen()
    assert presenting.isWindow() and presenting.parent() is None  # never kept above the notes
    assert not presenting.ui.screenCombo.isVisible()
    area = presenting.screen().availableGeometry()
    assert presenting.width() < area.width() and presenting.height() < area.height()
    controls = presenting.ui.presenterControls  # its buttons fit, on more lines if narrow
    for width in (presenting.width(), presenting.minimumSizeHint().width()):
        presenting.resize(width, presenting.height())
        QApplication.processEvents()
        stop = presenting.ui.stopButton
        assert stop.height() >= stop.sizeHint().height()
        assert controls.rect().contains(stop.geometry())
        assert presenting.rect().contains(controls.geometry())


def test_every_control_of_it_has_a_name(presenting, window, qtbot):
    go_to(qtbot, window, "q3")  # with the themes' switch
    presenting.ui.screenCombo.show()  # shown with two screens or more
    assert unnamed(presenting) == []


def test_present_needs_an_open_session(open_window, qtbot):
    window = open_window()  # the first start: the new-session form
    assert not window.ui.presentAction.isEnabled()
    assert not window.ui.presentFindingsAction.isEnabled()
    qtbot.keyClick(focused(), Key.Key_F5)
    assert not window.presenter.isVisible()


DRIVER = Path(__file__).resolve().parents[1] / "support" / "presenter_driver.py"
ROOM_SCREENS = {"screens": [
    {"name": name, "x": x, "y": 0, "width": width, "height": height, "logicalDpi": 96,
     "logicalBaseDpi": 96, "dpr": 1}
    for name, x, width, height in (("Laptop", 0, 1280, 800), ("Projector", 1280, 1920, 1080),
                                   ("TV", 3200, 1280, 720))]}


def test_with_more_screens_it_fills_another_one_and_remembers_the_choice(tmp_path):
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(ROOM_SCREENS))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    result = subprocess.run([sys.executable, str(DRIVER), str(tmp_path / "data")],
                            capture_output=True, text=True, env=env,
                            cwd=DRIVER.parent)
    assert result.returncode == 0, result.stderr
    seen = [json.loads(line) for line in result.stdout.splitlines()]
    opened, chosen, reopened, own, projector, own_again = seen
    assert opened == {"full": True, "screen": "Projector", "rect": [1280, 0, 1920, 1080],
                      "screens": ["1. Laptop (1280 × 800), as a window",
                                  "2. Projector (1920 × 1080)", "3. TV (1280 × 720)"],
                      "focus": "captureEdit", "main active": True, "remembered": None}
    assert chosen == {**opened, "screen": "TV", "rect": [3200, 0, 1280, 720],
                      "remembered": "TV"}
    assert reopened == chosen  # F5 twice: back on the TV
    assert own["full"] is False and own["screen"] == "Laptop"
    assert own["remembered"] == "Laptop" and own["focus"] == "captureEdit"
    x, y, width, height = own["rect"]
    assert x >= 0 and y >= 0 and x + width <= 1280 and y + height <= 800  # on the laptop
    assert projector == {**opened, "remembered": "Projector"}
    assert own_again == own  # back as the same window on the laptop


# One screen: the room's window beside the notes, and Ctrl+F5 ------------------------------------

def on_screen(widget) -> QRect:
    """Where the widget is on the screen."""
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


@pytest.fixture
def laptop(window, qtbot):
    """The main window at its smallest, so its note box is on the one offscreen screen (800
    pixels wide, narrower than the window: the box runs past its edge; the real screens of
    laptops are in test_window_fits.py)."""
    window.resize(window.minimumSize())
    window.move(0, 0)
    capture = window.meeting_page.ui.captureEdit
    area = window.screen().availableGeometry()
    qtbot.waitUntil(lambda: area.intersects(on_screen(capture)))
    return window


def test_with_one_screen_the_room_s_window_leaves_the_note_box_in_sight(laptop, qtbot):
    capture = laptop.meeting_page.ui.captureEdit
    start_presenting(qtbot, laptop)
    room = laptop.presenter.frameGeometry()
    assert laptop.screen().availableGeometry().contains(room)
    assert not room.intersects(on_screen(capture))
    assert not room.intersects(on_screen(laptop.meeting_page.ui.captureColumn))  # saved notes
    assert room.width() > capture.width()  # the rest of the screen, not a corner of it
    assert laptop.presenter.in_front  # above the main window, which keeps the keyboard
    assert laptop.isActiveWindow() and focused() is capture


def test_f5_places_it_beside_the_notes_again_after_it_was_moved_over_them(laptop, qtbot):
    capture = laptop.meeting_page.ui.captureEdit
    start_presenting(qtbot, laptop)
    laptop.presenter.move(on_screen(capture).topLeft())
    qtbot.keyClick(focused(), Key.Key_F5)
    start_presenting(qtbot, laptop)
    assert not laptop.presenter.frameGeometry().intersects(on_screen(capture))


def test_ctrl_f5_sends_the_room_s_window_behind_and_brings_it_forward(laptop, qtbot):
    presenter = laptop.presenter
    capture = laptop.meeting_page.ui.captureEdit
    start_presenting(qtbot, laptop)
    placed = presenter.frameGeometry()
    presenter.activateWindow()  # the facilitator clicked into it: the key works there too
    qtbot.waitUntil(presenter.isActiveWindow)
    qtbot.keyClick(focused(), Key.Key_F5, Ctrl)
    qtbot.waitUntil(laptop.isActiveWindow)
    assert not presenter.in_front and focused() is capture
    for in_front in (True, False):
        qtbot.keyClick(focused(), Key.Key_F5, Ctrl)
        qtbot.waitUntil(lambda: QApplication.focusWindow() is laptop.windowHandle())
        assert presenter.in_front is in_front and presenter.isVisible()
        assert presenter.frameGeometry() == placed
        assert laptop.isActiveWindow() and focused() is capture
    qtbot.keyClick(focused(), Key.Key_F5)  # stopped and opened again: in front again
    start_presenting(qtbot, laptop)
    assert presenter.in_front
    assert Row(PRESENTING, "Ctrl+F5", PRESENTER_FRONT.what) in sheet_rows(laptop)


def test_ctrl_f5_does_nothing_when_not_presenting(window, qtbot):
    qtbot.keyClick(focused(), Key.Key_F5, Ctrl)
    assert not window.presenter.isVisible()
    assert focused() is window.meeting_page.ui.captureEdit

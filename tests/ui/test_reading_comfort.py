"""Reading comfort in the real window, by keyboard: the sheet of every key (F1, or ? outside a
text box), the text size (Ctrl+= / Ctrl+- / Ctrl+Shift+0, kept across restarts), high
contrast, the system's dark scheme, and every page usable at 1280x720 with text at 200%."""

import tomllib

import pytest
from gui_helpers import contrast, focused, start_session
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QPalette, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QTabBar

from svcrec_desktop import paths
from svcrec_desktop.ui.appearance import CONTRAST, DARK, LIGHT, current_appearance
from svcrec_desktop.ui.main_window import ZOOM_KEY, MainWindow
from svcrec_desktop.ui.shortcuts import GROUPS, PAGE_KEYS, key_text
from svcrec_desktop.ui.shortcuts_dialog import ShortcutsDialog
from svcrec_desktop.ui.view_and_help import HIGH_CONTRAST_KEY

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier
Key = Qt.Key
SCRIPT_PT = 19  # #scriptView's text size in style.qss
SCREEN = QSize(1280, 720)  # a meeting-room laptop or projector


@pytest.fixture(autouse=True)
def system_back_to_light(qapp):
    """The scheme belongs to the whole application: leave it as the next test expects."""
    yield
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    current_appearance().set_high_contrast(False)


def restart(window: MainWindow, opener) -> MainWindow:
    window.close()
    window.store.close()
    return opener()


def open_sheet(qtbot, key: Key) -> ShortcutsDialog:
    qtbot.keyClick(focused(), key)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog))
    sheet = QApplication.activeModalWidget()
    qtbot.waitUntil(sheet.isActiveWindow)  # a key sent before that would be lost
    assert focused() is sheet.ui.sheetView
    return sheet


def close_sheet(qtbot, sheet: ShortcutsDialog) -> None:
    with qtbot.waitSignal(sheet.finished):
        qtbot.keyClick(focused(), Key.Key_Escape)


def plain(text: str) -> str:
    return text.replace("&", "")


def window_actions(window: MainWindow) -> list[QAction]:
    return [action for action in window.findChildren(
        QAction, options=Qt.FindChildOption.FindDirectChildrenOnly) if action.shortcuts()]


def heading_colour(window: MainWindow) -> str:
    return window.meeting_page.ui.stepTitleLabel.palette().color(
        QPalette.ColorRole.WindowText).name()


# The sheet of keys ---------------------------------------------------------------------------

def test_f1_lists_every_action_with_a_key_and_every_page_key_by_group(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    capture = window.meeting_page.ui.captureEdit
    sheet = open_sheet(qtbot, Key.Key_F1)
    text = sheet.ui.sheetView.toPlainText()
    assert [group for group in GROUPS if f"\n{group}\n" in f"\n{text}"] == list(GROUPS)
    actions = window_actions(window)
    assert {"Ctrl+0", "Ctrl+E", "F1", "Ctrl+Shift+0"} <= {
        key_text(keys) for action in actions for keys in action.shortcuts()}
    for action in actions:
        keys = " or ".join(key_text(keys) for keys in action.shortcuts())
        assert f"{keys}\n{plain(action.text())}" in text
    for key in PAGE_KEYS:
        assert f"{key.text}\n{key.what}" in text
    assert "Ctrl+= or Ctrl++\nLarger text" in text
    assert "Ctrl+Page Down\nNext step" in text  # key names as printed on the keyboard
    close_sheet(qtbot, sheet)
    window.activateWindow()  # as the desktop does when a dialog closes; offscreen Qt does not
    qtbot.waitUntil(lambda: focused() is capture)  # back where the note-taker was typing


def test_every_key_the_window_binds_is_on_the_sheet(open_window, qtbot):
    """A shortcut added to a page without its line in shortcuts.py would be a key nobody
    can find: every QShortcut of the window must be one of the table's keys."""
    window = open_window()
    start_session(qtbot, window)
    for page in (window.home_page, window.preparation_page, window.guide_page):
        assert page is not None  # built on first need: build them all to see their keys
    listed = {key_text(keys) for key in PAGE_KEYS for keys in key.keys}
    bound = {key_text(shortcut.key()) for shortcut in window.findChildren(QShortcut)}
    assert {"?", "F2", "Ctrl+M", "Alt+Up", "Ctrl+Shift+N"} <= bound
    assert bound <= listed, f"keys missing from svcrec_desktop/ui/shortcuts.py: {bound - listed}"


def test_question_mark_types_in_the_note_box_and_opens_the_sheet_on_the_step_list(
        open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    page = window.meeting_page
    qtbot.keyClicks(page.ui.captureEdit, "Why not ask?")
    assert page.ui.captureEdit.toPlainText() == "Why not ask?"
    assert QApplication.activeModalWidget() is None
    steps = page.ui.stepList
    for _ in range(30):  # the step list takes the keyboard by Tab only
        if focused() is steps:
            break
        qtbot.keyClick(focused(), Key.Key_Backtab, Shift)
    assert focused() is steps
    sheet = open_sheet(qtbot, Key.Key_Question)
    assert "Keyboard shortcuts" in sheet.ui.sheetView.toPlainText()
    close_sheet(qtbot, sheet)
    assert page.ui.captureEdit.toPlainText() == "Why not ask?"


# Text size -----------------------------------------------------------------------------------

def script_points(window: MainWindow) -> float:
    return window.meeting_page.ui.scriptView.font().pointSizeF()


def test_text_size_steps_are_kept_across_a_restart_and_ctrl_shift_0_resets(
        open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    assert script_points(window) == SCRIPT_PT
    for _ in range(2):
        qtbot.keyClick(focused(), Key.Key_Equal, Ctrl)
    assert window.zoom.percent == 125
    assert script_points(window) == pytest.approx(SCRIPT_PT * 1.25, abs=0.1)
    assert window.statusBar().currentMessage() == "Text size 125%"
    qtbot.keyClick(focused(), Key.Key_Minus, Ctrl)
    qtbot.keyClick(focused(), Key.Key_Plus, Ctrl)
    assert window.zoom.percent == 125
    assert window.meeting_page.ui.captureEdit.toPlainText() == ""  # the keys typed nothing

    window = restart(window, open_window)
    assert window.zoom.percent == 125
    assert window.store.state.get(ZOOM_KEY) == "125"
    assert script_points(window) == pytest.approx(SCRIPT_PT * 1.25, abs=0.1)
    qtbot.keyClick(focused(), Key.Key_0, Ctrl | Shift)
    assert window.zoom.percent == 100
    assert script_points(window) == SCRIPT_PT
    assert window.ui.pages.currentWidget() is window.meeting_page  # not Ctrl+0's list
    window = restart(window, open_window)
    assert script_points(window) == SCRIPT_PT


def test_text_size_stops_at_its_smallest_and_largest_step(open_window, qtbot):
    window = open_window()
    for _ in range(12):
        qtbot.keyClick(focused(), Key.Key_Equal, Ctrl)
    assert window.zoom.percent == 250
    for _ in range(12):
        qtbot.keyClick(focused(), Key.Key_Minus, Ctrl)
    assert window.zoom.percent == 80


# Colours -------------------------------------------------------------------------------------

def toggle_high_contrast(qtbot, window: MainWindow) -> None:
    """Alt+V opens the View menu; C is High contrast's letter."""
    menu = window.ui.viewMenu
    qtbot.keyClick(focused(), Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: menu.isVisible() and menu.activeAction() is not None)
    with qtbot.waitSignal(window.ui.highContrastAction.toggled):
        qtbot.keyClick(menu, Key.Key_C)


def test_high_contrast_changes_the_style_and_is_remembered(open_window, qtbot, qapp):
    window = open_window()
    start_session(qtbot, window)
    light_heading = heading_colour(window)
    toggle_high_contrast(qtbot, window)
    assert current_appearance().scheme == CONTRAST
    assert window.ui.highContrastAction.isChecked()
    assert heading_colour(window) == "#ffff00"
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert "4px solid #ffff00" in qapp.styleSheet()  # the thick frame around the focus
    assert window.store.state.get(HIGH_CONTRAST_KEY) == "1"

    window = restart(window, open_window)
    assert window.ui.highContrastAction.isChecked()
    assert heading_colour(window) == "#ffff00"
    toggle_high_contrast(qtbot, window)
    assert current_appearance().scheme == LIGHT
    assert heading_colour(window) == light_heading
    window = restart(window, open_window)
    assert not window.ui.highContrastAction.isChecked()


def test_the_window_follows_the_system_into_dark_and_back(open_window, qtbot, qapp):
    window = open_window()
    start_session(qtbot, window)
    light_heading = heading_colour(window)
    light_window = qapp.palette().color(QPalette.ColorRole.Window).name()
    # Offscreen Qt has no system setting to change: send what the system sends.
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert current_appearance().scheme == DARK
    assert heading_colour(window) == "#8fd0e2"
    assert qapp.palette().color(QPalette.ColorRole.Base).name() == "#14191b"
    qtbot.keyClick(focused(), Key.Key_Equal, Ctrl)  # a larger text keeps the dark colours
    assert heading_colour(window) == "#8fd0e2"
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert current_appearance().scheme == LIGHT
    assert heading_colour(window) == light_heading
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == light_window


def test_high_contrast_wins_over_the_dark_scheme(open_window, qtbot, qapp):
    window = open_window()
    start_session(qtbot, window)
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    toggle_high_contrast(qtbot, window)
    assert current_appearance().scheme == CONTRAST
    toggle_high_contrast(qtbot, window)
    assert current_appearance().scheme == DARK


# Every page at 1280x720 with the text at 200% ---------------------------------------------------

def squeezed(window: MainWindow) -> list[str]:
    """What does not fit: a page narrower than it can be, a page cut short, a button
    squeezed below its natural size (its words would be cut)."""
    scroll = window.ui.pageScroll
    page = window.ui.pages.currentWidget()
    for _ in range(20):  # the layouts settle through a few rounds of posted events
        QApplication.processEvents()
        if page.height() >= scroll.needed().height():
            break
    needed = scroll.needed()
    problems = []
    if needed.width() > scroll.viewport().width():
        problems.append(f"{page.objectName()} needs {needed.width()} px across")
    if page.height() < needed.height():
        problems.append(f"{page.objectName()} is cut at {page.height()} of {needed.height()} px")
    problems += [
        f"{button.objectName() or button.text()} is {button.width()} of "
        f"{button.sizeHint().width()} px wide"
        for button in window.findChildren(QAbstractButton)
        if button.isVisible() and button.width() < button.sizeHint().width()
        and not isinstance(button.parent(), QTabBar)  # its arrows: the tabs scroll instead
    ]
    hint = window.minimumSizeHint()
    if hint.width() > SCREEN.width() or hint.height() > SCREEN.height():
        problems.append(f"the window needs {hint.width()}x{hint.height()}")
    return problems


def test_every_page_is_whole_at_1280x720_with_the_text_at_200_percent(
        open_window, qtbot, playbook):
    window = open_window()
    window.resize(SCREEN)
    while window.zoom.percent < 200:
        qtbot.keyClick(focused(), Key.Key_Equal, Ctrl)
    assert window.size() == SCREEN
    seen = {"new session": squeezed(window)}
    start_session(qtbot, window, "Emergency Department and Acute Medical Unit", meeting=False)
    seen["preparation"] = squeezed(window)
    qtbot.keyClick(focused(), Key.Key_2, Ctrl)
    for number in range(1, len(playbook.meeting1) + 1):
        seen[f"meeting 1 step {number}"] = squeezed(window)
        qtbot.keyClick(focused(), Key.Key_PageDown, Ctrl)
    qtbot.keyClick(focused(), Key.Key_3, Ctrl)
    sections = window.guide_page.ui.sectionList
    for row in range(sections.count()):
        sections.setCurrentRow(row)
        seen[f"guide: {sections.item(row).text()}"] = squeezed(window)
    qtbot.keyClick(focused(), Key.Key_4, Ctrl)
    for number in range(1, len(playbook.meeting2) + 1):
        seen[f"meeting 2 step {number}"] = squeezed(window)
        qtbot.keyClick(focused(), Key.Key_PageDown, Ctrl)
    qtbot.keyClick(focused(), Key.Key_0, Ctrl)
    seen["all sessions"] = squeezed(window)
    assert window.ui.pageScroll.verticalScrollBar().isVisible()  # 200% needs scrolling here
    assert {where: problems for where, problems in seen.items() if problems} == {}


def test_nothing_scrolls_at_the_normal_text_size(open_window, qtbot):
    window = open_window()
    window.resize(SCREEN)
    start_session(qtbot, window)
    assert squeezed(window) == []
    scroll = window.ui.pageScroll
    assert not scroll.verticalScrollBar().isVisible()
    assert not scroll.horizontalScrollBar().isVisible()


# The main action of a page -------------------------------------------------------------------

@pytest.mark.parametrize("scheme", [LIGHT, DARK, CONTRAST])
def test_the_main_action_stands_out_and_reads_well_in_every_scheme(open_window, qtbot, qapp,
                                                                   scheme):
    """WCAG 4.5:1 for the words on the primary button, in its colours and as drawn."""
    window = open_window()
    start_session(qtbot, window, meeting=False)
    if scheme == DARK:
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    current_appearance().set_high_contrast(scheme == CONTRAST)
    colours = tomllib.loads(paths.resource_file("schemes.toml").read_text(encoding="utf-8"))
    colours = colours[scheme]["style"]
    primary, words = QColor(colours["primary"]), QColor(colours["on_primary"])
    assert contrast(words, primary) >= 4.5
    assert contrast(words, QColor(colours["primary_hover"])) >= 4.5
    button = window.preparation_page.ui.startMeetingButton
    assert button.property("primary") is True and not button.hasFocus()
    picture = button.grab().toImage()
    middle = [picture.pixelColor(x, y) for x in range(picture.width())
              for y in range(picture.height() // 3, 2 * picture.height() // 3)]
    drawn = picture.pixelColor(picture.width() // 2, 4)  # above the words, inside the edge
    assert drawn == primary
    assert max(contrast(pixel, drawn) for pixel in middle) >= 4.5

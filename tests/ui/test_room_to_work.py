"""Room to work on the meeting-room laptop: a 1280x720 screen (logical pixels), the window
as large as it can be under its title bar.

At the normal text size the longest script of meeting 1 reads without scrolling, its letters
at least 70 % of their size, with the facilitator's hint in sight; the note box shows four
lines and the saved notes five notes with the parking lot and Undo shown; the same in
meeting 2; the guide editor shows four fields of a long form. On every page no label or
control gets less room than its words need, and at 200 % the page scrolls instead.
"""

from datetime import date

import pytest
from gui_helpers import every_page
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QStyle,
    QStyleOptionViewItem,
    QWidget,
    QWidgetItem,
)
from rich_session import guide_between_meetings

from svcrec_desktop.domain.model import Phase
from svcrec_desktop.ui.fitting import FittingText, WrapRow
from svcrec_desktop.ui.main_window import MainWindow
from svcrec_desktop.ui.meeting.page import MeetingPage
from svcrec_desktop.ui.meeting.step_text import step_html

TITLE_BAR = 30
WINDOW = QSize(1280, 720 - TITLE_BAR)  # maximised on a 1280x720 screen
NOTES = 8  # one-line notes on the steps looked at
SMALLEST_SHARE = 0.7  # of the script's own letter size
NOTE_BOX_LINES = 4
NOTES_SHOWN = 5
FIELDS_SHOWN = 4
LONG_FORMS = ("Common mistakes", "Feedback from meeting 2", "Register of recovery items",
              "Who does what, by when")
LINE_BOXES = (QLineEdit, QAbstractSpinBox, QComboBox)


@pytest.fixture
def window(open_window, store, playbook):
    """The real window at WINDOW, on a session between the meetings with NOTES one-line notes
    on the step of each meeting looked at, points in the parking lot and a filled guide."""
    session = store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id,
                                   meeting_date=date(2026, 12, 4))
    store.sessions.update(session.id, meeting2_date=date(2026, 12, 18))
    for step in (longest_script(playbook.meeting1), first_feedback_step(playbook)):
        for number in range(NOTES):
            store.notes.add(session.id, step.id, f"point {number + 1} on {step.id}")
    for number in range(3):
        store.notes.add(session.id, playbook.meeting1[0].id, f"parked {number + 1}", parked=True)
    guide_between_meetings(store, session.id)
    store.close()
    shown = open_window()
    shown.resize(WINDOW)
    settle()
    return shown


def longest_script(steps):
    return max(steps, key=lambda step: len(step_html(step)))


def first_feedback_step(playbook):
    return next(step for step in playbook.meeting2 if step.feedback)


def settle() -> None:
    """Let the layouts settle: they do so through a few rounds of posted events."""
    for _ in range(20):
        QApplication.processEvents()


def show_step(window: MainWindow, meeting: int, step_id: str) -> MeetingPage:
    (window.start_meeting if meeting == 1 else window.start_meeting2)()
    page = window.meeting_page
    page.go_to_step(next(i for i, step in enumerate(page.steps) if step.id == step_id))
    settle()
    return page


def on_screen(window: MainWindow, widget: QWidget) -> QRect:
    """Where the widget is in the visible part of the page."""
    viewport = window.ui.pageScroll.viewport()
    return QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())


def in_sight(window: MainWindow, widget: QWidget) -> bool:
    return widget.isVisible() and window.ui.pageScroll.viewport().rect().contains(
        on_screen(window, widget))


def rows_in_sight(listed: QListWidget) -> int:
    """The rows that show whole in the list."""
    area = listed.viewport().rect()
    return sum(area.contains(listed.visualItemRect(listed.item(row)))
               for row in range(listed.count()))


def lines_shown(box) -> float:
    margins = 2 * box.document().documentMargin()
    return (box.viewport().height() - margins) / box.fontMetrics().lineSpacing()


# The meetings at the normal text size ----------------------------------------------------------

def test_the_longest_script_of_meeting_1_reads_whole_with_its_hint_in_sight(window, playbook):
    step = longest_script(playbook.meeting1)
    page = show_step(window, 1, step.id)
    script: FittingText = page.ui.scriptView
    assert script.verticalScrollBar().maximum() == 0
    assert script.pixel_size() >= SMALLEST_SHARE * QFontInfo(script.font()).pixelSize()
    assert in_sight(window, script)
    assert in_sight(window, page.ui.hintPanel)
    assert not window.ui.pageScroll.verticalScrollBar().isVisible()


@pytest.mark.parametrize("meeting", [1, 2])
def test_every_script_but_the_draft_reads_whole_with_its_hint_in_sight(window, playbook,
                                                                       meeting):
    """The draft guide read out at meeting 2 is as long as the guide: it may scroll."""
    read = {}
    for step in playbook.meeting_steps(meeting):
        if step.present:
            continue
        page = show_step(window, meeting, step.id)
        script = page.ui.scriptView
        read[step.id] = (script.verticalScrollBar().maximum() == 0
                         and script.pixel_size() >= SMALLEST_SHARE * QFontInfo(
                             script.font()).pixelSize()
                         and (page.ui.hintPanel.isHidden() or in_sight(window, page.ui.hintPanel)))
    assert {step_id: fits for step_id, fits in read.items() if not fits} == {}


@pytest.mark.parametrize("meeting", [1, 2])
def test_the_note_box_shows_4_lines_and_the_saved_notes_5_with_the_parking_lot(
        window, playbook, meeting):
    step = (longest_script(playbook.meeting1) if meeting == 1
            else first_feedback_step(playbook))
    page = show_step(window, meeting, step.id)
    ui = page.ui
    ui.parkingList.setCurrentRow(0)
    page.notes.unpark_from_parking_lot()  # the longest words the Undo button has
    settle()
    assert ui.feedbackSectionRow.isVisible() == (meeting == 2)
    assert ui.parkingList.isVisible() and ui.parkingList.count() == 2
    assert ui.undoButton.text() == "Undo take out of the parking lot"
    for part in (ui.captureEdit, ui.notesList, ui.undoButton, ui.parkingList):
        assert in_sight(window, part), part.objectName()
    assert lines_shown(ui.captureEdit) >= NOTE_BOX_LINES
    assert ui.notesList.count() == NOTES
    assert rows_in_sight(ui.notesList) >= NOTES_SHOWN
    assert not window.ui.pageScroll.verticalScrollBar().isVisible()


def test_no_step_title_in_the_list_is_cut_short(window, playbook):
    """Each row of the step list is as tall as its wrapped words, the chosen one in bold."""
    cut = []
    for meeting in (1, 2):
        for step in playbook.meeting_steps(meeting):
            page = show_step(window, meeting, step.id)
            listed = page.ui.stepList
            for row in range(listed.count()):
                if elided(listed, row):
                    cut.append(f"meeting {meeting} on {step.id}: {listed.item(row).text()!r}")
    assert cut == []


def elided(listed: QListWidget, row: int) -> bool:
    """Qt ends a row's text in "…" when its wrapped lines are taller than the row."""
    item = listed.item(row)
    option = QStyleOptionViewItem()
    option.initFrom(listed)
    option.rect = listed.visualItemRect(item)
    option.features = (QStyleOptionViewItem.ViewItemFeature.HasDisplay
                       | QStyleOptionViewItem.ViewItemFeature.WrapText)
    option.text = item.text()
    font = QFont(listed.font())
    font.setBold(item.isSelected())
    text = listed.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, listed)
    margin = listed.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
    words = text.adjusted(margin, 0, -margin, 0)
    needed = QFontMetrics(font).boundingRect(
        QRect(0, 0, words.width(), 100_000), int(Qt.TextFlag.TextWordWrap), item.text())
    return needed.height() > words.height()


# The guide editor --------------------------------------------------------------------------

@pytest.mark.parametrize("part", LONG_FORMS)
def test_the_guide_editor_shows_4_fields_of_a_long_form(window, part):
    window.go_to_phase_page(window.guide_page, Phase.BETWEEN)
    guide = window.guide_page
    parts = guide.ui.sectionList
    parts.setCurrentRow(next(row for row in range(parts.count())
                             if parts.item(row).text().startswith(part)))
    guide.ui.itemList.setCurrentRow(0)
    settle()
    area = guide.ui.formArea
    fields = guide.form.widgets.values()
    assert len(fields) >= FIELDS_SHOWN
    whole = [field.objectName() for field in fields
             if area.viewport().rect().contains(
                 QRect(field.mapTo(area.viewport(), QPoint(0, 0)), field.size()))]
    assert len(whole) >= FIELDS_SHOWN, whole
    assert in_sight(window, area)


def test_the_guide_form_gives_its_labels_the_whole_width(window):
    """Qt measures a wrapped label with a shortcut letter a little too narrow: given only the
    width it asks for, as the label of a form row, its last word went to a second line that
    did not show ("Resource or tool" read "Resource or")."""
    narrow = []
    for where in every_page(window, fill_forms=True):
        if not where.startswith("guide"):
            continue
        form = window.guide_page.ui.formContainer
        narrow += [f"{where}: {label.text()!r}" for label in form.findChildren(QLabel)
                   if label.isVisible() and label.width() < label.buddy().width()]
    assert narrow == []


# Every page: nothing cut off -------------------------------------------------------------------

def needed(widget: QWidget) -> QSize:
    """The least room a layout may give the widget without cutting it: Qt's own rule (its
    minimum size hint where its size policy lets it shrink, else its size hint), at its
    width the height its wrapped words need, and for a line box its line of text (Qt's size
    hint keeps spare room around that line, which a layout may take)."""
    if isinstance(widget, LINE_BOXES):
        return QSize(0, widget.fontMetrics().height())
    size = QWidgetItem(widget).minimumSize()
    if widget.hasHeightForWidth():
        size.setHeight(widget.heightForWidth(widget.width()))
    return size


def laid_out(top: QWidget) -> list[QWidget]:
    """The visible labels and controls a layout (or a wrapping row) places: a squeezed
    container shows as squeezed contents, and the page itself is checked on its own."""
    return [widget for widget in top.findChildren(QWidget)
            if widget.isVisible() and (widget.layout() is None or isinstance(widget, WrapRow))
            and (isinstance(widget.parentWidget(), WrapRow) or in_a_layout(widget))]


def in_a_layout(widget: QWidget) -> bool:
    """Placed by one of its parent's layouts (not Qt's own, as a list's scroll bar is)."""
    parent = widget.parentWidget()
    if parent.objectName().startswith("qt_"):
        return False
    outer = parent.layout()
    return outer is not None and any(layout.indexOf(widget) >= 0
                                     for layout in (outer, *outer.findChildren(QLayout)))


def cut_off(window: MainWindow) -> list[str]:
    """What shows less than it needs: a label or control given less room than its words
    need, a label that does not wrap and is too narrow, or the page itself cut short."""
    settle()
    problems = []
    for widget in laid_out(window.centralWidget()):
        least = needed(widget)
        if widget.width() < least.width() or widget.height() < least.height():
            words = widget.text() if isinstance(widget, QLabel) else ""
            problems.append(f"{type(widget).__name__} {widget.objectName() or words!r} is "
                            f"{widget.width()}x{widget.height()} of {least.width()}x"
                            f"{least.height()}")
    scroll = window.ui.pageScroll
    page = window.ui.pages.currentWidget()
    if page.height() < scroll.needed().height() or page.width() < scroll.needed().width():
        problems.append(f"the page is cut at {page.width()}x{page.height()}")
    return problems


def test_nothing_is_cut_off_on_any_page(window):
    assert {where: found for where in every_page(window, fill_forms=True)
            if (found := cut_off(window))} == {}


def test_nothing_is_cut_off_at_200_percent_the_page_scrolls_instead(window):
    window.zoom.set_percent(200)
    settle()
    scrolled = []
    seen = {}
    for where in every_page(window, fill_forms=True):
        seen[where] = cut_off(window)
        if window.ui.pageScroll.verticalScrollBar().isVisible():
            scrolled.append(where)
    assert {where: found for where, found in seen.items() if found} == {}
    assert any(where.startswith("meeting 1") for where in scrolled)

"""Meeting 2's date agreed at the close of meeting 1, in the real window: set there with the
keyboard, then on the preparation page, in meeting 2's invitation and on the sessions home."""

from datetime import date, timedelta

from gui_helpers import focused, start_session
from PySide6.QtCore import Qt

from svcrec_desktop.domain.invitation import date_in_words
from svcrec_desktop.ui.dates import shown_date

Alt = Qt.KeyboardModifier.AltModifier
Ctrl = Qt.KeyboardModifier.ControlModifier


def test_the_date_agreed_at_the_close_of_meeting_1_shows_where_it_is_needed(
        open_window, qtbot, no_message_boxes):
    window = open_window()
    start_session(qtbot, window)
    page = window.meeting_page
    for _step in page.steps[:-1]:  # no other step asks for it
        assert not page.ui.meeting2DateRow.isVisible()
        qtbot.keyClick(focused(), Qt.Key.Key_PageDown, Ctrl)
    assert window.playbook.asks_meeting2_date(page.current_step.id)
    assert page.ui.meeting2DateRow.isVisible() and page.ui.hintPanel.isVisible()
    assert "second meeting" in page.ui.hintLabel.text()
    qtbot.keyClick(focused(), Qt.Key.Key_T, Alt)  # "Meeting 2 da&te"
    assert focused() is page.ui.meeting2DateEdit
    qtbot.keyClick(focused(), Qt.Key.Key_Up)  # from no date, today
    qtbot.keyClick(focused(), Qt.Key.Key_Up)  # then the day after
    agreed = date.today() + timedelta(days=1)
    assert window.store.sessions.get(window.session.id).meeting2_date == agreed
    qtbot.keyClick(focused(), Qt.Key.Key_1, Ctrl)  # the preparation
    preparation = window.preparation_page
    assert preparation.ui.meeting2DateEdit.date().toPython() == agreed
    combo = preparation.ui.invitationMeetingCombo
    combo.setCurrentIndex(combo.findData(2))
    assert date_in_words(agreed) in preparation.invitation()
    qtbot.keyClick(focused(), Qt.Key.Key_0, Ctrl)  # every session
    table = window.home_page.ui.sessionTable
    headings = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert table.item(0, headings.index("Meeting 2")).text() == shown_date(agreed)


def test_meeting_2_asks_for_no_date_and_a_done_session_cannot_change_it(
        open_window, qtbot, no_message_boxes):
    window = open_window()
    start_session(qtbot, window)
    window.start_meeting2()
    page = window.meeting_page
    for index in range(len(page.steps)):
        page.go_to_step(index)
        assert not page.ui.meeting2DateRow.isVisible()
    window.start_meeting()
    page.go_to_step(len(page.steps) - 1)
    assert page.ui.meeting2DateRow.isVisible()
    window.set_phase(window.session.phase.DONE)
    assert page.ui.meeting2DateEdit.isReadOnly()

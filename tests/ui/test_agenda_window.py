"""The agenda in the window: set on the preparation page with the keyboard, followed on the
meeting page, whose clock is driven by a controllable time source (no waiting)."""

import pytest
from disk_faults import allow_writes, refuse_writes
from fake_time import FakeTime, run_for
from gui_helpers import focused, press_alt, start_session
from PySide6.QtCore import Qt

from svcrec_desktop.domain.agenda import Agenda
from svcrec_desktop.ui.meeting.page import MeetingPage
from svcrec_desktop.ui.preparation.page import PreparationPage

Alt = Qt.KeyboardModifier.AltModifier
Ctrl = Qt.KeyboardModifier.ControlModifier


def key(qtbot, pressed, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(focused(), pressed, modifier)


def minutes_shown(editor) -> list[int]:
    table = editor.ui.agendaTable
    return [table.item(row, 1).data(Qt.ItemDataRole.EditRole) for row in range(table.rowCount())]


def type_minutes(qtbot, editor, row: int, text: str) -> None:
    """Go to a step's minutes, type them and press Enter, as the facilitator would."""
    table = editor.ui.agendaTable
    table.setFocus()
    table.setCurrentCell(row, 1)
    for digit in text:  # the first opens the cell's editor, which takes the rest
        qtbot.keyClicks(focused(), digit)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(row, 1).data(Qt.ItemDataRole.EditRole) == int(text))


def step_lines(page: MeetingPage) -> list[str]:
    items = (page.ui.stepList.item(i).text() for i in range(page.ui.stepList.count()))
    return [text.splitlines()[1].strip() for text in items]


def test_the_agenda_is_set_with_the_keyboard_and_the_meeting_follows_it(qtbot, open_window,
                                                                        playbook):
    window = open_window()
    start_session(qtbot, window, meeting=False)
    session_id = window.session.id
    store = window.store
    editor = window.preparation_page.agenda_editor
    key(qtbot, Qt.Key.Key_5, Alt)
    assert window.preparation_page.ui.sectionTabs.currentWidget() is (
        window.preparation_page.ui.agendaTab)
    assert minutes_shown(editor) == [s.minutes for s in playbook.meeting1]
    key(qtbot, Qt.Key.Key_L, Alt)
    assert focused() is editor.ui.agendaLengthCombo
    assert editor.ui.agendaLengthCombo.currentText() == "54 minutes, as the playbook suggests"
    key(qtbot, Qt.Key.Key_Up)  # 30, 45, 54 (the playbook's), 60
    assert store.agenda.get(session_id, 1) == Agenda(45)
    assert sum(minutes_shown(editor)) == 45
    key(qtbot, Qt.Key.Key_T, Alt)
    assert focused() is editor.ui.agendaTable
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Down)
    assert editor.ui.agendaTable.currentRow() == 3  # question 2
    for digit in "12":
        qtbot.keyClicks(focused(), digit)
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: store.agenda.get(session_id, 1).edited == {"q2": 12})
    shown = minutes_shown(editor)
    assert shown[3] == 12 and sum(shown) == 45 and min(shown) >= 1
    assert editor.ui.agendaTable.item(3, 1).font().bold()
    assert editor.ui.agendaTotalLabel.text() == "Total: 45 minutes."

    key(qtbot, Qt.Key.Key_O, Alt)
    assert focused() is editor.ui.agendaMeetingCombo
    key(qtbot, Qt.Key.Key_Down)
    assert editor.meeting == 2
    assert minutes_shown(editor) == [s.minutes for s in playbook.meeting2]
    key(qtbot, Qt.Key.Key_L, Alt)
    key(qtbot, Qt.Key.Key_Down)  # 27 (the playbook's), 30, 45, 60
    assert store.agenda.get(session_id, 2).length == 30

    key(qtbot, Qt.Key.Key_2, Ctrl)
    page = window.meeting_page
    assert window.ui.pages.currentWidget() is page
    planned = Agenda(45, {"q2": 12}).minutes(playbook.meeting1)
    assert step_lines(page) == [f"0:00 of {planned[s.id]} min" for s in playbook.meeting1]
    assert page.ui.meetingClockLabel.text() == "Meeting time 0:00 of 45 min"
    assert f"used of {planned['welcome']} min planned" in page.ui.stepMetaLabel.text()
    for _ in range(3):
        key(qtbot, Qt.Key.Key_PageDown, Ctrl)
    assert page.current_step.id == "q2"
    assert "used of 12 min planned" in page.ui.stepMetaLabel.text()
    window.show_view(window.preparation_page)  # changed again while the meeting is open
    store.agenda.set_step_minutes(session_id, "q2", 9)
    key(qtbot, Qt.Key.Key_2, Ctrl)
    assert "used of 9 min planned" in page.ui.stepMetaLabel.text()
    key(qtbot, Qt.Key.Key_4, Ctrl)
    assert page.meeting == 2
    assert page.ui.meetingClockLabel.text().endswith("of 30 min")


@pytest.fixture
def session(store, playbook):
    return store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id)


@pytest.fixture
def prep(qtbot, store, playbook, session):
    page = PreparationPage(store, playbook)
    qtbot.addWidget(page)
    page.resize(1280, 760)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.open_session(session)
    page.ui.sectionTabs.setCurrentWidget(page.ui.agendaTab)
    return page


def test_steps_given_more_than_the_meeting_say_so_and_can_be_shared_again(qtbot, prep, store,
                                                                          session):
    editor = prep.agenda_editor
    editor.ui.agendaLengthCombo.setFocus()
    key(qtbot, Qt.Key.Key_Home)  # the shortest: 30 minutes
    type_minutes(qtbot, editor, 3, "20")
    type_minutes(qtbot, editor, 5, "10")
    assert store.agenda.get(session.id, 1) == Agenda(30, {"q2": 20, "q4": 10})
    assert sum(minutes_shown(editor)) == 36
    label = editor.ui.agendaTotalLabel
    assert label.text().startswith("Total: 36 minutes, 6 more than the 30-minute meeting.")
    assert label.property("over") is True
    press_alt(qtbot, editor.ui.shareAgainButton, Qt.Key.Key_U)
    assert store.agenda.get(session.id, 1) == Agenda(30)
    assert sum(minutes_shown(editor)) == 30
    assert label.property("over") is False
    assert not editor.ui.shareAgainButton.isEnabled()


def test_an_agenda_change_the_disk_refuses_stays_and_is_written_later(qtbot, prep, store,
                                                                      session):
    refuse_writes(store, "agenda")
    type_minutes(qtbot, prep.agenda_editor, 0, "7")
    assert minutes_shown(prep.agenda_editor)[0] == 7
    assert prep.ui.bannerLabel.property("kind") == "error"
    assert store.agenda.get(session.id, 1).edited == {}
    allow_writes(store, "agenda")
    assert prep.flush()
    assert store.agenda.get(session.id, 1).edited == {"welcome": 7}


def test_a_done_session_shows_its_agenda_without_changing_it(prep, store, session, playbook):
    from svcrec_desktop.domain.model import Phase

    store.agenda.set_step_minutes(session.id, "q1", 11)
    prep.open_session(store.sessions.set_phase(session.id, Phase.DONE))
    editor = prep.agenda_editor
    assert minutes_shown(editor)[2] == 11
    assert not editor.ui.agendaLengthCombo.isEnabled()
    assert not editor.ui.shareAgainButton.isEnabled()
    assert table_is_read_only(editor)


def table_is_read_only(editor) -> bool:
    from PySide6.QtWidgets import QAbstractItemView

    return editor.ui.agendaTable.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers


# The meeting page's clock -------------------------------------------------------------------


@pytest.fixture
def clock():
    return FakeTime()


@pytest.fixture
def meeting(qtbot, store, playbook, session, clock):
    store.agenda.set_meeting_length(session.id, 1, 30)
    store.agenda.set_step_minutes(session.id, "welcome", 2)
    page = MeetingPage(store, playbook, monotonic=clock)
    qtbot.addWidget(page)
    page.open_session(session)
    page.show()  # the clock counts while the meeting is in view
    yield page
    page.close_session()


def test_a_step_over_its_planned_time_turns_amber_and_says_so_once(meeting, clock, store,
                                                                   session):
    meta, notice = meeting.ui.stepMetaLabel, meeting.ui.timeNoticeLabel
    assert meta.text().startswith("Step 1 of 8 · 0:00 used of 2 min planned")
    run_for(meeting, clock, 120)
    assert meta.text().startswith("Step 1 of 8 · 2:00 used of 2 min planned")
    assert meta.property("over") is False and notice.isHidden()
    run_for(meeting, clock, 1)
    assert meta.property("over") is True
    assert not notice.isHidden()
    assert notice.text() == "Over the planned 2 min — move on when the group is ready."
    meeting.next_step()
    assert meta.property("over") is False and notice.isHidden()
    assert store.times.of_session(session.id)["welcome"] == 121
    meeting.previous_step()  # back on the step that ran over: amber, but told only once
    run_for(meeting, clock, 5)
    assert meta.property("over") is True
    assert notice.isHidden()
    assert meeting.ui.meetingClockLabel.property("over") is False


def test_the_meeting_past_its_length_says_so_once(meeting, clock, playbook):
    planned = Agenda(30, {"welcome": 2}).minutes(playbook.meeting1)
    last = len(playbook.meeting1) - 1
    meeting.go_to_step(last)
    run_for(meeting, clock, 30 * 60, every=5)
    label, notice = meeting.ui.meetingClockLabel, meeting.ui.timeNoticeLabel
    assert label.text() == "Meeting time 30:00 of 30 min"
    assert label.property("over") is False
    assert notice.text() == f"Over the planned {planned['close']} min — move on when the group " \
                            "is ready."
    run_for(meeting, clock, 1)
    assert label.text() == "Meeting time 30:01 of 30 min"
    assert label.property("over") is True
    assert notice.text() == ("The meeting is past its planned 30 min — bring it to a close "
                             "when the group is ready.")
    meeting.go_to_step(0)
    run_for(meeting, clock, 60)
    assert label.property("over") is True
    assert notice.isHidden()

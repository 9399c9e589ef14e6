"""The preparation page, driven with the keyboard; what is stored is checked in the database."""

import re
from datetime import date, timedelta

import pytest
from gui_helpers import focused, when_shown
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QToolTip

from svcrec_desktop.domain.invitation import (
    date_in_words,
    generated_invitation,
    meeting2_invitation,
)
from svcrec_desktop.domain.model import Plan
from svcrec_desktop.ui.appearance import current_appearance
from svcrec_desktop.ui.dates import shown_date
from svcrec_desktop.ui.preparation.findings_table import COLUMNS
from svcrec_desktop.ui.preparation.page import PreparationPage
from svcrec_desktop.ui.write_queue import SAVE_AFTER_MS

Ctrl = Qt.KeyboardModifier.ControlModifier
Shift = Qt.KeyboardModifier.ShiftModifier
MEETING = date(date.today().year + 1, 4, 14)  # ahead, and mid-month so a day can go up
THEMES = [
    {"theme": "Long waits without updates", "count": 23, "source": "survey comments",
     "period_start": date(2026, 1, 1), "period_end": date(2026, 6, 30),
     "example": "Nobody said why the wait was so long."},
    {"theme": "Lost belongings", "count": 7, "source": "incident reports",
     "period_start": date(2026, 2, 10), "example": "Glasses went missing during a transfer."},
]


@pytest.fixture
def session(store, playbook):
    created = store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id)
    return store.sessions.update(created.id, meeting_date=MEETING, facilitator="Dana Reyes")


@pytest.fixture
def page(qtbot, store, playbook, session):
    widget = PreparationPage(store, playbook)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.open_session(session)
    return widget


def key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    """Press a key in whatever has the keyboard focus, as a person would."""
    qtbot.keyClick(focused(), key, modifier)


def stored_texts(store, session_id):
    return [(f.theme, f.count, f.source, f.example) for f in store.findings.of_session(session_id)]


def commit_cell(qtbot, check):
    """Enter in a cell: the table takes the editor's value once the event loop runs."""
    key(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(check, timeout=2000)


def test_tick_a_task_with_space_and_give_it_a_due_date(page, qtbot, store, session):
    row = page.task_rows[0]
    row.done_check.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert store.tasks.states(session.id)["review"].done_at is not None
    assert page.ui.progressLabel.text() == "1 of 4 done"
    assert page.ui.progressBar.value() == 1
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is row.due_check
    assert not row.due_edit.isVisible()
    key(qtbot, Qt.Key.Key_Space)
    assert row.due_edit.isVisible()
    assert store.tasks.states(session.id)["review"].due_date == MEETING
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is row.due_edit
    key(qtbot, Qt.Key.Key_Up)  # the day goes one up
    assert store.tasks.states(session.id)["review"].due_date == MEETING + timedelta(days=1)
    for _section in ("month", "year", "out"):  # Tab goes through the date's parts first
        key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.task_rows[1].done_check
    page.task_rows[0].done_check.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert store.tasks.states(session.id)["review"].done_at is None
    assert page.ui.progressLabel.text() == "0 of 4 done"


def test_every_task_done_and_a_late_one(qtbot, store, playbook, session):
    for task in playbook.preparation[1:]:
        store.tasks.set_done(session.id, task.id, True)
    store.tasks.set_due(session.id, "review", date.today() - timedelta(days=1))
    page = PreparationPage(store, playbook)
    qtbot.addWidget(page)
    page.show()
    page.open_session(store.sessions.get(session.id))
    row = page.task_rows[0]
    assert row.late_label.isVisible()
    assert row.due_edit.date().toPython() == date.today() - timedelta(days=1)
    row.done_check.click()
    assert not row.late_label.isVisible()
    assert page.ui.progressLabel.text() == "All done — ready for meeting 1"


def test_add_a_theme_and_type_it_in_place(page, qtbot, store, session):
    page.ui.findingsTable.setFocus()
    key(qtbot, Qt.Key.Key_Insert)
    assert page.ui.findingsTable.rowCount() == 1
    qtbot.keyClicks(focused(), "Lost belongings")
    key(qtbot, Qt.Key.Key_Tab)  # on to the count, which opens ready to type
    qtbot.keyClicks(focused(), "7")
    commit_cell(qtbot, lambda: stored_texts(store, session.id) == [
        ("Lost belongings", 7, "survey comments", "")
    ])
    # Ctrl+Shift+A adds the next one, with the same source and period as the row above
    key(qtbot, Qt.Key.Key_A, Ctrl | Shift)
    qtbot.keyClicks(focused(), "Discharge confusion")
    commit_cell(qtbot, lambda: len(stored_texts(store, session.id)) == 2)
    table = page.ui.findingsTable
    table.setCurrentCell(1, COLUMNS.index("example"))
    qtbot.keyClicks(table, "W")  # typing on a cell starts editing it
    qtbot.keyClicks(focused(), "ent home unsure about tablets")
    commit_cell(qtbot, lambda: stored_texts(store, session.id)[1] == (
        "Discharge confusion", 1, "survey comments", "Went home unsure about tablets"
    ))


def test_the_column_headings_stay_whole_whichever_cell_is_chosen(page, qtbot):
    """A chosen cell must not turn its column's heading bold: "How often" was cut to
    "How ofter" once it no longer fitted its column. Measured in the application's style
    sheet, as the window always has it (whichever test ran before)."""
    current_appearance()
    table = page.ui.findingsTable
    table.setFocus()
    key(qtbot, Qt.Key.Key_Insert)
    header = table.horizontalHeader()
    for column in range(table.columnCount()):
        table.setCurrentCell(0, column)
        heading = table.horizontalHeaderItem(column).text()
        needed = header.fontMetrics().horizontalAdvance(heading)
        assert not header.highlightSections()
        assert header.sectionSize(column) >= needed, heading


def test_source_and_period_are_edited_with_the_keyboard(page, qtbot, store, session):
    page.add_imported(THEMES)
    table = page.ui.findingsTable
    table.setFocus()
    table.setCurrentCell(1, COLUMNS.index("source"))
    key(qtbot, Qt.Key.Key_F2)
    key(qtbot, Qt.Key.Key_Down)
    commit_cell(qtbot, lambda: store.findings.of_session(session.id)[1].source == "other")
    # An empty date opened and left as it was stays empty
    table.setCurrentCell(1, COLUMNS.index("period_end"))
    key(qtbot, Qt.Key.Key_F2)
    commit_cell(qtbot, lambda: table.indexWidget(table.currentIndex()) is None)
    assert store.findings.of_session(session.id)[1].period_end is None
    assert table.item(1, COLUMNS.index("period_end")).text() == "—"
    # Arrows change it, from the other end of the period; Delete empties it again
    key(qtbot, Qt.Key.Key_F2)
    key(qtbot, Qt.Key.Key_Up)
    commit_cell(qtbot, lambda: store.findings.of_session(session.id)[1].period_end
                == date(2026, 2, 11))
    table.setCurrentCell(0, COLUMNS.index("period_start"))
    key(qtbot, Qt.Key.Key_F2)
    key(qtbot, Qt.Key.Key_Delete)
    commit_cell(qtbot, lambda: store.findings.of_session(session.id)[0].period_start is None)
    assert store.findings.of_session(session.id)[0].period_end == date(2026, 6, 30)


def test_delete_asks_first(page, qtbot, store, session):
    page.add_imported(THEMES)
    table = page.ui.findingsTable
    table.setFocus()
    table.setCurrentCell(0, 0)
    asked = []

    def answer(key_name):
        def press(box):
            asked.append(box.text())
            qtbot.keyClick(box, key_name)
        return press

    when_shown(QApplication.activeModalWidget, answer(Qt.Key.Key_Escape))
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert asked == ["Delete the theme “Long waits without updates”?"]
    assert len(store.findings.of_session(session.id)) == 2
    page.activateWindow()  # the offscreen platform does not give it back by itself
    qtbot.waitUntil(lambda: focused() is table)  # back where the facilitator was
    when_shown(QApplication.activeModalWidget, answer(Qt.Key.Key_Return))
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert stored_texts(store, session.id) == [
        ("Lost belongings", 7, "incident reports", "Glasses went missing during a transfer.")
    ]
    assert table.rowCount() == 1
    page.activateWindow()
    qtbot.waitUntil(lambda: focused() is table)


def test_people_pre_read_and_date_are_stored(page, qtbot, store, session):
    page.ui.sectionTabs.setCurrentWidget(page.ui.peopleTab)
    page.ui.prepFacilitatorEdit.setFocus()
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.ui.prepNoteTakerEdit
    qtbot.keyClicks(focused(), "Sam Lee")
    key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.ui.prepDateEdit
    key(qtbot, Qt.Key.Key_Up)
    for _section in ("month", "year", "out"):  # Tab goes through the date's parts
        key(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.ui.meeting2DateEdit
    key(qtbot, Qt.Key.Key_Tab)  # no date yet: nothing to walk through
    assert focused() is page.ui.participantsEdit
    qtbot.keyClicks(focused(), "Ana Ortiz")
    key(qtbot, Qt.Key.Key_Return)
    qtbot.keyClicks(focused(), "Ben Okafor")
    assert page.ui.participantsCountLabel.text() == "2 people"
    qtbot.waitUntil(lambda: store.sessions.get(session.id).participants == "Ana Ortiz\nBen Okafor",
                    timeout=SAVE_AFTER_MS * 4)
    stored = store.sessions.get(session.id)
    assert (stored.note_taker, stored.meeting_date) == ("Sam Lee", MEETING + timedelta(days=1))
    page.ui.sectionTabs.setCurrentWidget(page.ui.prereadTab)
    page.ui.prereadTitleEdit.setFocus()
    qtbot.keyClicks(focused(), "Making it right")
    key(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Intranet, Reading room")
    key(qtbot, Qt.Key.Key_Tab)  # leaving the field saves at once
    stored = store.sessions.get(session.id)
    assert stored.preread_title == "Making it right"
    assert stored.preread_where == "Intranet, Reading room"


def test_invitation_follows_the_details_until_edited_and_reset(page, qtbot, store, playbook,
                                                               session):
    edit = page.ui.invitationEdit
    assert edit.toPlainText() == generated_invitation(session, playbook)
    page.ui.sectionTabs.setCurrentWidget(page.ui.prereadTab)
    page.ui.prereadTitleEdit.setFocus()
    qtbot.keyClicks(focused(), "Making it right")
    key(qtbot, Qt.Key.Key_Tab)
    assert "Before we meet, please read: Making it right." in edit.toPlainText()
    page.ui.sectionTabs.setCurrentWidget(page.ui.invitationTab)
    page.ui.improveRadio.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert store.sessions.get(session.id).plan is Plan.IMPROVE
    assert playbook.invitation.improve in edit.toPlainText()
    assert store.sessions.get(session.id).invitation == ""  # still the generated one
    assert not page.ui.resetInvitationButton.isEnabled()
    # The facilitator's own words are kept from then on
    edit.setFocus()
    edit.moveCursor(edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(edit, " See you there.")
    qtbot.waitUntil(lambda: store.sessions.get(session.id).invitation.endswith("See you there."),
                    timeout=SAVE_AFTER_MS * 4)
    assert "own version" in page.ui.invitationStateLabel.text()
    page.ui.sectionTabs.setCurrentWidget(page.ui.peopleTab)
    page.ui.prepFacilitatorEdit.setFocus()
    qtbot.keyClicks(focused(), " (unit manager)")
    key(qtbot, Qt.Key.Key_Tab)
    assert store.sessions.get(session.id).facilitator == "Dana Reyes (unit manager)"
    assert edit.toPlainText().endswith("Dana Reyes See you there.")
    # Reset writes it again from today's details
    page.ui.sectionTabs.setCurrentWidget(page.ui.invitationTab)
    page.ui.resetInvitationButton.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    current = store.sessions.get(session.id)
    assert current.invitation == ""
    assert edit.toPlainText() == generated_invitation(current, playbook)
    assert edit.toPlainText().endswith("Dana Reyes (unit manager)")
    assert focused() is edit


def test_copy_save_import_and_start_with_one_key_each(page, qtbot):
    page.ui.sectionTabs.setCurrentWidget(page.ui.invitationTab)
    page.ui.copyInvitationButton.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert QApplication.clipboard().text() == page.ui.invitationEdit.toPlainText()
    assert page.ui.copyStateLabel.text().startswith("Copied")
    page.ui.saveInvitationButton.setFocus()
    with qtbot.waitSignal(page.exportInvitationRequested) as saved:
        key(qtbot, Qt.Key.Key_Space)
    assert saved.args == [page.ui.invitationEdit.toPlainText(), 1]
    page.ui.sectionTabs.setCurrentWidget(page.ui.findingsTab)
    page.ui.importFindingsButton.setFocus()
    with qtbot.waitSignal(page.importFindingsRequested):
        key(qtbot, Qt.Key.Key_Space)
    page.ui.startMeetingButton.setFocus()
    with qtbot.waitSignal(page.startMeetingRequested):
        key(qtbot, Qt.Key.Key_Space)


def test_imported_themes_are_appended(page, store, session):
    page.add_imported(THEMES[:1])
    page.add_imported(THEMES[1:])
    table = page.ui.findingsTable
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        "Long waits without updates", "Lost belongings"
    ]
    assert table.item(0, COLUMNS.index("period_start")).text() == "1 January 2026"
    assert [f.theme for f in store.findings.of_session(session.id)] == [
        "Long waits without updates", "Lost belongings"
    ]
    assert page.ui.bannerLabel.text() == "1 theme added from the file."
    # The cell shows two lines; hovering shows the whole example
    where = table.visualItemRect(table.item(0, COLUMNS.index("example"))).center()
    QApplication.sendEvent(table.viewport(), QHelpEvent(
        QEvent.Type.ToolTip, where, table.viewport().mapToGlobal(where)
    ))
    assert QToolTip.text() == THEMES[0]["example"]


def test_a_done_session_can_be_read_not_changed(page, qtbot, store, session):
    page.add_imported(THEMES)
    page.set_read_only(True)
    ui = page.ui
    for edit in (ui.prepFacilitatorEdit, ui.prereadTitleEdit, ui.participantsEdit,
                 ui.invitationEdit, ui.prepDateEdit):
        assert edit.isReadOnly()
    assert not page.task_rows[0].done_check.isEnabled()
    assert not ui.improveRadio.isEnabled() and not ui.startMeetingButton.isEnabled()
    ui.prepFacilitatorEdit.setFocus()
    qtbot.keyClicks(ui.prepFacilitatorEdit, "x")
    assert ui.prepFacilitatorEdit.text() == "Dana Reyes"
    table = ui.findingsTable
    table.setFocus()
    table.setCurrentCell(0, 0)
    key(qtbot, Qt.Key.Key_F2)
    qtbot.keyClicks(table, "changed")
    assert table.indexWidget(table.currentIndex()) is None
    key(qtbot, Qt.Key.Key_Insert)
    key(qtbot, Qt.Key.Key_Delete)
    assert table.rowCount() == 2 and len(store.findings.of_session(session.id)) == 2
    ui.copyInvitationButton.click()  # reading and copying still work
    assert QApplication.clipboard().text() == ui.invitationEdit.toPlainText()
    assert store.sessions.get(session.id).facilitator == "Dana Reyes"


def test_a_disk_failure_keeps_every_word_and_says_so(page, qtbot, store, session):
    page.add_imported(THEMES[:1])
    store.connection.conn.close()  # every write fails from here on
    banner = page.ui.bannerLabel
    page.ui.sectionTabs.setCurrentWidget(page.ui.peopleTab)
    page.ui.participantsEdit.setFocus()
    qtbot.keyClicks(focused(), "Ana Ortiz")
    qtbot.waitUntil(lambda: banner.property("kind") == "error", timeout=SAVE_AFTER_MS * 4)
    assert banner.isVisible()
    assert "stay on screen" in banner.text()
    assert page.ui.participantsEdit.toPlainText() == "Ana Ortiz"
    page.task_rows[1].done_check.setFocus()
    key(qtbot, Qt.Key.Key_Space)
    assert page.task_rows[1].done
    table = page.ui.findingsTable
    table.setFocus()
    table.setCurrentCell(0, COLUMNS.index("theme"))
    key(qtbot, Qt.Key.Key_F2)
    key(qtbot, Qt.Key.Key_End)  # F2 selects the whole text; End keeps it
    qtbot.keyClicks(focused(), " (weekends)")
    commit_cell(qtbot, lambda: table.item(0, 0).text() == "Long waits without updates (weekends)")
    page.add_imported(THEMES[1:])  # the counting work is shown even though it waits
    assert table.rowCount() == 2
    assert not table.item(1, 0).flags() & Qt.ItemFlag.ItemIsEditable
    assert page.flush() is False
    store.reconnect()  # the disk is back: the retry writes everything in order
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=5000)
    assert page.flush() is True
    assert store.sessions.get(session.id).participants == "Ana Ortiz"
    assert store.tasks.states(session.id)["note-taker"].done_at is not None
    assert [f.theme for f in store.findings.of_session(session.id)] == [
        "Long waits without updates (weekends)", "Lost belongings"
    ]
    assert table.item(1, 0).flags() & Qt.ItemFlag.ItemIsEditable


def test_hostile_names_show_exactly_in_the_invitation(qtbot, store, playbook):
    department = "Ward {date} {{7}} \u202eevil\u202c 👩‍👩‍👧 שלום"
    session = store.sessions.create(department, first_step=playbook.meeting1[0].id,
                                   facilitator="{facilitator} }{")
    page = PreparationPage(store, playbook)
    qtbot.addWidget(page)
    page.open_session(session)
    text = page.ui.invitationEdit.toPlainText()
    assert text.startswith(f"{department}: ")
    assert text.endswith("Thank you,\n{facilitator} }{")
    assert page.ui.prepTitleLabel.text().endswith(department)


def test_tab_goes_from_the_checklist_to_the_open_section_then_start(page, qtbot):
    page.task_rows[-1].due_check.setFocus()
    visited = []
    for _press in range(5):
        key(qtbot, Qt.Key.Key_Tab)
        visited.append(focused())
    ui = page.ui
    assert visited == [ui.sectionTabs.tabBar(), ui.findingsTable, ui.addFindingButton,
                       ui.importFindingsButton, ui.startMeetingButton]
    key(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert ui.sectionTabs.currentWidget() is ui.peopleTab


def test_flush_saves_what_is_still_being_typed(page, qtbot, store, session):
    page.add_imported(THEMES[:1])
    page.ui.participantsEdit.setFocus()
    qtbot.keyClicks(focused(), "Ana Ortiz")
    table = page.ui.findingsTable
    table.setFocus()
    table.setCurrentCell(0, COLUMNS.index("example"))
    key(qtbot, Qt.Key.Key_F2)
    qtbot.keyClicks(focused(), "A short wait felt long")
    assert page.flush() is True  # no pause, no Enter: flush takes both
    assert store.sessions.get(session.id).participants == "Ana Ortiz"
    assert store.findings.of_session(session.id)[0].example == "A short wait felt long"


def test_stored_text_is_never_cut_or_rewritten_by_a_text_box(page, qtbot, store, session):
    long = "A very long pre-read title. " * 5000  # far beyond a text box's usual limit
    typed_elsewhere = "Ana Ortiz\r\nBen Okafor\u2029Chen Wei\x00"  # boxes show these differently
    store.sessions.update(session.id, preread_title=long, facilitator=long,
                         participants=typed_elsewhere, invitation=typed_elsewhere)
    store.findings.add(session.id, [{"theme": "Waits", "count": 3, "example": long}])
    page.open_session(store.sessions.get(session.id))
    table = page.ui.findingsTable
    table.setFocus()
    table.setCurrentCell(0, COLUMNS.index("example"))
    key(qtbot, Qt.Key.Key_F2)
    key(qtbot, Qt.Key.Key_End)
    qtbot.keyClicks(focused(), "!")
    page.ui.prepNoteTakerEdit.setFocus()
    qtbot.keyClicks(focused(), "Sam Lee")
    assert page.flush() is True
    stored = store.sessions.get(session.id)
    assert (stored.preread_title, stored.facilitator, stored.note_taker) == (long, long, "Sam Lee")
    assert stored.participants == stored.invitation == typed_elsewhere
    assert store.findings.of_session(session.id)[0].example == long + "!"


def test_each_alt_key_means_one_thing_wherever_the_facilitator_is(page):
    def mnemonic(text: str) -> str | None:
        found = re.search(r"&(\w)", text.replace("&&", ""))
        return found.group(1).lower() if found else None

    tabs = page.ui.sectionTabs
    everywhere = [mnemonic(tabs.tabText(i)) for i in range(tabs.count())]
    everywhere.append(mnemonic(page.ui.startMeetingButton.text()))
    for index in range(tabs.count()):
        tab = tabs.widget(index)
        widgets = tab.findChildren(QAbstractButton) + tab.findChildren(QLabel)
        keys = [k for k in everywhere + [mnemonic(w.text()) for w in widgets] if k]
        assert len(keys) == len(set(keys)), tabs.tabText(index)


def test_a_later_session_reviews_the_last_ones_open_assignments(qtbot, store, playbook):
    earlier = store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id,
                                   meeting_date=date(2026, 3, 2))
    store.guide.add_item(earlier.id, "assignments",
                         {"what": "Order <b>meal</b> vouchers", "who": "Ana", "due": "2026-04-01"})
    store.guide.add_item(earlier.id, "assignments", {"what": "Print the card", "done": "yes"})
    later = store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id,
                                 meeting_date=date(2026, 11, 20))
    page = PreparationPage(store, playbook)
    qtbot.addWidget(page)
    page.show()
    page.open_session(later)
    assert page.ui.carryOverPanel.isVisible()
    shown = page.ui.carryOverLabel.text()
    assert "Order &lt;b&gt;meal&lt;/b&gt; vouchers — Ana, by 1 April 2026" in shown
    assert "Print the card" not in shown and "2 March 2026" in shown
    page.ui.carryOverButton.setFocus()
    qtbot.keyClick(page.ui.carryOverButton, Qt.Key.Key_Space)
    (copied,) = store.guide.items(later.id, "assignments")
    assert copied.fields == {"what": "Order <b>meal</b> vouchers", "who": "Ana",
                             "due": "2026-04-01"}
    assert not page.ui.carryOverPanel.isVisible()
    page.open_session(later)  # reviewed once is enough
    assert not page.ui.carryOverPanel.isVisible()


def test_meeting_2s_date_is_set_here_and_writes_its_invitation(page, qtbot, store, playbook,
                                                              session):
    ui = page.ui
    ui.sectionTabs.setCurrentWidget(ui.invitationTab)
    ui.invitationMeetingCombo.setFocus()
    key(qtbot, Qt.Key.Key_Down)  # the invitation to meeting 2
    assert ui.invitationMeetingCombo.currentText() == "Meeting 2"
    assert ui.invitationEdit.toPlainText() == "" and ui.invitationEdit.isReadOnly()
    assert ui.invitationStateLabel.text().startswith("Set meeting 2's date")
    assert not ui.copyInvitationButton.isEnabled() and not ui.planGroup.isVisible()
    ui.sectionTabs.setCurrentWidget(ui.peopleTab)
    ui.prepFacilitatorEdit.setFocus()
    key(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # "Meeting 2 da&te"
    assert focused() is ui.meeting2DateEdit and ui.meeting2DateEdit.text() == "no date"
    key(qtbot, Qt.Key.Key_Up)  # from no date, today
    key(qtbot, Qt.Key.Key_Up)  # then the day after
    agreed = date.today() + timedelta(days=1)
    qtbot.waitUntil(lambda: store.sessions.get(session.id).meeting2_date == agreed,
                    timeout=SAVE_AFTER_MS * 4)
    ui.sectionTabs.setCurrentWidget(ui.invitationTab)
    stored = store.sessions.get(session.id)
    assert ui.invitationEdit.toPlainText() == meeting2_invitation(stored, playbook)
    assert date_in_words(agreed) in ui.invitationEdit.toPlainText()
    assert ui.invitationEdit.isReadOnly() and ui.copyInvitationButton.isEnabled()
    ui.saveInvitationButton.setFocus()
    with qtbot.waitSignal(page.exportInvitationRequested) as saved:
        key(qtbot, Qt.Key.Key_Space)
    assert saved.args == [meeting2_invitation(stored, playbook), 2]
    ui.invitationMeetingCombo.setFocus()
    key(qtbot, Qt.Key.Key_Up)  # back to meeting 1's, which can be changed
    assert ui.invitationEdit.toPlainText() == generated_invitation(stored, playbook)
    assert not ui.invitationEdit.isReadOnly() and ui.planGroup.isVisible()
    ui.sectionTabs.setCurrentWidget(ui.agendaTab)
    editor = page.agenda_editor.ui
    assert editor.agendaDateLabel.text() == shown_date(MEETING)
    editor.agendaMeetingCombo.setCurrentIndex(editor.agendaMeetingCombo.findData(2))
    assert editor.agendaDateLabel.text() == shown_date(agreed)
    ui.sectionTabs.setCurrentWidget(ui.peopleTab)
    ui.meeting2DateEdit.setFocus()
    key(qtbot, Qt.Key.Key_Delete)  # not agreed after all
    qtbot.waitUntil(lambda: store.sessions.get(session.id).meeting2_date is None,
                    timeout=SAVE_AFTER_MS * 4)
    assert editor.agendaDateLabel.text().startswith("Not set yet")


def test_alt_and_a_section_number_takes_the_keyboard_into_that_section(qtbot, page):
    """From the checklist, Alt+2 opens People and date with the keyboard on its first field
    (a screen reader then reads that field), and Alt+5 the agenda's first control."""
    page.task_rows[0].done_check.setFocus()
    qtbot.waitUntil(lambda: focused() is page.task_rows[0].done_check)
    key(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: focused() is page.ui.prepFacilitatorEdit)
    assert page.ui.sectionTabs.currentWidget() is page.ui.peopleTab
    key(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: focused() is page.ui.invitationMeetingCombo)
    key(qtbot, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: focused() is page.ui.findingsTable)

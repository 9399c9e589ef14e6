"""The sessions list and the search, driven with the keyboard against a real store."""

import sqlite3
import unicodedata
from datetime import date, datetime, time, timedelta

import pytest
from gui_helpers import focused, press_alt, when_shown
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QMessageBox
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.model import Phase, Plan
from svcrec_desktop.store.database import SessionNotFound
from svcrec_desktop.ui.dates import shown_date
from svcrec_desktop.ui.home.name_prompt import NamePromptDialog
from svcrec_desktop.ui.home.page import (
    HIT_ROLE,
    HTML_ROLE,
    PHASE_COLUMN,
    PREPARATION,
    HomePage,
    View,
)

Alt = Qt.KeyboardModifier.AltModifier
Ctrl = Qt.KeyboardModifier.ControlModifier
Key = Qt.Key


@pytest.fixture(autouse=True)
def no_dialog_left_open(qapp):
    """Every test must leave no question or prompt waiting on the screen."""
    yield
    left = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    assert left == [] and QApplication.activeModalWidget() is None


@pytest.fixture
def open_home(qtbot, store, playbook):
    def opener() -> HomePage:
        page = HomePage(store, playbook)
        qtbot.addWidget(page)
        page.resize(1100, 650)
        page.show()
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow)
        page.focus_list()
        return page

    return opener


def create(store, playbook, department, **details):
    return store.sessions.create(department, first_step=playbook.meeting1[0].id, **details)


def changed_at(store, session_id, moment: datetime) -> None:
    """Set when a session last changed: the store stamps the current second, too coarse to
    order sessions made within one test."""
    store.connection.update("sessions", session_id, {"updated_at": moment.astimezone().isoformat()})


def rows(page) -> list[list[str]]:
    table = page.ui.sessionTable
    return [[table.item(row, column).text() for column in range(table.columnCount())]
            for row in range(table.rowCount())]


def departments(page) -> list[str]:
    return [row[0] for row in rows(page)]


def showing(kind):
    """Finds the visible dialog of this class, for when_shown."""
    return lambda: next((w for w in QApplication.topLevelWidgets()
                         if isinstance(w, kind) and w.isVisible()), None)


def type_text(widget, text: str) -> None:
    """Type any script, as its keyboard layout would (QTest.keyClicks types Latin-1 only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def answer_name(qtbot, name: str):
    def act(dialog: NamePromptDialog) -> None:
        qtbot.keyClicks(dialog.ui.nameEdit, name)
        qtbot.keyClick(dialog.ui.nameEdit, Key.Key_Return)

    return when_shown(showing(NamePromptDialog), act)


def answer_box(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier, seen=None):
    """Answer the next message box with a key, keeping its text in seen."""
    def act(box: QMessageBox) -> None:
        if seen is not None:
            seen.append(box.text())
        qtbot.keyClick(box, key, modifier)

    return when_shown(showing(QMessageBox), act)


def settle(qtbot, page, answer) -> None:
    """Check the dialog came and was answered, then give the page the keyboard back as a window
    manager would (the offscreen platform leaves no window active after a modal one)."""
    assert not answer.isActive(), "the dialog never showed"
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)


def search_for(qtbot, page, text: str) -> None:
    page.focus_search()
    type_text(page.ui.searchEdit, text)
    assert page.ui.listStack.currentWidget() is not page.ui.resultsPage  # waits for a pause
    qtbot.waitUntil(lambda: page.ui.listStack.currentWidget() is page.ui.resultsPage)


def test_sessions_are_listed_most_recently_changed_first(open_home, store, playbook):
    today, yesterday = date.today(), date.today() - timedelta(days=1)
    oncology = create(store, playbook, "Oncology", meeting_date=date(2025, 3, 5))
    cardiology = create(store, playbook, "Cardiology", meeting_date=date(2025, 6, 12))
    radiology = create(store, playbook, "Radiology", meeting_date=date(2024, 1, 9))
    store.sessions.set_phase(oncology.id, Phase.BETWEEN)
    store.sessions.update(oncology.id, meeting2_date=date(2025, 3, 26))
    changed_at(store, oncology.id, datetime.combine(yesterday, time(9, 30)))
    changed_at(store, cardiology.id, datetime.combine(today, time(8, 15)))
    changed_at(store, radiology.id, datetime(2024, 1, 2, 16, 0))
    page = open_home()
    table = page.ui.sessionTable
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["Department", "Meeting 1", "Meeting 2", "Phase", "Last change"]
    assert rows(page) == [
        ["Cardiology", "12 June 2025", "not set yet", "Preparing", "today 08:15"],
        ["Oncology", "5 March 2025", "26 March 2025", "Between meetings", "yesterday 09:30"],
        ["Radiology", "9 January 2024", "not set yet", "Preparing", "2 January 2024"],
    ]
    assert page.ui.activeViewButton.text() == "Acti&ve (3)"
    assert focused() is table and page.selected_session().id == cardiology.id


def test_a_guide_past_its_review_date_is_marked_review_due(open_home, store, playbook):
    today = date.today()
    overdue = create(store, playbook, "Oncology")
    store.sessions.update(overdue.id, approved_on=today - timedelta(days=400))  # a year on: past
    due_today = create(store, playbook, "Radiology")
    store.sessions.update(due_today.id, approved_on=today - timedelta(days=30), review_on=today)
    later = create(store, playbook, "Cardiology")
    store.sessions.update(later.id, approved_on=today - timedelta(days=30))
    create(store, playbook, "Pharmacy")  # never approved: nothing to review
    archived = create(store, playbook, "Surgery")
    store.sessions.update(archived.id, review_on=today - timedelta(days=1))
    store.sessions.archive(archived.id)
    page = open_home()
    table = page.ui.sessionTable
    phases = {row[0]: row[PHASE_COLUMN] for row in rows(page)}
    assert phases == {"Oncology": "Preparing · review due", "Radiology": "Preparing · review due",
                      "Cardiology": "Preparing", "Pharmacy": "Preparing"}
    row = departments(page).index("Oncology")
    cell = table.item(row, PHASE_COLUMN)
    when = shown_date(store.sessions.get(overdue.id).next_review)
    said = cell.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert said.startswith("Review due") and when in said and cell.toolTip() == said
    assert cell.font().bold()
    assert not table.item(departments(page).index("Pharmacy"), PHASE_COLUMN).font().bold()
    page.show_view(View.ARCHIVED)
    assert rows(page)[0][PHASE_COLUMN] == "Preparing · review due"


def test_enter_or_double_click_opens_where_it_was_and_refresh_keeps_the_selection(
    open_home, store, playbook, qtbot
):
    first = create(store, playbook, "Cardiology")
    second = create(store, playbook, "Oncology")
    page = open_home()
    table = page.ui.sessionTable
    assert departments(page) == ["Oncology", "Cardiology"]
    with qtbot.waitSignal(page.openRequested) as opened:
        qtbot.keyClick(table, Key.Key_Return)
    assert opened.args == [second.id, ""]
    # a note taken on another page moves Cardiology to the top; Oncology stays selected
    store.notes.add(first.id, "q2", "Call bells unanswered")
    changed_at(store, first.id, datetime.now() + timedelta(minutes=1))
    assert page.refresh()
    assert departments(page) == ["Cardiology", "Oncology"]
    assert page.selected_session().id == second.id
    top = table.visualRect(table.model().index(0, 0)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=top)
    with qtbot.waitSignal(page.openRequested) as opened:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=top)
    assert opened.args == [first.id, ""]


def test_without_sessions_the_page_says_how_to_start(open_home, qtbot):
    page = open_home()
    assert page.ui.emptyLabel.isVisible()
    assert page.ui.emptyLabel.text() == ("No sessions yet — press Ctrl+N or New session to "
                                         "prepare one.")
    assert focused() is page.ui.newSessionButton
    for button in (page.ui.openButton, page.ui.renameButton, page.ui.duplicateButton,
                   page.ui.archiveButton, page.ui.deleteButton, page.ui.restoreButton,
                   page.ui.emptyBinButton):
        assert not button.isEnabled(), button.objectName()
    with qtbot.waitSignal(page.newRequested):
        press_alt(qtbot, page.ui.newSessionButton, Key.Key_N)


def test_f2_renames_and_a_blank_name_is_refused_in_the_dialog(open_home, store, playbook, qtbot):
    session = create(store, playbook, "Cardiology")
    page = open_home()
    seen = {}

    def blank_then_rename(dialog: NamePromptDialog) -> None:
        edit = dialog.ui.nameEdit
        seen["selected"] = edit.selectedText()
        qtbot.keyClick(edit, Key.Key_Delete)
        qtbot.keyClick(edit, Key.Key_Return)
        seen["still open"] = dialog.isVisible()
        seen["message"] = dialog.ui.errorLabel.text() if dialog.ui.errorLabel.isVisible() else ""
        qtbot.keyClicks(edit, "  Cardiac Surgery ")
        qtbot.keyClick(edit, Key.Key_Return)

    prompt = when_shown(showing(NamePromptDialog), blank_then_rename)
    qtbot.keyClick(page.ui.sessionTable, Key.Key_F2)
    settle(qtbot, page, prompt)
    assert seen["selected"] == "Cardiology" and seen["still open"]
    assert "needs a department name" in seen["message"]
    assert store.sessions.get(session.id).department == "Cardiac Surgery"
    assert departments(page) == ["Cardiac Surgery"]
    assert page.ui.bannerLabel.text() == "Renamed to “Cardiac Surgery”."
    # Escape leaves the name as it was
    prompt = when_shown(showing(NamePromptDialog),
                        lambda dialog: qtbot.keyClick(dialog.ui.nameEdit, Key.Key_Escape))
    qtbot.keyClick(page.ui.sessionTable, Key.Key_F2)
    settle(qtbot, page, prompt)
    assert store.sessions.get(session.id).department == "Cardiac Surgery"


def test_duplicate_starts_another_department_from_the_preparation(
    open_home, store, playbook, qtbot
):
    source = create(store, playbook, "Cardiology", facilitator="Dana Reyes")
    store.sessions.update(source.id, preread_title="Saying sorry well", plan=Plan.IMPROVE)
    store.tasks.set_due(source.id, "review", date(2025, 5, 1))
    store.notes.add(source.id, "q2", "Belongings lost on transfer")
    page = open_home()
    prompt = answer_name(qtbot, "Oncology")
    press_alt(qtbot, page.ui.duplicateButton, Key.Key_U)
    settle(qtbot, page, prompt)
    copy = page.selected_session()
    assert copy.department == "Oncology" and copy.id != source.id
    assert sorted(departments(page)) == ["Cardiology", "Oncology"]
    assert (copy.facilitator, copy.preread_title, copy.plan) == (
        "Dana Reyes", "Saying sorry well", Plan.IMPROVE
    )
    assert store.tasks.states(copy.id)["review"].due_date == date(2025, 5, 1)
    assert store.notes.of_session(copy.id) == [] and len(store.notes.of_session(source.id)) == 1
    assert "from the preparation of “Cardiology”" in page.ui.bannerLabel.text()


def test_archive_moves_a_session_to_the_archived_view_and_back(
    open_home, store, playbook, qtbot
):
    kept = create(store, playbook, "Cardiology")
    finished = create(store, playbook, "Oncology")
    page = open_home()
    assert page.selected_session().id == finished.id
    with qtbot.waitSignal(page.sessionsChanged):
        press_alt(qtbot, page.ui.archiveButton, Key.Key_A)
    assert departments(page) == ["Cardiology"]
    assert page.selected_session().id == kept.id  # the next session is ready to act on
    assert store.sessions.get(finished.id).archived_at is not None
    press_alt(qtbot, page.ui.archivedViewButton, Key.Key_I)
    assert page.view is View.ARCHIVED and departments(page) == ["Oncology"]
    assert page.ui.archiveButton.text() == "Un&archive"
    # select_session finds a session in whichever view holds it
    assert page.select_session(kept.id)
    assert page.view is View.ACTIVE and page.selected_session().id == kept.id
    assert page.select_session(finished.id) and page.view is View.ARCHIVED
    page.focus_list()
    press_alt(qtbot, page.ui.archiveButton, Key.Key_A)
    assert departments(page) == []
    assert page.ui.emptyLabel.isVisible() and "No archived sessions" in page.ui.emptyLabel.text()
    assert store.sessions.get(finished.id).archived_at is None


def test_delete_asks_then_the_bin_restores_or_deletes_for_good(
    open_home, store, playbook, qtbot
):
    session = create(store, playbook, "Cardiology")
    store.notes.add(session.id, "q2", "Meals arrive cold")
    page = open_home()
    table = page.ui.sessionTable
    assert not page.ui.restoreButton.isEnabled() and not page.ui.emptyBinButton.isEnabled()
    asked = []
    box = answer_box(qtbot, Key.Key_Return, seen=asked)
    qtbot.keyClick(table, Key.Key_Delete)
    settle(qtbot, page, box)
    assert asked == ["Move “Cardiology” to the bin? It can be restored from the bin until the "
                     "bin is emptied."]
    assert departments(page) == [] and store.sessions.get(session.id).deleted_at is not None
    assert focused() is page.ui.newSessionButton  # the keyboard is not lost with the row
    press_alt(qtbot, page.ui.binViewButton, Key.Key_B)
    assert page.view is View.BIN and departments(page) == ["Cardiology"]
    assert page.ui.binViewButton.text() == "&Bin (1)"
    for button in (page.ui.openButton, page.ui.renameButton, page.ui.archiveButton,
                   page.ui.deleteButton):
        assert not button.isEnabled(), button.objectName()
    press_alt(qtbot, page.ui.restoreButton, Key.Key_T)
    assert departments(page) == [] and store.sessions.get(session.id).deleted_at is None
    assert "back among the active sessions" in page.ui.bannerLabel.text()

    press_alt(qtbot, page.ui.activeViewButton, Key.Key_V)
    page.focus_list()
    box = answer_box(qtbot, Key.Key_Return)
    qtbot.keyClick(table, Key.Key_Delete)
    settle(qtbot, page, box)
    press_alt(qtbot, page.ui.binViewButton, Key.Key_B)
    page.focus_list()
    asked.clear()
    box = answer_box(qtbot, Key.Key_Return, seen=asked)  # Enter means Cancel here
    press_alt(qtbot, page.ui.emptyBinButton, Key.Key_E)
    settle(qtbot, page, box)
    assert "1 session in the bin" in asked[0] and "cannot be undone" in asked[0]
    assert departments(page) == ["Cardiology"]
    box = answer_box(qtbot, Key.Key_D, Alt)
    press_alt(qtbot, page.ui.emptyBinButton, Key.Key_E)
    settle(qtbot, page, box)
    assert departments(page) == [] and store.sessions.all(in_bin=True) == []
    with pytest.raises(SessionNotFound):
        store.sessions.get(session.id)
    assert store.notes.of_session(session.id) == []
    assert page.ui.bannerLabel.text() == "The bin was emptied: 1 session deleted for good."


def test_search_finds_hostile_text_and_enter_opens_the_step(open_home, store, playbook, qtbot):
    cardiology = create(store, playbook, "Cardiology")
    create(store, playbook, "Oncology")
    hostile = " ".join(HOSTILE_TEXTS[name] for name in (
        "emoji sequences", "right to left", "control characters", "bidi controls"
    ))
    store.notes.add(cardiology.id, "q2", f"Wristband missing {hostile}")
    page = open_home()
    qtbot.keyClick(page.ui.sessionTable, Key.Key_F, Ctrl)
    assert focused() is page.ui.searchEdit
    search_for(qtbot, page, "חיכה")
    results = page.ui.resultList
    assert results.count() == 1
    assert page.ui.resultCountLabel.text() == "1 match in 1 session"
    item = results.item(0)
    where = playbook.step("q2").title
    assert item.text().startswith(f"Cardiology — {where}\n")
    shown = item.text() + item.data(HTML_ROLE)
    assert not [c for c in shown if unicodedata.category(c) == "Cc" and c != "\n"]
    assert "<b>חיכה</b>" in item.data(HTML_ROLE)
    assert not page.ui.openButton.isEnabled()  # list actions wait until the search is left
    qtbot.keyClick(page.ui.searchEdit, Key.Key_Down)
    assert focused() is results and results.currentRow() == 0
    with qtbot.waitSignal(page.openRequested) as opened:
        qtbot.keyClick(results, Key.Key_Return)
    assert opened.args == [cardiology.id, "q2"]


def test_a_finding_opens_the_preparation_and_archived_sessions_are_searched(
    open_home, store, playbook, qtbot
):
    cardiology = create(store, playbook, "Cardiology")
    oncology = create(store, playbook, "Oncology")
    store.notes.add(cardiology.id, "q4", "We replace a lost wristband at once")
    store.findings.add(oncology.id, [{
        "theme": "Lost belongings", "count": 7, "source": "incident reports",
        "example": "Glasses and a wristband went missing",
    }])
    store.sessions.archive(oncology.id)
    page = open_home()
    search_for(qtbot, page, "wristband")
    results = page.ui.resultList
    assert page.ui.resultCountLabel.text() == "2 matches in 2 sessions"
    qtbot.keyClick(page.ui.searchEdit, Key.Key_Down)
    while results.currentItem().data(HIT_ROLE).kind != "finding":
        qtbot.keyClick(results, Key.Key_Down)
    assert results.currentItem().text().startswith("Oncology (archived) — Findings\n")
    with qtbot.waitSignal(page.openRequested) as opened:
        qtbot.keyClick(results, Key.Key_Return)
    assert opened.args == [oncology.id, PREPARATION]
    qtbot.keyClick(results, Key.Key_Escape)
    assert page.ui.searchEdit.text() == ""
    assert page.ui.listStack.currentWidget() is page.ui.sessionsPage
    assert focused() is page.ui.sessionTable


def test_escape_in_the_search_box_clears_it_and_returns_to_the_list(
    open_home, store, playbook, qtbot
):
    create(store, playbook, "Cardiology")
    page = open_home()
    search_for(qtbot, page, "zebra")
    assert page.ui.resultCountLabel.text() == ("Nothing found for “zebra”. Sessions in the bin "
                                               "are not searched.")
    qtbot.keyClick(page.ui.searchEdit, Key.Key_Escape)
    assert page.ui.searchEdit.text() == ""
    assert page.ui.listStack.currentWidget() is page.ui.sessionsPage
    assert focused() is page.ui.sessionTable and page.ui.openButton.isEnabled()


def test_ctrl_f_reaches_the_search_box_when_the_window_binds_it_too(qtbot, store, playbook):
    create(store, playbook, "Cardiology")
    window = QMainWindow()
    qtbot.addWidget(window)
    page = HomePage(store, playbook)
    window.setCentralWidget(page)
    elsewhere = []
    window.addAction(QAction("Search all sessions", window, shortcut="Ctrl+F",
                             triggered=lambda: elsewhere.append(True)))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.focus_list()
    qtbot.keyClick(page.ui.sessionTable, Key.Key_F, Ctrl)
    assert focused() is page.ui.searchEdit and elsewhere == []


def test_a_change_the_disk_refuses_is_explained_on_the_page(open_home, store, playbook, qtbot):
    session = create(store, playbook, "Cardiology")
    page = open_home()
    other_program = sqlite3.connect(store.path)
    other_program.execute("begin exclusive")
    try:
        prompt = answer_name(qtbot, "Cardiac Surgery")
        qtbot.keyClick(page.ui.sessionTable, Key.Key_F2)
        settle(qtbot, page, prompt)
    finally:
        other_program.rollback()
        other_program.close()
    assert page.ui.bannerLabel.isVisible()
    assert "in use by another program" in page.ui.bannerLabel.text()
    assert store.sessions.get(session.id).department == "Cardiology"
    assert departments(page) == ["Cardiology"]

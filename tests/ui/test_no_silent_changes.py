"""Nothing changes that the person did not mean to change.

The mouse wheel never changes a choice, number or date in a box that does not have the
keyboard, on any page or dialog (it scrolls the page instead); Tab into the saved notes
chooses a note that can be seen, highlighted clearly in every colour scheme, and F2 or Delete
act only on a note in view; keys typed while the key sheet is open reach the note box; Esc in
*Edit note* with a change asks first."""

import tomllib

import pytest
from csv_samples import survey_bytes
from gui_helpers import contrast, every_page, focused, start_session, type_note, when_shown
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPalette, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QMessageBox,
    QSlider,
    QWidget,
)

from svcrec_desktop import paths
from svcrec_desktop.ui.appearance import CONTRAST, DARK, LIGHT, current_appearance
from svcrec_desktop.ui.guide.action_dialog import ActionItemDialog
from svcrec_desktop.ui.guide.export_dialog import ExportDialog
from svcrec_desktop.ui.meeting.notes_panel import EditNoteDialog
from svcrec_desktop.ui.preparation.findings_import import FindingsImportDialog
from svcrec_desktop.ui.shortcuts_dialog import ShortcutsDialog

Ctrl = Qt.KeyboardModifier.ControlModifier
Key = Qt.Key
GUARDED = (QComboBox, QAbstractSpinBox, QSlider)


@pytest.fixture(autouse=True)
def scheme_back_to_light(qapp):
    """The scheme belongs to the whole application: leave it as the next test expects."""
    yield
    qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    current_appearance().set_high_contrast(False)


# The mouse wheel -----------------------------------------------------------------------------

def roll(widget: QWidget, notches: int) -> QWidget | None:
    """Turn the wheel over the middle of widget, delivered as Qt delivers a real one: to the
    widget under the pointer, then up its parents while none takes it. (Qt does not pass a
    wheel event sent from a test on to the parents, so the walk is done here.) Returns the
    widget that took it."""
    centre = widget.rect().center()
    spot = widget.mapToGlobal(centre)
    target = widget.childAt(centre) or widget
    while target is not None:
        event = QWheelEvent(QPointF(target.mapFromGlobal(spot)), QPointF(spot), QPoint(),
                            QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(target, event)
        if event.isAccepted():
            return target
        target = None if target.isWindow() else target.parentWidget()
    return None


def value_of(box: QWidget) -> object:
    if isinstance(box, QComboBox):
        return box.currentIndex(), box.currentText()
    if isinstance(box, QDateTimeEdit):
        return box.dateTime()
    if isinstance(box, QAbstractSpinBox):
        return box.text()
    return box.value()


def boxes(top: QWidget) -> list[QWidget]:
    return [box for box in top.findChildren(QWidget)
            if isinstance(box, GUARDED) and box.isVisible()]


def wheel_changes(top: QWidget, rolled: set[str]) -> dict[str, list[str]]:
    """Roll the wheel both ways over every box in view that does not have the keyboard
    (adding their names to rolled); what changed, and which box kept the wheel to itself."""
    QApplication.processEvents()
    found: dict[str, list[str]] = {}
    for box in boxes(top):
        if box.hasFocus():
            box.clearFocus()
        before = {id(other): value_of(other) for other in boxes(top)}
        taken = [roll(box, -1), roll(box, 1)]
        after = {id(other): value_of(other) for other in boxes(top)}
        name = f"{type(box).__name__} {box.objectName() or box.accessibleName()!r}"
        rolled.add(name)
        if before != after:
            found.setdefault("changed", []).append(name)
        if box in taken:
            found.setdefault("kept the wheel", []).append(name)
        assert box.focusPolicy() != Qt.FocusPolicy.WheelFocus, name
    return found


def test_the_wheel_changes_no_box_without_the_keyboard_anywhere(filled_window, qtbot,
                                                                tmp_path):
    window = filled_window
    rolled: set[str] = set()
    seen = {where: found for where in every_page(window, fill_forms=True)
            if (found := wheel_changes(window, rolled))}
    session_id = window.session.id
    source = tmp_path / "survey.csv"
    source.write_bytes(survey_bytes())
    store = window.store
    for name, dialog in {
        "export": ExportDialog(store.versions.of_session(session_id), window),
        "import findings": FindingsImportDialog(window, source),
        "action item": ActionItemDialog("a note", None, window),
    }.items():
        dialog.show()
        if found := wheel_changes(dialog, rolled):
            seen[name] = found
        dialog.reject()
    assert seen == {}
    assert {  # among them the boxes of the issue: a section choice, dates, a phase
        "QComboBox 'feedbackSectionCombo'", "QComboBox 'field_section'", "QComboBox 'phaseCombo'",
        "QComboBox 'agendaLengthCombo'", "QComboBox 'versionCombo'", "QComboBox 'sourceCombo'",
        "QDateEdit 'meetingDateEdit'", "QDateEdit 'prepDateEdit'", "QDateEdit 'startEdit'",
        "OptionalDateEdit 'field_due'", "OptionalDateEdit 'dueEdit'",
    } <= rolled


def test_the_wheel_over_a_box_scrolls_the_page_instead(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window, meeting=False)
    window.resize(900, 420)  # too small for the preparation page: it scrolls
    tabs = window.preparation_page.ui.sectionTabs
    tabs.setCurrentWidget(window.preparation_page.ui.agendaTab)
    QApplication.processEvents()
    scroll = window.ui.pageScroll.verticalScrollBar()
    assert scroll.maximum() > 0
    combo = window.preparation_page.findChild(QComboBox, "agendaLengthCombo")
    assert combo.isVisible() and not combo.hasFocus()
    chosen = combo.currentIndex()
    was = scroll.value()
    roll(combo, -1)
    assert combo.currentIndex() == chosen
    assert scroll.value() > was


def test_a_box_with_the_keyboard_still_takes_the_wheel(open_window, qtbot, tmp_path):
    window = open_window()
    date_edit = window.new_session_page.ui.meetingDateEdit
    date_edit.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(date_edit.hasFocus)
    day = date_edit.date()
    assert roll(date_edit, 1) is date_edit
    assert date_edit.date() != day
    source = tmp_path / "survey.csv"
    source.write_bytes(survey_bytes())
    dialog = FindingsImportDialog(window, source)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    combo = next(box for box in boxes(dialog) if isinstance(box, QComboBox) and box.count() > 1)
    combo.setCurrentIndex(0)
    combo.clearFocus()  # the dialog gave it the keyboard first
    roll(combo, -1)
    assert combo.currentIndex() == 0  # no keyboard: no change
    combo.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(combo.hasFocus)
    roll(combo, -1)
    assert combo.currentIndex() == 1
    dialog.reject()


# The saved notes: what is chosen can be seen ---------------------------------------------------

def many_notes(open_window, qtbot, count=30):
    window = open_window()
    start_session(qtbot, window)
    for number in range(1, count + 1):
        type_note(qtbot, window, f"note {number}")
    return window, window.meeting_page.ui.notesList


def in_view(notes, item) -> bool:
    return notes.viewport().rect().contains(notes.visualItemRect(item))


def test_tab_from_the_note_box_chooses_the_newest_note_in_view(open_window, qtbot):
    window, notes = many_notes(open_window, qtbot)
    capture = window.meeting_page.ui.captureEdit
    notes.setCurrentRow(0)  # chosen earlier, then the list moved on to the newest note
    type_note(qtbot, window, "note 31")
    assert not in_view(notes, notes.item(0))
    capture.setFocus()
    qtbot.keyClick(capture, Key.Key_Tab)
    assert focused() is notes
    chosen = notes.currentItem()
    assert chosen.text().endswith("note 31") and chosen.isSelected()
    assert in_view(notes, chosen)
    # A note chosen and in view stays chosen when the person comes back by Tab.
    notes.setCurrentRow(notes.count() - 2)
    capture.setFocus()
    qtbot.keyClick(capture, Key.Key_Tab)
    assert notes.currentItem().text().endswith("note 30")


def test_f2_and_delete_act_only_on_a_note_in_view(open_window, qtbot):
    window, notes = many_notes(open_window, qtbot)
    capture = window.meeting_page.ui.captureEdit
    qtbot.keyClick(capture, Key.Key_Tab)
    assert notes.currentItem().text().endswith("note 30")
    notes.verticalScrollBar().setValue(0)  # the wheel took the list to the top
    assert not in_view(notes, notes.currentItem())
    qtbot.keyClick(notes, Key.Key_Delete)
    assert len(window.store.notes.of_session(window.session.id)) == 30  # shown first, not deleted
    assert in_view(notes, notes.currentItem())
    qtbot.keyClick(notes, Key.Key_Delete)
    assert [n.text for n in window.store.notes.of_session(window.session.id)][-1] == "note 29"
    qtbot.wait(200)  # the buttons' new words settle the layout
    notes.verticalScrollBar().setValue(0)
    opened = []
    poller = when_shown(QApplication.activeModalWidget, opened.append)
    qtbot.keyClick(notes, Key.Key_F2)
    QApplication.processEvents()
    poller.stop()
    assert opened == [] and in_view(notes, notes.currentItem())


@pytest.mark.parametrize("scheme", [LIGHT, DARK, CONTRAST])
def test_the_chosen_note_stands_out_in_every_scheme(open_window, qtbot, qapp, scheme):
    """WCAG: 3:1 for the highlight against the list, 4.5:1 for the note's words on it,
    measured on the list as drawn."""
    window = open_window()
    start_session(qtbot, window)
    if scheme == DARK:
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    current_appearance().set_high_contrast(scheme == CONTRAST)
    assert current_appearance().scheme == scheme
    type_note(qtbot, window, "a")
    type_note(qtbot, window, "b")
    notes = window.meeting_page.ui.notesList
    qtbot.keyClick(window.meeting_page.ui.captureEdit, Key.Key_Tab)
    chosen = notes.visualItemRect(notes.currentItem())
    picture = notes.viewport().grab().toImage()
    highlight = picture.pixelColor(chosen.right() - 3, chosen.center().y())
    below = picture.pixelColor(chosen.center().x(), notes.viewport().height() - 3)
    assert below == qapp.palette().color(QPalette.ColorRole.Base)  # the list's background
    schemes = paths.resource_file("schemes.toml").read_text(encoding="utf-8")
    colours = tomllib.loads(schemes)[scheme]["style"]
    assert contrast(highlight, below) >= 3
    assert contrast(QColor(colours["on_chosen"]), highlight) >= 4.5


# Keys typed over the key sheet, and Esc in Edit note ------------------------------------------

def test_typing_while_the_key_sheet_is_open_goes_into_the_note_box(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    page = window.meeting_page
    qtbot.keyClicks(page.ui.captureEdit, "Night staff ")
    page.ui.stepList.setFocus()  # the facilitator was on the step list
    qtbot.keyClick(focused(), Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog))
    sheet = QApplication.activeModalWidget()
    qtbot.waitUntil(sheet.isActiveWindow)
    qtbot.keyClick(focused(), Key.Key_Down)  # reading keys scroll the sheet
    assert sheet.isVisible()
    qtbot.keyClicks(focused(), "s")
    assert not sheet.isVisible()
    qtbot.waitUntil(lambda: focused() is page.ui.captureEdit)  # the rest goes there
    qtbot.keyClicks(focused(), "aid")
    assert page.ui.captureEdit.toPlainText() == "Night staff said"


def test_typing_over_the_key_sheet_elsewhere_goes_back_to_the_text_box(open_window, qtbot):
    window = open_window()
    edit = window.new_session_page.ui.departmentEdit
    qtbot.keyClicks(edit, "Cardio")
    qtbot.keyClick(edit, Key.Key_F1)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog))
    qtbot.waitUntil(QApplication.activeModalWidget().isActiveWindow)
    qtbot.keyClicks(focused(), "l")
    qtbot.waitUntil(lambda: focused() is edit)
    qtbot.keyClicks(focused(), "ogy")
    assert edit.text() == "Cardiology"


def answer_when_asked(qtbot, button: QMessageBox.StandardButton):
    """Answer the "Keep your change?" question with one of its buttons."""
    def answer(box):
        assert isinstance(box, QMessageBox)
        box.button(button).click()

    return when_shown(lambda: next((w for w in QApplication.topLevelWidgets()
                                    if isinstance(w, QMessageBox) and w.isVisible()), None),
                      answer)


def test_esc_in_edit_note_asks_before_throwing_a_change_away(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, "cal light")
    notes = window.meeting_page.ui.notesList
    qtbot.keyClick(window.meeting_page.ui.captureEdit, Key.Key_Tab)
    stored = lambda: window.store.notes.of_session(window.session.id)[0].text  # noqa: E731
    steps = []

    def edit(dialog):
        assert isinstance(dialog, EditNoteDialog)
        qtbot.keyClick(dialog.ui.noteEdit, Key.Key_End, Ctrl)
        qtbot.keyClicks(dialog.ui.noteEdit, "s at night")
        poller = answer_when_asked(qtbot, QMessageBox.StandardButton.Cancel)  # keep editing
        qtbot.keyClick(dialog.ui.noteEdit, Key.Key_Escape)
        poller.stop()
        steps.append(("kept editing", dialog.isVisible(), dialog.text()))
        poller = answer_when_asked(qtbot, QMessageBox.StandardButton.Discard)
        qtbot.keyClick(dialog.ui.noteEdit, Key.Key_Escape)
        poller.stop()
        steps.append(("thrown away", dialog.isVisible()))

    _poller = when_shown(QApplication.activeModalWidget, edit)
    qtbot.keyClick(notes, Key.Key_F2)
    _poller.stop()
    assert steps == [("kept editing", True, "cal lights at night"), ("thrown away", False)]
    assert stored() == "cal light"
    window.activateWindow()  # as the desktop does when a dialog closes; offscreen Qt does not
    qtbot.waitUntil(window.isActiveWindow)
    notes.setFocus()

    def save(dialog):
        qtbot.keyClick(dialog.ui.noteEdit, Key.Key_End, Ctrl)
        qtbot.keyClicks(dialog.ui.noteEdit, "s")
        poller = answer_when_asked(qtbot, QMessageBox.StandardButton.Save)
        qtbot.keyClick(dialog.ui.noteEdit, Key.Key_Escape)
        poller.stop()

    _poller = when_shown(QApplication.activeModalWidget, save)
    qtbot.keyClick(notes, Key.Key_F2)
    _poller.stop()
    assert stored() == "cal lights"


def test_esc_in_edit_note_without_a_change_just_closes(open_window, qtbot):
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, "unchanged")
    notes = window.meeting_page.ui.notesList
    qtbot.keyClick(window.meeting_page.ui.captureEdit, Key.Key_Tab)
    closed = []

    def escape(dialog):
        qtbot.keyClick(dialog.ui.noteEdit, Key.Key_Escape)
        closed.append(not dialog.isVisible())

    _poller = when_shown(QApplication.activeModalWidget, escape)
    qtbot.keyClick(notes, Key.Key_F2)  # returns once the dialog is closed: nothing asked
    _poller.stop()
    assert closed == [True]
    assert window.store.notes.of_session(window.session.id)[0].text == "unchanged"

"""What a screen reader hears, from Qt's accessibility interface, on every page and dialog.

Every control having a name is not enough (test_accessibility): the name must be the one the
application means, said in words. On Linux Qt names a drop-down by the text it shows and leaves
its accessibleName unused; Orca says the label whose buddy it is (the Label relation) before
that text, so every drop-down needs a visible label. Symbols the eye reads at a glance (arrows,
ticks, an ellipsis) and line breaks or runs of spaces are spelt out or paused on, so no name
has them. Two controls of a page said the same way cannot be told apart by ear. The window for
the room is a window with its title, and a clock running over its time is announced, as the
banners are.
"""

import re
from collections import Counter
from datetime import date

import pytest
from fake_time import FakeTime, run_for
from gui_helpers import every_page
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QWidget
from test_accessibility import dialogs

from svcrec_desktop.domain.model import Phase
from svcrec_desktop.ui.guide.action_dialog import ActionItemDialog
from svcrec_desktop.ui.home.page import PREPARATION
from svcrec_desktop.ui.meeting.page import MeetingPage
from svcrec_desktop.ui.shortcuts_dialog import ShortcutsDialog

NAME = QAccessible.Text.Name
SYMBOLS = "▶◀◂▸✓✕•→←↳☐…"
NOT_WORDS = re.compile(rf"[{SYMBOLS}\n\r\t]| {{2}}")


def accessible(widget: QWidget):
    return QAccessible.queryAccessibleInterface(widget)


def label_of(interface) -> str:
    """The names of the labels a reader says before the control (Qt's Label relation)."""
    return ", ".join(other.text(NAME)
                     for other, _ in interface.relations(QAccessible.RelationFlag.Label))


def heard(widget: QWidget) -> str:
    """What tells the control apart when a reader reaches it: for a drop-down its label
    and the value it shows, for anything else its name."""
    interface = accessible(widget)
    name = interface.text(NAME)
    return f"{label_of(interface)}, {name}" if isinstance(widget, QComboBox) else name


def focusable(top: QWidget) -> list[QWidget]:
    """Visible widgets that take the keyboard focus themselves, as test_accessibility
    counts them."""
    QApplication.processEvents()
    return [widget for widget in [top, *top.findChildren(QWidget)]
            if widget.isVisible() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
            and widget.focusProxy() is None]


def names_shown(interface, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(role, name) of everything a reader can reach from the interface: its children through
    child(i), list and table items included, leaving out what is hidden."""
    widget = interface.object()
    if isinstance(widget, QWidget) and not widget.isVisible():
        return found
    found.append((interface.role().name, interface.text(NAME)))
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None:
            names_shown(child, found)
    return found


def not_in_words(top: QWidget) -> list[str]:
    """Names holding a symbol, a line break or a run of spaces, or no word at all ("—")."""
    return sorted({f"{role} {name!r}" for role, name in names_shown(accessible(top), [])
                   if NOT_WORDS.search(name) or (name and not re.search(r"\w", name))})


def label_words(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("&", "").lower())


def unlabelled_drop_downs(top: QWidget) -> list[str]:
    """Visible drop-downs with no visible label as their buddy, or whose Label relation does
    not say that label's words."""
    QApplication.processEvents()
    labels = [label for label in top.findChildren(QLabel) if label.buddy() is not None]
    missing = []
    for combo in top.findChildren(QComboBox):
        if not combo.isVisible():
            continue
        label = next((label for label in labels if label.buddy() is combo), None)
        said = f"{label_of(accessible(combo))} {accessible(combo).text(NAME)}".lower()
        if (label is None or not label.isVisible() or not label_words(label.text())
                or not all(word in label_words(said) for word in label_words(label.text()))):
            missing.append(f"{combo.objectName()} heard as {heard(combo)!r}")
    return missing


def repeated(top: QWidget) -> list[str]:
    """Names that two focusable controls of the view share."""
    counts = Counter(heard(widget) for widget in focusable(top))
    return sorted(name for name, count in counts.items() if count > 1)


def what_is_wrong(top: QWidget) -> dict[str, list[str]]:
    found = {"drop-downs without a label": unlabelled_drop_downs(top),
             "not in words": not_in_words(top), "said twice": repeated(top)}
    return {what: names for what, names in found.items() if names}


@pytest.fixture
def window(filled_window):
    return filled_window


def test_every_page_says_its_controls_in_words_once_each(window):
    wrong = {where: found for where in every_page(window, fill_forms=True)
             if (found := what_is_wrong(window))}
    assert wrong == {}


def test_every_dialog_says_its_controls_in_words_once_each(window, tmp_path):
    wrong = {}
    shown = {**dialogs(window, tmp_path), "keys": ShortcutsDialog(window),
             "action item": ActionItemDialog("a note", None, window)}
    for name, dialog in shown.items():
        dialog.show()
        if found := what_is_wrong(dialog):
            wrong[name] = found
        dialog.reject()
    assert wrong == {}


def test_the_room_s_window_is_a_window_with_its_title_said_in_words(window, qtbot):
    window.start_meeting()
    window.ui.presentAction.trigger()
    presenter = window.presenter
    qtbot.waitUntil(presenter.isVisible)
    interface = accessible(presenter)
    assert interface.role() == QAccessible.Role.Window
    assert interface.text(NAME) == presenter.windowTitle() == \
        "For the room — Service Recovery Studio"
    assert what_is_wrong(presenter) == {}
    window.ui.presentAction.trigger()


def test_the_agenda_s_drop_down_and_the_phase_are_told_apart_in_meeting_1(window):
    """Both show "Meeting 1" while the session is in meeting 1: their labels set them apart."""
    session = window.store.sessions.set_phase(window.session.id, Phase.MEETING1)
    window.open_session_by_id(session.id, PREPARATION)
    page = window.preparation_page
    tabs = page.ui.sectionTabs
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if "Agenda" in tabs.tabText(i)))
    QApplication.processEvents()
    phase, agenda = window.ui.phaseCombo, page.agenda_editor.ui.agendaMeetingCombo
    assert accessible(phase).text(NAME) == accessible(agenda).text(NAME) == "Meeting 1"
    assert heard(phase) == "Phase of the session, Meeting 1"
    assert heard(agenda) == "Agenda for, Meeting 1"
    assert repeated(window) == []


def guide_part(window, title: str):
    window.go_to_phase_page(window.guide_page, window.session.phase)
    guide = window.guide_page
    parts = guide.ui.sectionList
    parts.setCurrentRow(next(row for row in range(parts.count())
                             if parts.item(row).text().startswith(title)))
    return guide


def test_an_empty_choice_is_said_as_not_chosen_yet(window):
    """A new resource has no status yet: a dash alone is read as nothing, or as "dash"."""
    guide = guide_part(window, "Resources")
    guide.add_record()
    assert heard(guide.form.widgets["status"]) == "Status, Not chosen yet"
    assert guide.form.widgets["status"].currentText() == "Not chosen yet"  # for the eye too


def test_an_assignment_s_done_box_is_not_heard_as_the_phase_done(window):
    window.store.sessions.set_phase(window.session.id, Phase.DONE)
    window.open_session_by_id(window.session.id, PREPARATION)
    guide = guide_part(window, "Who does what")
    guide.ui.itemList.setCurrentRow(0)
    QApplication.processEvents()
    assert accessible(window.ui.phaseCombo).text(NAME) == "Done"
    assert heard(guide.form.widgets["done"]) == "Marked done"
    assert repeated(window) == []


def step_names(page: MeetingPage) -> list[str]:
    steps = accessible(page.ui.stepList)
    return [name for role, name in names_shown(steps, []) if role == "ListItem"]


@pytest.fixture
def clock():
    return FakeTime()


@pytest.fixture
def meeting(store, playbook, show_page, clock):
    """Meeting 1 on its own, 30 minutes long, its clock on a fake time."""
    session = store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id,
                                   phase=Phase.MEETING1)
    store.agenda.set_meeting_length(session.id, 1, 30)
    page = MeetingPage(store, playbook, monotonic=clock)
    page.open_session(session)
    show_page(page)
    yield page
    page.close_session()


def test_the_step_list_says_each_step_in_words(meeting, clock, playbook):
    names = step_names(meeting)
    assert names[0] == "Step 1 of 8, current: Welcome and why we are here, 0 of 2 minutes"
    run_for(meeting, clock, 75)
    meeting.go_to_step(2)
    names = step_names(meeting)
    assert names[0] == "Step 1 of 8, done: Welcome and why we are here, 1 of 2 minutes"
    assert names[1].startswith("Step 2 of 8: A safe room to talk about mistakes, 0 of ")
    question = playbook.meeting1[2].title.replace(" · ", ", ")  # "Q1, When a business…"
    assert names[2].startswith(f"Step 3 of 8, current: {question}, 0 of ")
    assert meeting.ui.stepList.item(0).text().startswith("✓ 1. Welcome")  # the eye's marks


def test_a_saved_note_and_its_action_item_are_said_in_words(meeting, store):
    """The list shows "09:30   [Quote]   text" and "↳ ✓ Done: …" for the eye."""
    session_id = meeting.session.id
    note = store.notes.add(session_id, "welcome", "Nobody told us\nwhy we waited",
                           tags=("quote",))
    action = store.actions.add(session_id, note.uid, "Call the ward", owner="Dana",
                               due=date(2026, 12, 4))
    store.actions.set_done(action.id, True)
    meeting.go_to_step(0)
    listed = [name for role, name in names_shown(accessible(meeting.ui.notesList), [])
              if role == "ListItem"]
    assert listed == [f"Note at {note.created_at:%H:%M}, Quote: Nobody told us why we waited",
                      "Action item, done: Call the ward, who: Dana, by 4 December 2026"]


def test_a_step_and_the_meeting_running_over_time_are_announced(meeting, clock, monkeypatch):
    said = []
    update = QAccessible.updateAccessibility

    def watched(event):
        if event.type() == QAccessible.Event.Announcement:
            said.append((event.message(), event.politeness()))
        update(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", watched)
    planned = meeting.planned["welcome"]
    run_for(meeting, clock, planned * 60 + 1)
    polite = QAccessible.AnnouncementPoliteness.Polite
    assert said == [(f"Over the planned {planned} min — move on when the group is ready.",
                     polite)]
    run_for(meeting, clock, 60)  # told once
    meeting.go_to_step(len(meeting.steps) - 1)
    run_for(meeting, clock, 30 * 60, every=5)
    assert said[-1] == ("The meeting is past its planned 30 min — bring it to a close when "
                        "the group is ready.", polite)

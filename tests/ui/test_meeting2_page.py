"""Meeting 2 in the meeting page: its steps, the draft guide read aloud, feedback typed live.

A real store in a private folder and the real page, driven with the keyboard where a person
would use it; faults are real database failures (a trigger that refuses a write).
"""

from dataclasses import replace

import pytest
from disk_faults import allow_writes, refuse_writes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from samples import HOSTILE_TEXTS

from svcrec_desktop.domain.guide_model import WHOLE_GUIDE, FeedbackKind
from svcrec_desktop.ui.meeting.page import MeetingPage
from svcrec_desktop.ui.meeting.step_text import NOT_WRITTEN

Alt = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def session(store, playbook):
    return store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id)


@pytest.fixture
def page(qtbot, store, playbook, session):
    shown = MeetingPage(store, playbook)
    qtbot.addWidget(shown)
    shown.open_session(session)
    yield shown
    shown.close_session()


def listed_steps(page: MeetingPage) -> list[str]:
    items = (page.ui.stepList.item(i).text() for i in range(page.ui.stepList.count()))
    return [text.splitlines()[0].strip() for text in items]


def go_to(page: MeetingPage, step_id: str) -> None:
    page.go_to_step([s.id for s in page.steps].index(step_id))


def choose_section(page: MeetingPage, section_id: str) -> None:
    combo = page.ui.feedbackSectionCombo
    combo.setCurrentIndex(combo.findData(section_id))


def script(page: MeetingPage) -> str:
    return page.ui.scriptView.toPlainText()


# Switching between the meetings --------------------------------------------------------------


def test_show_meeting_2_lists_its_steps_and_remembers_the_step(qtbot, page, store, session,
                                                               playbook):
    assert page.meeting == 1
    with qtbot.waitSignal(page.meetingChanged) as changed:
        page.show_meeting(2)
    assert changed.args == [2]
    assert page.steps == playbook.meeting2
    assert listed_steps(page) == [f"▶ 1. {playbook.meeting2[0].title}"] + [
        f"{n}. {s.title}" for n, s in enumerate(playbook.meeting2[1:], 2)]
    assert page.current_step.id == "m2-welcome"
    assert store.sessions.get(session.id).current_step == "m2-welcome"
    assert "meeting 2" in page.ui.sessionLabel.text()
    assert page.ui.stepsHeading.text() == "Meeting 2 — steps"
    minutes = sum(s.minutes for s in playbook.meeting2)
    assert page.ui.meetingClockLabel.text().endswith(f"of {minutes} min")
    assert f"Step 1 of {len(playbook.meeting2)}" in page.ui.stepMetaLabel.text()
    page.next_step()
    assert store.sessions.get(session.id).current_step == "m2-present"


def test_showing_the_meeting_already_shown_keeps_the_step(qtbot, page, store, session):
    page.show_meeting(2)
    go_to(page, "m2-off")
    with qtbot.assertNotEmitted(page.meetingChanged):
        page.show_meeting(2)
    assert page.current_step.id == "m2-off"
    assert store.sessions.get(session.id).current_step == "m2-off"


def test_a_session_left_in_meeting_2_reopens_in_meeting_2(qtbot, store, playbook, session):
    store.sessions.set_current_step(session.id, "m2-off")
    page = MeetingPage(store, playbook)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.meetingChanged) as changed:
        page.open_session(store.sessions.get(session.id))
    assert changed.args == [2]
    assert (page.meeting, page.current_step.id) == (2, "m2-off")
    assert page.ui.stepTitleLabel.text() == "What feels off?"
    assert len(listed_steps(page)) == len(playbook.meeting2)
    assert "meeting 2" in page.ui.sessionLabel.text()
    page.close_session()


def test_a_playbook_without_meeting_2_says_so_and_stays(qtbot, store, playbook, session):
    page = MeetingPage(store, replace(playbook, meeting2=()))
    qtbot.addWidget(page)
    page.open_session(session)
    with qtbot.assertNotEmitted(page.meetingChanged):
        page.show_meeting(2)
    assert (page.meeting, page.current_step.id) == (1, "welcome")
    assert "no steps for meeting 2" in page.ui.bannerLabel.text()
    assert store.sessions.get(session.id).current_step == "welcome"
    page.close_session()


def test_back_to_meeting_1_keeps_its_notes(page, store, session, playbook):
    page.commit_note("Said at the welcome of meeting 1")
    page.show_meeting(2)
    page.commit_note("Said at the welcome of meeting 2")
    assert page.ui.notesList.count() == 1
    page.show_meeting(1)
    assert page.meeting == 1 and page.current_step.id == "welcome"
    assert store.sessions.get(session.id).current_step == "welcome"
    assert [s.id for s in page.steps] == [s.id for s in playbook.meeting1]
    assert page.ui.notesList.count() == 1
    assert page.ui.notesList.item(0).text().endswith("Said at the welcome of meeting 1")
    assert [(n.step_id, n.text) for n in store.notes.of_session(session.id)] == [
        ("welcome", "Said at the welcome of meeting 1"),
        ("m2-welcome", "Said at the welcome of meeting 2"),
    ]


def test_meeting_2_does_not_undo_what_was_done_to_meeting_1s_notes(page, store, session):
    """A note kept out in meeting 1 stays out: Undo on meeting 2's page, where that note is
    not shown, offers nothing rather than letting it back into the exports unseen."""
    page.commit_note("Mrs Jones in bed 12 waited all night")
    page.ui.notesList.setCurrentRow(0)
    page.notes.toggle_confidential_selected()
    assert page.ui.undoButton.isEnabled()
    page.show_meeting(2)
    assert not page.ui.undoButton.isEnabled() and page.ui.undoButton.text() == "Undo"
    page.notes.undo()
    assert store.notes.of_session(session.id)[0].confidential


def test_the_move_menu_offers_the_steps_of_the_meeting_shown(page, store, session, playbook):
    page.show_meeting(2)
    page.commit_note("belongs to what is missing")
    page.ui.notesList.setCurrentRow(0)
    menu = page.notes.step_menu()
    titles = [action.text() for action in menu.actions()]
    assert titles == [f"{n}. {s.title}" for n, s in enumerate(playbook.meeting2, 1)
                      if s.id != "m2-welcome"]
    menu.actions()[1].trigger()  # 3. What is missing?
    assert store.notes.of_session(session.id)[0].step_id == "m2-missing"


# The draft guide at the presenting step --------------------------------------------------------


def test_the_present_step_reads_out_the_draft_guide(page, store, session, playbook):
    store.guide.add_item(session.id, "mistakes", {
        "mistake": "Waiting <b>without</b> news", "make_right": "Sit down\nand explain",
        "tell": ""})
    store.guide.add_item(session.id, "offers", {"offer": "A meal voucher", "limit": "10.00"})
    store.guide.set_form(session.id, "logistics", {"guide_kept": "Ward office shelf"})
    page.show_meeting(2)
    go_to(page, "m2-present")
    shown = script(page)
    assert shown.startswith("Let us walk through the draft together.")
    for section in playbook.guide:
        assert section.title in shown
    assert "Waiting <b>without</b> news" in shown  # markup in a note shows as typed
    assert "How we make it right: Sit down\nand explain" in shown
    assert "Who we tell afterwards" not in shown  # empty fields are left out
    assert "A meal voucher\nUp to (value or limit): 10.00" in shown
    assert "Ward office shelf" in shown
    empty = [s.title for s in playbook.guide
             if s.id not in ("mistakes", "offers", "logistics")]
    for title in empty:
        assert f"{title}\n{NOT_WRITTEN}" in shown
    assert shown.count(NOT_WRITTEN) == len(empty)
    page.next_step()
    assert "A meal voucher" not in script(page)


def test_hostile_guide_text_is_shown_escaped(page, store, session):
    hostile = HOSTILE_TEXTS["control characters"] + " <i>" + HOSTILE_TEXTS["bidi controls"]
    store.guide.add_item(session.id, "escalation", {"when": hostile, "to_whom": "&amp;"})
    store.guide.add_item(session.id, "resources", {"idea": HOSTILE_TEXTS["one megabyte"]})
    store.guide.add_item(session.id, "assignments", {"what": HOSTILE_TEXTS["emoji sequences"]})
    page.show_meeting(2)
    go_to(page, "m2-present")
    shown = script(page)
    assert "bell␇ nul␀ escape␛" in shown  # control characters as their pictures
    assert " <i>" in shown and "Who takes it on: &amp;" in shown
    assert HOSTILE_TEXTS["emoji sequences"] in shown
    assert "more characters)" in shown and len(shown) < 100_000


def test_the_draft_guide_is_read_again_when_the_page_comes_back(qtbot, page, store, session):
    page.show_meeting(2)
    go_to(page, "m2-present")
    page.show()
    assert "Added while away" not in script(page)
    page.hide()
    store.guide.add_item(session.id, "offers", {"offer": "Added while away"})
    page.show()
    assert "Added while away" in script(page)


# Feedback typed on the three question steps ----------------------------------------------------


def test_the_section_box_shows_on_feedback_steps_only(qtbot, page, playbook):
    page.show()
    combo = page.ui.feedbackSectionCombo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        WHOLE_GUIDE, *(s.title for s in playbook.guide)]
    assert [combo.itemData(i) for i in range(combo.count())] == [
        "", *(s.id for s in playbook.guide)]
    assert combo.accessibleName()
    assert page.ui.feedbackSectionLabel.buddy() is combo
    assert not combo.isVisible()
    page.show_meeting(2)
    visible = {}
    for index, step in enumerate(playbook.meeting2):
        page.go_to_step(index)
        visible[step.id] = combo.isVisible()
    assert visible == {s.id: bool(s.feedback) for s in playbook.meeting2}


def test_feedback_typed_with_the_keyboard_is_kept_with_its_section(qtbot, page, store,
                                                                   session):
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.show_meeting(2)
    go_to(page, "m2-missing")
    capture, combo = page.ui.captureEdit, page.ui.feedbackSectionCombo
    qtbot.keyClick(capture, Qt.Key.Key_B, Alt)
    assert QApplication.focusWidget() is combo
    for _ in range(combo.findData("offers")):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == "offers"
    qtbot.keyClick(combo, Qt.Key.Key_N, Alt)
    assert QApplication.focusWidget() is capture
    qtbot.keyClicks(capture, "Nothing for families who wait overnight")
    qtbot.keyClick(capture, Qt.Key.Key_Return)
    notes = store.notes.of_session(session.id)
    assert [(n.step_id, n.text) for n in notes] == [
        ("m2-missing", "Nothing for families who wait overnight")]
    assert [(f.kind, f.section, f.text) for f in store.feedback.of_session(session.id)] == [
        (FeedbackKind.MISSING, "offers", "Nothing for families who wait overnight")]
    assert page.ui.notesList.count() == 1 and not page.ui.bannerLabel.isVisible()


@pytest.mark.parametrize(("step_id", "kind"), [
    ("m2-off", FeedbackKind.OFF), ("m2-right", FeedbackKind.RIGHT)])
def test_each_question_step_gives_its_kind(page, store, session, step_id, kind):
    page.show_meeting(2)
    go_to(page, step_id)
    page.commit_note("about the whole guide")
    assert [(f.kind, f.section) for f in store.feedback.of_session(session.id)] == [(kind, "")]


def test_notes_on_other_steps_are_not_feedback(page, store, session):
    page.commit_note("meeting 1 note")
    page.show_meeting(2)
    for step_id in ("m2-welcome", "m2-present", "m2-logistics"):
        go_to(page, step_id)
        page.commit_note(f"note at {step_id}")
    assert len(store.notes.of_session(session.id)) == 4
    assert store.feedback.of_session(session.id) == []


def test_hostile_feedback_is_kept_exactly(page, store, session):
    hostile = "".join(HOSTILE_TEXTS[name] for name in (
        "control characters", "tabs and newlines", "right to left", "bidi controls",
        "emoji sequences", "combining marks", "lone surrogate"))
    page.show_meeting(2)
    go_to(page, "m2-off")
    choose_section(page, "grievance")
    page.commit_note(hostile)
    page.commit_note(HOSTILE_TEXTS["one megabyte"])
    assert [n.text for n in store.notes.of_session(session.id)] == [
        hostile, HOSTILE_TEXTS["one megabyte"]]
    assert [(f.kind, f.section, f.text) for f in store.feedback.of_session(session.id)] == [
        (FeedbackKind.OFF, "grievance", hostile),
        (FeedbackKind.OFF, "grievance", HOSTILE_TEXTS["one megabyte"])]


def test_a_note_written_by_a_retry_becomes_feedback_once(page, store, session):
    page.show_meeting(2)
    go_to(page, "m2-missing")
    choose_section(page, "escalation")
    refuse_writes(store, "notes")
    page.commit_note("first, while the disk refuses")
    choose_section(page, "")
    page.commit_note("second, while the disk refuses")
    assert "kept in memory" in page.ui.bannerLabel.text()
    assert store.notes.of_session(session.id) == [] and store.feedback.of_session(session.id) == []
    page.retry_waiting()  # still refused: nothing is recorded twice later
    allow_writes(store, "notes")
    page.retry_waiting()
    page.retry_waiting()
    assert [n.text for n in store.notes.of_session(session.id)] == [
        "first, while the disk refuses", "second, while the disk refuses"]
    assert [(f.section, f.text) for f in store.feedback.of_session(session.id)] == [
        ("escalation", "first, while the disk refuses"),
        ("", "second, while the disk refuses")]
    assert not page.ui.bannerLabel.isVisible()


def test_feedback_that_cannot_be_recorded_keeps_the_note_and_says_so(page, store, session):
    page.show_meeting(2)
    go_to(page, "m2-right")
    refuse_writes(store, "feedback")
    page.commit_note("Keep the on-the-spot steps as they are")
    assert [n.text for n in store.notes.of_session(session.id)] == [
        "Keep the on-the-spot steps as they are"]
    banner = page.ui.bannerLabel.text()
    assert page.ui.bannerLabel.isVisibleTo(page)
    assert "saved but not yet recorded as feedback" in banner and "guide page" in banner
    allow_writes(store, "feedback")
    page.retry_waiting()
    page.commit_note("the next one is feedback again")
    assert [f.text for f in store.feedback.of_session(session.id)] == [
        "the next one is feedback again"]
    assert not page.ui.bannerLabel.isVisibleTo(page)

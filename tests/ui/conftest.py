"""Fixtures of the window's tests (pytest-qt, offscreen): a page shown on its own with a real
store, the whole window for the end-to-end tests, and two guards every window test gets."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from svcrec_desktop.store.database import Store

UNANSWERED_DIALOG_S = 60


@pytest.fixture(autouse=True)
def no_dialog_waits_for_ever(request):
    """A modal dialog a test never answers would stop the whole run with no verdict: after a
    minute it is closed and the test fails, naming it. A hang breaker, not a speed check."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialog

    request.getfixturevalue("qapp")
    stuck: list[str] = []
    since: dict[int, float] = {}

    def check() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, QDialog):
            since.clear()
            return
        first = since.setdefault(id(modal), time.monotonic())
        if time.monotonic() - first > UNANSWERED_DIALOG_S:
            stuck.append(f"{modal.windowTitle()!r}: {getattr(modal, 'text', lambda: '')()!r}")
            modal.done(QDialog.DialogCode.Rejected)

    timer = QTimer(interval=1000)
    timer.timeout.connect(check)
    timer.start()
    yield
    timer.stop()
    assert not stuck, f"a dialog waited for an answer that never came: {stuck}"


@pytest.fixture(autouse=True)
def dates_in_one_order(request):
    """Window tests read dates day first ("4 December 2026") whatever region the machine is
    set to; the tests of the window's date format choose their region themselves."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QLocale

    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(QLocale.system())


@pytest.fixture
def no_message_boxes(monkeypatch):
    """Any warning box fails the test with its text instead of waiting for a click."""
    from PySide6.QtWidgets import QMessageBox

    def fail(_parent, title, text, *_args):
        raise AssertionError(f"unexpected message: {title}: {text}")

    monkeypatch.setattr(QMessageBox, "warning", fail)


@pytest.fixture
def show_page(qapp, qtbot):
    """Show one page on its own, 1280x760 and with the keyboard, styled as the application
    is: a page test builds only the page it tests, on a real store."""
    from svcrec_desktop.ui.app import configure

    configure(qapp)

    def shower(page, width: int = 1280, height: int = 760):
        qtbot.addWidget(page)
        page.resize(width, height)
        page.show()
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow)
        return page

    return shower


@pytest.fixture
def open_meeting(store, playbook, show_page):
    """The meeting page alone on a new session at meeting 1's first step, the cursor in the
    note box, as Ctrl+2 leaves it in the window."""
    from svcrec_desktop.domain.model import Phase
    from svcrec_desktop.ui.meeting.page import MeetingPage

    opened = []

    def opener(on: Store = store) -> MeetingPage:
        created = on.sessions.create("Cardiology", first_step=playbook.meeting1[0].id)
        page = MeetingPage(on, playbook)
        page.open_session(on.sessions.set_phase(created.id, Phase.MEETING1))
        show_page(page)
        page.focus_capture()
        opened.append(page)
        return page

    yield opener
    for page in opened:
        page.close_session()


@pytest.fixture
def open_guide(store, playbook, show_page):
    """The guide page alone on a session between the meetings whose notes were said at
    meeting 1's first step, with the keyboard where Ctrl+3 in the window puts it."""
    from svcrec_desktop.domain.model import Phase
    from svcrec_desktop.ui.guide.page import GuidePage

    def opener(notes=(), on: Store = store) -> GuidePage:
        first = playbook.meeting1[0].id
        created = on.sessions.create("Cardiology", first_step=first)
        for text in notes:
            on.notes.add(created.id, first, text)
        page = GuidePage(on, playbook)
        page.open_session(on.sessions.set_phase(created.id, Phase.BETWEEN))
        show_page(page)
        page.focus_first()
        return page

    return opener



@pytest.fixture
def open_window_in(qapp, qtbot, playbook):
    """Open the real main window on a data folder, as a start of the app would."""
    from svcrec_desktop.ui.app import configure
    from svcrec_desktop.ui.main_window import MainWindow

    configure(qapp)
    opened = []

    def opener(folder):
        store = Store.open(folder)
        window = MainWindow(store, playbook)
        opened.append(window)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield opener
    for window in opened:  # the window first: its close takes a backup from the open store
        window.close()
        window.store.close()


@pytest.fixture
def open_window(open_window_in, data_dir):
    return lambda: open_window_in(data_dir)


@pytest.fixture
def filled_window(open_window, store, playbook):
    """The real window, 1280x760, on a session with a note at every step of meeting 1,
    items in the guide, a recovery item and a kept draft, between the meetings."""
    from rich_session import guide_between_meetings

    session = store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id)
    for step in playbook.meeting1:
        store.notes.add(session.id, step.id, f"said during {step.title}")
    guide_between_meetings(store, session.id)
    store.close()
    shown = open_window()
    shown.resize(1280, 760)
    return shown

"""Fixtures shared by every test: one private data folder and database per test."""

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from svcrec_desktop import paths
from svcrec_desktop.domain.playbook import Playbook, load_playbook
from svcrec_desktop.store.database import Store

pytest_plugins = ["disk_faults"]  # the small_disk fixture


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
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture(scope="session")
def playbook() -> Playbook:
    return load_playbook(paths.builtin_playbook_file())


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
def store(data_dir):
    opened = Store.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def laptops(tmp_path):
    """Two data folders, as on the facilitator's and the second note-taker's laptops."""
    opened = [Store.open(tmp_path / "a"), Store.open(tmp_path / "b")]
    yield opened
    for store in opened:
        store.close()


@pytest.fixture(scope="session")
def soffice(tmp_path_factory) -> list[str]:
    """The LibreOffice command line, headless, with a private profile for this test run."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    assert binary, "LibreOffice is needed: make test installs libreoffice-writer-nogui"
    profile = tmp_path_factory.mktemp("lo-profile")
    return [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless"]


@pytest.fixture
def filled_window(open_window, store, playbook):
    """The real window, 1280x760, on a session with a note at every step of meeting 1,
    items in the guide, a recovery item and a kept draft, between the meetings."""
    from rich_session import guide_between_meetings

    session = store.create_session("Cardiology", first_step=playbook.meeting1[0].id)
    for step in playbook.meeting1:
        store.add_note(session.id, step.id, f"said during {step.title}")
    guide_between_meetings(store, session.id)
    store.close()
    shown = open_window()
    shown.resize(1280, 760)
    return shown

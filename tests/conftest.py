"""Fixtures shared by every test: one private data folder and database per test."""

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from svcrec_desktop import paths
from svcrec_desktop.playbook import Playbook, load_playbook
from svcrec_desktop.storage import Store

pytest_plugins = ["disk_faults"]  # the small_disk fixture


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


@pytest.fixture(scope="session")
def soffice(tmp_path_factory) -> list[str]:
    """The LibreOffice command line, headless, with a private profile for this test run."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    assert binary, "LibreOffice is needed: make test installs libreoffice-writer-nogui"
    profile = tmp_path_factory.mktemp("lo-profile")
    return [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless"]

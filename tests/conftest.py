"""Fixtures shared by every test, core and window alike: one private data folder and database
per test, the built-in playbook, LibreOffice. Nothing here loads Qt (tests/ui/conftest.py
does, for the window's tests); helpers live in tests/support/, on the path (pyproject.toml)."""

import shutil

import pytest

from svcrec_desktop import paths
from svcrec_desktop.domain.playbook import Playbook, load_playbook
from svcrec_desktop.store.database import Store

pytest_plugins = ["disk_faults"]  # the small_disk fixture


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture(scope="session")
def playbook() -> Playbook:
    return load_playbook(paths.builtin_playbook_file())


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

"""Fixtures shared by every test: one private data folder and database per test."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from svcrec_desktop import paths
from svcrec_desktop.playbook import Playbook, load_playbook
from svcrec_desktop.storage import Store


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

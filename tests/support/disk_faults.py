"""Real faults for tests: a tiny file system mounted per test, made full or read-only at
will, and a database that refuses writes to a table (a trigger) until allowed again."""

import os
import subprocess
from pathlib import Path

import pytest

from svcrec_desktop.store.database import Store


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs mounted for one test (needs root, which make test has)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"these tests mount a small file system and need root: {result.stderr}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)



@pytest.fixture
def store_on_small_disk(small_disk):
    """A store whose data folder is on the small disk, closed after the test."""
    opened = Store.open(small_disk / "data")
    yield opened
    opened.close()


def remount(mount: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount)], check=True)


def fill(folder: Path, leave: int = 0) -> None:
    """Take every free byte of the file system, then give back `leave` bytes."""
    with open(folder / "filler", "wb") as filler:
        try:
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
        except OSError:
            pass
    if leave:
        size = (folder / "filler").stat().st_size
        os.truncate(folder / "filler", size - leave)


def refuse_writes(store: Store, table: str) -> None:
    """A real database failure on every insert into this table until allow_writes."""
    with store.transaction() as db:
        db.execute(f"create trigger refuse_{table} before insert on {table} "
                   "begin select raise(abort, 'refused for the test'); end")


def allow_writes(store: Store, table: str) -> None:
    with store.transaction() as db:
        db.execute(f"drop trigger refuse_{table}")

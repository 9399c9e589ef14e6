"""Exporting onto real trouble: a read-only or full disk, a document open in Word or
LibreOffice, leftovers of an interrupted export, and kill -9 in the middle of writing.

Every fault is real: a small tmpfs remounted read-only or filled to the brim, lock files as
the office programs name them (and one written by a real LibreOffice), and a child process
killed with SIGKILL while it exports a session of 3,000 notes. The fault tests mount file
systems and therefore run as root, as the rest of the fault tests do.

Where it matters, each test runs both ways the guide can be written: into an unnamed file
(Linux O_TMPFILE, the normal way here) and, as on a system without O_TMPFILE, into a named
temporary file.
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from contextlib import suppress
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from disk_faults import fill, remount
from docx import Document

from svcrec_desktop.domain.model import Note, Session
from svcrec_desktop.domain.playbook import load_playbook
from svcrec_desktop.export.atomic import ExportError, lock_files
from svcrec_desktop.export.guide import export_guide, export_session
from svcrec_desktop.export.source import ExportOptions, GuideSource
from svcrec_desktop.files.safe_write import OUR_TEMPORARY, STALE_AFTER_SECONDS
from svcrec_desktop.paths import builtin_playbook_file
from svcrec_desktop.store.database import Store

DRIVER = Path(__file__).resolve().parents[1] / "support" / "export_driver.py"
WHEN = datetime(2026, 11, 3, 14, 5, tzinfo=timezone(timedelta(hours=-7)))
LONG_NAME = "Cardiology’s Guide to Service Recovery.docx"
BIG_SESSION_NOTES = 3000
KILLS = {"unnamed": 12, "named": 8}
KILLS_PER_FOLDER = 3
PLAYBOOK = load_playbook(builtin_playbook_file())
WITH_NOTES = ExportOptions(include_notes=True)  # every note in a table: the notes appendix


def session() -> Session:
    return Session(1, "Cardiology", "Dana Reyes", "Sam Lee", date(2026, 11, 3), "q2", WHEN, WHEN)


def notes(count: int = 5) -> list[Note]:
    return [Note(i, f"uid{i}", 1, "q2", f"note {i}: the call light went unanswered",
                 WHEN + timedelta(minutes=i), WHEN) for i in range(1, count + 1)]


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.fixture(params=["unnamed", "named"])
def method(request, monkeypatch):
    """Run the test with O_TMPFILE (Linux) and as on a system without it."""
    if request.param == "named":
        monkeypatch.delattr(os, "O_TMPFILE")
    return request.param


def earlier_export(folder: Path, name: str = "g.docx") -> tuple[Path, bytes]:
    target = export_guide(GuideSource.of_notes(session(), notes()),
                          PLAYBOOK, folder / name, exported_at=WHEN)
    return target, target.read_bytes()


# Normal saving, both ways ----------------------------------------------------------------


def test_both_ways_replace_an_earlier_file_with_normal_permissions(tmp_path, method):
    target, before = earlier_export(tmp_path)
    export_guide(GuideSource.of_notes(session(), notes(9)), PLAYBOOK, target,
                 options=WITH_NOTES)
    assert target.read_bytes() != before
    assert "note 9: the call light went unanswered" in [
        c.text for t in Document(target).tables for r in t.rows for c in r.cells
    ]
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    assert listing(tmp_path) == ["g.docx"]


# Read-only and full disks ------------------------------------------------------------------


def test_read_only_disk_is_explained_and_nothing_changes(small_disk, method):
    target, before = earlier_export(small_disk)
    remount(small_disk, "ro")
    with pytest.raises(ExportError) as caught:
        export_guide(GuideSource.of_notes(session(), notes(9)), PLAYBOOK, target)
    assert str(caught.value) == (
        f"Cannot save the guide as {target}: the disk cannot be written to (read-only)."
    )
    assert target.read_bytes() == before
    assert listing(small_disk) == ["g.docx"]


@pytest.mark.slow
@pytest.mark.parametrize("leave", [0, 16384], ids=["no-room-at-all", "runs-out-half-way"])
def test_full_disk_is_explained_and_leaves_the_earlier_file(small_disk, method, leave):
    target, before = earlier_export(small_disk)
    fill(small_disk, leave)
    with pytest.raises(ExportError) as caught:
        export_guide(GuideSource.of_notes(session(), notes(2000)),  # larger than `leave`
                     PLAYBOOK, target, options=WITH_NOTES)
    assert str(caught.value) == f"Cannot save the guide as {target}: the disk is full."
    assert target.read_bytes() == before
    assert listing(small_disk) == ["filler", "g.docx"]  # no temporary file
    (small_disk / "filler").unlink()
    export_guide(GuideSource.of_notes(session(), notes(2000)),  # space again: it works
                 PLAYBOOK, target, options=WITH_NOTES)
    assert listing(small_disk) == ["g.docx"]
    assert target.stat().st_size > 2 * leave


# A document open in Word or LibreOffice -------------------------------------------------------

WORD_OWNER_FILES = {
    # name -> the owner file Word writes beside it (first characters of longer names dropped)
    "g.docx": "~$g.docx",
    "Report.docx": "~$Report.docx",
    "Report1.docx": "~$eport1.docx",
    "OfficeReport.docx": "~$ficeReport.docx",
    LONG_NAME: "~$rdiology’s Guide to Service Recovery.docx",
}


def check_refused_as_open(folder: Path, target: Path, before: bytes) -> None:
    present = listing(folder)
    with pytest.raises(ExportError) as caught:
        export_guide(GuideSource.of_notes(session(), notes(9)), PLAYBOOK, target)
    assert str(caught.value) == (
        f"Cannot save the guide as {target}: it is open in Word or LibreOffice. "
        "Close it there and export again, or choose another name."
    )
    assert target.read_bytes() == before
    assert listing(folder) == present  # nothing written, nothing swept


@pytest.mark.parametrize("name", list(WORD_OWNER_FILES))
def test_a_document_open_in_word_is_not_replaced(tmp_path, name):
    target, before = earlier_export(tmp_path, name)
    owner = tmp_path / WORD_OWNER_FILES[name]
    assert owner in lock_files(target)
    owner.write_bytes(b"\x0aDana Reyes" + b"\x00" * 52)  # Word keeps the user's name there
    check_refused_as_open(tmp_path, target, before)
    owner.unlink()  # Word closed the document
    export_guide(GuideSource.of_notes(session(), notes(9)), PLAYBOOK, target)
    assert target.read_bytes() != before


@pytest.mark.parametrize("name", ["g.docx", LONG_NAME])
def test_a_document_open_in_libreoffice_is_not_replaced(tmp_path, name):
    target, before = earlier_export(tmp_path, name)
    lock = tmp_path / f".~lock.{name}#"
    lock.write_text(f",Dana Reyes,ward-pc,03.11.2026 14:05,{tmp_path.as_uri()};")
    check_refused_as_open(tmp_path, target, before)
    lock.unlink()
    export_guide(GuideSource.of_notes(session(), notes(9)), PLAYBOOK, target)
    assert target.read_bytes() != before


def test_a_lock_file_without_the_document_does_not_block_a_new_export(tmp_path):
    (tmp_path / "~$g.docx").write_bytes(b"left by a Word that crashed")
    (tmp_path / ".~lock.g.docx#").write_text(",someone,pc,date;")
    target = export_guide(GuideSource.of_notes(session(), notes()), PLAYBOOK, tmp_path / "g.docx")
    assert zipfile.ZipFile(target).testzip() is None


@pytest.mark.slow
def test_a_document_open_in_a_real_libreoffice_is_not_replaced(tmp_path):
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    assert binary, "LibreOffice is needed: make test installs libreoffice-writer-nogui"
    folder = tmp_path / "out"
    folder.mkdir()
    target, before = earlier_export(folder, LONG_NAME)
    profile = tmp_path / "lo-profile"
    office = subprocess.Popen(
        [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         str(target)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        lock = folder / f".~lock.{target.name}#"
        while not lock.exists():  # LibreOffice writes it once the document is open
            assert office.poll() is None, "LibreOffice stopped without opening the document"
            time.sleep(0.05)
        assert lock in lock_files(target)
        check_refused_as_open(folder, target, before)
    finally:
        with suppress(ProcessLookupError):
            os.killpg(office.pid, signal.SIGTERM)  # the group of the process started above
        office.wait()


# Leftovers of interrupted exports -----------------------------------------------------------


def age(path: Path, seconds: float) -> None:
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp), follow_symlinks=False)


def test_old_leftovers_of_our_own_are_swept_and_nothing_else(tmp_path):
    ours_old = [".~svcrec-a1b2c3d4.docx.tmp", ".~svcrec-zz_9y8x7.docx.tmp",
                ".~k3j_x9qa.docx.tmp"]  # the last: named as earlier versions did
    ours_fresh = ".~svcrec-freshone.docx.tmp"
    others = [".~lock.g.docx#", "~$notes.docx", ".~svcrec-short.docx.tmp",
              ".~svcrec-ABCDEFGH.docx.tmp", "svcrec-a1b2c3d4.docx.tmp",
              ".~svcrec-a1b2c3d4.docx", "notes.docx.tmp", "minutes.docx"]
    for name in [*ours_old, ours_fresh, *others]:
        (tmp_path / name).write_bytes(b"PK\x03\x04 half a document")
    (tmp_path / ".~svcrec-adirecto.docx.tmp").mkdir()  # a folder with our name: not ours
    (tmp_path / ".~svcrec-asymlink.docx.tmp").symlink_to(tmp_path / "minutes.docx")
    for name in [*ours_old, *others, ".~svcrec-adirecto.docx.tmp"]:
        age(tmp_path / name, 3600)
    age(tmp_path / ours_fresh, STALE_AFTER_SECONDS / 2)
    age(tmp_path / ".~svcrec-asymlink.docx.tmp", 3600)
    export_guide(GuideSource.of_notes(session(), notes()), PLAYBOOK, tmp_path / "g.docx")
    assert listing(tmp_path) == sorted(
        [ours_fresh, *others, ".~svcrec-adirecto.docx.tmp", ".~svcrec-asymlink.docx.tmp",
         "g.docx"]
    )
    assert (tmp_path / "minutes.docx").exists()


def test_a_failed_export_still_sweeps_and_leaves_what_it_cannot_remove(small_disk):
    target, before = earlier_export(small_disk)
    leftover = small_disk / ".~svcrec-oldoldol.docx.tmp"
    leftover.write_bytes(b"PK half")
    age(leftover, 3600)
    remount(small_disk, "ro")
    with pytest.raises(ExportError, match="read-only"):
        export_guide(GuideSource.of_notes(session(), notes()), PLAYBOOK, target)
    assert listing(small_disk) == [".~svcrec-oldoldol.docx.tmp", "g.docx"]  # could not sweep
    assert target.read_bytes() == before
    remount(small_disk, "rw")
    export_guide(GuideSource.of_notes(session(), notes()), PLAYBOOK, target)
    assert listing(small_disk) == ["g.docx"]


# kill -9 in the middle of exporting --------------------------------------------------------


def note_text(number: int) -> str:
    return f"note {number:04d}: the call light was not answered for twenty minutes"


@pytest.fixture(scope="module")
def big_session(tmp_path_factory) -> Path:
    """A data folder holding one session of 3,000 notes, stored the way the window does."""
    data_dir = tmp_path_factory.mktemp("big") / "data"
    store = Store.open(data_dir)
    created = store.sessions.create("Kill Test Unit", first_step=PLAYBOOK.meeting1[0].id)
    steps = [step.id for step in PLAYBOOK.meeting1]
    for number in range(BIG_SESSION_NOTES):
        store.notes.add(created.id, steps[number % len(steps)], note_text(number))
    store.close()
    return data_dir


def named_temporaries(folder: Path, known: set[str]) -> list[str]:
    """Temporary files of ours in folder that were not there before this child started."""
    return [name for name in set(os.listdir(folder)) - known if OUR_TEMPORARY.fullmatch(name)]


def holds_unnamed_file(pid: int, folder: Path) -> bool:
    """Does the process hold an unnamed file of folder open? /proc shows one as deleted."""
    unnamed = f"{folder}/#"
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except FileNotFoundError:
        return False
    for fd in fds:
        try:
            link = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if link.startswith(unnamed) and link.endswith(" (deleted)"):
            return True
    return False


def writing_now(pid: int, folder: Path, way: str, known: set[str]) -> bool:
    """Is the child writing the document into folder (and not yet naming it)?"""
    if way == "named":
        return bool(named_temporaries(folder, known))
    return holds_unnamed_file(pid, folder) and not named_temporaries(folder, known)


def freeze(child: subprocess.Popen) -> None:
    """SIGSTOP the child and wait until it has stopped (a write or fsync finishes first)."""
    child.send_signal(signal.SIGSTOP)
    while True:
        assert child.poll() is None, child.stderr.read()
        with open(f"/proc/{child.pid}/stat") as stat:
            if stat.read().rsplit(")", 1)[1].split()[0] in ("T", "t"):
                return


def freeze_while_writing(child: subprocess.Popen, folder: Path, way: str,
                         known: set[str]) -> None:
    """Stop the child at a moment it is writing the document into folder."""
    while True:
        assert child.poll() is None, child.stderr.read()
        if not writing_now(child.pid, folder, way, known):
            continue
        freeze(child)
        if writing_now(child.pid, folder, way, known):
            return
        child.send_signal(signal.SIGCONT)  # too late for this export: wait for the next


def kill_while_exporting(data_dir: Path, target: Path, way: str, rng: random.Random,
                         aim_at_writing: bool) -> tuple[int, bool, bool]:
    """Start the driver and kill -9 it; return what it finished and where it was stopped.

    Every kill first freezes the child (SIGSTOP) so its state can be read exactly, then
    kills it (SIGKILL). An aimed kill freezes it while it writes the document; the others
    fall at a random moment, mostly while the document is being put together. Returns
    (exports finished, killed while writing, killed in the moment between naming the
    finished unnamed file and putting it in place).
    """
    folder = target.parent
    known = set(os.listdir(folder))
    child = subprocess.Popen(
        [sys.executable, str(DRIVER), str(data_dir), str(target), way],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        ready = child.stdout.readline().strip()
        assert ready == "READY", child.stderr.read()
        if aim_at_writing:
            freeze_while_writing(child, folder, way, known)
        else:
            time.sleep(rng.uniform(0, 2.5))
            freeze(child)
        mid_write = writing_now(child.pid, folder, way, known)
        naming = way == "unnamed" and bool(named_temporaries(folder, known))
    finally:
        child.send_signal(signal.SIGKILL)
        lines = child.stdout.read().splitlines()
        child.wait()
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    child.stderr.close()
    return sum(line.startswith("E ") for line in lines), mid_write, naming


def check_complete_guide(target: Path) -> None:
    with zipfile.ZipFile(target) as package:
        assert package.testzip() is None  # every part is there and its checksum is right
    document = Document(target)
    assert document.paragraphs[0].text == "Kill Test Unit’s Guide to Service Recovery"
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells[1:]}
    assert {note_text(0), note_text(1500), note_text(BIG_SESSION_NOTES - 1)} <= cells


@pytest.mark.slow
@pytest.mark.parametrize("way", ["unnamed", "named"])
def test_kill_minus_nine_during_export_never_leaves_a_broken_guide(tmp_path, big_session, way):
    """The guide is absent or complete after every kill, and no temporary file is left.

    The one exception is honest and bounded: killed in the microseconds between naming the
    finished unnamed file and renaming it over the guide, a temporary file of ours stays;
    the named way leaves one whenever it is killed while writing. Either kind is swept by
    the next export once it is stale, which the end of the test checks.
    """
    if way == "unnamed":  # the claim below needs unnamed files on this file system
        os.close(os.open(tmp_path, os.O_TMPFILE | os.O_WRONLY, 0o600))
    rng = random.Random(20261103 + len(way))
    mid_write_kills = 0
    for kill in range(KILLS[way]):
        folder = tmp_path / f"out{kill // KILLS_PER_FOLDER}"
        folder.mkdir(exist_ok=True)
        target = folder / "guide.docx"
        had_guide = target.exists()
        finished, mid_write, naming = kill_while_exporting(
            big_session, target, way, rng, aim_at_writing=kill % 2 == 0
        )
        mid_write_kills += mid_write
        others = [name for name in listing(folder) if name != "guide.docx"]
        if way == "unnamed" and not naming:
            assert others == [], f"kill {kill} left {others}"
        assert all(OUR_TEMPORARY.fullmatch(name) for name in others), others
        if finished or had_guide:
            assert target.exists(), f"kill {kill}: a finished guide disappeared"
        if target.exists():
            check_complete_guide(target)
    assert mid_write_kills >= (KILLS[way] + 1) // 2  # every other kill was aimed at the writing
    leftovers = [path for path in tmp_path.glob("out*/*") if path.name != "guide.docx"]
    if way == "named":
        assert leftovers, "no kill left a named temporary file: the sweep went untested"
    for path in leftovers:
        age(path, STALE_AFTER_SECONDS + 60)
    store = Store.open(big_session)
    try:
        for folder in sorted(tmp_path.glob("out*")):
            export_session(store, PLAYBOOK, store.sessions.latest().id, folder / "guide.docx",
                           WITH_NOTES)
            assert listing(folder) == ["guide.docx"]  # the next export swept any leftovers
            check_complete_guide(folder / "guide.docx")
    finally:
        store.close()

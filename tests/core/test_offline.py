"""The application never uses the network: proven with strace on real runs.

A whole meeting in the real window (offscreen) followed by an export, and an export from the
command line, each run under ``strace -f`` watching every network system call of the process
and all its threads and children. The runs pass only if no socket of an internet family
(AF_INET, AF_INET6) is ever created and no internet address is ever connected or sent to,
loopback included: the application has no reason to use IP at all. Local sockets (AF_UNIX,
e.g. D-Bus or fontconfig) are allowed. A control run shows that the check does catch a
program that opens an internet socket.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from offline_driver import note_for

from svcrec_desktop.store.database import Store

DRIVER = Path(__file__).with_name("offline_driver.py")
# Every network call, plus execve so the log shows what was traced.
TRACED_CALLS = "trace=%network,execve"
MAKES_INTERNET_SOCKET = re.compile(r"\bsocket(?:pair)?\((?:AF|PF)_INET6?\b")
USES_INTERNET_ADDRESS = re.compile(r"\{sa_family=AF_INET6?\b")


def child_env() -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": os.pathsep.join(sys.path)}


def traced(log: Path, command: list[str]) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run command under strace -f; return its result and the lines strace logged."""
    strace = shutil.which("strace")
    assert strace, "strace is needed: make test installs it (scripts/install-system-deps.sh)"
    result = subprocess.run([strace, "-f", "-e", TRACED_CALLS, "-o", str(log), *command],
                            capture_output=True, text=True, env=child_env())
    assert "PTRACE" not in result.stderr and "Operation not permitted" not in result.stderr, (
        f"strace cannot trace here, so nothing is proven: {result.stderr}"
    )
    lines = log.read_text(errors="replace").splitlines()
    assert any("execve(" in line for line in lines), "strace logged nothing: it did not trace"
    return result, lines


def internet_use(lines: list[str]) -> list[str]:
    """The logged calls that make an internet socket or name an internet address."""
    return [line for line in lines
            if MAKES_INTERNET_SOCKET.search(line) or USES_INTERNET_ADDRESS.search(line)]


def exited_cleanly(lines: list[str]) -> bool:
    """strace's last word on the first (traced) process is a normal exit."""
    first = lines[0].split()[0]
    return any(line.split()[0] == first and "+++ exited with 0 +++" in line for line in lines)


def test_the_check_catches_a_program_that_uses_the_network(tmp_path):
    control = (
        "import socket\n"
        "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\n"
        "try:\n"
        "    s.connect(('127.0.0.1', 9))\n"
        "except OSError:\n"
        "    pass\n"
        "u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)\n"
        "u.sendto(b'x', ('::1', 9))\n"
        "local = socket.socket(socket.AF_UNIX)\n"
    )
    result, lines = traced(tmp_path / "control.strace", [sys.executable, "-c", control])
    assert result.returncode == 0, result.stderr
    caught = internet_use(lines)
    calls = [re.match(r"\d+\s+(\w+)\(", line).group(1) for line in caught]
    assert calls.count("socket") == 2 and {"connect", "sendto"} <= set(calls), caught
    assert any("socket(AF_UNIX" in line for line in lines)
    assert not any("AF_UNIX" in line for line in caught)


def test_a_whole_meeting_and_export_in_the_window_never_use_the_network(tmp_path):
    data_dir, target = tmp_path / "data", tmp_path / "out" / "Offline Unit guide.docx"
    target.parent.mkdir()
    result, lines = traced(tmp_path / "window.strace",
                           [sys.executable, str(DRIVER), str(data_dir), str(target)])
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"EXPORTED {target}", "DONE"]
    assert exited_cleanly(lines)
    assert internet_use(lines) == []
    document = Document(target)  # the run really happened: the guide holds every note
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert document.paragraphs[0].text == "Offline Unit’s Guide to Service Recovery"
    for step in ("welcome", "safety", "q1", "q2", "q3", "q4", "q5", "close"):
        assert note_for(step) in cells


@pytest.fixture
def stored_session(data_dir, playbook):
    store = Store.open(data_dir)
    session = store.create_session("Offline Unit", first_step=playbook.meeting1[0].id)
    for step in playbook.meeting1:
        store.add_note(session.id, step.id, note_for(step.id))
    store.close()
    return data_dir


def test_an_export_from_the_command_line_never_uses_the_network(tmp_path, stored_session):
    target = tmp_path / "guide.docx"
    result, lines = traced(tmp_path / "cli.strace", [
        sys.executable, "-m", "svcrec_desktop", "export", "--data-dir", str(stored_session),
        "--session", "latest", "--out", str(target), "--notes",
    ])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert exited_cleanly(lines)
    assert internet_use(lines) == []
    cells = {c.text for t in Document(target).tables for r in t.rows for c in r.cells}
    assert note_for("q3") in cells

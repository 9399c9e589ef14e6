"""The command line never uses the network: an export run under strace (network_trace.py)
makes no internet socket, and a control run shows that the check does catch a program that
opens one. The window's run: tests/ui/test_offline_window.py."""

import re
import sys

import pytest
from docx import Document
from network_trace import exited_cleanly, internet_use, note_for, traced

from svcrec_desktop.store.database import Store


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


@pytest.fixture
def stored_session(data_dir, playbook):
    store = Store.open(data_dir)
    session = store.sessions.create("Offline Unit", first_step=playbook.meeting1[0].id)
    for step in playbook.meeting1:
        store.notes.add(session.id, step.id, note_for(step.id))
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

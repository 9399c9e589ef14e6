"""Watching a run for the network with strace, for the offline tests.

A command runs under ``strace -f``, which logs every network system call of the process and
all its threads and children. A run passes only if no socket of an internet family (AF_INET,
AF_INET6) is ever created and no internet address is ever connected or sent to, loopback
included: the application has no reason to use IP at all. Local sockets (AF_UNIX, e.g. D-Bus
or fontconfig) are allowed.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


def note_for(step_id: str) -> str:
    """The note the offline runs type or store at a step, found again in the guide."""
    return f"said during {step_id}: the call light was not answered for twenty minutes"


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


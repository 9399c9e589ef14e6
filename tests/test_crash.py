"""kill -9 at random moments: no committed note is lost, the draft loses at most a second."""

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from crash_driver import note_text

from svcrec_desktop import paths

DRIVER = Path(__file__).with_name("crash_driver.py")
KILLS = int(os.environ.get("SVCREC_CRASH_KILLS", "6"))


def kill_at_random(data_dir: Path, delay: float) -> tuple[float, list[str]]:
    child = subprocess.Popen(
        [sys.executable, str(DRIVER), str(data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert child.stdout.readline().strip() == "READY", child.stderr.read()
    time.sleep(delay)
    killed_at = time.monotonic()
    child.send_signal(signal.SIGKILL)
    lines = child.stdout.read().splitlines()
    child.wait()
    return killed_at, lines


def check_survivors(data_dir: Path, killed_at: float, lines: list[str]) -> int:
    db = sqlite3.connect(paths.database_file(data_dir))
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    stored = [row[0] for row in db.execute("select text from notes order by id")]
    drafts = [row[0] for row in db.execute("select text from drafts")]
    db.close()
    committed = [int(line.split()[1]) for line in lines if line.startswith("C ")]
    for number in committed:
        assert note_text(number) in stored, f"committed note {number} was lost"
    assert len(stored) == len(set(stored)), "a note was stored twice"
    typed = [line.split() for line in lines if line.startswith("T ")]
    settled = [(int(n), int(length)) for _t, stamp, n, length in typed
               if float(stamp) <= killed_at - 1.0]
    if settled:
        number, length = settled[-1]
        text = note_text(number)
        draft = drafts[0] if drafts else ""
        assert text in stored or (text.startswith(draft) and len(draft) >= length), (
            f"draft of note {number} lost more than a second: {len(draft)} < {length}"
        )
    return len(committed)


@pytest.mark.parametrize("round_number", range(KILLS))
def test_kill_minus_nine_loses_nothing_committed(tmp_path, round_number):
    rng = random.Random(1000 + round_number)
    killed_at, lines = kill_at_random(tmp_path / "data", rng.uniform(0.2, 3.0))
    assert any(line.startswith("T ") for line in lines)
    check_survivors(tmp_path / "data", killed_at, lines)

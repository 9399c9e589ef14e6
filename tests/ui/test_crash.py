"""kill -9 at random moments: no committed note is lost, the draft loses at most a second.

Each round kills the real window twice on the same data folder: the second start must get
past the lock the killed window held, reopen the session, and show the draft that was stored.
``make stress`` runs many more rounds (SVCREC_CRASH_ROUNDS).
"""

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

DRIVER = Path(__file__).resolve().parents[1] / "support" / "crash_driver.py"
ROUNDS = int(os.environ.get("SVCREC_CRASH_ROUNDS", "25"))
KILLS_PER_ROUND = 2


def kill_at_random(data_dir: Path, first_note: int, delay: float) -> tuple[float, list[str]]:
    child = subprocess.Popen(
        [sys.executable, str(DRIVER), str(data_dir), str(first_note)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    lines = []
    while (line := child.stdout.readline().strip()) != "READY":
        assert line, child.stderr.read()
        lines.append(line)
    time.sleep(delay)
    killed_at = time.monotonic()
    child.send_signal(signal.SIGKILL)
    lines += child.stdout.read().splitlines()
    child.wait()
    return killed_at, lines


def stored(data_dir: Path) -> tuple[list[str], str]:
    db = sqlite3.connect(paths.database_file(data_dir))
    assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    notes = [row[0] for row in db.execute("select text from notes order by id")]
    drafts = [row[0] for row in db.execute("select text from drafts")]
    db.close()
    return notes, drafts[0] if drafts else ""


def check_survivors(data_dir: Path, killed_at: float, lines: list[str]) -> None:
    notes, draft = stored(data_dir)
    committed = [int(line.split()[1]) for line in lines if line.startswith("C ")]
    for number in committed:
        assert note_text(number) in notes, f"committed note {number} was lost"
    assert len(notes) == len(set(notes)), "a note was stored twice"
    typed = [line.split() for line in lines if line.startswith("T ")]
    settled = [(int(n), int(length)) for _t, stamp, n, length in typed
               if float(stamp) <= killed_at - 1.0]
    if settled:
        number, length = settled[-1]
        text = note_text(number)
        assert text in notes or (text.startswith(draft) and len(draft) >= length), (
            f"draft of note {number} lost more than a second: {len(draft)} < {length}"
        )


@pytest.mark.parametrize("round_number", range(ROUNDS))
def test_kill_minus_nine_loses_nothing_committed(tmp_path, round_number):
    rng = random.Random(1000 + round_number)
    data_dir = tmp_path / "data"
    committed_before: list[str] = []
    for kill in range(KILLS_PER_ROUND):
        draft_before = stored(data_dir)[1] if kill else ""
        killed_at, lines = kill_at_random(data_dir, 1000 * kill, rng.uniform(0.2, 2.5))
        assert lines[0] == f"R {len(draft_before)}", "the stored draft did not come back"
        assert any(line.startswith("T ") for line in lines)
        check_survivors(data_dir, killed_at, lines)
        notes = stored(data_dir)[0]
        assert all(text in notes for text in committed_before)
        committed_before = notes

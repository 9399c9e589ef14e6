"""A whole meeting in the real window (offscreen) followed by an export never uses the
network: the run of offline_driver.py under strace (network_trace.py)."""

import sys
from pathlib import Path

from docx import Document
from network_trace import exited_cleanly, internet_use, note_for, traced

DRIVER = Path(__file__).resolve().parents[1] / "support" / "offline_driver.py"


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


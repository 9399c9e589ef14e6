"""The benchmark harness keeps working: a smoke run with tiny sizes writes a well-formed report.

Only the report's shape is checked, never a figure: timings belong to `make bench`, on a
quiet machine, not to the tests.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("Machine", "Summary", "Start-up", "Bundled start-up", "Capture",
            "Keystrokes while the disk is slow", "Export", "Memory", "Scale")
MACHINE = ("CPU", "RAM", "OS", "Python", "PySide6 / Qt", "SQLite")
NUMBER = r"-?[\d,]+(\.\d+)? (ms|MiB)"  # a smoke run's tiny exports can differ by less than noise


def table_after(text: str, heading: str) -> list[list[str]]:
    """The rows (cells stripped) of the first table under a heading, header and rule left out."""
    lines = text.split(f"\n{heading}\n", 1)[1].splitlines()
    start = next(number for number, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_a_smoke_run_writes_a_well_formed_report(tmp_path):
    report = tmp_path / "benchmarks.md"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--smoke", "--out", str(report),
         "--work", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n")
    assert "Smoke run" in text  # never mistaken for real figures
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings == list(SECTIONS)

    machine = {row[0]: row[1] for row in table_after(text, "## Machine")}
    for name in MACHINE:
        assert machine[name] and machine[name] != "unknown", name

    summary = table_after(text, "## Summary")
    measures = [row[0] for row in summary]
    for word in ("Start-up", "Capture", "Export", "Memory", "Keystroke", "Scale"):
        assert any(measure.startswith(word) for measure in measures), word
    for measure, app, floor, ratio, limit, verdict in summary:
        assert re.fullmatch(NUMBER, app), measure
        if measure.startswith("Scale"):  # times in ms, with nothing to compare them with
            assert (floor, ratio, limit, verdict) == ("—", "—", "—", "—"), measure
            continue
        assert re.fullmatch(NUMBER, floor) and re.fullmatch(r"-?\d+\.\d\dx", ratio), measure
        assert (limit, verdict) == ("—", "—") or (
            re.fullmatch(r"≤ [\d.]+x", limit) and verdict in ("pass", "fail")), measure

    watched = {row[0]: row[1] for row in table_after(
        text, "### Modules that should stay off the start-up path")}
    assert {"`docx`", "`lxml`", "`csv`"} <= set(watched)
    assert not list(tmp_path.glob("svcrec-bench-*")), "the temporary folder was left behind"

"""The measures scripts/bench.py takes inside the real window, in a process of their own.

  typing DATA_DIR KEYS GAP_MS   type KEYS keys into the capture pane, one every GAP_MS, Enter
                                every NOTE_CHARS characters; for each key: how late the event
                                loop was to take it and how long handling it took (ms)
  home DATA_DIR RUNS QUERY...   open the home view RUNS times from the meeting page, and run
                                the home page's search for each QUERY RUNS times (ms)

Prints one line of JSON. Run by scripts/bench.py; QT_QPA_PLATFORM=offscreen works.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from svcrec_desktop.domain.playbook import load_active_playbook
from svcrec_desktop.store.database import Store
from svcrec_desktop.ui.app import configure
from svcrec_desktop.ui.main_window import MainWindow

NOTE_CHARS = 40
SENTENCE = "the family waited two hours for discharge paperwork and nobody told them why "


def open_window(data_dir: Path) -> MainWindow:
    playbook, _warning = load_active_playbook(data_dir)
    window = MainWindow(Store.open(data_dir), playbook)
    window.show()
    QTest.qWaitForWindowExposed(window)
    return window


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def typing(app: QApplication, data_dir: Path, keys: int, gap_ms: int) -> dict:
    window = open_window(data_dir)
    page = window.meeting_page
    edit = page.ui.captureEdit
    page.focus_capture()
    before = len(window.store.notes.of_session(window.session.id))
    results: dict[str, list[float]] = {
        "late_ms": [], "char_ms": [], "enter_ms": [], "waited_ms": []}
    due = [0.0]
    typed = [0]
    timer = QTimer(singleShot=True, timerType=Qt.TimerType.PreciseTimer)

    def press() -> None:
        late = max(0.0, ms_since(due[0]))
        number = typed[0]
        enter = number % NOTE_CHARS == NOTE_CHARS - 1
        start = time.perf_counter()
        if enter:
            QTest.keyClick(edit, Qt.Key.Key_Return)
        else:
            QTest.keyClick(edit, SENTENCE[number % len(SENTENCE)])
        handled = ms_since(start)
        results["enter_ms" if enter else "char_ms"].append(handled)
        results["late_ms"].append(late)
        results["waited_ms"].append(late + handled)  # from when it was due until handled
        typed[0] += 1
        if typed[0] == keys:
            app.quit()
            return
        due[0] = time.perf_counter() + gap_ms / 1000
        timer.start(gap_ms)

    timer.timeout.connect(press)
    due[0] = time.perf_counter() + gap_ms / 1000
    timer.start(gap_ms)
    app.exec()
    committed = len(window.store.notes.of_session(window.session.id)) - before
    expected = len(results["enter_ms"])
    window.close()
    window.store.close()
    if committed != expected:
        raise SystemExit(f"{expected} notes were committed but {committed} are stored")
    return {**results, "notes": committed}


def home(app: QApplication, data_dir: Path, runs: int, queries: list[str]) -> dict:
    window = open_window(data_dir)
    page = window.home_page

    def timed(action: Callable[[], object]) -> float:
        start = time.perf_counter()
        action()
        app.processEvents()  # what the action asked to be laid out and painted
        return ms_since(start)

    opened = []
    for _ in range(runs):
        window.show_view(window.meeting_page)
        app.processEvents()
        opened.append(timed(window.show_home))
    searched: dict[str, list[float]] = {}
    found: dict[str, int] = {}
    for query in queries:
        searched[query] = []
        for _ in range(runs):
            page.ui.searchEdit.setText(query)  # starts the typing-pause timer; run it now
            searched[query].append(timed(page.run_search))
            found[query] = page.ui.resultList.count()
            page.clear_search()
    sessions = page.ui.sessionTable.rowCount()
    window.close()
    window.store.close()
    return {"open_home_ms": opened, "search_ms": searched, "results": found,
            "sessions": sessions}


def main(argv: list[str]) -> int:
    app = QApplication(argv[:1])
    configure(app)
    what, data_dir = argv[1], Path(argv[2])
    if what == "typing":
        result = typing(app, data_dir, int(argv[3]), int(argv[4]))
    else:
        result = home(app, data_dir, int(argv[3]), argv[4:])
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

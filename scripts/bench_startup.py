"""Where the application's start-up time goes, for scripts/bench.py: one start in steps.

It starts the window as svcrec_desktop/ui/app.py does (its configure and start), timing each
step, and prints one line of JSON: [[step, milliseconds], ...]. Nothing is imported before
the first step, so the imports are timed too (the interpreter's own start is not).

Usage: python scripts/bench_startup.py DATA_DIR
"""

import json
import sys
import time
from pathlib import Path


def main(data_dir: Path) -> int:
    steps: list[list[object]] = []
    last = time.perf_counter()

    def step(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps.append([name, (now - last) * 1000])
        last = now

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    step("Import PySide6 (QtCore, QtGui, QtWidgets)")
    from svcrec_desktop.store.lock import InstanceLock
    from svcrec_desktop.ui.app import configure, start

    step("Import the application's modules")
    app = QApplication(sys.argv[:1])
    configure(app)
    step("QApplication, icon and style")
    lock = InstanceLock(data_dir)
    window = start(data_dir, lock)
    if window is None:
        return 1
    step("start(): lock, database check, playbook, database, build and show the window")
    QTimer.singleShot(0, app.quit)
    app.exec()
    step("Until the event loop is idle (first layout and paint)")
    window.store.close()
    lock.release()
    print(json.dumps(steps))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))

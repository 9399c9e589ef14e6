"""The floor scripts/bench.py compares the application's start-up and memory with: a bare
PySide6 window with one label. With SVCREC_EXIT_WHEN_SHOWN=1 it quits once shown and idle,
timed exactly as the application's hook times it (svcrec_desktop/ui/app.py). Of the
application it imports only the small module that prints that line
(svcrec_desktop/ui/shown_report.py, which imports only Qt), on purpose.

scripts/bundle_floor.py bundles this same window, and scripts/bench_startup.py --floor times
its phases.

Usage: SVCREC_EXIT_WHEN_SHOWN=1 python scripts/bench_window.py
       (prints "shown <time.monotonic()> <resident KiB>" and quits)
"""

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from svcrec_desktop.ui.shown_report import report_shown

EXIT_WHEN_SHOWN = "SVCREC_EXIT_WHEN_SHOWN"


def bare_window() -> QMainWindow:
    """The least a Qt Widgets application shows: a main window with a label."""
    window = QMainWindow()
    window.setWindowTitle("Floor")
    window.setCentralWidget(QLabel("A bare window"))
    window.show()
    return window


def main() -> int:
    app = QApplication(sys.argv[:1])
    _window = bare_window()
    if os.environ.get(EXIT_WHEN_SHOWN) == "1":
        QTimer.singleShot(0, lambda: report_shown(app))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

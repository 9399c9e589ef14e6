"""The floor scripts/bench.py compares the application's start-up and memory with: a bare
PySide6 window with one label, timed exactly as the application's SVCREC_EXIT_WHEN_SHOWN hook
times it (svcrec_desktop/ui/app.py). Of the application it imports only the small module
that prints that line (svcrec_desktop/ui/shown_report.py), on purpose.

Usage: python scripts/bench_window.py   (prints "shown <time.monotonic()> <resident KiB>"
                                          and quits)
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from svcrec_desktop.ui.shown_report import report_shown


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Floor")
    window.setCentralWidget(QLabel("A bare window"))
    window.show()
    QTimer.singleShot(0, lambda: report_shown(app))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())

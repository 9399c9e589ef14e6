"""The line a benchmark reads when a window is shown: when, and how much memory it holds.

Used by the application's SVCREC_EXIT_WHEN_SHOWN hook (ui/app.py) and by the bare-window
floor (scripts/bench_window.py), so both are timed by the same code. Imports only Qt.
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication


def resident_kib() -> int:
    """This process's resident memory now, from Linux's /proc; 0 elsewhere. (Peak figures
    such as ru_maxrss count the parent's memory from before exec, so they will not do.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next((int(line.split()[1]) for line in status
                         if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0


def report_shown(app: QApplication) -> None:
    """The first moment the shown window waits for input: say when and how much memory it
    holds, and quit."""
    print(f"shown {time.monotonic():.6f} {resident_kib()}", flush=True)
    app.quit()

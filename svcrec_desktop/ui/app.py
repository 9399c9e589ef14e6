"""Start the window: application identity, style, database, playbook."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from svcrec_desktop import APP_NAME, DISPLAY_NAME, __version__, paths
from svcrec_desktop.domain.playbook import PlaybookError, load_active_playbook
from svcrec_desktop.store.backups import recover_if_damaged
from svcrec_desktop.store.database import StorageError, Store, explain
from svcrec_desktop.store.lock import AlreadyOpen, InstanceLock
from svcrec_desktop.ui.appearance import current_appearance
from svcrec_desktop.ui.main_window import MainWindow
from svcrec_desktop.ui.shown_report import report_shown
from svcrec_desktop.ui.wheel_guard import install_wheel_guard

# For scripts/bench.py only: with this set to 1 the window quits as soon as it is shown and
# the event loop is idle, after printing "shown <time.monotonic()> <resident KiB>" on stdout,
# so a script can time a real start-up and see the memory it took.
EXIT_WHEN_SHOWN = "SVCREC_EXIT_WHEN_SHOWN"


def configure(app: QApplication) -> None:
    """Names, icon and style shared by the real run and the tests."""
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(paths.resource_file("icons", "svcrec.png"))))
    current_appearance()  # the style in the system's light or dark colours
    install_wheel_guard(app)  # the wheel scrolls pages, never changes a value by itself


def start(data_dir: Path, lock: InstanceLock) -> MainWindow | None:
    """Take the data folder, mend a damaged or missing database (checked as every command
    checks it, before anything writes), open it and show the window.

    Returns None, after telling the person why, when the window cannot open.
    """
    try:
        lock.acquire()
        recovered = recover_if_damaged(data_dir)
        playbook, warning = load_active_playbook(data_dir)
        window = MainWindow(Store.open(data_dir), playbook)
    except AlreadyOpen as exc:
        QMessageBox.information(None, f"{DISPLAY_NAME} is already open", str(exc))
        return None
    except (StorageError, PlaybookError, OSError) as exc:
        lock.release()
        message = explain(exc, data_dir) if isinstance(exc, OSError) else str(exc)
        QMessageBox.critical(None, f"{DISPLAY_NAME} cannot start", message)
        return None
    window.show_placed()
    if recovered:
        QMessageBox.warning(window, recovered.title, recovered.text)
    if warning:
        QMessageBox.warning(window, "The department playbook has a mistake", warning)
    return window


def report_unexpected(kind: type[BaseException], error: BaseException, trace) -> None:
    """Last resort for a bug in a slot: say so calmly, keep running, log no note text.

    Only the error's type and the code locations go to stderr; the message is left out
    because it could quote what someone typed.
    """
    print(f"Unexpected {kind.__name__}:", file=sys.stderr)
    traceback.print_tb(trace, file=sys.stderr)
    QMessageBox.critical(
        QApplication.activeWindow(), "Something went wrong",
        f"An unexpected problem occurred ({kind.__name__}). Every saved note is safe in the "
        "database. If this happens again, restart the application.",
    )


def run_app(data_dir: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure(app)
    sys.excepthook = report_unexpected
    lock = InstanceLock(data_dir)
    window = start(data_dir, lock)
    if window is None:
        return 1
    if os.environ.get(EXIT_WHEN_SHOWN) == "1":
        QTimer.singleShot(0, lambda: report_shown(app))
    try:
        return app.exec()
    finally:
        window.store.close()
        lock.release()

"""Start the window: application identity, style, database, playbook."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from svcrec_desktop import APP_NAME, DISPLAY_NAME, __version__, paths
from svcrec_desktop.domain.organisation import Organisation
from svcrec_desktop.domain.playbook import PlaybookError, load_active_playbook
from svcrec_desktop.store.backups import recover_if_damaged
from svcrec_desktop.store.data_folder import folder_risk
from svcrec_desktop.store.database import StorageError, Store, explain
from svcrec_desktop.store.lock import AlreadyOpen, InstanceLock
from svcrec_desktop.ui.appearance import current_appearance
from svcrec_desktop.ui.crash_reports import CrashReports
from svcrec_desktop.ui.data_folder import folder_for_this_run
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


def start(data_dir: Path, lock: InstanceLock,
          organisation: Organisation | None = None) -> MainWindow | None:
    """Take the data folder, mend a damaged or missing database (checked as every command
    checks it, before anything writes), open it and show the window.

    Returns None, after telling the person why, when the window cannot open.
    """
    try:
        lock.acquire()
        recovered = recover_if_damaged(data_dir)
        organisation = organisation or Organisation()  # its warnings: a banner in the window
        playbook, warning = load_active_playbook(data_dir, organisation.playbook)
        window = MainWindow(Store.open(data_dir), playbook, organisation=organisation)
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
    window.say_if_low_on_space()
    return window


def run_app(data_dir: Path, organisation: Organisation | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    configure(app)
    data_dir = folder_for_this_run(data_dir, folder_risk(data_dir))
    CrashReports(data_dir, app).install()
    lock = InstanceLock(data_dir)
    window = start(data_dir, lock, organisation)
    if window is None:
        return 1
    if os.environ.get(EXIT_WHEN_SHOWN) == "1":
        QTimer.singleShot(0, lambda: report_shown(app))
    try:
        return app.exec()
    finally:
        window.store.close()
        lock.release()

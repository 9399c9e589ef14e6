"""Start the window: application identity, style, database, playbook."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from svcrec_desktop import APP_NAME, DISPLAY_NAME, __version__, paths
from svcrec_desktop.playbook import PlaybookError, load_active_playbook
from svcrec_desktop.storage import StorageError, Store
from svcrec_desktop.ui.main_window import MainWindow


def configure(app: QApplication) -> None:
    """Names, icon and style shared by the real run and the tests."""
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(DISPLAY_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(QIcon(str(paths.resource_file("icons", "svcrec.png"))))
    app.setStyleSheet(paths.resource_file("style.qss").read_text(encoding="utf-8"))


def open_window(data_dir: Path) -> tuple[MainWindow, str | None]:
    """Open the database and playbook and build the main window; errors come back readable."""
    playbook, warning = load_active_playbook(data_dir)
    store = Store.open(data_dir)
    return MainWindow(store, playbook), warning


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
    try:
        window, warning = open_window(data_dir)
    except (StorageError, PlaybookError) as exc:
        QMessageBox.critical(None, f"{DISPLAY_NAME} cannot start", str(exc))
        return 1
    window.show()
    if warning:
        QMessageBox.warning(window, "The department playbook has a mistake", warning)
    code = app.exec()
    window.store.close()
    return code

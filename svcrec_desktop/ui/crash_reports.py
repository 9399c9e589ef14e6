"""Crash reports that stay on the laptop, and the calm dialog that says one was kept.

Every unexpected error goes to the data folder's crash report (store/crash_log.py: never a
note, never an error's message): a Python exception in the window's thread or any other, a
critical or fatal message of Qt's, a native crash. A Python exception also shows the dialog,
always in the window's thread: an error in another thread reaches it through a queued
signal. Qt's warnings and debug lines stay out of the report and go to stderr as Qt would
print them.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType

import PySide6
from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    QtMsgType,
    QUrl,
    Signal,
    qFormatLogMessage,
    qInstallMessageHandler,
    qVersion,
)
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QWidget

from svcrec_desktop import paths
from svcrec_desktop.store.crash_log import CrashLog
from svcrec_desktop.ui.forms import load_form

QT_REPORTED = {QtMsgType.QtCriticalMsg: "Qt reported a critical problem",
               QtMsgType.QtFatalMsg: "Qt stopped the application (a fatal problem)"}


class CrashReports(QObject):
    """The hooks that catch every unexpected error, and the dialog, one at a time."""

    crashed = Signal(str)  # a report's entry; delivered in the thread this object lives in

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = paths.logs_dir(data_dir)
        self.log = CrashLog(data_dir, f"Qt {qVersion()} | PySide6 {PySide6.__version__}")
        self.dialog: CrashDialog | None = None
        self._replaced = (sys.excepthook, threading.excepthook)
        self._replaced_qt = None
        self.crashed.connect(self._show)

    def install(self) -> CrashReports:
        self._replaced = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._python_error
        threading.excepthook = self._thread_error
        self._replaced_qt = qInstallMessageHandler(self._qt_message)
        return self

    def uninstall(self) -> None:
        """Put back the hooks found at install (tests)."""
        sys.excepthook, threading.excepthook = self._replaced
        qInstallMessageHandler(self._replaced_qt)
        self.log.close()

    def _python_error(self, kind: type[BaseException], error: BaseException,
                      trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):  # Ctrl+C in the terminal that started it
            sys.__excepthook__(kind, error, trace)
            return
        thread = threading.current_thread().name
        self.crashed.emit(self.log.record_error(kind, error, trace, thread))

    def _thread_error(self, args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):  # a thread that ends itself is no error
            return
        thread = args.thread.name if args.thread is not None else "unknown"
        self.crashed.emit(
            self.log.record_error(args.exc_type, args.exc_value, args.exc_traceback, thread))

    def _qt_message(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind in QT_REPORTED:
            self.log.record_message(QT_REPORTED[kind], message)
        elif sys.stderr is not None:
            print(qFormatLogMessage(kind, context, message), file=sys.stderr)

    def _show(self, entry: str) -> None:
        """The dialog over the active window; while one is open, later errors are only
        written to the report (the first is the one to look at)."""
        if self.dialog is not None:
            if self.dialog.isVisible():
                return
            self.dialog.deleteLater()
        try:
            self.dialog = CrashDialog(entry, self.folder, QApplication.activeWindow())
        except Exception as exc:  # the dialog itself fails: kept in the report, not shown again
            self.dialog = None
            self.log.record_error(type(exc), exc, exc.__traceback__, "the crash dialog")
            return
        self.dialog.open()


class CrashDialog(QDialog):
    """What happened in plain words, that the notes are safe, and the report for IT: "Copy
    details" puts it on the clipboard, "Open the folder" shows where it is kept."""

    def __init__(self, entry: str, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "crash_report")
        self.entry = entry
        self.folder = folder
        self.ui.whereLabel.setText(f"The reports are kept in this folder:\n{folder}")
        self.ui.copyButton.clicked.connect(self.copy_details)
        self.ui.openFolderButton.clicked.connect(self.open_folder)
        close = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setFocus()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.entry)
        self.ui.copiedLabel.setText("Copied.")

    def open_folder(self) -> None:
        """The folder in the computer's file manager (a local file address, never a network one)."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder))):
            self.ui.copiedLabel.setText("The folder could not be opened.")

"""Crash reports in the window: an error in the window's thread or in a worker thread is
written to the data folder's report and shown calmly in the window's thread, with no note's
text anywhere; "Copy details" copies the report, "Open the folder" opens it on the laptop;
Qt's critical messages are reported, its warnings are not."""

import threading
from contextlib import contextmanager

from gui_helpers import start_session, type_note
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Slot, qCritical, qWarning
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QLabel

from svcrec_desktop import paths
from svcrec_desktop.store.crash_log import LEFT_OUT
from svcrec_desktop.ui.crash_reports import CrashReports

MARKER = "Quokka-5521 Mr Okafor"  # typed as a note: it must never reach the report


@contextmanager
def reporting(qapp, data_dir):
    """The crash reports as run_app installs them, for one test; the hooks found before
    (pytest-qt's, pytest's) come back after it."""
    reports = CrashReports(data_dir, qapp).install()
    try:
        yield reports
    finally:
        if reports.dialog is not None:
            reports.dialog.close()
        reports.uninstall()


def report_of(data_dir) -> str:
    return paths.crash_log_file(data_dir).read_text(encoding="utf-8")


def shown_text(dialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def wait_for_dialog(qtbot, reports):
    qtbot.waitUntil(lambda: reports.dialog is not None and reports.dialog.isVisible())
    return reports.dialog


def assert_no_note(*texts: str) -> None:
    for text in texts:
        assert "Quokka" not in text and "Okafor" not in text


def window_with_a_note(qtbot, open_window):
    window = open_window()
    start_session(qtbot, window)
    type_note(qtbot, window, f"{MARKER} waited two hours for a bed")
    return window


def saved_note_text(window) -> str:
    [note] = window.store.notes.of_session(window.session.id)
    return note.text


def test_an_error_in_the_window_is_reported_without_the_note(qapp, qtbot, open_window,
                                                             data_dir):
    window = window_with_a_note(qtbot, open_window)

    def show_saved_note() -> None:  # a bug that meets the note's text, as a slot would
        text = saved_note_text(window)
        raise ValueError(f"cannot show {text!r}")

    with reporting(qapp, data_dir) as reports:
        QTimer.singleShot(0, show_saved_note)
        QTimer.singleShot(0, show_saved_note)  # a second error while the dialog is open
        dialog = wait_for_dialog(qtbot, reports)
        qtbot.waitUntil(lambda: report_of(data_dir).count("Unexpected ValueError") == 2)
        report = report_of(data_dir)
        assert "Unexpected ValueError in the thread 'MainThread'" in report
        assert "in show_saved_note" in report and f"ValueError {LEFT_OUT}" in report
        assert [d for d in window.findChildren(type(dialog)) if d.isVisible()] == [dialog]
        assert "notes are safe" in shown_text(dialog)
        assert str(paths.logs_dir(data_dir)) in shown_text(dialog)
        assert_no_note(report, dialog.entry, shown_text(dialog))
        qtbot.mouseClick(dialog.ui.copyButton, Qt.MouseButton.LeftButton)
        assert QGuiApplication.clipboard().text() == dialog.entry
        assert dialog.entry in report
        assert dialog.isVisible()  # copying leaves the dialog open
        qtbot.mouseClick(dialog.ui.buttonBox.buttons()[0], Qt.MouseButton.LeftButton)
        assert not dialog.isVisible()


def test_an_error_in_a_worker_thread_shows_in_the_window_thread(qapp, qtbot, open_window,
                                                                data_dir):
    window = window_with_a_note(qtbot, open_window)
    text = saved_note_text(window)

    def export_in_background() -> None:
        words = text.split()
        raise RuntimeError(f"cannot export {words}")

    with reporting(qapp, data_dir) as reports:
        worker = threading.Thread(target=export_in_background, name="export worker")
        worker.start()
        worker.join()
        dialog = wait_for_dialog(qtbot, reports)
        assert dialog.thread() is qapp.thread()
        report = report_of(data_dir)
        assert "Unexpected RuntimeError in the thread 'export worker'" in report
        assert "in export_in_background" in report
        assert dialog.entry in report
        assert_no_note(report, dialog.entry, shown_text(dialog))


class FolderOpened(QObject):
    """Takes the file addresses Qt would hand to the file manager."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_the_folder_opens_the_reports_folder_on_this_laptop(qapp, qtbot, data_dir):
    opened = FolderOpened()
    QDesktopServices.setUrlHandler("file", opened, "open")
    try:
        with reporting(qapp, data_dir) as reports:
            QTimer.singleShot(0, lambda: 1 / 0)
            dialog = wait_for_dialog(qtbot, reports)
            qtbot.mouseClick(dialog.ui.openFolderButton, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    [url] = opened.urls
    assert url.isLocalFile() and url.toLocalFile() == str(paths.logs_dir(data_dir))


def test_qt_critical_messages_are_reported_and_warnings_are_not(qapp, data_dir):
    with reporting(qapp, data_dir):
        qCritical("QPainter could not begin")
        qWarning("QWidget::setMinimumSize: a passing remark")
    report = report_of(data_dir)
    assert "| Qt reported a critical problem" in report
    assert "QPainter could not begin" in report
    assert "passing remark" not in report

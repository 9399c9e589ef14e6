"""Child process for the offline test: a whole meeting in the real window, then an export.

Started as ``offline_driver.py DATA_DIR TARGET`` (under strace by the test). It starts the
application the way ``run_app`` does (configure, single-instance lock, damage check, window),
starts a session from the keyboard, types a note at every step with QTest and moves on with
Ctrl+PgDown, exports through ``MainWindow.export_guide`` with only the file dialog replaced
by the chosen TARGET, then closes the window and quits. It prints ``EXPORTED <path>`` and
``DONE``; any failure ends it with a traceback and a non-zero status, and so does any dialog
that opens (it would wait for a person forever).
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from network_trace import note_for
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from svcrec_desktop.store.lock import InstanceLock
from svcrec_desktop.ui.app import configure, start
from svcrec_desktop.ui.guide.export_dialog import ExportDialog

Ctrl = Qt.KeyboardModifier.ControlModifier


def fail_on_any_dialog() -> QTimer:
    """A dialog would wait for a person forever: report it and stop instead of hanging."""

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and not isinstance(dialog, ExportDialog):  # that one is answered
            text = dialog.text() if isinstance(dialog, QMessageBox) else ""
            print(f"UNEXPECTED DIALOG {dialog.windowTitle()!r}: {text}", file=sys.stderr,
                  flush=True)
            os._exit(3)

    timer = QTimer(interval=100)
    timer.timeout.connect(check)
    timer.start()
    return timer


def run_meeting(app: QApplication, data_dir: Path, target: Path) -> None:
    lock = InstanceLock(data_dir)
    watchdog = fail_on_any_dialog()
    window = start(data_dir, lock)
    assert window is not None, "the window did not open"
    try:
        window.activateWindow()
        while not window.isActiveWindow():
            QTest.qWait(10)
        department = window.new_session_page.ui.departmentEdit
        QTest.keyClicks(department, "Offline Unit")
        QTest.keyClick(department, Qt.Key.Key_Return)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Ctrl)  # to meeting 1
        page = window.meeting_page
        capture = page.ui.captureEdit
        for number, step in enumerate(window.playbook.meeting1):
            assert page.current_step.id == step.id
            QTest.keyClicks(capture, note_for(step.id))
            QTest.keyClick(capture, Qt.Key.Key_Return)
            if number < len(window.playbook.meeting1) - 1:
                QTest.keyClick(capture, Qt.Key.Key_PageDown, Ctrl)
            QTest.qWait(20)
        stored = [note.text for note in window.store.notes.of_session(window.session.id)]
        assert stored == [note_for(step.id) for step in window.playbook.meeting1], stored

        def choose_target(*_args: object, **_kwargs: object) -> tuple[str, str]:
            return str(target), "Word document (*.docx)"

        QFileDialog.getSaveFileName = choose_target  # the only thing replaced
        answer = QTimer(interval=20)  # the export dialog: Enter takes its choices

        def press_enter() -> None:
            modal = QApplication.activeModalWidget()
            if modal is None:
                return
            if not modal.isActiveWindow():  # a key sent before it has the keyboard is lost
                modal.activateWindow()
                return
            answer.stop()
            if isinstance(modal, ExportDialog):  # every note in: the notes appendix
                modal.ui.notesCheck.setChecked(True)
            QTest.keyClick(modal.focusWidget() or modal, Qt.Key.Key_Return)

        answer.timeout.connect(press_enter)
        answer.start()
        window.files.export_guide()
        assert target.is_file(), page.ui.bannerLabel.text()
        assert str(target) in page.ui.bannerLabel.text()
        print(f"EXPORTED {target}", flush=True)
        QTest.qWait(50)
        window.close()
        assert not window.isVisible(), "the window refused to close"
    finally:
        window.store.close()
        lock.release()
    watchdog.stop()
    QTimer.singleShot(0, app.quit)
    app.exec()


def main(data_dir: str, target: str) -> None:
    app = QApplication(sys.argv[:1])
    configure(app)
    run_meeting(app, Path(data_dir), Path(target))
    print("DONE", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])

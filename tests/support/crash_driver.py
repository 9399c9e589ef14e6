"""Child process for the crash test: types into the real window and reports what it did.

Started as ``crash_driver.py DATA_DIR FIRST_NOTE``. It opens the window the way the
application starts (single-instance lock, damage check), reopens the last session if there is
one and reports the draft it found there as ``R <length>``, then types notes numbered from
FIRST_NOTE. It prints ``T <monotonic> <note> <length>`` after each keystroke and ``C <note>``
once a note shows as committed, so the parent can kill it at any moment and check what
survived.
"""

import os
import sys
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from svcrec_desktop.store.lock import InstanceLock
from svcrec_desktop.ui.app import configure, start

KEYSTROKE_MS = 30


def note_text(number: int) -> str:
    return f"note {number:04d}: the call light was not answered for twenty minutes"


def main(data_dir: str, first_note: int) -> None:
    app = QApplication(sys.argv[:1])
    configure(app)
    window = start(Path(data_dir), InstanceLock(Path(data_dir)))
    assert window is not None, "the window did not open"
    if window.session is None:
        window.create_session("Crash Test Unit", "", "", date.today(), prepare_first=False)
    capture = window.meeting_page.ui.captureEdit
    print(f"R {len(capture.toPlainText())}")
    QTest.keyClick(capture, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(capture, Qt.Key.Key_Delete)
    state = {"note": first_note, "typed": 0}

    def keystroke() -> None:
        text = note_text(state["note"])
        if state["typed"] < len(text):
            QTest.keyClicks(capture, text[state["typed"]])
            state["typed"] += 1
            print(f"T {time.monotonic():.4f} {state['note']} {state['typed']}")
        else:
            QTest.keyClick(capture, Qt.Key.Key_Return)
            assert capture.toPlainText() == ""
            print(f"C {state['note']}")
            state["note"] += 1
            state["typed"] = 0
        sys.stdout.flush()

    timer = QTimer(interval=KEYSTROKE_MS)
    timer.timeout.connect(keystroke)
    timer.start()
    print("READY", flush=True)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

"""Child process for the window-fits test: the real start-up on one screen of a given size.

Started as ``window_fits_driver.py DATA_DIR [PLACE]`` with QT_QPA_PLATFORM set to an offscreen
configuration of one screen (and QT_SCALE_FACTOR for 125 % or 150 %). PLACE, if given, is
kept in the store first as where the window was left. It opens the window as the application
starts (with a session in meeting 1, the fullest page), shows each page in turn and prints
one JSON line: the screen's free area, the window's frame, whether it is maximised, the
largest minimum size any page asks for, where the store remembers it after closing, and,
after F5 in the note box and Ctrl+F5 twice, where the window for the room is, where the note
box is, whether the room's window is kept in front and who has the keyboard.
"""

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from svcrec_desktop import paths
from svcrec_desktop.domain.model import Phase
from svcrec_desktop.domain.playbook import load_playbook
from svcrec_desktop.store.database import Store
from svcrec_desktop.store.lock import InstanceLock
from svcrec_desktop.ui.app import configure, start
from svcrec_desktop.ui.main_window import PLACE_KEY

SETTLE_ROUNDS = 50  # rounds of events for the offscreen window to be placed and laid out


def settle() -> None:
    for _ in range(SETTLE_ROUNDS):
        QApplication.processEvents()


def rect(where: QRect) -> list[int]:
    return [where.x(), where.y(), where.width(), where.height()]


def main(data_dir: str, place: str | None) -> None:
    app = QApplication(sys.argv[:1])
    configure(app)
    folder = Path(data_dir)
    store = Store.open(folder)
    playbook = load_playbook(paths.builtin_playbook_file())
    store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id, phase=Phase.MEETING1)
    if place is not None:
        store.state.set(PLACE_KEY, place)
    store.close()
    lock = InstanceLock(folder)
    window = start(folder, lock)
    assert window is not None, "the window did not open"
    settle()
    shown = {"available": rect(window.screen().availableGeometry()),
             "frame": rect(window.frameGeometry()), "maximised": window.isMaximized(),
             "page": window.ui.pages.currentWidget().objectName()}
    minimum = QSize(0, 0)
    for page in (window.home_page, window.new_session_page, *window.session_pages):
        window.ui.pages.setCurrentWidget(page)
        settle()
        minimum = minimum.expandedTo(window.minimumSizeHint().expandedTo(window.minimumSize()))
    shown["minimum"] = [minimum.width(), minimum.height()]
    window.ui.pages.setCurrentWidget(window.meeting_page)
    window.activateWindow()
    settle()
    box = window.meeting_page.ui.captureEdit
    shown["note box"] = rect(QRect(box.mapToGlobal(QPoint(0, 0)), box.size()))
    QTest.keyClick(box, Qt.Key.Key_F5)
    settle()
    shown["room"] = rect(window.presenter.frameGeometry())
    shown["in front"] = [window.presenter.in_front]
    for _ in range(2):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5,
                       Qt.KeyboardModifier.ControlModifier)
        settle()
        shown["in front"].append(window.presenter.in_front)
    shown["room after"] = rect(window.presenter.frameGeometry())
    shown["focus"] = QApplication.focusWidget().objectName()
    shown["main active"] = window.isActiveWindow()
    window.close()
    shown["remembered"] = window.store.state.get(PLACE_KEY)
    window.store.close()
    lock.release()
    print(json.dumps(shown), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)

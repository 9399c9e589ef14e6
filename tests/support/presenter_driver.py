"""Child process for the meeting-room screens test: the real window on several screens.

Started as ``presenter_driver.py DATA_DIR`` with QT_QPA_PLATFORM set to an offscreen
configuration of screens (the main window on the first). It presses F5, chooses the third
screen in the window for the room, presses F5 twice, chooses the main window's own screen,
the second screen and the own one again, and after each prints one JSON line: where the
window for the room is, which screens it offers, who has the keyboard and the screen the
store remembers.
"""

import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from svcrec_desktop import paths
from svcrec_desktop.domain.model import Phase
from svcrec_desktop.domain.playbook import load_playbook
from svcrec_desktop.store.database import Store
from svcrec_desktop.ui.app import configure
from svcrec_desktop.ui.main_window import MainWindow
from svcrec_desktop.ui.meeting.presenter import SCREEN_KEY

SETTLE_ROUNDS = 50  # rounds of events for the offscreen windows to move and activate


def settle() -> None:
    for _ in range(SETTLE_ROUNDS):
        QApplication.processEvents()


def report(window: MainWindow) -> None:
    presenter = window.presenter
    where = presenter.geometry()
    combo = presenter.ui.screenCombo
    print(json.dumps({
        "full": presenter.isFullScreen(), "screen": presenter.screen().name(),
        "rect": [where.x(), where.y(), where.width(), where.height()],
        "screens": [combo.itemText(i) for i in range(combo.count())],
        "focus": QApplication.focusWidget().objectName(), "main active": window.isActiveWindow(),
        "remembered": window.store.state.get(SCREEN_KEY),
    }), flush=True)


def choose_screen(window: MainWindow, steps: int, key: Qt.Key) -> None:
    """Click into the window for the room, Alt+O to its screen list, arrow to a screen."""
    presenter = window.presenter
    presenter.activateWindow()
    settle()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    for _ in range(steps):
        QTest.keyClick(presenter.ui.screenCombo, key)
    settle()


def main(data_dir: str) -> None:
    app = QApplication(sys.argv[:1])
    configure(app)
    store = Store.open(Path(data_dir))
    playbook = load_playbook(paths.builtin_playbook_file())
    store.sessions.create("Cardiology", first_step=playbook.meeting1[0].id, phase=Phase.MEETING1)
    window = MainWindow(store, playbook)
    window.move(20, 20)
    window.show()
    window.activateWindow()
    settle()
    capture = window.meeting_page.ui.captureEdit
    QTest.keyClick(capture, Qt.Key.Key_F5)
    settle()
    report(window)
    choose_screen(window, 1, Qt.Key.Key_Down)  # the TV
    report(window)
    for _ in range(2):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5)
        settle()
    report(window)
    choose_screen(window, 2, Qt.Key.Key_Up)  # the laptop itself
    report(window)
    choose_screen(window, 1, Qt.Key.Key_Down)  # the projector, then the laptop again
    report(window)
    choose_screen(window, 1, Qt.Key.Key_Up)
    report(window)
    window.close()
    store.close()


if __name__ == "__main__":
    main(sys.argv[1])

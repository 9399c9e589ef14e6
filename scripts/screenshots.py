"""Take the user guide's screenshots from the real application: docs/images/*.png.

Fills a throw-away data folder with a sample session and guide, opens the real main window
(offscreen, as large as on a 1280x720 meeting-room laptop: the screen less a title bar) and
grabs each view the user guide shows. Run by `make screenshots`.
Usage: python scripts/screenshots.py [OUT_DIR]
"""

import os
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
from sample_guide import fill_guide
from sample_session import main as sample_session

from svcrec_desktop.domain.model import Phase
from svcrec_desktop.domain.playbook import load_active_playbook
from svcrec_desktop.store.database import Store
from svcrec_desktop.ui.app import configure
from svcrec_desktop.ui.guide.export_dialog import ExportDialog
from svcrec_desktop.ui.home.page import PREPARATION
from svcrec_desktop.ui.main_window import MainWindow
from svcrec_desktop.ui.shortcuts_dialog import ShortcutsDialog

ROOT = Path(__file__).resolve().parent.parent
TITLE_BAR = 30
SIZE = (1280, 720 - TITLE_BAR)  # the window maximised on a 1280x720 screen
PALETTE = 256  # colours kept in a picture: a window has a few hundred, and these look the same


def save_small(image: QImage, path: Path) -> bool:
    """Save a window's picture as a PNG of its most used colours: it looks the same, and the
    pictures take a third of the room in the repository and in what people install (the
    window shows the user guide, pictures included)."""
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    used = Counter(memoryview(image.constBits()).cast("I"))
    colours = [colour | 0xFF000000 for colour, _ in used.most_common(PALETTE)]
    flags = Qt.ImageConversionFlag.AvoidDither | Qt.ImageConversionFlag.ThresholdDither
    small = image.convertToFormat(QImage.Format.Format_Indexed8, colours, flags)
    return small.save(str(path), "PNG", 0)  # 0: the smallest file


def settle(app: QApplication) -> None:
    for _ in range(40):
        app.processEvents()


def shots(window: MainWindow) -> list[tuple[str, Callable[[], QWidget]]]:
    """(file name, a step that shows the view and returns what to grab), in guide order."""
    store = window.store
    session_id = window.session.id
    meeting = window.meeting_page

    def home() -> QWidget:
        window.show_home()
        return window

    def preparation() -> QWidget:
        window.open_session_by_id(session_id, PREPARATION)
        return window

    def agenda() -> QWidget:
        window.open_session_by_id(session_id, PREPARATION)
        tabs = window.preparation_page.ui.sectionTabs
        tabs.setCurrentIndex(tabs.count() - 1)
        return window

    def meeting_1() -> QWidget:
        window.start_meeting()
        meeting.go_to_step(next(i for i, s in enumerate(meeting.steps) if s.id == "q2"))
        meeting.ui.captureEdit.setPlainText("Pharmacy delays hold up discharge")
        return window

    def guide() -> QWidget:
        window.go_to_phase_page(window.guide_page, Phase.BETWEEN)
        window.guide_page.ui.sectionList.setCurrentRow(0)
        window.guide_page.ui.notesFilter.setCurrentIndex(2)
        return window

    def meeting_2() -> QWidget:
        window.start_meeting2()
        meeting.go_to_step(next(i for i, s in enumerate(meeting.steps) if s.feedback))
        combo = meeting.ui.feedbackSectionCombo
        combo.setCurrentIndex(combo.findData("offers"))
        meeting.ui.captureEdit.setPlainText("Parking passes for families staying overnight")
        return window

    def presenter() -> QWidget:
        window.start_meeting()
        meeting.go_to_step(next(i for i, s in enumerate(meeting.steps) if s.id == "q4"))
        window.presenter.set_presenting(True)
        window.presenter.resize(1280, 720)
        return window.presenter

    def shortcuts() -> QWidget:
        dialog = ShortcutsDialog(window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.resize(900, 700)
        dialog.show()
        return dialog

    def export_dialog() -> QWidget:
        dialog = ExportDialog(store.versions.of_session(session_id), window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    return [("home.png", home), ("preparation.png", preparation), ("agenda.png", agenda),
            ("meeting1.png", meeting_1), ("presenter.png", presenter), ("guide.png", guide),
            ("meeting2.png", meeting_2), ("export-dialog.png", export_dialog),
            ("shortcuts.png", shortcuts)]


def add_room_details(store: Store, session_id: int) -> None:
    """A tagged note with an action, and a parked point (fill_guide gives the themes)."""
    note = store.notes.add(session_id, "q2", "Nobody owns the discharge update: the nurse "
                          "thinks the doctor calls, the doctor thinks the nurse does.",
                          tags=("theme", "action"))
    store.actions.add(session_id, note.uid, "Agree who gives the discharge update",
                     owner="Charge nurse", due=date.today() + timedelta(days=14))
    store.notes.add(session_id, "q2", "Parking costs for families staying overnight",
                   parked=True)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    configure(app)
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        sample_session(data, "close")
        store = Store.open(data)
        session_id = store.sessions.all()[0].id
        fill_guide(store, session_id)
        add_room_details(store, session_id)
        # The sample ends done; show it editable.
        store.sessions.set_phase(session_id, Phase.BETWEEN)
        playbook, _warning = load_active_playbook(data)
        window = MainWindow(store, playbook)
        window.resize(*SIZE)
        window.show()
        settle(app)
        for name, show in shots(window):
            widget = show()
            settle(app)
            if not save_small(widget.grab().toImage(), out / name):
                sys.exit(f"could not save {out / name}")
            print(out / name)
            if widget is window.presenter:
                window.presenter.set_presenting(False)
            elif widget is not window:
                widget.close()
        window.close()
        store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "images")

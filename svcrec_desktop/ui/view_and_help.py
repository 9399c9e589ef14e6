"""The main window's View and Help menus: text size and high contrast as they were left, the
user guide, the sheet of keys, and About.

Kept apart from the window, which only says where the person types (focus_typing), for
what is typed while the key sheet is open.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from html import escape

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from svcrec_desktop import DISPLAY_NAME, __version__
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.ui.appearance import current_appearance
from svcrec_desktop.ui.banner import BRIEF_SHOWN_MS
from svcrec_desktop.ui.shortcuts import SHEET, ZOOM_IN, ZOOM_OUT, ZOOM_RESET, bind
from svcrec_desktop.ui.zoom import Zoom

HIGH_CONTRAST_KEY = "high_contrast"  # the store's state key of the high-contrast choice


class ViewAndHelp(QObject):
    """Wires the window's View and Help menu items, from the window's form (ui)."""

    def __init__(self, window: QMainWindow, ui, store: Store, zoom: Zoom, source: str,
                 focus_typing: Callable[[], object], settings_in_force: str = "") -> None:
        super().__init__(window)
        self._window = window
        self._store = store
        self._source = source  # the method's source, named in About
        self._settings_in_force = settings_in_force  # which organisation settings, in About
        self._focus_typing = focus_typing
        for action, keys, slot in ((ui.zoomInAction, ZOOM_IN, zoom.zoom_in),
                                   (ui.zoomOutAction, ZOOM_OUT, zoom.zoom_out),
                                   (ui.zoomResetAction, ZOOM_RESET, zoom.reset)):
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.triggered.connect(slot)
        zoom.changed.connect(lambda percent: window.statusBar().showMessage(
            f"Text size {percent}%", BRIEF_SHOWN_MS))
        try:
            contrast = store.state.get(HIGH_CONTRAST_KEY) == "1"
        except StorageError:
            contrast = False
        ui.highContrastAction.setChecked(contrast)
        current_appearance().set_high_contrast(contrast)
        ui.highContrastAction.toggled.connect(self.set_high_contrast)
        ui.shortcutsAction.triggered.connect(self.show_shortcuts)
        bind(SHEET, window, self.show_shortcuts, Qt.ShortcutContext.WindowShortcut)
        ui.userGuideAction.triggered.connect(self.show_user_guide)
        ui.aboutAction.triggered.connect(self.show_about)

    def set_high_contrast(self, on: bool) -> None:
        """Black, white and yellow for every window, kept for the next start."""
        current_appearance().set_high_contrast(on)
        with suppress(StorageError):  # a convenience: the person can tick it again
            self._store.state.set(HIGH_CONTRAST_KEY, "1" if on else "0")

    def show_user_guide(self) -> None:
        """One guide window, brought to the front if it is already open."""
        from svcrec_desktop.ui.user_guide import UserGuideDialog

        guide = self._window.findChild(UserGuideDialog)
        if guide is None:
            guide = UserGuideDialog(self._window)
        guide.show()
        guide.raise_()
        guide.activateWindow()

    def show_shortcuts(self) -> None:
        from svcrec_desktop.ui.shortcuts_dialog import ShortcutsDialog

        sheet = ShortcutsDialog(self._window)
        sheet.typed.connect(self._typed_over_sheet)
        sheet.open()

    def _typed_over_sheet(self, key: QKeyEvent) -> None:
        """What was typed while the key sheet was open goes where the person types: the note
        box on the meeting page, otherwise the text box they were in (if they were in one)."""
        self._window.activateWindow()
        self._focus_typing()
        target = self._window.focusWidget()
        if target is not None and target.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled):
            QApplication.sendEvent(target, key)

    def show_about(self) -> None:
        QMessageBox.about(
            self._window, f"About {DISPLAY_NAME}",
            f"<h3>{DISPLAY_NAME} {__version__}</h3>"
            "<p>Helps a unit leader run a service-recovery co-design session with the team, "
            "keeps every note the note-taker types, and turns the session into the "
            "department's guide to service recovery as a Word document.</p>"
            "<p>Everything stays on this computer: the application never uses the network.</p>"
            f"<p>{escape(self._settings_in_force)}</p>"
            f"<p><i>{escape(self._source)}</i></p>",
        )

"""Bigger or smaller text for one window, remembered in the store across restarts.

Away from the normal size the window gets the application's style sheet with every point size
scaled, so text, list rows and buttons grow together while pictures and margins keep their
pixels; at the normal size it simply has the application's.
"""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.ui.appearance import current_appearance

STEPS = (80, 90, 100, 110, 125, 150, 175, 200, 225, 250)  # percent of the normal size
NORMAL = 100


class Zoom(QObject):
    """The text size of one window, in STEPS, kept in the store's state under key."""

    changed = Signal(int)  # the new size in percent

    def __init__(self, window: QWidget, store: Store, key: str) -> None:
        super().__init__(window)
        self._window = window
        self._store = store
        self._key = key
        self.percent = self._remembered()
        current_appearance().changed.connect(self._apply)
        self._apply()

    def _remembered(self) -> int:
        try:
            value = self._store.state.get(self._key)
        except StorageError:  # the size is a convenience: the window opens at the normal size
            return NORMAL
        return int(value) if value and value.isdigit() and int(value) in STEPS else NORMAL

    def zoom_in(self) -> None:
        self.set_percent(next((step for step in STEPS if step > self.percent), STEPS[-1]))

    def zoom_out(self) -> None:
        self.set_percent(next((s for s in reversed(STEPS) if s < self.percent), STEPS[0]))

    def reset(self) -> None:
        self.set_percent(NORMAL)

    def set_percent(self, percent: int) -> None:
        if percent == self.percent:
            return
        self.percent = percent
        self._apply()
        with suppress(StorageError):
            self._store.state.set(self._key, str(percent))
        self.changed.emit(percent)

    def _apply(self) -> None:
        """At the normal size the application's own style sheet is the window's: a copy of it
        on the window would be read again and applied on top, to every widget, for nothing."""
        scale = self.percent / NORMAL
        self._window.setStyleSheet(
            "" if self.percent == NORMAL else current_appearance().style_sheet(scale))

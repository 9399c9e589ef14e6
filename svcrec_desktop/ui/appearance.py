"""The look of every window: the colour scheme and the style sheet at a text size.

The scheme follows the system's light or dark setting unless high contrast is on. The style
sheet is put together in one function, so the colours and the zoom can never disagree.
"""

from __future__ import annotations

import re
import tomllib

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from svcrec_desktop import paths

LIGHT, DARK, CONTRAST = "light", "dark", "contrast"
_COLOUR_NAME = re.compile(r"\$([a-z_]+)")
_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def _schemes() -> dict:
    return tomllib.loads(paths.resource_file("schemes.toml").read_text(encoding="utf-8"))


def style_sheet(scheme: str = LIGHT, scale: float = 1.0) -> str:
    """style.qss (and high_contrast.qss for that scheme) in the scheme's colours, with every
    point size multiplied by scale."""
    colours = _schemes()[scheme]["style"]
    text = paths.resource_file("style.qss").read_text(encoding="utf-8")
    if scheme == CONTRAST:
        text += "\n" + paths.resource_file("high_contrast.qss").read_text(encoding="utf-8")

    def colour(match: re.Match[str]) -> str:
        try:
            return colours[match.group(1)]
        except KeyError:
            raise KeyError(f"schemes.toml [{scheme}.style] has no colour "
                           f"{match.group(1)!r}, which the style sheet uses") from None

    text = _COLOUR_NAME.sub(colour, _COMMENT.sub("", text))
    return _POINTS.sub(lambda match: f"{float(match.group(1)) * scale:.3g}pt", text)


def palette(scheme: str) -> QPalette:
    """Qt's colours for a scheme; an empty palette (the system's own) for light."""
    colours = _schemes()[scheme]
    roles = colours.get("palette")
    if not roles:
        return QPalette()
    result = QPalette(QColor(roles["Button"]), QColor(roles["Window"]))
    for name, value in roles.items():
        result.setColor(getattr(QPalette.ColorRole, name), QColor(value))
    for name, value in colours.get("disabled", {}).items():
        result.setColor(QPalette.ColorGroup.Disabled, getattr(QPalette.ColorRole, name),
                        QColor(value))
    return result


class Appearance(QObject):
    """The application's one colour scheme: the system's light or dark, or high contrast.

    Windows with their own text size (see zoom.Zoom) re-apply their style sheet on changed.
    """

    changed = Signal()

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._system_dark = app.styleHints().colorScheme() == Qt.ColorScheme.Dark
        self.high_contrast = False
        app.styleHints().colorSchemeChanged.connect(self.follow_system)
        self._apply()

    @property
    def scheme(self) -> str:
        if self.high_contrast:
            return CONTRAST
        return DARK if self._system_dark else LIGHT

    def follow_system(self, scheme: Qt.ColorScheme) -> None:
        """The system switched between light and dark."""
        dark = scheme == Qt.ColorScheme.Dark
        if dark != self._system_dark:
            self._system_dark = dark
            self._apply()

    def set_high_contrast(self, on: bool) -> None:
        if on != self.high_contrast:
            self.high_contrast = on
            self._apply()

    def style_sheet(self, scale: float = 1.0) -> str:
        return style_sheet(self.scheme, scale)

    def _apply(self) -> None:
        self._app.setPalette(palette(self.scheme))
        self._app.setStyleSheet(self.style_sheet())
        self.changed.emit()


def current_appearance() -> Appearance:
    """The running application's Appearance, made on first use."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app.findChild(Appearance) or Appearance(app)

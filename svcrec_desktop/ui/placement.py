"""Where a window opens, decided from rectangles alone so it can be tested without a screen.

Meeting rooms have small laptops (1280 x 720 and 1366 x 768) and big panels shown at 125 % or
150 %: the main window must open inside the screen's free area (the taskbar left out),
including when it was last closed on a bigger monitor. With one screen the window for the room
must leave the note box in sight. All rectangles are a window's frame, in logical pixels;
show_where_left and kept_place apply them to the main window and keep them.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QStyle, QWidget

PREFERRED = QSize(1280, 760)  # the main window's size on a big enough screen
SMALL_SCREEN = 1366  # up to this many pixels wide every pixel counts: the window is maximised
# A title bar and borders as most desktops draw them, for a window not yet shown: the frame
# must fit the area, and the system only tells its real size once the window is on screen.
LIKELY_FRAME = QMargins(8, 32, 8, 8)
GAP = 12  # pixels kept free between the window for the room and the note box


def placement(available: QRect, saved: QRect | None) -> tuple[QRect, bool]:
    """The main window's frame and whether it opens maximised.

    Where it was left if that still lies inside the available area; otherwise centred, at
    the size it had (or PREFERRED the first time) cut down to the area. A screen up to
    SMALL_SCREEN wide opens it maximised; the frame is then where it goes when restored.
    """
    if saved is not None and saved.isValid() and available.contains(saved):
        frame = QRect(saved)
    else:
        size = saved.size() if saved is not None and saved.isValid() else PREFERRED
        frame = centred(size.boundedTo(available.size()), available)
    return frame, available.width() <= SMALL_SCREEN


def centred(size: QSize, area: QRect) -> QRect:
    return QStyle.alignedRect(Qt.LayoutDirection.LeftToRight, Qt.AlignmentFlag.AlignCenter,
                              size, area)


def beside(area: QRect, keep: QRect, gap: int = GAP) -> QRect:
    """The largest part of area left of, right of, above or below keep, with a gap: a window
    there, however large, leaves keep in sight."""
    kept = keep.adjusted(-gap, -gap, gap, gap)
    if not area.intersects(kept):
        return QRect(area)
    parts = (QRect(area.topLeft(), QPoint(kept.left() - 1, area.bottom())),
             QRect(QPoint(kept.right() + 1, area.top()), area.bottomRight()),
             QRect(area.topLeft(), QPoint(area.right(), kept.top() - 1)),
             QRect(QPoint(area.left(), kept.bottom() + 1), area.bottomRight()))
    return max((part.intersected(area) for part in parts), key=_pixels)


def _pixels(rect: QRect) -> int:
    return 0 if rect.isEmpty() else rect.width() * rect.height()


def frame_margins(window: QWidget) -> QMargins:
    """The window's title bar and borders: as the system drew them once it was shown, else
    LIKELY_FRAME."""
    handle = window.windowHandle()
    if handle is not None and window.isVisible() and not handle.frameMargins().isNull():
        return handle.frameMargins()
    return LIKELY_FRAME


def place_text(frame: QRect, margins: QMargins) -> str:
    """A frame and its margins as the store keeps them: "x,y,width,height,l,t,r,b"."""
    return ",".join(str(number) for number in (
        frame.x(), frame.y(), frame.width(), frame.height(),
        margins.left(), margins.top(), margins.right(), margins.bottom()))


def read_place(text: str | None) -> tuple[QRect, QMargins] | None:
    """The frame and margins kept by place_text; None for nothing or anything damaged."""
    try:
        x, y, width, height, left, top, right, bottom = (int(part) for part in
                                                         (text or "").split(","))
    except ValueError:
        return None
    frame = QRect(x, y, width, height)
    return (frame, QMargins(left, top, right, bottom)) if frame.isValid() else None


def show_where_left(window: QWidget, kept: str | None) -> None:
    """Open where it was left (kept, from kept_place) if that still fits the free area of that
    screen (or the main screen), otherwise centred and cut to fit; maximised on a laptop's
    screen."""
    left = read_place(kept)
    saved, margins = left if left else (None, frame_margins(window))
    screen = ((QGuiApplication.screenAt(saved.center()) if saved else None)
              or QGuiApplication.primaryScreen())
    frame, maximised = placement(screen.availableGeometry(), saved)
    if frame != saved:  # placed anew: its frame may not be the one it had there
        margins = frame_margins(window)
    window.setGeometry(frame.marginsRemoved(margins))
    if maximised:
        window.showMaximized()
    else:
        window.show()


def kept_place(window: QWidget) -> str:
    """Where the window is (where it goes when restored, if maximised), as the store keeps it."""
    margins = frame_margins(window)
    return place_text(window.normalGeometry().marginsAdded(margins), margins)

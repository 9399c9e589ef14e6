"""The message strip of a page: it lies over the top of the page, so nothing on the page moves
when it comes or goes. Red until the problem is gone or closed, green for a few seconds (longer
while the pointer rests on it), and read out by screen readers as it appears."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

INFO_SHOWN_MS = 8_000  # how long a confirmation such as "the guide was saved" stays up
BRIEF_SHOWN_MS = 4_000  # how long the status bar keeps a passing remark ("Backup taken")
NOTICE_SHOWN_MS = 15_000  # how long the status bar keeps a problem or an import's summary
MARGIN = 8  # pixels between the strip and the edges of the page it lies over
_POLITENESS = {"error": QAccessible.AnnouncementPoliteness.Assertive,
               "info": QAccessible.AnnouncementPoliteness.Polite}


def announce(source: QObject, message: str, kind: str = "info") -> None:
    """Have a screen reader say the message: at once for an "error", when it is free to for
    "info". A change seen only as a colour or a new line is otherwise never heard."""
    announcement = QAccessibleAnnouncementEvent(source, message)
    announcement.setPoliteness(_POLITENESS[kind])
    QAccessible.updateAccessibility(announcement)


class Banner(QFrame):
    """A strip holding the message label and a close button, laid over its page's top."""

    def __init__(self, page: QWidget, label: QLabel, shown_ms: int) -> None:
        super().__init__(page, objectName="banner")
        self.label = label
        close = QToolButton(self, objectName="bannerCloseButton", text="✕",
                            toolTip="Close this message", autoRaise=True)
        close.setAccessibleName("Close this message")
        close.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 4, 0)
        row.addWidget(label, 1)  # takes the label out of the page's own layout
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.timer = QTimer(self, singleShot=True, interval=shown_ms)
        self.timer.timeout.connect(lambda: self.hide_kind("info"))
        page.installEventFilter(self)
        self.hide()

    def say(self, message: str, kind: str) -> None:
        """Show the message, announce it, and let a confirmation go by itself."""
        for widget in (self, self.label):
            widget.setProperty("kind", kind)
            widget.style().polish(widget)
        self.label.setText(message)
        self.label.show()
        self.show()
        self.raise_()
        self.place()
        announce(self.label, message, kind)
        if kind == "info":
            self.timer.start()
        else:
            self.timer.stop()

    def hide_kind(self, kind: str | None) -> None:
        if kind is None or self.label.property("kind") == kind:
            self.hide()

    def place(self) -> None:
        """Across the top of the page, as tall as the message needs at that width."""
        page = self.parentWidget()
        width = max(page.width() - 2 * MARGIN, 0)
        height = self.heightForWidth(width)
        self.setGeometry(MARGIN, MARGIN, width, height if height > 0 else self.sizeHint().height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.place()
        return False

    def event(self, event: QEvent) -> bool:
        """A new text size re-measures the strip; while the pointer rests on a confirmation,
        it is being read and stays."""
        kind = event.type()
        if kind in (QEvent.Type.LayoutRequest, QEvent.Type.FontChange) and self.isVisible():
            self.place()
        elif kind == QEvent.Type.Enter:
            self.timer.stop()
        elif kind == QEvent.Type.Leave and self.label.property("kind") == "info":
            self.timer.start()
        return super().event(event)


class BannerMixin:
    """show_error / show_info / hide_banner for a page whose form has a ``bannerLabel``.

    Call ``_set_up_banner()`` once the form is loaded: it moves the label out of the page's
    layout into a Banner over the page.
    """

    def _set_up_banner(self, shown_ms: int = INFO_SHOWN_MS) -> None:
        self._banner = Banner(self, self.ui.bannerLabel, shown_ms)
        self._banner_timer = self._banner.timer

    def show_error(self, message: str) -> None:
        """Stays until the problem is gone (hide_banner("error")), it is closed, or another
        message comes."""
        self._banner.say(message, "error")

    def show_info(self, message: str) -> None:
        """A confirmation that goes away by itself."""
        self._banner.say(message, "info")

    def hide_banner(self, kind: str | None = None) -> None:
        """Take the message down, or only a message of this kind ("error" once the problem is
        gone, "info" once a confirmation has been read)."""
        self._banner.hide_kind(kind)

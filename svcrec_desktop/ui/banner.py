"""The message strip at the top of a page: red until the problem is gone, green for a while."""

from __future__ import annotations

from PySide6.QtCore import QTimer

INFO_SHOWN_MS = 20_000  # how long a confirmation such as "the guide was saved" stays up


class BannerMixin:
    """show_error / show_info / hide_banner for a page whose form has a ``bannerLabel``.

    Call ``_set_up_banner()`` once the form is loaded.
    """

    def _set_up_banner(self, shown_ms: int = INFO_SHOWN_MS) -> None:
        self._banner_timer = QTimer(self, singleShot=True, interval=shown_ms)
        self._banner_timer.timeout.connect(lambda: self.hide_banner("info"))
        self.hide_banner()

    def show_error(self, message: str) -> None:
        """Stays until the problem is gone (hide_banner("error")) or another message comes."""
        self._show_banner(message, "error")

    def show_info(self, message: str) -> None:
        """A confirmation that goes away by itself."""
        self._show_banner(message, "info")

    def _show_banner(self, message: str, kind: str) -> None:
        banner = self.ui.bannerLabel
        banner.setText(message)
        banner.setProperty("kind", kind)
        banner.style().polish(banner)
        banner.show()
        if kind == "info":
            self._banner_timer.start()
        else:
            self._banner_timer.stop()

    def hide_banner(self, kind: str | None = None) -> None:
        """Take the message down, or only a message of this kind ("error" once the problem is
        gone, "info" once a confirmation has been read)."""
        if kind is None or self.ui.bannerLabel.property("kind") == kind:
            self.ui.bannerLabel.hide()

"""Help → User guide: the guide shipped with the application, read in a window of its own,
offline, with its pictures. Its links open nothing, so it never reaches for the network."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QTextCursor, QTextDocument, QTextImageFormat
from PySide6.QtWidgets import QDialog, QWidget

from svcrec_desktop import paths
from svcrec_desktop.ui.forms import load_form

PICTURE_MARGIN = 24  # pixels kept free beside a picture shrunk to the window's width


def guide_text() -> str:
    """The guide in Markdown, or a short page saying where it should have been."""
    guide = paths.user_guide()
    try:
        return guide.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or "it could not be read"
        return (f"# User guide\n\nThe user guide is missing from this installation ({reason}). "
                f"It belongs in {guide}.")


class UserGuideDialog(QDialog):
    """The user guide beside the main window (not modal: people read it while they work)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "user_guide")
        view = self.ui.guideView
        view.setSearchPaths([str(paths.user_guide().parent)])  # images/… resolve here
        view.setMarkdown(guide_text())
        view.document().setUndoRedoEnabled(False)  # fitting the pictures is not an edit
        view.viewport().installEventFilter(self)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit_pictures()
        return False

    def fit_pictures(self) -> None:
        """Shrink each picture wider than the page to its width; smaller ones keep their size."""
        document: QTextDocument = self.ui.guideView.document()
        room = self.ui.guideView.viewport().width() - 2 * int(document.documentMargin())
        room = max(room - PICTURE_MARGIN, 100)
        for start, end, shape in pictures(document):
            picture = document.resource(QTextDocument.ResourceType.ImageResource,
                                        QUrl(shape.name()))
            if picture is None or not picture.width():
                continue  # missing: Qt draws its own placeholder
            shape.setWidth(min(picture.width(), room))
            cursor = QTextCursor(document)
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(shape)


def pictures(document: QTextDocument) -> list[tuple[int, int, QTextImageFormat]]:
    """Where each picture of the document is, and its format (found first, then changed:
    changing a format while walking the fragments would split them under the walk)."""
    found = []
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().isImageFormat():
                found.append((fragment.position(), fragment.position() + fragment.length(),
                              fragment.charFormat().toImageFormat()))
            fragments += 1
        block = block.next()
    return found

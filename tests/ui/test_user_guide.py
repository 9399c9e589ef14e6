"""Help → User guide: the guide shipped with the application, offline, with its pictures."""

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from svcrec_desktop import paths
from svcrec_desktop.ui.user_guide import UserGuideDialog, pictures


def open_guide(window, qtbot) -> UserGuideDialog:
    window.ui.userGuideAction.trigger()
    guide = window.findChild(UserGuideDialog)
    qtbot.waitUntil(lambda: guide is not None and guide.isVisible())
    return guide


def test_help_user_guide_shows_the_guide_with_its_pictures(open_window, qtbot):
    window = open_window()
    guide = open_guide(window, qtbot)
    view = guide.ui.guideView
    first_heading = paths.user_guide().read_text(encoding="utf-8").splitlines()[0].lstrip("# ")
    assert view.toPlainText().startswith(first_heading)
    document = view.document()
    shown = pictures(document)
    assert len(shown) >= 5
    for _start, _end, picture in shown:
        loaded = document.resource(QTextDocument.ResourceType.ImageResource,
                                   QUrl(picture.name()))
        assert loaded is not None and not loaded.isNull(), picture.name()
        assert 0 < picture.width() <= view.viewport().width()  # shrunk to the window
    assert not view.openLinks() and not view.openExternalLinks()  # nothing goes online
    assert QApplication.activeModalWidget() is None  # read beside the window, not over it


def test_a_second_request_brings_the_same_guide_forward(open_window, qtbot):
    window = open_window()
    first = open_guide(window, qtbot)
    window.activateWindow()
    window.ui.userGuideAction.trigger()
    assert window.findChildren(UserGuideDialog) == [first] and first.isVisible()

"""Calm messages: a page's message strip lies over the page without moving anything, stays
until read or for a few seconds, and is announced to screen readers."""

from gui_helpers import every_page
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAccessible, QEnterEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from svcrec_desktop.ui.banner import MARGIN


def places(window, page) -> dict[str, tuple[int, int, int, int]]:
    """Where each visible widget of the window is drawn, but the message strip's own, once
    the layout has settled (a page that has just opened may still wrap a line or show a
    scroll bar)."""
    shown = drawn(window, page)
    for _ in range(50):
        QTest.qWait(20)
        shown, before = drawn(window, page), shown
        if shown == before:
            break
    return shown


def drawn(window, page) -> dict[str, tuple[int, int, int, int]]:
    QApplication.processEvents()
    banner = page._banner
    return {
        f"{type(widget).__name__} {widget.objectName()!r} #{index}": (
            *widget.mapTo(window, QPoint(0, 0)).toTuple(), widget.width(), widget.height())
        for index, widget in enumerate(window.findChildren(QWidget))
        if widget.isVisible() and widget is not banner and not banner.isAncestorOf(widget)
    }


def test_a_message_lies_over_every_page_and_moves_nothing(filled_window):
    window = filled_window
    checked = []
    for where in every_page(window):
        page = window.ui.pages.currentWidget()
        if not hasattr(page, "show_error"):
            continue  # the new-session form says what is wrong beside the field
        before = places(window, page)
        page.show_error(f"Something went wrong on {where}, and it says so at some length so "
                        "that the message needs a second line on a narrow page.")
        after = places(window, page)
        banner = page._banner
        assert banner.isVisible() and page.ui.bannerLabel.isVisible(), where
        assert banner.geometry().topLeft() == QPoint(MARGIN, MARGIN), where
        assert banner.width() == page.width() - 2 * MARGIN, where
        centre = banner.geometry().center()
        assert banner.isAncestorOf(page.childAt(centre)) or page.childAt(centre) is banner, where
        assert after == before, where
        page.hide_banner()
        assert not banner.isVisible() and places(window, page) == before, where
        checked.append(type(page).__name__)
    assert set(checked) == {"HomePage", "PreparationPage", "MeetingPage", "GuidePage"}


def test_the_strip_follows_the_page_when_the_window_is_resized(filled_window, qtbot):
    window = filled_window
    window.show_home()
    page = window.home_page
    page.show_error("The disk is full.")
    window.resize(1000, 700)
    qtbot.waitUntil(lambda: page._banner.width() == page.width() - 2 * MARGIN)


def test_a_confirmation_goes_by_itself_unless_the_pointer_rests_on_it(open_window, qtbot):
    window = open_window()
    page = window.home_page
    window.show_home()
    page._banner_timer.setInterval(50)
    page.show_info("Renamed.")
    assert page.ui.bannerLabel.isVisible()
    qtbot.waitUntil(lambda: not page.ui.bannerLabel.isVisible())
    page.show_info("Renamed again.")
    banner = page._banner
    inside = QPointF(banner.rect().center())
    QApplication.sendEvent(banner, QEnterEvent(inside, inside, banner.mapToGlobal(inside)))
    qtbot.wait(200)
    assert banner.isVisible()  # being read
    QApplication.sendEvent(banner, QEvent(QEvent.Type.Leave))
    qtbot.waitUntil(lambda: not banner.isVisible())


def test_a_problem_stays_until_it_is_gone_or_closed(open_window, qtbot):
    window = open_window()
    page = window.home_page
    window.show_home()
    page._banner_timer.setInterval(50)
    page.show_error("The data folder is in use by another program.")
    qtbot.wait(200)
    assert page.ui.bannerLabel.isVisible()
    page.hide_banner("info")  # a confirmation going does not take a problem with it
    assert page.ui.bannerLabel.isVisible()
    close = page._banner.findChild(QWidget, "bannerCloseButton")
    assert close.accessibleName() == "Close this message"
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not page.ui.bannerLabel.isVisible()
    page.show_error("Still in use.")
    page.hide_banner("error")  # the problem is gone
    assert not page.ui.bannerLabel.isVisible()


def test_every_message_is_announced_to_screen_readers(open_window, monkeypatch):
    """The announcement goes through Qt's own accessibility call, which is watched here and
    still made."""
    said = []
    update = QAccessible.updateAccessibility

    def watched(event):
        said.append((event.type(), event.object(), event.message(), event.politeness()))
        update(event)

    monkeypatch.setattr(QAccessible, "updateAccessibility", watched)
    window = open_window()
    page = window.home_page
    window.show_home()
    page.show_error("The disk is full.")
    page.show_info("Renamed.")
    label = page.ui.bannerLabel
    polite = QAccessible.AnnouncementPoliteness
    assert [entry for entry in said if entry[0] == QAccessible.Event.Announcement] == [
        (QAccessible.Event.Announcement, label, "The disk is full.", polite.Assertive),
        (QAccessible.Event.Announcement, label, "Renamed.", polite.Polite),
    ]

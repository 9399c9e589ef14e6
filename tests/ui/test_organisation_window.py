"""The organisation's settings in the window: About names the file in force, a broken file is
said once in a strip over the page (and the window works on), a new session starts with the
organisation's help contact, and a value above its limit for one recovery item is pointed out
calmly under the field as it is typed."""

import pytest
from gui_helpers import focused, start_session, when_shown
from guide_keys import go_to, tab_out
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QToolButton

from svcrec_desktop.domain.organisation import Organisation, read_organisation
from svcrec_desktop.store.database import Store
from svcrec_desktop.ui.guide.page import REGISTER

Key = Qt.Key


@pytest.fixture
def window_with(qapp, qtbot, playbook, data_dir):
    """The real window on the test's data folder, with these organisation settings."""
    from svcrec_desktop.ui.app import configure
    from svcrec_desktop.ui.main_window import MainWindow

    configure(qapp)
    opened = []

    def opener(organisation: Organisation) -> MainWindow:
        window = MainWindow(Store.open(data_dir), playbook, organisation=organisation)
        opened.append(window)
        qtbot.addWidget(window)
        window.resize(1280, 760)
        window.show()
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        return window

    yield opener
    for window in opened:
        window.close()
        window.store.close()


def about_text(qtbot, window) -> str:
    """What Help → About says, read from the box as it shows, then closed."""
    said = []

    def read(box):
        said.append(box.text())
        box.accept()

    _poll = when_shown(lambda: next((w for w in QApplication.topLevelWidgets()
                                     if isinstance(w, QMessageBox) and w.isVisible()), None),
                       read)
    window.ui.aboutAction.trigger()
    qtbot.waitUntil(lambda: bool(said))
    return said[0]


def test_about_names_the_file_in_force_or_the_defaults(window_with, qtbot, tmp_path,
                                                       no_message_boxes):
    file = tmp_path / "organisation.toml"
    file.write_text('[organisation]\nname = "St Elsewhere"\n', encoding="utf-8")
    window = window_with(read_organisation(file))
    assert window.settings_banner is None  # nothing to say about a sound file
    assert f"Organisation settings from {file} (St Elsewhere)." in about_text(qtbot, window)
    window.close()
    defaults = window_with(Organisation())
    assert "built-in defaults are used" in about_text(qtbot, defaults)


def test_a_broken_file_is_said_once_over_the_page_and_the_window_works_on(
        window_with, qtbot, tmp_path, no_message_boxes):
    file = tmp_path / "organisation.toml"
    file.write_text("[organisation]\nname = 'St Elsewhere\n", encoding="utf-8")
    window = window_with(read_organisation(file))
    banner = window.settings_banner
    assert banner is not None and banner.isVisible()
    assert str(file) in banner.label.text() and "line 2" in banner.label.text()
    assert banner.label.property("kind") == "error"  # stays until it is closed
    start_session(qtbot, window)  # every page still works, the strip over each page shown
    assert banner.isVisible() and window.ui.pages.currentWidget() is window.meeting_page
    banner.findChild(QToolButton, "bannerCloseButton").click()
    assert not banner.isVisible()


def test_a_new_session_starts_with_the_organisations_help_contact(window_with, qtbot,
                                                                  no_message_boxes):
    window = window_with(Organisation(help_contact="Patient Experience, ext. 4400"))
    start_session(qtbot, window, meeting=False)
    assert window.store.sessions.get(window.session.id).help_contact == \
        "Patient Experience, ext. 4400"


def test_a_value_above_the_limit_is_pointed_out_as_it_is_typed(window_with, qtbot, tmp_path,
                                                               monkeypatch, no_message_boxes):
    window = window_with(Organisation(item_limit_cents=2500))
    start_session(qtbot, window, meeting=False)
    qtbot.keyClick(focused(), Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    page = window.guide_page
    go_to(qtbot, page, "offers")
    qtbot.keyClick(focused(), Key.Key_Insert)
    qtbot.keyClicks(focused(), "Taxi home")
    tab_out(qtbot)
    tab_out(qtbot)  # who may offer it: left empty
    remark = page.form.remarks["limit"]
    assert focused() is page.form.widgets["limit"] and not remark.isVisible()
    qtbot.keyClicks(focused(), "£40")
    assert remark.isVisible() and "more than 25.00" in remark.text()
    assert focused() is page.form.widgets["limit"]  # a word, not a stop
    for _ in range(3):
        qtbot.keyClick(focused(), Key.Key_Backspace)
    qtbot.keyClicks(focused(), "£20")
    assert not remark.isVisible()
    assert page.flush()
    go_to(qtbot, page, REGISTER)
    qtbot.keyClick(focused(), Key.Key_Insert)
    qtbot.keyClicks(focused(), "Flowers")
    tab_out(qtbot)
    tab_out(qtbot)  # the date stays today
    qtbot.keyClicks(focused(), "30")
    assert page.form.remarks["value"].isVisible()
    assert page.flush()  # kept as typed
    assert window.store.register.items(window.session.id)[0].value_cents == 3000
    go_to(qtbot, page, "offers")  # an item chosen again shows its remark again
    assert not page.form.remarks["limit"].isVisible()  # £20
    go_to(qtbot, page, REGISTER)
    assert page.form.remarks["value"].isVisible()
    target = tmp_path / "register.csv"  # saved all the same, with a note on it
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    page.ui.csvButton.click()
    assert "Flowers" in target.read_text(encoding="utf-8-sig")
    assert "1 value above your organisation's limit of 25.00" in page.ui.bannerLabel.text()

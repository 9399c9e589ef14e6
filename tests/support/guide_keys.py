"""The guide page driven by keyboard, for its page tests and the window's: choosing a part,
filling a form field by field, answering the question before a final is published."""

from datetime import date

from gui_helpers import focused
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox

from svcrec_desktop.domain.guide_model import FieldKind
from svcrec_desktop.ui.widgets import OptionalDateEdit

Key = Qt.Key


def go_to(qtbot, page, part):
    """Choose a part of the guide with the arrow keys in the section list, then Enter."""
    listed = page.ui.sectionList
    listed.setFocus()
    qtbot.keyClick(listed, Key.Key_Home)
    for _ in range(next(r for r in range(listed.count())
                        if listed.item(r).data(Qt.ItemDataRole.UserRole) == part)):
        qtbot.keyClick(listed, Key.Key_Down)
    assert page.part == part
    qtbot.keyClick(listed, Key.Key_Return)


def fill_by_keyboard(qtbot, page, values):
    """From the first field, type or choose each field's value and Tab to the next."""
    for spec in page.records.fields:
        widget = page.form.widgets[spec.name]
        assert focused() is widget, (spec.name, focused())
        if isinstance(widget, QComboBox) and not widget.isEditable():
            qtbot.keyClick(widget, Key.Key_Down)  # the first real choice
        elif isinstance(widget, QCheckBox):
            qtbot.keyClick(widget, Key.Key_Space)
        elif isinstance(widget, OptionalDateEdit):
            qtbot.keyClick(widget, Key.Key_Up)  # from "no date", the arrows start at today
        else:
            qtbot.keyClicks(widget, values[spec.name])
        tab_out(qtbot)


def tab_out(qtbot):
    """Tab to the next field (a date's Tab first walks its day, month and year)."""
    start = focused()
    for _ in range(4):
        qtbot.keyClick(focused(), Key.Key_Tab)
        if focused() is not start:
            return
    raise AssertionError(f"Tab does not leave {start}")


def expected(spec, typed):
    """What the store holds after fill_by_keyboard."""
    first_choice = {f.name: f.choices[0] for f in spec.fields if f.choices}
    return {f.name: {FieldKind.CHOICE: first_choice.get(f.name, ""),
                     FieldKind.CHECK: "yes",
                     FieldKind.DATE: date.today().isoformat()}.get(f.kind, typed.get(f.name))
            for f in spec.fields}


def publish_as_it_is(qtbot, asked=None):
    """Answer the question about empty sections with Alt+U, keeping what it said."""
    def answer(box):
        if asked is not None:
            asked.append(box.text())
        qtbot.keyClick(box, Key.Key_U, Qt.KeyboardModifier.AltModifier)
    return answer


"""The form for one record of the guide editor, built from its fields' descriptions.

A line is a line box (one that offers suggestions a drop-down that takes any text too), a
text several lines, a date an optional date, a choice a drop-down, a yes/no a check box. The
form reports every change as (field name, text) and never reports the values it was given to
show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QDate, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from svcrec_desktop.domain.guide_model import FieldKind
from svcrec_desktop.store.records import RecordField
from svcrec_desktop.ui.banner import announce
from svcrec_desktop.ui.fitting import keep_lines
from svcrec_desktop.ui.widgets import MAX_TEXT, NoteEdit, OptionalDateEdit

TEXT_BOX_LINES = 3  # a sentence or two at a glance, so four fields fit; longer text scrolls
CHOICE_CHARS = 16  # a drop-down is at least this many characters wide
# A drop-down's empty choice, in words: a screen reader says a drop-down's shown text, and
# a dash alone would be read as "dash" or not at all.
NOT_CHOSEN = "Not chosen yet"


def _label_for(text: str, widget: QWidget) -> QLabel:
    """A field's label, its shortcut letter the first; it wraps at large text sizes."""
    label = QLabel(f"&{text}")
    label.setWordWrap(True)
    label.setBuddy(widget)
    return label


def _said(spec: RecordField) -> str:
    """The field's name for a screen reader: its label; a check box's says what ticking it
    means ("Marked done"), so that it is not heard as the bare word a drop-down may show
    beside it (the session's phase "Done")."""
    if spec.kind is FieldKind.CHECK:
        return f"Marked {spec.label.lower()}"
    return spec.label


def _empty_text(widget: QWidget) -> str:
    """What a date or a line box shows while it holds nothing."""
    if isinstance(widget, OptionalDateEdit):
        return widget.specialValueText()
    return widget.placeholderText() if isinstance(widget, QLineEdit) else ""


class RecordForm(QObject):
    """Widgets for the fields of one kind of record, in a form layout owned by the page."""

    edited = Signal(str, str)  # field name, the text it now holds

    def __init__(self, layout: QFormLayout, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.layout = layout
        self.widgets: dict[str, QWidget] = {}
        self._readers: dict[str, Callable[[], str]] = {}
        self._writers: dict[str, Callable[[str], None]] = {}
        self.remarks: dict[str, QLabel] = {}  # under each worth field: a calm word on it
        # Each widget's own accessible description and empty text, before show_empty_texts.
        self._plain: dict[str, tuple[str, str]] = {}

    def build(self, fields: Sequence[RecordField]) -> None:
        """Replace the form's rows with one per field."""
        while self.layout.rowCount():
            self.layout.removeRow(0)
        self.widgets.clear()
        self._readers.clear()
        self._writers.clear()
        self._plain.clear()
        self.remarks.clear()
        for spec in fields:
            widget = self._widget(spec)
            widget.setObjectName(f"field_{spec.name}")
            widget.setAccessibleName(_said(spec))
            self._plain[spec.name] = (widget.accessibleDescription(), _empty_text(widget))
            if spec.kind is not FieldKind.CHECK:  # a check box carries its own words
                self._add_row(_label_for(spec.label, widget))
            self._add_row(widget)
            self.widgets[spec.name] = widget
            if spec.worth:
                self.remarks[spec.name] = self._remark(spec.name)

    def _add_row(self, widget: QWidget) -> None:
        """A row the whole width of the form: a label in the form's label column gets only
        the width its words ask for, which Qt measures too narrow for a wrapped label with a
        shortcut letter, and its last word is cut."""
        self.layout.addRow(widget)
        widget.show()  # a layout shows new rows of a visible form only later, in an event

    def _remark(self, name: str) -> QLabel:
        """The line under a field that says, calmly, what to look at in its value; hidden
        while there is nothing to say."""
        remark = QLabel(objectName=f"remark_{name}", wordWrap=True)
        remark.setTextFormat(Qt.TextFormat.PlainText)
        remark.setProperty("remark", True)
        self._add_row(remark)
        remark.hide()
        return remark

    def show_remark(self, name: str, text: str) -> None:
        """Say text under the field (a screen reader hears it when it comes), or nothing."""
        remark = self.remarks.get(name)
        if remark is None or remark.text() == text:
            return
        remark.setText(text)
        remark.setVisible(bool(text))
        if text:
            announce(remark, text)

    def _widget(self, spec: RecordField) -> QWidget:
        name = spec.name

        def changed(*_args: object) -> None:
            self.edited.emit(name, self._readers[name]())

        if spec.kind is FieldKind.TEXT:
            box = NoteEdit()
            box.setTabChangesFocus(True)
            keep_lines(box, TEXT_BOX_LINES)
            # Asks for no more than that (not Qt's 192 pixels), so the form shows more
            # fields at once; the boxes grow into any room left over.
            box.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
            box.textChanged.connect(changed)
            self._readers[name], self._writers[name] = box.toPlainText, box.set_text
            return box
        if spec.kind is FieldKind.DATE:
            date_edit = OptionalDateEdit()
            date_edit.dateChanged.connect(changed)

            def read_date() -> str:
                value = date_edit.value()
                return value.isoformat() if value else ""

            def show_date(text: str) -> None:
                date_edit.setDate(QDate.fromString(text, Qt.DateFormat.ISODate) if text
                                  else OptionalDateEdit.NO_DATE)

            self._readers[name], self._writers[name] = read_date, show_date
            return date_edit
        if spec.kind is FieldKind.CHOICE:
            combo = QComboBox()
            # As wide as the form, not as the longest choice, which large text makes too wide.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(CHOICE_CHARS)
            combo.addItem(NOT_CHOSEN, "")
            for shown, stored in spec.choices:
                if stored:
                    combo.addItem(shown, stored)
                else:  # an empty stored value has a name of its own ("the guide as a whole")
                    combo.setItemText(0, shown)
            combo.activated.connect(changed)

            def show_choice(text: str) -> None:
                index = combo.findData(text)
                if index < 0:  # a value from elsewhere (an older playbook) is kept and shown
                    combo.addItem(text, text)
                    index = combo.count() - 1
                combo.setCurrentIndex(index)

            self._readers[name], self._writers[name] = lambda: combo.currentData(), show_choice
            return combo
        if spec.suggested:
            return self._suggesting(name, changed)
        if spec.kind is FieldKind.CHECK:
            check = QCheckBox(spec.label)
            check.toggled.connect(changed)
            self._readers[name] = lambda: "yes" if check.isChecked() else ""
            self._writers[name] = lambda text: check.setChecked(text == "yes")
            return check
        line = QLineEdit(placeholderText=spec.example)
        line.setMaxLength(MAX_TEXT)
        line.textEdited.connect(changed)
        self._readers[name], self._writers[name] = line.text, line.setText
        return line

    def _suggesting(self, name: str, changed: Callable[..., None]) -> QComboBox:
        """A line that offers suggestions in a drop-down; typed text is kept as typed and
        never added to the list."""
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(CHOICE_CHARS)
        line = combo.lineEdit()
        line.setMaxLength(MAX_TEXT)
        line.textEdited.connect(changed)
        combo.textActivated.connect(changed)
        def show_text(text: str) -> None:  # at its place in the list, so arrows go on from it
            combo.setCurrentIndex(combo.findText(text, Qt.MatchFlag.MatchExactly))
            combo.setEditText(text)

        self._readers[name], self._writers[name] = combo.currentText, show_text
        return combo

    def suggest(self, suggestions: dict[str, list[str]]) -> None:
        """Offer these texts in the suggested fields, keeping what each one holds."""
        for name, texts in suggestions.items():
            combo = self.widgets.get(name)
            if not isinstance(combo, QComboBox) or not combo.isEditable():
                continue
            with QSignalBlocker(combo), QSignalBlocker(combo.lineEdit()):
                held = combo.currentText()
                combo.clear()
                combo.addItems(texts)
                self._writers[name](held)

    def show_empty_texts(self, texts: dict[str, str]) -> None:
        """What an empty date or line says instead (a date it falls back on), for the eye
        and for a screen reader."""
        for name, widget in self.widgets.items():
            if not isinstance(widget, OptionalDateEdit | QLineEdit):
                continue
            text = texts.get(name, "")
            description, plain = self._plain[name]
            if isinstance(widget, OptionalDateEdit):
                if widget.specialValueText() != (text or plain):
                    widget.setSpecialValueText(text or plain)
                    widget.updateGeometry()
            else:
                widget.setPlaceholderText(text or plain)
            said = " ".join(part for part in (description, f"When empty: {text}." if text else "")
                            if part)
            if widget.accessibleDescription() != said:
                widget.setAccessibleDescription(said)

    def show_values(self, values: dict[str, str]) -> None:
        """Show a record's stored values; this is not an edit."""
        for name, write in self._writers.items():
            with QSignalBlocker(self.widgets[name]):
                write(values.get(name, ""))

    def value(self, name: str) -> str:
        return self._readers[name]()

    def set_enabled(self, enabled: bool) -> None:
        for widget in self.widgets.values():
            widget.setEnabled(enabled)

    def first(self) -> QWidget | None:
        return next(iter(self.widgets.values()), None)

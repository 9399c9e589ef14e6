"""Load Qt Designer forms from ui/ into the widgets that own them.

Forms are loaded at run time with QUiLoader rather than compiled, so ui/*.ui stays the single
source of each layout and needs no build step. The loaded root is the owning widget itself,
which lets a class subclass QMainWindow or QDialog and still get its layout from Designer.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QDateEdit, QDialogButtonBox, QWidget

from svcrec_desktop import paths
from svcrec_desktop.ui.dates import fit_date_edit
from svcrec_desktop.ui.fitting import FitColumn, FittingText, PageScroll, WrapRow
from svcrec_desktop.ui.widgets import CUSTOM_WIDGETS, mark_primary


class _IntoOwner(QUiLoader):
    """A loader that uses the owner of the form being loaded as its top-level widget.

    It is built without Qt Designer's plugins: QUiLoader otherwise loads every plugin in the
    library paths' designer folders when it is made, which brings Qt Quick, QML and the
    network library into the process (about 8 MiB and 8 ms at start-up) for widgets no form
    uses. The forms' own widgets are registered instead.
    """

    def __init__(self) -> None:
        library_paths = QCoreApplication.libraryPaths()
        QCoreApplication.setLibraryPaths([])
        try:
            super().__init__()
        finally:
            QCoreApplication.setLibraryPaths(library_paths)
        self.owner: QWidget | None = None
        for widget_class in (*CUSTOM_WIDGETS, WrapRow, PageScroll, FitColumn, FittingText):
            self.registerCustomWidget(widget_class)

    def createWidget(self, class_name: str, parent: QWidget | None = None, name: str = ""):
        if parent is None:
            return self.owner
        return super().createWidget(class_name, parent, name)


@cache
def _shared_loader() -> _IntoOwner:
    """One loader for the process: made with the first form, after the QApplication."""
    return _IntoOwner()


class Form:
    """The children of a loaded form, by their Designer object names."""

    def __init__(self, owner: QWidget) -> None:
        self._children = {
            child.objectName(): child
            for child in owner.findChildren(QObject)
            if child.objectName()
        }

    def __getattr__(self, name: str) -> Any:
        try:
            return self._children[name]
        except KeyError:
            raise AttributeError(f"the form has no widget named {name!r}") from None


class FormError(RuntimeError):
    """A .ui file is missing or cannot be read."""


def load_form(owner: QWidget, name: str) -> Form:
    """Build ui/<name>.ui into owner and return its named children."""
    path = paths.ui_file(name)
    loader = _shared_loader()
    loader.owner = owner
    loaded = loader.load(str(path), None)
    loader.owner = None  # the loader must not keep a closed window alive
    if loaded is None:
        raise FormError(f"Cannot load the window layout {path}: {loader.errorString()}")
    for row in owner.findChildren(WrapRow):
        row.wrap()
    for date_edit in owner.findChildren(QDateEdit):
        fit_date_edit(date_edit)
    for box in owner.findChildren(QDialogButtonBox):  # a dialog's OK or Save is its main action
        for button in box.buttons():
            if box.buttonRole(button) == QDialogButtonBox.ButtonRole.AcceptRole:
                mark_primary(button)
    return Form(owner)

"""Keeping every page whole at large text sizes (zoom 200% on a 1280x720 screen).

A WrapRow is a row of buttons and labels that goes on to a second line instead of squeezing
them until their words are cut. In Designer it is a container with an ordinary horizontal
layout (so the form stays editable there); load_form has it take over that layout's widgets,
margins and spacing. An expanding spacer takes the rest of its line.

A FitColumn is a column of a splitter that asks for the height its wrapped text and rows
need at its width (a splitter would not ask). A PageScroll holds the window's pages: it gives
the page shown all the room there is, and scrolls only when the window is smaller than that
page can be, so nothing is ever out of reach.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMargins, QObject, QSize, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QScrollArea, QStackedWidget, QWidget


class WrapRow(QWidget):
    """Widgets side by side at their natural sizes, in as many lines as the width needs.

    It lays its widgets out itself (a QLayout written in Python would hand Qt's layout items
    back and forth between Python and C++, which PySide cannot follow safely).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parts: list[QWidget | None] = []  # None: an expanding spacer
        self._margins = QMargins()
        self._spacing = 6

    def wrap(self) -> None:
        """Take over the row's Designer layout: its widgets, spacers, margins and spacing."""
        row = self.layout()
        if row is None:
            return
        while row.count():
            # Taken, each item belongs to Python and goes with its wrapper: PySide keeps
            # track of it (layout items are no QObjects, so it could not otherwise).
            item = row.takeAt(0)
            if item.layout() is not None:
                raise ValueError(f"{self.objectName()}: a WrapRow holds widgets and spacers")
            self._parts.append(item.widget())  # None for a spacer
            del item
        # The emptied layout stays: it only tells this row (LayoutRequest) when one of its
        # widgets is shown, hidden or changes size. (Deleting it under PySide is not safe.)
        self._margins, self._spacing = row.contentsMargins(), row.spacing()

    def add_widget(self, widget: QWidget) -> None:
        widget.setParent(self)
        widget.show()
        self._parts.append(widget)
        self._changed()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(width, place=False)

    def sizeHint(self) -> QSize:
        """Everything on one line."""
        hints = [widget.sizeHint() for widget in self._shown() if widget is not None]
        width = sum(hint.width() for hint in hints) + self._spacing * max(len(hints) - 1, 0)
        return self._with_margins(width, max((hint.height() for hint in hints), default=0))

    def minimumSizeHint(self) -> QSize:
        """As narrow as the widest widget at its natural size, so none is ever squeezed."""
        hints = [widget.sizeHint() for widget in self._shown() if widget is not None]
        return self._with_margins(max((hint.width() for hint in hints), default=0),
                                  max((hint.height() for hint in hints), default=0))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._place()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # a widget was shown, hidden or grew
            self._changed()
        return super().event(event)

    def _changed(self) -> None:
        self.updateGeometry()
        self._place()

    def _place(self) -> None:
        """Lay the lines out, and ask for their height: the parent layout consults the
        emptied Designer layout (not this widget) for heights, which would give none."""
        if not self.isVisible():  # a hidden page's width means nothing yet: see showEvent
            return
        needed = self._arrange(self.width(), place=True)
        if self.minimumHeight() != needed:
            self.setMinimumHeight(needed)

    def _shown(self) -> list[QWidget | None]:
        return [part for part in self._parts if part is None or not part.isHidden()]

    def _with_margins(self, width: int, height: int) -> QSize:
        margins = self._margins
        return QSize(width + margins.left() + margins.right(),
                     height + margins.top() + margins.bottom())

    def _lines(self, width: int) -> list[list[QWidget | None]]:
        lines: list[list[QWidget | None]] = [[]]
        used = 0
        for part in self._shown():
            wanted = 0 if part is None else part.sizeHint().width()
            if part is not None and lines[-1] and used + self._spacing + wanted > width:
                lines.append([])
                used = 0
            used += (self._spacing if lines[-1] else 0) + wanted
            lines[-1].append(part)
        return lines

    def _arrange(self, width: int, place: bool) -> int:
        """Place the widgets for this width (if place); return the height they need."""
        margins = self._margins
        inner = width - margins.left() - margins.right()
        top = margins.top()
        for line in self._lines(inner):
            widths = [0 if part is None else min(part.sizeHint().width(), inner)
                      for part in line]
            spare = inner - sum(widths) - self._spacing * (len(line) - 1)
            growing = [index for index, part in enumerate(line) if _expands(part)]
            for index in growing:  # spacers and expanding widgets share the rest of the line
                widths[index] += max(spare, 0) // len(growing)
            # Heights at the final widths: a wrapped label that grew needs fewer lines.
            heights = [0 if part is None else _height(part, size)
                       for part, size in zip(line, widths, strict=True)]
            height = max(heights, default=0)
            left = margins.left()
            for part, size, part_height in zip(line, widths, heights, strict=True):
                if place and part is not None:
                    part.setGeometry(left, top + (height - part_height) // 2, size, part_height)
                left += size + self._spacing
            top += height + self._spacing
        return top - self._spacing + margins.bottom()


def _height(widget: QWidget, width: int) -> int:
    """A widget's height at a width: a word-wrapped label grows down when it is narrow."""
    if widget.hasHeightForWidth():
        return max(widget.heightForWidth(width), widget.minimumSizeHint().height())
    return widget.sizeHint().height()


def _expands(part: QWidget | None) -> bool:
    return part is None or bool(part.sizePolicy().expandingDirections()
                                & Qt.Orientation.Horizontal)


class FitColumn(QWidget):
    """A splitter's column that is never squeezed below what its text needs at its width."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:  # its content changed
            self._fit()
        return handled

    def _fit(self) -> None:
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth():
            needed = max(layout.minimumHeightForWidth(self.width()),
                         layout.minimumSize().height())
            if needed != self.minimumHeight():
                self.setMinimumHeight(needed)


class PageScroll(QScrollArea):
    """Scrolls the stacked pages only as far as the page shown needs.

    A resizable QScrollArea would make room for the preferred height of the tallest page,
    word-wrapped text included, and so scroll at every size; this one sizes the stack to the
    current page's own minimum, and to the viewport when that is larger.
    """

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)  # its pages' size limits change: LayoutRequest
        if isinstance(widget, QStackedWidget):
            widget.currentChanged.connect(self._fit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit()
        return super().eventFilter(watched, event)

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._fit()
        return super().viewportEvent(event)

    def needed(self) -> QSize:
        """The smallest size the page shown can have without squeezing anything."""
        stack = self.widget()
        page = stack.currentWidget() if isinstance(stack, QStackedWidget) else stack
        if page is None:
            return QSize(0, 0)
        size = page.minimumSizeHint().expandedTo(page.minimumSize())
        layout = page.layout()
        if layout is not None and layout.hasHeightForWidth():
            width = max(self.viewport().width(), size.width())
            size.setHeight(max(size.height(), layout.minimumHeightForWidth(width)))
        return size

    def _fit(self) -> None:
        stack = self.widget()
        if stack is not None:
            stack.resize(self.needed().expandedTo(self.viewport().size()))

"""Keeping every page whole at large text sizes (zoom 200% on a 1280x720 screen).

A WrapRow is a row of buttons and labels that goes on to a second line instead of squeezing
them until their words are cut. In Designer it is a container with an ordinary horizontal
layout (so the form stays editable there); load_form has it take over that layout's widgets,
margins and spacing. An expanding spacer takes the rest of its line.

A FitColumn is a column of a splitter that asks for the height its wrapped text and rows
need at its width (a splitter would not ask). A PageScroll holds the window's pages: it gives
the page shown all the room there is, and scrolls only when the window is smaller than that
page can be, so nothing is ever out of reach.

A FittingText is a text read aloud whose letters are as large as the space allows, so the
reader never has to scroll in the middle of a sentence; fitting_pixel_size does the measuring
for it and for the window the room reads. A WrappedItems delegate gives a list's rows the
height their wrapped words need, so a long title takes two lines instead of ending in "…".
keep_lines keeps a text box or a list that shares what room is left between so many lines
(or rows) of its own letters, whatever the text size.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QMargins,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontInfo, QFontMetrics, QResizeEvent, QShowEvent, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QWidget,
)

INDENT_EMS = 2  # a list's numbers and bullets need room that grows with the letters


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


def fitting_pixel_size(document: QTextDocument, font: QFont, area: QSize,
                       smallest: int, largest: int) -> int:
    """The largest letter size (pixels) at which the document fits the area; at least
    smallest, where it scrolls instead."""
    probe = document.clone()
    probe.setTextWidth(area.width())
    font = QFont(font)

    def fits(pixels: int) -> bool:
        font.setPixelSize(pixels)
        probe.setDefaultFont(font)
        probe.setIndentWidth(pixels * INDENT_EMS)
        return probe.size().height() <= area.height()

    low, high = smallest, max(smallest, largest)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


class FittingText(QTextBrowser):
    """A text read aloud, its letters as large as fit its space: from the size its style sheet
    gives (the largest) down to SMALLEST_SHARE of it, below which it scrolls instead.

    The style sheet (and so the window's zoom) keeps setting the widget's font; only the
    document's letters shrink, so the text grows back as soon as there is room.
    """

    SMALLEST_SHARE = 0.7  # 13 pt for a 19 pt script: still read easily at arm's length

    def show_html(self, html: str) -> None:
        """Show a new text, its letters fitted to the space (setHtml alone would not)."""
        self.setHtml(html)
        self.fit()

    def pixel_size(self) -> int:
        """The size of the letters shown, in pixels."""
        return QFontInfo(self.document().defaultFont()).pixelSize()

    def fit(self) -> None:
        """Letters as large as the text and the space allow now."""
        largest = QFontInfo(self.font()).pixelSize()
        smallest = round(largest * self.SMALLEST_SHARE)
        pixels = fitting_pixel_size(self.document(), self.font(), self.viewport().size(),
                                    smallest, largest)
        font = QFont(self.font())
        font.setPixelSize(pixels)
        if font != self.document().defaultFont():  # a change lays the text out again
            self.document().setDefaultFont(font)
            self.document().setIndentWidth(pixels * INDENT_EMS)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def changeEvent(self, event: QEvent) -> None:
        """A new zoom gives the widget, and with it the document, the largest size again."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit()


class WrappedItems(QStyledItemDelegate):
    """Rows as tall as their words need, wrapped at the list's width, so none ends in "…".

    The chosen row is measured in bold, as the style sheet draws it (its words take more
    room), and the rows are measured again when another row is chosen.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self._view = view
        view.selectionModel().selectionChanged.connect(self._chosen)

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        wrapped = QStyleOptionViewItem(option)
        self.initStyleOption(wrapped, index)
        view = self._view
        if view.selectionModel().isSelected(index):
            wrapped.font.setBold(True)
            wrapped.fontMetrics = QFontMetrics(wrapped.font)
        style, width = view.style(), view.viewport().width()
        # The words wrap inside the row's padding (style sheet), which the measuring leaves out.
        wrapped.rect = QRect(0, 0, width, 1)
        padding = width - style.subElementRect(QStyle.SubElement.SE_ItemViewItemText,
                                               _bare(wrapped), view).width()
        wrapped.rect = QRect(0, 0, width - padding, 1)
        return style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, wrapped, QSize(),
                                      view)

    def _chosen(self, chosen: QItemSelection, left: QItemSelection) -> None:
        for index in (*chosen.indexes(), *left.indexes()):
            self.sizeHintChanged.emit(index)


def _bare(option: QStyleOptionViewItem) -> QStyleOptionViewItem:
    """The row without its icon or tick box: only its padding stands between it and its
    words."""
    bare = QStyleOptionViewItem(option)
    bare.features &= ~(QStyleOptionViewItem.ViewItemFeature.HasDecoration
                       | QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator)
    return bare


def keep_lines(box: QAbstractScrollArea, fewest: int, most: int | None = None) -> None:
    """Keep a text box or list between fewest and most lines (or one-line rows) of its own
    letters tall, at every text size. Given only a share of the room left (size policy
    Ignored), it would otherwise shrink to nothing, and a limit in pixels would cut it at a
    large text size."""
    _LinesTall(box, fewest, most)


class _LinesTall(QObject):
    """keep_lines' watcher: measures again whenever the letters or the style change."""

    def __init__(self, box: QAbstractScrollArea, fewest: int, most: int | None) -> None:
        super().__init__(box)
        self._box, self._fewest, self._most = box, fewest, most
        box.installEventFilter(self)
        self._measure()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange,
                            QEvent.Type.Polish):
            self._measure()
        return super().eventFilter(watched, event)

    def _measure(self) -> None:
        box = self._box
        line, chrome = _line_height(box), 2 * box.frameWidth()
        if isinstance(box, QPlainTextEdit):  # the text keeps a margin inside the frame
            chrome += 2 * round(box.document().documentMargin())
        box.setMinimumHeight(self._fewest * line + chrome)
        if self._most is not None:
            box.setMaximumHeight(self._most * line + chrome)


def _line_height(box: QAbstractScrollArea) -> int:
    """A list's row holding one line of text (with its padding), or a line of text."""
    if isinstance(box, QAbstractItemView):
        row = QStyleOptionViewItem()
        row.initFrom(box)
        row.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
        row.text = "Ag"
        row.font = box.font()
        return box.style().sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, row,
                                            QSize(), box).height()
    return box.fontMetrics().lineSpacing()

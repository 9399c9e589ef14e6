"""The window the room reads on the projector or TV: the step the facilitator is on, very large.

It shows the step's title, script and prompts, and, only when the facilitator turns them on,
the complaint themes and the step's saved notes — after the privacy check has read those
notes and, when it found anything, the facilitator has said yes on their own screen. It never
shows the facilitator's private hints. The meeting page drives it; it never keeps the keyboard
from the note-taker.
"""

from __future__ import annotations

from collections.abc import Hashable
from contextlib import suppress
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QGuiApplication,
    QResizeEvent,
    QScreen,
)
from PySide6.QtWidgets import QAbstractSlider, QMainWindow, QWidget

from svcrec_desktop import DISPLAY_NAME
from svcrec_desktop.domain.guide_model import GuideContent
from svcrec_desktop.domain.model import Finding, Note
from svcrec_desktop.domain.playbook import Step
from svcrec_desktop.export.source import Spotted, exportable_view, room_texts, spot_identifiers
from svcrec_desktop.store.database import StorageError
from svcrec_desktop.ui.asking import ask
from svcrec_desktop.ui.fitting import INDENT_EMS, fitting_pixel_size
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.meeting.page import MeetingPage
from svcrec_desktop.ui.meeting.step_text import draft_guide_html, notes_html, step_html
from svcrec_desktop.ui.placement import beside, centred, frame_margins
from svcrec_desktop.ui.shortcuts import PRESENTER_FRONT, PRESENTER_STOP, bind

SCREEN_KEY = "presenter_screen"  # the store's state key of the screen chosen to present on
# Letter heights as a share of the window's height: the title 1/14 (77 px on 1080 rows); the
# text as large as fits, from 1/17 down to 1/40 (63 to 27 px), then it scrolls.
TITLE_SHARE = 14
LARGEST_SHARE = 17
SMALLEST_SHARE = 40
SMALLEST_PX = 14
LISTED_FINDINGS = 8  # the question lists this many of the check's findings, then a count
NOTES_OFF = ("A note on this step may hold a patient detail, so the room no longer sees the "
             "notes. Turn them on again to check it.")
THEMES_TIP = "Show the themes found in the preparation to the room"
NO_THEMES_TIP = "No complaint themes were recorded in the preparation"
# Inside the text; the window's own colours are in the style sheet.
ROOM_CSS = """
p.ask, h3, th { color: #ffd54f; }
p.ask { font-weight: 600; }
p.empty { color: #c9d3d9; }
li { margin-bottom: 6px; }
th, td { padding-right: 24px; }
"""


def screen_key(screen: QScreen) -> str:
    """How a screen is remembered: by its name, or where it is if it has none."""
    where = screen.geometry()
    return screen.name() or f"{where.x()},{where.y()}"


class PresenterWindow(QMainWindow):
    """A window of its own, full screen on a screen other than the main window's, or with one
    screen an ordinary window beside the main window's note box, kept in front of the main
    window until Ctrl+F5 sends it behind (and Ctrl+F5 again brings it forward).

    A main window rather than a bare widget so that screen readers meet it as a window with
    its title, not as an unnamed panel.

    It follows the meeting page's stepShown. It opens without asking for the keyboard, and
    when it gets it anyway as it opens, or the person uses one of its switches, the main window
    takes it back with the focus where it was. It does not refuse the keyboard altogether
    (Qt.WindowDoesNotAcceptFocus): a facilitator who clicks into it can press Esc there.
    """

    stopRequested = Signal()  # Esc or F5 here, the Stop button, or the window was closed

    def __init__(self, page: MeetingPage, facilitator: QWidget) -> None:
        super().__init__(None)
        self.ui = load_form(self, "presenter")
        self.page = page
        self.facilitator = facilitator  # the main window: its screen stays the facilitator's
        self._rendered: tuple[int, int, str] | None = None  # session, meeting, step shown
        self._text_px = 0
        self._sized = False  # given a size as an ordinary window yet
        self._unasked = False  # opened by us: being made active now is not the person's doing
        self._notes_on = False  # the step's notes are on the screen: turned on and checked
        self._cleared: set[Hashable] = set()  # findings the facilitator agreed to show
        self.setWindowTitle(f"For the room — {DISPLAY_NAME}")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        view = self.ui.presenterView
        view.document().setDefaultStyleSheet(ROOM_CSS)
        view.viewport().installEventFilter(self)
        bind(PRESENTER_STOP, self, self.stopRequested.emit, Qt.ShortcutContext.WindowShortcut)
        for window in (self, facilitator):
            bind(PRESENTER_FRONT, window, self.forward_or_back, Qt.ShortcutContext.WindowShortcut)
        self.ui.stopButton.clicked.connect(self.stopRequested)
        self.ui.findingsButton.toggled.connect(self.refresh)
        self.ui.notesButton.toggled.connect(self._notes_switched)
        for button in (self.ui.findingsButton, self.ui.notesButton):
            button.clicked.connect(self.give_keyboard_back)
        self.ui.findingsButton.hide()  # until a step that shares the themes
        self.ui.screenCombo.activated.connect(self._screen_chosen)
        page.stepShown.connect(self.refresh)
        page.notes.changed.connect(self._notes_changed)
        application = QGuiApplication.instance()
        application.screenAdded.connect(self._screens_changed)
        application.screenRemoved.connect(self._screens_changed)

    def connect_menu(self, present: QAction, findings: QAction, notes: QAction,
                     scroll_up: QAction, scroll_down: QAction) -> None:
        """Let the main window's menu drive this window: present (F5) starts and stops it, the
        two switches stay in step with its buttons, and the text scrolls."""
        present.toggled.connect(self.set_presenting)
        self.stopRequested.connect(lambda: present.setChecked(False))
        for action, button in ((findings, self.ui.findingsButton),
                               (notes, self.ui.notesButton)):
            action.toggled.connect(button.setChecked)
            button.toggled.connect(action.setChecked)
        page_up, page_down = (QAbstractSlider.SliderAction.SliderPageStepSub,
                              QAbstractSlider.SliderAction.SliderPageStepAdd)
        scroll_up.triggered.connect(lambda: self._scroll(page_up))
        scroll_down.triggered.connect(lambda: self._scroll(page_down))
        for action in (findings, notes, scroll_up, scroll_down):  # off in the form until then
            present.toggled.connect(action.setEnabled)
            action.setEnabled(present.isChecked())  # F5 may have come first, building this

    # Presenting ------------------------------------------------------------------------------

    def set_presenting(self, on: bool) -> None:
        """Open on the chosen screen with the themes and notes hidden, or close."""
        if not on:
            had_keyboard = self.isActiveWindow()
            self.hide()
            if had_keyboard:
                self.give_keyboard_back()
            return
        if self.page.session is None:  # no meeting to show
            self.stopRequested.emit()
            return
        self.ui.findingsButton.setChecked(False)
        self.ui.notesButton.setChecked(False)
        self._rendered = None
        self._place()
        self.refresh()

    def give_keyboard_back(self) -> None:
        """The main window takes the keyboard again; Qt puts the focus back where it was in
        it (the note box during a meeting)."""
        self.facilitator.activateWindow()

    def changeEvent(self, event: QEvent) -> None:
        """Some systems make a window active when it opens, whatever it asks: the first time
        after opening, hand the keyboard straight back."""
        super().changeEvent(event)
        if (event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
                and self._unasked):
            self._unasked = False
            self.give_keyboard_back()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing the window by its frame stops presenting, as F5 would."""
        event.accept()
        self.stopRequested.emit()

    # What the room sees ----------------------------------------------------------------------

    def _where(self) -> tuple[int, int, str]:
        assert self.page.session is not None
        return self.page.session.id, self.page.meeting, self.page.current_step.id

    def refresh(self, *_signal_args: object) -> None:
        """Show the step the facilitator is on as the room may see it, at the same place if it
        is the step already shown. At another step the notes go off again: they are shown for
        one step at a time, when the facilitator chooses."""
        if not self.isVisible() or self.page.session is None:
            return
        where = self._where()
        if where != self._rendered and self.ui.notesButton.isChecked():
            self.ui.notesButton.setChecked(False)  # which refreshes again, without them
            return
        step = self.page.current_step
        findings, content, notes = self._room_content(step)
        themes = self.ui.findingsButton
        themes.setVisible(step.show_findings)
        themes.setEnabled(bool(findings))
        themes.setToolTip(THEMES_TIP if findings else NO_THEMES_TIP)
        shown = replace(step, show_findings=bool(findings) and themes.isChecked())
        parts = [step_html(shown, findings)]
        if content is not None:
            parts.append(draft_guide_html(self.page.playbook.guide, content))
        if notes is not None:
            parts.append(notes_html(notes))
        scroll = self.ui.presenterView.verticalScrollBar()
        place = scroll.value() if where == self._rendered else 0
        self.ui.presenterTitleLabel.setText(step.title)
        self.ui.presenterView.setHtml("\n".join(parts))
        self._fit_text()
        scroll.setValue(place)
        self._rendered = where

    def _room_content(self, step: Step) -> tuple[list[Finding], GuideContent | None,
                                                 list[Note] | None]:
        """What the room may see besides the script, read fresh: the themes on a step that
        shares them, the draft on meeting 2's presenting step, the notes if turned on (never
        one kept out of the export). Nothing of it if the store fails; the page says why."""
        session = self.page.session
        assert session is not None
        try:  # the room sees only what may leave the application
            view = exportable_view(self.page.store, session.id)
            findings = list(view.findings) if step.show_findings else []
            content = view.content if step.present else None
            notes = ([note for note in view.notes if note.step_id == step.id]
                     if self._notes_on else None)
        except StorageError as exc:
            self.page.show_error(str(exc))
            return [], None, None
        return findings, content, notes

    # The saved notes, checked before the room reads them ------------------------------------

    def _notes_switched(self, on: bool) -> None:
        """Turned on: the privacy check reads exactly what the room would see; anything found
        is listed to the facilitator, who must say yes before the notes show."""
        if not on:
            self._notes_on = False
            self._cleared.clear()
            self.refresh()
            return
        found = self._spotted()
        if found is None or (found and not self._room_may_see(found)):
            # Later, once the switch's own signal has reached the menu's twin as well.
            QTimer.singleShot(0, lambda: self.ui.notesButton.setChecked(False))
            return
        self._cleared = {_finding_key(spotted) for spotted in found}
        self._notes_on = True
        self.refresh()

    def _notes_changed(self) -> None:
        """A note saved or changed while the notes show: a new finding takes them off the
        screen at once (no question in the middle of typing), and the page says why."""
        if not self._notes_on:
            return
        found = self._spotted()
        if found is None or any(_finding_key(s) not in self._cleared for s in found):
            self.ui.notesButton.setChecked(False)  # which refreshes without them
            if found is not None:
                self.page.show_info(NOTES_OFF)
            return
        self.refresh()

    def _spotted(self) -> list[Spotted] | None:
        """The privacy check on the notes of the step shown, as the room would see them;
        None when they cannot be read (the page says why)."""
        session = self.page.session
        if session is None:
            return None
        try:
            view = exportable_view(self.page.store, session.id)
        except StorageError as exc:
            self.page.show_error(str(exc))
            return None
        return spot_identifiers(room_texts(view, self.page.playbook, self.page.current_step.id))

    def _room_may_see(self, found: list[Spotted]) -> bool:
        """Ask on the facilitator's screen, never the room's; the default keeps them hidden.
        The question names what was found and where, not the words themselves: a single
        screen may be mirrored to the projector."""
        listed = [f"• {s.identifier.kind} — {s.where}" for s in found[:LISTED_FINDINGS]]
        if len(found) > LISTED_FINDINGS:
            listed.append(f"…and {len(found) - LISTED_FINDINGS} more")
        return ask(
            self.facilitator, "Show these notes to the room?",
            "The privacy check found what may be patient details in the notes of this step:"
            "\n\n" + "\n".join(listed) + "\n\nEveryone in the room would read them. Keep them "
            "hidden unless you are sure nothing private is in them.",
            go="&Show them anyway", stay="Keep them &hidden", warning=True)

    def _scroll(self, action: QAbstractSlider.SliderAction) -> None:
        self.ui.presenterView.verticalScrollBar().triggerAction(action)

    # Letters as large as the window allows ---------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        title_px = max(SMALLEST_PX, self.height() // TITLE_SHARE)
        self.ui.presenterTitleLabel.setStyleSheet(f"font-size: {title_px}px;")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.ui.presenterView.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_text()
        return super().eventFilter(watched, event)

    def _fit_text(self) -> None:
        """Make the text as large as fits the window, within readable bounds."""
        view = self.ui.presenterView
        smallest = max(SMALLEST_PX, self.height() // SMALLEST_SHARE)
        pixels = fitting_pixel_size(view.document(), view.font(), view.viewport().size(),
                                    smallest, self.height() // LARGEST_SHARE)
        if pixels != self._text_px:
            self._text_px = pixels
            view.document().setIndentWidth(pixels * INDENT_EMS)
            view.setStyleSheet(f"font-size: {pixels}px;")

    # Which screen ----------------------------------------------------------------------------

    def _place(self) -> None:
        """Fill the chosen screen; with one screen, or when the main window's own screen is
        chosen, be an ordinary window the facilitator can move."""
        screens = QGuiApplication.screens()
        own = self.facilitator.screen()
        target = self._target(screens, own)
        self._list_screens(screens, own, target or own)
        self._unasked = True
        was_full = self.isFullScreen()
        self._keep_in_front(target is None)  # a screen of its own needs no keeping in front
        self.setWindowState(Qt.WindowState.WindowNoState)  # to move, leave full screen first
        self.setScreen(target or own)
        if target is None:
            self._show_as_window(own, resize=was_full or not self._sized)
        else:
            self.setGeometry(target.geometry())
            self.showFullScreen()

    def _target(self, screens: list[QScreen], own: QScreen) -> QScreen | None:
        """The remembered screen, else the first one that is not the main window's."""
        others = [screen for screen in screens if screen != own]
        if not others:
            return None
        remembered = ""
        with suppress(StorageError):  # remembering the screen is a convenience only
            remembered = self.page.store.state.get(SCREEN_KEY) or ""
        chosen = next((s for s in screens if screen_key(s) == remembered), others[0])
        return None if chosen == own else chosen

    def _list_screens(self, screens: list[QScreen], own: QScreen, current: QScreen) -> None:
        combo = self.ui.screenCombo
        combo.clear()
        for number, screen in enumerate(screens, 1):
            size = screen.size()
            label = f"{number}. {screen.name() or 'Screen'} ({size.width()} × {size.height()})"
            if screen == own:
                label += ", as a window"
            combo.addItem(label, screen_key(screen))
        combo.setCurrentIndex(screens.index(current))
        for widget in (self.ui.screenLabel, combo):
            widget.setVisible(len(screens) > 1)

    def _show_as_window(self, own: QScreen, resize: bool) -> None:
        """Over the rest of the main window's screen beside its note box and saved notes, the
        first time, after filling a screen or when it would cover them; otherwise wherever
        the facilitator moved it. Two thirds of the screen, centred, when no note box shows."""
        notes = self._notes_column()
        if resize or (notes is not None and self.frameGeometry().intersects(notes)):
            area = own.availableGeometry()
            frame = (beside(area, notes) if notes is not None else
                     centred(QSize(area.width() * 2 // 3, area.height() * 2 // 3), area))
            self.setGeometry(frame.marginsRemoved(frame_margins(self)))
            self._sized = True
        self.show()

    def _notes_column(self) -> QRect | None:
        """Where on the screen the meeting page's column with the note box is, if it shows."""
        column = self.page.ui.captureColumn
        if not column.isVisible():
            return None
        return QRect(column.mapToGlobal(QPoint(0, 0)), column.size())

    @property
    def in_front(self) -> bool:
        return bool(self.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)

    def _keep_in_front(self, on: bool) -> None:
        """Stay above the main window even while it has the keyboard (which raises it on
        most desktops), or not. Changing this hides the window: the caller shows it again."""
        if on != self.in_front:
            self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, on)

    def forward_or_back(self) -> None:
        """Ctrl+F5 in either window: this window in front of the main window, or behind it,
        with the keyboard where the person was typing."""
        if not self.isVisible():
            return
        front = not self.in_front
        self._keep_in_front(front)
        self._unasked = True
        self.show()
        if front:
            self.raise_()
        else:
            self.lower()
            self.facilitator.raise_()
        self.give_keyboard_back()

    def _screen_chosen(self, index: int) -> None:
        with suppress(StorageError):
            self.page.store.state.set(SCREEN_KEY, self.ui.screenCombo.itemData(index))
        self._place()
        self.give_keyboard_back()

    def _screens_changed(self, _screen: QScreen) -> None:
        """A projector plugged in or out: fill it, or come back as a window."""
        if self.isVisible():
            self._place()


def _finding_key(spotted: Spotted) -> Hashable:
    """A finding as the facilitator agreed to show it: the same words in the same text."""
    found = spotted.identifier
    return found.note_id, found.kind, found.text

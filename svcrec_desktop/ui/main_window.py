"""The main window: the new-session form or the running meeting, plus export and about."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QMessageBox, QWidget

from svcrec_desktop import DISPLAY_NAME, __version__
from svcrec_desktop.domain.guide_model import VersionStatus
from svcrec_desktop.domain.model import Phase, Session, counted
from svcrec_desktop.domain.page_format import page_format, remember_paper
from svcrec_desktop.domain.playbook import Playbook
from svcrec_desktop.domain.privacy import find_identifiers
from svcrec_desktop.export.source import (
    ExportOptions,
    TypedText,
    exportable_view,
    guide_texts,
    invitation_texts,
    quick_card_texts,
    record_texts,
    register_texts,
    store_redacted,
    store_redaction,
)
from svcrec_desktop.files.session_file import (
    SessionFileError,
    export_session_file,
    import_session_file,
)
from svcrec_desktop.store.backups import AutoBackup, list_backups, restore_backup, rewrite_backups
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.ui.appearance import current_appearance
from svcrec_desktop.ui.dates import shown_moment
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.guide.export_dialog import ExportDialog
from svcrec_desktop.ui.guide.privacy_dialog import PrivacyCheckDialog, Removals
from svcrec_desktop.ui.home import PREPARATION
from svcrec_desktop.ui.home.restore_dialog import RestoreBackupDialog
from svcrec_desktop.ui.placement import frame_margins, place_text, placement, read_place
from svcrec_desktop.ui.shortcuts import SHEET, bind
from svcrec_desktop.ui.shortcuts_dialog import ShortcutsDialog
from svcrec_desktop.ui.user_guide import UserGuideDialog
from svcrec_desktop.ui.zoom import ZOOM_IN_KEYS, ZOOM_OUT_KEYS, ZOOM_RESET_KEYS, Zoom

if TYPE_CHECKING:  # the pages load the first time they are shown, keeping start-up short
    from svcrec_desktop.ui.guide.page import GuidePage
    from svcrec_desktop.ui.home.new_session import NewSessionPage
    from svcrec_desktop.ui.home.page import HomePage
    from svcrec_desktop.ui.meeting.page import MeetingPage
    from svcrec_desktop.ui.meeting.presenter import PresenterWindow
    from svcrec_desktop.ui.preparation.page import PreparationPage

SESSION_PAGES = ("preparation", "meeting", "guide")  # an open session's pages, in method order
LAST_EXPORT_DIR = "last_export_dir"
SESSION_FILE_SUFFIX = ".svcrec.json"
SESSION_FILE_FILTER = "Session file (*.svcrec.json *.json)"
BACKUP_CHECK_MS = 30_000  # how often to ask whether an automatic backup is due
ZOOM_KEY = "zoom:main"  # the store's state key of this window's text size
PLACE_KEY = "place:main"  # the store's state key of where this window was left
HIGH_CONTRAST_KEY = "high_contrast"


def file_name(title: str, suffix: str) -> str:
    """A file name made from a title that every operating system accepts."""
    name = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "", title).strip(" .")[:120].strip(" .")
    return f"{name or 'Service recovery'}{suffix}"


class MainWindow(QMainWindow):
    """Shows the new-session form on first launch, otherwise the last session where it was."""

    def __init__(self, store: Store, playbook: Playbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "main_window")
        self.store = store
        self.playbook = playbook
        self._pages: dict[str, QWidget] = {}  # built the first time each is needed
        self._presenter: PresenterWindow | None = None
        self._before_new_session: QWidget | None = None  # where Cancel in the form goes back to
        self.session: Session | None = None
        actions = {
            self.ui.homeAction: self.show_home,
            self.ui.newSessionAction: self.show_new_session,
            self.ui.searchAction: self.search,
            self.ui.prepareAction: lambda: self.show_view(self.preparation_page),
            self.ui.meetingAction: self.start_meeting,
            self.ui.guideAction: lambda: self.go_to_phase_page(self.guide_page, Phase.BETWEEN),
            self.ui.meeting2Action: self.start_meeting2,
            self.ui.exportAction: self.export_guide,
            self.ui.quickCardAction: self.export_quick_card,
            self.ui.recordAction: self.export_record,
            self.ui.exportSessionFileAction: self.export_session_file,
            self.ui.importSessionFileAction: self.import_session_file,
            self.ui.quitAction: self.close,
            self.ui.nextStepAction: lambda: self.meeting_page.next_step(),
            self.ui.previousStepAction: lambda: self.meeting_page.previous_step(),
            self.ui.focusCaptureAction: lambda: self.meeting_page.focus_capture(),
            self.ui.aboutAction: self.show_about,
            self.ui.userGuideAction: self.show_user_guide,
            self.ui.restoreBackupAction: self.restore_from_backup,
        }
        for action, slot in actions.items():
            action.triggered.connect(slot)
        self.ui.homeButton.clicked.connect(self.show_home)
        self.ui.saveFileButton.clicked.connect(self.export_session_file)
        self.ui.recordButton.clicked.connect(self.export_record)
        for button, action in ((self.ui.prepareButton, self.ui.prepareAction),
                               (self.ui.meetingButton, self.ui.meetingAction),
                               (self.ui.guideButton, self.ui.guideAction),
                               (self.ui.meeting2Button, self.ui.meeting2Action)):
            button.clicked.connect(action.trigger)
        self.ui.reopenButton.clicked.connect(lambda: self.set_phase(Phase.MEETING2))
        for phase in Phase:
            self.ui.phaseCombo.addItem(phase.label, phase)
        self.ui.phaseCombo.activated.connect(
            lambda index: self.set_phase(Phase(self.ui.phaseCombo.itemData(index)))
        )
        self._set_up_reading()
        self._set_up_removals()
        self.autobackup = AutoBackup(store)
        self._backup_timer = QTimer(self, interval=BACKUP_CHECK_MS)
        self._backup_timer.timeout.connect(lambda: self._back_up(self.autobackup.tick))
        self._backup_timer.start()
        # Deletions a crash left undoable are past undoing: wipe them once the window is up.
        QTimer.singleShot(0, self._forget_deleted)
        session = store.latest_session()
        if session is not None:
            self.open_session(session)
        elif store.sessions(archived=True) or store.sessions(in_bin=True):
            self.show_home()
        else:
            self.show_new_session()  # the very first start: straight to the department's name

    # The pages, each built the first time it is needed -------------------------------------

    @property
    def home_page(self) -> HomePage:
        return self._page("home")  # type: ignore[return-value]

    @property
    def new_session_page(self) -> NewSessionPage:
        return self._page("new_session")  # type: ignore[return-value]

    @property
    def preparation_page(self) -> PreparationPage:
        return self._page("preparation")  # type: ignore[return-value]

    @property
    def meeting_page(self) -> MeetingPage:
        """Runs meeting 1 and meeting 2; built with the presenter window that follows it."""
        return self._page("meeting")  # type: ignore[return-value]

    @property
    def guide_page(self) -> GuidePage:
        return self._page("guide")  # type: ignore[return-value]

    @property
    def presenter(self) -> PresenterWindow:
        """The window for the room (F5), following the meeting page."""
        self._page("meeting")  # the presenter is built with the meeting page
        assert self._presenter is not None
        return self._presenter

    @property
    def session_pages(self) -> tuple[QWidget, ...]:
        """The open session's pages built so far, in the order of the method."""
        return tuple(self._pages[key] for key in SESSION_PAGES if key in self._pages)

    def _showing(self, key: str) -> bool:
        """Whether that page is the one shown (without building it)."""
        page = self._pages.get(key)
        return page is not None and self.ui.pages.currentWidget() is page

    def _page(self, key: str) -> QWidget:
        page = self._pages.get(key)
        if page is None:
            page = self._pages[key] = getattr(self, f"_build_{key}")()
            self.ui.pages.addWidget(page)
            if key in SESSION_PAGES and self.session is not None:
                page.open_session(self.session)
                page.set_read_only(self.session.read_only)
        return page

    def _build_home(self) -> QWidget:
        from svcrec_desktop.ui.home.page import HomePage

        page = HomePage(self.store, self.playbook, self)
        page.newRequested.connect(self.show_new_session)
        page.openRequested.connect(self.open_session_by_id)
        page.sessionsChanged.connect(self._sessions_changed)
        page.ui.importFileButton.clicked.connect(self.import_session_file)
        return page

    def _build_new_session(self) -> QWidget:
        from svcrec_desktop.ui.home.new_session import NewSessionPage

        page = NewSessionPage(self)
        page.startRequested.connect(self.create_session)
        page.cancelled.connect(self.leave_new_session)
        return page

    def _build_preparation(self) -> QWidget:
        from svcrec_desktop.ui.preparation.page import PreparationPage

        page = PreparationPage(self.store, self.playbook, self)
        page.startMeetingRequested.connect(self.start_meeting)
        page.importFindingsRequested.connect(self.import_findings)
        page.exportInvitationRequested.connect(self.export_invitation)
        return page

    def _build_meeting(self) -> QWidget:
        from svcrec_desktop.ui.meeting.page import MeetingPage
        from svcrec_desktop.ui.meeting.presenter import PresenterWindow

        page = MeetingPage(self.store, self.playbook, self)
        page.exportRequested.connect(self.export_guide)
        page.meetingChanged.connect(lambda _number: self._show_where())
        presenter = PresenterWindow(page, self)  # F5: the room's screen
        presenter.connect_menu(self.ui.presentAction, self.ui.presentFindingsAction,
                               self.ui.presentNotesAction, self.ui.presentScrollUpAction,
                               self.ui.presentScrollDownAction)
        self._presenter = presenter
        return page

    def _build_guide(self) -> QWidget:
        from svcrec_desktop.ui.guide.page import GuidePage

        page = GuidePage(self.store, self.playbook, self)
        page.exportRequested.connect(self.export_guide)
        page.quickCardRequested.connect(self.export_quick_card)
        page.registerCsvRequested.connect(self.export_register_csv)
        return page

    # Reading comfort --------------------------------------------------------------------------

    def _set_up_reading(self) -> None:
        """Text size and high contrast as they were left, and the sheet of keys."""
        self.zoom = Zoom(self, self.store, ZOOM_KEY)
        for action, keys, slot in ((self.ui.zoomInAction, ZOOM_IN_KEYS, self.zoom.zoom_in),
                                   (self.ui.zoomOutAction, ZOOM_OUT_KEYS, self.zoom.zoom_out),
                                   (self.ui.zoomResetAction, ZOOM_RESET_KEYS, self.zoom.reset)):
            action.setShortcuts(list(keys))
            action.triggered.connect(slot)
        self.zoom.changed.connect(
            lambda percent: self.statusBar().showMessage(f"Text size {percent}%", 4000))
        try:
            contrast = self.store.state(HIGH_CONTRAST_KEY) == "1"
        except StorageError:
            contrast = False
        self.ui.highContrastAction.setChecked(contrast)
        current_appearance().set_high_contrast(contrast)
        self.ui.highContrastAction.toggled.connect(self.set_high_contrast)
        self.ui.shortcutsAction.triggered.connect(self.show_shortcuts)
        bind(SHEET, self, self.show_shortcuts, Qt.ShortcutContext.WindowShortcut)

    def set_high_contrast(self, on: bool) -> None:
        """Black, white and yellow for every window, kept for the next start."""
        current_appearance().set_high_contrast(on)
        with suppress(StorageError):  # a convenience: the person can tick it again
            self.store.set_state(HIGH_CONTRAST_KEY, "1" if on else "0")

    def show_user_guide(self) -> None:
        """One guide window, brought to the front if it is already open."""
        guide = self.findChild(UserGuideDialog)
        if guide is None:
            guide = UserGuideDialog(self)
        guide.show()
        guide.raise_()
        guide.activateWindow()

    def show_shortcuts(self) -> None:
        sheet = ShortcutsDialog(self)
        sheet.typed.connect(self._typed_over_sheet)
        sheet.open()

    def _typed_over_sheet(self, key: QKeyEvent) -> None:
        """What was typed while the key sheet was open goes where the person types: the note
        box on the meeting page, otherwise the text box they were in (if they were in one)."""
        self.activateWindow()
        if self._showing("meeting"):
            self.meeting_page.focus_capture()
        target = self.focusWidget()
        if target is not None and target.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled):
            QApplication.sendEvent(target, key)

    # Which page shows --------------------------------------------------------------------------

    def _session_actions(self, enabled: bool) -> None:
        """Actions that need an open session; the meeting's own only on the meeting page."""
        in_meeting = enabled and self._showing("meeting")
        for action in (self.ui.exportAction, self.ui.exportSessionFileAction,
                       self.ui.quickCardAction, self.ui.recordAction, self.ui.prepareAction,
                       self.ui.meetingAction, self.ui.guideAction, self.ui.meeting2Action):
            action.setEnabled(enabled)
        for action in (self.ui.nextStepAction, self.ui.previousStepAction,
                       self.ui.focusCaptureAction):
            action.setEnabled(in_meeting)
        self.ui.sessionBar.setVisible(enabled)
        self.ui.presentAction.setEnabled(self.session is not None)

    def _flush_pages(self) -> bool:
        """Save what is typed anywhere; False if something still waits for the disk."""
        return all([page.flush() for page in self.session_pages])

    def show_home(self) -> None:
        self._flush_pages()
        if self.session is not None:
            self.home_page.select_session(self.session.id)
        self.ui.pages.setCurrentWidget(self.home_page)
        self._session_actions(False)
        self.setWindowTitle(f"Sessions — {DISPLAY_NAME}")
        self.focus_current_page()

    def search(self) -> None:
        self.show_home()
        self.home_page.focus_search()

    def show_new_session(self) -> None:
        self._flush_pages()
        if not self._showing("new_session"):
            self._before_new_session = self.ui.pages.currentWidget()
        self.new_session_page.reset(can_cancel=bool(self.store.sessions()))
        self.ui.pages.setCurrentWidget(self.new_session_page)
        self._session_actions(False)
        self.setWindowTitle(f"New session — {DISPLAY_NAME}")
        self.focus_current_page()

    def leave_new_session(self) -> None:
        """Cancel or Esc in the new-session form: back to the session being worked on, at
        the page it was on, or else to the list of sessions."""
        before = self._before_new_session
        if self.session is not None and before in self.session_pages:
            self.show_view(before)
        else:
            self.show_home()

    def show_view(self, page: QWidget) -> None:
        """Show the open session's preparation or its meeting."""
        if self.session is None:
            return
        self.ui.pages.setCurrentWidget(page)
        self._session_actions(True)
        self._show_where()
        self.focus_current_page()

    def _show_where(self) -> None:
        """The bar's button and the window title for the page (and meeting) shown."""
        page = self.ui.pages.currentWidget()
        if self.session is None or page not in self.session_pages:
            return
        meeting = self.meeting_page.meeting
        where, button = {
            "preparation": ("preparation", self.ui.prepareButton),
            "guide": ("the guide", self.ui.guideButton),
        }.get(self._key_of(page)) or (
            f"meeting {meeting}", self.ui.meeting2Button if meeting == 2 else self.ui.meetingButton)
        button.setChecked(True)
        self.setWindowTitle(f"{self.session.department} — {where} — {DISPLAY_NAME}")

    def focus_current_page(self) -> None:
        """Put the cursor where the person types next."""
        page = self.ui.pages.currentWidget()
        key = self._key_of(page)
        if key == "meeting":
            self.meeting_page.focus_capture()
        elif key == "new_session":
            self.new_session_page.ui.departmentEdit.setFocus(Qt.FocusReason.OtherFocusReason)
        elif key == "home":
            self.home_page.focus_list()
        elif key == "guide":
            self.guide_page.focus_first()
        else:
            page.setFocus(Qt.FocusReason.OtherFocusReason)
            page.focusNextChild()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.focus_current_page()

    def show_placed(self) -> None:
        """Open where it was left if that still fits the free area of that screen (or the
        main screen), otherwise centred and cut to fit; maximised on a laptop's screen."""
        left = None
        with suppress(StorageError):  # where the window was is a convenience only
            left = read_place(self.store.state(PLACE_KEY))
        saved, margins = left if left else (None, frame_margins(self))
        screen = ((QGuiApplication.screenAt(saved.center()) if saved else None)
                  or QGuiApplication.primaryScreen())
        frame, maximised = placement(screen.availableGeometry(), saved)
        if frame != saved:  # placed anew: its frame may not be the one it had there
            margins = frame_margins(self)
        self.setGeometry(frame.marginsRemoved(margins))
        if maximised:
            self.showMaximized()
        else:
            self.show()

    def _remember_place(self) -> None:
        """Keep where the window is (where it goes when restored, if maximised)."""
        margins = frame_margins(self)
        with suppress(StorageError):
            self.store.set_state(PLACE_KEY, place_text(
                self.normalGeometry().marginsAdded(margins), margins))

    # Sessions ----------------------------------------------------------------------------------

    def create_session(self, department: str, facilitator: str, note_taker: str,
                       meeting_date: date, prepare_first: bool = True) -> None:
        try:
            session = self.store.create_session(
                department, first_step=self.playbook.meeting1[0].id, facilitator=facilitator,
                note_taker=note_taker, meeting_date=meeting_date,
                phase=Phase.PREPARING if prepare_first else Phase.MEETING1,
            )
        except StorageError as exc:
            self.new_session_page.ui.errorLabel.setText(str(exc))
            return
        self.open_session(session)

    def open_session_by_id(self, session_id: int, where: str = "") -> None:
        """Open a session from the list or a search result.

        where is a meeting step id, PREPARATION, or "" for where the session's phase is.
        """
        try:
            session = self.store.session(session_id)
        except StorageError as exc:
            QMessageBox.warning(self, "The session could not be opened", str(exc))
            return
        self.open_session(session, where)

    def open_session(self, session: Session, where: str = "") -> None:
        """Show a session: its preparation while preparing, otherwise its meeting."""
        if self.session is not None and self.session.id != session.id:
            self._flush_pages()
            self._back_up(self.autobackup.close)
        try:
            session = self.store.open_session(session.id)
            if where and where != PREPARATION:
                self.store.set_current_step(session.id, where)
                session = self.store.session(session.id)
            for page in self.session_pages:
                page.open_session(session)
        except StorageError as exc:
            QMessageBox.warning(self, "The session could not be opened", str(exc))
            return
        self._session_changed(session)
        if where == PREPARATION:
            self.show_view(self.preparation_page)
        elif where:
            self.show_view(self.meeting_page)
        elif session.phase is Phase.MEETING2:
            self.start_meeting2()
        else:
            self.show_view(self._page({Phase.PREPARING: "preparation",
                                       Phase.MEETING1: "meeting"}.get(session.phase, "guide")))

    def _key_of(self, page: QWidget) -> str:
        return next((key for key, built in self._pages.items() if built is page), "")

    def _session_changed(self, session: Session) -> None:
        """Show the session's phase and make a done session read-only everywhere."""
        self.session = session
        self.meeting_page.update_session(session)
        for page in self.session_pages:
            page.set_read_only(session.read_only)
        self.ui.phaseCombo.setCurrentIndex(self.ui.phaseCombo.findData(session.phase))
        self.ui.doneLabel.setVisible(session.read_only)
        self.ui.reopenButton.setVisible(session.read_only)

    def _sessions_changed(self) -> None:
        """The list renamed, archived or binned sessions: keep the open one up to date."""
        if self.session is None:
            return
        try:
            session = self.store.session(self.session.id)
        except StorageError:
            session = None
        if session is None or session.deleted_at is not None:
            self._flush_pages()
            self._close_pages()
        else:
            self._session_changed(session)

    def _close_pages(self) -> None:
        for page in self.session_pages:
            page.close_session()
        self.session = None
        self.ui.presentAction.setChecked(False)  # no meeting left to show the room
        self.ui.presentAction.setEnabled(False)

    def go_to_phase_page(self, page: QWidget, phase: Phase) -> None:
        """Show a page of the method; a session not that far yet moves on to its phase."""
        if self.session is None:
            return
        self._flush_pages()
        try:  # a page may have changed the session's details (date, people)
            session = self.store.session(self.session.id)
        except StorageError as exc:
            self.statusBar().showMessage(str(exc), 15000)
            return
        self._session_changed(session)
        order = list(Phase)
        if order.index(session.phase) < order.index(phase):
            self.set_phase(phase)
        self.show_view(page)

    def set_phase(self, phase: Phase) -> None:
        if self.session is None or phase is self.session.phase:
            return
        self._flush_pages()
        try:
            session = self.store.set_phase(self.session.id, phase)
        except StorageError as exc:
            self.meeting_page.show_error(str(exc))
            self.ui.phaseCombo.setCurrentIndex(self.ui.phaseCombo.findData(self.session.phase))
            return
        self._session_changed(session)
        if phase is Phase.DONE:
            self.statusBar().showMessage("The session is done and now read-only", 8000)

    def start_meeting(self) -> None:
        """Meeting 1; a session still preparing moves on a phase."""
        if self.session is not None:
            self.meeting_page.show_meeting(1)
        self.go_to_phase_page(self.meeting_page, Phase.MEETING1)

    def start_meeting2(self) -> None:
        """Meeting 2, with the draft it presents kept as a version if none is kept yet."""
        if self.session is None:
            return
        if "guide" in self._pages:
            self.guide_page.flush()
        try:
            if not self.store.versions(self.session.id) and not self.session.read_only:
                version = self.store.freeze_version(self.session.id, VersionStatus.DRAFT)
                self.statusBar().showMessage(
                    f"{version.name} is kept: the draft this meeting sees", 10000)
        except StorageError as exc:
            self.statusBar().showMessage(f"{exc} The draft was not kept as a version.", 15000)
        self.meeting_page.show_meeting(2)
        self.go_to_phase_page(self.meeting_page, Phase.MEETING2)

    def export_invitation(self, text: str) -> None:
        """Save the invitation the facilitator sees as a Word letter."""
        session = self.session
        if session is None:
            return
        if not self._privacy_check_passed(
                lambda: invitation_texts(exportable_view(self.store, session.id), self.playbook)):
            return
        target = self._ask_word_target("Save the invitation",
                                       f"Invitation – {session.department}")
        if target is None:
            return
        from svcrec_desktop.export.invitation import ExportError, export_invitation

        try:
            written = export_invitation(text, session, target, page_format(self.store))
        except (ExportError, StorageError) as exc:
            self.preparation_page.show_error(str(exc))
            return
        self._saved(written, f"The invitation was saved as {written}")

    def export_guide(self) -> None:
        """Ask which version and appendices, check for patient details, then write the guide.

        A failure says why and changes nothing; cancelling anywhere exports nothing.
        """
        session = self.session
        if session is None or not self._in_session():
            return
        self._flush_pages()
        options = self._ask_export_options(session.id)
        if options is None or not self._privacy_check_passed(lambda: guide_texts(
                exportable_view(self.store, session.id, options.version_id), self.playbook,
                options)):
            self.focus_current_page()
            return
        target = self._ask_word_target("Export the guide", session.guide_title)
        if target is None:
            return
        # The exporter loads python-docx; keep it off the start-up path.
        from svcrec_desktop.export.atomic import ExportError
        from svcrec_desktop.export.guide import export_session

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = export_session(self.store, self.playbook, session.id, target, options)
        except (ExportError, StorageError) as exc:
            QGuiApplication.restoreOverrideCursor()
            QMessageBox.warning(self, "The guide was not exported", str(exc))
            return
        QGuiApplication.restoreOverrideCursor()
        self._saved(written, f"The guide was saved as {written}")

    def _ask_export_options(self, session_id: int) -> ExportOptions | None:
        try:
            versions = self.store.versions(session_id)
            paper = page_format(self.store).paper
        except StorageError as exc:
            QMessageBox.warning(self, "The guide was not exported", str(exc))
            return None
        dialog = ExportDialog(versions, self, paper)
        if dialog.exec() != ExportDialog.DialogCode.Accepted:
            return None
        options = dialog.options()
        with suppress(StorageError):  # remembering the paper is a convenience only
            remember_paper(self.store, options.page.paper)
        return options

    def export_quick_card(self) -> None:
        """The one-page card staff pin up, from the newest final guide (else a marked draft)."""
        session = self.session
        if session is None or not self._in_session():
            return
        self._flush_pages()
        from svcrec_desktop.export.atomic import ExportError
        from svcrec_desktop.export.quick_card import (
            card_file_title,
            card_source,
            export_quick_card,
        )

        if not self._privacy_check_passed(lambda: quick_card_texts(
                card_source(self.store, session.id), self.playbook)):
            return
        target = self._ask_word_target("Save the on-the-spot card", card_file_title(session))
        if target is None:
            return
        try:  # the session as stored: the guide page may have changed its help contact
            written = export_quick_card(card_source(self.store, session.id), target,
                                        page_format(self.store), self.playbook)
        except (ExportError, StorageError) as exc:
            QMessageBox.warning(self, "The quick card was not saved", str(exc))
            return
        self._saved(written, f"The quick card was saved as {written}")

    def export_record(self) -> None:
        """The facilitator's record: every note, the parking lot, the times and how it went,
        checked for patient details like every file that leaves."""
        session = self.session
        if session is None or not self._in_session():
            return
        self._flush_pages()
        from svcrec_desktop.export.atomic import ExportError
        from svcrec_desktop.export.record import export_record, record_file_title

        if not self._privacy_check_passed(lambda: record_texts(
                exportable_view(self.store, session.id), self.playbook)):
            return
        target = self._ask_word_target("Save the facilitator’s record",
                                       record_file_title(session.department))
        if target is None:
            return
        try:
            written = export_record(exportable_view(self.store, session.id), self.playbook,
                                    target, page_format(self.store))
        except (ExportError, StorageError) as exc:
            QMessageBox.warning(self, "The facilitator’s record was not saved", str(exc))
            return
        self._saved(written, f"The facilitator’s record was saved as {written}")

    def export_register_csv(self) -> None:
        """The register of recovery items as a CSV file finance can open."""
        session = self.session
        if session is None:
            return
        self._flush_pages()
        from svcrec_desktop.files.register_csv import RegisterError, export_register_csv

        if not self._privacy_check_passed(
                lambda: register_texts(exportable_view(self.store, session.id))):
            return
        target = self._ask_target("Save the register for finance",
                                  f"Recovery items – {session.department}", ".csv",
                                  "CSV file (*.csv)")
        if target is None:
            return
        try:
            written = export_register_csv(exportable_view(self.store, session.id).register,
                                          target)
        except (RegisterError, StorageError) as exc:
            QMessageBox.warning(self, "The register was not saved", str(exc))
            return
        self._saved(written, f"The register was saved as {written}")

    def _saved(self, written: Path, message: str) -> None:
        """Say where a file went and remember its folder for the next one."""
        with suppress(StorageError):  # remembering the folder is a convenience only
            self.store.set_state(LAST_EXPORT_DIR, str(written.parent))
        page = self.ui.pages.currentWidget()
        if hasattr(page, "show_info"):
            page.show_info(message)
        self.statusBar().showMessage(f"Saved {written.name}", 8000)
        self.focus_current_page()

    def _ask_word_target(self, caption: str, title: str) -> Path | None:
        """Ask where to save a Word document; None if the person cancels."""
        return self._ask_target(caption, title, ".docx", "Word document (*.docx)")

    def _ask_target(self, caption: str, title: str, suffix: str,
                    file_filter: str) -> Path | None:
        """Ask where to save a file, in the folder used last, with the suffix its kind needs;
        None if the person cancels."""
        chosen, _filter = QFileDialog.getSaveFileName(
            self, caption, str(Path(self._export_folder()) / file_name(title, suffix)),
            file_filter,
        )
        if not chosen:
            return None
        target = Path(chosen)
        return target if target.suffix.lower() == suffix else target.with_name(
            f"{target.name}{suffix}")

    def _export_folder(self) -> str:
        """Where files were last saved, else the person's documents folder."""
        try:
            remembered = self.store.state(LAST_EXPORT_DIR)
        except StorageError:
            remembered = None
        return remembered or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )

    def _in_session(self) -> bool:
        return self.ui.pages.currentWidget() in self.session_pages

    def import_findings(self) -> None:
        """Complaint themes counted from a CSV file join the preparation's findings."""
        # Loaded on first use: the CSV reader is not needed to start the window.
        from svcrec_desktop.ui.preparation.findings_import import FindingsImportDialog

        dialog = FindingsImportDialog(self)
        if dialog.exec() == FindingsImportDialog.DialogCode.Accepted:
            self.preparation_page.add_imported(dialog.imported().records())
        self.focus_current_page()

    def export_session_file(self) -> None:
        """The whole session as one file, to carry to another laptop."""
        session = self.session
        if session is None or not self._in_session():
            return
        self._flush_pages()
        folder = self._export_folder()
        name = file_name(f"{session.department} session", SESSION_FILE_SUFFIX)
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the session file", str(Path(folder) / name), SESSION_FILE_FILTER,
        )
        if not chosen:
            return
        try:
            written = export_session_file(self.store, session.id, Path(chosen))
        except (SessionFileError, StorageError) as exc:
            QMessageBox.warning(self, "The session file was not saved", str(exc))
            return
        self.statusBar().showMessage(f"Saved {written.name}", 8000)
        self.focus_current_page()

    def import_session_file(self) -> None:
        """Bring in a session from another laptop, or merge a second note-taker's notes."""
        self._flush_pages()
        folder = self._export_folder()
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Open a session file", folder, SESSION_FILE_FILTER,
        )
        if not chosen:
            return
        try:
            result = import_session_file(self.store, Path(chosen))
        except (SessionFileError, StorageError) as exc:
            QMessageBox.warning(self, "The session file was not opened", str(exc))
            return
        self.open_session_by_id(result.session_id)
        self.meeting_page.show_info(result.summary())
        self.statusBar().showMessage(result.summary(), 15000)

    def _privacy_check_passed(self, texts: Callable[[], list[TypedText]]) -> bool:
        """Offer to redact likely patient details in what texts() lists — exactly what the
        file about to be written holds; False when the person cancels."""
        try:
            if not find_identifiers(texts()):
                return True
        except StorageError as exc:
            QMessageBox.warning(self, "Nothing was saved", str(exc))
            return False
        removed = len(self.removals)
        dialog = PrivacyCheckDialog(texts, self.removals, self)
        accepted = dialog.exec() == PrivacyCheckDialog.DialogCode.Accepted
        if len(self.removals) > removed:
            self._forget_in_backups()
            self.statusBar().showMessage(
                "Session ▸ Undo the last removal puts a removed passage back, until the "
                "window closes.", 15000)
        return accepted

    def _set_up_removals(self) -> None:
        """Redactions made before an export stay undoable until the window closes, from the
        Session menu as well as in the check itself."""
        self.removals = Removals(
            lambda key, before, after: store_redaction(self.store, key, before, after),
            lambda key, text: store_redacted(self.store, key, text), self)
        self.removals.changed.connect(self._removals_changed)
        self.undoRemovalAction = QAction("&Undo the last removal of a patient detail", self)
        self.undoRemovalAction.setObjectName("undoRemovalAction")
        self.undoRemovalAction.setEnabled(False)
        self.undoRemovalAction.triggered.connect(self.undo_removal)
        self.ui.sessionMenu.insertAction(self.ui.restoreBackupAction, self.undoRemovalAction)

    def _removals_changed(self, key: tuple[str | int, ...]) -> None:
        """A text was redacted or put back: every page showing it shows it as stored now."""
        self.undoRemovalAction.setEnabled(bool(self.removals))
        if self.session is None:
            return
        if key[0] == "session":  # the details shown by the preparation and the window
            try:
                session = self.store.session(self.session.id)
            except StorageError as exc:
                self.statusBar().showMessage(str(exc), 15000)
            else:
                self._session_changed(session)
                if "preparation" in self._pages:
                    self.preparation_page.open_session(session)
        if "meeting" in self._pages:
            self.meeting_page.notes.refresh()
        if "guide" in self._pages:
            self.guide_page.refresh()

    def undo_removal(self) -> None:
        """Put back the last passage the privacy check removed, and say so."""
        try:
            undone = self.removals.undo()
        except StorageError as exc:
            self._tell(f"{exc} The passage is still removed.", error=True)
        except ValueError as exc:
            self._tell(str(exc), error=True)
        else:
            self._tell("The last passage removed is back as it was." if undone
                       else "No removal is left to undo.")

    def _tell(self, message: str, *, error: bool = False) -> None:
        """A message on the page shown (if it has a banner) and in the status bar."""
        page = self.ui.pages.currentWidget()
        show = getattr(page, "show_error" if error else "show_info", None)
        if show is not None:
            show(message)
        self.statusBar().showMessage(message, 15000)

    def _back_up(self, take) -> None:
        """Run a backup step; a failure is reported quietly, because every note is still safe."""
        try:
            if take() is not None:
                self.statusBar().showMessage("Backup taken", 4000)
        except StorageError as exc:
            self.statusBar().showMessage(str(exc), 15000)

    def restore_from_backup(self) -> None:
        """Go back to a backup the person picks; the current database is kept aside."""
        dialog = RestoreBackupDialog(list_backups(self.store.path.parent), self)
        accepted = dialog.exec() == RestoreBackupDialog.DialogCode.Accepted
        backup = dialog.chosen() if accepted else None
        if backup is None:
            self.focus_current_page()
            return
        if not self._flush_pages():
            QMessageBox.warning(
                self, "The backup was not restored",
                "Some notes are still waiting for the disk. Restore once they are saved.",
            )
            return
        self._close_pages()
        try:
            aside = restore_backup(self.store, backup)
        except StorageError as exc:
            QMessageBox.warning(self, "The backup was not restored", str(exc))
            aside = None
        self.autobackup.restart()
        session = self.store.latest_session()
        if session is None:
            self.show_new_session()
        else:
            self.open_session(session)
        if aside is not None:
            self.meeting_page.show_info(
                f"The backup from {shown_moment(backup.taken_at)} was restored. The database "
                f"as it was before is kept in the data folder as {aside.name}."
            )

    def show_about(self) -> None:
        QMessageBox.about(
            self, f"About {DISPLAY_NAME}",
            f"<h3>{DISPLAY_NAME} {__version__}</h3>"
            "<p>Helps a unit leader run a service-recovery co-design session with the team, "
            "keeps every note the note-taker types, and turns the session into the "
            "department's guide to service recovery as a Word document.</p>"
            "<p>Everything stays on this computer: the application never uses the network.</p>"
            f"<p><i>{escape(self.playbook.source)}</i></p>",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._flush_pages():
            self._backup_timer.stop()
            self._back_up(self.autobackup.close)
            self._forget_deleted()
            self._remember_place()
            self.ui.presentAction.setChecked(False)  # the room's window closes with this one
            event.accept()
            return
        answer = QMessageBox.warning(
            self, "Some text is not saved yet",
            "Notes waiting for the disk, or the text in the note box, could not be saved yet. "
            "If you quit now they will be lost. Quit anyway?",
            QMessageBox.StandardButton.Cancel | QMessageBox.StandardButton.Discard,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Discard:
            self._backup_timer.stop()
            self.ui.presentAction.setChecked(False)
            event.accept()
        else:
            event.ignore()

    def _forget_deleted(self) -> None:
        """Once the window closes nothing can undo a deletion (or a redaction) any more: the
        deleted rows are wiped for good, and from the backups too, the one just taken
        included. A failure leaves them for the next close; no note is at risk."""
        with suppress(StorageError):
            self.store.purge_deleted()
            self._forget_in_backups()

    def _forget_in_backups(self) -> None:
        """Make the backups forget what was erased from the database (redactions, deleted
        rows wiped); a backup that cannot be rewritten is named, not silently kept."""
        try:
            missed = rewrite_backups(self.store)
        except StorageError as exc:
            self.statusBar().showMessage(str(exc), 15000)
            return
        if missed:
            self.statusBar().showMessage(
                f"Removed text is still in {counted(len(missed), 'backup')} that could not be "
                "cleared: " + ", ".join(backup.path.name for backup in missed), 30000)

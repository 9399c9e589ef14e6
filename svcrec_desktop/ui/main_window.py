"""The main window: the session's pages, each built the first time it is shown, the menus, and
the automatic backups; its file flows (exports, imports, restore) live in ui/file_flows.py."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from svcrec_desktop import DISPLAY_NAME
from svcrec_desktop.domain.guide_model import VersionStatus
from svcrec_desktop.domain.model import Phase, Session, counted
from svcrec_desktop.domain.organisation import Organisation
from svcrec_desktop.domain.playbook import Playbook
from svcrec_desktop.store.database import StorageError, Store
from svcrec_desktop.ui.banner import INFO_SHOWN_MS, NOTICE_SHOWN_MS, Banner
from svcrec_desktop.ui.data_folder import say_if_low_on_space
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.home import PREPARATION
from svcrec_desktop.ui.placement import kept_place, show_where_left
from svcrec_desktop.ui.session_bar import SessionBar
from svcrec_desktop.ui.view_and_help import ViewAndHelp
from svcrec_desktop.ui.window_backups import WindowBackups
from svcrec_desktop.ui.zoom import Zoom

if TYPE_CHECKING:  # the pages (and the file flows) load the first time they are needed
    from svcrec_desktop.ui.file_flows import FileFlows
    from svcrec_desktop.ui.guide.page import GuidePage
    from svcrec_desktop.ui.home.new_session import NewSessionPage
    from svcrec_desktop.ui.home.page import HomePage
    from svcrec_desktop.ui.meeting.page import MeetingPage
    from svcrec_desktop.ui.meeting.presenter import PresenterWindow
    from svcrec_desktop.ui.preparation.page import PreparationPage

SESSION_PAGES = ("preparation", "meeting", "guide")  # an open session's pages, in method order
ZOOM_KEY = "zoom:main"  # the store's state key of this window's text size
PLACE_KEY = "place:main"  # the store's state key of where this window was left
SETTINGS_PROBLEMS_SHOWN = 3  # the banner names this many problems of the organisation's file


class MainWindow(QMainWindow):
    """Shows the new-session form on first launch, otherwise the last session where it was."""

    def __init__(self, store: Store, playbook: Playbook, parent: QWidget | None = None, *,
                 organisation: Organisation | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "main_window")
        self.store = store
        self.playbook = playbook
        self.organisation = organisation or Organisation()  # IT's settings for this machine
        self._pages: dict[str, QWidget] = {}  # built the first time each is needed
        self._presenter: PresenterWindow | None = None
        self._files: FileFlows | None = None
        self._before_new_session: QWidget | None = None  # where Cancel in the form goes back to
        self.session: Session | None = None
        self.settings_banner: Banner | None = None  # problems with the organisation's file
        actions = {
            self.ui.homeAction: self.show_home,
            self.ui.newSessionAction: self.show_new_session,
            self.ui.searchAction: self.search,
            self.ui.prepareAction: lambda: self.show_view(self.preparation_page),
            self.ui.meetingAction: self.start_meeting,
            self.ui.guideAction: lambda: self.go_to_phase_page(self.guide_page, Phase.BETWEEN),
            self.ui.meeting2Action: self.start_meeting2,
            self.ui.exportAction: lambda: self.files.export_guide(),
            self.ui.quickCardAction: lambda: self.files.export_quick_card(),
            self.ui.recordAction: lambda: self.files.export_record(),
            self.ui.exportSessionFileAction: lambda: self.files.export_session_file(),
            self.ui.importSessionFileAction: lambda: self.files.import_session_file(),
            self.ui.quitAction: self.close,
            self.ui.nextStepAction: lambda: self.meeting_page.next_step(),
            self.ui.previousStepAction: lambda: self.meeting_page.previous_step(),
            self.ui.focusCaptureAction: lambda: self.meeting_page.focus_capture(),
            self.ui.restoreBackupAction: lambda: self.files.restore_from_backup(),
            self.ui.undoRemovalAction: lambda: self.files.undo_removal(),
        }
        for action, slot in actions.items():
            action.triggered.connect(slot)
        self.ui.homeButton.clicked.connect(self.show_home)
        self.ui.saveFileButton.clicked.connect(lambda: self.files.export_session_file())
        self.ui.recordButton.clicked.connect(lambda: self.files.export_record())
        self.ui.presentAction.toggled.connect(self._present_first)
        self.bar = SessionBar(self.ui)
        self.bar.phaseChosen.connect(self.set_phase)
        self.zoom = Zoom(self, store, ZOOM_KEY)
        self.view_and_help = ViewAndHelp(  # what is typed over the key sheet: into the note box
            self, self.ui, store, self.zoom, playbook.source,
            lambda: self._showing("meeting") and self.meeting_page.focus_capture(),
            self.organisation.in_force())
        self.backups = WindowBackups(self, store)
        session = store.sessions.latest()
        if session is not None:
            self.open_session(session)
        elif store.sessions.all(archived=True) or store.sessions.all(in_bin=True):
            self.show_home()
        else:
            self.show_new_session()  # the very first start: straight to the department's name
        if self.organisation.warnings:
            self._tell_settings_problems()

    def _tell_settings_problems(self) -> None:
        """Once, at start, over whichever page shows: what in the organisation's file could
        not be used (the built-in defaults stand in for it)."""
        label = QLabel(objectName="bannerLabel", wordWrap=True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        banner = Banner(self.ui.pages, label, INFO_SHOWN_MS)
        self.ui.pages.currentChanged.connect(banner.raise_)  # a page shown goes on top
        self.settings_banner = banner
        warnings = self.organisation.warnings
        more = (f"\n…and {counted(len(warnings) - SETTINGS_PROBLEMS_SHOWN, 'more problem')}."
                if len(warnings) > SETTINGS_PROBLEMS_SHOWN else "")
        banner.say("\n".join(warnings[:SETTINGS_PROBLEMS_SHOWN]) + more + "\nEverything else "
                   "works as usual; please tell your IT department.", "error")

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
        """Runs meeting 1 and meeting 2."""
        return self._page("meeting")  # type: ignore[return-value]

    @property
    def guide_page(self) -> GuidePage:
        return self._page("guide")  # type: ignore[return-value]

    @property
    def presenter(self) -> PresenterWindow:
        """The window for the room (F5), following the meeting page; built the first time it
        is wanted, as the pages are, with what decides what the room may see."""
        if self._presenter is None:
            from svcrec_desktop.ui.meeting.presenter import PresenterWindow

            presenter = PresenterWindow(self.meeting_page, self)
            presenter.connect_menu(self.ui.presentAction, self.ui.presentFindingsAction,
                                   self.ui.presentNotesAction, self.ui.presentScrollUpAction,
                                   self.ui.presentScrollDownAction)
            self._presenter = presenter
        return self._presenter

    def _present_first(self, on: bool) -> None:
        """The first F5: build the window for the room, which takes this F5 (and every later
        one) itself."""
        if on and self._presenter is None:
            self.presenter.set_presenting(True)

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
        page.ui.importFileButton.clicked.connect(lambda: self.files.import_session_file())
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
        page.importFindingsRequested.connect(lambda: self.files.import_findings())
        page.exportInvitationRequested.connect(
            lambda text, meeting: self.files.export_invitation(text, meeting))
        return page

    def _build_meeting(self) -> QWidget:
        from svcrec_desktop.ui.meeting.page import MeetingPage

        page = MeetingPage(self.store, self.playbook, self)
        page.exportRequested.connect(lambda: self.files.export_guide())
        page.meetingChanged.connect(lambda _number: self._show_where())
        return page

    def _build_guide(self) -> QWidget:
        from svcrec_desktop.ui.guide.page import GuidePage

        page = GuidePage(self.store, self.playbook, self, organisation=self.organisation)
        page.exportRequested.connect(lambda: self.files.export_guide())
        page.quickCardRequested.connect(lambda: self.files.export_quick_card())
        page.registerCsvRequested.connect(lambda: self.files.export_register_csv())
        return page

    # Which page shows --------------------------------------------------------------------------

    def _session_actions(self, enabled: bool) -> None:
        self.bar.enable(enabled, enabled and self._showing("meeting"), self.session is not None)

    def flush_pages(self) -> bool:
        """Save what is typed anywhere; False if something still waits for the disk."""
        return all([page.flush() for page in self.session_pages])

    def show_home(self) -> None:
        self.flush_pages()
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
        self.flush_pages()
        if not self._showing("new_session"):
            self._before_new_session = self.ui.pages.currentWidget()
        self.new_session_page.reset(can_cancel=bool(self.store.sessions.all()))
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
        """Show the open session's preparation or its meeting; a meeting that opens says
        first if the disk is nearly full."""
        if self.session is None:
            return
        opening_meeting = self._key_of(page) == "meeting" and not self._showing("meeting")
        self.ui.pages.setCurrentWidget(page)
        self._session_actions(True)
        self._show_where()
        self.focus_current_page()
        if opening_meeting:
            self.say_if_low_on_space()

    def say_if_low_on_space(self) -> None:
        """Before a meeting (and at start): a nearly full disk is said while nothing is lost."""
        say_if_low_on_space(self.store.path.parent, self.ui.pages.currentWidget())

    def _show_where(self) -> None:
        """The bar's button and the window title for the page (and meeting) shown."""
        page = self.ui.pages.currentWidget()
        if self.session is None or page not in self.session_pages:
            return
        key = self._key_of(page)
        where = self.bar.show_page(key, self.meeting_page.meeting if key == "meeting" else 0)
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
        """Open where the window was left (ui/placement.py says where that may be)."""
        kept = None
        with suppress(StorageError):  # where the window was is a convenience only
            kept = self.store.state.get(PLACE_KEY)
        show_where_left(self, kept)

    def _remember_place(self) -> None:
        with suppress(StorageError):
            self.store.state.set(PLACE_KEY, kept_place(self))

    # Sessions ----------------------------------------------------------------------------------

    def create_session(self, department: str, facilitator: str, note_taker: str,
                       meeting_date: date, prepare_first: bool = True) -> None:
        try:
            session = self.store.sessions.create(
                department, first_step=self.playbook.meeting1[0].id, facilitator=facilitator,
                note_taker=note_taker, meeting_date=meeting_date,
                phase=Phase.PREPARING if prepare_first else Phase.MEETING1,
                help_contact=self.organisation.help_contact,
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
            session = self.store.sessions.get(session_id)
        except StorageError as exc:
            QMessageBox.warning(self, "The session could not be opened", str(exc))
            return
        self.open_session(session, where)

    def open_session(self, session: Session, where: str = "") -> None:
        """Show a session: its preparation while preparing, otherwise its meeting."""
        if self.session is not None and self.session.id != session.id:
            self.flush_pages()
            self.backups.back_up(self.backups.autobackup.close)
        try:
            session = self.store.sessions.open(session.id)
            if where and where != PREPARATION:
                self.store.sessions.set_current_step(session.id, where)
                session = self.store.sessions.get(session.id)
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
        if "meeting" in self._pages:  # a meeting page built later opens on it
            self.meeting_page.update_session(session)
        for page in self.session_pages:
            page.set_read_only(session.read_only)
        self.bar.show_phase(session)

    def _sessions_changed(self) -> None:
        """The list renamed, archived or binned sessions: keep the open one up to date."""
        if self.session is None:
            return
        try:
            session = self.store.sessions.get(self.session.id)
        except StorageError:
            session = None
        if session is None or session.deleted_at is not None:
            self.flush_pages()
            self.close_pages()
        else:
            self._session_changed(session)

    def close_pages(self) -> None:
        for page in self.session_pages:
            page.close_session()
        self.session = None
        self.ui.presentAction.setChecked(False)  # no meeting left to show the room
        self.ui.presentAction.setEnabled(False)

    def go_to_phase_page(self, page: QWidget, phase: Phase) -> None:
        """Show a page of the method; a session not that far yet moves on to its phase."""
        if self.session is None:
            return
        self.flush_pages()
        try:  # a page may have changed the session's details (date, people)
            session = self.store.sessions.get(self.session.id)
        except StorageError as exc:
            self.say(str(exc))
            return
        self._session_changed(session)
        order = list(Phase)
        if order.index(session.phase) < order.index(phase):
            self.set_phase(phase)
        self.show_view(page)

    def set_phase(self, phase: Phase) -> None:
        if self.session is None or phase is self.session.phase:
            return
        self.flush_pages()
        try:
            session = self.store.sessions.set_phase(self.session.id, phase)
        except StorageError as exc:
            self.meeting_page.show_error(str(exc))
            self.bar.show_phase(self.session)
            return
        self._session_changed(session)
        if phase is Phase.DONE:
            self.say("The session is done and now read-only", INFO_SHOWN_MS)

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
            if not self.store.versions.of_session(self.session.id) and not self.session.read_only:
                version = self.store.versions.freeze(self.session.id, VersionStatus.DRAFT)
                self.say(f"{version.name} is kept: the draft this meeting sees", 10000)
        except StorageError as exc:
            self.say(f"{exc} The draft was not kept as a version.")
        self.meeting_page.show_meeting(2)
        self.go_to_phase_page(self.meeting_page, Phase.MEETING2)

    # The file flows ----------------------------------------------------------------------------

    @property
    def files(self) -> FileFlows:
        """Exports, imports and restore, built (and their dialogs imported) on first use."""
        if self._files is None:
            from svcrec_desktop.ui.file_flows import FileFlows

            self._files = FileFlows(self)
            self._files.removals.changed.connect(self._removals_changed)
            self._files.findingsImported.connect(
                lambda themes: self.preparation_page.add_imported(themes))
            self._files.sessionImported.connect(self._session_imported)
            self._files.restored.connect(self._restored)
        return self._files

    def in_session(self) -> bool:
        return self.ui.pages.currentWidget() in self.session_pages

    def say(self, message: str, ms: int = NOTICE_SHOWN_MS) -> None:
        """A line in the status bar, for ms milliseconds."""
        self.statusBar().showMessage(message, ms)

    def show_on_page(self, message: str, *, error: bool = False) -> None:
        """A message on the page shown, if it has a banner."""
        page = self.ui.pages.currentWidget()
        show = getattr(page, "show_error" if error else "show_info", None)
        if show is not None:
            show(message)

    def _session_imported(self, session_id: int, summary: str) -> None:
        self.open_session_by_id(session_id)
        self.meeting_page.show_info(summary)

    def _restored(self, message: str) -> None:
        """The database was replaced by a backup (or the attempt failed): open what it holds."""
        self.backups.autobackup.restart()
        session = self.store.sessions.latest()
        if session is None:
            self.show_new_session()
        else:
            self.open_session(session)
        if message:
            self.meeting_page.show_info(message)

    def _removals_changed(self, key: tuple[str | int, ...]) -> None:
        """A text was redacted or put back: every page showing it shows it as stored now."""
        self.ui.undoRemovalAction.setEnabled(bool(self.files.removals))
        if self.session is None:
            return
        if key[0] == "session":  # the details shown by the preparation and the window
            try:
                session = self.store.sessions.get(self.session.id)
            except StorageError as exc:
                self.say(str(exc))
            else:
                self._session_changed(session)
                if "preparation" in self._pages:
                    self.preparation_page.open_session(session)
        if "meeting" in self._pages:
            self.meeting_page.notes.refresh()
        if "guide" in self._pages:
            self.guide_page.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.flush_pages():
            self.backups.close()
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
            self.backups.timer.stop()
            self.ui.presentAction.setChecked(False)
            event.accept()
        else:
            event.ignore()

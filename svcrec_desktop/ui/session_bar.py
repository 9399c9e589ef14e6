"""The bar over an open session's pages, and the menu items that need an open session.

The bar's buttons say which page of the method is shown and go to the others (through the
window's actions, so a button and its menu item do the same); the phase list and the done
mark show where the session is.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from svcrec_desktop.domain.model import Phase, Session


class SessionBar(QObject):
    """Shows the open session on the main window's bar, from the window's form (ui)."""

    phaseChosen = Signal(object)  # a Phase: chosen in the list, or meeting 2 again (Reopen)

    def __init__(self, ui) -> None:
        super().__init__(ui.sessionBar)
        self.ui = ui
        for button, action in ((ui.prepareButton, ui.prepareAction),
                               (ui.meetingButton, ui.meetingAction),
                               (ui.guideButton, ui.guideAction),
                               (ui.meeting2Button, ui.meeting2Action)):
            button.clicked.connect(action.trigger)
        ui.reopenButton.clicked.connect(lambda: self.phaseChosen.emit(Phase.MEETING2))
        for phase in Phase:
            ui.phaseCombo.addItem(phase.label, phase)
        ui.phaseCombo.activated.connect(
            lambda index: self.phaseChosen.emit(Phase(ui.phaseCombo.itemData(index))))

    def enable(self, session_open: bool, in_meeting: bool, presentable: bool) -> None:
        """Actions that need an open session; the meeting's own only on the meeting page."""
        ui = self.ui
        for action in (ui.exportAction, ui.exportSessionFileAction, ui.quickCardAction,
                       ui.recordAction, ui.prepareAction, ui.meetingAction, ui.guideAction,
                       ui.meeting2Action):
            action.setEnabled(session_open)
        for action in (ui.nextStepAction, ui.previousStepAction, ui.focusCaptureAction):
            action.setEnabled(in_meeting)
        ui.sessionBar.setVisible(session_open)
        ui.presentAction.setEnabled(presentable)

    def show_page(self, page: str, meeting: int) -> str:
        """Check the button of the page shown ("preparation", "guide", else the meeting);
        returns where the session is, for the window's title."""
        where, button = {
            "preparation": ("preparation", self.ui.prepareButton),
            "guide": ("the guide", self.ui.guideButton),
        }.get(page) or (f"meeting {meeting}",
                        self.ui.meeting2Button if meeting == 2 else self.ui.meetingButton)
        button.setChecked(True)
        return where

    def show_phase(self, session: Session) -> None:
        """The session's phase, and the done mark with its Reopen button."""
        self.ui.phaseCombo.setCurrentIndex(self.ui.phaseCombo.findData(session.phase))
        self.ui.doneLabel.setVisible(session.read_only)
        self.ui.reopenButton.setVisible(session.read_only)

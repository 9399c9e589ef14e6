"""What the window says about its data folder: one on a network drive or in a synced folder
(at start, with the offer of a folder on this laptop), and a disk nearly full (at start and
each time a meeting opens, before any note fails to save). store/data_folder.py finds both.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from svcrec_desktop import paths
from svcrec_desktop.store.data_folder import (
    FolderRisk,
    folder_risk,
    low_space,
    low_space_warning,
)
from svcrec_desktop.ui.asking import ask

FOLDER_TITLE = "A folder on this laptop would be safer"
USE_LOCAL = "&Use a folder on this laptop"
KEEP = "&Keep this folder"
LOW_SPACE_TITLE = "The disk is nearly full"


def folder_for_this_run(data_dir: Path, risk: FolderRisk | None) -> Path:
    """The data folder to open: data_dir, unless it is on a network drive or in a synced
    folder and the person takes this laptop's own folder instead, for this run (the next
    start asks again, until the IT team gives the application a folder on the laptop)."""
    if risk is None:
        return data_dir
    local = paths.default_data_dir()
    if local.resolve() == data_dir.resolve() or folder_risk(local) is not None:  # none better
        QMessageBox.warning(None, FOLDER_TITLE, f"{_why(risk)}\n\nAsk your IT team to give the "
                            "application a folder on this laptop.")
        return data_dir
    chosen = ask(None, FOLDER_TITLE,
                 f"{_why(risk)}\n\nUse the application’s own folder on this laptop instead?"
                 f"\n{local}\n\nThe sessions in the other folder stay there; “Save session "
                 "file…” and “Open session file…” carry one over.",
                 go=USE_LOCAL, stay=KEEP, go_first=True, warning=True)
    return local if chosen else data_dir


def _why(risk: FolderRisk) -> str:
    if risk.kind == "sync":
        return (f"Your notes are kept in a folder that {risk.where} copies to other computers "
                f"and the internet:\n{risk.folder}\n\nIt may copy the database while a note is "
                "being saved, which can damage it, and notes may hold details about patients "
                "that should stay on this laptop.")
    return (f"Your notes are kept on {risk.where}:\n{risk.folder}\n\nThe application keeps "
            "each note safe the moment it is saved, in a way that only a disk inside this "
            "laptop can promise. There, a note could be lost if the connection drops.")


def say_if_low_on_space(folder: Path, page: QWidget) -> None:
    """Warn on the page shown (its message strip, else a message box over it) while the
    data folder's disk has little space left."""
    free = low_space(folder)
    if free is None:
        return
    text = low_space_warning(free)
    show_error = getattr(page, "show_error", None)
    if show_error is not None:
        show_error(text)
    else:
        QMessageBox.warning(page, LOW_SPACE_TITLE, text)

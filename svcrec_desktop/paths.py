"""The one place that knows where files live.

Three layouts are supported: a source checkout (``ui/``, ``resources/`` and ``docs/`` beside
the package), an installed wheel (copied into the package as ``_ui``, ``_resources`` and
``_docs``), and a PyInstaller bundle (``ui/``, ``resources/`` and ``docs/`` under
``sys._MEIPASS``). The user's data
folder follows the platform rules of Qt's ``QStandardPaths.AppDataLocation`` without
importing Qt, so the command line can find the same database as the window. The organisation's
settings file is looked for here too (organisation_file), and the organisation may keep a data
folder's backups elsewhere (keep_backups_in, set once when its settings are read).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from svcrec_desktop import APP_NAME, DISPLAY_NAME

DATABASE_NAME = "svcrec.sqlite3"
PLAYBOOK_NAME = "playbook.toml"
SESSION_FILE_SUFFIX = ".svcrec.json"  # the name a session file is offered; nothing depends on it
ORGANISATION_NAME = "organisation.toml"
ORGANISATION_ENV = "SVCREC_ORGANISATION"  # names an organisation file, after --organisation

# Each data folder whose backups the organisation keeps elsewhere, with that folder.
_backups_kept_in: dict[Path, Path] = {}


@dataclass(frozen=True)
class Layout:
    """Where the read-only application files are for this way of running."""

    kind: str  # "checkout", "installed" or "bundle"
    ui: Path
    resources: Path
    docs: Path  # the user guide and its pictures


def _package_dir() -> Path:
    return Path(__file__).resolve().parent


def detect_layout() -> Layout:
    """Work out whether we run from a bundle, an installed wheel or a checkout."""
    bundle_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle_root:
        root = Path(bundle_root)
        return Layout("bundle", root / "ui", root / "resources", root / "docs")
    package = _package_dir()
    if (package / "_resources").is_dir():
        return Layout("installed", package / "_ui", package / "_resources", package / "_docs")
    checkout = package.parent
    return Layout("checkout", checkout / "ui", checkout / "resources", checkout / "docs")


def ui_file(name: str) -> Path:
    """The Qt Designer file ``ui/<name>.ui``."""
    return detect_layout().ui / f"{name}.ui"


def resource_file(*parts: str) -> Path:
    """A file under ``resources/``, e.g. ``resource_file("icons", "app.png")``."""
    return detect_layout().resources.joinpath(*parts)


def user_guide() -> Path:
    """The user guide (Markdown); the pictures it shows are in ``images/`` beside it."""
    return detect_layout().docs / "user-guide.md"


def builtin_playbook_file() -> Path:
    """The playbook shipped with the application."""
    return resource_file(PLAYBOOK_NAME)


def default_data_dir() -> Path:
    """The per-user data folder, as QStandardPaths.AppDataLocation names it."""
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        xdg = os.environ.get("XDG_DATA_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else home / ".local" / "share"
    return base / APP_NAME


def database_file(data_dir: Path) -> Path:
    """The SQLite file holding every session of this user."""
    return data_dir / DATABASE_NAME


def backups_dir(data_dir: Path) -> Path:
    """Where automatic backups of the database are kept: the data folder's backups folder,
    unless the organisation keeps them elsewhere (keep_backups_in)."""
    return _backups_kept_in.get(data_dir.expanduser().absolute(), data_dir / "backups")


def lock_file(data_dir: Path) -> Path:
    """Held by the running window so that a second copy does not open the same data."""
    return data_dir / "svcrec.lock"


def user_playbook_file(data_dir: Path) -> Path:
    """A department's own wording of the playbook; used instead of the built-in one if present."""
    return data_dir / PLAYBOOK_NAME


def logs_dir(data_dir: Path) -> Path:
    """The crash reports kept on this laptop for the IT team: never any note text."""
    return data_dir / "logs"


def crash_log_file(data_dir: Path) -> Path:
    """The current crash report; older ones sit beside it as .1, .2, .3."""
    return logs_dir(data_dir) / "crash-report.log"


# The organisation's settings, set once per machine ------------------------------------------

# The folder an organisation file goes in, under the system-wide configuration folder.
ORGANISATION_FOLDER = DISPLAY_NAME


def bundle_dir() -> Path | None:
    """The installed bundle's own folder, where IT may put files for every user of that copy.

    A checkout and an installed wheel have none: their executable is Python's, whose folder
    belongs to Python, not to this application.
    """
    if detect_layout().kind != "bundle":
        return None
    return Path(sys.executable).resolve().parent


def system_config_dir() -> Path:
    """The machine-wide configuration folder of this application: under %ProgramData% on
    Windows, /Library/Application Support on macOS, the first of XDG_CONFIG_DIRS (else
    /etc/xdg) on Linux."""
    if sys.platform == "win32":
        base = Path(os.environ.get("PROGRAMDATA") or r"C:\ProgramData")
    elif sys.platform == "darwin":
        base = Path("/Library/Application Support")
    else:
        first = os.environ.get("XDG_CONFIG_DIRS", "").split(os.pathsep)[0]
        base = Path(first) if os.path.isabs(first) else Path("/etc/xdg")
    return base / ORGANISATION_FOLDER


def organisation_places(beside: Path | None = None, system: Path | None = None
                        ) -> tuple[Path, ...]:
    """Where an organisation file is looked for when none is named, in order: beside the
    bundle's executable, then the system-wide folder. beside and system stand in for the
    bundle's folder and system_config_dir() (tests give their own)."""
    beside = beside or bundle_dir()
    system = system or system_config_dir()
    return (*([beside / ORGANISATION_NAME] if beside else []), system / ORGANISATION_NAME)


def organisation_file(named: Path | str | None = None, *, beside: Path | None = None,
                      system: Path | None = None) -> Path | None:
    """The organisation file in force: the one named (--organisation), else the one
    SVCREC_ORGANISATION names, else the first of organisation_places that exists; None when
    there is none. A file named but missing is still the one in force: reading it warns."""
    if named:
        return _from_home(Path(named))
    from_env = os.environ.get(ORGANISATION_ENV, "").strip()
    if from_env:
        return _from_home(Path(from_env))
    return next((place for place in organisation_places(beside, system) if place.exists()),
                None)


def configured_path(text: str, relative_to: Path) -> Path:
    """A path written in an organisation file: ~ and environment variables ($HOME, and
    %USERPROFILE% on Windows) expanded, so one machine-wide file can name each person's own
    folder; a relative path is taken from the folder of the file that names it."""
    path = _from_home(Path(os.path.expandvars(text.strip())))
    return path if path.is_absolute() else relative_to / path


def _from_home(path: Path) -> Path:
    """~ expanded; a ~name of no one on this computer is left as written (a settings file
    may be wrong, and must never stop the application)."""
    try:
        return path.expanduser()
    except RuntimeError:
        return path


def keep_backups_in(data_dir: Path, folder: Path | None) -> None:
    """Keep the backups of this data folder in folder (the organisation's choice) rather than
    in its own backups folder; None puts them back there."""
    key = data_dir.expanduser().absolute()
    if folder is None:
        _backups_kept_in.pop(key, None)
    else:
        _backups_kept_in[key] = folder

"""The one place that knows where files live.

Three layouts are supported: a source checkout (``ui/``, ``resources/`` and ``docs/`` beside
the package), an installed wheel (copied into the package as ``_ui``, ``_resources`` and
``_docs``), and a PyInstaller bundle (``ui/``, ``resources/`` and ``docs/`` under
``sys._MEIPASS``). The user's data
folder follows the platform rules of Qt's ``QStandardPaths.AppDataLocation`` without
importing Qt, so the command line can find the same database as the window.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from svcrec_desktop import APP_NAME

DATABASE_NAME = "svcrec.sqlite3"
PLAYBOOK_NAME = "playbook.toml"


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
    """Where automatic backups of the database are kept."""
    return data_dir / "backups"


def lock_file(data_dir: Path) -> Path:
    """Held by the running window so that a second copy does not open the same data."""
    return data_dir / "svcrec.lock"


def user_playbook_file(data_dir: Path) -> Path:
    """A department's own wording of the playbook; used instead of the built-in one if present."""
    return data_dir / PLAYBOOK_NAME

"""Consistent private copies of a database: what a backup is, shared by the automatic backups
and the copy taken before a new release upgrades the database."""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing, suppress
from datetime import datetime
from pathlib import Path

from svcrec_desktop import paths

BACKUP_STAMP = "%Y%m%d-%H%M%S-%f"


def backup_file(data_dir: Path, reason: str) -> Path:
    """Where a backup taken now for this reason goes (the backups folder is made private; an
    organisation's backups folder elsewhere is made with the folders it is in)."""
    folder = paths.backups_dir(data_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder / f"svcrec-{datetime.now():{BACKUP_STAMP}}-{reason}.sqlite3"


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent private copy of an open database at target, or no file at all."""
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        os.close(os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600))
        with closing(sqlite3.connect(temporary)) as destination:
            source.backup(destination)
            destination.execute("pragma journal_mode = delete")
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            temporary.unlink()
        raise

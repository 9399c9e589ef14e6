"""Write the document so that a failure never leaves a broken or half-written file.

The document goes to a temporary file in the target's folder, is flushed to disk, and then
replaces the target in one step. Any earlier file at the target stays intact until then.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from contextlib import suppress
from pathlib import Path

from docx.document import Document


class ExportError(Exception):
    """The guide could not be written; the message says why in plain words."""


def _reason(exc: OSError, target: Path) -> str:
    folder = target.parent
    prefix = f"Cannot save the guide as {target}:"
    if isinstance(exc, FileNotFoundError):
        return f"{prefix} the folder {folder} does not exist."
    if isinstance(exc, NotADirectoryError):
        return f"{prefix} {folder} is not a folder."
    if exc.errno == errno.ENOSPC:
        return f"{prefix} the disk is full."
    if exc.errno == errno.EROFS:
        return f"{prefix} the disk cannot be written to (read-only)."
    if isinstance(exc, PermissionError):
        if target.exists():
            return (f"{prefix} the file is open in another program or is read-only. "
                    "Close it and try again, or choose another name.")
        return f"{prefix} you do not have permission to write in {folder}."
    return f"{prefix} {exc.strerror or exc}."


def _normal_file_mode() -> int:
    """The mode a new file would get from the user's umask (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def save_atomically(document: Document, target: Path) -> None:
    """Save document at target, or raise ExportError leaving the folder as it was."""
    if target.is_dir():
        raise ExportError(f"Cannot save the guide as {target}: a folder has that name.")
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".~", suffix=".docx.tmp")
    except OSError as exc:
        raise ExportError(_reason(exc, target)) from exc
    try:
        with os.fdopen(handle, "wb") as stream:
            document.save(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _normal_file_mode())
        os.replace(temporary, target)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise ExportError(_reason(exc, target)) from exc
        raise
    if sys.platform != "win32":
        _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, so a power cut cannot bring the old file back."""
    with suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)

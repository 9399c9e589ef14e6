"""Write a file so that a failure never leaves a broken or half-written one.

On Linux the data goes into an unnamed file in the target's folder (O_TMPFILE), is flushed
to disk, given a temporary name and at once put in the target's place: a crash or kill -9
while writing leaves nothing behind, because an unnamed file disappears with the process.
Elsewhere (or on a file system that refuses unnamed files) it goes to a named temporary
file instead. Either way any earlier file at the target stays intact until the single
replacing step, and leftovers of our own temporary files are swept away later.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path

TEMP_PREFIX = ".~svcrec-"
TEMP_SUFFIX = ".tmp"
# The kinds of file we write; their temporary files carry the extension before TEMP_SUFFIX.
KNOWN_EXTENSIONS = (".docx", ".json")
# Only our own names: today's prefix, or the bare ".~" of earlier versions, then eight
# characters as tempfile.mkstemp makes them.
OUR_TEMPORARY = re.compile(r"\.~(?:svcrec-)?[a-z0-9_]{8}(?:\.docx|\.json)?\.tmp")
_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"
# A temporary file is written continuously until it is renamed; untouched this long, the
# export that wrote it is gone and the file is an orphan.
STALE_AFTER_SECONDS = 120.0
# How the kernel or a file system says "no unnamed files here"; the named way is used then.
_NO_UNNAMED_FILES = {errno.EOPNOTSUPP, errno.ENOTSUP, errno.EISDIR, errno.EINVAL, errno.EXDEV}


class _UnnamedRefused(Exception):
    """This system or file system cannot give an unnamed file a name; use a named one."""


def describe_write_error(exc: OSError, target: Path, what: str) -> str:
    """One sentence for the person: why `what` ("the guide") could not be saved at target."""
    folder = target.parent
    prefix = f"Cannot save {what} as {target}:"
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


def sweep_leftovers(folder: Path, *, older_than: float = STALE_AFTER_SECONDS) -> list[Path]:
    """Delete temporary files an interrupted export of ours left in folder; return them.

    Only names of our own pattern, only plain files, and only those untouched for
    ``older_than`` seconds (another export may be writing a newer one right now).
    Anything that cannot be read or removed is left alone: sweeping must never stop an
    export.
    """
    removed: list[Path] = []
    cutoff = time.time() - older_than
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not OUR_TEMPORARY.fullmatch(entry.name):
            continue
        with suppress(OSError):
            if (entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_mtime < cutoff):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _normal_file_mode() -> int:
    """The mode a new file would get from the user's umask (mkstemp makes 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(data: bytes | memoryview, target: Path, *, private: bool = False) -> None:
    """Put data at target in one step, or raise OSError leaving the folder as it was.

    private files (mode 0600) are for anything holding notes; others get the user's usual
    mode. Also sweeps away our own temporary files that an interrupted write left behind.
    """
    mode = 0o600 if private else _normal_file_mode()
    data = memoryview(data)
    sweep_leftovers(target.parent)
    try:
        _save_unnamed(data, target, mode)
    except _UnnamedRefused:
        _save_named(data, target, mode)


def _temporary_suffix(target: Path) -> str:
    extension = target.suffix.lower()
    return (extension if extension in KNOWN_EXTENSIONS else "") + TEMP_SUFFIX


def _temporary_name(target: Path) -> str:
    """A fresh name of the same shape as mkstemp's, so one sweep pattern covers both ways."""
    characters = "".join(secrets.choice(_NAME_CHARACTERS) for _ in range(8))
    return TEMP_PREFIX + characters + _temporary_suffix(target)


def _write_durably(handle: int, data: memoryview) -> None:
    """All of data into the open file, and on the disk itself before this returns."""
    while data:
        data = data[os.write(handle, data):]
    os.fsync(handle)


def _save_unnamed(data: memoryview, target: Path, mode: int) -> None:
    """Write an unnamed file, then name it and replace the target within microseconds."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        raise _UnnamedRefused
    folder_fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        try:
            handle = os.open(".", flag | os.O_WRONLY | os.O_CLOEXEC, 0o600, dir_fd=folder_fd)
        except OSError as exc:
            if exc.errno in _NO_UNNAMED_FILES:
                raise _UnnamedRefused from exc
            raise
        try:
            _write_durably(handle, data)
            os.fchmod(handle, mode)
            temporary = _name_unnamed(handle, folder_fd, target)
            try:
                os.replace(temporary, target.name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
            except BaseException:
                with suppress(OSError):
                    os.unlink(temporary, dir_fd=folder_fd)
                raise
        finally:
            os.close(handle)
        with suppress(OSError):
            os.fsync(folder_fd)  # the rename itself is durable: a power cut cannot undo it
    finally:
        os.close(folder_fd)


def _name_unnamed(handle: int, folder_fd: int, target: Path) -> str:
    """Link the unnamed file into the folder under a fresh temporary name and return it.

    Giving dst_dir_fd makes Python call linkat with AT_SYMLINK_FOLLOW, which is what links
    the file behind /proc/self/fd rather than the /proc entry itself.
    """
    for _attempt in range(100):
        name = _temporary_name(target)
        try:
            os.link(f"/proc/self/fd/{handle}", name, dst_dir_fd=folder_fd)
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno in _NO_UNNAMED_FILES:
                raise _UnnamedRefused from exc
            raise
        return name
    raise FileExistsError(errno.EEXIST, "no free temporary name")


def _save_named(data: memoryview, target: Path, mode: int) -> None:
    """The portable way: a named temporary file, renamed over the target when complete."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=TEMP_PREFIX,
                                         suffix=_temporary_suffix(target))
    try:
        try:
            _write_durably(handle, data)
        finally:
            os.close(handle)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temporary)
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

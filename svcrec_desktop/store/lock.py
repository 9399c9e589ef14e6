"""One window per data folder.

Two windows writing the same notes would each show an incomplete picture and could undo each
other's changes, so the window holds an operating-system lock on a small file in the data
folder. The operating system drops the lock when the process ends in any way, kill -9 and
power loss included, so a crash never blocks the next start.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from svcrec_desktop import DISPLAY_NAME, paths


class AlreadyOpen(Exception):
    """Another running copy of the application holds the data folder."""


class InstanceLock:
    """Held for as long as the window runs; release() or process exit gives it up."""

    def __init__(self, data_dir: Path) -> None:
        self.path = paths.lock_file(data_dir)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise AlreadyOpen; OSError if the folder cannot be used."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        if not _try_lock(fd):
            os.close(fd)
            raise AlreadyOpen(
                f"{DISPLAY_NAME} is already open with the same data folder, perhaps in another "
                "window or by another user of this computer. Switch to that window; a second "
                "copy could overwrite its notes."
            )
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file gives the lock up
            self._fd = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.release()


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

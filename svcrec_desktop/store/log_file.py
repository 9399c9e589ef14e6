"""The crash report's file handler: rotating, private, and where native crashes go.

Loaded only when the first error is written (crash_log.py), since logging.handlers costs a
few milliseconds that a start-up without errors need not pay.
"""

from __future__ import annotations

import faulthandler
import io
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path


class PrivateRotatingFile(RotatingFileHandler):
    """A RotatingFileHandler whose files are 0600 and which keeps faulthandler writing into
    the current file: it is never left pointing at a closed one when the file is put aside."""

    def __init__(self, path: Path, max_bytes: int, kept_files: int,
                 opener: Callable[[Path], io.TextIOWrapper]) -> None:
        self._opener = opener  # opens a file its owner alone may read
        super().__init__(path, maxBytes=max_bytes, backupCount=kept_files, encoding="utf-8")
        self._take_native_crashes()

    def _open(self) -> io.TextIOWrapper:
        return self._opener(Path(self.baseFilename))

    def doRollover(self) -> None:
        faulthandler.disable()  # the file it writes to is about to close
        super().doRollover()
        self._take_native_crashes()

    def _take_native_crashes(self) -> None:
        if self.stream is not None:
            faulthandler.enable(self.stream, all_threads=True)

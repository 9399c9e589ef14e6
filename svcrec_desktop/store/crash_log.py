"""The crash report that stays on the laptop: what the IT team needs to find a bug, and
nothing anyone typed.

An entry holds the time, the application's version and layout, the platform, Python's (and,
from the window, Qt's) version and the traceback's frames: file, line, function and the line
of code. The error's message, its notes and the frames' local variables are never written:
any of them may quote a note. Native crashes (a fault inside Qt or Python) are written into
the same file by faulthandler, which is why the file is opened at start. The file is private
(0600) like the database and rotates: the current one and a few older ones of about 1 MB.

The rotating handler (logging.handlers, a few milliseconds to import) is only made when the
first error comes, so a start-up without errors pays for none of it.
"""

from __future__ import annotations

import faulthandler
import io
import os
import platform
import sys
import traceback
from datetime import datetime
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from svcrec_desktop import DISPLAY_NAME, __version__, paths

if TYPE_CHECKING:
    from logging import Logger

MAX_BYTES = 1_000_000  # a file this big is put aside as crash-report.log.1 and a new one begun
KEPT_FILES = 3  # older files kept beside the current one
LEFT_OUT = "(its message is left out: it could quote what someone typed)"
QT_MESSAGE_CHARS = 2000  # a Qt message is Qt's own text; a runaway one is cut short


def make_folders(data_dir: Path) -> None:
    """The data folder (when the report comes first) and its logs folder, both private."""
    for folder in (data_dir, paths.logs_dir(data_dir)):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)


def open_private(path: Path) -> io.TextIOWrapper:
    """A log file opened for appending, readable by its owner only, like the database."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.chmod(path, 0o600)  # a file left by an older copy gets no wider mode either
        return os.fdopen(fd, "a", encoding="utf-8", errors="backslashreplace")
    except BaseException:
        os.close(fd)
        raise


@cache  # platform.platform() reads the Python executable's file to name the C library
def environment(runtime: str = "") -> str:
    """Which application, on what, with which Python (and Qt, which the window adds)."""
    parts = [f"{DISPLAY_NAME} {__version__} ({paths.detect_layout().kind})",
             platform.platform(), f"Python {platform.python_version()}"]
    return " | ".join([*parts, runtime] if runtime else parts)


def _chain(error: BaseException) -> list[BaseException]:
    """The error and those that led to it, oldest first, as Python prints them."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__
                                        else current.__context__)
    return chain[::-1]


def traceback_lines(kind: type[BaseException], error: BaseException | None,
                    trace: TracebackType | None) -> list[str]:
    """The frames of an error and of the errors that led to it, each closed by the error's
    type alone: never its message, its notes or a frame's local variables."""
    lines: list[str] = []
    for earlier in _chain(error)[:-1] if error is not None else []:
        lines += _frames(type(earlier), earlier.__traceback__)
        lines.append("\nWhile handling the error above, another one happened:\n\n")
    return lines + _frames(kind, trace)


def _frames(kind: type[BaseException], trace: TracebackType | None) -> list[str]:
    name = f"{kind.__module__}.{kind.__qualname__}".removeprefix("builtins.")
    return ["Traceback (most recent call last):\n", *traceback.format_tb(trace),
            f"{name} {LEFT_OUT}\n"]


class CrashLog:
    """The data folder's crash report. Made at start: from then on a native crash is written
    there, and record_error / record_message add an entry and return it (for the dialog's
    "Copy details"). A folder that cannot be written to leaves only stderr, when there is one.
    """

    def __init__(self, data_dir: Path, runtime: str = "") -> None:
        self.data_dir = data_dir
        self.path = paths.crash_log_file(data_dir)
        self.runtime = runtime  # the window's Qt and PySide6 versions
        self._logger: Logger | None = None
        self._faults_were_on = faulthandler.is_enabled()
        self._native: io.TextIOWrapper | None = None
        try:
            make_folders(data_dir)
            self._native = open_private(self.path)
        except OSError:  # the data folder is unusable: the start says so itself
            return
        faulthandler.enable(self._native, all_threads=True)

    def record_error(self, kind: type[BaseException], error: BaseException | None,
                     trace: TracebackType | None, thread: str) -> str:
        """Write an unexpected error's entry; returns it."""
        name = kind.__qualname__
        return self._write(f"Unexpected {name} in the thread {thread!r}",
                           "".join(traceback_lines(kind, error, trace)))

    def record_message(self, headline: str, message: str) -> str:
        """Write an entry for a message of the toolkit itself (Qt's critical and fatal ones)."""
        return self._write(headline, message[:QT_MESSAGE_CHARS])

    def close(self) -> None:
        """Stop writing here (tests; a process that opens a second window): native crashes
        go back to stderr if they went there before."""
        faulthandler.disable()
        for handler in self._logger.handlers if self._logger else []:
            handler.close()
        if self._native is not None:
            self._native.close()
        if self._faults_were_on and sys.__stderr__ is not None:
            faulthandler.enable(sys.__stderr__, all_threads=True)

    def _write(self, headline: str, body: str) -> str:
        when = datetime.now().astimezone().isoformat(sep=" ", timespec="seconds")
        entry = (f"==== {when} | {headline}\n{environment(self.runtime)}\n"
                 f"{body.rstrip()}\n")
        (self._logger or self._open_logger()).error(entry)
        return entry

    def _open_logger(self) -> Logger:
        """The rotating file (which native crashes then go to) and stderr, when there is one
        (the windowed bundle has none)."""
        import logging

        from svcrec_desktop.store.log_file import PrivateRotatingFile

        logger = logging.Logger("svcrec_desktop.crash")  # on its own: no other handler sees it
        try:
            make_folders(self.data_dir)
            logger.addHandler(PrivateRotatingFile(self.path, MAX_BYTES, KEPT_FILES, open_private))
        except OSError:
            pass  # the folder cannot be written to: stderr is all there is
        else:
            if self._native is not None:  # the handler's file takes over native crashes
                self._native.close()
                self._native = None
        if sys.stderr is not None:
            logger.addHandler(logging.StreamHandler(sys.stderr))
        logger.addHandler(logging.NullHandler())  # never Python's last resort to stderr
        self._logger = logger
        return logger

"""Where the application's start-up time and memory go, for scripts/bench.py: one start in phases.

It starts the window with svcrec_desktop/ui/app.py's own configure and start and times them
by wrapping, in this process only, the functions and methods they call: nothing of the
application is copied or changed, so the phases follow the code as it changes. A phase's time
and memory are its own: what a wrapped call inside it took is counted in that call's phase.
Details (each Designer form read with QUiLoader and set up) are counted inside their phases
and also listed apart.

Prints one line of JSON: {"phases": [[name, ms, MiB], ...], "details": [[name, ms, MiB,
calls], ...]}, MiB being the growth of resident memory. Nothing of Qt or the application is
imported before its phase, so the imports are timed too. With SVCREC_BENCH_LAUNCHED set to the
parent's time.monotonic() just before it started this process, the first phase is the
interpreter's own start.

Usage: python scripts/bench_startup.py DATA_DIR
       python scripts/bench_startup.py --floor     (scripts/bench_window.py's bare window)
"""

from __future__ import annotations

import time

BEGAN = time.monotonic()

# ruff: noqa: E402  (the clock starts before anything else is imported)
import inspect
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

LAUNCHED = "SVCREC_BENCH_LAUNCHED"


def resident_kib() -> int:
    """This process's resident memory from /proc. (svcrec_desktop.ui.shown_report reads it
    the same way, but importing it would load Qt before the Qt import is timed.)"""
    with open("/proc/self/status", encoding="ascii") as status:
        return next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)


class Phases:
    """Each phase's own time and memory growth, in the order the phases began."""

    def __init__(self) -> None:
        self.own: dict[str, list[float]] = {}  # name: [seconds, KiB]
        self.details: dict[str, list[float]] = {}  # name: [seconds, KiB, calls]
        self._inside: list[list[float]] = []  # per open phase: its children's [seconds, KiB]

    def add(self, name: str, seconds: float, kib: float) -> None:
        own = self.own.setdefault(name, [0.0, 0.0])
        own[0] += seconds
        own[1] += kib

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.own.setdefault(name, [0.0, 0.0])  # listed where it began
        start, memory = time.perf_counter(), resident_kib()
        self._inside.append([0.0, 0.0])
        try:
            yield
        finally:
            took, grew = time.perf_counter() - start, resident_kib() - memory
            children = self._inside.pop()
            self.add(name, took - children[0], grew - children[1])
            if self._inside:
                self._inside[-1][0] += took
                self._inside[-1][1] += grew

    @contextmanager
    def detail(self, name: str) -> Iterator[None]:
        start, memory = time.perf_counter(), resident_kib()
        try:
            yield
        finally:
            detail = self.details.setdefault(name, [0.0, 0.0, 0])
            detail[0] += time.perf_counter() - start
            detail[1] += resident_kib() - memory
            detail[2] += 1

    def wrap(self, owner: Any, attribute: str, name: str | Callable[..., str], *,
             detail: bool = False) -> bool:
        """Time every call of owner.attribute (a function, method or class method) as the
        phase name (or the name made from the call's arguments); False if owner has no such
        attribute (the code changed)."""
        found = inspect.getattr_static(owner, attribute, None)
        if found is None:
            return False
        measure = self.detail if detail else self.phase
        is_class_method = isinstance(found, classmethod)
        function: Callable[..., Any] = (found.__func__ if is_class_method
                                        else getattr(owner, attribute))

        @wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            with measure(name(*args, **kwargs) if callable(name) else name):
                return function(*args, **kwargs)

        setattr(owner, attribute, classmethod(timed) if is_class_method else timed)
        return True

    def report(self) -> dict[str, list[list[object]]]:
        return {
            "phases": [[name, seconds * 1000, kib / 1024]
                       for name, (seconds, kib) in self.own.items()],
            "details": [[name, seconds * 1000, kib / 1024, int(calls)]
                        for name, (seconds, kib, calls) in self.details.items()],
        }


def page_name(method: str) -> str:
    return method.removeprefix("_build_").replace("_", " ")


def form_name(_owner: object, name: str, *_args: object, **_kwargs: object) -> str:
    return f"Designer form ui/{name}.ui read and set up (load_form)"


def wrap_everywhere(phases: Phases, module: Any, attribute: str,
                    name: str | Callable[..., str], *, detail: bool = False) -> None:
    """Wrap a function in its module and wherever the application imported it by name (the
    modules imported later take the wrapped one)."""
    original = getattr(module, attribute, None)
    if original is None or not phases.wrap(module, attribute, name, detail=detail):
        return
    for loaded_name, loaded in list(sys.modules.items()):
        if loaded_name.startswith("svcrec_desktop") and vars(loaded).get(attribute) is original:
            setattr(loaded, attribute, getattr(module, attribute))


def instrument(phases: Phases) -> None:
    """Wrap what start() calls, as far as the code still has it."""
    from svcrec_desktop.store.database import Store
    from svcrec_desktop.ui import app, forms
    from svcrec_desktop.ui.main_window import MainWindow

    phases.wrap(app, "recover_if_damaged", "Check the database (recover_if_damaged)")
    phases.wrap(app, "load_active_playbook", "Read the playbook")
    phases.wrap(Store, "open", "Open the database (connect, WAL, migrations)")
    phases.wrap(MainWindow, "__init__", "Main window without its pages (form, menus, timers)")
    for method in sorted(name for name in vars(MainWindow) if name.startswith("_build_")):
        phases.wrap(MainWindow, method,
                    f"Build the {page_name(method)} page (its modules imported on first use)")
    phases.wrap(MainWindow, "open_session",
                "Reopen the session at its step (open_session; page builds counted apart)")
    phases.wrap(MainWindow, "show_placed", "Place and show the window (show_placed)")
    wrap_everywhere(phases, forms, "load_form", form_name, detail=True)


IMPORT_QT = "Import PySide6 (QtCore, QtGui, QtWidgets)"
CONFIGURE = "QApplication, icon and style (configure)"
IDLE = "Until the event loop is idle (first layout and paint)"


def application(phases: Phases, data_dir: Path) -> bool:
    """The application's start, as python -m svcrec_desktop makes it; False if it failed."""
    with phases.phase(IMPORT_QT):
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
    with phases.phase("Import the application's modules (cli, ui.app and what they import)"):
        import svcrec_desktop.cli  # noqa: F401  (python -m svcrec_desktop starts there)
        from svcrec_desktop.store.lock import InstanceLock
        from svcrec_desktop.ui.app import configure, start
    instrument(phases)
    with phases.phase(CONFIGURE):
        app = QApplication(sys.argv[:1])
        configure(app)
    lock = InstanceLock(data_dir)
    with phases.phase("start(): the lock, and what the phases below leave out"):
        window = start(data_dir, lock)
    if window is None:
        return False
    with phases.phase(IDLE):
        QTimer.singleShot(0, app.quit)
        app.exec()
    window.store.close()
    lock.release()
    return True


def floor(phases: Phases) -> None:
    """scripts/bench_window.py's bare window, in the same phases."""
    with phases.phase(IMPORT_QT):
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
    with phases.phase("Import the bare window's script (and shown_report)"):
        from bench_window import bare_window
    with phases.phase("QApplication"):
        app = QApplication(sys.argv[:1])
    with phases.phase("Build and show the bare window"):
        _window = bare_window()
    with phases.phase(IDLE):
        QTimer.singleShot(0, app.quit)
        app.exec()


def main(argv: list[str]) -> int:
    phases = Phases()
    launched = os.environ.get(LAUNCHED)
    if launched:
        phases.add("Python starts (interpreter and site, to this script's first line)",
                   BEGAN - float(launched), resident_kib())
    if argv == ["--floor"]:
        floor(phases)
    elif not application(phases, Path(argv[0])):
        return 1
    print(json.dumps(phases.report()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The core stands without Qt: no module outside ui/ loads it, only the paths module knows
where files live, and the core's tests run where PySide6 is not even installed."""

import importlib.util
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import svcrec_desktop

ROOT = Path(__file__).resolve().parents[2]
# Set by `make test` for its run of tests/core in .venv-core, the environment without PySide6.
WITHOUT_QT = os.environ.get("SVCREC_WITHOUT_QT") == "1"


def core_modules() -> list[str]:
    return [
        m.name for m in pkgutil.walk_packages(svcrec_desktop.__path__, "svcrec_desktop.")
        if not m.name.startswith("svcrec_desktop.ui") and m.name != "svcrec_desktop.__main__"
    ]


def test_core_imports_no_qt():
    modules = core_modules()
    assert {"svcrec_desktop.store.database", "svcrec_desktop.domain.playbook",
            "svcrec_desktop.export"} <= set(modules)
    probe = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_only_the_paths_module_knows_the_layout():
    offenders = [
        path.name for path in (ROOT / "svcrec_desktop").rglob("*.py")
        if path.name != "paths.py"
        and any(word in path.read_text() for word in ("_MEIPASS", "__file__"))
    ]
    assert offenders == []



def test_the_core_tests_run_without_qt_where_make_test_says_so():
    """That run is the proof that the core needs no Qt, so PySide6 must really be missing
    there; and a run that says it is without Qt while Qt is installed proves nothing either."""
    installed = importlib.util.find_spec("PySide6") is not None
    assert installed is not WITHOUT_QT, (
        "SVCREC_WITHOUT_QT=1 is for .venv-core, where PySide6 is not installed (make test)"
        if WITHOUT_QT else
        "PySide6 is missing: run the core's tests with SVCREC_WITHOUT_QT=1, as make test does")

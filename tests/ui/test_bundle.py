"""The application as people install it: the PyInstaller bundle that build.spec makes.

The bundle is built once for this file into a temporary folder (or, with SVCREC_BUNDLE set to a
bundle folder, as `make bundle-test` does, that one is tested) and run from a folder that is not
the checkout, so it can only use what it carries.
"""

import ast
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from svcrec_desktop import APP_NAME, __version__, paths
from svcrec_desktop.store.database import Store

REPO = Path(__file__).resolve().parents[2]
# How long the window is left running before the test stops it. Nothing is timed: a window
# that fails to start exits at once, long before this.
WINDOW_RUNS_S = 3


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    """The bundle folder: SVCREC_BUNDLE's, or one built here from build.spec."""
    given = os.environ.get("SVCREC_BUNDLE")
    if given:
        return Path(given).resolve()
    work = tmp_path_factory.mktemp("pyinstaller")
    built = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
         str(REPO / "build.spec")],
        capture_output=True, text=True,
    )
    assert built.returncode == 0, built.stderr
    return work / "dist" / APP_NAME


def environment(**settings: str) -> dict[str, str]:
    """This environment without a display, a chosen Qt platform or a Python path, plus settings."""
    unset = {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PYTHONPATH"}
    return {k: v for k, v in os.environ.items() if k not in unset} | settings


def run_bundled(bundle: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """A headless command of the bundled executable: it must need no screen and no Qt."""
    return subprocess.run([str(bundle / APP_NAME), *args], cwd=cwd, env=environment(),
                          capture_output=True, text=True)


@pytest.fixture
def session_on_disk(data_dir, playbook) -> None:
    store = Store.open(data_dir)
    session = store.sessions.create("Cardiology", first_step="welcome", facilitator="Dana Reyes")
    for step in playbook.meeting1:
        store.notes.add(session.id, step.id, f"said during {step.id}")
    store.close()


def test_version(bundle, tmp_path):
    result = run_bundled(bundle, "--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{APP_NAME} {__version__}"


def test_the_user_guide_and_its_pictures_are_inside(bundle):
    """Help → User guide reads them from where paths.py's bundle layout looks."""
    [guide] = bundle.rglob("docs/user-guide.md")
    pictures = {path.name for path in (guide.parent / "images").iterdir()}
    assert {"home.png", "meeting1.png"} <= pictures


def test_headless_export_writes_a_guide_word_opens(bundle, data_dir, session_on_disk, tmp_path,
                                                    playbook):
    out = tmp_path / "guide.docx"
    result = run_bundled(bundle, "export", "--data-dir", str(data_dir), "--out", str(out),
                         "--notes", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    document = Document(out)
    text = "\n".join([p.text for p in document.paragraphs]
                     + [c.text for t in document.tables for r in t.rows for c in r.cells])
    assert "Cardiology’s Guide to Service Recovery" in text
    assert all(f"said during {step.id}" in text for step in playbook.meeting1)


def test_window_starts_and_stays_up(bundle, data_dir, session_on_disk, tmp_path):
    window = subprocess.Popen(
        [str(bundle / APP_NAME), "--data-dir", str(data_dir)], cwd=tmp_path,
        env=environment(QT_QPA_PLATFORM="offscreen"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    # The window takes the data folder's lock just before it builds itself from ui/.
    while not paths.lock_file(data_dir).exists() and window.poll() is None:
        time.sleep(0.1)
    time.sleep(WINDOW_RUNS_S)
    still_running = window.poll() is None
    window.terminate()
    out, err = window.communicate()
    assert still_running, f"the window exited with status {window.returncode}:\n{err}"
    assert window.returncode in (0, -signal.SIGTERM)
    # Python's traceback, the window's own report of an unexpected error, Qt's plugin loader.
    problems = [line for line in err.splitlines()
                if any(word in line for word in ("Traceback", "Unexpected", "rror", "qt.qpa"))]
    assert not problems, err
    assert out == ""


def test_spec_keeps_every_qt_module_the_application_imports():
    """build.spec leaves out every other Qt module: one imported only by a rarely opened dialog
    would otherwise fail only there, in the hands of a user."""
    spec = ast.parse((REPO / "build.spec").read_text(encoding="utf-8"))
    kept = next(ast.literal_eval(node.value) for node in spec.body if isinstance(node, ast.Assign)
                and ast.unparse(node.targets[0]) == "QT_MODULES_USED")
    imported = set()
    for source in (REPO / "svcrec_desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [])
            imported.update(name.split(".")[1] for name in names
                            if name.startswith("PySide6."))
    assert imported <= kept, f"add {sorted(imported - kept)} to QT_MODULES_USED in build.spec"
    assert imported, "no Qt import found: the check looks in the wrong place"


def test_bundle_is_at_most_0_7_of_a_bare_window_bundle(bundle):
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "bundle_size.py"),
                             str(bundle)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

"""The core stands without Qt, and the one paths module finds files in every layout."""

import pkgutil
import subprocess
import sys
import zipfile
from pathlib import Path

import svcrec_desktop
from svcrec_desktop import paths

ROOT = Path(__file__).resolve().parent.parent


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


def test_checkout_layout():
    layout = paths.detect_layout()
    assert layout.kind == "checkout"
    assert paths.ui_file("meeting").is_file() and paths.builtin_playbook_file().is_file()
    assert paths.user_guide().is_file() and (paths.user_guide().parent / "images").is_dir()


def test_bundle_layout(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    layout = paths.detect_layout()
    assert (layout.kind, layout.ui, layout.resources, layout.docs) == (
        "bundle", tmp_path / "ui", tmp_path / "resources", tmp_path / "docs"
    )


def test_data_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert paths.default_data_dir() == tmp_path / "svcrec-desktop"


def test_data_dir_matches_qt(qapp, monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths

    from svcrec_desktop.ui.app import configure

    configure(qapp)
    qt_location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert Path(qt_location) == paths.default_data_dir()


def test_installed_wheel_carries_ui_and_resources(tmp_path):
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(tmp_path.glob("svcrec_desktop-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "svcrec_desktop/_ui/meeting.ui" in names
    assert "svcrec_desktop/_resources/playbook.toml" in names
    assert "svcrec_desktop/_docs/user-guide.md" in names
    assert "svcrec_desktop/_docs/images/home.png" in names
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    probe = (
        "from svcrec_desktop import paths\n"
        "from svcrec_desktop.domain.playbook import load_playbook\n"
        "assert paths.detect_layout().kind == 'installed', paths.detect_layout()\n"
        "assert paths.ui_file('main_window').is_file()\n"
        "assert paths.user_guide().is_file()\n"
        "print(len(load_playbook(paths.builtin_playbook_file()).meeting1))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "8"

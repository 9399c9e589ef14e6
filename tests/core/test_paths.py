"""The one paths module finds files in every layout: checkout, bundle, installed wheel."""

import subprocess
import sys
import zipfile
from pathlib import Path

from svcrec_desktop import paths

ROOT = Path(__file__).resolve().parents[2]


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

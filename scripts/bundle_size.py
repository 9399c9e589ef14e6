"""Compare the application's bundle with a naive bundle of a bare PySide6 window.

Usage: python scripts/bundle_size.py [BUNDLE_DIR]     (default: dist/svcrec-desktop)

Builds scripts/bundle_floor.py with PyInstaller's default options (one folder) in a temporary
folder, from the same Python environment, prints both sizes and the ratio, and exits with
status 1 when the bundle is larger than GOAL times the bare window's (docs/building.md).
"""

import subprocess
import sys
import tempfile
from pathlib import Path

GOAL = 0.7
FLOOR = Path(__file__).with_name("bundle_floor.py")


def folder_size(folder: Path) -> int:
    """Bytes in the folder's files; links count as nothing, as they take no space."""
    return sum(path.stat().st_size for path in folder.rglob("*")
               if path.is_file() and not path.is_symlink())


def build_floor(work: Path) -> Path:
    """Build bundle_floor.py in work as `pyinstaller bundle_floor.py` would; its folder.
    (scripts/bench.py times this bundle's start-up too.)"""
    built = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", f"{work}/dist", "--workpath", f"{work}/build", "--specpath", str(work),
         str(FLOOR)],
        capture_output=True, text=True,
    )
    if built.returncode != 0:
        sys.exit(f"PyInstaller could not build {FLOOR.name}:\n{built.stderr}")
    return work / "dist" / FLOOR.stem


def naive_floor_size() -> int:
    """The size of bundle_floor.py built as `pyinstaller bundle_floor.py` would build it."""
    with tempfile.TemporaryDirectory(prefix="bundle-floor-") as work:
        return folder_size(build_floor(Path(work)))


def main(bundle: Path) -> int:
    if not bundle.is_dir():
        sys.exit(f"{bundle} is not a bundle folder; build it first with 'make bundle'.")
    ours, floor = folder_size(bundle), naive_floor_size()
    ratio = ours / floor
    print(f"{'bare PySide6 window, PyInstaller defaults':42} {floor / 1e6:6.1f} MB")
    print(f"{bundle.name + ' (build.spec)':42} {ours / 1e6:6.1f} MB")
    print(f"{'ratio':42} {ratio:6.3f} (goal: at most {GOAL})")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "dist/svcrec-desktop")))

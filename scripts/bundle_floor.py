"""The smallest PySide6 window, to bundle: the floor scripts/bundle_size.py measures the
bundle's size against, and scripts/bench.py the bundle's start-up.

It is scripts/bench_window.py's bare window (which quits once shown when
SVCREC_EXIT_WHEN_SHOWN=1), so the bundled floor is the window the unbundled one is. Built
with PyInstaller's defaults it shows what any Qt Widgets bundle costs before pruning.
"""

import sys

from bench_window import main

sys.exit(main())

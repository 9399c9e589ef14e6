"""Save what the X display shows (the whole screen) as a PNG: python grab_screen.py OUT.png"""

import sys

from PySide6.QtGui import QGuiApplication

app = QGuiApplication(sys.argv[:1])
if not QGuiApplication.primaryScreen().grabWindow(0).save(sys.argv[1]):
    sys.exit(f"could not save {sys.argv[1]}")

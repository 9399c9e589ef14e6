"""The smallest PySide6 window: the floor that scripts/bundle_size.py measures bundles against.

Built with PyInstaller's defaults it shows what any Qt Widgets bundle costs before pruning.
"""

import sys

from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.show()
sys.exit(app.exec())

"""Render resources/icons/svcrec.svg to the PNG the window uses (run after editing the SVG)."""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

from svcrec_desktop import paths

app = QGuiApplication(sys.argv[:1])
renderer = QSvgRenderer(str(paths.resource_file("icons", "svcrec.svg")))
image = QImage(256, 256, QImage.Format.Format_ARGB32)
image.fill(Qt.GlobalColor.transparent)
painter = QPainter(image)
renderer.render(painter)
painter.end()
image.save(str(paths.resource_file("icons", "svcrec.png")))

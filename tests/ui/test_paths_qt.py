"""The data folder the paths module chooses is the one Qt would choose for the application."""

from pathlib import Path

from svcrec_desktop import paths


def test_data_dir_matches_qt(qapp, monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths

    from svcrec_desktop.ui.app import configure

    configure(qapp)
    qt_location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    assert Path(qt_location) == paths.default_data_dir()


"""Choose an automatic backup to go back to."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidgetItem, QWidget

from svcrec_desktop.store.backups import Backup
from svcrec_desktop.ui.dates import shown_moment
from svcrec_desktop.ui.forms import load_form
from svcrec_desktop.ui.spoken import in_words


class RestoreBackupDialog(QDialog):
    """Lists the backups, newest first, with what each holds; Enter restores the selected one."""

    def __init__(self, backups: Sequence[Backup], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self, "restore_backup")
        self._backups = list(backups)
        restore = self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
        restore.setText("Restore this backup")
        restore.setEnabled(bool(self._backups))
        self.ui.backupList.setVisible(bool(self._backups))
        self.ui.emptyLabel.setVisible(not self._backups)
        for backup in self._backups:
            item = QListWidgetItem(
                f"{shown_moment(backup.taken_at)}   ·   {backup.contents()}   ·   {backup.occasion}"
            )
            item.setData(Qt.ItemDataRole.AccessibleTextRole, in_words(item.text()))
            item.setToolTip(backup.path.name)
            self.ui.backupList.addItem(item)
        self.ui.backupList.setCurrentRow(0)
        self.ui.backupList.itemActivated.connect(lambda _item: self.accept())
        self.ui.backupList.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen(self) -> Backup | None:
        row = self.ui.backupList.currentRow()
        return self._backups[row] if 0 <= row < len(self._backups) else None

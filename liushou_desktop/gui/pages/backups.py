"""设置 → 备份与恢复: back up to a USB stick now, or restore a backup file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from liushou_desktop.domain.backups import BackupService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs


class BackupTab(QWidget):
    def __init__(
        self,
        service: BackupService,
        actor: Actor,
        after_restore: Callable[[], None],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._actor = actor
        self._after_restore = after_restore
        explain = QLabel(
            self.tr(
                "The program copies the database every day by itself. To keep a copy away "
                "from this computer, back up to a USB stick. A passphrase makes the file "
                "unreadable to anyone who finds the stick; without it, the backup cannot be "
                "restored, so write it down."
            ),
            self,
        )
        explain.setWordWrap(True)
        backup = QPushButton(self.tr("Back up now to a folder or USB stick…"), self)
        backup.clicked.connect(self.back_up)
        restore = QPushButton(self.tr("Restore from a backup file…"), self)
        restore.clicked.connect(self.restore)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(backup)
        layout.addWidget(restore)
        layout.addStretch(1)

    def back_up(self) -> None:
        folder = dialogs.choose_folder(self, self.tr("Where to put the backup"))
        if folder is None:
            return
        passphrase = dialogs.ask_secret(
            self,
            self.tr("Passphrase"),
            self.tr("Passphrase to encrypt the backup (leave empty for none):"),
        )
        if passphrase is None:
            return
        if passphrase:
            again = dialogs.ask_secret(
                self,
                self.tr("Passphrase"),
                self.tr("Type the passphrase again (a typing mistake would lock the backup):"),
            )
            if again is None:
                return
            if again != passphrase:
                dialogs.show_info(
                    self,
                    self.tr("Passphrases differ"),
                    self.tr(
                        "The two passphrases were not the same, so no backup was made. "
                        "Click “Back up now” again and type the same passphrase twice."
                    ),
                )
                return
        try:
            path = self._service.backup_now(self._actor, folder, passphrase or None)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        dialogs.show_info(
            self,
            self.tr("Backup made"),
            self.tr(
                "The backup was written and read back to check it:\n{path}\n\n"
                "It is now safe to remove the USB stick."
            ).format(path=path),
        )

    def restore(self) -> None:
        path = dialogs.choose_open_file(
            self, self.tr("Choose a backup file"), self.tr("Backups (*.lsbak)")
        )
        if path is None:
            return
        try:
            info = self._service.preview(self._actor, path)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        children = info.counts.get("children_active", "?")
        question = self.tr(
            "This backup was made on {date} and holds {children} children.\n\n"
            "Replace everything in the program with it? The data as it is now is kept "
            "as a copy first."
        ).format(date=f"{info.created:%Y-%m-%d %H:%M}", children=children)
        if not dialogs.ask_yes_no(self, self.tr("Restore a backup"), question):
            return
        passphrase = None
        if info.encrypted:
            passphrase = dialogs.ask_secret(
                self, self.tr("Passphrase"), self.tr("The backup's passphrase:")
            )
            if passphrase is None:
                return
        try:
            self._service.restore(self._actor, path, passphrase)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        dialogs.show_info(
            self, self.tr("Restored"), self.tr("The backup was restored. Please sign in again.")
        )
        self._after_restore()

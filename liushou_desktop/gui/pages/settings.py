"""设置: text size, language, and where the data lives."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain.settings import LANGUAGE, TEXT_SCALE, TEXT_SCALES, SettingsService
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.fonts import set_text_scale
from liushou_desktop.gui.pages.common import heading
from liushou_desktop.paths import DataDir


class SettingsPage(QWidget):
    def __init__(
        self,
        settings: SettingsService,
        data_dir: DataDir,
        actor: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settings = settings
        self._actor = actor

        self.text_size = QComboBox(self)
        for percent in TEXT_SCALES:
            self.text_size.addItem(f"{percent}%", percent)
        self.text_size.setCurrentIndex(
            max(0, self.text_size.findData(int(settings.get(TEXT_SCALE))))
        )
        self.text_size.currentIndexChanged.connect(self._on_text_size)

        self.language = QComboBox(self)
        self.language.addItem("中文（简体）", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.get(LANGUAGE))))
        self.language.currentIndexChanged.connect(self._on_language)

        data_label = QLabel(str(data_dir.root), self)
        backups_label = QLabel(str(data_dir.backups), self)
        for label in (data_label, backups_label):
            label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Text size"), self.text_size)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Data folder"), data_label)
        form.addRow(self.tr("Backups"), backups_label)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Settings")))
        layout.addLayout(form)
        layout.addStretch(1)

    def _on_text_size(self) -> None:
        percent = int(self.text_size.currentData())
        self._settings.set(TEXT_SCALE, percent, self._actor)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            set_text_scale(app, percent)

    def _on_language(self) -> None:
        self._settings.set(LANGUAGE, self.language.currentData(), self._actor)
        dialogs.show_info(
            self,
            self.tr("Language"),
            self.tr("The new language is used the next time the program starts."),
        )

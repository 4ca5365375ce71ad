"""设置: display, the school's details, and for the administrator accounts, audit, backups."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.audit_viewer import AuditService
from liushou_desktop.domain.backups import BackupService
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.permissions import (
    ANONYMISE,
    BACKUP,
    EDIT_SETTINGS,
    MANAGE_ACCOUNTS,
    VIEW_AUDIT,
    Actor,
    allowed,
)
from liushou_desktop.domain.settings import (
    IDLE_LOCK_CHOICES,
    IDLE_LOCK_MINUTES,
    LANGUAGE,
    TEXT_SCALE,
    TEXT_SCALES,
    SettingsService,
)
from liushou_desktop.domain.setup import SchoolSettingsService
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.fonts import set_text_scale
from liushou_desktop.gui.pages.accounts import AccountsTab
from liushou_desktop.gui.pages.audit_log import AuditTab
from liushou_desktop.gui.pages.backups import BackupTab
from liushou_desktop.gui.pages.common import heading
from liushou_desktop.gui.pages.privacy import PrivacyTab
from liushou_desktop.gui.translations import translate_user_error
from liushou_desktop.paths import DataDir


class DisplayTab(QWidget):
    """Text size, language, screen lock, and where the data lives."""

    idle_lock_changed = Signal(int)

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

        self.idle_lock = QComboBox(self)
        for minutes in IDLE_LOCK_CHOICES:
            label = self.tr("{n} minutes").format(n=minutes) if minutes else self.tr("Never")
            self.idle_lock.addItem(label, minutes)
        self.idle_lock.setCurrentIndex(
            max(0, self.idle_lock.findData(int(settings.get(IDLE_LOCK_MINUTES))))
        )
        self.idle_lock.currentIndexChanged.connect(self._on_idle_lock)

        data_label = QLabel(str(data_dir.root), self)
        backups_label = QLabel(str(data_dir.backups), self)
        for label in (data_label, backups_label):
            label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Text size"), self.text_size)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.tr("Lock the screen when idle for"), self.idle_lock)
        form.addRow(self.tr("Data folder"), data_label)
        form.addRow(self.tr("Backups"), backups_label)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)

    def _on_idle_lock(self) -> None:
        minutes = int(self.idle_lock.currentData())
        self._settings.set(IDLE_LOCK_MINUTES, minutes, self._actor)
        self.idle_lock_changed.emit(minutes)

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


class SchoolTab(QWidget):
    """The school's 亲情电话 and emergency numbers, printed on every contact card."""

    def __init__(self, school: SchoolSettingsService, actor: Actor, parent: Any = None) -> None:
        super().__init__(parent)
        self._school = school
        self._actor = actor
        contacts = school.contacts()
        self.family_phone = QLineEdit(contacts.family_phone if contacts else "", self)
        self.emergency = QLineEdit(contacts.emergency_phones if contacts else "", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        save = QPushButton(self.tr("Save"), self)
        save.clicked.connect(self.save)
        form = QFormLayout()
        form.addRow(self.tr("Family call phone (亲情电话)"), self.family_phone)
        form.addRow(self.tr("Emergency numbers"), self.emergency)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(save)
        layout.addStretch(1)

    def save(self) -> None:
        try:
            self._school.update_contacts(
                self._actor, self.family_phone.text(), self.emergency.text()
            )
        except UserError as exc:
            self.message.setText(translate_user_error(exc))
            return
        self.message.setText(self.tr("Saved."))


class SettingsPage(QWidget):
    """The tabs a role may use: everyone the display; the administrator the rest."""

    def __init__(
        self,
        services: SettingsServices,
        actor: Actor,
        data_dir: DataDir,
        township: bool,
        after_restore: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        self.display = DisplayTab(services.settings, data_dir, actor.username, self)
        self.tabs.addTab(self.display, self.tr("Display"))
        if not township and allowed(actor, EDIT_SETTINGS):
            self.tabs.addTab(SchoolTab(services.school, actor, self), self.tr("School"))
        if allowed(actor, MANAGE_ACCOUNTS):
            self.tabs.addTab(
                AccountsTab(services.accounts, actor, township, self), self.tr("Accounts")
            )
        if allowed(actor, VIEW_AUDIT):
            self.tabs.addTab(AuditTab(services.audit, actor, self), self.tr("Audit log"))
        if allowed(actor, BACKUP):
            self.tabs.addTab(
                BackupTab(services.backups, actor, after_restore, self),
                self.tr("Backup and restore"),
            )
        if not township and allowed(actor, ANONYMISE):
            self.tabs.addTab(PrivacyTab(services.children, actor, self), self.tr("Privacy"))
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Settings")))
        layout.addWidget(self.tabs, 1)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]


@dataclass(frozen=True)
class SettingsServices:
    settings: SettingsService
    school: SchoolSettingsService
    accounts: AccountService
    audit: AuditService
    backups: BackupService
    children: ChildrenService

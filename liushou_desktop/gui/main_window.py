"""The main window: navigation on the left, one page at a time on the right."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.domain import vocab
from liushou_desktop.domain.accounts import AccountService, SignedInUser
from liushou_desktop.domain.activities import ActivityService
from liushou_desktop.domain.audit_viewer import AuditService
from liushou_desktop.domain.backups import BackupService
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.family_contact import FamilyContactService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.settings import SettingsService
from liushou_desktop.domain.setup import InstallationInfo, SchoolSettingsService
from liushou_desktop.domain.talk_status import TalkStatusService
from liushou_desktop.domain.township_sharing import SharingService
from liushou_desktop.gui.pages.activities import ActivitiesPage
from liushou_desktop.gui.pages.children import ChildrenPage
from liushou_desktop.gui.pages.children_actions import RosterActions
from liushou_desktop.gui.pages.home import HomePage
from liushou_desktop.gui.pages.print_page import PrintPage
from liushou_desktop.gui.pages.settings import SettingsPage, SettingsServices
from liushou_desktop.gui.pages.statistics import StatisticsPage
from liushou_desktop.gui.pages.sync import SyncPage
from liushou_desktop.gui.pages.talks import TalksPage
from liushou_desktop.gui.pages.township import TownshipPage
from liushou_desktop.gui.translations import tr_vocab
from liushou_desktop.paths import DataDir

DEFAULT_SIZE = (1280, 720)  # fits a 1366x768 screen with the taskbar
MINIMUM_SIZE = (960, 600)


@dataclass(frozen=True)
class Services:
    children: ChildrenService
    settings: SettingsServices
    database: Database  # for the services built when a page's button is first used

    @classmethod
    def for_database(cls, db: Database) -> Services:
        children = ChildrenService(db)
        return cls(
            children,
            SettingsServices(
                SettingsService(db),
                SchoolSettingsService(db),
                AccountService(db),
                AuditService(db),
                BackupService(db),
                children,
            ),
            db,
        )


class MainWindow(QMainWindow):
    signed_out = Signal()
    lock_requested = Signal()
    restored = Signal()

    PAGE_KEYS = ("home", "children", "talks", "activities", "cards", "sync", "stats", "settings")

    def __init__(
        self,
        services: Services,
        installation: InstallationInfo,
        user: SignedInUser,
        data_dir: DataDir,
    ) -> None:
        super().__init__()
        self.setWindowTitle(
            self.tr("Left-behind children care — {name}").format(name=installation.name)
        )
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.pages = QStackedWidget(self)
        actor = user.actor()
        self.children_page = ChildrenPage(services.children, actor, self)
        self.roster_actions = RosterActions(self.children_page, services.database, actor)
        township = installation.role == vocab.INSTALLATION_TOWNSHIP
        titles = {
            "home": self.tr("Township overview") if township else self.tr("Home"),
            "children": self.tr("Children"),
            "talks": self.tr("Talks"),
            "activities": self.tr("Activities"),
            "cards": self.tr("Print"),
            "sync": self.tr("Sync"),
            "stats": self.tr("Statistics"),
            "settings": self.tr("Settings"),
        }
        pages: dict[str, QWidget | Callable[[], QWidget]] = {
            "home": (
                TownshipPage(services.database, actor, parent=self)
                if township
                else HomePage(
                    services.children,
                    actor,
                    installation.name,
                    lambda: self.show_page("children"),
                    self,
                    print_cards=lambda: self._print_cards(services, actor),
                    talk_figures=lambda: TalkStatusService(services.database).home(
                        actor, date.today()
                    ),
                    open_talks=lambda: self.show_page("talks"),
                    week_activities=lambda: ActivityService(services.database).week(
                        actor, date.today()
                    ),
                    family_gap=lambda: _family_gap(services.database, actor),
                    open_activities=lambda: self.show_page("activities"),
                    notices=SharingService(services.database).notices,
                )
            ),
            "children": self.children_page,
            "talks": TalksPage(services.database, actor, self),
            # pages that load much are built when first shown (see _show_index)
            "activities": lambda: ActivitiesPage(services.database, actor, parent=self),
            "cards": PrintPage(services.database, actor, self),
            "sync": lambda: SyncPage(services.database, actor, parent=self),
            "stats": lambda: StatisticsPage(services.database, actor, parent=self),
            "settings": SettingsPage(
                services.settings,
                actor,
                data_dir,
                installation.role == vocab.INSTALLATION_TOWNSHIP,
                self.restored.emit,
                self,
            ),
        }
        self._page_factories: dict[int, Callable[[], QWidget]] = {}
        for number, key in enumerate(self.PAGE_KEYS, start=1):
            self.nav.addItem(titles[key])
            page = pages[key]
            if not isinstance(page, QWidget):
                self._page_factories[number - 1] = page
                page = QWidget(self)  # stands in until the page is first shown
            self.pages.addWidget(page)
            QShortcut(QKeySequence(f"Ctrl+{number}"), self, lambda k=key: self.show_page(k))
        self.nav.currentRowChanged.connect(self._show_index)
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 48)

        who = QLabel(
            self.tr("{user} ({role})").format(
                user=user.display_name or user.username, role=tr_vocab(vocab.ROLES[user.role])
            ),
            self,
        )
        lock = QPushButton(self.tr("Lock"), self)
        lock.setToolTip(self.tr("Lock the screen (Ctrl+L)"))
        lock.clicked.connect(self.lock_requested.emit)
        QShortcut(QKeySequence("Ctrl+L"), self, self.lock_requested.emit)
        sign_out = QPushButton(self.tr("Sign out"), self)
        sign_out.clicked.connect(self._sign_out)
        top = QHBoxLayout()
        top.addWidget(QLabel(f"<b>{html.escape(installation.name)}</b>", self))
        top.addStretch(1)
        top.addWidget(who)
        top.addWidget(lock)
        top.addWidget(sign_out)

        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.addLayout(top)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)
        self.resize(*DEFAULT_SIZE)
        self.setMinimumSize(*MINIMUM_SIZE)
        self.nav.setCurrentRow(0)
        self.nav.setFocus(Qt.FocusReason.OtherFocusReason)

    def _print_cards(self, services: Services, actor: Actor) -> None:
        """The print dialog on the actor's children's contact cards (imported on first use,
        so the window opens as fast as before)."""
        from liushou_desktop.gui.print_dialog import open_print_dialog

        open_print_dialog(self, services.database, actor, children=services.children)

    def _show_index(self, index: int) -> None:
        """Show page ``index``, building it first if it is built on first use: the window
        opens without loading the term plan, the statistics or the sync log."""
        factory = self._page_factories.pop(index, None)
        if factory is not None:
            stand_in = self.pages.widget(index)
            self.pages.insertWidget(index, factory())
            self.pages.removeWidget(stand_in)
            stand_in.deleteLater()
        self.pages.setCurrentIndex(index)

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self.PAGE_KEYS.index(key))

    def current_page_key(self) -> str:
        return self.PAGE_KEYS[self.pages.currentIndex()]

    def _sign_out(self) -> None:
        self.signed_out.emit()


def _family_gap(db: Database, actor: Actor) -> int:
    """The children of ``actor`` with no call with a parent so far this month."""
    months = FamilyContactService(db).month(actor, date.today())
    return sum(1 for row in months if row.parent_contacts == 0)

"""Starting the GUI: fonts, translations, database, set-up or sign-in, main window."""

from __future__ import annotations

import logging
import os
import sys
import time
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from liushou_desktop import APP_NAME, __version__
from liushou_desktop.applog import setup_logging
from liushou_desktop.db.backup import restore_backup
from liushou_desktop.db.database import Database, DatabaseDamagedError, open_database
from liushou_desktop.db.sync_meta import utcnow
from liushou_desktop.domain import audit
from liushou_desktop.domain.accounts import AccountService, SignedInUser
from liushou_desktop.domain.settings import (
    IDLE_LOCK_MINUTES,
    LANGUAGE,
    TEXT_SCALE,
    SettingsService,
)
from liushou_desktop.domain.setup import InstallationInfo, SetupService
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.account_dialogs import ChangePasswordDialog, LockDialog
from liushou_desktop.gui.fonts import install_app_font, set_text_scale
from liushou_desktop.gui.idle import IdleWatcher
from liushou_desktop.gui.signin import SignInDialog
from liushou_desktop.gui.style import STYLE_SHEET
from liushou_desktop.gui.translations import install_translators, translate_user_error
from liushou_desktop.paths import DataDir, resource

if TYPE_CHECKING:
    from liushou_desktop.gui.main_window import MainWindow

# The main window, the set-up assistant and the backup service (with its
# cryptography) are imported when first needed, not before the first window:
# cold start matters on old school PCs.

log = logging.getLogger(__name__)
# Benchmarks set this to measure a cold start: the process prints the time the
# first window was shown and quits.
EXIT_WHEN_SHOWN_ENV = "LIUSHOU_EXIT_WHEN_SHOWN"
DEMO_CHILDREN = 300
DAILY_BACKUP_DELAY_MS = 3000


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the app's name, font and (default Chinese) translations."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setStyleSheet(STYLE_SHEET)
    app.setWindowIcon(QIcon(str(resource("resources", "icons", "liushou-desktop.png"))))
    return app


def apply_preferences(app: QApplication, settings: SettingsService) -> None:
    install_translators(app, settings.get(LANGUAGE))
    set_text_scale(app, int(settings.get(TEXT_SCALE)))


class Controller:
    """Walks the user from set-up or sign-in to the main window and back."""

    def __init__(self, app: QApplication, db: Database, demo: bool) -> None:
        self.app = app
        self.db = db
        self.demo = demo
        self.setup = SetupService(db)
        self.accounts = AccountService(db)
        self.settings = SettingsService(db)
        self.window: QWidget | None = None
        self.main_window: MainWindow | None = None
        self.idle = IdleWatcher(0)

    def start(self) -> bool:
        """Show the first window; False if the user closed it without going on."""
        installation = self.setup.installation()
        if installation is None and self.demo:
            from liushou_desktop.domain.demo import DemoService

            DemoService(self.db).add_children(DEMO_CHILDREN, "demo")
            installation = self.setup.installation()
        if installation is None:
            return self._run_wizard()
        if installation.is_demo and self.demo:
            user = self.accounts.find("admin")
            if user is not None:
                self._open_main(installation, user)
                return True
        return self._sign_in(installation)

    def _run_wizard(self) -> bool:
        from liushou_desktop.gui.wizard import SetupWizard

        wizard = SetupWizard(self.setup)
        self.window = wizard
        _report_shown(wizard)
        if not wizard.exec() or wizard.result_ is None:
            return False
        installation = self.setup.require_installation()
        user = self.accounts.sign_in(wizard.result_.admin_username, wizard.password)
        self._open_main(installation, user)
        return True

    def _sign_in(self, installation: InstallationInfo, username: str = "") -> bool:
        dialog = SignInDialog(self.accounts, installation.name, username)
        self.window = dialog
        _report_shown(dialog)
        if not dialog.exec() or dialog.user is None:
            return False
        self._open_main(installation, dialog.user)
        return True

    def _open_main(self, installation: InstallationInfo, user: SignedInUser) -> None:
        if user.must_change_password and not self._change_password(user):
            self.accounts.sign_out(user)
            if not self._sign_in(installation, user.username):
                self.app.quit()
            return
        from liushou_desktop.gui.main_window import MainWindow, Services

        window = MainWindow(Services.for_database(self.db), installation, user, self.db.data_dir)
        window.signed_out.connect(lambda: self._on_signed_out(installation, user))
        window.lock_requested.connect(lambda: self._lock(installation, user))
        window.restored.connect(lambda: self._on_signed_out(installation, user))
        settings_page = window.pages.widget(window.PAGE_KEYS.index("settings"))
        self.idle = IdleWatcher(int(self.settings.get(IDLE_LOCK_MINUTES)), window)
        self.idle.idle.connect(lambda: self._lock(installation, user))
        settings_page.display.idle_lock_changed.connect(self.idle.set_minutes)  # type: ignore[attr-defined]
        self.app.installEventFilter(self.idle)
        self.main_window = window
        self.window = window
        window.show()
        _report_shown(window)
        # after the window has painted: the copy takes a moment on a big database
        QTimer.singleShot(DAILY_BACKUP_DELAY_MS, self._daily_backup)

    def _change_password(self, user: SignedInUser) -> bool:
        dialog = ChangePasswordDialog(self.accounts, user)
        dialogs.show_info(
            None,
            dialog.windowTitle(),
            QCoreApplication.translate(
                "App", "Your password was set by the administrator. Please choose your own now."
            ),
        )
        return bool(dialog.exec())

    def _daily_backup(self) -> None:
        from liushou_desktop.domain.backups import BackupService

        try:
            BackupService(self.db).auto_backup_if_due()
        except (UserError, OSError) as exc:
            log.warning("daily backup failed: %s", exc)
            dialogs.show_error(
                self.main_window, exc if isinstance(exc, UserError) else UserError(str(exc))
            )

    def _lock(self, installation: InstallationInfo, user: SignedInUser) -> None:
        window = self.main_window
        if window is None or not window.isVisible():
            return
        self.idle.stop()
        window.hide()  # nothing of the records stays on screen
        with self.db.session_scope(user.username) as session:
            audit.append(session, actor=user.username, action="screen_locked", now=utcnow())
        result = LockDialog(self.accounts, user).exec()
        if result == LockDialog.SWITCH_USER:
            self._on_signed_out(installation, user)
            return
        window.show()
        self.idle.restart()

    def _on_signed_out(self, installation: InstallationInfo, user: SignedInUser) -> None:
        self.accounts.sign_out(user)
        if self.main_window is not None:
            self.app.removeEventFilter(self.idle)
            self.idle.stop()
            self.main_window.close()
            self.main_window.deleteLater()
            self.main_window = None
        if not self._sign_in(installation, user.username):
            self.app.quit()


def _report_shown(window: QWidget) -> None:
    """For the cold-start benchmark: print when the first window is on screen, then quit."""
    if not os.environ.get(EXIT_WHEN_SHOWN_ENV):
        return

    def done() -> None:
        print(f"shown {type(window).__name__} {time.time():.6f}", flush=True)
        os._exit(0)

    if window.isVisible():
        QTimer.singleShot(0, done)
    else:  # a dialog about to be exec()'d: report once its event loop runs
        QTimer.singleShot(0, lambda: done() if window.isVisible() else None)


def _install_excepthook(log_path: str) -> None:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, UserError):
            dialogs.show_error(None, exc)
            return
        log.error("unexpected error", exc_info=(kind, exc, tb))
        dialogs.show_bug(None, log_path)

    sys.excepthook = hook


def _open_or_offer_backup(data_dir: DataDir) -> Database | None:
    """Open the database; if it is damaged, offer to restore the newest good backup."""
    try:
        return open_database(data_dir)
    except DatabaseDamagedError as exc:
        if exc.backup is None:
            dialogs.show_error(None, exc)
            return None
        restore = dialogs.ask_yes_no(
            None,
            QCoreApplication.translate("App", "The database is damaged"),
            translate_user_error(exc)
            + "\n\n"
            + QCoreApplication.translate(
                "App", "Restore the newest good backup now? The damaged file is kept aside."
            ),
        )
        if not restore:
            return None
        restore_backup(exc.backup, data_dir.database, data_dir.backups, utcnow())
        return open_database(data_dir)


def run_gui(data_dir: DataDir, demo: bool = False) -> int:
    data_dir.ensure()
    log_path = setup_logging(data_dir.logs)
    app = make_application()
    install_translators(app, "zh_CN")  # until the database says otherwise
    install_app_font(app)
    _install_excepthook(str(log_path))
    try:
        db = _open_or_offer_backup(data_dir)
    except UserError as exc:
        dialogs.show_error(None, exc)
        return 1
    if db is None:
        return 1
    try:
        apply_preferences(app, SettingsService(db))
        controller = Controller(app, db, demo)
        if not controller.start():
            return 0
        return app.exec()
    finally:
        db.close()

"""Make the screenshots in docs/screenshots/ (run from the project root):

    python docs/make_screenshots.py

It runs offscreen, hides the machine's Chinese fonts (so the pictures show
what a PC without Chinese fonts sees: only the app's bundled font), fills a
demo school in a temporary data dir, and grabs the windows to PNG.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["FONTCONFIG_FILE"] = str(ROOT / "tests" / "data" / "fontconfig-no-cjk.conf")
sys.path.insert(0, str(ROOT))


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from liushou_desktop.db.database import open_database
    from liushou_desktop.domain.accounts import AccountService
    from liushou_desktop.domain.children import ChildrenService
    from liushou_desktop.domain.demo import DemoService
    from liushou_desktop.domain.setup import SetupService
    from liushou_desktop.gui.account_dialogs import LockDialog
    from liushou_desktop.gui.app import make_application
    from liushou_desktop.gui.fonts import install_app_font
    from liushou_desktop.gui.main_window import MainWindow, Services
    from liushou_desktop.gui.signin import SignInDialog
    from liushou_desktop.gui.translations import install_translators
    from liushou_desktop.gui.wizard import PAGE_ADMIN, PAGE_IDENTITY, SetupWizard
    from liushou_desktop.paths import DataDir

    OUT.mkdir(parents=True, exist_ok=True)
    app = make_application(["screenshots"])
    install_translators(app, "zh_CN")
    install_app_font(app)

    def save(widget: object, name: str) -> None:
        widget.show()  # type: ignore[attr-defined]
        QApplication.processEvents()
        path = OUT / f"{name}.png"
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        print(path.relative_to(ROOT))

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(DataDir(Path(tmp)))
        setup = SetupService(db)
        wizard = SetupWizard(setup)
        wizard.identity_page.name.setText("新场镇中心小学")
        wizard.identity_page.code.setText("5205261001")
        wizard.identity_page.township.setText("新场镇")
        wizard.setStartId(PAGE_IDENTITY)
        wizard.restart()
        save(wizard, "wizard-identity")
        wizard.setStartId(PAGE_ADMIN)
        wizard.restart()
        wizard.admin_page.password.setText("short")
        save(wizard, "wizard-admin-invalid")
        wizard.close()

        DemoService(db).add_children(300, "screenshots")
        installation = setup.require_installation()
        accounts = AccountService(db)
        sign_in = SignInDialog(accounts, installation.name, "admin")
        sign_in.password.setText("wrong")
        sign_in._try_sign_in()  # show the plain-words message for a wrong password
        save(sign_in, "sign-in")
        user = accounts.find("admin")
        assert user is not None
        admin = user.actor()
        accounts.create_account(admin, "liting", "李婷", "class_teacher", (), "password-1")
        accounts.sign_in("liting", "password-1")
        ChildrenService(db).record(admin, ChildrenService(db).list_active(admin)[0].id)
        window = MainWindow(
            Services.for_database(db),
            installation,
            user,
            DataDir(Path(tmp)),
        )
        save(window, "main-home")
        window.show_page("children")
        save(window, "main-children")
        window.children_page.search.setText("王")
        save(window, "main-children-search")
        window.show_page("talks")
        save(window, "main-talks-coming")
        window.show_page("settings")
        settings = window.pages.widget(window.PAGE_KEYS.index("settings"))
        save(window, "main-settings")
        for index, name in (
            (2, "settings-accounts"),
            (3, "settings-audit-log"),
            (4, "settings-backup"),
        ):
            settings.tabs.setCurrentIndex(index)  # type: ignore[attr-defined]
            save(window, name)
        window.close()
        save(LockDialog(accounts, user), "lock-screen")
        db.close()


if __name__ == "__main__":
    main()

"""Locking, recovery, and the administrator's tabs, driven like a user would."""

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from liushou_desktop.db.database import Database
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.account_dialogs import LockDialog, NewAccountDialog, RecoveryDialog
from liushou_desktop.gui.idle import IdleWatcher
from liushou_desktop.gui.main_window import MainWindow, Services
from tests.helpers import SCHOOL


def make_window(qtbot, db: Database, username: str, password: str) -> MainWindow:  # noqa: ANN001
    user = AccountService(db).sign_in(username, password)
    window = MainWindow(
        Services.for_database(db), SetupService(db).require_installation(), user, db.data_dir
    )
    qtbot.addWidget(window)
    return window


def test_admin_sees_every_settings_tab_and_a_class_teacher_only_display(
    app,
    qtbot,
    school_db: Database,  # noqa: ANN001
) -> None:
    DemoService(school_db).add_children(10, "t")
    admin = make_window(qtbot, school_db, "admin", "correct horse")
    titles = admin.pages.widget(7).tab_titles()  # type: ignore[attr-defined]
    assert titles == ["显示", "学校", "账号", "审计日志", "备份与恢复", "隐私"]
    accounts = AccountService(school_db)
    accounts.create_account(
        AccountService(school_db).sign_in("admin", "correct horse").actor(),
        "ct",
        "班主任甲",
        "class_teacher",
        (),
        "password-ct",
    )
    teacher = make_window(qtbot, school_db, "ct", "password-ct")
    assert teacher.pages.widget(7).tab_titles() == ["显示"]  # type: ignore[attr-defined]


def test_audit_tab_lists_filters_and_checks_the_chain(
    app,
    qtbot,
    school_db: Database,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    window = make_window(qtbot, school_db, "admin", "correct horse")
    settings = window.pages.widget(7)
    tab = settings.tabs.widget(3)  # type: ignore[attr-defined]
    assert tab.model.rowCount() == 0  # not read until the tab is shown
    window.show()
    window.show_page("settings")
    settings.tabs.setCurrentIndex(3)  # type: ignore[attr-defined]
    assert tab.model.rowCount() >= 2
    tab.action.setCurrentIndex(tab.action.findData("sign_in"))
    tab.refresh()
    assert {r.action for r in tab.model.rows} == {"sign_in"}
    assert tab.model.index(0, 3).data() == "登录"
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: shown.append(text))
    tab.verify()
    assert "完整" in shown[0]


def test_new_account_dialog_creates_and_shows_the_password_once(
    app,
    qtbot,
    school_db: Database,  # noqa: ANN001
) -> None:
    admin = AccountService(school_db).sign_in("admin", "correct horse").actor()
    dialog = NewAccountDialog(
        lambda user, name, role, classes: AccountService(school_db).create_account(
            admin, user, name, role, classes
        ),
        township=False,
        classes=[],
        parent=None,
    )
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.username, "li")
    dialog.display_name.setText("李老师")
    dialog.role.setCurrentIndex(dialog.role.findData("inspector"))
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted and len(dialog.password) >= 12
    assert AccountService(school_db).sign_in("li", dialog.password).role == "inspector"


def test_lock_dialog_wants_the_right_password_and_ignores_escape(
    app,
    qtbot,
    school_db: Database,  # noqa: ANN001
) -> None:
    user = AccountService(school_db).sign_in("admin", "correct horse")
    dialog = LockDialog(AccountService(school_db), user)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.password, "wrong")
    dialog._try_unlock()
    assert dialog.isVisible() and "不对" in dialog.message.text()
    qtbot.keyClicks(dialog.password, "correct horse")
    dialog._try_unlock()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_idle_watcher_fires_after_the_interval_and_input_postpones_it(app, qtbot) -> None:  # noqa: ANN001
    watcher = IdleWatcher(1)
    app.installEventFilter(watcher)
    try:
        edit = QLineEdit()
        qtbot.addWidget(edit)
        edit.show()
        restarts: list[str] = []

        class Timer:  # counts restarts instead of timing them (the machine may be busy)
            def isActive(self) -> bool:  # noqa: N802
                return True

            def start(self) -> None:
                restarts.append("start")

        real, watcher._timer = watcher._timer, Timer()  # type: ignore[assignment]
        try:
            qtbot.keyClick(edit, Qt.Key.Key_A)  # a key press starts the wait again
            assert restarts
            restarts.clear()
            app.sendEvent(edit, QEvent(QEvent.Type.ToolTipChange))
            assert restarts == []  # other events do not
        finally:
            watcher._timer = real
        watcher._timer.setInterval(200)  # minutes are too long for a test
        watcher._timer.start()
        with qtbot.waitSignal(watcher.idle, timeout=5000):
            pass
        watcher.set_minutes(0)
        assert watcher.remaining_ms() == -1  # off
    finally:
        app.removeEventFilter(watcher)


def test_recovery_dialog_resets_the_admin_and_shows_a_new_code(
    app,
    qtbot,
    db: Database,  # noqa: ANN001
) -> None:
    result = SetupService(db).set_up(SCHOOL, "t")
    dialog = RecoveryDialog(AccountService(db))
    qtbot.addWidget(dialog)
    dialog.code.setText("WRONG-CODE")
    dialog.new.setText("brand new password")
    dialog.repeat.setText("brand new password")
    dialog.buttons.accepted.emit()
    assert "恢复码不对" in dialog.message.text()
    dialog.code.setText(result.recovery_code)
    dialog.buttons.accepted.emit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.new_code and dialog.new_code != result.recovery_code
    assert AccountService(db).sign_in("admin", "brand new password").role == "admin"


def test_privacy_tab_offers_old_records_and_anonymises_them(
    app,
    qtbot,
    school_db: Database,
    monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
) -> None:
    from datetime import date

    from liushou_desktop.domain.children import ChildrenService

    DemoService(school_db).add_children(5, "t")
    admin = AccountService(school_db).sign_in("admin", "correct horse").actor()
    children = ChildrenService(school_db)
    old = children.list_active(admin)[0]
    children.update(admin, old.id, {"status": "graduated", "status_date": date(2019, 7, 1)})
    window = make_window(qtbot, school_db, "admin", "correct horse")
    tab = window.pages.widget(7).tabs.widget(5)  # type: ignore[attr-defined]
    assert tab.list.count() == 1 and old.name in tab.list.item(0).text()
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_: True)
    monkeypatch.setattr(dialogs, "show_info", lambda *_: None)
    tab.anonymise()
    assert tab.list.count() == 0 and not tab.button.isEnabled()
    assert children.retention_candidates(admin) == []


def test_account_and_audit_models_pass_the_model_tester(
    app,
    qtmodeltester,
    school_db: Database,  # noqa: ANN001
) -> None:
    from liushou_desktop.domain.audit_viewer import AuditService
    from liushou_desktop.gui.pages.accounts import AccountsModel
    from liushou_desktop.gui.pages.audit_log import AuditModel

    admin = AccountService(school_db).sign_in("admin", "correct horse").actor()
    accounts = AccountsModel()
    accounts.set_rows(AccountService(school_db).list_accounts(admin))
    assert accounts.index(0, 2).data() == "管理员"
    qtmodeltester.check(accounts)
    audit_model = AuditModel()
    audit_model.set_rows(AuditService(school_db).query(admin))
    assert audit_model.rowCount() >= 2
    qtmodeltester.check(audit_model)


def test_after_sign_in_a_daily_backup_is_made_once_the_window_is_up(
    app,
    qtbot,
    school_db: Database,  # noqa: ANN001
) -> None:
    from liushou_desktop.gui.app import Controller

    controller = Controller(app, school_db, demo=False)
    user = AccountService(school_db).sign_in("admin", "correct horse")
    controller._open_main(SetupService(school_db).require_installation(), user)
    window = controller.main_window
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    assert list(school_db.data_dir.backups.glob("*-daily.bak")) == []  # not before painting
    qtbot.waitUntil(
        lambda: bool(list(school_db.data_dir.backups.glob("*-daily.bak"))), timeout=10_000
    )
    app.removeEventFilter(controller.idle)

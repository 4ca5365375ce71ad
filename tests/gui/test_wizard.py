"""The first-run assistant, driven with the keyboard and mouse like a teacher would."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Installation, School
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.setup import SetupService
from liushou_desktop.gui.wizard import (
    PAGE_ADMIN,
    PAGE_DONE,
    PAGE_IDENTITY,
    PAGE_PHONES,
    SetupWizard,
)


def next_enabled(wizard: SetupWizard) -> bool:
    return wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_school_set_up_from_start_to_finish(app, qtbot, db: Database) -> None:  # noqa: ANN001
    wizard = SetupWizard(SetupService(db))
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentPage().title() == "欢迎使用"
    wizard.next()
    assert wizard.currentId() == PAGE_IDENTITY
    assert not next_enabled(wizard)  # nothing typed yet
    wizard.identity_page.name.setText("新场镇中心小学")  # typed with the input method
    qtbot.keyClicks(wizard.identity_page.code, "x")
    assert not next_enabled(wizard)
    assert "代码" in wizard.identity_page.message.text()  # says what is wrong, in Chinese
    wizard.identity_page.code.clear()
    qtbot.keyClicks(wizard.identity_page.code, "5205261001")
    wizard.identity_page.township.setText("新场镇")  # typed with the input method
    assert next_enabled(wizard) and wizard.identity_page.message.text() == ""
    wizard.next()
    assert wizard.currentId() == PAGE_PHONES
    qtbot.keyClicks(wizard.phones_page.family_phone, "0851 8123456")
    assert next_enabled(wizard)
    wizard.next()
    assert wizard.currentId() == PAGE_ADMIN
    qtbot.keyClicks(wizard.admin_page.password, "short")
    assert not next_enabled(wizard) and "太短" in wizard.admin_page.message.text()
    qtbot.keyClicks(wizard.admin_page.password, "-enough")
    qtbot.keyClicks(wizard.admin_page.repeat, "short-enoug")
    assert not next_enabled(wizard) and "不一致" in wizard.admin_page.message.text()
    qtbot.keyClicks(wizard.admin_page.repeat, "h")
    assert next_enabled(wizard)
    wizard.next()
    assert wizard.currentId() == PAGE_DONE
    assert wizard.result_ is not None
    assert wizard.done_page.code.text() == wizard.result_.recovery_code
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # until the code is written down
    wizard.done_page.confirm.setFocus()
    qtbot.keyClick(wizard.done_page.confirm, Qt.Key.Key_Space)
    assert wizard.done_page.confirm.isChecked()
    assert finish.isEnabled()

    with db.session_scope("t") as session:
        installation = session.scalars(select(Installation)).one()
        school = session.scalars(select(School)).one()
    assert (installation.name, installation.code) == ("新场镇中心小学", "5205261001")
    assert school.family_phone == "0851-8123456"
    assert AccountService(db).sign_in("admin", "short-enough").role == "admin"


def test_township_skips_the_phone_page(app, qtbot, db: Database) -> None:  # noqa: ANN001
    wizard = SetupWizard(SetupService(db))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.role_page.township.setChecked(True)
    wizard.next()
    assert wizard.identity_page.township.isHidden()
    wizard.identity_page.name.setText("新场镇")  # typed with the input method
    qtbot.keyClicks(wizard.identity_page.code, "XCZ01")
    wizard.next()
    assert wizard.currentId() == PAGE_ADMIN
    qtbot.keyClicks(wizard.admin_page.password, "township-pass")
    qtbot.keyClicks(wizard.admin_page.repeat, "township-pass")
    wizard.next()
    assert wizard.currentId() == PAGE_DONE
    assert SetupService(db).require_installation().role == "township"


def test_a_failed_set_up_stays_on_the_page_and_says_why(
    app,
    qtbot,
    school_db: Database,  # noqa: ANN001
) -> None:
    wizard = SetupWizard(SetupService(school_db))  # this data dir is already set up
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    wizard.identity_page.name.setText("另一所学校")  # typed with the input method
    qtbot.keyClicks(wizard.identity_page.code, "5205269999")
    wizard.next()
    wizard.next()
    qtbot.keyClicks(wizard.admin_page.password, "password-1")
    qtbot.keyClicks(wizard.admin_page.repeat, "password-1")
    wizard.next()
    assert wizard.currentId() == PAGE_ADMIN
    assert "已经设置过" in wizard.admin_page.message.text()
    assert wizard.result_ is None

"""The first-run set-up assistant: school or township, names, phones, administrator."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from liushou_desktop.domain import vocab
from liushou_desktop.domain.phones import normalize_phone
from liushou_desktop.domain.setup import (
    MIN_PASSWORD_LENGTH,
    SetupRequest,
    SetupResult,
    SetupService,
    normalize_phone_list,
    validate_code,
    validate_name,
    validate_password,
    validate_username,
)
from liushou_desktop.errors import UserError
from liushou_desktop.gui.pages.common import error_label
from liushou_desktop.gui.translations import translate_user_error

PAGE_ROLE, PAGE_IDENTITY, PAGE_PHONES, PAGE_ADMIN, PAGE_DONE = range(5)


class _CheckedPage(QWizardPage):
    """A page that checks its fields as the user types and says what is wrong."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = error_label(self)
        self._checks: list[Callable[[], None]] = []

    def watch(self, edit: QLineEdit, check: Callable[[], None]) -> None:
        self._checks.append(check)
        edit.textChanged.connect(self.completeChanged)

    def problem(self) -> str:
        """The first problem with the page's fields, or "" if there is none."""
        for check in self._checks:
            try:
                check()
            except UserError as exc:
                return translate_user_error(exc)
        return ""

    def isComplete(self) -> bool:  # noqa: N802
        problem = self.problem()
        self.message.setText(problem)
        return not problem


class RolePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Welcome"))
        self.setSubTitle(
            self.tr("This assistant sets up the program on this computer. It takes a few minutes.")
        )
        self.school = QRadioButton(self.tr("A school: we register and care for our children"), self)
        self.township = QRadioButton(
            self.tr("A township office: we collect the schools' sync files"), self
        )
        self.school.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Who will use this computer?"), self))
        layout.addWidget(self.school)
        layout.addWidget(self.township)
        layout.addStretch(1)

    def role(self) -> str:
        return vocab.INSTALLATION_SCHOOL if self.school.isChecked() else vocab.INSTALLATION_TOWNSHIP


class IdentityPage(_CheckedPage):
    def __init__(self, role_page: RolePage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._role_page = role_page
        self.setTitle(self.tr("Name and code"))
        self.name = QLineEdit(self)
        self.code = QLineEdit(self)
        self.township = QLineEdit(self)
        self.township_label = QLabel(self.tr("Township"), self)
        self.name_label = QLabel(self)
        self.code_label = QLabel(self)
        self.watch(self.name, lambda: validate_name(self.name.text()))
        self.watch(self.code, lambda: validate_code(self.code.text()))
        form = QFormLayout()
        form.addRow(self.name_label, self.name)
        form.addRow(self.code_label, self.code)
        form.addRow(self.township_label, self.township)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802
        school = self._role_page.role() == vocab.INSTALLATION_SCHOOL
        self.name_label.setText(self.tr("School name") if school else self.tr("Township name"))
        self.code_label.setText(
            self.tr("School code (10 digits)") if school else self.tr("Township code")
        )
        self.township.setVisible(school)
        self.township_label.setVisible(school)
        self.setSubTitle(
            self.tr("As printed on the school's documents; the name appears on every card.")
            if school
            else self.tr("The township's code identifies it to its schools.")
        )

    def nextId(self) -> int:  # noqa: N802
        school = self._role_page.role() == vocab.INSTALLATION_SCHOOL
        return PAGE_PHONES if school else PAGE_ADMIN


class PhonesPage(_CheckedPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("The school's phone numbers"))
        self.setSubTitle(
            self.tr("Printed on every child's contact card. You can change them later.")
        )
        self.family_phone = QLineEdit(self)
        self.family_phone.setPlaceholderText("0851-8123456")
        self.emergency = QLineEdit("110，120，12355", self)
        self.watch(self.family_phone, lambda: normalize_phone(self.family_phone.text()))
        self.watch(self.emergency, lambda: normalize_phone_list(self.emergency.text()))
        form = QFormLayout()
        form.addRow(self.tr("Family call phone (亲情电话)"), self.family_phone)
        form.addRow(self.tr("Emergency numbers"), self.emergency)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def nextId(self) -> int:  # noqa: N802
        return PAGE_ADMIN


class AdminPage(_CheckedPage):
    def __init__(self, wizard: SetupWizard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wizard = wizard
        self.setTitle(self.tr("Administrator account"))
        self.setSubTitle(
            self.tr(
                "The administrator manages accounts, settings and sync files. "
                "Use at least {n} characters for the password."
            ).format(n=MIN_PASSWORD_LENGTH)
        )
        self.username = QLineEdit("admin", self)
        self.password = QLineEdit(self)
        self.repeat = QLineEdit(self)
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.watch(self.username, lambda: validate_username(self.username.text()))
        self.watch(self.password, lambda: validate_password(self.password.text()))
        self.watch(self.repeat, self._check_repeat)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        form.addRow(self.tr("Password again"), self.repeat)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _check_repeat(self) -> None:
        if self.repeat.text() != self.password.text():
            raise UserError(self.tr("The two passwords are not the same."))

    def nextId(self) -> int:  # noqa: N802
        return PAGE_DONE

    def validatePage(self) -> bool:  # noqa: N802
        """Set up for real when the user leaves this page; stay on it if that fails."""
        try:
            self._wizard.set_up()
        except UserError as exc:
            self.message.setText(translate_user_error(exc))
            return False
        return True


class DonePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Write down the recovery code"))
        self.setSubTitle(
            self.tr(
                "If the administrator's password is forgotten, this code is the only way "
                "back in. Write it on paper and keep it locked away. It is shown only now."
            )
        )
        self.code = QLabel(self)
        font = QFont(self.code.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setFamilies(["monospace", *font.families()])
        self.code.setFont(font)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.confirm = QCheckBox(self.tr("I have written the recovery code down"), self)
        self.confirm.toggled.connect(self.completeChanged)
        layout = QVBoxLayout(self)
        layout.addWidget(self.code)
        layout.addWidget(self.confirm)
        layout.addStretch(1)

    def isComplete(self) -> bool:  # noqa: N802
        return self.confirm.isChecked()

    def show_code(self, code: str) -> None:
        self.code.setText(code)


class SetupWizard(QWizard):
    """On success, :attr:`result_` holds the set-up and :attr:`password` the admin's password."""

    def __init__(self, setup: SetupService, actor: str = "setup", parent: QWidget | None = None):
        super().__init__(parent)
        self._setup = setup
        self._actor = actor
        self.result_: SetupResult | None = None
        self.password = ""
        self.setWindowTitle(self.tr("Set-up assistant"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.role_page = RolePage(self)
        self.identity_page = IdentityPage(self.role_page, self)
        self.phones_page = PhonesPage(self)
        self.admin_page = AdminPage(self, self)
        self.done_page = DonePage(self)
        for page_id, page in (
            (PAGE_ROLE, self.role_page),
            (PAGE_IDENTITY, self.identity_page),
            (PAGE_PHONES, self.phones_page),
            (PAGE_ADMIN, self.admin_page),
            (PAGE_DONE, self.done_page),
        ):
            self.setPage(page_id, page)
        self.resize(760, 520)

    def set_up(self) -> None:
        if self.result_ is not None:  # already set up (the user came back with Back)
            return
        school = self.role_page.role() == vocab.INSTALLATION_SCHOOL
        request = SetupRequest(
            role=self.role_page.role(),
            name=self.identity_page.name.text(),
            code=self.identity_page.code.text(),
            township_name=self.identity_page.township.text() if school else "",
            admin_username=self.admin_page.username.text(),
            admin_password=self.admin_page.password.text(),
            family_phone=self.phones_page.family_phone.text() if school else "",
            emergency_phones=self.phones_page.emergency.text() if school else "",
        )
        self.result_ = self._setup.set_up(request, self._actor)
        self.password = self.admin_page.password.text()
        self.done_page.show_code(self.result_.recovery_code)

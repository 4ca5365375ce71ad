"""Dialogs about accounts: change a password, recover the admin, lock the screen, new account."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain import vocab
from liushou_desktop.domain.accounts import AccountService, SignedInUser
from liushou_desktop.domain.permissions import SCHOOL_ROLES, TOWNSHIP_ROLES
from liushou_desktop.errors import UserError
from liushou_desktop.gui.pages.common import error_label, heading
from liushou_desktop.gui.translations import tr_vocab, translate_user_error


def _password_edit(parent: QWidget) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _FormDialog(QDialog):
    """A form with OK/Cancel whose OK runs :meth:`submit`; a UserError stays on the form."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.message = error_label(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.message)
        self.layout_.addWidget(self.buttons)
        self.setMinimumWidth(480)

    def submit(self) -> None:
        raise NotImplementedError

    def _on_ok(self) -> None:
        try:
            self.submit()
        except UserError as exc:
            self.message.setText(translate_user_error(exc))
            return
        self.accept()

    def _check_same(self, first: QLineEdit, second: QLineEdit) -> None:
        if first.text() != second.text():
            raise UserError(self.tr("The two passwords are not the same."))


class ChangePasswordDialog(_FormDialog):
    """A user chooses a new password (required after the administrator reset it)."""

    def __init__(
        self, accounts: AccountService, user: SignedInUser, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("Choose your own password"), parent)
        self._accounts = accounts
        self._user = user
        self.old = _password_edit(self)
        self.new = _password_edit(self)
        self.repeat = _password_edit(self)
        self.form.addRow(self.tr("Current password"), self.old)
        self.form.addRow(self.tr("New password"), self.new)
        self.form.addRow(self.tr("New password again"), self.repeat)

    def submit(self) -> None:
        self._check_same(self.new, self.repeat)
        self._accounts.change_own_password(self._user, self.old.text(), self.new.text())


class RecoveryDialog(_FormDialog):
    """The administrator's way back in: the recovery code from set-up."""

    def __init__(self, accounts: AccountService, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Reset the administrator's password"), parent)
        self._accounts = accounts
        self.new_code = ""
        self.code = QLineEdit(self)
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX")
        self.new = _password_edit(self)
        self.repeat = _password_edit(self)
        intro = QLabel(
            self.tr(
                "Type the recovery code that was written down at set-up. The code is used "
                "up: a new one is shown afterwards."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)
        self.form.addRow(self.tr("Recovery code"), self.code)
        self.form.addRow(self.tr("New password"), self.new)
        self.form.addRow(self.tr("New password again"), self.repeat)

    def submit(self) -> None:
        self._check_same(self.new, self.repeat)
        result = self._accounts.recover_admin(self.code.text(), self.new.text())
        self.new_code = result.new_recovery_code


class NewAccountDialog(_FormDialog):
    """The administrator creates an account; the password is generated and shown once."""

    def __init__(
        self,
        create: Callable[[str, str, str, tuple[str, ...]], str],
        township: bool,
        classes: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("New account"), parent)
        self._create = create
        self.password = ""
        self.username = QLineEdit(self)
        self.display_name = QLineEdit(self)
        self.role = QComboBox(self)
        for role in TOWNSHIP_ROLES if township else SCHOOL_ROLES:
            self.role.addItem(tr_vocab(vocab.ROLES[role]), role)
        self.classes = QListWidget(self)
        for class_id, name in classes:
            item = QListWidgetItem(name, self.classes)
            item.setData(Qt.ItemDataRole.UserRole, class_id)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.classes.setMaximumHeight(160)
        self.form.addRow(self.tr("User name (for signing in)"), self.username)
        self.form.addRow(self.tr("Teacher's name"), self.display_name)
        self.form.addRow(self.tr("Role"), self.role)
        self.form.addRow(self.tr("Classes (for a class teacher)"), self.classes)

    def chosen_classes(self) -> tuple[str, ...]:
        return tuple(
            self.classes.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.classes.count())
            if self.classes.item(i).checkState() == Qt.CheckState.Checked
        )

    def submit(self) -> None:
        self.password = self._create(
            self.username.text(),
            self.display_name.text(),
            self.role.currentData(),
            self.chosen_classes(),
        )


class LockDialog(QDialog):
    """The locked screen: the same user types their password, or someone else signs in."""

    SWITCH_USER = 2

    def __init__(
        self, accounts: AccountService, user: SignedInUser, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._user = user
        self.setWindowTitle(self.tr("Locked"))
        self.password = _password_edit(self)
        self.message = error_label(self)
        buttons = QDialogButtonBox(self)
        unlock = buttons.addButton(self.tr("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole)
        switch = buttons.addButton(
            self.tr("Sign in as someone else"), QDialogButtonBox.ButtonRole.ResetRole
        )
        unlock.setDefault(True)
        unlock.clicked.connect(self._try_unlock)
        switch.clicked.connect(lambda: self.done(self.SWITCH_USER))
        form = QFormLayout()
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Locked")))
        layout.addWidget(
            QLabel(
                self.tr("{name} locked the screen. Type the password to go on.").format(
                    name=user.display_name or user.username
                ),
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def _try_unlock(self) -> None:
        try:
            self._accounts.sign_in(self._user.username, self.password.text())
        except UserError as exc:
            self.message.setText(translate_user_error(exc))
            self.password.clear()
            return
        self.accept()

    def reject(self) -> None:  # Esc must not unlock
        pass

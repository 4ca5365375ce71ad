"""The sign-in window: the first window of a set-up installation."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain.accounts import AccountService, SignedInUser
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.account_dialogs import RecoveryDialog
from liushou_desktop.gui.pages.common import error_label, heading
from liushou_desktop.gui.translations import translate_user_error


class SignInDialog(QDialog):
    def __init__(
        self,
        accounts: AccountService,
        place_name: str,
        username: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self.user: SignedInUser | None = None
        self.setWindowTitle(self.tr("Sign in — {name}").format(name=place_name))

        self.username = QLineEdit(username, self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = error_label(self)

        buttons = QDialogButtonBox(self)
        self.sign_in_button = buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.recover_button = buttons.addButton(
            self.tr("Reset the administrator's password with the recovery code"),
            QDialogButtonBox.ButtonRole.ResetRole,
        )
        self.recover_button.clicked.connect(self._recover)
        buttons.accepted.connect(self._try_sign_in)
        buttons.rejected.connect(self.reject)
        self.sign_in_button.setDefault(True)

        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        form.addRow(self.tr("Password"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(place_name))
        layout.addLayout(form)
        layout.addWidget(self.message)
        hint = QLabel(
            self.tr(
                "Forgot your password? Ask the school administrator to reset it. "
                "The administrator can use the recovery code printed at set-up."
            ),
            self,
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        (self.password if username else self.username).setFocus()
        self.setMinimumWidth(460)

    def _recover(self) -> None:
        dialog = RecoveryDialog(self._accounts, self)
        if not dialog.exec():
            return
        dialogs.show_info(
            self,
            self.tr("Write down the new recovery code"),
            self.tr(
                "The administrator's password was reset. The old recovery code no longer "
                "works; the new one is:\n\n{code}\n\nWrite it down and keep it locked away."
            ).format(code=dialog.new_code),
        )
        self.password.setFocus()

    def _try_sign_in(self) -> None:
        try:
            self.user = self._accounts.sign_in(self.username.text(), self.password.text())
        except UserError as exc:
            self.message.setText(translate_user_error(exc))
            self.password.clear()
            self.password.setFocus()
            return
        self.accept()

"""设置 → 账号: the administrator creates accounts, resets passwords, disables leavers."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain import vocab
from liushou_desktop.domain.accounts import AccountRow, AccountService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.account_dialogs import NewAccountDialog
from liushou_desktop.gui.formatting import local_time
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.translations import tr_vocab


class AccountsModel(RowsTableModel[AccountRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                self.tr("User name"),
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Classes"),
                self.tr("State"),
                self.tr("Last sign-in"),
            ),
            parent=parent,
        )

    def cell(self, row: AccountRow, column: int) -> str:
        if column == 0:
            return row.username
        if column == 1:
            return row.display_name
        if column == 2:
            return tr_vocab(vocab.ROLES.get(row.role, row.role))
        if column == 3:
            return "、".join(row.class_names)
        if column == 4:
            if row.disabled:
                return self.tr("Disabled")
            return self.tr("Locked") if row.locked_until else self.tr("Active")
        return local_time(row.last_sign_in_at)


class AccountsTab(QWidget):
    def __init__(
        self, accounts: AccountService, actor: Actor, township: bool, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._accounts = accounts
        self._actor = actor
        self._township = township
        self.model = AccountsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QHBoxLayout()
        for text, slot in (
            (self.tr("New account…"), self.new_account),
            (self.tr("Reset password"), self.reset_password),
            (self.tr("Disable / enable"), self.toggle_disabled),
            (self.tr("Unlock"), self.unlock),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(self._accounts.list_accounts(self._actor))
        self.table.resizeColumnsToContents()

    def selected(self) -> AccountRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            dialogs.show_info(
                self, self.tr("Accounts"), self.tr("First choose an account in the list.")
            )
            return None
        return self.model.rows[rows[0].row()]

    def new_account(self) -> None:
        dialog = NewAccountDialog(
            lambda user, name, role, classes: self._accounts.create_account(
                self._actor, user, name, role, classes
            ),
            self._township,
            [] if self._township else self._accounts.assignable_classes(self._actor),
            self,
        )
        if dialog.exec():
            self._show_password(dialog.username.text().strip(), dialog.password)
            self.refresh()

    def reset_password(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            password = self._accounts.reset_password(self._actor, row.username)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self._show_password(row.username, password)
        self.refresh()

    def toggle_disabled(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            self._accounts.set_disabled(self._actor, row.username, not row.disabled)
        except UserError as exc:
            dialogs.show_error(self, exc)
        self.refresh()

    def unlock(self) -> None:
        row = self.selected()
        if row is None:
            return
        self._accounts.unlock(self._actor, row.username)
        self.refresh()

    def _show_password(self, username: str, password: str) -> None:
        dialogs.show_info(
            self,
            self.tr("Password"),
            self.tr(
                "The password of “{user}” is:\n\n{password}\n\nGive it to the teacher; they "
                "choose their own at the next sign-in. It is shown only now."
            ).format(user=username, password=password),
        )

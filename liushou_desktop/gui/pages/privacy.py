"""设置 → 隐私: records of children who left long ago, offered for anonymisation."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain.children import RETENTION_YEARS, ChildrenService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs


class PrivacyTab(QWidget):
    def __init__(self, children: ChildrenService, actor: Actor, parent: Any = None) -> None:
        super().__init__(parent)
        self._children = children
        self._actor = actor
        explain = QLabel(
            self.tr(
                "Children's personal information is kept only while it is needed. Children who "
                "graduated, moved or left more than {years} years ago are listed here. "
                "Anonymising removes their names, ID numbers, addresses, health details and "
                "their family's contacts for good; the counts in old statistics stay."
            ).format(years=RETENTION_YEARS),
            self,
        )
        explain.setWordWrap(True)
        self.list = QListWidget(self)
        self.button = QPushButton(self.tr("Anonymise the ticked records…"), self)
        self.button.clicked.connect(self.anonymise)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.button)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        for child_id, name, left_on in self._children.retention_candidates(self._actor):
            item = QListWidgetItem(f"{name}　{left_on:%Y-%m-%d}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, child_id)
            item.setCheckState(Qt.CheckState.Checked)
        self.button.setEnabled(self.list.count() > 0)

    def ticked(self) -> list[str]:
        return [
            self.list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def anonymise(self) -> None:
        ticked = self.ticked()
        if not ticked:
            return
        if not dialogs.ask_yes_no(
            self,
            self.tr("Anonymise records"),
            self.tr(
                "Anonymise {n} records? This cannot be undone: the names, ID numbers and "
                "contacts are removed for good."
            ).format(n=len(ticked)),
        ):
            return
        try:
            count = self._children.anonymise(self._actor, ticked)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        dialogs.show_info(
            self, self.tr("Anonymised"), self.tr("{n} records were anonymised.").format(n=count)
        )
        self.refresh()

"""儿童档案: the list of active children, searchable by name, pinyin initials or class."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui.children_model import ChildrenFilter, ChildrenTableModel
from liushou_desktop.gui.pages.common import heading


class ChildrenPage(QWidget):
    """Loads its rows the first time it is shown, and again on :meth:`refresh`."""

    def __init__(
        self, children: ChildrenService, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = children
        self._actor = actor
        self._loaded = False
        self.model = ChildrenTableModel(parent=self)
        self.proxy = ChildrenFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(
            self.tr("Search by name, pinyin initials (e.g. wxm) or class")
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.count_label = QLabel(self)

        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the service's order
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Children's records")))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)

    def showEvent(self, event: object) -> None:  # noqa: N802
        if not self._loaded:
            self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        self.model.set_rows(self._service.list_active(self._actor))
        self._loaded = True
        self.table.resizeColumnsToContents()
        self._update_count()

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count_label.setText(self.tr("{n} children").format(n=total))
        else:
            self.count_label.setText(
                self.tr("{shown} of {n} children").format(shown=shown, n=total)
            )

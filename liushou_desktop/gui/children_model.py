"""Table model of the children list, over frozen ChildRow DTOs, and its search filter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from liushou_desktop.domain import vocab
from liushou_desktop.domain.children import ChildRow
from liushou_desktop.domain.phones import format_phone
from liushou_desktop.gui.translations import tr_vocab

Index = QModelIndex | QPersistentModelIndex


def _headers() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("ChildrenModel", "Name"),
        QCoreApplication.translate("ChildrenModel", "Sex"),
        QCoreApplication.translate("ChildrenModel", "Birth date"),
        QCoreApplication.translate("ChildrenModel", "Class"),
        QCoreApplication.translate("ChildrenModel", "ID number"),
        QCoreApplication.translate("ChildrenModel", "Guardian"),
        QCoreApplication.translate("ChildrenModel", "Guardian's phone"),
    )


class ChildrenTableModel(QAbstractTableModel):
    """Read-only rows of the children list; sorting by the display text."""

    def __init__(self, rows: list[ChildRow] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ChildRow] = rows or []
        self._headers = _headers()

    def set_rows(self, rows: list[ChildRow]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> ChildRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self._rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        child = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(child, index.column())
        if role == Qt.ItemDataRole.UserRole:  # sort key
            if index.column() == 0:
                return child.name_pinyin
            if index.column() == 3:
                return f"{child.grade or 0:02d}{child.class_name}"
            return self._display(child, index.column())
        return None

    @staticmethod
    def _display(child: ChildRow, column: int) -> str:
        if column == 0:
            return child.name
        if column == 1:
            return tr_vocab(vocab.SEX[child.sex]) if child.sex in vocab.SEX else ""
        if column == 2:
            return child.birth_date.isoformat() if child.birth_date else ""
        if column == 3:
            return child.class_name
        if column == 4:
            return child.id_number_shown
        if column == 5:
            return child.guardian_name
        if column == 6:
            return format_phone(child.guardian_phone_shown)
        return ""


class ChildrenFilter(QSortFilterProxyModel):
    """Matches a search text against name, pinyin, pinyin initials and class."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(Qt.ItemDataRole.UserRole)
        self.setSortLocaleAware(False)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = "".join(text.split()).lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        if not self._needle:
            return True
        model = self.sourceModel()
        assert isinstance(model, ChildrenTableModel)
        child = model.row_at(source_row)
        needle = self._needle
        return (
            needle in child.name
            or needle in child.class_name
            or child.name_initials.startswith(needle)
            or child.name_pinyin.replace(" ", "").startswith(needle)
        )

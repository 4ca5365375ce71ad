"""The one base for read-only tables over a list of frozen DTOs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    """Rows are DTOs; subclasses say what each cell shows in :meth:`cell`.

    ``UserRole`` gives the sort key, the display text unless :meth:`sort_key` says otherwise.
    """

    def __init__(self, headers: Sequence[str], rows: list[Row] | None = None, parent: Any = None):
        super().__init__(parent)
        self._headers = tuple(headers)
        self.rows: list[Row] = rows or []

    def cell(self, row: Row, column: int) -> str:
        raise NotImplementedError

    def sort_key(self, row: Row, column: int) -> Any:
        return self.cell(row, column)

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self.rows[row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves (a Python sort of 260,000 rows takes a fraction of a
        second; QSortFilterProxyModel took most of a minute)."""
        if not 0 <= column < len(self._headers):
            return
        self.layoutAboutToBeChanged.emit()
        descending = order == Qt.SortOrder.DescendingOrder
        filled = [r for r in self.rows if self.sort_key(r, column) not in ("", None)]
        empty = [r for r in self.rows if self.sort_key(r, column) in ("", None)]
        filled.sort(key=lambda r: self.sort_key(r, column), reverse=descending)
        self.rows = filled + empty
        self.layoutChanged.emit()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if not 0 <= index.column() < len(self._headers):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return self.sort_key(row, index.column())
        return None

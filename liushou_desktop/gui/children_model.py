"""Table model of the children list, over frozen ChildRow DTOs (search: domain.children_search)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from liushou_desktop.domain import vocab
from liushou_desktop.domain.children import MISSING_FIELDS, ChildRow
from liushou_desktop.domain.phones import format_phone
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.translations import tr_vocab


def _headers() -> tuple[str, ...]:
    return (
        QCoreApplication.translate("ChildrenModel", "Name"),
        QCoreApplication.translate("ChildrenModel", "Sex"),
        QCoreApplication.translate("ChildrenModel", "Birth date"),
        QCoreApplication.translate("ChildrenModel", "Class"),
        QCoreApplication.translate("ChildrenModel", "ID number"),
        QCoreApplication.translate("ChildrenModel", "Guardian"),
        QCoreApplication.translate("ChildrenModel", "Guardian's phone"),
        QCoreApplication.translate("ChildrenModel", "Missing"),
    )


class ChildrenTableModel(RowsTableModel[ChildRow]):
    """Read-only rows of the children list; sorting by pinyin and by grade. The last
    column says what an incomplete record still lacks."""

    def __init__(self, rows: list[ChildRow] | None = None, parent: Any = None) -> None:
        super().__init__(_headers(), rows, parent)

    def sort_key(self, row: ChildRow, column: int) -> Any:
        if column == 0:
            return row.name_pinyin
        if column == 3:
            return f"{row.grade or 0:02d}{row.class_name}"
        return self.cell(row, column)

    def cell(self, child: ChildRow, column: int) -> str:
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
        return "、".join(tr_vocab(MISSING_FIELDS[key]) for key in child.missing)

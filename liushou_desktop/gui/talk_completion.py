"""谈心完成率 by class and month, as a chart teachers can read at a glance: one row per class,
one column per month, each cell the completion rate in per cent, shaded from red (few
talks) to green (all done) — the colour repeats what the number says, it never replaces it.
Below it, the children without a held talk for two months.

:class:`MentorFiguresView` shows the month's figures by mentor (每位帮扶教师): children,
held, planned, late and the completion rate, shaded the same way.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain.months import add_months
from liushou_desktop.domain.pinyin import name_pinyin
from liushou_desktop.gui.pages.common import paragraph
from liushou_desktop.gui.table_model import RowsTableModel

__all__ = [
    "CompletionModel",
    "CompletionView",
    "MentorFiguresModel",
    "MentorFiguresView",
    "shade",
]

MONTHS_SHOWN = 6


def shade(rate: float) -> QColor:
    """A light background from red (0 %) through yellow to green (100 %)."""
    rate = min(max(rate, 0.0), 1.0)
    hue = int(120 * rate)  # 0 red, 60 yellow, 120 green
    return QColor.fromHsv(hue, 70, 255)


class CompletionModel(RowsTableModel[tuple[str, list[float | None]]]):
    """Rows (class name, rate per month or None when there is no figure)."""

    def __init__(self, months: list[date], parent: Any = None) -> None:
        headers = [QCoreApplication.translate("TalksPage", "Class")]
        headers += [f"{m.year}年{m.month}月" for m in months]
        super().__init__(headers, parent=parent)

    def cell(self, row: tuple[str, list[float | None]], column: int) -> str:
        if column == 0:
            return row[0]
        rate = row[1][column - 1]
        return "" if rate is None else f"{round(rate * 100)}%"

    def sort_key(self, row: tuple[str, list[float | None]], column: int) -> Any:
        if column == 0:
            return row[0]
        return row[1][column - 1]

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() > 0:
            rate = self.rows[index.row()][1][index.column() - 1]
            if role == Qt.ItemDataRole.BackgroundRole and rate is not None:
                return QBrush(shade(rate))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
        return super().data(index, role)


class CompletionView(QWidget):
    """The chart for the months up to ``month`` and the silent children of ``month``."""

    def __init__(self, status_service: Any, actor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = status_service
        self._actor = actor
        self.months: list[date] = []
        self.model = CompletionModel([], self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.silent_title = QLabel(self)
        self.silent = paragraph("", self)
        self.silent.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(
            paragraph(
                self.tr(
                    "The share of each class's children who had a talk each month. Red: "
                    "few talks; green: every child."
                ),
                self,
            )
        )
        layout.addWidget(self.table, 2)
        layout.addWidget(self.silent_title)
        layout.addWidget(self.silent, 1)

    def show_months(self, month: date, silent: list[tuple[str, str]]) -> None:
        """The six months up to ``month``; ``silent``: (child, class) without a talk in
        ``month`` or the month before."""
        self.months = [add_months(month, k) for k in range(1 - MONTHS_SHOWN, 1)]
        rates = self._service.completion_by_month(self._actor, self.months)
        keys = [f"{m.year:04d}-{m.month:02d}" for m in self.months]
        classes = list(dict.fromkeys(name for key in keys for name in rates.get(key, {})))
        rows = [(name, [rates.get(key, {}).get(name) for key in keys]) for name in classes]
        model = CompletionModel(self.months, self)
        model.set_rows(rows)
        self.model = model
        self.table.setModel(model)
        self.silent_title.setText(
            self.tr("No talk for two months: {n} children").format(n=len(silent))
        )
        self.silent.setText(
            "、".join(f"{name}（{klass}）" if klass else name for name, klass in silent)
        )


class MentorFiguresModel(RowsTableModel[tuple[str, Any]]):
    """Rows (mentor name, Figures): children, held, planned, late, completion %."""

    RATE = 5

    def __init__(self, parent: Any = None) -> None:
        headers = [
            QCoreApplication.translate("TalksPage", "Mentor"),
            QCoreApplication.translate("TalksPage", "Children"),
            QCoreApplication.translate("TalksPage", "Held"),
            QCoreApplication.translate("TalksPage", "Planned"),
            QCoreApplication.translate("TalksPage", "Late"),
            QCoreApplication.translate("TalksPage", "Completion rate"),
        ]
        super().__init__(headers, parent=parent)

    FIGURES = ("children", "done", "planned", "overdue", "rate")  # columns 1 to 5

    def sort_key(self, row: tuple[str, Any], column: int) -> Any:
        name, figures = row
        if column == 0:  # a teacher looks a name up by its pinyin
            return name_pinyin(name)[0], name
        return getattr(figures, self.FIGURES[column - 1])

    def cell(self, row: tuple[str, Any], column: int) -> str:
        if column == 0:
            return row[0]
        if column == self.RATE:
            return f"{round(row[1].rate * 100)}%"
        return str(self.sort_key(row, column))  # a number: no pinyin worked out to paint

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() > 0 and 0 <= index.row() < len(self.rows):
            if role == Qt.ItemDataRole.BackgroundRole and index.column() == self.RATE:
                return QBrush(shade(self.rows[index.row()][1].rate))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignCenter)
        return super().data(index, role)


class MentorFiguresView(QWidget):
    """The month's figures by mentor, sortable by any column (click its heading)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = MentorFiguresModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSortingEnabled(True)
        # The service's order (by the teachers' pinyin) until a heading is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(90)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the names
        layout = QVBoxLayout(self)
        layout.addWidget(
            paragraph(
                self.tr(
                    "Each mentor's children this month and how many of their talks were "
                    "held. A child without a mentor counts for their class teacher."
                ),
                self,
            )
        )
        layout.addWidget(self.table, 1)

    def show_figures(self, mentors: dict[str, Any]) -> None:
        """Show ``mentors`` (name -> Figures), keeping the column the table is sorted by."""
        self.model.set_rows(list(mentors.items()))
        header = self.table.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())

"""统计: the term's activities and family contact, class by class.

A term chooser (the school's terms, the one holding today chosen), then one line per
class with the figures of :class:`~liushou_desktop.domain.activity_stats.ActivityStatsService`
and the total line in bold: children on the roll, activities held / planned, children
who took part, children with a call from a parent this month and in each month of the
term, home visits, guardians at a meeting and, for those who may see it, the month's
谈心 completion. Every share is a number (人数 and per cent); the cell's colour, from
red to green, only repeats it. A short plain explanation of each figure sits under the
table, and 导出 Excel… writes the same table to a workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.sync_meta import local_date, utcnow
from liushou_desktop.domain.activity_stats import ActivityStatsService, ClassFigures, rate
from liushou_desktop.domain.permissions import VIEW_TALK_STATUS, Actor, allowed
from liushou_desktop.domain.school_calendar import TermView
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.common import heading, paragraph
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.talk_completion import shade

__all__ = ["StatisticsModel", "StatisticsPage", "current_term"]


def current_term(terms: list[TermView], today: date) -> int:
    """The index of the term holding ``today``, else of the last one begun by then,
    else the first (-1 when there is none)."""
    if not terms:
        return -1
    begun = -1
    for k, term in enumerate(terms):
        if term.starts_on <= today <= term.ends_on:
            return k
        if term.starts_on <= today:
            begun = k
    return begun if begun >= 0 else 0


def _month_label(key: str) -> str:
    """``2026-11`` as 11月."""
    return f"{int(key[5:])}月"


def _share(part: int, whole: int) -> str:
    """``23 (85%)``."""
    return f"{part} ({round(rate(part, whole) * 100)}%)"


class StatisticsModel(RowsTableModel[ClassFigures]):
    """One line per class and the total (bold). Columns: class, children, held/planned,
    reached, parent calls in the last month shown, the share of each earlier month,
    home visits, guardians at a meeting, and the talks' completion when ``talks`` is
    given. ``columns`` names what each column shows (``("month", k)`` for month k)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([], parent=parent)
        self.month_keys: list[str] = []
        self.talks: dict[str, float] | None = None
        self.columns: list[Any] = []
        self._order: dict[str, int] = {}

    def show(
        self, rows: list[ClassFigures], months: list[str], talks: dict[str, float] | None
    ) -> None:
        """New rows, months (``YYYY-MM``) and talk rates (class name, or "" for the
        total -> rate; None: no talk column)."""
        self.beginResetModel()
        self.month_keys = list(months)
        self.talks = talks
        last = _month_label(months[-1]) if months else ""
        self.columns = ["class", "children", "activities", "reached"]
        headers = [
            QCoreApplication.translate("StatisticsPage", "Class"),
            QCoreApplication.translate("StatisticsPage", "Children"),
            QCoreApplication.translate("StatisticsPage", "Activities\nheld / planned"),
            QCoreApplication.translate("StatisticsPage", "Children who\ntook part"),
        ]
        if months:
            self.columns.append("calls")
            headers.append(
                QCoreApplication.translate("StatisticsPage", "Parent calls\n{month}").format(
                    month=last
                )
            )
        for k, key in enumerate(months[:-1]):
            self.columns.append(("month", k))
            headers.append(
                QCoreApplication.translate("StatisticsPage", "Calls\n{month}").format(
                    month=_month_label(key)
                )
            )
        self.columns += ["visits", "guardians"]
        headers += [
            QCoreApplication.translate("StatisticsPage", "Home\nvisits"),
            QCoreApplication.translate("StatisticsPage", "Guardians at\na meeting"),
        ]
        if talks is not None:
            self.columns.append("talks")
            headers.append(
                QCoreApplication.translate("StatisticsPage", "Talks\n{month}").format(month=last)
            )
        self._headers = tuple(headers)
        self.rows = rows
        self._order = {row.class_id: k for k, row in enumerate(rows)}
        self.endResetModel()

    def _counts(self, row: ClassFigures, column: int) -> tuple[int, int] | None:
        """(part, whole) a column shows, or None when it shows no share."""
        kind = self.columns[column]
        if kind == "activities":
            return row.held, row.planned
        if kind == "reached":
            return row.reached, row.children
        if kind == "calls" and row.months:
            return row.months[-1].with_parent_contact, row.months[-1].children
        if isinstance(kind, tuple):
            month = row.months[kind[1]]
            return month.with_parent_contact, month.children
        if kind == "visits":
            return row.home_visited, row.children
        if kind == "guardians":
            return row.guardian_attended, row.children
        return None

    def _rate(self, row: ClassFigures, column: int) -> float | None:
        """The share a column shows (None for class, children and empty cells)."""
        if self.columns[column] == "talks":
            return (self.talks or {}).get(row.class_name if row.class_id else "")
        counts = self._counts(row, column)
        if counts is None or not counts[1]:
            return None
        return rate(*counts)

    def cell(self, row: ClassFigures, column: int) -> str:
        kind = self.columns[column]
        if kind == "class":
            return row.class_name
        if kind == "children":
            return str(row.children)
        if kind == "activities":
            return f"{row.held} / {row.planned}"
        if kind in ("reached", "calls", "visits", "guardians"):
            counts = self._counts(row, column)
            return _share(*counts) if counts else ""
        share = self._rate(row, column)
        return "" if share is None else f"{round(share * 100)}%"

    def sort_key(self, row: ClassFigures, column: int) -> Any:
        kind = self.columns[column]
        if kind == "class":  # the service's order: by grade, then class
            return self._order.get(row.class_id, len(self._order))
        if kind == "children":
            return row.children
        return self._rate(row, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the classes; the total stays last."""
        if not self.rows or self.rows[-1].class_id:
            super().sort(column, order)
            return
        total = self.rows[-1]
        self.rows = self.rows[:-1]
        super().sort(column, order)
        self.rows.append(total)
        self.layoutChanged.emit()

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < len(self.rows):
            row = self.rows[index.row()]
            if role == Qt.ItemDataRole.FontRole and not row.class_id:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
                return int(Qt.AlignmentFlag.AlignCenter)
            # No colour for held / planned: the plan runs to the end of the term.
            if role == Qt.ItemDataRole.BackgroundRole and index.column() >= 3:
                share = self._rate(row, index.column())
                if share is not None:
                    return QBrush(shade(share))
        return super().data(index, role)


class StatisticsPage(QWidget):
    """The term's figures for ``actor``; ``now`` is the page's clock (naive UTC)."""

    def __init__(
        self,
        db: Any,
        actor: Actor,
        now: Callable[[], datetime] = utcnow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._now = now
        self.service = ActivityStatsService(db, now)
        self.terms: list[TermView] = []

        self.title = heading(self.tr("Activities and family contact by class"), self)
        term_label = QLabel(self.tr("Term:"), self)
        self.term_box = QComboBox(self)
        self.term_box.setObjectName("statsTerm")
        self.term_box.setMinimumContentsLength(14)
        term_label.setBuddy(self.term_box)
        self.term_box.currentIndexChanged.connect(lambda _index: self.refresh())
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)
        self.export_button.setObjectName("statsExport")
        self.export_button.clicked.connect(self.export)
        self.message = QLabel(self)
        self.message.setObjectName("statsMessage")
        self.message.setWordWrap(True)

        self.model = StatisticsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("statsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(False)

        self.explanation = paragraph(
            self.tr(
                "Children: the class's children on the roll now.\n"
                "Activities: this term's activities for the class (the whole school, its "
                "grade, the class, or some of its children) already held, out of those "
                "planned; cancelled ones are left out.\n"
                "Children who took part: children marked present at one or more activities "
                "held this term.\n"
                "Parent calls: children who talked with their father or mother (by phone "
                "or video) in that month; calls with grandparents and others do not count.\n"
                "Home visits: children whose home was visited this term.\n"
                "Guardians at a meeting: children whose guardian came to a guardian meeting "
                "held this term.\n"
                "Talks: children who had their talk (谈心) in that month.\n"
                "The last line adds up the classes; its activities count each activity once."
            ),
            self,
        )
        self.explanation.setObjectName("statsExplanation")

        bar = QHBoxLayout()
        bar.addWidget(term_label)
        bar.addWidget(self.term_box)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.explanation)
        self.load_terms()

    def _today(self) -> date:
        return local_date(self._now())

    def load_terms(self) -> None:
        """Fill the chooser with the school's terms, the current one chosen."""
        from liushou_desktop.domain.school_calendar import CalendarService

        try:
            self.terms = CalendarService(self._db, self._now).terms(self._actor)
        except UserError as exc:
            dialogs.show_error(self, exc)
            self.terms = []
        self.term_box.blockSignals(True)
        self.term_box.clear()
        for term in self.terms:
            self.term_box.addItem(term.name, term.name)
        self.term_box.setCurrentIndex(current_term(self.terms, self._today()))
        self.term_box.blockSignals(False)
        self.refresh()

    def term_name(self) -> str | None:
        """The term chosen (None when the school entered none)."""
        data = self.term_box.currentData()
        return str(data) if data else None

    def refresh(self) -> None:
        """Count the chosen term again."""
        term = self.term_name()
        self.export_button.setEnabled(term is not None)
        if term is None:
            self.model.show([], [], None)
            self.message.setText(
                self.tr(
                    "No term yet. Enter the term's first and last days in the school "
                    "calendar (校历, on the Talks page) first."
                )
            )
            self.message.setVisible(True)
            return
        today = self._today()
        try:
            rows = self.service.term_figures(self._actor, term, today)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        months = [m.month for m in rows[-1].months] if rows else []
        talks = self._talk_rates(months[-1]) if months else None
        self.model.show(rows, months, talks)
        self.message.setVisible(not months)
        if not months:
            self.message.setText(
                self.tr("This term has not begun yet: there is nothing to count so far.")
            )

    def _talk_rates(self, key: str) -> dict[str, float] | None:
        """The month's 谈心 completion by class name ("" for the total), or None when the
        actor may not see it."""
        if not allowed(self._actor, VIEW_TALK_STATUS):
            return None
        from liushou_desktop.domain.talk_status import TalkStatusService

        month = date(int(key[:4]), int(key[5:]), 1)
        try:
            status = TalkStatusService(self._db, self._now).status(
                self._actor, month, self._today()
            )
        except UserError:
            return None
        rates = {name: figures.rate for name, figures in status.classes.items()}
        rates[""] = status.total.rate
        return rates

    def export(self) -> Path | None:
        """Ask where, write the term's figures there, say where (None if cancelled)."""
        term = self.term_name()
        if term is None:
            return None
        name = f"活动与亲情统计{term}.xlsx"
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        path = dialogs.choose_save_file(
            self,
            self.tr("Save the term's figures as an Excel file"),
            str(Path(documents) / name) if documents else name,
            self.tr("Excel workbook (*.xlsx)"),
        )
        if path is None:
            return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.service.export(self._actor, term, path)
        except UserError as exc:
            QApplication.restoreOverrideCursor()
            dialogs.show_error(self, exc)
            return None
        QApplication.restoreOverrideCursor()
        dialogs.show_info(
            self,
            self.tr("Export to Excel"),
            self.tr("The figures of term {term} were saved in:\n{path}").format(
                term=term, path=str(path)
            ),
        )
        return path

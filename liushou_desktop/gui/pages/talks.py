"""谈心: the month's talks — who is planned when with whom, what is done, what is late.

The page shows one month (◀ ▶ to move): the figures (done / planned / overdue and the
谈心完成率), a button to plan the month (administrators), one to type in record cards
from the first child without a record (or the selected one), and the list of the
children the teacher may see with their talk's day, mentor and state; late talks and
open concerns are marked.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain import vocab
from liushou_desktop.domain.months import add_months, month_start
from liushou_desktop.domain.permissions import PLAN_TALKS, RECORD_TALKS, Actor, allowed
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.common import heading
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.translations import tr_vocab

__all__ = ["TalksModel", "TalksPage"]


class TalksModel(RowsTableModel[Any]):
    """One line per child: name, class, mentor, planned day, state, held day."""

    LATE = QColor("#fde2e1")
    CONCERN = QColor("#fff4ce")

    def __init__(self, parent: Any = None) -> None:
        headers = [
            QCoreApplication.translate("TalksPage", "Child"),
            QCoreApplication.translate("TalksPage", "Class"),
            QCoreApplication.translate("TalksPage", "Mentor"),
            QCoreApplication.translate("TalksPage", "Planned for"),
            QCoreApplication.translate("TalksPage", "State"),
            QCoreApplication.translate("TalksPage", "Held on"),
        ]
        super().__init__(headers, parent=parent)

    def cell(self, row: Any, column: int) -> str:
        if column == 0:
            return str(row.child_name)
        if column == 1:
            return str(row.class_name)
        if column == 2:
            return str(row.mentor_name)
        if column == 3:
            return row.planned_on.isoformat() if row.planned_on else ""
        if column == 4:
            if row.overdue:
                return QCoreApplication.translate("TalksPage", "Late")
            if not row.status:
                return QCoreApplication.translate("TalksPage", "Not planned")
            return tr_vocab(vocab.TALK_STATUSES.get(row.status, row.status))
        return row.held_on.isoformat() if row.held_on else ""

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            row = self.rows[index.row()]
            if row.overdue:
                return QBrush(self.LATE)
            if row.concern_open:
                return QBrush(self.CONCERN)
        return super().data(index, role)


class TalksPage(QWidget):
    """The month's talks for ``actor``; ``today`` gives the clock (tests pass their own)."""

    def __init__(
        self,
        db: Any,
        actor: Actor,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.talk_status import TalkStatusService
        from liushou_desktop.domain.talks import TalkService

        self._db = db
        self._actor = actor
        self._today = today
        self.talks = TalkService(db)
        self.status_service = TalkStatusService(db)
        self.month = month_start(today())

        self.title = heading("", self)
        previous = QPushButton(self.tr("◀ Previous month"), self)
        previous.clicked.connect(lambda: self.show_month(add_months(self.month, -1)))
        this_month = QPushButton(self.tr("This month"), self)
        this_month.clicked.connect(lambda: self.show_month(month_start(self._today())))
        following = QPushButton(self.tr("Next month ▶"), self)
        following.clicked.connect(lambda: self.show_month(add_months(self.month, 1)))
        self.figures = QLabel(self)
        self.figures.setObjectName("talkFigures")
        self.plan_button = QPushButton(self.tr("Plan this month"), self)
        self.plan_button.setToolTip(
            self.tr("Give every child without a talk this month a day with their mentor")
        )
        self.plan_button.clicked.connect(self.plan_month)
        self.plan_button.setVisible(allowed(actor, PLAN_TALKS))
        self.entry_button = QPushButton(self.tr("Type in record cards…"), self)
        self.entry_button.setObjectName("talkEntryButton")
        self.entry_button.clicked.connect(self.open_entry)
        self.entry_button.setVisible(allowed(actor, RECORD_TALKS))

        self.model = TalksModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.open_entry())

        navigation = QHBoxLayout()
        for widget in (previous, this_month, following):
            navigation.addWidget(widget)
        navigation.addStretch(1)
        navigation.addWidget(self.plan_button)
        navigation.addWidget(self.entry_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(navigation)
        layout.addWidget(self.figures)
        layout.addWidget(self.table, 1)
        self.show_month(self.month)

    def show_month(self, month: date) -> None:
        """Load ``month``'s list and figures."""
        self.month = month
        text = self.tr("Talks of {month}").format(month=f"{month.year}年{month.month}月")
        self.title.setText(f"<h2>{html.escape(text)}</h2>")
        self.refresh()

    def refresh(self) -> None:
        today = self._today()
        try:
            rows = self.talks.month_list(self._actor, self.month, today)
            status = self.status_service.status(self._actor, self.month, today)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.model.set_rows(rows)
        total = status.total
        self.figures.setText(
            self.tr(
                "Children: {children}   Held: {done}   Planned: {planned}   Late: {overdue}   "
                "Completion: {rate}%"
            ).format(
                children=total.children,
                done=total.done,
                planned=total.planned,
                overdue=total.overdue,
                rate=round(total.rate * 100),
            )
        )

    def plan_month(self) -> None:
        """Plan the month shown, then say what was planned."""
        from liushou_desktop.domain.talk_plan import TalkPlanService

        try:
            result = TalkPlanService(self._db).plan_month(self._actor, self.month)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.refresh()
        if result.no_school_days:
            text = self.tr("This month has no school days, and the school plans no talks in it.")
        else:
            text = self.tr(
                "{planned} talks were planned; {kept} children already had one this month."
            ).format(planned=result.planned, kept=result.kept)
        dialogs.show_info(self, self.tr("Plan this month"), text)

    def open_entry(self) -> None:
        """The record-card dialog on this month's list, from the selected child or the
        first without a record."""
        from liushou_desktop.gui.talk_entry import TalkEntryDialog

        if not allowed(self._actor, RECORD_TALKS):
            return
        selected = self.table.selectionModel().selectedRows()
        start = selected[0].row() if selected else 0
        dialog = TalkEntryDialog(
            self.talks, self._actor, list(self.model.rows), self._today(), start, self
        )
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.entry_dialog = dialog

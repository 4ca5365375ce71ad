"""谈心: the month's talks — who is planned when with whom, what is done, what is late.

The page shows one month (◀ ▶ to move): the figures (done / planned / overdue and the
谈心完成率), a button to plan the month (administrators), one to type in record cards
from the first child without a record (or the selected one), and the list of the
children the teacher may see with their talk's day, mentor and state; late talks and
open concerns are marked. Double-click (or Enter) on a child opens their card: a new one
for a talk not yet held, the record to correct for a held one. Two more tabs show the
completion rate by class and month, and the month's figures by mentor.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.sync_meta import local_date, utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.months import add_months, month_start
from liushou_desktop.domain.permissions import PLAN_TALKS, RECORD_TALKS, Actor, allowed
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.common import heading
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.talk_completion import CompletionView, MentorFiguresView
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
    """The month's talks for ``actor``; ``now`` is the clock of the page and its services
    (naive UTC, as :func:`~liushou_desktop.db.sync_meta.utcnow`; tests pass their own)."""

    def __init__(
        self,
        db: Any,
        actor: Actor,
        parent: QWidget | None = None,
        now: Callable[[], datetime] = utcnow,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.talk_status import TalkStatusService
        from liushou_desktop.domain.talks import TalkService

        self._db = db
        self._actor = actor
        self._now = now
        self._today = lambda: local_date(now())
        self.talks = TalkService(db, now)
        self.status_service = TalkStatusService(db, now)
        self.month = month_start(self._today())

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
        self.pairing_button = QPushButton(self.tr("Mentors…"), self)
        self.pairing_button.setObjectName("talkPairingButton")
        self.pairing_button.setToolTip(self.tr("Which teacher mentors which child (结对帮扶)"))
        self.pairing_button.clicked.connect(self.open_pairing)
        self.calendar_button = QPushButton(self.tr("School calendar…"), self)
        self.calendar_button.setObjectName("talkCalendarButton")
        self.calendar_button.setToolTip(self.tr("Terms, holidays and the school's own days off"))
        self.calendar_button.clicked.connect(self.open_calendar)
        self.concerns_button = QPushButton(self.tr("Concerns…"), self)
        self.concerns_button.setObjectName("talkConcernsButton")
        self.concerns_button.setToolTip(
            self.tr("Children with an individual plan (个别教育管理方案) and their follow-ups")
        )
        self.concerns_button.clicked.connect(self.open_concerns)
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)
        self.export_button.setObjectName("talkExportButton")
        self.export_button.clicked.connect(self.export_month)

        self.model = TalksModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Double-click or Enter: the child's card (activated is both, once).
        self.table.activated.connect(self.open_row)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)

        navigation = QHBoxLayout()
        for widget in (previous, this_month, following):
            navigation.addWidget(widget)
        navigation.addSpacing(16)
        navigation.addWidget(self.figures, 1)
        actions = QHBoxLayout()  # the month's work first, then the school's settings
        for button in (
            self.entry_button,
            self.plan_button,
            self.concerns_button,
            self.export_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.pairing_button)
        actions.addWidget(self.calendar_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(navigation)
        layout.addLayout(actions)
        self.completion = CompletionView(self.status_service, actor, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.table, self.tr("This month's list"))
        self.tabs.addTab(self.completion, self.tr("Completion by class"))
        self.by_mentor = MentorFiguresView(self)
        self.tabs.addTab(self.by_mentor, self.tr("By mentor"))
        layout.addWidget(self.tabs, 1)
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
        self.completion.show_months(self.month, list(status.silent))
        self.by_mentor.show_figures(dict(status.mentors))
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
            result = TalkPlanService(self._db, self._now).plan_month(self._actor, self.month)
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
        if not allowed(self._actor, RECORD_TALKS):
            return
        selected = self.table.selectionModel().selectedRows()
        self._open_stack(selected[0].row() if selected else 0)

    def open_row(self, index: Any) -> None:
        """The card of the child at ``index``: the held talk's record to correct it, else
        the record-card stack from this child."""
        from liushou_desktop.gui.talk_entry import open_correction

        if not index.isValid() or not allowed(self._actor, RECORD_TALKS):
            return
        row = self.model.row_at(index.row())
        if row.status != vocab.TALK_DONE or row.talk_id is None:
            self._open_stack(index.row())
            return
        dialog = open_correction(self, self._db, self.talks, self._actor, row, self._today())
        if dialog is None:  # the record went away meanwhile: show the list as it is now
            self.refresh()
            return
        dialog.finished.connect(lambda _result: self.refresh())
        self.entry_dialog = dialog

    def _open_stack(self, start: int) -> None:
        """The record-card dialog on this month's list from row ``start``."""
        from liushou_desktop.gui.talk_entry import TalkEntryDialog

        dialog = TalkEntryDialog(
            self.talks, self._actor, list(self.model.rows), self._today(), start, self
        )
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.entry_dialog = dialog

    def open_pairing(self) -> None:
        """The mentors dialog (workload, assign, share evenly, hand over)."""
        from liushou_desktop.gui.pairing_dialog import open_pairing_dialog

        dialog = open_pairing_dialog(self, self._db, self._actor)
        dialog.finished.connect(lambda _result: self.refresh())

    def open_calendar(self) -> None:
        """The school calendar dialog (terms, days off, make-up days)."""
        from liushou_desktop.gui.calendar_dialog import open_calendar_dialog

        dialog = open_calendar_dialog(self, self._db, self._actor, self.month)
        dialog.finished.connect(lambda _result: self.refresh())

    def open_concerns(self) -> None:
        """The children with an open concern, their plans and follow-ups."""
        from liushou_desktop.gui.talk_actions import open_concerns_dialog

        dialog = open_concerns_dialog(self, self._db, self._actor)
        dialog.finished.connect(lambda _result: self.refresh())

    def export_month(self) -> None:
        """The month's records and figures as an Excel workbook."""
        from liushou_desktop.gui.talk_actions import export_month

        export_month(self, self._db, self._actor, self.month)

    def _row_menu(self, position: Any) -> None:
        """Move or swap the selected planned talk (right click, or the menu key)."""
        from liushou_desktop.gui.talk_actions import row_menu

        index = self.table.indexAt(position)
        if not index.isValid():
            return
        menu = row_menu(
            self, self._db, self._actor, self.model.row_at(index.row()), self.model.rows
        )
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(position))
            self.refresh()

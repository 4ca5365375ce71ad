"""亲情电话: which children talked with a parent this month, and logging the calls.

A month (◀ ▶, this month first) and a class filter; at the top, in large red letters,
how many children have had no call or video with a parent this month. The table lists
the children — those without a parent contact first, marked — with the month's number
of calls and the last day they talked with a parent. 记录通话… (or Enter, or a
double-click on a child) opens :class:`FamilyContactDialog` from that child on, so a
teacher can log a run of calls one after another. Below, the selected child's calls of
the month, with 修改… and 删除.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import local_date, utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.months import add_months, month_start
from liushou_desktop.domain.permissions import RECORD_ACTIVITIES, Actor, allowed
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.family_contact_dialog import FamilyContactDialog, Someone
from liushou_desktop.gui.pages.common import list_and_details
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.translations import tr_vocab

__all__ = ["CallsModel", "ContactMonthModel", "FamilyContactPanel"]


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


class ContactMonthModel(RowsTableModel[Any]):
    """One line per child (ChildContactMonth); no parent contact → marked."""

    NONE = QColor("#fde2e1")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                QCoreApplication.translate("FamilyContactPanel", "Child"),
                QCoreApplication.translate("FamilyContactPanel", "Class"),
                QCoreApplication.translate("FamilyContactPanel", "Calls this month"),
                QCoreApplication.translate("FamilyContactPanel", "Last talk with a parent"),
            ],
            parent=parent,
        )

    def cell(self, row: Any, column: int) -> str:
        if column == 0:
            return str(row.child_name)
        if column == 1:
            return str(row.class_name)
        if column == 2:
            return str(row.contacts)
        if row.parent_contacts == 0 and row.last_parent_on is None:
            return QCoreApplication.translate("FamilyContactPanel", "None on record")
        if row.parent_contacts == 0:
            return QCoreApplication.translate(
                "FamilyContactPanel", "{day} (none this month)"
            ).format(day=_day(row.last_parent_on))
        return _day(row.last_parent_on)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < len(self.rows):
            row = self.rows[index.row()]
            if row.parent_contacts == 0:
                if role == Qt.ItemDataRole.BackgroundRole:
                    return QBrush(self.NONE)
                if role == Qt.ItemDataRole.ForegroundRole:
                    return QBrush(QColor("#8a0010"))
        return super().data(index, role)


class CallsModel(RowsTableModel[Any]):
    """The calls of one child (ContactRow), newest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                QCoreApplication.translate("FamilyContactPanel", "Date"),
                QCoreApplication.translate("FamilyContactPanel", "Talked with"),
                QCoreApplication.translate("FamilyContactPanel", "Phone or video"),
                QCoreApplication.translate("FamilyContactPanel", "Minutes"),
                QCoreApplication.translate("FamilyContactPanel", "Phone used"),
                QCoreApplication.translate("FamilyContactPanel", "Note"),
            ],
            parent=parent,
        )

    def cell(self, row: Any, column: int) -> str:
        if column == 0:
            return _day(row.on)
        if column == 1:
            return tr_vocab(vocab.RELATIONS.get(row.relation, row.relation))
        if column == 2:
            return tr_vocab(vocab.CONTACT_KINDS.get(row.kind, row.kind))
        if column == 3:
            return str(row.minutes) if row.minutes else ""
        if column == 4:
            return tr_vocab(vocab.CONTACT_PHONES.get(row.via, row.via))
        return str(row.note)


def _table(parent: QWidget, model: RowsTableModel[Any]) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 14)
    return table


class FamilyContactPanel(QWidget):
    """The month's family calls for ``actor``; ``now`` is the clock (naive UTC)."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        now: Callable[[], datetime] = utcnow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.family_contact import FamilyContactService

        self._db = db
        self._actor = actor
        self._now = now
        self.service = FamilyContactService(db, now)
        self.month = month_start(self._today())
        self.can_record = allowed(actor, RECORD_ACTIVITIES)

        previous = QPushButton(self.tr("◀ Previous month"), self)
        previous.clicked.connect(lambda: self.show_month(add_months(self.month, -1)))
        this_month = QPushButton(self.tr("This month"), self)
        this_month.clicked.connect(lambda: self.show_month(month_start(self._today())))
        self.next_month = QPushButton(self.tr("Next month ▶"), self)
        self.next_month.clicked.connect(lambda: self.show_month(add_months(self.month, 1)))
        self.month_label = QLabel(self)
        self.month_label.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.class_filter = QComboBox(self)
        self.class_filter.setObjectName("contactClassFilter")
        self.class_filter.addItem(self.tr("All classes"), None)
        self._fill_classes()
        self.class_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel(self)
        self.summary.setObjectName("contactSummary")
        self.summary.setWordWrap(True)
        self.record_button = QPushButton(self.tr("Log a call…"), self)
        self.record_button.setObjectName("contactRecordButton")
        self.record_button.setToolTip(self.tr("Or press Enter, or double-click the child"))
        self.record_button.clicked.connect(self.open_entry)
        self.record_button.setVisible(self.can_record)

        self.model = ContactMonthModel(self)
        self.table = _table(self, self.model)
        self.table.activated.connect(lambda index: self.open_entry(index.row()))
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.show_calls())

        self.calls_title = QLabel(self)
        self.calls_title.setStyleSheet("font-weight: bold;")
        self.calls_model = CallsModel(self)
        self.calls = _table(self, self.calls_model)
        self.calls.activated.connect(lambda _index: self.edit_call())
        self.edit_button = QPushButton(self.tr("Change…"), self)
        self.edit_button.clicked.connect(self.edit_call)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_call)
        for button in (self.edit_button, self.delete_button):
            button.setVisible(self.can_record)

        navigation = QHBoxLayout()
        for widget in (previous, this_month, self.next_month):
            navigation.addWidget(widget)
        navigation.addSpacing(12)
        navigation.addWidget(self.month_label)
        navigation.addStretch(1)
        navigation.addWidget(QLabel(self.tr("Class:"), self))
        navigation.addWidget(self.class_filter)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.record_button)

        splitter = list_and_details(
            self, self.table, self.calls_title, [self.edit_button, self.delete_button], self.calls
        )

        layout = QVBoxLayout(self)
        layout.addLayout(navigation)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.show_month(self.month)

    def _today(self) -> date:
        return local_date(self._now())

    def _fill_classes(self) -> None:
        from liushou_desktop.domain.children import ChildrenService

        try:
            choices = ChildrenService(self._db, self._now).class_choices(self._actor)
        except UserError:
            return
        for class_id, _grade, name in choices:
            self.class_filter.addItem(name, class_id)

    # --- loading -------------------------------------------------------------------------

    def show_month(self, month: date) -> None:
        """Show ``month`` (any day of it)."""
        self.month = month_start(month)
        self.month_label.setText(f"{self.month.year}年{self.month.month}月")
        self.next_month.setEnabled(self.month < month_start(self._today()))
        self.refresh()

    def refresh(self, keep: str | None = None) -> None:
        """Load the month again; select the child ``keep`` (default: the selected one)."""
        keep = keep or self.selected_child_id()
        try:
            rows = self.service.month(self._actor, self.month, self.class_filter.currentData())
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.model.set_rows(rows)
        missing = sum(1 for r in rows if r.parent_contacts == 0)
        if not rows:
            text = self.tr("No children to show.")
            style = "font-size: 14pt;"
        elif missing:
            text = self.tr(
                "{n} children have not talked with a parent this month (of {total})."
            ).format(n=missing, total=len(rows))
            style = "font-size: 15pt; font-weight: bold; color: #b00020;"
        else:
            text = self.tr("Every child has talked with a parent this month ({total}).").format(
                total=len(rows)
            )
            style = "font-size: 15pt; font-weight: bold; color: #1b6e20;"
        self.summary.setText(text)
        self.summary.setStyleSheet(style)
        self.missing = missing
        target = next((i for i, r in enumerate(rows) if r.child_id == keep), 0 if rows else -1)
        if target >= 0:
            self.table.selectRow(target)
        self.show_calls()

    def selected_child_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.model() else []
        if not rows:
            return None
        return str(self.model.row_at(rows[0].row()).child_id)

    def show_calls(self) -> None:
        """The selected child's calls of the month."""
        selected = self.table.selectionModel().selectedRows()
        if not selected:
            self.calls_model.set_rows([])
            self.calls_title.setText("")
            return
        row = self.model.row_at(selected[0].row())
        try:
            calls = self.service.contacts(self._actor, row.child_id, self.month)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.calls_model.set_rows(calls)
        self.calls_title.setText(
            self.tr("Calls of {name} this month: {n}").format(name=row.child_name, n=len(calls))
        )
        has = bool(calls)
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        if has:
            self.calls.selectRow(0)

    # --- actions -------------------------------------------------------------------------

    def open_entry(self, start: int | None = None) -> FamilyContactDialog | None:
        """The call dialog from row ``start`` (default: the selected child) on."""
        if not self.can_record or not self.model.rows:
            return None
        if start is None or isinstance(start, bool):
            selected = self.table.selectionModel().selectedRows()
            start = selected[0].row() if selected else 0
        people = [Someone(r.child_id, r.child_name, r.class_name) for r in self.model.rows]
        today = self._today()
        day = today if month_start(today) == self.month else None
        dialog = FamilyContactDialog(
            self._db, self._actor, people, day or self.month, start, self, service=self.service
        )
        dialog.saved.connect(lambda child_id: self.refresh(child_id))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.entry_dialog = dialog
        return dialog

    def _selected_call(self) -> Any:
        selected = self.calls.selectionModel().selectedRows()
        return self.calls_model.row_at(selected[0].row()) if selected else None

    def edit_call(self) -> FamilyContactDialog | None:
        """Correct the selected call."""
        call = self._selected_call()
        if call is None or not self.can_record:
            return None
        person = Someone(call.child_id, call.child_name, call.class_name)
        dialog = FamilyContactDialog(
            self._db,
            self._actor,
            [person],
            self._today(),
            0,
            self,
            service=self.service,
            contact=call,
        )
        dialog.saved.connect(lambda child_id: self.refresh(child_id))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.entry_dialog = dialog
        return dialog

    def delete_call(self) -> bool:
        """Delete the selected call after asking."""
        call = self._selected_call()
        if call is None or not self.can_record:
            return False
        question = self.tr("Delete the call of {name} on {day}?").format(
            name=call.child_name, day=_day(call.on)
        )
        if not dialogs.ask_yes_no(self, self.tr("Delete a call"), question):
            return False
        try:
            self.service.delete(self._actor, call.id)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return False
        self.refresh(call.child_id)
        return True

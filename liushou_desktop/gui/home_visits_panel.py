"""家访与监护人会: which children of the term had their home visit and whose guardian
came to a guardian meeting.

At the top the term's figures (已家访 N/M, 监护人到会 N/M) and a class filter; the
table lists the children with the day of their last home visit (or 未家访) and the
meeting their guardian attended (or 未出席). 记录家访… (or Enter, or a double-click)
opens :class:`HomeVisitDialog`; 打印家访记录表… prints the selected visit filled in, the
selected child's form with the visit part empty, or a blank form. Below, the selected
child's visits of the term, with 修改… and 删除.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import local_date, utcnow
from liushou_desktop.domain.permissions import RECORD_ACTIVITIES, Actor, allowed
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.family_contact_panel import _table
from liushou_desktop.gui.home_visit_dialog import HomeVisitDialog
from liushou_desktop.gui.pages.common import list_and_details
from liushou_desktop.gui.table_model import RowsTableModel

__all__ = ["HomeVisitsPanel", "TermVisitsModel", "VisitsModel", "current_term_name"]


def current_term_name(db: Database, actor: Actor, today: date) -> str | None:
    """The term holding ``today``, else the last one before it, else the first one."""
    from liushou_desktop.domain.school_calendar import CalendarService

    terms = CalendarService(db).terms(actor)
    holding = [t for t in terms if t.starts_on <= today <= t.ends_on]
    if holding:
        return holding[0].name
    before = [t for t in terms if t.ends_on < today]
    if before:
        return before[-1].name
    return terms[0].name if terms else None


class TermVisitsModel(RowsTableModel[Any]):
    """One line per child (ChildTermRow)."""

    OPEN = QColor("#fff4ce")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                QCoreApplication.translate("HomeVisitsPanel", "Child"),
                QCoreApplication.translate("HomeVisitsPanel", "Class"),
                QCoreApplication.translate("HomeVisitsPanel", "Home visit"),
                QCoreApplication.translate("HomeVisitsPanel", "Guardian meeting"),
            ],
            parent=parent,
        )

    def cell(self, row: Any, column: int) -> str:
        if column == 0:
            return str(row.child_name)
        if column == 1:
            return str(row.class_name)
        if column == 2:
            if row.visited_on is None:
                return QCoreApplication.translate("HomeVisitsPanel", "Not visited yet")
            return row.visited_on.isoformat()
        if row.meeting_on is None:
            return QCoreApplication.translate("HomeVisitsPanel", "Did not attend")
        return QCoreApplication.translate("HomeVisitsPanel", "Attended {day} {who}").format(
            day=row.meeting_on.isoformat(), who=row.guardian_name
        )

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and index.isValid()
            and 0 <= index.row() < len(self.rows)
            and index.column() >= 2
        ):
            row = self.rows[index.row()]
            empty = row.visited_on is None if index.column() == 2 else row.meeting_on is None
            if empty:
                return QBrush(self.OPEN)
        return super().data(index, role)


class VisitsModel(RowsTableModel[Any]):
    """The visits of one child (VisitRow)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                QCoreApplication.translate("HomeVisitsPanel", "Date"),
                QCoreApplication.translate("HomeVisitsPanel", "Visiting teachers"),
                QCoreApplication.translate("HomeVisitsPanel", "Met at home"),
                QCoreApplication.translate("HomeVisitsPanel", "Situation"),
                QCoreApplication.translate("HomeVisitsPanel", "Agreed"),
            ],
            parent=parent,
        )

    def cell(self, row: Any, column: int) -> str:
        values = (row.visited_on.isoformat(), row.visitors, row.met, row.situation, row.agreed)
        return " ".join(str(values[column]).split())


class HomeVisitsPanel(QWidget):
    """One term's home visits and guardian-meeting attendance for ``actor``."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        now: Callable[[], datetime] = utcnow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.home_visits import HomeVisitService

        self._db = db
        self._actor = actor
        self._now = now
        self.service = HomeVisitService(db, now)
        self.term_name: str | None = None
        self.can_record = allowed(actor, RECORD_ACTIVITIES)

        self.term_label = QLabel(self)
        self.term_label.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.class_filter = QComboBox(self)
        self.class_filter.addItem(self.tr("All classes"), None)
        self._fill_classes()
        self.class_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel(self)
        self.summary.setObjectName("visitSummary")
        self.summary.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.record_button = QPushButton(self.tr("Record a home visit…"), self)
        self.record_button.setObjectName("visitRecordButton")
        self.record_button.setToolTip(self.tr("Or press Enter, or double-click the child"))
        self.record_button.clicked.connect(self.open_visit)
        self.record_button.setVisible(self.can_record)
        self.print_button = QPushButton(self.tr("Print home visit forms…"), self)
        self.print_menu = QMenu(self.print_button)
        self.print_filled = self.print_menu.addAction(
            self.tr("The selected visit, filled in"), self.print_visit
        )
        self.print_child = self.print_menu.addAction(
            self.tr("The selected child's form, visit part empty"), self.print_child_form
        )
        self.print_menu.addAction(self.tr("A blank form"), self.print_blank)
        self.print_button.setMenu(self.print_menu)

        self.model = TermVisitsModel(self)
        self.table = _table(self, self.model)
        self.table.activated.connect(lambda _index: self.open_visit())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.show_visits())
        self.visits_title = QLabel(self)
        self.visits_title.setStyleSheet("font-weight: bold;")
        self.visits_model = VisitsModel(self)
        self.visits = _table(self, self.visits_model)
        self.visits.activated.connect(lambda _index: self.edit_visit())
        self.edit_button = QPushButton(self.tr("Change…"), self)
        self.edit_button.clicked.connect(self.edit_visit)
        self.delete_button = QPushButton(self.tr("Delete"), self)
        self.delete_button.clicked.connect(self.delete_visit)
        for button in (self.edit_button, self.delete_button):
            button.setVisible(self.can_record)

        top = QHBoxLayout()
        top.addWidget(self.term_label)
        top.addStretch(1)
        top.addWidget(QLabel(self.tr("Class:"), self))
        top.addWidget(self.class_filter)
        actions = QHBoxLayout()
        actions.addWidget(self.summary, 1)
        actions.addWidget(self.record_button)
        actions.addWidget(self.print_button)
        splitter = list_and_details(
            self, self.table, self.visits_title, [self.edit_button, self.delete_button], self.visits
        )
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(splitter, 1)

        try:
            name = current_term_name(db, actor, local_date(now()))
        except UserError:
            name = None
        if name:
            self.set_term(name)
        else:
            self.term_label.setText(self.tr("No term yet"))
            self.summary.setText(self.tr("Enter the terms in the school calendar (校历) first."))
            self.record_button.setEnabled(False)

    def _fill_classes(self) -> None:
        from liushou_desktop.domain.children import ChildrenService

        try:
            choices = ChildrenService(self._db, self._now).class_choices(self._actor)
        except UserError:
            return
        for class_id, _grade, name in choices:
            self.class_filter.addItem(name, class_id)

    # --- loading -------------------------------------------------------------------------

    def set_term(self, term_name: str) -> None:
        """Show the term ``term_name`` (e.g. 2026-2027-1)."""
        self.term_name = term_name
        self.term_label.setText(self.tr("Term {term}").format(term=term_name))
        self.record_button.setEnabled(True)
        self.refresh()

    def refresh(self, keep: str | None = None) -> None:
        """Load the term again; select ``keep`` (default: the selected child)."""
        if self.term_name is None:
            return
        keep = keep or self.selected_child_id()
        try:
            rows = self.service.term_view(
                self._actor, self.term_name, self.class_filter.currentData()
            )
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.model.set_rows(rows)
        visited = sum(1 for r in rows if r.visited_on is not None)
        attended = sum(1 for r in rows if r.meeting_on is not None)
        self.visited, self.attended = visited, attended
        self.summary.setText(
            self.tr(
                "Home visits: {visited}/{total}    Guardian meetings: {attended}/{total}"
            ).format(visited=visited, attended=attended, total=len(rows))
        )
        target = next((i for i, r in enumerate(rows) if r.child_id == keep), 0 if rows else -1)
        if target >= 0:
            self.table.selectRow(target)
        self.show_visits()

    def selected_row(self) -> Any:
        selected = self.table.selectionModel().selectedRows()
        return self.model.row_at(selected[0].row()) if selected else None

    def selected_child_id(self) -> str | None:
        row = self.selected_row()
        return None if row is None else str(row.child_id)

    def show_visits(self) -> None:
        """The selected child's visits of the term."""
        row = self.selected_row()
        visits: list[Any] = []
        if row is not None and self.term_name is not None:
            try:
                visits = self.service.visits(self._actor, row.child_id, self.term_name)
            except UserError as exc:
                dialogs.show_error(self, exc)
                return
            self.visits_title.setText(
                self.tr("Home visits to {name} this term: {n}").format(
                    name=row.child_name, n=len(visits)
                )
            )
        else:
            self.visits_title.clear()
        self.visits_model.set_rows(visits)
        self.edit_button.setEnabled(bool(visits))
        self.delete_button.setEnabled(bool(visits))
        self.print_filled.setEnabled(bool(visits))
        self.print_child.setEnabled(row is not None)
        if visits:
            self.visits.selectRow(0)

    def selected_visit(self) -> Any:
        selected = self.visits.selectionModel().selectedRows()
        return self.visits_model.row_at(selected[0].row()) if selected else None

    # --- recording -------------------------------------------------------------------------

    def _dialog(self, row: Any, visit: Any = None) -> HomeVisitDialog:
        dialog = HomeVisitDialog(
            self._db,
            self._actor,
            row.child_id,
            f"{row.child_name}　{row.class_name}",
            self._now,
            self,
            visit=visit,
            service=self.service,
        )
        dialog.saved.connect(lambda child_id: self.refresh(child_id))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.visit_dialog = dialog
        return dialog

    def open_visit(self) -> HomeVisitDialog | None:
        """Record a visit to the selected child."""
        row = self.selected_row()
        if row is None or not self.can_record:
            return None
        return self._dialog(row)

    def edit_visit(self) -> HomeVisitDialog | None:
        """Correct the selected visit."""
        visit = self.selected_visit()
        if visit is None or not self.can_record:
            return None
        return self._dialog(visit, visit)

    def delete_visit(self) -> bool:
        """Delete the selected visit after asking."""
        visit = self.selected_visit()
        if visit is None or not self.can_record:
            return False
        question = self.tr("Delete the home visit to {name} on {day}?").format(
            name=visit.child_name, day=visit.visited_on.isoformat()
        )
        if not dialogs.ask_yes_no(self, self.tr("Delete a home visit"), question):
            return False
        try:
            self.service.delete(self._actor, visit.id)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return False
        self.refresh(visit.child_id)
        return True

    # --- printing --------------------------------------------------------------------------

    def _print(self, stem: str, **kw: Any) -> None:
        from liushou_desktop.domain.activity_print import ActivityPrintService
        from liushou_desktop.gui.document_preview import preview_and_print
        from liushou_desktop.gui.print_dialog import preview_root

        service = ActivityPrintService(self._db, self._now)

        def make(out: Path, audit: bool) -> Any:
            return service.home_visit_form(self._actor, out, audit=audit, **kw)

        preview_and_print(
            self, self.tr("Home visit form"), stem, make, folder=preview_root(self._db)
        )

    def print_visit(self) -> None:
        """The selected visit's 家访记录表, filled in."""
        visit = self.selected_visit()
        if visit is not None:
            self._print(f"家访记录表-{visit.child_name}", visit_ids=[visit.id])

    def print_child_form(self) -> None:
        """The selected child's form: the child's details, the visit part empty."""
        row = self.selected_row()
        if row is not None:
            self._print(f"家访记录表-{row.child_name}", child_ids=[row.child_id])

    def print_blank(self) -> None:
        """A blank 家访记录表."""
        self._print("家访记录表", blank=True)

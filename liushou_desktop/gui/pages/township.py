"""乡镇汇总: the township's schools side by side, for a township installation.

One line per school (:meth:`~liushou_desktop.domain.township.TownshipService.overview`)
and the total in bold, last whatever the sort: last bundle received, 应建档 / 已建档 /
建档率, this month's talks done / due and 谈心完成率, overdue talks, open concerns,
family contact and 家访 coverage (number and per cent; the colour only repeats it).
Buttons: 导入同步包… (the stick-after-stick import, refreshed when it closes), 学校管理…
(:class:`~liushou_desktop.gui.township_schools_dialog.SchoolsDialog`), 通知与模板…
(:class:`~liushou_desktop.gui.notices_dialog.NoticesDialog`), 导出汇总表…
(the workbook) and 打印汇总表… (the PDF). A double-click (or Enter) on a school opens
its children read-only (:class:`SchoolChildrenDialog`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
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
from liushou_desktop.domain.children import ChildRow
from liushou_desktop.domain.permissions import MANAGE_PEERS, SHARE_WITH_SCHOOLS, Actor, allowed
from liushou_desktop.domain.township import SchoolFigures, TownshipService
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.common import heading, paragraph
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.talk_completion import shade

__all__ = ["SchoolChildrenDialog", "TownshipModel", "TownshipPage"]

# what each column shows: a key of the row, or (part, whole) keys of a share
_COLUMNS: tuple[Any, ...] = (
    "name",
    "last_bundle_at",
    "expected",
    "children",
    ("children", "expected", "registration_rate"),
    ("talks_done", "talks_due", "talk_rate"),
    "overdue",
    "open_concerns",
    ("family_contacted", "children", "family_contact_rate"),
    ("home_visited", "children", "home_visit_rate"),
)


def _percent(share: float | None) -> str:
    return "" if share is None else f"{round(share * 100)}%"


class TownshipModel(RowsTableModel[SchoolFigures]):
    """One line per school and the total (bold, always last)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                QCoreApplication.translate("TownshipPage", "School"),
                QCoreApplication.translate("TownshipPage", "Last bundle"),
                QCoreApplication.translate("TownshipPage", "Expected"),
                QCoreApplication.translate("TownshipPage", "Registered"),
                QCoreApplication.translate("TownshipPage", "Registration\nrate"),
                QCoreApplication.translate("TownshipPage", "Talks this month\ndone / due"),
                QCoreApplication.translate("TownshipPage", "Overdue\ntalks"),
                QCoreApplication.translate("TownshipPage", "Open\nconcerns"),
                QCoreApplication.translate("TownshipPage", "Parent calls\nthis month"),
                QCoreApplication.translate("TownshipPage", "Home visits\nthis term"),
            ),
            parent=parent,
        )

    def share(self, row: SchoolFigures, column: int) -> float | None:
        kind = _COLUMNS[column]
        return getattr(row, kind[2]) if isinstance(kind, tuple) else None

    def cell(self, row: SchoolFigures, column: int) -> str:
        kind = _COLUMNS[column]
        if kind == "name":
            return row.name or row.code
        if kind == "last_bundle_at":
            if row.is_total:
                return ""
            if row.last_bundle_at is None:
                return QCoreApplication.translate("TownshipPage", "Not yet")
            return f"{row.last_bundle_at:%Y-%m-%d}"
        if kind == "expected":
            return "" if row.expected is None else str(row.expected)
        if isinstance(kind, tuple):
            part, whole, share = (getattr(row, k) for k in kind)
            if kind[0] == "children":
                return _percent(share)
            if kind[0] == "talks_done":
                return f"{part} / {whole}  {_percent(share)}".rstrip()
            return f"{part} ({_percent(share)})" if share is not None else str(part)
        return str(getattr(row, kind))

    def sort_key(self, row: SchoolFigures, column: int) -> Any:
        kind = _COLUMNS[column]
        if kind == "name":
            return row.code
        if kind == "last_bundle_at":
            return row.last_bundle_at
        if isinstance(kind, tuple):
            return self.share(row, column)
        return getattr(row, kind)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the schools; the total stays last."""
        if not self.rows or not self.rows[-1].is_total:
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
            if role == Qt.ItemDataRole.FontRole and row.is_total:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
                return int(Qt.AlignmentFlag.AlignCenter)
            if role == Qt.ItemDataRole.BackgroundRole:
                share = self.share(row, index.column())
                if share is not None:
                    return QBrush(shade(share))
        return super().data(index, role)


class ChildrenModel(RowsTableModel[ChildRow]):
    """A school's children, as the children list shows them (masked)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                QCoreApplication.translate("TownshipPage", "Name"),
                QCoreApplication.translate("TownshipPage", "Class"),
                QCoreApplication.translate("TownshipPage", "Birth date"),
                QCoreApplication.translate("TownshipPage", "ID number"),
                QCoreApplication.translate("TownshipPage", "Guardian"),
                QCoreApplication.translate("TownshipPage", "Guardian's phone"),
            ),
            parent=parent,
        )

    def cell(self, row: ChildRow, column: int) -> str:
        values = (
            row.name,
            row.class_name,
            row.birth_date.isoformat() if row.birth_date else "",
            row.id_number_shown,
            row.guardian_name,
            row.guardian_phone_shown,
        )
        return values[column]


class SchoolChildrenDialog(QDialog):
    """A school's children, read-only (Esc closes)."""

    def __init__(self, name: str, rows: list[ChildRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Children of {school}").format(school=name))
        self.setMinimumSize(760, 520)
        self.model = ChildrenModel(self)
        self.model.set_rows(rows)
        self.table = QTableView(self)
        self.table.setObjectName("schoolChildren")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        count = QLabel(
            self.tr(
                "{count} children on the roll. The school keeps and edits their records."
            ).replace("{count}", str(len(rows))),
            self,
        )
        count.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(count)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)


class TownshipPage(QWidget):
    """The township's overview for ``actor``; ``now`` is the page's clock (naive UTC)."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        now: Callable[[], datetime] = utcnow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._actor = actor
        self._now = now
        self.service = TownshipService(db, now)
        self.dialog: QDialog | None = None  # the dialog opened last (tests look at it)

        self.title = heading(self.tr("Schools of the township"), self)
        self.day_label = QLabel(self)
        self.day_label.setObjectName("townshipDay")
        self.import_button = self._button(self.tr("&Import sync bundles…"), self.import_bundles)
        self.schools_button = self._button(self.tr("&Schools…"), self.manage_schools)
        self.schools_button.setVisible(allowed(actor, MANAGE_PEERS))
        self.notices_button = self._button(self.tr("&Notices and templates…"), self.share)
        self.notices_button.setVisible(allowed(actor, SHARE_WITH_SCHOOLS))
        self.export_button = self._button(self.tr("&Export summary…"), self.export_report)
        self.print_button = self._button(self.tr("&Print summary…"), self.print_summary)

        self.model = TownshipModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("townshipTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(self.open_school)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(lambda: self.open_school(self.table.currentIndex()))
        self.message = paragraph("", self)
        self.message.setObjectName("townshipMessage")
        self.explanation = paragraph(
            self.tr(
                "Registered: the school's left-behind children on the roll; the rate is "
                "out of the expected number you entered for the school.\n"
                "Talks: children who had their talk (谈心) this month, out of all children; "
                "overdue: planned talks of this month whose day has passed.\n"
                "Parent calls: children who talked with their father or mother this month. "
                "Home visits: children visited at home this term.\n"
                "The figures are those of the last bundle each school sent. Double-click a "
                "school to see its children."
            ),
            self,
        )
        self.explanation.setObjectName("townshipExplanation")

        bar = QHBoxLayout()
        bar.addWidget(self.day_label)
        bar.addStretch(1)
        for button in (
            self.import_button,
            self.schools_button,
            self.notices_button,
            self.export_button,
            self.print_button,
        ):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.explanation)
        self.refresh()

    def _button(self, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def today(self) -> date:
        return local_date(self._now())

    def refresh(self) -> None:
        """Count again."""
        today = self.today()
        self.day_label.setText(self.tr("Figures on {day}").replace("{day}", today.isoformat()))
        try:
            rows = self.service.overview(self._actor, today)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.model.set_rows(rows)
        self.message.setText(
            self.tr(
                "No school yet. Enter the schools with “Schools…”, or import the bundles "
                "the schools sent on a USB stick."
            )
        )
        self.message.setVisible(len(rows) <= 1)

    # --- actions -------------------------------------------------------------------------

    def open_school(self, index: QModelIndex) -> None:
        """The school's children, read-only (the total line opens nothing)."""
        if not index.isValid():
            return
        row = self.model.row_at(index.row())
        if row.is_total:
            return
        try:
            children = self.service.school_children(self._actor, row.code)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.dialog = SchoolChildrenDialog(row.name or row.code, children, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.open()

    def import_bundles(self) -> None:
        from liushou_desktop.gui.sync_dialogs import open_import

        self.dialog = open_import(self, self._db, self._actor, self._now)
        self.dialog.finished.connect(lambda _result: self.refresh())

    def manage_schools(self) -> None:
        from liushou_desktop.gui.township_schools_dialog import SchoolsDialog

        dialog = SchoolsDialog(self._db, self._actor, self._now, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self.refresh())
        self.dialog = dialog
        dialog.open()

    def share(self) -> None:
        from liushou_desktop.gui.notices_dialog import NoticesDialog

        dialog = NoticesDialog(self._db, self._actor, self._now, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def export_report(self) -> None:
        from liushou_desktop.domain.township_report import write_report

        target = dialogs.choose_save_file(
            self,
            self.tr("Save the summary workbook"),
            f"乡镇汇总表-{self.today():%Y%m%d}.xlsx",
            self.tr("Excel workbooks (*.xlsx)"),
        )
        if target is None:
            return
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        try:
            write_report(self._db, self._actor, target, self.today(), self._now)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        dialogs.show_info(
            self,
            self.tr("Summary saved"),
            self.tr("The summary workbook was saved as {path}.").replace("{path}", str(target)),
        )

    def print_summary(self) -> None:
        from liushou_desktop.domain.township_report import print_summary

        target = dialogs.choose_pdf_file(self, "乡镇汇总表")
        if target is None:
            return
        try:
            outcome = print_summary(self._db, self._actor, target, self.today(), self._now)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        dialogs.show_info(
            self,
            self.tr("Summary printed"),
            self.tr("The summary table was saved as {path}: open it to print it.").replace(
                "{path}", str(outcome.path)
            ),
        )

"""设置 → 审计日志: who did what and when, filtered, exported, and the chain checked."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain.audit_viewer import EXPORT_HEADERS, AuditFilter, AuditRow, AuditService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.formatting import local_time
from liushou_desktop.gui.table_model import RowsTableModel


def action_name(action: str) -> str:
    """The plain name of an action the teachers see most (translated at display time)."""
    names = {
        "setup": QCoreApplication.translate("AuditLog", "Set-up"),
        "sign_in": QCoreApplication.translate("AuditLog", "Signed in"),
        "sign_out": QCoreApplication.translate("AuditLog", "Signed out"),
        "sign_in_failed": QCoreApplication.translate("AuditLog", "Wrong password"),
        "sign_in_refused_locked": QCoreApplication.translate("AuditLog", "Sign-in while locked"),
        "view_child_record": QCoreApplication.translate("AuditLog", "Opened a child's record"),
        "child_edit": QCoreApplication.translate("AuditLog", "Edited a child's record"),
        "denied": QCoreApplication.translate("AuditLog", "Refused (no permission)"),
        "backup_written": QCoreApplication.translate("AuditLog", "Backup made"),
        "backup_restored": QCoreApplication.translate("AuditLog", "Backup restored"),
        "account_created": QCoreApplication.translate("AuditLog", "Account created"),
        "password_reset": QCoreApplication.translate("AuditLog", "Password reset"),
        "audit_exported": QCoreApplication.translate("AuditLog", "Audit log exported"),
    }
    return names.get(action, action)


class AuditModel(RowsTableModel[AuditRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                self.tr("No."),
                self.tr("Time"),
                self.tr("Who"),
                self.tr("Action"),
                self.tr("Object"),
                self.tr("Details"),
            ),
            parent=parent,
        )

    def cell(self, row: AuditRow, column: int) -> str:
        return (
            str(row.id),
            local_time(row.at, seconds=True),
            row.actor,
            action_name(row.action),
            f"{row.object_type} {row.object_id[:8]}".strip(),
            "" if row.detail == "{}" else row.detail,
        )[column]


class AuditTab(QWidget):
    def __init__(self, service: AuditService, actor: Actor, parent: Any = None) -> None:
        super().__init__(parent)
        self._service = service
        self._actor = actor
        self.who = QLineEdit(self)
        self.who.setPlaceholderText(self.tr("Who"))
        self.action = QComboBox(self)
        self.use_dates = QCheckBox(self.tr("From"), self)
        self.since = QDateEdit(QDate.currentDate().addDays(-30), self)
        self.until = QDateEdit(QDate.currentDate(), self)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.text = QLineEdit(self)
        self.text.setPlaceholderText(self.tr("Text in the details"))
        search = QPushButton(self.tr("Search"), self)
        search.setDefault(True)
        search.clicked.connect(self.refresh)
        self.text.returnPressed.connect(self.refresh)
        self.who.returnPressed.connect(self.refresh)
        export = QPushButton(self.tr("Export to Excel…"), self)
        export.clicked.connect(self.export)
        verify = QPushButton(self.tr("Check the chain"), self)
        verify.clicked.connect(self.verify)
        self.count = QLabel(self)

        filters = QHBoxLayout()
        filters.addWidget(self.who)
        filters.addWidget(self.action)
        filters.addWidget(self.use_dates)
        filters.addWidget(self.since)
        filters.addWidget(QLabel("–", self))
        filters.addWidget(self.until)
        filters.addWidget(self.text, 1)
        filters.addWidget(search)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch(1)
        bottom.addWidget(verify)
        bottom.addWidget(export)

        self.model = AuditModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._loaded = False  # the log is read when the tab is first shown

    def showEvent(self, event: Any) -> None:  # noqa: N802
        if not self._loaded:
            self._fill_actions()
            self.refresh()
        super().showEvent(event)

    def _fill_actions(self) -> None:
        self.action.clear()
        self.action.addItem(self.tr("All actions"), "")
        for action in self._service.actions(self._actor):
            self.action.addItem(action_name(action), action)

    def current_filter(self) -> AuditFilter:
        def py(qdate: QDate) -> date:
            return date(qdate.year(), qdate.month(), qdate.day())

        dated = self.use_dates.isChecked()
        return AuditFilter(
            who=self.who.text().strip(),
            action=self.action.currentData() or "",
            since=py(self.since.date()) if dated else None,
            until=py(self.until.date()) if dated else None,
            text=self.text.text().strip(),
        )

    def refresh(self) -> None:
        self._loaded = True
        self.model.set_rows(self._service.query(self._actor, self.current_filter()))
        self.table.resizeColumnsToContents()
        self.count.setText(self.tr("{n} entries").format(n=len(self.model.rows)))

    def export(self) -> None:
        path = dialogs.choose_save_file(
            self, self.tr("Export the audit log"), "audit-log.xlsx", "Excel (*.xlsx)"
        )
        if path is None:
            return
        headers = tuple(QCoreApplication.translate("AuditExport", h) for h in EXPORT_HEADERS)
        try:
            written = self._service.export(self._actor, self.model.rows, path, headers)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        dialogs.show_info(
            self, self.tr("Exported"), self.tr("Saved and checked: {path}").format(path=written)
        )

    def verify(self) -> None:
        report = self._service.verify()
        if report.ok:
            dialogs.show_info(
                self,
                self.tr("Audit log"),
                self.tr("The audit log is intact ({n} entries).").format(n=report.entries),
            )
        else:
            dialogs.show_info(
                self,
                self.tr("Audit log"),
                self.tr(
                    "The audit log was changed: entry {id} and those after it cannot be "
                    "trusted. Tell the township's IT helper."
                ).format(id=report.first_broken_id),
            )

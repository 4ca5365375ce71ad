"""学校管理: the township enters its schools (code, name, expected number for 建档率).

A list of the schools entered (:meth:`PeerService.schools`) and a small form under it:
choosing a line fills the form, 保存 enters a new school or changes the one with that
code (:meth:`PeerService.add_school`, audited). An empty expected number means "not
entered" (a school's entered number is then kept).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import Now, utcnow
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.sync_peers import MAX_EXPECTED, PeerService, PeerView
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.common import error_label, paragraph
from liushou_desktop.gui.table_model import RowsTableModel

__all__ = ["SchoolsDialog", "SchoolsModel"]


class SchoolsModel(RowsTableModel[PeerView]):
    """The schools entered: code, name, expected number, paired or not."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                QCoreApplication.translate("SchoolsDialog", "School code"),
                QCoreApplication.translate("SchoolsDialog", "School name"),
                QCoreApplication.translate("SchoolsDialog", "Expected children"),
                QCoreApplication.translate("SchoolsDialog", "Bundle received"),
            ),
            parent=parent,
        )

    def cell(self, row: PeerView, column: int) -> str:
        if column == 0:
            return row.code
        if column == 1:
            return row.name
        if column == 2:
            return "" if row.expected_children is None else str(row.expected_children)
        if row.last_bundle_at is None:
            return QCoreApplication.translate("SchoolsDialog", "Not yet")
        return f"{row.last_bundle_at:%Y-%m-%d}"


class SchoolsDialog(QDialog):
    """Enter or change the township's schools; ``changed`` is True once one was saved."""

    def __init__(
        self, db: Database, actor: Actor, now: Now = utcnow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Schools of the township"))
        self.setMinimumSize(640, 480)
        self._actor = actor
        self.service = PeerService(db, now)
        self.changed = False
        self.model = SchoolsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("schoolsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _: self._fill())

        self.code = QLineEdit(self)
        self.code.setObjectName("schoolCode")
        self.code.setMaxLength(32)
        self.name = QLineEdit(self)
        self.name.setObjectName("schoolName")
        self.name.setMaxLength(100)
        self.expected = QLineEdit(self)
        self.expected.setObjectName("schoolExpected")
        self.expected.setValidator(QIntValidator(0, MAX_EXPECTED, self.expected))
        self.expected.setPlaceholderText(self.tr("Leave empty if not known yet"))
        form = QFormLayout()
        form.addRow(self.tr("School &code:"), self.code)
        form.addRow(self.tr("School &name:"), self.name)
        form.addRow(self.tr("&Expected left-behind children:"), self.expected)
        self.error = error_label(self)

        self.save_button = QPushButton(self.tr("&Save school"), self)
        self.save_button.setObjectName("saveSchool")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        new_button = QPushButton(self.tr("&New school"), self)
        new_button.clicked.connect(self.clear)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(new_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(
            paragraph(
                self.tr(
                    "Enter each school of the township with its school code and the number "
                    "of left-behind children it should have registered (for 建档率). Choose a "
                    "line to change it."
                ),
                self,
            )
        )
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setTabOrder(self.code, self.name)
        self.setTabOrder(self.name, self.expected)
        self.setTabOrder(self.expected, self.save_button)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.model.set_rows(self.service.schools(self._actor))
        except UserError as exc:
            dialogs.show_error(self, exc)

    def _fill(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        row = self.model.row_at(index.row())
        self.code.setText(row.code)
        self.name.setText(row.name)
        self.expected.setText("" if row.expected_children is None else str(row.expected_children))
        self.error.clear()

    def clear(self) -> None:
        self.table.clearSelection()
        for field in (self.code, self.name, self.expected):
            field.clear()
        self.error.clear()
        self.code.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        """Enter or change the school in the form; the error says what to fix."""
        text = self.expected.text().strip()
        expected = int(text) if text else None
        try:
            view = self.service.add_school(
                self._actor, self.code.text().strip(), self.name.text().strip(), expected
            )
        except UserError as exc:
            from liushou_desktop.gui.translations import translate_user_error

            self.error.setText(translate_user_error(exc))
            return
        self.changed = True
        self.refresh()
        for row, peer in enumerate(self.model.rows):
            if peer.code == view.code:
                self.table.selectRow(row)
        self.error.clear()

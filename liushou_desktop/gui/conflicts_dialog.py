"""冲突记录: the values a merge set aside, to put back or to keep.

When two installations changed the same field of the same record apart, the merge keeps
the newer value everywhere and lists the other here. "Put back the overwritten value"
(恢复被覆盖的值) makes the lost value a new edit on this computer (it then wins
everywhere, with the next bundles); "Keep" (保留) marks the conflict as looked at.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import utcnow
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.field_labels import field_label
from liushou_desktop.gui.formatting import local_time
from liushou_desktop.gui.table_model import RowsTableModel

__all__ = ["ConflictsDialog", "ConflictsModel", "value_text"]

Now = Callable[[], datetime]


def value_text(value: Any) -> str:
    """A kept or lost value as people read it ("(empty)" for nothing)."""
    if value is None or value == "":
        return QCoreApplication.translate("Conflicts", "(empty)")
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("Conflicts", "yes")
            if value
            else QCoreApplication.translate("Conflicts", "no")
        )
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def what_text(row: Any) -> str:
    """Which value: the record's kind in words and the field's name."""
    kinds = {
        "child": QCoreApplication.translate("Conflicts", "child's record"),
        "family": QCoreApplication.translate("Conflicts", "family"),
        "guardian": QCoreApplication.translate("Conflicts", "guardian"),
    }
    return f"{kinds.get(row.table, row.table)}: {field_label(row.table, row.field)}"


class ConflictsModel(RowsTableModel[Any]):
    """One line per ConflictView: whose record, what, the kept and the lost value."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            (
                QCoreApplication.translate("Conflicts", "Child"),
                QCoreApplication.translate("Conflicts", "What"),
                QCoreApplication.translate("Conflicts", "Value kept"),
                QCoreApplication.translate("Conflicts", "Value overwritten"),
                QCoreApplication.translate("Conflicts", "Kept from"),
                QCoreApplication.translate("Conflicts", "Overwritten from"),
                QCoreApplication.translate("Conflicts", "Seen"),
                QCoreApplication.translate("Conflicts", "State"),
            ),
            parent=parent,
        )

    def cell(self, row: Any, column: int) -> str:
        if column == 0:
            return str(row.child_name)
        if column == 1:
            return what_text(row)
        if column == 2:
            return value_text(row.kept)
        if column == 3:
            return value_text(row.lost)
        if column == 4:
            return str(row.kept_origin_name)
        if column == 5:
            return str(row.lost_origin_name)
        if column == 6:
            return local_time(row.seen_at)
        if row.resolved:
            return QCoreApplication.translate("Conflicts", "Dealt with")
        return QCoreApplication.translate("Conflicts", "To review")


class ConflictsDialog(QDialog):
    """The conflict list with 恢复被覆盖的值 and 保留; ``changed`` after either."""

    changed = Signal()

    def __init__(
        self, db: Database, actor: Actor, now: Now = utcnow, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.sync_bundles import BundleService

        self.setObjectName("conflictsDialog")
        self.setWindowTitle(self.tr("Conflicts (冲突记录)"))
        self.resize(1060, 560)
        self._actor = actor
        self.service = BundleService(db, now)

        intro = QLabel(
            self.tr(
                "Here the same thing was changed at two places. The newer value was kept. If "
                "the overwritten value was the right one, select the line and click “Put back "
                "the overwritten value”; otherwise click “Keep”."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.show_resolved = QCheckBox(self.tr("Show the ones already dealt with"), self)
        self.show_resolved.setObjectName("conflictsShowResolved")
        self.show_resolved.toggled.connect(lambda _on: self.reload())
        self.model = ConflictsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("conflictsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.empty_label = QLabel(self.tr("There is no conflict to review."), self)
        self.empty_label.setObjectName("conflictsEmpty")
        self.reverse_button = QPushButton(self.tr("Put back the overwritten value"), self)
        self.reverse_button.setObjectName("conflictReverse")
        self.reverse_button.clicked.connect(self.reverse_selected)
        self.keep_button = QPushButton(self.tr("Keep"), self)
        self.keep_button.setObjectName("conflictKeep")
        self.keep_button.clicked.connect(self.keep_selected)
        close = QPushButton(self.tr("Close"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reverse_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.show_resolved)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(buttons)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_enabled())
        self.reload()

    def done(self, result: int) -> None:  # noqa: D102
        # the selection model signals while it is destroyed: not into a dead dialog
        self.table.selectionModel().blockSignals(True)
        super().done(result)

    def reload(self) -> None:
        """Load the list again (the first line selected)."""
        try:
            rows = self.service.conflicts(
                self._actor, include_resolved=self.show_resolved.isChecked()
            )
        except UserError as exc:
            dialogs.show_error(self, exc)
            rows = []
        self.model.set_rows(list(rows))
        self.empty_label.setVisible(not rows)
        if rows:
            self.table.selectRow(0)
        self._update_enabled()

    def selected(self) -> Any | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.model.rows:
            return None
        return self.model.row_at(index.row())

    def _update_enabled(self) -> None:
        row = self.selected()
        open_row = row is not None and not row.resolved
        self.reverse_button.setEnabled(open_row)
        self.keep_button.setEnabled(open_row)

    def reverse_selected(self) -> None:
        """Put the overwritten value back (after asking)."""
        row = self.selected()
        if row is None or row.resolved:
            return
        if not dialogs.ask_yes_no(
            self,
            self.tr("Put back the overwritten value?"),
            self.tr(
                "{what} of {child}: “{kept}” is replaced by “{lost}” here, and with the next "
                "sync bundles everywhere."
            ).format(
                what=what_text(row),
                child=row.child_name or "—",
                kept=value_text(row.kept),
                lost=value_text(row.lost),
            ),
        ):
            return
        self._act(self.service.reverse_conflict, row.id)

    def keep_selected(self) -> None:
        """Keep the value the merge kept; the conflict is marked as looked at."""
        row = self.selected()
        if row is not None and not row.resolved:
            self._act(self.service.keep_conflict, row.id)

    def _act(self, action: Callable[[Actor, int], None], conflict_id: int) -> None:
        try:
            action(self._actor, conflict_id)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.reload()
        self.changed.emit()


def open_conflicts(
    parent: QWidget | None, db: Database, actor: Actor, now: Now = utcnow
) -> ConflictsDialog:
    """Open the conflicts dialog (window-modal, deleted when closed)."""
    dialog = ConflictsDialog(db, actor, now, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

"""Who an activity is for (:class:`TargetChooser`) and who took part (:class:`AttendanceTable`).

The chooser: the whole school, some grades, some classes (boxes to tick) or chosen
children (a list to tick, found by typing a name, its pinyin initials or a class).

出勤: one line per child with a 到场 box to tick.

For a guardian meeting two more columns: 监护人到会 (ticked when the guardian came) and
签到人 (who signed; the child's guardian on record is filled in when the box is ticked,
and can be typed over). Space ticks the box of the current cell, so a teacher goes down
the list with the arrow keys and Space as down a paper roll.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain import vocab
from liushou_desktop.gui.pages.common import paragraph
from liushou_desktop.gui.translations import tr_vocab

__all__ = ["AttendanceTable", "TargetChooser"]

CHILD, CLASS, PRESENT, GUARDIAN, SIGNED, NOTE = range(6)


class TargetChooser(QWidget):
    """Who an activity is for: a kind (school / grades / classes / children) and the
    grades, classes or children ticked. ``classes`` are ``(id, grade, name)``; ``children``
    ``ChildRow`` s; ``kinds`` the target kinds offered."""

    def __init__(
        self,
        classes: list[tuple[str, int, str]],
        children: list[Any],
        kinds: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = QComboBox(self)
        self.kind.setObjectName("activityTargetKind")
        for code in kinds:
            self.kind.addItem(tr_vocab(vocab.ACTIVITY_TARGETS[code]), code)
        self.stack = QStackedWidget(self)
        self.pages: dict[str, QWidget] = {}
        school = paragraph(self.tr("Every child of the school."), self)
        school.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        grades = sorted({grade for _id, grade, _name in classes})
        self.grades = {str(g): QCheckBox(vocab.GRADE_NAMES.get(g, str(g)), self) for g in grades}
        self.classes = {cid: QCheckBox(name, self) for cid, _grade, name in classes}
        self.search = QLineEdit(self)
        self.search.setObjectName("activityChildSearch")
        self.search.setPlaceholderText(self.tr("Type a name, its pinyin initials or a class"))
        self.search.textChanged.connect(self._filter)
        self.children = QListWidget(self)
        self.children.setObjectName("activityChildList")
        for child in children:
            item = QListWidgetItem(f"{child.name}　{child.class_name}", self.children)
            item.setData(Qt.ItemDataRole.UserRole, child.id)
            key = f"{child.name} {child.name_pinyin} {child.name_initials} {child.class_name}"
            item.setData(Qt.ItemDataRole.UserRole + 1, key.lower())
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        chosen = QWidget(self)
        chosen_layout = QVBoxLayout(chosen)
        chosen_layout.setContentsMargins(0, 0, 0, 0)
        chosen_layout.addWidget(self.search)
        chosen_layout.addWidget(self.children)
        for code, widget in (
            (vocab.ACTIVITY_TARGET_SCHOOL, school),
            ("grades", self._boxes(list(self.grades.values()), 6)),
            ("classes", self._boxes(list(self.classes.values()), 4)),
            ("children", chosen),
        ):
            self.pages[code] = widget
            self.stack.addWidget(widget)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kind)
        layout.addWidget(self.stack, 1)
        self._kind_changed()

    def _boxes(self, boxes: list[QCheckBox], columns: int) -> QWidget:
        holder = QWidget(self)
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        for n, box in enumerate(boxes):
            grid.addWidget(box, n // columns, n % columns)
        grid.setRowStretch(len(boxes) // columns + 1, 1)
        area = QScrollArea(self)
        area.setWidgetResizable(True)
        area.setWidget(holder)
        return area

    def _kind_changed(self) -> None:
        page = self.pages.get(self.target_kind())
        if page is not None:
            self.stack.setCurrentWidget(page)

    def _filter(self, text: str) -> None:
        wanted = text.strip().lower()
        for n in range(self.children.count()):
            item = self.children.item(n)
            key = str(item.data(Qt.ItemDataRole.UserRole + 1))
            item.setHidden(bool(wanted) and wanted not in key)

    def target_kind(self) -> str:
        return str(self.kind.currentData())

    def target(self) -> list[str]:
        kind = self.target_kind()
        if kind == "grades":
            return [code for code, box in self.grades.items() if box.isChecked()]
        if kind == "classes":
            return [code for code, box in self.classes.items() if box.isChecked()]
        if kind == "children":
            items = (self.children.item(n) for n in range(self.children.count()))
            return [
                str(item.data(Qt.ItemDataRole.UserRole))
                for item in items
                if item.checkState() == Qt.CheckState.Checked
            ]
        return []

    def set_target(self, kind: str, target: tuple[str, ...] | list[str]) -> None:
        found = self.kind.findData(kind)
        if found >= 0:
            self.kind.setCurrentIndex(found)
        chosen = set(target)
        for boxes in (self.grades, self.classes):
            for code, box in boxes.items():
                box.setChecked(code in chosen)
        for n in range(self.children.count()):
            item = self.children.item(n)
            ticked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)


class AttendanceTable(QTableWidget):
    """The children an activity is for (``AttendanceRow`` s) with their marks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 6, parent)
        self.setObjectName("attendanceTable")
        self.setHorizontalHeaderLabels(
            [
                self.tr("Child"),
                self.tr("Class"),
                self.tr("Present"),
                self.tr("Guardian came"),
                self.tr("Signed by"),
                self.tr("Note"),
            ]
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(False)
        self.setStyleSheet("QTableView::indicator { width: 22px; height: 22px; }")
        self.verticalHeader().setVisible(True)
        header = self.horizontalHeader()
        for column in (CHILD, CLASS, PRESENT, GUARDIAN, SIGNED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.rows: list[Any] = []
        self.cells: list[dict[int, QTableWidgetItem]] = []  # each line's items by column
        self.guardian_meeting = False
        self.read_only = False  # set before set_rows: the boxes cannot be ticked
        self._filling = False
        self.itemChanged.connect(self._changed)

    def set_rows(self, rows: Sequence[Any], guardian_meeting: bool = False) -> None:
        """Show ``rows`` (AttendanceRow); the guardian columns only for a guardian meeting.

        The table's signals are blocked while it fills (no itemChanged per cell), and the
        items are kept in :attr:`cells`: reading them back never asks Qt for a cell that
        is not there (PySide6 6.12 miscounts the references of the ``None`` it returns,
        which crashed the interpreter after some hundred thousand calls)."""
        self._filling = True
        self.rows = list(rows)
        self.guardian_meeting = guardian_meeting
        self.cells = []
        self.blockSignals(True)
        try:
            self.setRowCount(len(self.rows))
            for n, row in enumerate(self.rows):
                cells = {
                    CHILD: self._text(row.child_name, editable=False),
                    CLASS: self._text(row.class_name, editable=False),
                    PRESENT: self._box(bool(row.present)),
                    GUARDIAN: self._box(bool(row.guardian_present)),
                    SIGNED: self._text(row.guardian_name, editable=not self.read_only),
                    NOTE: self._text(row.note, editable=not self.read_only),
                }
                for column, item in cells.items():
                    self.setItem(n, column, item)
                self.cells.append(cells)
        finally:
            self.blockSignals(False)
        self.setColumnHidden(GUARDIAN, not guardian_meeting)
        self.setColumnHidden(SIGNED, not guardian_meeting)
        self._filling = False
        if self.rows:
            self.setCurrentCell(0, PRESENT)

    def _text(self, text: str, *, editable: bool) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)
        return item

    def _box(self, checked: bool) -> QTableWidgetItem:
        item = QTableWidgetItem()
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        item.setFlags(flags)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        return item

    def _changed(self, item: QTableWidgetItem) -> None:
        """Ticking 监护人到会 fills in the guardian on record as the one who signed."""
        if self._filling or item.column() != GUARDIAN:
            return
        row = self.rows[item.row()]
        signed = self.cells[item.row()][SIGNED]
        ticked = item.checkState() == Qt.CheckState.Checked
        if ticked and not signed.text().strip() and row.guardian_names:
            signed.setText(row.guardian_names[0])

    def classes(self) -> list[str]:
        """The class names of the children shown, in their order."""
        return list(dict.fromkeys(row.class_name for row in self.rows))

    def show_class(self, class_name: str) -> None:
        """Show only the children of ``class_name`` ("" shows everyone)."""
        for line, row in enumerate(self.rows):
            self.setRowHidden(line, bool(class_name) and row.class_name != class_name)

    def set_present(self, line: int, present: bool) -> None:
        self.cells[line][PRESENT].setCheckState(
            Qt.CheckState.Checked if present else Qt.CheckState.Unchecked
        )

    def set_guardian(self, line: int, came: bool, name: str = "") -> None:
        self.cells[line][GUARDIAN].setCheckState(
            Qt.CheckState.Checked if came else Qt.CheckState.Unchecked
        )
        if name:
            self.cells[line][SIGNED].setText(name)

    def mark_all_present(self) -> None:
        """Tick 到场 for every child shown (those of the class chosen, if one is)."""
        for line in range(self.rowCount()):
            if not self.isRowHidden(line):
                self.set_present(line, True)

    def is_present(self, line: int) -> bool:
        return self.cells[line][PRESENT].checkState() == Qt.CheckState.Checked

    def marks(self) -> list[Any]:
        """An AttendanceMark for every child shown (the list is a full roll call)."""
        from liushou_desktop.domain.activities import AttendanceMark

        if self.state() == QAbstractItemView.State.EditingState:
            self.setCurrentCell(self.currentRow(), CHILD)  # commit the open editor
        result = []
        for line, row in enumerate(self.rows):
            cells = self.cells[line]
            came = self.guardian_meeting and cells[GUARDIAN].checkState() == Qt.CheckState.Checked
            signed, note = cells[SIGNED], cells[NOTE]
            result.append(
                AttendanceMark(
                    child_id=row.child_id,
                    present=self.is_present(line),
                    guardian_present=bool(came),
                    guardian_name=signed.text().strip() if came else "",
                    note=note.text().strip(),
                )
            )
        return result

    def present_count(self) -> int:
        return sum(self.is_present(line) for line in range(len(self.cells)))

"""儿童档案: the children list with filters and search as you type; opens each record.

The status filter reloads the rows from the database (one query); grade, class,
category and "incomplete only" filter the loaded rows in Python, then the search
narrows them, then the model is reset (no QSortFilterProxyModel: far too slow at a
county's 260,000 rows).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain import vocab
from liushou_desktop.domain.children import ChildFilter, ChildrenService, ChildRow
from liushou_desktop.domain.children_search import ChildrenSearch
from liushou_desktop.domain.permissions import EDIT_CHILD, VIEW_CHILD_RECORD, Actor, allowed
from liushou_desktop.gui.child_form import ChildFormDialog
from liushou_desktop.gui.children_model import ChildrenTableModel
from liushou_desktop.gui.pages.common import heading
from liushou_desktop.gui.translations import tr_vocab

ANY_STATUS = "*"


class ChildrenPage(QWidget):
    """Loads its rows the first time it is shown, and again on :meth:`refresh`.

    ``actions_row`` is the toolbar (a QHBoxLayout) where other features add buttons
    (import, export, new school year); ``new_button`` starts a new child's record.
    """

    def __init__(
        self, children: ChildrenService, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._service = children
        self._actor = actor
        self._loaded = False
        self.model = ChildrenTableModel(parent=self)
        self._search = ChildrenSearch([])
        self._filtered = ChildrenSearch([])

        self.search = QLineEdit(self)
        self.search.setObjectName("childrenSearch")
        self.search.setPlaceholderText(
            self.tr(
                "Search by name, pinyin initials (e.g. wxm), class, or the last digits of "
                "an ID or phone"
            )
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("childrenCount")

        self.new_button = QPushButton(self.tr("New child…"), self)
        self.new_button.setObjectName("newChildButton")
        self.new_button.setToolTip(self.tr("Enter a new child's record (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_child)
        self.new_button.setVisible(allowed(actor, EDIT_CHILD))
        self.open_button = QPushButton(self.tr("Open record"), self)
        self.open_button.setObjectName("openChildButton")
        self.open_button.clicked.connect(self.open_current)
        self.open_button.setVisible(allowed(actor, VIEW_CHILD_RECORD))
        self.actions_row = QHBoxLayout()
        self.actions_row.addWidget(self.new_button)
        self.actions_row.addWidget(self.open_button)
        self.actions_row.addStretch(1)

        self._build_filters()
        self._build_table()

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Children's records")))
        layout.addLayout(self.actions_row)
        layout.addLayout(self.filter_row)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        QShortcut(QKeySequence.StandardKey.New, self, self.new_child)

    def _build_filters(self) -> None:
        self.grade_filter = QComboBox(self)
        self.grade_filter.setObjectName("gradeFilter")
        self.class_filter = QComboBox(self)
        self.class_filter.setObjectName("classFilter")
        self.category_filter = QComboBox(self)
        self.category_filter.setObjectName("categoryFilter")
        self.category_filter.addItem(self.tr("All categories"), None)
        for code, label in vocab.CATEGORIES.items():
            self.category_filter.addItem(tr_vocab(label), code)
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("statusFilter")
        for code, label in vocab.CHILD_STATUSES.items():
            self.status_filter.addItem(tr_vocab(label), code)
        self.status_filter.addItem(self.tr("Any status"), ANY_STATUS)
        self.incomplete_filter = QCheckBox(self.tr("Incomplete records only"), self)
        self.incomplete_filter.setObjectName("incompleteFilter")
        self._fill_class_filters([])
        self.filter_row = QHBoxLayout()
        for label, widget in (
            (self.tr("Grade"), self.grade_filter),
            (self.tr("Class"), self.class_filter),
            (self.tr("Category"), self.category_filter),
            (self.tr("Status"), self.status_filter),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            self.filter_row.addWidget(caption)
            self.filter_row.addWidget(widget)
        self.filter_row.addWidget(self.incomplete_filter)
        self.filter_row.addStretch(1)
        self.grade_filter.currentIndexChanged.connect(self._on_grade)
        self.class_filter.currentIndexChanged.connect(self._apply_filters)
        self.category_filter.currentIndexChanged.connect(self._apply_filters)
        self.incomplete_filter.toggled.connect(self._apply_filters)
        self.status_filter.currentIndexChanged.connect(self.refresh)

    def _build_table(self) -> None:
        self.table = QTableView(self)
        self.table.setObjectName("childrenTable")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        # no column sorted at first: the service's order (grade, class, pinyin)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSectionsClickable(True)
        header.sortIndicatorChanged.connect(self.model.sort)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # widths from the first rows only: measuring 5,000 rows costs 0.4 s
        header.setResizeContentsPrecision(50)
        # Enter or a double click on a row opens the record ("activated")
        self.table.activated.connect(self._open_index)

    def showEvent(self, event: object) -> None:  # noqa: N802
        if not self._loaded:
            self.refresh()
        super().showEvent(event)  # type: ignore[arg-type]

    # --- loading and filtering ---------------------------------------------------------

    def current_filter(self) -> ChildFilter:
        status = self.status_filter.currentData()
        return ChildFilter(
            status=None if status == ANY_STATUS else status,
            grade=self.grade_filter.currentData(),
            class_id=self.class_filter.currentData(),
            category=self.category_filter.currentData(),
            incomplete_only=self.incomplete_filter.isChecked(),
        )

    def refresh(self) -> None:
        """Reload the rows (for the chosen status) and apply the filters and the search."""
        status = self.current_filter().status
        rows = self._service.list_children(self._actor, ChildFilter(status=status))
        self._search = ChildrenSearch(rows)
        self._loaded = True
        self._fill_class_filters(rows)
        self._apply_filters()
        self.table.resizeColumnsToContents()

    def _fill_class_filters(self, rows: list[ChildRow]) -> None:
        """Grades and classes that occur in the loaded rows; keeps the current choice."""
        grade, class_id = self.grade_filter.currentData(), self.class_filter.currentData()
        classes = sorted({(r.grade or 0, r.class_name, r.class_id) for r in rows if r.class_id})
        for combo in (self.grade_filter, self.class_filter):
            combo.blockSignals(True)
            combo.clear()
        self.grade_filter.addItem(self.tr("All grades"), None)
        for number in sorted({g for g, _n, _i in classes}):
            self.grade_filter.addItem(vocab.GRADE_NAMES.get(number, str(number)), number)
        self.class_filter.addItem(self.tr("All classes"), None)
        for number, name, ident in classes:
            if grade is None or number == grade:
                self.class_filter.addItem(name, ident)
        self.grade_filter.setCurrentIndex(max(self.grade_filter.findData(grade), 0))
        self.class_filter.setCurrentIndex(max(self.class_filter.findData(class_id), 0))
        for combo in (self.grade_filter, self.class_filter):
            combo.blockSignals(False)

    def _on_grade(self) -> None:
        self._fill_class_filters(self._search.rows)
        self._apply_filters()

    def _apply_filters(self) -> None:
        filters = self.current_filter()
        if ChildFilter(status=filters.status) == filters:  # nothing to narrow: keep the keys
            self._filtered = self._search
        else:
            self._filtered = ChildrenSearch(filters.apply(self._search.rows))
        self._on_search(self.search.text())

    def _on_search(self, text: str) -> None:
        self.model.set_rows(self._filtered.filter(text))
        header = self.table.horizontalHeader()
        if 0 <= header.sortIndicatorSection() < self.model.columnCount():
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), len(self._search.rows)
        if shown == total:
            self.count_label.setText(self.tr("{n} children").format(n=total))
        else:
            self.count_label.setText(
                self.tr("{shown} of {n} children").format(shown=shown, n=total)
            )

    # --- opening records ---------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_child(self.model.row_at(index.row()).id)

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid() and self.model.rowCount() == 1:
            index = self.model.index(0, 0)
        self._open_index(index)

    def form_dialog(self, child_id: str | None) -> ChildFormDialog:
        """The record dialog (tests drive it without exec)."""
        return ChildFormDialog(self._service, self._actor, child_id, self)

    def open_child(self, child_id: str) -> None:
        if not allowed(self._actor, VIEW_CHILD_RECORD):
            return
        if self.form_dialog(child_id).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

    def new_child(self) -> None:
        if not allowed(self._actor, EDIT_CHILD):
            return
        if self.form_dialog(None).exec() == QDialog.DialogCode.Accepted:
            self.refresh()

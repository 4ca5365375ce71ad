"""Building blocks of the child's record dialog: one field, its red message, its tab;
and its two small helper dialogs (change of status, finding a sibling's family).

Each field of the form is a :class:`Binding` under the name the domain uses for it
(``name``, ``class_name``, ``father.phone``...), so an error from
:class:`~liushou_desktop.domain.child_records.FieldErrors` lands next to its field.
Every input widget is named ``field_<name>`` and its message ``error_<name>`` (dots
become underscores) for tests and screenshots.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain import vocab
from liushou_desktop.domain.children import ChildFilter, ChildrenService
from liushou_desktop.domain.children_search import ChildrenSearch
from liushou_desktop.domain.dates import parse_date
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui.pages.common import error_label
from liushou_desktop.gui.translations import tr_vocab, translate_user_error


@dataclass
class Binding:
    """One field: ``get`` reads the widget (a UserError if it cannot be read), ``put``
    shows a value, ``raw`` is what the user typed (to notice unsaved edits)."""

    key: str
    widget: QWidget
    error: QLabel
    tab: int
    get: Callable[[], Any]
    put: Callable[[Any], None]
    raw: Callable[[], str]
    set_read_only: Callable[[bool], None]


def _object_name(key: str) -> str:
    return key.replace(".", "_")


class FormBuilder:
    """Adds tabs and fields to a QTabWidget, remembering each field's binding."""

    def __init__(self, tabs: QTabWidget) -> None:
        self.tabs = tabs
        self.bindings: dict[str, Binding] = {}
        self.labels: dict[str, str] = {}  # each field's label, by binding key
        self._tab = -1

    def tab(self, title: str, name: str) -> QVBoxLayout:
        """A new scrollable tab; returns the layout to add forms and groups to."""
        inner = QWidget()
        layout = QVBoxLayout(inner)
        scroll = QScrollArea()
        scroll.setObjectName(name)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        self._tab = self.tabs.addTab(scroll, title)
        return layout

    def form(self, layout: QVBoxLayout, title: str = "") -> QFormLayout:
        """A form (in a titled group box when ``title`` is given) added to ``layout``."""
        if not title:
            form = QFormLayout()
            layout.addLayout(form)
            return form
        box = QGroupBox(title)
        form = QFormLayout(box)
        layout.addWidget(box)
        return form

    def _add(
        self,
        form: QFormLayout,
        label: str,
        key: str,
        widget: QWidget,
        get: Callable[[], Any],
        put: Callable[[Any], None],
        raw: Callable[[], str],
        set_read_only: Callable[[bool], None],
    ) -> Binding:
        widget.setObjectName("field_" + _object_name(key))
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(widget)
        error = error_label(cell)
        error.setObjectName("error_" + _object_name(key))
        error.hide()
        column.addWidget(error)
        form.addRow(label, cell)
        self.labels[key] = label
        binding = Binding(key, widget, error, self._tab, get, put, raw, set_read_only)
        self.bindings[key] = binding
        return binding

    def line(self, form: QFormLayout, label: str, key: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        self._add(
            form,
            label,
            key,
            edit,
            lambda: edit.text().strip(),
            lambda v: edit.setText("" if v is None else str(v)),
            edit.text,
            edit.setReadOnly,
        )
        return edit

    def date(self, form: QFormLayout, label: str, key: str) -> QLineEdit:
        """A date typed as teachers write it (2015.3.12, 2015-03-12, 2015年3月12日)."""
        edit = QLineEdit()
        edit.setPlaceholderText(QCoreApplication.translate("ChildForm", "e.g. 2015.3.12"))

        def get() -> date | None:
            text = edit.text().strip()
            return parse_date(text) if text else None

        self._add(
            form,
            label,
            key,
            edit,
            get,
            lambda v: edit.setText(v.isoformat() if v else ""),
            edit.text,
            edit.setReadOnly,
        )
        return edit

    def text(self, form: QFormLayout, label: str, key: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 4 + 12)
        self._add(
            form,
            label,
            key,
            edit,
            lambda: edit.toPlainText().strip(),
            lambda v: edit.setPlainText(v or ""),
            edit.toPlainText,
            edit.setReadOnly,
        )
        return edit

    def combo(
        self,
        form: QFormLayout,
        label: str,
        key: str,
        choices: Mapping[Any, str],
        empty: Any = "",
        translate: bool = True,
    ) -> QComboBox:
        """A choice among codes shown with their (translated) labels, or not filled in."""
        combo = QComboBox()
        combo.addItem(QCoreApplication.translate("ChildForm", "(not filled in)"), empty)
        for code, text in choices.items():
            combo.addItem(tr_vocab(text) if translate else text, code)

        def put(value: Any) -> None:
            index = combo.findData(value)
            combo.setCurrentIndex(max(index, 0))

        self._add(
            form,
            label,
            key,
            combo,
            combo.currentData,
            put,
            lambda: str(combo.currentData()),
            lambda ro: combo.setEnabled(not ro),
        )
        return combo

    def yes_no(self, form: QFormLayout, label: str, key: str) -> QComboBox:
        """Yes, no, or not filled in (None)."""
        return self.combo(
            form,
            label,
            key,
            {
                True: QCoreApplication.translate("ChildForm", "Yes"),
                False: QCoreApplication.translate("ChildForm", "No"),
            },
            None,
            False,
        )

    def check(self, form: QFormLayout, label: str, key: str) -> QCheckBox:
        box = QCheckBox()
        self._add(
            form,
            label,
            key,
            box,
            box.isChecked,
            lambda v: box.setChecked(bool(v)),
            lambda: str(box.isChecked()),
            lambda ro: box.setEnabled(not ro),
        )
        return box

    def checks(
        self, form: QFormLayout, label: str, key: str, choices: Mapping[str, str]
    ) -> QWidget:
        """Several codes that may apply together, as check boxes."""
        group = QWidget()
        grid = QGridLayout(group)
        grid.setContentsMargins(0, 0, 0, 0)
        boxes: dict[str, QCheckBox] = {}
        for i, (code, text) in enumerate(choices.items()):
            box = QCheckBox(tr_vocab(text), group)
            box.setObjectName(f"check_{_object_name(key)}_{code}")
            grid.addWidget(box, i // 3, i % 3)
            boxes[code] = box

        def put(codes: Any) -> None:
            for code, box in boxes.items():
                box.setChecked(code in (codes or ()))

        def set_read_only(read_only: bool) -> None:
            for box in boxes.values():
                box.setEnabled(not read_only)

        self._add(
            form,
            label,
            key,
            group,
            lambda: [code for code, box in boxes.items() if box.isChecked()],
            put,
            lambda: ",".join(code for code, box in boxes.items() if box.isChecked()),
            set_read_only,
        )
        return group


class DatedDialog(QDialog):
    """A small form with a date (today, to be changed), a line that says what is wrong, and
    OK / Cancel. A subclass adds its rows (``self.on`` among them) to ``self.rows`` and
    implements ``_ok``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows = QFormLayout()
        self.on = QLineEdit(date.today().isoformat(), self)
        self.message = error_label(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.rows)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _ok(self) -> None:
        raise NotImplementedError

    def typed_date(self) -> date | None:
        """The date typed, or None after saying what is wrong with it."""
        try:
            return parse_date(self.on.text().strip())
        except UserError as exc:
            self.message.setText(translate_user_error(exc))
            return None


class StatusDialog(DatedDialog):
    """Asks for the new status, the date it happened and a reason."""

    def __init__(self, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change status"))
        self.result_value: tuple[str, date, str] | None = None
        self.status = QListWidget(self)
        for code, label in vocab.CHILD_STATUSES.items():
            if code != current:
                item = QListWidgetItem(tr_vocab(label))
                item.setData(Qt.ItemDataRole.UserRole, code)
                self.status.addItem(item)
        self.status.setCurrentRow(0)
        self.note = QLineEdit(self)
        self.rows.addRow(self.tr("New status"), self.status)
        self.rows.addRow(self.tr("Date"), self.on)
        self.rows.addRow(self.tr("Reason"), self.note)

    def _ok(self) -> None:
        on = self.typed_date()
        item = self.status.currentItem()
        if on is None or item is None:
            return
        self.result_value = (item.data(Qt.ItemDataRole.UserRole), on, self.note.text())
        self.accept()


class ConsentDialog(DatedDialog):
    """Records a guardian's consent to keeping the record: who gave it, when, and whether
    on paper or by word of mouth (the 登记表 asks for it)."""

    def __init__(self, guardian: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record the guardian's consent"))
        self.result_value: tuple[date, str, str] | None = None
        self.given_by = QLineEdit(guardian, self)
        self.given_by.setObjectName("consentGivenBy")
        self.on.setObjectName("consentDate")
        self.form = QComboBox(self)
        self.form.setObjectName("consentForm")
        self.form.addItem(self.tr("Signed on paper"), "written")
        self.form.addItem(self.tr("Said so (by phone or in person)"), "oral")
        self.rows.addRow(self.tr("Given by"), self.given_by)
        self.rows.addRow(self.tr("Date"), self.on)
        self.rows.addRow(self.tr("How"), self.form)

    def _ok(self) -> None:
        on = self.typed_date()
        if on is None:
            return
        if not self.given_by.text().strip():
            self.message.setText(self.tr("Type the name of the guardian who gave consent."))
            self.given_by.setFocus()
            return
        self.result_value = (on, str(self.form.currentData()), self.given_by.text().strip())
        self.accept()


class FamilyPicker(QDialog):
    """Find the brother or sister already entered, by name, pinyin initials or class."""

    def __init__(self, service: ChildrenService, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Same family as…"))
        self.chosen: str | None = None
        self._search = ChildrenSearch(service.list_children(actor, ChildFilter(status=None)))
        self.query = QLineEdit(self)
        self.query.setObjectName("familySearch")
        self.query.setPlaceholderText(self.tr("Name or pinyin initials of the brother or sister"))
        self.results = QListWidget(self)
        self.results.setObjectName("familyResults")
        self.query.textChanged.connect(self._filter)
        self.results.itemActivated.connect(self._accept_item)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(lambda: self._accept_item(self.results.currentItem()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.resize(480, 420)

    def _filter(self, text: str) -> None:
        self.results.clear()
        if not text.strip():
            return
        for row in self._search.filter(text)[:50]:
            item = QListWidgetItem(f"{row.name}  {row.class_name}  {row.guardian_name}")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.results.addItem(item)
        self.results.setCurrentRow(0)

    def _accept_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.chosen = item.data(Qt.ItemDataRole.UserRole)
        self.accept()

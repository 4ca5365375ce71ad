"""The pieces of the mentors dialog (结对帮扶): the children as it lists them, and the small
forms that ask for a class, a teacher, teachers or a pupil (:class:`Chooser`)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import aliased

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, SchoolClass
from liushou_desktop.db.sync_meta import utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.permissions import VIEW_TALK_STATUS, Actor
from liushou_desktop.gui.pages.common import paragraph


@dataclass(frozen=True)
class PairedChild:
    """An active child the actor may see, with their class, current mentor (or None) and
    study buddy (学习帮手: id and name, or None and "")."""

    child_id: str
    name: str
    class_name: str
    mentor_id: str | None
    buddy_id: str | None = None
    buddy_name: str = ""


def load_children(db: Database, actor: Actor) -> list[PairedChild]:
    """The active children ``actor`` may see with their mentor and study buddy, by grade,
    class and pinyin; one query (a thousand children are fine). PairingService has no such
    read yet."""
    enforce(db, actor, VIEW_TALK_STATUS, utcnow)
    buddy = aliased(Child)
    query = (
        select(Child.id, Child.name, SchoolClass.name, Child.mentor_id, buddy.id, buddy.name)
        .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
        .outerjoin(buddy, buddy.id == Child.study_buddy_id)
        .where(
            Child.deleted.is_(False),
            Child.status == vocab.CHILD_ACTIVE,
            ChildrenService.scope(actor),
        )
        .order_by(SchoolClass.grade, SchoolClass.name, Child.name_pinyin, Child.id)
    )
    with db.session_scope(actor.username) as session:
        rows = session.execute(query)
        return [PairedChild(r[0], r[1], r[2] or "", r[3], r[4], r[5] or "") for r in rows]


class Chooser(QDialog):
    """A small form with OK (the default: Enter) and Cancel (Esc): an intro, then the
    combos and text fields added, kept in :attr:`combos` and :attr:`lines` by order."""

    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        self.combos: list[QComboBox] = []
        self.lines: list[QLineEdit] = []
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(paragraph(intro, self))
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def add_combo(self, label: str, items: list[tuple[str, str]], current: str | None) -> None:
        """A combo of (id, text) items, ``current`` chosen (else the first)."""
        combo = QComboBox(self)
        for ident, text in items:
            combo.addItem(text, ident)
        combo.setCurrentIndex(max(combo.findData(current), 0))
        self.form.addRow(label, combo)
        self.combos.append(combo)

    def add_line(self, label: str, placeholder: str = "") -> None:
        line = QLineEdit(self)
        line.setPlaceholderText(placeholder)
        self.form.addRow(label, line)
        self.lines.append(line)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        """Tall enough for the wrapped intro at the width the window got."""
        super().showEvent(event)
        layout = self.layout()
        wanted = layout.totalHeightForWidth(self.width()) if layout else -1
        if wanted > self.height():
            self.resize(self.width(), wanted)


class TeachersChooser(Chooser):
    """Teachers with checkboxes (a school has a few dozen: a list widget is fine)."""

    def __init__(self, items: list[tuple[str, str, bool]], parent: QWidget | None) -> None:
        super().__init__(
            self.tr("Share the children evenly"),
            self.tr(
                "Tick the teachers who will be mentors. All the children are shared among them "
                "so that each has about the same number; children keep their mentor where they "
                "can. Teachers not ticked will have no children."
            ),
            parent,
        )
        self.list = QListWidget(self)
        self.list.setMinimumHeight(260)
        for ident, text, ticked in items:
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, ident)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.form.addRow(self.list)

    def chosen(self) -> list[str]:
        """The ids of the ticked teachers, in the list's order."""
        items = (self.list.item(i) for i in range(self.list.count()))
        checked = Qt.CheckState.Checked
        return [i.data(Qt.ItemDataRole.UserRole) for i in items if i.checkState() == checked]

    def set_chosen(self, teacher_ids: list[str]) -> None:
        """Tick exactly these teachers."""
        for i in range(self.list.count()):
            item = self.list.item(i)
            ticked = item.data(Qt.ItemDataRole.UserRole) in teacher_ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)


class BuddyChooser(Chooser):
    """The pupils of the school in a list filtered by what is typed (name or class), with
    "no study buddy" first; the current buddy is chosen at the start."""

    def __init__(
        self, child: PairedChild, pupils: list[PairedChild], parent: QWidget | None
    ) -> None:
        super().__init__(
            self.tr("Study buddy (学习帮手)"),
            self.tr(
                "Choose a classmate or another pupil who helps {name} with school work and "
                "keeps them company, or “No study buddy”. Type part of a name or a class to "
                "find them quickly."
            ).format(name=child.name),
            parent,
        )
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("For example: 王 or 三年级"))
        self.form.addRow(self.tr("Find"), self.filter)
        self.list = QListWidget(self)
        self.list.setMinimumHeight(300)
        none = QListWidgetItem(self.tr("No study buddy"), self.list)
        none.setData(Qt.ItemDataRole.UserRole, None)
        self.list.setCurrentItem(none)
        for pupil in pupils:
            item = QListWidgetItem(f"{pupil.name}（{pupil.class_name}）", self.list)
            item.setData(Qt.ItemDataRole.UserRole, pupil.child_id)
            if pupil.child_id == child.buddy_id:
                self.list.setCurrentItem(item)
        self.form.addRow(self.list)
        self.filter.textChanged.connect(self._filter)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.filter.setFocus()

    def _filter(self, typed: str) -> None:
        """Show the pupils whose name or class holds ``typed``; choose the first shown."""
        words = typed.split()
        first = None
        for row in range(1, self.list.count()):
            item = self.list.item(row)
            item.setHidden(not all(w in item.text() for w in words))
            if first is None and not item.isHidden():
                first = item
        current = self.list.currentItem()
        searching = bool(words) and self.list.currentRow() == 0  # "no study buddy" chosen
        if first is not None and (current is None or current.isHidden() or searching):
            self.list.setCurrentItem(first)

    def chosen(self) -> str | None:
        """The id of the pupil chosen; None for no study buddy."""
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item and not item.isHidden() else None

    def choose(self, child_id: str | None) -> None:
        """Choose this pupil (None: no study buddy), as a click would."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == child_id:
                self.list.setCurrentRow(row)


# --- the dialog ---------------------------------------------------------------------------

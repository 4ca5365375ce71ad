"""结对帮扶: which teacher mentors which child — the workload, and the actions that change it.

The workload (children per teacher, busiest first) beside the selected teacher's children
and the children without a mentor. An administrator (:data:`MANAGE_PAIRING`) makes a teacher
mentor of a class, assigns the selected children, shares the children evenly, hands a
leaving mentor's children over, gives the one selected child a study buddy (学习帮手) or
adds staff who do not sign in: one :class:`PairingService` call each, then the tables
reload and a sentence says what changed. Other roles only look. The small forms asking for
a class, a teacher, a pupil or a name are :class:`Chooser` dialogs shown by
:func:`run_chooser` (tests patch it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.pairing import MentorLoad, PairingService, TeacherView
from liushou_desktop.domain.permissions import MANAGE_PAIRING, Actor, allowed
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.common import heading, paragraph
from liushou_desktop.gui.pairing_parts import (
    BuddyChooser,
    Chooser,
    PairedChild,
    TeachersChooser,
    load_children,
)
from liushou_desktop.gui.table_model import RowsTableModel


def run_chooser(chooser: QDialog) -> bool:
    """Show a chooser and wait; True if the teacher pressed OK (tests patch this)."""
    return chooser.exec() == QDialog.DialogCode.Accepted


def open_pairing_dialog(parent: QWidget | None, db: Database, actor: Actor) -> PairingDialog:
    """Open the mentors dialog (window-modal, deleted when closed) and return it."""
    dialog = PairingDialog(db, actor, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# --- the tables ---------------------------------------------------------------------------


class WorkloadModel(RowsTableModel[MentorLoad]):
    """One line per teacher: name, account or staff only, children, their classes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                QCoreApplication.translate("PairingDialog", "Teacher"),
                QCoreApplication.translate("PairingDialog", "Signs in?"),
                QCoreApplication.translate("PairingDialog", "Children"),
                QCoreApplication.translate("PairingDialog", "Their classes"),
            ],
            parent=parent,
        )
        self.teachers: dict[str, TeacherView] = {}

    def cell(self, row: MentorLoad, column: int) -> str:
        if column == 0:
            return row.name
        if column == 1:
            teacher = self.teachers.get(row.teacher_id)
            if teacher is None:
                return QCoreApplication.translate("PairingDialog", "Left the school")
            if teacher.has_account:
                return QCoreApplication.translate("PairingDialog", "Has an account")
            return QCoreApplication.translate("PairingDialog", "Staff only")
        if column == 2:
            return str(row.children)
        return "、".join(row.classes)

    def sort_key(self, row: MentorLoad, column: int) -> object:
        return row.children if column == 2 else self.cell(row, column)


class ChildrenModel(RowsTableModel[PairedChild]):
    """Children: name, class and study buddy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                QCoreApplication.translate("PairingDialog", "Child"),
                QCoreApplication.translate("PairingDialog", "Class"),
                QCoreApplication.translate("PairingDialog", "Study buddy"),
            ],
            parent=parent,
        )

    def cell(self, row: PairedChild, column: int) -> str:
        return (row.name, row.class_name, row.buddy_name)[column]


def _table(model: RowsTableModel, parent: QWidget, multi: bool) -> QTableView:
    table = QTableView(parent)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    mode = QAbstractItemView.SelectionMode
    table.setSelectionMode(mode.ExtendedSelection if multi else mode.SingleSelection)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)  # the service's order until a heading is clicked
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


# --- the choosers -------------------------------------------------------------------------


class PairingDialog(QDialog):
    """The workload and the children of the selected teacher, with the actions."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        *,
        service: PairingService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pairingDialog")
        self.setWindowTitle(self.tr("Mentors (结对帮扶)"))
        self.resize(1100, 700)
        self._db = db
        self._actor = actor
        self.service = service or PairingService(db)
        self.can_manage = allowed(actor, MANAGE_PAIRING)
        self.teachers: list[TeacherView] = []
        self.children: list[PairedChild] = []

        self.summary = QLabel(self)
        self.summary.setObjectName("pairingSummary")
        self.summary.setWordWrap(True)
        self.workload_model = WorkloadModel(self)
        self.workload = _table(self.workload_model, self, multi=False)
        self.workload.setObjectName("pairingWorkload")
        self.mentees_model = ChildrenModel(self)
        self.mentees = _table(self.mentees_model, self, multi=True)
        self.unpaired_model = ChildrenModel(self)
        self.unpaired = _table(self.unpaired_model, self, multi=True)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.mentees, "")
        self.tabs.addTab(self.unpaired, "")
        self.message = QLabel(self)
        self.message.setObjectName("pairingMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("QLabel { color: #1b5e20; font-weight: bold; }")

        self.action_buttons = [
            self._button(text, slot)
            for text, slot in (
                (self.tr("Make mentor of a class…"), self.assign_class),
                (self.tr("Assign the selected children to…"), self.assign_selected),
                (self.tr("Share evenly…"), self.share_evenly),
                (self.tr("Hand over…"), self.hand_over),
                (self.tr("Study buddy…"), self.study_buddy),
                (self.tr("Add a staff member…"), self.add_staff),
            )
        ]
        self.class_button, self.assign_button, self.even_button = self.action_buttons[:3]
        self.hand_over_button, self.buddy_button, self.staff_button = self.action_buttons[3:]
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self._lay_out()
        self.workload.selectionModel().selectionChanged.connect(lambda *_a: self._show_mentees())
        self.refresh()
        if self.workload_model.rowCount():
            self.workload.selectRow(0)
        self.workload.setFocus()

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda: slot())
        button.setEnabled(self.can_manage)
        return button

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Children per teacher, the busiest first:"), self))
        left.addWidget(self.workload, 1)
        right = QVBoxLayout()
        hint = (
            self.tr("Select children here (Ctrl+A: all), then assign them:")
            if self.can_manage
            else self.tr("The children of the teacher selected on the left:")
        )
        right.addWidget(QLabel(hint, self))
        right.addWidget(self.tabs, 1)
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        actions = QHBoxLayout()
        for button in self.action_buttons:
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Mentors (结对帮扶)"), self))
        intro = self.tr(
            "Every child should have a mentor teacher (帮扶教师) who talks with them every month."
        )
        if not self.can_manage:
            intro += " " + self.tr("Only the administrator can change who mentors whom.")
        layout.addWidget(paragraph(intro, self))
        layout.addWidget(self.summary)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        order = [self.workload, self.tabs, self.mentees, self.unpaired, *self.action_buttons]
        for first, second in zip(order, [*order[1:], self.close_button], strict=True):
            self.setTabOrder(first, second)

    # --- reading ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the teachers, the workload and the children again; keep the selection."""
        selected = self.selected_teacher()
        try:
            self.teachers = self.service.teachers(self._actor)
            loads = self.service.workload(self._actor)
            without = self.service.without_mentor(self._actor)
            self.children = load_children(self._db, self._actor)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.workload_model.teachers = {t.teacher_id: t for t in self.teachers}
        self.workload_model.set_rows(loads)
        self.summary.setText(
            self.tr("{count} children have no mentor yet.").format(count=without)
            if without
            else self.tr("Every child has a mentor.")
        )
        self.unpaired_model.set_rows([c for c in self.children if c.mentor_id is None])
        self.tabs.setTabText(
            1, self.tr("Without a mentor ({count})").format(count=len(self.unpaired_model.rows))
        )
        if selected is not None:
            for row, load in enumerate(self.workload_model.rows):
                if load.teacher_id == selected:
                    self.workload.selectRow(row)
        self._show_mentees()

    def selected_teacher(self) -> str | None:
        """The id of the teacher selected in the workload table, if any."""
        rows = self.workload.selectionModel().selectedRows()
        return self.workload_model.row_at(rows[0].row()).teacher_id if rows else None

    def _show_mentees(self) -> None:
        teacher_id = self.selected_teacher()
        load = next((r for r in self.workload_model.rows if r.teacher_id == teacher_id), None)
        self.mentees_model.set_rows(
            [c for c in self.children if teacher_id and c.mentor_id == teacher_id]
        )
        if load is None:
            self.tabs.setTabText(0, self.tr("Children of the selected teacher"))
        else:
            self.tabs.setTabText(
                0,
                self.tr("Children of {name} ({count})").format(
                    name=load.name, count=len(self.mentees_model.rows)
                ),
            )

    def selected_children(self) -> list[str]:
        """The ids of the children selected in the list shown on the right."""
        table = self.tabs.currentWidget()
        model = self.unpaired_model if table is self.unpaired else self.mentees_model
        assert isinstance(table, QTableView)
        return [model.row_at(i.row()).child_id for i in table.selectionModel().selectedRows()]

    def _counts(self) -> dict[str, int]:
        return {r.teacher_id: r.children for r in self.workload_model.rows}

    def _name(self, teacher_id: str) -> str:
        for row in self.workload_model.rows:
            if row.teacher_id == teacher_id:
                return row.name
        return next((t.name for t in self.teachers if t.teacher_id == teacher_id), "")

    def _labelled(self, teacher_id: str, name: str) -> tuple[str, str]:
        """(id, "name (n children)") for a combo or the checklist."""
        count = self._counts().get(teacher_id, 0)
        return teacher_id, self.tr("{name} ({count} children)").format(name=name, count=count)

    def _teacher_items(self) -> list[tuple[str, str]]:
        """The active teachers, by pinyin, with their load."""
        return [self._labelled(t.teacher_id, t.name) for t in self.teachers]

    def _until_done(self, chooser: QDialog, act: Callable[[], str | None]) -> None:
        """Show ``chooser`` until ``act`` (one service call) says what changed, or Cancel; a
        refusal is shown and the chooser opens again with the choices kept. ``act`` returns
        None when the teacher said no to its question."""
        while run_chooser(chooser):
            try:
                text = act()
            except UserError as exc:
                dialogs.show_error(chooser, exc)
                continue
            if text is not None:
                self.refresh()
                self.message.setText(text)
                return

    # --- the actions -----------------------------------------------------------------

    def assign_class(self) -> None:
        """Make a teacher the mentor of every child of a class."""
        try:
            classes = [(i, n) for i, _g, n in ChildrenService(self._db).class_choices(self._actor)]
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        chooser = Chooser(
            self.tr("Make mentor of a class"),
            self.tr(
                "Every child of the class gets this teacher as their mentor, also the children "
                "who have another mentor now. The old pairing stays in each child's history."
            ),
            self,
        )
        chooser.add_combo(self.tr("Class"), classes, None)
        chooser.add_combo(self.tr("Mentor"), self._teacher_items(), self.selected_teacher())
        klass, teacher = chooser.combos

        def act() -> str:
            changed = self.service.assign_class(
                self._actor, klass.currentData(), teacher.currentData()
            )
            return self.tr(
                "{teacher} is now the mentor of class {klass}: {count} children changed."
            ).format(
                teacher=self._name(teacher.currentData()), klass=klass.currentText(), count=changed
            )

        self._until_done(chooser, act)

    def assign_selected(self) -> None:
        """Give the children selected on the right to one teacher."""
        child_ids = self.selected_children()
        if not child_ids:
            self.message.setText(
                self.tr(
                    "First select children in the list on the right (click, Shift+click or "
                    "Ctrl+A for all), then press this button again."
                )
            )
            return
        intro = self.tr("The {count} selected children get this teacher as their mentor.")
        chooser = Chooser(
            self.tr("Assign the selected children"), intro.format(count=len(child_ids)), self
        )
        chooser.add_combo(self.tr("Mentor"), self._teacher_items(), None)
        teacher = chooser.combos[0]

        def act() -> str:
            changed = self.service.assign(self._actor, child_ids, teacher.currentData())
            return self.tr("{count} children now have {teacher} as their mentor.").format(
                count=changed, teacher=self._name(teacher.currentData())
            )

        self._until_done(chooser, act)

    def share_evenly(self) -> None:
        """Share every child among the ticked teachers, after showing before and after."""
        counts = self._counts()
        items = [
            (*self._labelled(t.teacher_id, t.name), bool(counts.get(t.teacher_id)))
            for t in self.teachers
        ]
        chooser = TeachersChooser(items, self)
        total = len(self.children)

        def act() -> str | None:
            chosen = chooser.chosen()
            if not chosen:
                dialogs.show_info(
                    chooser,
                    self.tr("Share evenly"),
                    self.tr("Tick at least one teacher to share the children among."),
                )
                return None
            low, extra = divmod(total, len(chosen))
            after = f"{low}–{low + 1}" if extra else str(low)
            line = self.tr("{name}: {before} → {after}")
            lines = [
                line.format(name=self._name(t), before=counts.get(t, 0), after=after)
                for t in chosen
            ] + [
                line.format(name=self._name(t), before=n, after=0)
                for t, n in counts.items()
                if n and t not in chosen
            ]
            question = self.tr(
                "Share the {total} children among {mentors} teachers? Children per teacher, "
                "now → afterwards:"
            ).format(total=total, mentors=len(chosen))
            text = question + "\n\n" + "\n".join(lines)
            if not dialogs.ask_yes_no(self, self.tr("Share evenly"), text):
                return None
            result = self.service.assign_evenly(self._actor, chosen)
            shares = "、".join(f"{self._name(t)} {n}" for t, n in result.items())
            return self.tr("The children were shared evenly: {shares}.").format(shares=shares)

        self._until_done(chooser, act)

    def hand_over(self) -> None:
        """Give all the children of a mentor who leaves to another teacher, after asking."""
        leaving = [
            self._labelled(r.teacher_id, r.name) for r in self.workload_model.rows if r.children
        ]
        if not leaving:
            self.message.setText(self.tr("No teacher mentors any child yet."))
            return
        chooser = Chooser(
            self.tr("Hand over a mentor's children"),
            self.tr(
                "When a mentor leaves the school or stops mentoring, all their children go to "
                "another teacher in one step."
            ),
            self,
        )
        chooser.add_combo(self.tr("The mentor who leaves"), leaving, self.selected_teacher())
        old = chooser.combos[0]
        others = [item for item in self._teacher_items() if item[0] != old.currentData()]
        chooser.add_combo(
            self.tr("The teacher who takes the children"),
            self._teacher_items(),
            others[0][0] if others else None,
        )
        new = chooser.combos[1]

        def act() -> str | None:
            names = {"old": self._name(old.currentData()), "new": self._name(new.currentData())}
            count = self._counts().get(old.currentData(), 0)
            question = self.tr("Give all {count} children of {old} to {new}?")
            if not dialogs.ask_yes_no(
                self, self.tr("Hand over"), question.format(count=count, **names)
            ):
                return None
            moved = self.service.hand_over(self._actor, old.currentData(), new.currentData())
            return self.tr("{count} children of {old} now have {new} as their mentor.").format(
                count=moved, **names
            )

        self._until_done(chooser, act)

    def study_buddy(self) -> None:
        """Give the one child selected on the right a study buddy, or take it away."""
        child_ids = self.selected_children()
        child = next((c for c in self.children if child_ids == [c.child_id]), None)
        if child is None:
            self.message.setText(
                self.tr(
                    "First select one child in the list on the right, then press "
                    "“Study buddy…” again."
                )
            )
            return
        chooser = BuddyChooser(child, self.children, self)

        def act() -> str:
            buddy_id = chooser.chosen()
            self.service.set_study_buddy(self._actor, child.child_id, buddy_id)
            if buddy_id is None:
                return self.tr("{name} has no study buddy now.").format(name=child.name)
            buddy = next((c.name for c in self.children if c.child_id == buddy_id), "")
            return self.tr("{buddy} is now the study buddy of {name}.").format(
                buddy=buddy, name=child.name
            )

        self._until_done(chooser, act)

    def add_staff(self) -> None:
        """Add a member of staff who does not sign in, so they can be chosen as a mentor."""
        chooser = Chooser(
            self.tr("Add a staff member"),
            self.tr(
                "For a teacher or member of staff who has no account but can be a mentor. "
                "Teachers who sign in are added under Settings, Accounts."
            ),
            self,
        )
        chooser.add_line(self.tr("Name"))
        chooser.add_line(self.tr("Phone"), self.tr("Optional"))
        name, phone = chooser.lines

        def act() -> str:
            self.service.add_teacher(self._actor, name.text(), phone.text())
            return self.tr("{name} was added and can now be chosen as a mentor.").format(
                name=name.text().strip()
            )

        self._until_done(chooser, act)

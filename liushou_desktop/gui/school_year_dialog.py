"""The dialog that starts a new school year: a preview of every class, then one button."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.school_year import (
    ClassMove,
    SchoolYearPlan,
    SchoolYearResult,
    SchoolYearService,
)
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.common import error_label, heading, paragraph
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.translations import translate_user_error

NAMES_SHOWN = 10  # children without a class named in the preview; the rest are counted


class ClassMovesModel(RowsTableModel[ClassMove]):
    """The preview table: each active class, what it becomes, how many children it has."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                self.tr("Class now"),
                self.tr("In the new school year"),
                self.tr("Children"),
                self.tr("What happens"),
            ],
            parent=parent,
        )

    def cell(self, row: ClassMove, column: int) -> str:
        if column == 0:
            return row.old_name
        if column == 1:
            return row.new_name
        if column == 2:
            return str(row.children)
        if row.graduates:
            return self.tr("Graduates (kept in the archive)")
        return self.tr("Moves up to grade {grade}").format(grade=row.new_grade)

    def sort_key(self, row: ClassMove, column: int) -> object:
        return row.children if column == 2 else self.cell(row, column)


class SchoolYearDialog(QDialog):
    """Preview and start the new school year on ``today`` (administrators only)."""

    def __init__(
        self,
        service: SchoolYearService,
        actor: Actor,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._actor = actor
        self._today = today
        self.plan: SchoolYearPlan | None = None
        self.run_result: SchoolYearResult | None = None
        self.setWindowTitle(self.tr("Start a new school year"))
        self.setMinimumWidth(640)

        intro = paragraph(
            self.tr(
                "At the start of the school year in September, every class moves up one grade: "
                "the class keeps its children, class teacher and history, and only its name "
                "changes. The children of the top grade graduate: they stay in the archive but "
                "leave the lists of active children. Then the re-survey begins: each class "
                "teacher confirms that their children's records are still true."
            ),
            self,
        )
        self.top_grade = QComboBox(self)
        self.top_grade.addItem(self.tr("Grade 6 (primary school)"), 6)
        self.top_grade.addItem(self.tr("Grade 9 (nine-year school, 九年一贯制)"), 9)
        self.top_grade.addItem(self.tr("Grade 12 (with senior high school)"), 12)
        form = QFormLayout()
        form.addRow(self.tr("Top grade of this school"), self.top_grade)

        self.model = ClassMovesModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.summary = paragraph("", self)
        self.notes = paragraph("", self)
        backup_note = paragraph(
            self.tr(
                "A backup of all records is made first. If something looks wrong afterwards, "
                "the administrator can restore it under Settings, Backup and restore."
            ),
            self,
        )
        self.message = error_label(self)

        self.start_button = QPushButton(self.tr("Start the new school year"), self)
        self.start_button.clicked.connect(self.start)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Start a new school year"), self))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.notes)
        layout.addWidget(backup_note)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self._choose_suggested_top_grade()
        self.top_grade.currentIndexChanged.connect(self.refresh)
        self.refresh()

    def _choose_suggested_top_grade(self) -> None:
        try:
            suggested = self._service.suggested_top_grade(self._actor)
        except UserError:
            return  # refresh() shows the reason
        index = self.top_grade.findData(suggested)
        if index >= 0:
            self.top_grade.setCurrentIndex(index)

    def chosen_top_grade(self) -> int:
        return int(self.top_grade.currentData())

    def refresh(self) -> None:
        """Show what starting the school year with the chosen top grade would do."""
        self.message.clear()
        try:
            plan = self._service.preview(self._actor, self._today, self.chosen_top_grade())
        except UserError as exc:
            self.plan = None
            self.model.set_rows([])
            self.summary.clear()
            self.notes.clear()
            self.notes.setVisible(False)
            self.message.setText(translate_user_error(exc))
            self.start_button.setEnabled(False)
            return
        self.plan = plan
        self.model.set_rows([*plan.promoted, *plan.graduating])
        self.summary.setText(self._summary(plan))
        self.notes.setText(self._notes(plan))
        self.notes.setVisible(bool(self.notes.text()))
        self.start_button.setEnabled(bool(plan.promoted or plan.graduating))

    def _summary(self, plan: SchoolYearPlan) -> str:
        text = self.tr(
            "{classes} classes ({children} children) move up one grade; {graduates} children "
            "in {graduating} classes graduate."
        ).format(
            classes=len(plan.promoted),
            children=plan.promoted_children,
            graduates=len(plan.graduates),
            graduating=len(plan.graduating),
        )
        if plan.last_started_on is not None:
            text += " " + self.tr("The last school year was started on {date}.").format(
                date=plan.last_started_on.isoformat()
            )
        return text

    def _notes(self, plan: SchoolYearPlan) -> str:
        """What is left as it is, or renamed to make room, in plain words."""
        lines = []
        if plan.without_class:
            names = "、".join(c.name for c in plan.without_class[:NAMES_SHOWN])
            if len(plan.without_class) > NAMES_SHOWN:
                names += self.tr(" and {count} more").format(
                    count=len(plan.without_class) - NAMES_SHOWN
                )
            lines.append(
                self.tr(
                    "{count} children have no class and stay as they are: {names}. "
                    "Put them in a class on their record."
                ).format(count=len(plan.without_class), names=names)
            )
        if plan.unreadable:
            lines.append(
                self.tr(
                    "These classes do not say their class number and stay as they are: "
                    "{names}. Rename them like 一年级1班 first."
                ).format(names="、".join(r.old_name for r in plan.unreadable))
            )
        for rename in plan.moved_aside:
            lines.append(
                self.tr("The old class {old} is no longer used; it is renamed {new}.").format(
                    old=rename.old_name, new=rename.new_name
                )
            )
        return "\n".join(lines)

    def start(self) -> None:
        """Ask once more, then start the school year and say what was done."""
        if self.plan is None:
            return
        question = self.tr(
            "Start the new school year now? {classes} classes move up one grade and "
            "{graduates} children graduate. A backup is made first."
        ).format(classes=len(self.plan.promoted), graduates=len(self.plan.graduates))
        if not dialogs.ask_yes_no(self, self.tr("Start a new school year"), question):
            return
        try:
            self.run_result = self._service.run(self._actor, self._today, self.chosen_top_grade())
            counts = self._service.resurvey_counts(self._actor)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        plan = self.run_result.plan
        dialogs.show_info(
            self,
            self.tr("The new school year has started"),
            self.tr(
                "{classes} classes ({children} children) moved up one grade and {graduates} "
                "children graduated. The re-survey has begun: {to_confirm} children's records "
                "are waiting to be confirmed. Each class teacher finds them in the re-survey "
                "checklist and confirms them one by one."
            ).format(
                classes=len(plan.promoted),
                children=plan.promoted_children,
                graduates=len(plan.graduates),
                to_confirm=counts.to_confirm,
            ),
        )
        self.accept()

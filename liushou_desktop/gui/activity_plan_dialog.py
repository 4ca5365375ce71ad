"""按模板排期: fill a term's plan from a template; 另存为模板: keep the plan as a template.

:class:`PlanDialog` lists the templates (the bundled ones and those the school saved),
says how many items the chosen one has for this half of the year, and 排期 adds them to
the term. Planning twice adds nothing new; the result is said in plain words (新增 N 项，
已有 M 项未重复添加，K 项不在本学期). :class:`SaveTemplateDialog` asks for a name (and a
title) and saves the term's activities as the items of that half of a template.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import utcnow
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.common import heading, paragraph

__all__ = ["PlanDialog", "SaveTemplateDialog", "plan_result_text"]


def plan_result_text(result: Any) -> str:
    """What :meth:`ActivityService.plan_term` did, in plain words."""
    from PySide6.QtCore import QCoreApplication

    text = QCoreApplication.translate(
        "PlanDialog",
        "{created} activities were added to the plan; {kept} were there already and were "
        "not added again; {skipped} fall outside this term.",
    ).format(created=result.created, kept=result.kept, skipped=len(result.skipped))
    if result.skipped:
        text += "\n" + QCoreApplication.translate(
            "PlanDialog", "Not in this term: {titles}"
        ).format(titles="、".join(result.skipped))
    return text


class PlanDialog(QDialog):
    """Plan the term ``term_name`` from a template (administrators)."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        term_name: str,
        now: Callable[[], datetime] = utcnow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.activities import ActivityService
        from liushou_desktop.domain.activity_templates import term_half

        self.setObjectName("activityPlanDialog")
        self.setWindowTitle(self.tr("Plan the term from a template"))
        self.resize(720, 420)
        self._actor = actor
        self.term_name = term_name
        self.half = term_half(term_name)
        self.service = ActivityService(db, now)
        self.result: Any = None
        self.templates = self.service.templates(actor)

        self.template = QComboBox(self)
        self.template.setObjectName("activityTemplateChoice")
        for info in self.templates:
            label = info.title or info.name
            if not info.bundled:
                label = self.tr("{title} (saved by the school)").format(title=label)
            self.template.addItem(label, info.name)
        self.template.currentIndexChanged.connect(self._show_preview)
        self.preview = paragraph("", self)
        self.preview.setObjectName("activityTemplatePreview")
        self.outcome = paragraph("", self)
        self.outcome.setObjectName("activityPlanOutcome")
        self.outcome.setStyleSheet("font-weight: bold;")
        form = QFormLayout()
        form.addRow(self.tr("Template"), self.template)

        self.plan_button = QPushButton(self.tr("Plan the term"), self)
        self.plan_button.setObjectName("activityPlanButton")
        self.plan_button.setDefault(True)
        self.plan_button.clicked.connect(self.plan)
        close = QPushButton(self.tr("Close (Esc)"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.plan_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Plan the term {term}").format(term=term_name), self))
        layout.addWidget(
            paragraph(
                self.tr(
                    "The template's activities are put on this term's days. Planning again "
                    "adds only what is missing, and an activity you deleted is not added back."
                ),
                self,
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.outcome, 1)
        layout.addLayout(buttons)
        self._show_preview()
        self.template.setFocus()

    def chosen(self) -> Any:
        index = self.template.currentIndex()
        return self.templates[index] if 0 <= index < len(self.templates) else None

    def _show_preview(self) -> None:
        info = self.chosen()
        if info is None:
            self.preview.setText(self.tr("There is no template yet."))
            self.plan_button.setEnabled(False)
            return
        count = info.autumn if self.half == "autumn" else info.spring
        if self.half == "autumn":
            text = self.tr("This template has {count} activities for an autumn term.")
        else:
            text = self.tr("This template has {count} activities for a spring term.")
        self.preview.setText(text.format(count=count))
        self.plan_button.setEnabled(count > 0)

    def plan(self) -> bool:
        """Plan the term from the chosen template; show what was done."""
        info = self.chosen()
        if info is None:
            return False
        try:
            self.result = self.service.plan_term(self._actor, self.term_name, info.name)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return False
        self.outcome.setText(plan_result_text(self.result))
        return True


class SaveTemplateDialog(QDialog):
    """Save the term's activities as (this half of) a template of the school."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        term_name: str,
        now: Callable[[], datetime] = utcnow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.activities import ActivityService

        self.setObjectName("activitySaveTemplateDialog")
        self.setWindowTitle(self.tr("Save the plan as a template"))
        self.resize(640, 300)
        self._actor = actor
        self.term_name = term_name
        self.service = ActivityService(db, now)
        self.name = QLineEdit(self)
        self.name.setObjectName("activityTemplateName")
        self.name.setMaxLength(50)
        self.name.setPlaceholderText(self.tr("e.g. our-school"))
        self.title = QLineEdit(self)
        self.title.setMaxLength(100)
        self.title.setPlaceholderText(self.tr("e.g. 阳光小学行事历"))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Title"), self.title)
        self.save_button = QPushButton(self.tr("Save as template"), self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton(self.tr("Cancel (Esc)"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(
            paragraph(
                self.tr(
                    "The activities of {term} become the template's activities for this "
                    "half of the school year; a template of the same name keeps its other "
                    "half. Next year, plan the term from it."
                ).format(term=term_name),
                self,
            )
        )
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.name.setFocus()

    def save(self) -> bool:
        try:
            self.service.save_as_template(
                self._actor, self.term_name, self.name.text().strip(), self.title.text().strip()
            )
        except UserError as exc:
            dialogs.show_error(self, exc)
            return False
        self.accept()
        return True

"""活动与亲情: the term plan (行事历) as a month grid and an agenda, family calls, home visits.

At the top the term (the one holding today, else the next one) and the term's work:
按模板排期… (the administrator fills the term from a template), 新建活动… (the
administrator, or a class teacher for their classes), 打印行事历…, 导出 Excel… and
另存为模板…. Four tabs: 月历 (:class:`~liushou_desktop.gui.activity_month.MonthGrid`),
日程 (the term's activities in a table, filtered by kind; Enter or a double-click opens
one), 亲情电话 and 家访与监护人会. Without any term the page says to enter the terms in
the school calendar (校历) first, and offers to open it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.sync_meta import local_date, utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.months import month_start
from liushou_desktop.domain.permissions import (
    MANAGE_CALENDAR,
    PLAN_ACTIVITIES,
    TOWNSHIP_ROLES,
    Actor,
    allowed,
)
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.activity_month import KIND_COLOURS, MonthGrid
from liushou_desktop.gui.pages.common import heading, paragraph
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.translations import tr_vocab

__all__ = ["ActivitiesPage", "AgendaModel"]


def days_text(row: Any) -> str:
    """``2026-09-24`` or ``2026-09-24 ~ 2026-09-30``."""
    if row.ends_on == row.starts_on:
        return row.starts_on.isoformat()
    return f"{row.starts_on.isoformat()} ~ {row.ends_on.isoformat()}"


class AgendaModel(RowsTableModel[Any]):
    """One line per activity: days, title, kind, for whom, organiser, state."""

    def __init__(self, parent: Any = None) -> None:
        headers = [
            QCoreApplication.translate("ActivitiesPage", "Days"),
            QCoreApplication.translate("ActivitiesPage", "Activity"),
            QCoreApplication.translate("ActivitiesPage", "Kind"),
            QCoreApplication.translate("ActivitiesPage", "For whom"),
            QCoreApplication.translate("ActivitiesPage", "Organiser"),
            QCoreApplication.translate("ActivitiesPage", "State"),
        ]
        super().__init__(headers, parent=parent)

    def cell(self, row: Any, column: int) -> str:
        if column == 0:
            return days_text(row)
        if column == 1:
            return str(row.title)
        if column == 2:
            kind = tr_vocab(vocab.ACTIVITY_KINDS.get(row.kind, row.kind))
            if row.topic:
                kind += f"（{tr_vocab(vocab.SAFETY_TOPICS.get(row.topic, row.topic))}）"
            return kind
        if column == 3:
            return str(row.target_label)
        if column == 4:
            return str(row.organiser)
        state = tr_vocab(vocab.ACTIVITY_STATUSES.get(row.status, row.status))
        if row.status == vocab.ACTIVITY_HELD and row.held_on is not None:
            state += f" {row.held_on.month}月{row.held_on.day}日"
        return state

    def sort_key(self, row: Any, column: int) -> Any:
        if column == 0:
            return (row.starts_on, row.ends_on)
        return self.cell(row, column)

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 2 and 0 <= index.row() < len(self.rows):
            background, foreground = KIND_COLOURS.get(
                self.rows[index.row()].kind, KIND_COLOURS["other"]
            )
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor(background))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(foreground))
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and 0 <= index.row() < len(self.rows)
            and self.rows[index.row()].status == vocab.ACTIVITY_CANCELLED
        ):
            return QBrush(QColor("#6b6b6b"))
        return super().data(index, role)


class ActivitiesPage(QWidget):
    """The term plan of ``actor``'s school; ``now`` is the clock of the page and its
    services (naive UTC, as :func:`~liushou_desktop.db.sync_meta.utcnow`)."""

    def __init__(
        self,
        db: Any,
        actor: Actor,
        now: Callable[[], datetime] = utcnow,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.activities import ActivityService
        from liushou_desktop.domain.children import ChildrenService
        from liushou_desktop.domain.school_calendar import CalendarService

        self.setObjectName("activitiesPage")
        self._db = db
        self._actor = actor
        self._now = now
        self._today: Callable[[], date] = lambda: local_date(now())
        self.service = ActivityService(db, now)
        self.calendar_service = CalendarService(db, now)
        self.can_plan = allowed(actor, PLAN_ACTIVITIES)
        own_classes = (
            ChildrenService(db, now).class_choices(actor)
            if actor.role == vocab.ROLE_CLASS_TEACHER
            else []
        )
        self.can_add = self.can_plan or bool(own_classes)
        self.terms: list[Any] = []
        self.dialog: Any = None  # the dialog opened last (tests look at it)

        self.title = heading(self.tr("Activities and family (活动与亲情)"), self)
        self.term_choice = QComboBox(self)
        self.term_choice.setObjectName("activityTermChoice")
        self.term_choice.currentIndexChanged.connect(self._term_changed)
        self.term_label = QLabel(self.tr("Term"), self)
        self.term_label.setBuddy(self.term_choice)
        self.term_dates = QLabel(self)
        self.no_terms = paragraph(
            self.tr(
                "The school has not entered its terms yet. The administrator enters them in "
                "the school calendar (校历): 谈心 page → School calendar…, or the button here."
            ),
            self,
        )
        if not allowed(actor, MANAGE_CALENDAR) and actor.role in TOWNSHIP_ROLES:
            self.no_terms.setText(
                self.tr(
                    "The schools' term plans and figures reach the township with their sync "
                    "files; the township plans no activities of its own."
                )
            )
        self.no_terms.setObjectName("activityNoTerms")
        self.no_terms.setStyleSheet(
            "background: #fff4ce; color: #3d2e00; border: 1px solid #c9a400; padding: 8px;"
        )
        self.calendar_button = QPushButton(self.tr("School calendar…"), self)
        self.calendar_button.clicked.connect(self.open_calendar)

        self.plan_button = self._button(self.tr("Plan from a template…"), self.open_plan)
        self.plan_button.setVisible(self.can_plan)
        self.add_button = self._button(self.tr("New activity…"), lambda: self.open_new())
        self.add_button.setObjectName("activityAddButton")
        self.add_button.setVisible(self.can_add)
        self.print_button = self._button(self.tr("Print the term plan…"), self.print_plan)
        self.export_button = self._button(self.tr("Export to Excel…"), self.export_plan)
        self.template_button = self._button(self.tr("Save as template…"), self.save_template)
        self.template_button.setVisible(self.can_plan)

        self.month = MonthGrid(self._load, self.calendar_service.calendar, self._today, self)
        self.month.activity_opened.connect(self.open_activity)
        self.month.day_activated.connect(self._day_activated)

        self.kind_filter = QComboBox(self)
        self.kind_filter.setObjectName("activityKindFilter")
        self.kind_filter.addItem(self.tr("All kinds"), "")
        for code, label in vocab.ACTIVITY_KINDS.items():
            self.kind_filter.addItem(tr_vocab(label), code)
        self.kind_filter.currentIndexChanged.connect(lambda *_: self.refresh_agenda())
        self.agenda_model = AgendaModel(self)
        self.agenda = QTableView(self)
        self.agenda.setObjectName("activityAgenda")
        self.agenda.setModel(self.agenda_model)
        self.agenda.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.agenda.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agenda.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agenda.setTabKeyNavigation(False)
        self.agenda.setSortingEnabled(True)
        self.agenda.horizontalHeader().setStretchLastSection(True)
        self.agenda.activated.connect(self._agenda_opened)
        agenda_tab = QWidget(self)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel(self.tr("Kind"), agenda_tab))
        filter_row.addWidget(self.kind_filter)
        self.agenda_count = QLabel(agenda_tab)
        filter_row.addWidget(self.agenda_count, 1)
        agenda_layout = QVBoxLayout(agenda_tab)
        agenda_layout.setContentsMargins(0, 0, 0, 0)
        agenda_layout.addLayout(filter_row)
        agenda_layout.addWidget(self.agenda, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("activityTabs")
        self.tabs.addTab(self.month, self.tr("Month"))
        self.tabs.addTab(agenda_tab, self.tr("Agenda"))
        self.contacts = self._panel("family_contact_panel", "FamilyContactPanel")
        self.tabs.addTab(self.contacts, self.tr("Family calls"))
        self.visits = self._panel("home_visits_panel", "HomeVisitsPanel")
        self.tabs.addTab(self.visits, self.tr("Home visits and guardian meetings"))

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(24)
        top.addWidget(self.term_label)
        top.addWidget(self.term_choice)
        top.addWidget(self.term_dates, 1)
        top.addWidget(self.calendar_button)
        actions = QHBoxLayout()
        for button in (self.add_button, self.plan_button, self.print_button, self.export_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.template_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.no_terms)
        layout.addLayout(actions)
        layout.addWidget(self.tabs, 1)
        self.load_terms()

    def _button(self, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _panel(self, module: str, name: str) -> QWidget:
        """A panel of the family side (亲情电话, 家访), or a note while it is missing."""
        import importlib

        try:
            panel_class = getattr(importlib.import_module(f"liushou_desktop.gui.{module}"), name)
        except (ImportError, AttributeError):
            return paragraph(self.tr("This part is not ready yet."), self)
        panel: QWidget = panel_class(self._db, self._actor, now=self._now, parent=self)
        return panel

    # --- terms -----------------------------------------------------------------------

    @property
    def term(self) -> Any:
        index = self.term_choice.currentIndex()
        return self.terms[index] if 0 <= index < len(self.terms) else None

    def load_terms(self) -> None:
        """Read the school's terms; choose the one holding today (else the next one)."""
        try:
            self.terms = self.calendar_service.terms(self._actor)
            current = self.service.term_for(self._actor, self._today())
        except UserError as exc:
            dialogs.show_error(self, exc)
            self.terms, current = [], None
        self.term_choice.blockSignals(True)
        self.term_choice.clear()
        for term in self.terms:
            self.term_choice.addItem(term.name, term.name)
        chosen = next(
            (n for n, t in enumerate(self.terms) if current and t.name == current.name),
            len(self.terms) - 1,
        )
        self.term_choice.setCurrentIndex(chosen)
        self.term_choice.blockSignals(False)
        has_terms = bool(self.terms)
        self.no_terms.setVisible(not has_terms)
        self.calendar_button.setVisible(not has_terms and allowed(self._actor, MANAGE_CALENDAR))
        self.term_choice.setEnabled(has_terms)
        for button in (
            self.plan_button,
            self.add_button,
            self.print_button,
            self.export_button,
            self.template_button,
        ):
            button.setEnabled(has_terms)
        self._term_changed()

    def _term_changed(self, *_: Any) -> None:
        term = self.term
        if term is None:
            self.term_dates.clear()
            self.refresh()
            return
        self.term_dates.setText(
            self.tr("{first} to {last}").format(
                first=term.starts_on.isoformat(), last=term.ends_on.isoformat()
            )
        )
        today = self._today()
        day = today if term.starts_on <= today <= term.ends_on else term.starts_on
        self.month.show_month(month_start(day), day)
        if hasattr(self.visits, "set_term"):
            self.visits.set_term(term.name)
        self.refresh_agenda()

    # --- showing -----------------------------------------------------------------

    def _load(self, first: date, last: date) -> list[Any]:
        try:
            return self.service.list(self._actor, first=first, last=last)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return []

    def refresh(self) -> None:
        """Read the plan again: the month grid and the agenda."""
        self.month.refresh()
        self.refresh_agenda()

    def refresh_agenda(self) -> None:
        term = self.term
        rows: list[Any] = []
        if term is not None:
            try:
                rows = self.service.list(self._actor, term_name=term.name)
            except UserError as exc:
                dialogs.show_error(self, exc)
        kind = self.kind_filter.currentData()
        if kind:
            rows = [row for row in rows if row.kind == kind]
        self.agenda_model.set_rows(rows)
        self.agenda.resizeColumnsToContents()
        self.agenda_count.setText(self.tr("{count} activities").format(count=len(rows)))

    # --- dialogs -----------------------------------------------------------------------

    def _agenda_opened(self, index: Any) -> None:
        if index.isValid():
            self.open_activity(self.agenda_model.row_at(index.row()).id)

    def _day_activated(self, day: date) -> None:
        """A double-click on an empty day: a new activity on that day (if allowed)."""
        if self.can_add and self.term is not None:
            self.open_new(day)

    def open_activity(self, activity_id: str) -> None:
        from liushou_desktop.gui.activity_dialog import open_activity_dialog

        dialog = open_activity_dialog(self, self._db, self._actor, activity_id, self._now)
        self._watch(dialog)

    def open_new(self, day: date | None = None) -> None:
        """The dialog for a new activity (on ``day``, else the day selected in the grid)."""
        from liushou_desktop.gui.activity_dialog import open_activity_dialog

        if not self.can_add:
            return
        dialog = open_activity_dialog(
            self, self._db, self._actor, None, self._now, day or self.month.selected_day
        )
        self._watch(dialog)

    def _watch(self, dialog: Any) -> None:
        self.dialog = dialog
        if dialog is not None:
            dialog.finished.connect(lambda _result: self.refresh())
            if hasattr(dialog, "saved"):
                dialog.saved.connect(lambda _id: self.refresh())

    def open_plan(self) -> None:
        from liushou_desktop.gui.activity_plan_dialog import PlanDialog

        term = self.term
        if term is None or not self.can_plan:
            return
        try:
            dialog = PlanDialog(self._db, self._actor, term.name, self._now, self)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._watch(dialog)
        dialog.open()

    def save_template(self) -> None:
        from liushou_desktop.gui.activity_plan_dialog import SaveTemplateDialog

        term = self.term
        if term is None or not self.can_plan:
            return
        dialog = SaveTemplateDialog(self._db, self._actor, term.name, self._now, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()

    def open_calendar(self) -> None:
        from liushou_desktop.gui.calendar_dialog import open_calendar_dialog

        dialog = open_calendar_dialog(self, self._db, self._actor, self._today())
        dialog.finished.connect(lambda _result: self.load_terms())
        self.dialog = dialog

    def print_plan(self) -> None:
        """The term plan (行事历) as a PDF, previewed, then printed or saved."""
        from liushou_desktop.domain.activity_print import ActivityPrintService
        from liushou_desktop.gui.document_preview import preview_and_print
        from liushou_desktop.gui.print_dialog import preview_root

        term = self.term
        if term is None:
            return
        printer = ActivityPrintService(self._db, self._now)
        name = term.name
        preview_and_print(
            self,
            self.tr("Term plan {term}").format(term=name),
            f"行事历-{name}",
            lambda path, audit: printer.term_plan(self._actor, name, path, audit=audit),
            folder=preview_root(self._db),
        )

    def export_plan(self) -> None:
        """The term plan as an Excel workbook."""
        from liushou_desktop.domain.activity_export import export_term_plan

        term = self.term
        if term is None:
            return
        path = dialogs.choose_save_file(
            self,
            self.tr("Export the term plan"),
            f"行事历-{term.name}.xlsx",
            self.tr("Excel workbook (*.xlsx)"),
        )
        if path is None:
            return
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(".xlsx")
        try:
            count = export_term_plan(self._db, self._actor, term.name, path, self._now)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        dialogs.show_info(
            self,
            self.tr("Export the term plan"),
            self.tr("{count} activities were written to {path}").format(
                count=count, path=str(path)
            ),
        )

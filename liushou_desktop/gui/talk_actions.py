"""What the talks page does besides its list: move or swap a planned talk (the row's
menu), the open concerns with their plans and follow-ups, and the month's Excel export.

The page imports these lazily. Each small choice (a day, another talk) is a dialog of
its own behind a module function (:func:`choose_day`, :func:`choose_partner`) that tests
replace; every refusal of the core (a UserError) is shown with ``dialogs.show_error``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.domain import vocab
from liushou_desktop.domain.dates import parse_date
from liushou_desktop.domain.months import month_key, month_start
from liushou_desktop.domain.permissions import RECORD_TALKS, Actor, allowed
from liushou_desktop.domain.talks import ConcernView, TalkRow
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.common import error_label, paragraph
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.translations import tr_vocab, translate_user_error

__all__ = [
    "ConcernsDialog",
    "DayChoiceDialog",
    "FollowUpDialog",
    "PartnerChoiceDialog",
    "choose_day",
    "choose_partner",
    "export_month",
    "open_concerns_dialog",
    "row_menu",
]

BIG_TEXT = "font-size: 13pt;"


def _day_text(day: date) -> str:
    """2026-11-23 星期一 (the weekday in the interface's language)."""
    return QLocale().toString(QDate(day.year, day.month, day.day), "yyyy-MM-dd  dddd")


def _big_list(parent: QWidget) -> QListWidget:
    box = QListWidget(parent)
    box.setStyleSheet(BIG_TEXT)
    box.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    box.setMinimumHeight(box.fontMetrics().lineSpacing() * 12)
    return box


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK (the default: Enter) and Cancel (Esc) for a small choice dialog."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setDefault(True)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


# --- moving and swapping a planned talk ----------------------------------------------


class DayChoiceDialog(QDialog):
    """Choose the new day of a planned talk among the days it may move to."""

    def __init__(self, row: TalkRow, days: list[date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Move the talk to another day"))
        current = row.planned_on
        intro = paragraph(
            self.tr(
                "{child} ({class_name}) has a talk with {mentor} planned for {day}. Choose "
                "the new day with the arrow keys, then press Enter."
            ).format(
                child=row.child_name,
                class_name=row.class_name,
                mentor=row.mentor_name or "—",
                day=_day_text(current) if current else "—",
            ),
            self,
        )
        intro.setStyleSheet(BIG_TEXT)
        self.days = _big_list(self)
        self.days.setObjectName("talkMoveDays")
        following = None
        for day in days:
            text = _day_text(day)
            if day == current:
                text = self.tr("{day}  (planned now)").format(day=text)
            item = QListWidgetItem(text, self.days)
            item.setData(Qt.ItemDataRole.UserRole, day)
            if following is None and current is not None and day > current:
                following = item
        first = following or self.days.item(0)
        if first is not None:
            self.days.setCurrentItem(first)
        self.days.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.days, 1)
        layout.addWidget(_buttons(self, self.tr("Move")))
        self.days.setFocus()

    def chosen(self) -> date | None:
        item = self.days.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def choose_day(parent: QWidget | None, row: TalkRow, days: list[date]) -> date | None:
    """The day the user chose for ``row``'s talk, or None if they cancelled."""
    dialog = DayChoiceDialog(row, days, parent)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


class PartnerChoiceDialog(QDialog):
    """Choose the planned talk whose day ``row``'s talk takes (and gives its own)."""

    def __init__(
        self, row: TalkRow, candidates: list[TalkRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Swap days with another talk"))
        intro = paragraph(
            self.tr(
                "{child}'s talk is planned for {day}. Choose the talk it swaps days with; "
                "type a name to find it quickly."
            ).format(
                child=row.child_name, day=_day_text(row.planned_on) if row.planned_on else "—"
            ),
            self,
        )
        intro.setStyleSheet(BIG_TEXT)
        self.search = QLineEdit(self)
        self.search.setObjectName("talkSwapSearch")
        self.search.setPlaceholderText(self.tr("Name, class or teacher"))
        self.search.setStyleSheet(BIG_TEXT)
        self.search.textChanged.connect(self._filter)
        self.talks = _big_list(self)
        self.talks.setObjectName("talkSwapList")
        for other in candidates:
            day = _day_text(other.planned_on) if other.planned_on else ""
            text = f"{day}　{other.child_name}　{other.class_name}　{other.mentor_name}"
            item = QListWidgetItem(text, self.talks)
            item.setData(Qt.ItemDataRole.UserRole, other)
        if self.talks.count():
            self.talks.setCurrentRow(0)
        self.talks.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.talks, 1)
        layout.addWidget(_buttons(self, self.tr("Swap days")))
        self.setTabOrder(self.search, self.talks)
        self.talks.setFocus()

    def _filter(self, text: str) -> None:
        """Show only the talks whose line holds ``text``; the first shown becomes current."""
        needle = text.strip()
        first = None
        for index in range(self.talks.count()):
            item = self.talks.item(index)
            hidden = bool(needle) and needle not in item.text()
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        self.talks.setCurrentItem(first)

    def chosen(self) -> TalkRow | None:
        item = self.talks.currentItem()
        if item is None or item.isHidden():
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return value if isinstance(value, TalkRow) else None


def choose_partner(
    parent: QWidget | None, row: TalkRow, candidates: list[TalkRow]
) -> TalkRow | None:
    """The talk the user chose to swap days with, or None if they cancelled."""
    dialog = PartnerChoiceDialog(row, candidates, parent)
    try:
        return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def _swap_candidates(row: TalkRow, rows: list[TalkRow]) -> list[TalkRow]:
    """The other planned talks of the row's month on another day, by day and name."""
    if row.planned_on is None:
        return []
    key = month_key(row.planned_on)
    others = [
        r
        for r in rows
        if r.status == vocab.TALK_PLANNED
        and r.talk_id
        and r.talk_id != row.talk_id
        and r.planned_on is not None
        and month_key(r.planned_on) == key
        and r.planned_on != row.planned_on
    ]
    return sorted(others, key=lambda r: (r.planned_on or date.min, r.child_name))


def move_talk(parent: QWidget | None, db: Any, actor: Actor, row: TalkRow) -> bool:
    """Ask for a day and move ``row``'s planned talk to it; True if it moved."""
    from liushou_desktop.domain.school_calendar import CalendarService
    from liushou_desktop.domain.talk_plan import TalkPlanService, plan_days

    if row.talk_id is None or row.planned_on is None:
        return False
    try:
        days, _holiday = plan_days(CalendarService(db).calendar(), month_start(row.planned_on))
        day = choose_day(parent, row, days)
        if day is None or day == row.planned_on:
            return False
        TalkPlanService(db).move(actor, row.talk_id, day)
    except UserError as exc:
        dialogs.show_error(parent, exc)
        return False
    return True


def swap_talk(
    parent: QWidget | None, db: Any, actor: Actor, row: TalkRow, candidates: list[TalkRow]
) -> bool:
    """Ask for another planned talk and exchange the two days; True if swapped."""
    from liushou_desktop.domain.talk_plan import TalkPlanService

    other = choose_partner(parent, row, candidates)
    if other is None or row.talk_id is None or other.talk_id is None:
        return False
    try:
        TalkPlanService(db).swap(actor, row.talk_id, other.talk_id)
    except UserError as exc:
        dialogs.show_error(parent, exc)
        return False
    return True


def row_menu(
    parent: QWidget, db: Any, actor: Actor, row: TalkRow | None, rows: list[TalkRow]
) -> QMenu | None:
    """The menu of a planned talk's row (move, swap), or None when nothing applies: not
    a planned talk, or the actor may not record talks."""
    if (
        row is None
        or row.status != vocab.TALK_PLANNED
        or not row.talk_id
        or not allowed(actor, RECORD_TALKS)
    ):
        return None
    previous = getattr(parent, "_talk_row_menu", None)
    if previous is not None:  # the last menu closed long ago: free it
        previous.deleteLater()
    menu = QMenu(parent)
    menu.setStyleSheet(BIG_TEXT)
    move = menu.addAction(QCoreApplication.translate("TalkActions", "Move to another day…"))
    move.setObjectName("talkMoveAction")
    move.triggered.connect(lambda: move_talk(parent, db, actor, row))
    partners = _swap_candidates(row, list(rows))
    swap = menu.addAction(QCoreApplication.translate("TalkActions", "Swap days with…"))
    swap.setObjectName("talkSwapAction")
    swap.setEnabled(bool(partners))
    swap.triggered.connect(lambda: swap_talk(parent, db, actor, row, partners))
    parent._talk_row_menu = menu  # type: ignore[attr-defined]
    return menu


# --- concerns --------------------------------------------------------------------------


class ConcernsModel(RowsTableModel[ConcernView]):
    """One line per open concern."""

    def __init__(self, parent: Any = None) -> None:
        headers = [
            QCoreApplication.translate("TalkActions", "Child"),
            QCoreApplication.translate("TalkActions", "Class"),
            QCoreApplication.translate("TalkActions", "Mentor"),
            QCoreApplication.translate("TalkActions", "Needs attention"),
            QCoreApplication.translate("TalkActions", "Opened on"),
            QCoreApplication.translate("TalkActions", "Follow-ups"),
            QCoreApplication.translate("TalkActions", "Last follow-up"),
        ]
        super().__init__(headers, parent=parent)

    def cell(self, row: ConcernView, column: int) -> str:
        kinds = "、".join(tr_vocab(vocab.CONCERN_KINDS.get(k, k)) for k in row.kinds)
        last = row.last_follow_up.isoformat() if row.last_follow_up else ""
        cells = (row.child_name, row.class_name, row.mentor_name, kinds)
        return (*cells, row.opened_on.isoformat(), str(row.follow_ups), last)[column]

    def sort_key(self, row: ConcernView, column: int) -> Any:
        return row.follow_ups if column == 5 else self.cell(row, column)


class FollowUpDialog(QDialog):
    """A follow-up of one concern: the day and what was found or done. ``save(day,
    note)`` is called on OK; a UserError it raises is shown here and the dialog stays."""

    def __init__(
        self,
        concern: ConcernView,
        today: date,
        save: Callable[[date, str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a follow-up"))
        self._save = save
        who = QLabel(f"{concern.child_name}　{concern.class_name}", self)
        who.setTextFormat(Qt.TextFormat.PlainText)
        who.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.day = QLineEdit(today.isoformat(), self)
        self.day.setObjectName("followUpDay")
        self.day.setPlaceholderText(self.tr("e.g. 2026-11-05"))
        self.note = QPlainTextEdit(self)
        self.note.setObjectName("followUpNote")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(
            self.tr("What the follow-up found or did, e.g. talked with the grandmother")
        )
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 5 + 14)
        self.error = error_label(self)
        form = QFormLayout()
        form.addRow(self.tr("Day"), self.day)
        form.addRow(self.tr("What was found or done"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addLayout(form)
        layout.addWidget(paragraph(self.tr("Press Ctrl+Enter (or the Save button) to save."), self))
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self, self.tr("Save")))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        self.setMinimumWidth(520)
        self.note.setFocus()

    def accept(self) -> None:
        """Save, then close; on a refusal say why and stay open."""
        self.error.clear()
        try:
            self._save(parse_date(self.day.text().strip()), self.note.toPlainText())
        except UserError as exc:
            self.error.setText(translate_user_error(exc))
            return
        super().accept()


class ConcernsDialog(QDialog):
    """The open concerns the actor may see, the selected one's plan, its follow-ups and
    closing it (those who record talks)."""

    def __init__(
        self,
        db: Any,
        actor: Actor,
        parent: QWidget | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        super().__init__(parent)
        from liushou_desktop.domain.talks import TalkService

        self.setWindowTitle(self.tr("Concerns (个别教育管理方案)"))
        self._actor = actor
        self._today = today
        self._service = TalkService(db)
        self._may_record = allowed(actor, RECORD_TALKS)
        self.follow_up_dialog: FollowUpDialog | None = None

        if self._may_record:
            text = self.tr(
                "Children with an open concern. Choose a child to read their plan. Add a "
                "follow-up after each talk or visit, and close the concern when the child "
                "is out of trouble."
            )
        else:
            text = self.tr(
                "Children with an open concern, since when, and how often their teachers "
                "followed them up."
            )
        intro = paragraph(text, self)
        self.empty = paragraph(self.tr("No child has an open concern."), self)
        self.empty.setStyleSheet(BIG_TEXT)
        self.model = ConcernsModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("concernsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table
        # oldest first, as the service gives them
        self.table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_plan())
        self.plan_label = QLabel(self.tr("Plan (个别教育管理方案)"), self)
        self.plan = QPlainTextEdit(self)
        self.plan.setObjectName("concernPlan")
        self.plan.setReadOnly(True)
        self.plan.setTabChangesFocus(True)
        self.plan.setFixedHeight(self.plan.fontMetrics().lineSpacing() * 5 + 14)
        self.plan_label.setVisible(self._may_record)
        self.plan.setVisible(self._may_record)

        self.follow_up_button = QPushButton(self.tr("Add a follow-up…"), self)
        self.follow_up_button.setObjectName("concernFollowUpButton")
        self.follow_up_button.setDefault(True)
        self.follow_up_button.clicked.connect(self.add_follow_up)
        self.close_concern_button = QPushButton(self.tr("Close the concern…"), self)
        self.close_concern_button.setObjectName("concernCloseButton")
        self.close_concern_button.setToolTip(self.tr("The child is out of trouble"))
        self.close_concern_button.clicked.connect(self.close_concern)
        for button in (self.follow_up_button, self.close_concern_button):
            button.setVisible(self._may_record)
        done = QPushButton(self.tr("Close"), self)
        done.setAutoDefault(False)
        done.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.follow_up_button)
        buttons.addWidget(self.close_concern_button)
        buttons.addStretch(1)
        buttons.addWidget(done)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.plan)
        layout.addLayout(buttons)
        self.resize(900, 560)
        self.refresh()
        self.table.setFocus()

    def refresh(self, keep: str | None = None) -> None:
        """Reload the concerns; select ``keep`` (a concern id) if still open, else the first."""
        try:
            concerns = self._service.open_concerns(self._actor)
        except UserError as exc:
            dialogs.show_error(self, exc)
            concerns = []
        self.model.set_rows(concerns)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not concerns)
        ids = [c.concern_id for c in self.model.rows]
        row = ids.index(keep) if keep in ids else 0
        if concerns:
            self.table.selectRow(row)
        self._show_plan()

    def current(self) -> ConcernView | None:
        """The selected concern."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select(self, concern_id: str) -> None:
        """Select the concern ``concern_id`` (tests, and after a change)."""
        ids = [c.concern_id for c in self.model.rows]
        if concern_id in ids:
            self.table.selectRow(ids.index(concern_id))

    def _show_plan(self) -> None:
        concern = self.current()
        self.plan.setPlainText(
            (concern.plan or self.tr("(no plan written yet)")) if concern else ""
        )
        for button in (self.follow_up_button, self.close_concern_button):
            button.setEnabled(concern is not None)

    def add_follow_up(self) -> None:
        """Open the follow-up dialog for the selected concern (window-modal)."""
        concern = self.current()
        if concern is None or not self._may_record:
            return

        def save(day: date, note: str) -> None:
            self._service.follow_up(self._actor, concern.concern_id, day, note)

        dialog = FollowUpDialog(concern, self._today(), save, self)
        dialog.accepted.connect(lambda: self.refresh(concern.concern_id))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.follow_up_dialog = dialog

    def close_concern(self) -> None:
        """Close the selected concern today, once the user confirmed."""
        concern = self.current()
        if concern is None or not self._may_record:
            return
        today = self._today()
        if not dialogs.ask_yes_no(
            self,
            self.tr("Close the concern"),
            self.tr(
                "Close the concern of {child}, today ({day})? Do this when the child is out "
                "of trouble. The plan and its follow-ups stay in the record."
            ).format(child=concern.child_name, day=today.isoformat()),
        ):
            return
        try:
            self._service.close_concern(self._actor, concern.concern_id, today)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        self.refresh()


def open_concerns_dialog(
    parent: QWidget | None, db: Any, actor: Actor, today: Callable[[], date] = date.today
) -> ConcernsDialog:
    """The concerns dialog, opened window-modal; it deletes itself when closed."""
    dialog = ConcernsDialog(db, actor, parent, today)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


# --- the month's workbook ---------------------------------------------------------------


@contextmanager
def _busy() -> Iterator[None]:
    """The wait cursor while the workbook is written."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def _suggested_path(month: date) -> str:
    name = f"谈心记录{month.year}年{month.month:02d}月.xlsx"
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(Path(documents) / name) if documents else name


def export_month(
    parent: QWidget | None, db: Any, actor: Actor, month: date, today: date | None = None
) -> Path | None:
    """Ask where, write the month's workbook there, say where; None if cancelled or
    refused (the refusal is shown)."""
    from liushou_desktop.domain.talk_export import write_month_workbook

    path = dialogs.choose_save_file(
        parent,
        QCoreApplication.translate("TalkActions", "Save the month's talks as an Excel file"),
        _suggested_path(month),
        QCoreApplication.translate("TalkActions", "Excel workbook (*.xlsx)"),
    )
    if path is None:
        return None
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    try:
        with _busy():
            written = write_month_workbook(db, actor, month, path, today=today or date.today())
    except UserError as exc:
        dialogs.show_error(parent, exc)
        return None
    text = (
        QCoreApplication.translate(
            "TalkActions", "The talk records and figures of {month} were saved in:\n{path}"
        )
        if allowed(actor, RECORD_TALKS)
        else QCoreApplication.translate(
            "TalkActions", "The talk figures of {month} were saved in:\n{path}"
        )
    )
    dialogs.show_info(
        parent,
        QCoreApplication.translate("TalkActions", "Export to Excel"),
        text.format(month=f"{month.year}年{month.month}月", path=str(written)),
    )
    return written

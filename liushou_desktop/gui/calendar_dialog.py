"""校历: the school calendar dialog — a month of days, why a day is no school day, terms.

The month grid (Monday first, ◀ ▶ or Page Up / Page Down) shows each day's number and
why it is no school day (周末, 国庆节, 放假, 寒假, 暑假) or that it is a make-up school day
(调休上课), in text and in pale colours; the school's own marks are bold and underlined.
A year chinese-calendar does not know yet gets a note: only weekends count as days off.
The administrator (MANAGE_CALENDAR) marks days and enters terms, one service call each,
then the grid is drawn again; everyone else sees the buttons disabled. Below the terms,
the administrator (EDIT_SETTINGS) also sets the school-wide talk settings: how talks are
held in a holiday month and for how many days a teacher may correct their own record.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liushou_desktop.db.database import Database
from liushou_desktop.db.sync_meta import utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.months import add_months, month_start
from liushou_desktop.domain.permissions import EDIT_SETTINGS, MANAGE_CALENDAR, Actor, allowed
from liushou_desktop.domain.school_calendar import (
    HOLIDAY,
    MAKEUP_WORKDAY,
    SCHOOL_OFF,
    SCHOOL_WORKDAY,
    TERM_BREAK,
    WEEKEND,
    CalendarService,
    DayInfo,
    SchoolCalendar,
    TermView,
    next_term_name,
    parse_term_name,
)
from liushou_desktop.domain.settings import (
    TALK_EDIT_DAYS,
    TALK_HOLIDAY_FORM,
    TALK_HOLIDAY_FORMS,
    SettingsService,
)
from liushou_desktop.errors import UserError
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.calendar_forms import DayForm, TermForm
from liushou_desktop.gui.pages.common import error_label, heading, paragraph
from liushou_desktop.gui.table_model import RowsTableModel
from liushou_desktop.gui.translations import translate_user_error

__all__ = ["CalendarDialog", "DayForm", "TermForm", "TermsModel", "open_calendar_dialog"]

ROWS, COLUMNS = 6, 7
SHORT_NOTE = 4  # a school's note this short is shown in the cell instead of 放假
SCHOOL_DAY = ""  # DayInfo.reason of an ordinary school day
WINTER, SUMMER = "winter", "summer"
# (background, text) for each kind of day: dark text on a pale ground, contrast above 7:1
COLOURS: dict[str, tuple[str, str]] = {
    SCHOOL_DAY: ("#ffffff", "#1a1a1a"),
    WEEKEND: ("#e4e4e4", "#262626"),
    HOLIDAY: ("#fbd3d0", "#7a1010"),
    SCHOOL_OFF: ("#ffdcb0", "#5c2c00"),
    TERM_BREAK: ("#d3e4f7", "#0f355f"),
    MAKEUP_WORKDAY: ("#cfeed2", "#0b4a12"),
}
COLOURS[SCHOOL_WORKDAY] = COLOURS[MAKEUP_WORKDAY]
OUTSIDE = "#f6f6f6"  # the cells before the 1st and after the last day of the month


def open_calendar_dialog(
    parent: QWidget | None, db: Database, actor: Actor, month: date
) -> CalendarDialog:
    """Open the school calendar at ``month`` (window-modal, deleted when closed)."""
    dialog = CalendarDialog(db, actor, month, parent=parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def break_kind(calendar: SchoolCalendar, day: date) -> str:
    """``winter`` after an autumn term (…-1), ``summer`` after a spring term (…-2)."""
    for before, after in calendar.breaks:
        if before < day < after:
            for term in calendar.terms:
                parsed = parse_term_name(term.name)
                if term.ends_on == before and parsed is not None:
                    return WINTER if parsed[1] == 1 else SUMMER
    return WINTER if day.month in (1, 2) else SUMMER


class TermsModel(RowsTableModel[TermView]):
    """The terms the school entered: name, first day, last day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [self.tr("Term"), self.tr("First day"), self.tr("Last day")], parent=parent
        )

    def cell(self, row: TermView, column: int) -> str:
        if column == 0:
            return row.name
        return (row.starts_on if column == 1 else row.ends_on).isoformat()


class CalendarDialog(QDialog):
    """The school calendar at ``month``; editable for actors with MANAGE_CALENDAR."""

    def __init__(
        self,
        db: Database,
        actor: Actor,
        month: date,
        *,
        service: CalendarService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("calendarDialog")
        self.setWindowTitle(self.tr("School calendar"))
        self.resize(1180, 720)
        self._actor = actor
        self.service = service or CalendarService(db)
        self.settings = SettingsService(db)
        self._db = db
        self.can_edit = allowed(actor, MANAGE_CALENDAR)
        self.can_set_talks = allowed(actor, EDIT_SETTINGS)
        self.month = month_start(month)
        self.calendar = SchoolCalendar()
        self.days: dict[date, DayInfo] = {}
        self.day_form: DayForm | None = None
        self.term_form: TermForm | None = None

        left = self._build_month()
        right = self._build_side()
        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, self.previous_month)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, self.next_month)
        self.refresh()
        self.select_day(self.month)
        self.grid.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        """Enter on a day opens a form (see :meth:`_day_activated`); QDialog would then
        press that form's OK button too, so Enter goes no further here."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return
        super().keyPressEvent(event)

    # --- building ------------------------------------------------------------------

    def _build_month(self) -> QVBoxLayout:
        self.title = heading("", self)
        self.previous_button = self._button(self.tr("◀ Previous month"), self.previous_month)
        self.next_button = self._button(self.tr("Next month ▶"), self.next_month)
        navigation = QHBoxLayout()
        navigation.addWidget(self.previous_button)
        navigation.addWidget(self.title, 1, Qt.AlignmentFlag.AlignCenter)
        navigation.addWidget(self.next_button)

        self.unknown_note = paragraph("", self)
        self.unknown_note.setObjectName("calendarUnknownYear")
        self.unknown_note.setStyleSheet(
            "background: #fff4ce; color: #3d2e00; border: 1px solid #c9a400; padding: 6px;"
        )

        self.grid = QTableWidget(ROWS, COLUMNS, self)
        self.grid.setObjectName("calendarGrid")
        self.grid.setHorizontalHeaderLabels(self.weekday_names())
        self.grid.verticalHeader().setVisible(False)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setTabKeyNavigation(False)
        self.grid.setWordWrap(True)
        font = self.grid.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.grid.setFont(font)
        line = self.grid.fontMetrics().lineSpacing()
        self.grid.verticalHeader().setMinimumSectionSize(int(line * 2.6))
        self.grid.setMinimumHeight(int(line * 2.6) * ROWS + line * 2)
        self.grid.setStyleSheet(
            "QTableWidget::item:selected { background: #1f6fb2; color: white; }"
        )
        self.grid.currentCellChanged.connect(lambda *_: self._day_changed())
        self.grid.activated.connect(self._day_activated)

        layout = QVBoxLayout()
        layout.addLayout(navigation)
        layout.addWidget(self.unknown_note)
        layout.addWidget(self.grid, 1)
        layout.addLayout(self._legend())
        return layout

    def _legend(self) -> QGridLayout:
        """What the colours mean, each with the text a cell shows."""
        entries = (
            (SCHOOL_DAY, self.tr("School day")),
            (WEEKEND, self.tr("Weekend")),
            (HOLIDAY, self.tr("Official holiday (国庆节…)")),
            (SCHOOL_OFF, self.tr("The school's own day off")),
            (TERM_BREAK, self.tr("Winter or summer holiday")),
            (MAKEUP_WORKDAY, self.tr("Make-up school day")),
        )
        legend = QGridLayout()
        for n, (reason, text) in enumerate(entries):
            background, foreground = COLOURS[reason]
            label = QLabel(text, self)
            label.setStyleSheet(
                f"background: {background}; color: {foreground}; border: 1px solid #9a9a9a;"
                " padding: 3px 6px;"
            )
            legend.addWidget(label, n // 3, n % 3)
        marked = QLabel(self.tr("Bold and underlined: marked by the school"), self)
        marked.setStyleSheet("font-weight: bold; text-decoration: underline;")
        legend.addWidget(marked, 2, 0, 1, 3)
        return legend

    def _build_side(self) -> QVBoxLayout:
        day_box = QGroupBox(self.tr("The selected day"), self)
        self.day_detail = paragraph("", day_box)
        self.day_detail.setObjectName("calendarDayDetail")
        self.mark_off_button = self._button(
            self.tr("Mark as day off…"), lambda: self.mark(vocab.CALENDAR_OFF)
        )
        self.mark_workday_button = self._button(
            self.tr("Mark as school day (make-up)…"), lambda: self.mark(vocab.CALENDAR_WORKDAY)
        )
        self.unmark_button = self._button(self.tr("Remove the mark"), self.unmark)
        self.unmark_button.setToolTip(self.tr("The day follows the official calendar again"))
        day_layout = QVBoxLayout(day_box)
        day_layout.addWidget(self.day_detail)
        for button in (self.mark_off_button, self.mark_workday_button, self.unmark_button):
            day_layout.addWidget(button)

        terms_box = QGroupBox(self.tr("Terms (学期)"), self)
        self.terms_model = TermsModel(self)
        self.terms_table = QTableView(terms_box)
        self.terms_table.setObjectName("calendarTerms")
        self.terms_table.setModel(self.terms_model)
        self.terms_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.terms_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.terms_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.terms_table.setTabKeyNavigation(False)
        self.terms_table.verticalHeader().setVisible(False)
        self.terms_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.term_button = self._button(self.tr("Add or change a term…"), self.edit_term)
        self.remove_term_button = self._button(self.tr("Remove term"), self.remove_term)
        term_buttons = QHBoxLayout()
        term_buttons.addWidget(self.term_button)
        term_buttons.addWidget(self.remove_term_button)
        terms_layout = QVBoxLayout(terms_box)
        terms_layout.addWidget(self.terms_table, 1)
        terms_layout.addLayout(term_buttons)
        self.terms_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )

        talks_box = self._build_talk_settings()
        self.read_only_note = paragraph(
            self.tr(
                "Only the school administrator can change the calendar. Ask them if a day "
                "or a term is wrong."
            ),
            self,
        )
        self.read_only_note.setVisible(not self.can_edit)
        self.message = error_label(self)
        layout = QVBoxLayout()
        layout.addWidget(day_box)
        layout.addWidget(terms_box, 1)
        layout.addWidget(talks_box)
        layout.addWidget(self.read_only_note)
        layout.addWidget(self.message)
        return layout

    def _build_talk_settings(self) -> QGroupBox:
        """The school-wide talk settings: the holiday form, the days to correct a record."""
        box = QGroupBox(self.tr("Talks (谈心), for the whole school"), self)
        self.holiday_form = QComboBox(box)
        self.holiday_form.setObjectName("calendarHolidayForm")
        names = {
            "phone": self.tr("By phone"),
            "home_visit": self.tr("As home visits"),
            "none": self.tr("No talks planned"),
        }
        for code in TALK_HOLIDAY_FORMS:
            self.holiday_form.addItem(names.get(code, code), code)
        self.holiday_form.setCurrentIndex(
            max(self.holiday_form.findData(self.settings.get(TALK_HOLIDAY_FORM)), 0)
        )
        self.edit_days = QSpinBox(box)
        self.edit_days.setObjectName("calendarEditDays")
        self.edit_days.setRange(0, 365)
        self.edit_days.setSuffix(self.tr(" days"))
        self.edit_days.setValue(int(self.settings.get(TALK_EDIT_DAYS)))
        self.save_talks_button = self._button(
            self.tr("Save the talk settings"), self.save_talk_settings
        )
        self.talks_message = QLabel(box)
        self.talks_message.setWordWrap(True)
        self.talks_message.setStyleSheet("QLabel { color: #1b5e20; font-weight: bold; }")
        form = QFormLayout(box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("Talks in holiday months"), self.holiday_form)
        form.addRow(self.tr("Days a teacher may correct their own record"), self.edit_days)
        form.addRow(self.save_talks_button)
        form.addRow(self.talks_message)
        for widget in (self.holiday_form, self.edit_days, self.save_talks_button):
            widget.setEnabled(self.can_set_talks)
        if not self.can_set_talks:
            self.talks_message.setText(self.tr("Only the school administrator can change these."))
        return box

    def save_talk_settings(self) -> None:
        """Store the two talk settings (the administrator only) and say so."""
        if not self.can_set_talks:
            return
        try:
            enforce(self._db, self._actor, EDIT_SETTINGS, utcnow)
        except UserError as exc:
            dialogs.show_error(self, exc)
            return
        user = self._actor.username
        self.settings.set(TALK_HOLIDAY_FORM, self.holiday_form.currentData(), user)
        self.settings.set(TALK_EDIT_DAYS, self.edit_days.value(), user)
        self.talks_message.setText(
            self.tr(
                "Saved. Holiday months: {form}; records can be corrected for {days} days."
            ).format(form=self.holiday_form.currentText(), days=self.edit_days.value())
        )

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        """A button that Enter does not press unless it has the focus."""
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def weekday_names(self) -> list[str]:
        return [
            self.tr("Mon"),
            self.tr("Tue"),
            self.tr("Wed"),
            self.tr("Thu"),
            self.tr("Fri"),
            self.tr("Sat"),
            self.tr("Sun"),
        ]

    # --- showing -------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the calendar and the terms again and draw the month."""
        self.message.clear()
        try:
            self.calendar = self.service.calendar()
            terms = self.service.terms(self._actor)
        except UserError as exc:
            self.message.setText(translate_user_error(exc))
            terms = []
        self.terms_model.set_rows(terms)
        self._fill_grid()
        self._update_buttons()

    def show_month(self, month: date) -> None:
        """Show ``month``, keeping the selected day of the month where it exists."""
        selected = self.selected_day()
        self.month = month_start(month)
        self._fill_grid()
        day = selected.day.day if selected else 1
        last = add_months(self.month, 1) - timedelta(days=1)
        self.select_day(self.month.replace(day=min(day, last.day)))

    def previous_month(self) -> None:
        self.show_month(add_months(self.month, -1))

    def next_month(self) -> None:
        self.show_month(add_months(self.month, 1))

    def _fill_grid(self) -> None:
        title = self.tr("{year}, month {month}").format(
            year=self.month.year, month=self.month.month
        )
        self.title.setText(f"<h2>{html.escape(title)}</h2>")
        year = self.month.year
        self.unknown_note.setText(
            self.tr(
                "The official holidays of {year} are not known to this program yet, so only "
                "Saturdays and Sundays count as days off for now. When the official holiday "
                "notice for {year} comes out, the school administrator marks its days off and "
                "make-up school days here."
            ).format(year=year)
        )
        self.unknown_note.setVisible(not self.calendar.official_known(year))
        self.days = {info.day: info for info in self.calendar.month_days(self.month)}
        offset = self.month.weekday()
        self.grid.blockSignals(True)
        self.grid.clearSelection()
        for cell in range(ROWS * COLUMNS):
            day = self.month + timedelta(days=cell - offset)
            info = self.days.get(day)
            self.grid.setItem(cell // COLUMNS, cell % COLUMNS, self._item(info))
        self.grid.blockSignals(False)

    def _item(self, info: DayInfo | None) -> QTableWidgetItem:
        item = QTableWidgetItem()
        if info is None:  # a day of the month before or after
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            item.setBackground(QBrush(QColor(OUTSIDE)))
            return item
        label = self.short_label(info)
        item.setText(f"{info.day.day}\n{label}" if label else str(info.day.day))
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        background, foreground = COLOURS[info.reason]
        item.setBackground(QBrush(QColor(background)))
        item.setForeground(QBrush(QColor(foreground)))
        if info.reason in (SCHOOL_OFF, SCHOOL_WORKDAY):
            font = self.grid.font()
            font.setBold(True)
            font.setUnderline(True)
            item.setFont(font)
        description = self.describe(info)
        item.setToolTip(description)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, description)
        item.setData(Qt.ItemDataRole.UserRole, info.day.isoformat())
        return item

    def short_label(self, info: DayInfo) -> str:
        """The few characters under the day's number ("" for an ordinary school day)."""
        if info.reason == WEEKEND:
            return self.tr("Weekend")
        if info.reason == HOLIDAY:
            return info.note or self.tr("Holiday")
        if info.reason == SCHOOL_OFF:
            note = info.note.strip()
            return note if 0 < len(note) <= SHORT_NOTE else self.tr("Day off")
        if info.reason in (MAKEUP_WORKDAY, SCHOOL_WORKDAY):
            return self.tr("Make-up school day")
        if info.reason == TERM_BREAK:
            if break_kind(self.calendar, info.day) == WINTER:
                return self.tr("Winter holiday")
            return self.tr("Summer holiday")
        return ""

    def describe(self, info: DayInfo) -> str:
        """The day in a sentence: its date, whether there is school, and why."""
        winter = info.reason == TERM_BREAK and break_kind(self.calendar, info.day) == WINTER
        why = {
            WEEKEND: self.tr("No school: weekend."),
            HOLIDAY: self.tr("No school: official holiday ({name})."),
            MAKEUP_WORKDAY: self.tr("School day: official make-up day for {name} (调休)."),
            SCHOOL_OFF: self.tr("No school: day off marked by the school."),
            SCHOOL_WORKDAY: self.tr("School day: make-up school day marked by the school."),
            TERM_BREAK: self.tr("No school: winter holiday.")
            if winter
            else self.tr("No school: summer holiday."),
        }.get(info.reason, self.tr("School day."))
        weekday = self.weekday_names()[info.day.weekday()]
        text = f"{info.day.isoformat()} ({weekday}): {why.format(name=info.note)}"
        if info.reason in (SCHOOL_OFF, SCHOOL_WORKDAY) and info.note:
            text += " " + self.tr("Note: {note}").format(note=info.note)
        return text

    # --- the selected day ----------------------------------------------------------

    def selected_day(self) -> DayInfo | None:
        item = self.grid.currentItem()
        if item is None or not item.isSelected():
            return None
        value = item.data(Qt.ItemDataRole.UserRole)
        return self.days.get(date.fromisoformat(value)) if value else None

    def select_day(self, day: date) -> None:
        """Make ``day`` (of the month shown) the selected cell."""
        cell = (day - self.month).days + self.month.weekday()
        self.grid.setCurrentCell(cell // COLUMNS, cell % COLUMNS)
        self._day_changed()

    def _day_changed(self) -> None:
        info = self.selected_day()
        self.day_detail.setText(
            self.describe(info) if info else self.tr("Choose a day in the calendar.")
        )
        self._update_buttons()

    def _day_activated(self, _index: QModelIndex) -> None:
        """Enter or a double click on a day: mark a school day off, or a day off as a
        school day."""
        info = self.selected_day()
        if info is None or not self.can_edit:
            return
        self.mark(vocab.CALENDAR_OFF if info.school_day else vocab.CALENDAR_WORKDAY)

    def _update_buttons(self) -> None:
        info = self.selected_day()
        for button in (self.mark_off_button, self.mark_workday_button):
            button.setEnabled(self.can_edit and info is not None)
        marked = info is not None and info.reason in (SCHOOL_OFF, SCHOOL_WORKDAY)
        self.unmark_button.setEnabled(self.can_edit and marked)
        self.term_button.setEnabled(self.can_edit)
        self.remove_term_button.setEnabled(self.can_edit and self.selected_term() is not None)

    # --- changing ------------------------------------------------------------------

    def _change(self, call: Callable[[], None], parent: QWidget | None = None) -> bool:
        """Run one service call; on a UserError say so and return False; then redraw."""
        day = self.selected_day()
        try:
            call()
        except UserError as exc:
            dialogs.show_error(parent or self, exc)
            return False
        self.refresh()
        if day is not None:
            self.select_day(day.day)
        return True

    def mark(self, kind: str) -> None:
        """Open the form that marks the selected day as a day off (``off``) or as a
        (make-up) school day (``workday``)."""
        info = self.selected_day()
        if info is None or not self.can_edit:
            return
        if kind == vocab.CALENDAR_OFF:
            title = self.tr("Mark as day off")
            explanation = self.tr(
                "There is no school on {date}: the school's own day off, or a day of the "
                "official holiday notice. Write why in a few words (they show in the calendar)."
            )
        else:
            title = self.tr("Mark as school day (make-up)")
            explanation = self.tr(
                "There is school on {date}, even if it is a weekend or a holiday, for example "
                "a make-up day (调休) of the official holiday notice. Write why in a few words."
            )
        day = info.day
        note = info.note if info.reason in (SCHOOL_OFF, SCHOOL_WORKDAY) else ""

        def save(text: str) -> bool:
            call = lambda: self.service.mark_day(self._actor, day, kind, text)  # noqa: E731
            return self._change(call, self.day_form)

        form = DayForm(title, explanation.format(date=day.isoformat()), note, save, self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.day_form = form
        form.open()

    def unmark(self) -> None:
        """Take the school's mark off the selected day."""
        info = self.selected_day()
        if info is None or not self.can_edit:
            return
        self._change(lambda: self.service.unmark_day(self._actor, info.day))

    def selected_term(self) -> TermView | None:
        rows = self.terms_table.selectionModel().selectedRows()
        return self.terms_model.row_at(rows[0].row()) if rows else None

    def edit_term(self) -> None:
        """Open the term form: the selected term to change, or the next term to enter."""
        if not self.can_edit:
            return
        term = self.selected_term()
        known = self.terms_model.rows
        suggested = next_term_name(known[-1].name) if known else None

        def save(name: str, first: date, last: date) -> bool:
            call = lambda: self.service.save_term(self._actor, name, first, last)  # noqa: E731
            return self._change(call, self.term_form)

        form = TermForm(term, suggested or "", save, self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.term_form = form
        form.open()

    def remove_term(self) -> None:
        """Remove the selected term, after asking."""
        term = self.selected_term()
        if term is None or not self.can_edit:
            return
        question = self.tr(
            "Remove the term {name} ({starts} to {ends})? The holidays before and after it "
            "then count as school days until the term is entered again."
        ).format(name=term.name, starts=term.starts_on.isoformat(), ends=term.ends_on.isoformat())
        if dialogs.ask_yes_no(self, self.tr("Remove term"), question):
            self._change(lambda: self.service.delete_term(self._actor, term.name))

"""The school calendar dialog: the month grid, marking days, terms, read-only for others."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import CalendarDay, SchoolTerm, Setting
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.school_calendar import CalendarService
from liushou_desktop.domain.settings import TALK_EDIT_DAYS, TALK_HOLIDAY_FORM, SettingsService
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.calendar_dialog import CalendarDialog
from liushou_desktop.gui.pages.talks import TalksPage
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
CLASS_TEACHER = Actor("ct", "class_teacher")
OCTOBER = date(2026, 10, 1)


def label(text: str) -> str:
    """A cell label as the dialog shows it in the current language."""
    return QCoreApplication.translate("CalendarDialog", text)


def open_dialog(
    qtbot: Any, db: Database, clock: FakeClock, month: date = OCTOBER, actor: Actor = ADMIN
) -> CalendarDialog:
    dialog = CalendarDialog(db, actor, month, service=CalendarService(db, clock))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def cell_text(dialog: CalendarDialog, day: date) -> str:
    """The text of ``day``'s cell in the grid (the month shown must hold it)."""
    for row in range(dialog.grid.rowCount()):
        for column in range(dialog.grid.columnCount()):
            item = dialog.grid.item(row, column)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == day.isoformat():
                return item.text()
    raise AssertionError(f"{day} is not in the grid")


def marked_days(db: Database) -> dict[date, tuple[str, str, bool]]:
    with db.session_factory() as session:
        return {
            row.day: (row.kind, row.note, row.deleted)
            for row in session.scalars(select(CalendarDay))
        }


def terms(db: Database) -> dict[str, tuple[date, date, bool]]:
    with db.session_factory() as session:
        return {
            row.name: (row.starts_on, row.ends_on, row.deleted)
            for row in session.scalars(select(SchoolTerm))
        }


def test_october_2026_shows_the_national_day_holiday_and_its_make_up_saturday(
    app: Any, qtbot: Any, school_db: Database, clock: FakeClock
) -> None:
    dialog = open_dialog(qtbot, school_db, clock)
    assert dialog.grid.rowCount() == 6 and dialog.grid.columnCount() == 7
    assert dialog.grid.item(0, 3).text().startswith("1\n")  # 1 October 2026 is a Thursday
    assert dialog.grid.item(0, 0).text() == ""  # the days of September are left blank
    for day in range(1, 8):
        assert cell_text(dialog, date(2026, 10, day)) == f"{day}\n国庆节"
        assert not dialog.days[date(2026, 10, day)].school_day
    assert cell_text(dialog, date(2026, 10, 10)) == "10\n" + label("Make-up school day")
    assert dialog.days[date(2026, 10, 10)].school_day
    assert cell_text(dialog, date(2026, 10, 11)) == "11\n" + label("Weekend")
    assert cell_text(dialog, date(2026, 10, 8)) == "8"
    assert not dialog.unknown_note.isVisibleTo(dialog)

    dialog.previous_button.click()  # September: the make-up Sunday before the holiday
    assert dialog.month == date(2026, 9, 1)
    assert cell_text(dialog, date(2026, 9, 20)) == "20\n" + label("Make-up school day")


def test_marking_a_day_off_writes_the_row_and_changes_the_cell(
    app: Any, qtbot: Any, school_db: Database, clock: FakeClock
) -> None:
    dialog = open_dialog(qtbot, school_db, clock)
    dialog.select_day(date(2026, 10, 13))
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Right)  # the arrow keys move the selected day
    info = dialog.selected_day()
    assert info is not None and info.day == date(2026, 10, 14)
    assert cell_text(dialog, date(2026, 10, 14)) == "14"
    assert not dialog.unmark_button.isEnabled()

    dialog.mark_off_button.click()
    form = dialog.day_form
    assert form is not None and form.isVisible()
    form.note.setText("运动会")
    form.accept()
    assert marked_days(school_db) == {date(2026, 10, 14): ("off", "运动会", False)}
    assert cell_text(dialog, date(2026, 10, 14)) == "14\n运动会"
    assert not dialog.days[date(2026, 10, 14)].school_day
    assert dialog.unmark_button.isEnabled()

    dialog.unmark_button.click()
    assert marked_days(school_db)[date(2026, 10, 14)][2] is True
    assert cell_text(dialog, date(2026, 10, 14)) == "14"


def test_a_saturday_marked_as_make_up_school_day_and_a_long_note(
    app: Any, qtbot: Any, school_db: Database, clock: FakeClock
) -> None:
    dialog = open_dialog(qtbot, school_db, clock)
    dialog.select_day(date(2026, 10, 17))
    dialog.mark_workday_button.click()
    assert dialog.day_form is not None
    dialog.day_form.note.setText("补国庆节的课")
    dialog.day_form.accept()
    assert marked_days(school_db) == {date(2026, 10, 17): ("workday", "补国庆节的课", False)}
    assert cell_text(dialog, date(2026, 10, 17)) == "17\n" + label("Make-up school day")
    assert dialog.days[date(2026, 10, 17)].school_day
    assert "补国庆节的课" in dialog.day_detail.text()


def test_a_year_the_library_does_not_know_says_so(
    app: Any, qtbot: Any, school_db: Database, clock: FakeClock
) -> None:
    dialog = open_dialog(qtbot, school_db, clock, month=date(2099, 10, 1))
    assert dialog.unknown_note.isVisibleTo(dialog)
    assert "2099" in dialog.unknown_note.text()
    assert cell_text(dialog, date(2099, 10, 1)) == "1"  # no 国庆节 known for 2099
    assert cell_text(dialog, date(2099, 10, 3)) == "3\n" + label("Weekend")
    dialog.show_month(date(2026, 10, 1))
    assert not dialog.unknown_note.isVisibleTo(dialog)


def test_terms_are_added_through_the_form_and_their_break_is_shown(
    app: Any, qtbot: Any, school_db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_dialog(qtbot, school_db, clock, month=date(2028, 2, 1))
    for name, first, last in (
        ("2027-2028-1", "2027-09-01", "2028-01-21"),
        ("2027-2028-2", "2028-02-21", "2028-07-01"),
    ):
        dialog.terms_table.clearSelection()
        dialog.term_button.click()
        form = dialog.term_form
        assert form is not None and form.isVisible()
        form.name.setText(name)
        form.first_day.setText(first)
        form.last_day.setText(last)
        form.accept()
    assert terms(school_db) == {
        "2027-2028-1": (date(2027, 9, 1), date(2028, 1, 21), False),
        "2027-2028-2": (date(2028, 2, 21), date(2028, 7, 1), False),
    }
    assert [row.name for row in dialog.terms_model.rows] == ["2027-2028-1", "2027-2028-2"]
    assert cell_text(dialog, date(2028, 2, 1)) == "1\n" + label("Winter holiday")
    assert cell_text(dialog, date(2028, 2, 21)) == "21"

    dialog.terms_table.selectRow(0)
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda _p, _t, text: "2027-2028-1" in text)
    dialog.remove_term_button.click()
    assert terms(school_db)["2027-2028-1"][2] is True
    assert cell_text(dialog, date(2028, 2, 1)) == "1"


def test_a_bad_term_name_shows_the_service_message_and_writes_nothing(
    app: Any, qtbot: Any, school_db: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[Exception] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, exc: errors.append(exc))
    dialog = open_dialog(qtbot, school_db, clock)
    dialog.term_button.click()
    form = dialog.term_form
    assert form is not None
    form.name.setText("2026-2028-1")
    form.first_day.setText("2026-09-01")
    form.last_day.setText("2027-01-22")
    form.accept()
    assert len(errors) == 1 and "2026-2028-1" in str(errors[0])
    assert form.isVisible()  # the form stays open to be corrected

    form.name.setText("2026-2027-1")
    form.last_day.setText("22.1.2027")  # a day that cannot be read: said in the form
    form.accept()
    assert len(errors) == 1 and form.message.text()
    assert terms(school_db) == {}


def test_a_class_teacher_sees_the_calendar_but_cannot_change_it(
    app: Any, qtbot: Any, school_db: Database, clock: FakeClock
) -> None:
    DemoService(school_db, clock).add_children(5, "t")
    dialog = open_dialog(qtbot, school_db, clock, actor=CLASS_TEACHER)
    assert dialog.terms_model.rows  # the demo's terms are shown
    dialog.select_day(date(2026, 10, 14))
    assert dialog.selected_day() is not None
    for button in (
        dialog.mark_off_button,
        dialog.mark_workday_button,
        dialog.unmark_button,
        dialog.term_button,
        dialog.remove_term_button,
    ):
        assert not button.isEnabled()
    assert dialog.read_only_note.isVisibleTo(dialog)
    dialog.mark("off")
    dialog.edit_term()
    assert dialog.day_form is None and dialog.term_form is None
    assert marked_days(school_db) == {}


def test_the_talks_page_opens_the_calendar_at_its_month(
    app: Any, qtbot: Any, school_db: Database
) -> None:
    page = TalksPage(school_db, ADMIN, now=lambda: datetime(2026, 10, 20, 1, 0))
    qtbot.addWidget(page)
    page.show()
    page.calendar_button.click()
    dialog = page.findChild(CalendarDialog)
    assert dialog is not None and dialog.isVisible() and dialog.month == OCTOBER
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    dialog.close()


def test_the_keyboard_alone_marks_a_day_and_turns_the_months(
    app: Any, qtbot: Any, school_db: Database, clock: FakeClock
) -> None:
    dialog = open_dialog(qtbot, school_db, clock)
    dialog.activateWindow()
    QApplication.processEvents()
    dialog.select_day(date(2026, 10, 13))
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Down)  # a week later
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Return)  # a school day: the day-off form
    form = dialog.day_form
    assert form is not None and form.isVisible() and not marked_days(school_db)
    form.note.setText("家长会")
    qtbot.keyClick(form.note, Qt.Key.Key_Return)
    assert marked_days(school_db) == {date(2026, 10, 20): ("off", "家长会", False)}
    assert cell_text(dialog, date(2026, 10, 20)) == "20\n家长会"

    dialog.activateWindow()
    QApplication.processEvents()
    qtbot.keyClick(dialog.grid, Qt.Key.Key_PageDown)
    assert dialog.month == date(2026, 11, 1)
    info = dialog.selected_day()
    assert info is not None and info.day == date(2026, 11, 20)  # the same day of the month
    qtbot.keyClick(dialog.grid, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def stored_settings(db: Database) -> dict[str, Any]:
    with db.session_factory() as session:
        return {row.key: row.value for row in session.scalars(select(Setting))}


def test_the_administrator_sets_the_talk_settings(
    app: Any, qtbot: Any, school_db: Database, clock: FakeClock
) -> None:
    dialog = open_dialog(qtbot, school_db, clock)
    assert dialog.holiday_form.currentData() == "phone"  # the defaults
    assert dialog.edit_days.value() == 7
    assert TALK_HOLIDAY_FORM not in stored_settings(school_db)
    dialog.holiday_form.setCurrentIndex(dialog.holiday_form.findData("home_visit"))
    dialog.edit_days.setValue(30)
    qtbot.mouseClick(dialog.save_talks_button, Qt.MouseButton.LeftButton)
    stored = stored_settings(school_db)
    assert stored[TALK_HOLIDAY_FORM] == "home_visit" and stored[TALK_EDIT_DAYS] == 30
    assert SettingsService(school_db).get(TALK_EDIT_DAYS) == 30
    assert "30" in dialog.talks_message.text()
    assert dialog.edit_days.maximum() == 365 and dialog.edit_days.minimum() == 0

    dialog.holiday_form.setCurrentIndex(dialog.holiday_form.findData("none"))
    dialog.edit_days.setValue(0)
    dialog.save_talks_button.click()
    assert stored_settings(school_db) == {TALK_HOLIDAY_FORM: "none", TALK_EDIT_DAYS: 0}
    again = open_dialog(qtbot, school_db, clock)  # shows what is stored
    assert again.holiday_form.currentData() == "none" and again.edit_days.value() == 0


def test_a_class_teacher_cannot_change_the_talk_settings(
    app: Any, qtbot: Any, school_db: Database, clock: FakeClock
) -> None:
    dialog = open_dialog(qtbot, school_db, clock, actor=CLASS_TEACHER)
    for widget in (dialog.holiday_form, dialog.edit_days, dialog.save_talks_button):
        assert not widget.isEnabled()
    only_admin = QCoreApplication.translate(
        "CalendarDialog", "Only the school administrator can change these."
    )
    assert dialog.talks_message.text() == only_admin
    dialog.holiday_form.setCurrentIndex(dialog.holiday_form.findData("none"))
    dialog.edit_days.setValue(100)
    dialog.save_talk_settings()  # even called directly, nothing is stored
    assert stored_settings(school_db) == {}

"""The activities page: the term chooser, planning from a template, the month grid and its
keys, the agenda, and who may add."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Activity, Child, SchoolTerm, Teacher
from liushou_desktop.domain import vocab
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.activity_dialog import ActivityDialog
from liushou_desktop.gui.activity_month import DAY_ROLE, MonthGrid
from liushou_desktop.gui.activity_plan_dialog import PlanDialog
from liushou_desktop.gui.pages.activities import ActivitiesPage
from tests.helpers import FakeClock

TODAY = date(2026, 11, 2)  # the clock fixture's day


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(40, "t")
    return school_db


@pytest.fixture
def admin(demo_db: Database) -> Actor:
    return AccountService(demo_db).sign_in("admin", "correct horse").actor()


def page_for(qtbot: Any, db: Database, actor: Actor) -> ActivitiesPage:
    page = ActivitiesPage(db, actor, now=lambda: datetime.combine(TODAY, time(1)))
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def activities(db: Database, term_name: str) -> list[Activity]:
    with db.session_factory() as session:
        term_id = session.scalars(select(SchoolTerm.id).where(SchoolTerm.name == term_name)).one()
        return list(
            session.scalars(
                select(Activity).where(Activity.term_id == term_id, Activity.deleted.is_(False))
            )
        )


def shown_ids(grid: MonthGrid, day: date) -> set[str]:
    """The ids of the activities the grid's cell of ``day`` holds."""
    first = grid.first_shown()
    n = (day - first).days
    item = grid.grid.item(n // 7, n % 7)
    assert item is not None
    cell = item.data(DAY_ROLE)
    assert cell.day == day
    return {row.id for row in cell.activities}


def test_the_term_holding_today_is_chosen_and_its_month_shown(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    page = page_for(qtbot, demo_db, admin)
    assert page.term_choice.currentText() == "2026-2027-1"
    assert [t.name for t in page.terms][:1] == ["2025-2026-2"]
    assert page.month.month == date(2026, 11, 1) and page.month.selected_day == TODAY
    assert not page.no_terms.isVisible()
    planned = activities(demo_db, "2026-2027-1")
    assert planned  # the demo planned the term
    assert len(page.agenda_model.rows) == len(planned)
    assert {r.id for r in page.agenda_model.rows} == {a.id for a in planned}


def test_planning_from_the_dialog_fills_the_grid(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    page = page_for(qtbot, demo_db, admin)
    page.term_choice.setCurrentIndex(page.term_choice.findData("2026-2027-2"))
    assert page.month.month == date(2027, 2, 1)  # the term's first month
    assert activities(demo_db, "2026-2027-2") == []
    page.plan_button.click()
    dialog = page.dialog
    assert isinstance(dialog, PlanDialog) and dialog.half == "spring"
    assert "spring" in dialog.preview.text() or "春" in dialog.preview.text()
    assert dialog.plan()
    made = activities(demo_db, "2026-2027-2")
    assert made and dialog.result.created == len(made)
    assert str(len(made)) in dialog.outcome.text()
    assert dialog.plan()  # again: nothing new
    assert dialog.result.created == 0 and dialog.result.kept == len(made)
    assert len(activities(demo_db, "2026-2027-2")) == len(made)
    dialog.accept()
    # The grid and the agenda show them.
    assert {r.id for r in page.agenda_model.rows} == {a.id for a in made}
    april = [a for a in made if a.starts_on.month == 4]
    assert april
    page.month.show_month(date(2027, 4, 1))
    for activity in april:
        assert activity.id in shown_ids(page.month, activity.starts_on)
        assert activity.id in shown_ids(page.month, activity.ends_on)


def test_september_of_the_planned_term_shows_every_activity_on_its_days(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    page = page_for(qtbot, demo_db, admin)
    grid = page.month
    grid.grid.setFocus()
    qtbot.keyClick(grid.grid, Qt.Key.Key_PageUp)
    qtbot.keyClick(grid.grid, Qt.Key.Key_PageUp)
    assert grid.month == date(2026, 9, 1) and grid.selected_day == date(2026, 9, 2)
    september = [a for a in activities(demo_db, "2026-2027-1") if a.starts_on <= date(2026, 9, 30)]
    assert september
    for activity in september:
        day = activity.starts_on
        while day <= min(activity.ends_on, date(2026, 9, 30)):
            assert activity.id in shown_ids(grid, day)
            day += timedelta(days=1)
    # The mid-autumn festival (2026-09-25) and the national day holiday are marked.
    assert grid.cells[date(2026, 9, 25)].festival
    assert grid.cells[date(2026, 10, 1)].mark  # 国庆节, shown after the month


def test_the_keys_move_the_day_and_enter_opens_its_first_activity(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    page = page_for(qtbot, demo_db, admin)
    grid = page.month
    grid.grid.setFocus()
    qtbot.keyClick(grid.grid, Qt.Key.Key_Right)
    assert grid.selected_day == date(2026, 11, 3)
    qtbot.keyClick(grid.grid, Qt.Key.Key_Down)
    assert grid.selected_day == date(2026, 11, 10)
    qtbot.keyClick(grid.grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid.grid, Qt.Key.Key_Up)
    assert grid.selected_day == date(2026, 10, 27) and grid.month == date(2026, 10, 1)
    qtbot.keyClick(grid.grid, Qt.Key.Key_PageDown)
    assert grid.month == date(2026, 11, 1) and grid.selected_day == date(2026, 11, 27)
    row, column = grid.grid.currentRow(), grid.grid.currentColumn()
    assert grid.first_shown() + timedelta(days=row * 7 + column) == date(2026, 11, 27)
    # Enter on a day with activities opens the first of them.
    busy = next(
        day for day, cell in sorted(grid.cells.items()) if cell.activities and cell.in_month
    )
    grid.select_day(busy)
    assert grid.day_list.count() == len(grid.cells[busy].activities)
    qtbot.keyClick(grid.grid, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, ActivityDialog)
    assert dialog.activity_id == grid.cells[busy].activities[0].id
    dialog.reject()


def test_the_agenda_filters_by_kind_and_opens_with_enter(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    page = page_for(qtbot, demo_db, admin)
    page.tabs.setCurrentIndex(1)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("safety"))
    rows = page.agenda_model.rows
    expected = [a for a in activities(demo_db, "2026-2027-1") if a.kind == "safety"]
    assert rows and {r.id for r in rows} == {a.id for a in expected}
    page.agenda.setFocus()
    page.agenda.setCurrentIndex(page.agenda_model.index(0, 0))
    qtbot.keyClick(page.agenda, Qt.Key.Key_Return)
    assert isinstance(page.dialog, ActivityDialog)
    assert page.dialog.activity_id == rows[0].id
    page.dialog.reject()


def mentor_with_children(db: Database, admin: Actor) -> tuple[Actor, list[str]]:
    """An account for one of the demo's mentors, and the ids of their children."""
    with db.session_factory() as session:
        teacher_id, name = session.execute(
            select(Teacher.id, Teacher.name)
            .join(Child, Child.mentor_id == Teacher.id)
            .order_by(Teacher.name)
            .limit(1)
        ).one()
        mine = list(session.scalars(select(Child.id).where(Child.mentor_id == teacher_id)))
    AccountService(db).create_account(admin, "mentor1", name, "mentor", (), "password-mt")
    actor = AccountService(db).sign_in("mentor1", "password-mt").actor()
    assert actor.teacher_id == teacher_id
    return actor, mine


def test_a_mentor_sees_the_plan_but_cannot_add_or_plan(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    mentor, _mine = mentor_with_children(demo_db, admin)
    page = page_for(qtbot, demo_db, mentor)
    assert not page.add_button.isVisible() and not page.plan_button.isVisible()
    assert not page.template_button.isVisible()
    assert page.print_button.isVisible() and page.export_button.isVisible()
    before = len(activities(demo_db, "2026-2027-1"))
    page.open_new(TODAY)
    page.open_plan()
    assert page.dialog is None
    empty = next(day for day, cell in page.month.cells.items() if not cell.activities)
    page.month.day_activated.emit(empty)  # a double-click on an empty day
    assert page.dialog is None
    assert len(activities(demo_db, "2026-2027-1")) == before
    assert page.agenda_model.rows


def test_without_terms_the_page_says_to_enter_them_in_the_calendar(
    app: Any, qtbot: Any, school_db: Database
) -> None:
    admin = AccountService(school_db).sign_in("admin", "correct horse").actor()
    page = page_for(qtbot, school_db, admin)
    assert page.no_terms.isVisible() and "校历" in page.no_terms.text()
    assert page.calendar_button.isVisible()
    assert not page.add_button.isEnabled() and not page.plan_button.isEnabled()
    assert page.agenda_model.rows == []


def test_exporting_the_term_plan_writes_a_workbook(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, tmp_path: Any, monkeypatch: Any
) -> None:
    from openpyxl import load_workbook

    said: list[str] = []
    out = tmp_path / "plan"
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_a: out)
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: said.append(text))
    page = page_for(qtbot, demo_db, admin)
    page.export_button.click()
    written = out.with_suffix(".xlsx")
    assert written.exists() and said
    sheet = load_workbook(written).active
    assert sheet is not None
    titles = {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
    planned = activities(demo_db, "2026-2027-1")
    assert {a.title for a in planned} <= titles
    assert str(len(planned)) in said[0]


def test_a_cancelled_activity_is_kept_and_marked(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, monkeypatch: Any
) -> None:
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_a: True)
    page = page_for(qtbot, demo_db, admin)
    row = next(r for r in page.agenda_model.rows if r.status == vocab.ACTIVITY_PLANNED)
    page.open_activity(row.id)
    dialog = page.dialog
    assert isinstance(dialog, ActivityDialog) and dialog.cancel_button.isVisible()
    dialog.cancel_button.click()
    with demo_db.session_factory() as session:
        stored = session.get(Activity, row.id)
        assert stored is not None and stored.status == vocab.ACTIVITY_CANCELLED
    shown = next(r for r in page.agenda_model.rows if r.id == row.id)
    assert shown.status == vocab.ACTIVITY_CANCELLED


def test_a_double_click_opens_the_activity_under_the_mouse(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    page = page_for(qtbot, demo_db, admin)
    grid = page.month
    grid.show_month(date(2026, 9, 1))
    busy = next(
        day
        for day, cell in sorted(grid.cells.items())
        if len(cell.activities) >= 2 and cell.in_month
    )
    n = (busy - grid.first_shown()).days
    rect = grid.grid.visualRect(grid.grid.model().index(n // 7, n % 7))
    font = grid.grid.font()
    second = (
        rect.top() + 2 + grid.delegate.line_height(font) + grid.delegate.chip_height(font) * 3 // 2
    )
    point = QPoint(rect.left() + 20, second)  # on the second title of the day
    qtbot.mouseDClick(grid.grid.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert grid.selected_day == busy
    dialog = page.dialog
    assert isinstance(dialog, ActivityDialog)
    assert dialog.activity_id == grid.cells[busy].activities[1].id
    dialog.reject()


def test_printing_the_term_plan_and_a_sign_in_sheet_makes_pdfs(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, tmp_path: Any, monkeypatch: Any
) -> None:
    from liushou_desktop.gui import document_preview

    asked: list[tuple[str, Any]] = []
    monkeypatch.setattr(
        document_preview,
        "preview_and_print",
        lambda _p, title, _stem, make, **_kw: asked.append((title, make)),
    )
    page = page_for(qtbot, demo_db, admin)
    page.print_button.click()
    meeting = next(r for r in page.agenda_model.rows if r.kind == "guardian_meeting")
    page.open_activity(meeting.id)
    dialog = page.dialog
    assert isinstance(dialog, ActivityDialog) and not dialog.sign_in_button.isHidden()
    dialog.sign_in_button.click()
    assert len(asked) == 2 and "2026-2027-1" in asked[0][0]
    for n, (_title, make) in enumerate(asked):
        out = tmp_path / f"{n}.pdf"
        make(out, False)
        assert out.read_bytes().startswith(b"%PDF")
    dialog.reject()

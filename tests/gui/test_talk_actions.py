"""The talks page's actions: move and swap a planned talk from the row's menu, follow up
and close concerns, export the month to Excel — each checked in the database."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Concern, ConcernFollowUp, Talk
from liushou_desktop.domain import vocab
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.talk_plan import TalkPlanService
from liushou_desktop.domain.talks import TalkRow, TalkService
from liushou_desktop.gui import dialogs, talk_actions
from liushou_desktop.gui.pages.talks import TalksPage
from liushou_desktop.gui.talk_actions import (
    ConcernsDialog,
    DayChoiceDialog,
    PartnerChoiceDialog,
    export_month,
    open_concerns_dialog,
    row_menu,
)
from tests.helpers import FakeClock

NOVEMBER = date(2026, 11, 1)
TODAY = date(2026, 11, 20)
CLOCK_DAY = date(2026, 11, 2)  # the fixtures' clock; a day before the real one


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(30, "t")
    return school_db


@pytest.fixture
def admin(demo_db: Database) -> Actor:
    return AccountService(demo_db).sign_in("admin", "correct horse").actor()


@pytest.fixture
def inspector(demo_db: Database, admin: Actor) -> Actor:
    AccountService(demo_db).create_account(admin, "insp", "督查", "inspector", (), "password-in")
    return AccountService(demo_db).sign_in("insp", "password-in").actor()


@pytest.fixture
def planned(demo_db: Database, admin: Actor, clock: FakeClock) -> list[TalkRow]:
    """November planned; the month's list."""
    TalkPlanService(demo_db, clock).plan_month(admin, NOVEMBER)
    return TalkService(demo_db).month_list(admin, NOVEMBER, TODAY)


@pytest.fixture
def host(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def planned_on(db: Database, talk_id: str) -> date | None:
    with db.session_factory() as session:
        talk = session.get(Talk, talk_id)
        assert talk is not None
        return talk.planned_on


def action(menu: Any, name: str) -> Any:
    [found] = [a for a in menu.actions() if a.objectName() == name]
    return found


# --- move and swap ------------------------------------------------------------------------


def test_moving_a_planned_talk_through_the_menu_changes_its_day(
    app: Any,
    host: QWidget,
    demo_db: Database,
    admin: Actor,
    planned: list[TalkRow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = next(r for r in planned if r.status == vocab.TALK_PLANNED)
    offered: list[list[date]] = []

    def choose(_parent: Any, chosen_row: TalkRow, days: list[date]) -> date:
        assert chosen_row == row
        offered.append(days)
        return next(d for d in reversed(days) if d != row.planned_on)

    monkeypatch.setattr(talk_actions, "choose_day", choose)
    menu = row_menu(host, demo_db, admin, row, planned)
    assert menu is not None
    action(menu, "talkMoveAction").trigger()
    [days] = offered
    assert days and all(d.month == 11 and d.weekday() < 5 for d in days)
    assert row.talk_id is not None
    assert planned_on(demo_db, row.talk_id) == days[-1] != row.planned_on


def test_a_day_the_talk_cannot_move_to_is_explained_and_nothing_changes(
    app: Any,
    host: QWidget,
    demo_db: Database,
    admin: Actor,
    planned: list[TalkRow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = next(r for r in planned if r.status == vocab.TALK_PLANNED)
    errors: list[Exception] = []
    monkeypatch.setattr(talk_actions, "choose_day", lambda *_a: date(2026, 11, 21))  # Saturday
    monkeypatch.setattr(dialogs, "show_error", lambda _p, exc: errors.append(exc))
    menu = row_menu(host, demo_db, admin, row, planned)
    assert menu is not None
    action(menu, "talkMoveAction").trigger()
    assert len(errors) == 1
    assert row.talk_id is not None and planned_on(demo_db, row.talk_id) == row.planned_on


def test_swapping_exchanges_the_two_days(
    app: Any,
    host: QWidget,
    demo_db: Database,
    admin: Actor,
    planned: list[TalkRow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = next(r for r in planned if r.status == vocab.TALK_PLANNED)
    offered: list[list[TalkRow]] = []

    def choose(_parent: Any, _row: TalkRow, candidates: list[TalkRow]) -> TalkRow:
        offered.append(candidates)
        return candidates[-1]

    monkeypatch.setattr(talk_actions, "choose_partner", choose)
    menu = row_menu(host, demo_db, admin, row, planned)
    assert menu is not None and action(menu, "talkSwapAction").isEnabled()
    action(menu, "talkSwapAction").trigger()
    [candidates] = offered
    assert all(c.status == vocab.TALK_PLANNED and c.talk_id != row.talk_id for c in candidates)
    assert all(c.planned_on and c.planned_on != row.planned_on for c in candidates)
    other = candidates[-1]
    assert row.talk_id and other.talk_id
    assert planned_on(demo_db, row.talk_id) == other.planned_on
    assert planned_on(demo_db, other.talk_id) == row.planned_on


def test_no_menu_for_a_held_talk_nor_for_an_inspector(
    app: Any,
    host: QWidget,
    demo_db: Database,
    admin: Actor,
    inspector: Actor,
    planned: list[TalkRow],
    clock: FakeClock,
) -> None:
    october = TalkService(demo_db).month_list(admin, date(2026, 10, 1), TODAY)
    held = next(r for r in october if r.status == vocab.TALK_DONE)
    assert row_menu(host, demo_db, admin, held, october) is None
    row = next(r for r in planned if r.status == vocab.TALK_PLANNED)
    assert row_menu(host, demo_db, inspector, row, planned) is None
    assert row_menu(host, demo_db, admin, row, planned) is not None


def test_the_day_dialog_starts_after_the_planned_day_and_enter_chooses(
    app: Any, qtbot: Any, host: QWidget, planned: list[TalkRow]
) -> None:
    row = next(r for r in planned if r.status == vocab.TALK_PLANNED and r.planned_on)
    assert row.planned_on is not None
    days = [date(2026, 11, d) for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 16)]
    row = TalkRow(**{**row.__dict__, "planned_on": date(2026, 11, 4)})
    dialog = DayChoiceDialog(row, days, host)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.days.count() == len(days)
    assert dialog.chosen() == date(2026, 11, 5)
    qtbot.keyClick(dialog.days, Qt.Key.Key_Down)
    assert dialog.chosen() == date(2026, 11, 6)
    qtbot.keyClick(dialog.days, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def test_the_swap_dialog_finds_a_talk_by_name(
    app: Any, qtbot: Any, host: QWidget, planned: list[TalkRow]
) -> None:
    row = next(r for r in planned if r.status == vocab.TALK_PLANNED)
    candidates = talk_actions._swap_candidates(row, planned)
    assert len(candidates) > 2
    wanted = candidates[2]
    dialog = PartnerChoiceDialog(row, candidates, host)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.chosen() == candidates[0]
    dialog.search.setText(wanted.child_name)
    assert dialog.chosen() is not None and dialog.chosen().child_name == wanted.child_name  # type: ignore[union-attr]
    shown = [dialog.talks.item(i) for i in range(dialog.talks.count())]
    assert all(wanted.child_name in item.text() for item in shown if not item.isHidden())
    dialog.search.setText("没有这个名字")
    assert dialog.chosen() is None


# --- concerns ---------------------------------------------------------------------------------


def open_concerns(db: Database) -> list[Concern]:
    with db.session_factory() as session:
        return list(
            session.scalars(
                select(Concern).where(Concern.closed_on.is_(None), Concern.deleted.is_(False))
            )
        )


def follow_ups(db: Database, concern_id: str) -> list[ConcernFollowUp]:
    with db.session_factory() as session:
        return list(
            session.scalars(select(ConcernFollowUp).where(ConcernFollowUp.concern_id == concern_id))
        )


def concerns_dialog(qtbot: Any, host: QWidget, db: Database, actor: Actor) -> ConcernsDialog:
    dialog = open_concerns_dialog(host, db, actor, today=lambda: CLOCK_DAY)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, ConcernsDialog) and dialog.isVisible()
    assert dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return dialog


def test_a_follow_up_is_added_through_the_dialog(
    app: Any, qtbot: Any, host: QWidget, demo_db: Database, admin: Actor
) -> None:
    concerns = open_concerns(demo_db)
    assert concerns
    dialog = concerns_dialog(qtbot, host, demo_db, admin)
    assert len(dialog.model.rows) == len(concerns)
    view = dialog.model.rows[-1]
    dialog.select(view.concern_id)
    assert dialog.current() == view
    assert dialog.plan.toPlainText() == (view.plan or dialog.plan.toPlainText())
    before = len(follow_ups(demo_db, view.concern_id))
    dialog.follow_up_button.click()
    follow = dialog.follow_up_dialog
    assert follow is not None and follow.isVisible()
    follow.accept()  # no note: refused in plain words, the dialog stays
    assert follow.error.text() and follow.isVisible()
    follow.day.setText(CLOCK_DAY.isoformat())
    follow.note.setPlainText("与奶奶电话沟通，孩子情绪好转")
    follow.activateWindow()  # shortcuts such as Ctrl+Enter act in the active window
    qtbot.waitUntil(follow.isActiveWindow)
    follow.note.setFocus()
    qtbot.keyClick(follow.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not follow.isVisible(), follow.error.text()
    notes = follow_ups(demo_db, view.concern_id)
    assert len(notes) == before + 1
    assert any(n.note == "与奶奶电话沟通，孩子情绪好转" and n.on == CLOCK_DAY for n in notes)
    shown = next(r for r in dialog.model.rows if r.concern_id == view.concern_id)
    assert shown.follow_ups == before + 1 and shown.last_follow_up is not None
    assert dialog.current() == shown


def test_closing_a_concern_asks_first_and_writes_the_day(
    app: Any,
    qtbot: Any,
    host: QWidget,
    demo_db: Database,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = [False, True]
    asked: list[str] = []

    def ask(_parent: Any, _title: str, text: str) -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(dialogs, "ask_yes_no", ask)
    dialog = concerns_dialog(qtbot, host, demo_db, admin)
    view = dialog.model.rows[0]
    dialog.select(view.concern_id)
    dialog.close_concern_button.click()  # "no": nothing changes
    assert len(open_concerns(demo_db)) == len(dialog.model.rows)
    dialog.close_concern_button.click()
    assert len(asked) == 2 and view.child_name in asked[0]
    with demo_db.session_factory() as session:
        closed = session.get(Concern, view.concern_id)
        assert closed is not None and closed.closed_on == CLOCK_DAY
    assert view.concern_id not in [r.concern_id for r in dialog.model.rows]


def test_an_inspector_sees_the_concerns_but_neither_plans_nor_buttons(
    app: Any, qtbot: Any, host: QWidget, demo_db: Database, inspector: Actor
) -> None:
    dialog = concerns_dialog(qtbot, host, demo_db, inspector)
    assert dialog.model.rows
    assert not dialog.plan.isVisible() and not dialog.follow_up_button.isVisible()
    assert not dialog.close_concern_button.isVisible()


# --- export -------------------------------------------------------------------------------------


def test_export_month_writes_the_workbook_where_the_user_chose(
    app: Any,
    host: QWidget,
    demo_db: Database,
    admin: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    said: list[str] = []
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_a: tmp_path / "十月谈心")
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: said.append(text))
    written = export_month(host, demo_db, admin, date(2026, 10, 1), today=TODAY)
    assert written == tmp_path / "十月谈心.xlsx" and written.exists()
    assert said and str(written) in said[0]
    workbook = load_workbook(written, read_only=True)
    try:
        assert workbook.sheetnames == ["谈心记录", "完成情况"]
    finally:
        workbook.close()
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_a: None)
    assert export_month(host, demo_db, admin, date(2026, 10, 1)) is None
    assert len(said) == 1


def test_the_pages_export_button_writes_the_file(
    app: Any,
    qtbot: Any,
    demo_db: Database,
    admin: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = tmp_path / "page.xlsx"
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_a: target)
    monkeypatch.setattr(dialogs, "show_info", lambda *_a: None)
    page = TalksPage(demo_db, admin, now=lambda: datetime.combine(TODAY, time(1)))
    qtbot.addWidget(page)
    page.export_button.click()
    assert target.exists()
    page.concerns_button.click()
    dialog = page.findChild(ConcernsDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()

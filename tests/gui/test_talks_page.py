"""The talks page: plan the month, see who is late, type in record cards by keyboard only."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Talk
from liushou_desktop.domain import vocab
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.pages.talks import TalksPage
from liushou_desktop.gui.talk_entry import TalkEntryDialog
from tests.helpers import FakeClock

TODAY = date(2026, 11, 20)


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(30, "t")
    return school_db


@pytest.fixture
def admin(demo_db: Database) -> Actor:
    return AccountService(demo_db).sign_in("admin", "correct horse").actor()


def talks(db: Database, month: str) -> list[Talk]:
    with db.session_factory() as session:
        return list(
            session.scalars(select(Talk).where(Talk.month == month, Talk.deleted.is_(False)))
        )


def page_for(qtbot: Any, db: Database, actor: Actor) -> TalksPage:
    page = TalksPage(db, actor, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    return page


def test_planning_the_month_gives_every_child_a_day(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _parent, _title, text: said.append(text))
    page = page_for(qtbot, demo_db, admin)
    assert page.plan_button.isVisible() and page.entry_button.isVisible()
    page.plan_button.click()
    rows = page.model.rows
    assert rows and all(r.status in (vocab.TALK_PLANNED, vocab.TALK_DONE) for r in rows)
    assert all(r.planned_on and r.planned_on.month == 11 for r in rows if r.status == "planned")
    planned = [t for t in talks(demo_db, "2026-11") if t.status == vocab.TALK_PLANNED]
    assert said and str(len(planned)) in said[0]
    late = [r for r in rows if r.overdue]
    assert all(r.planned_on < TODAY for r in late)  # type: ignore[operator]
    assert f"{len(late)}" in page.figures.text()
    if late:  # the late rows are marked
        index = page.model.index(rows.index(late[0]), 0)
        assert page.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None


def test_a_stack_of_cards_is_typed_in_with_the_keyboard_only(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "show_info", lambda *_a: None)
    page = page_for(qtbot, demo_db, admin)
    page.plan_button.click()
    open_rows = [r for r in page.model.rows if r.status != vocab.TALK_DONE]
    page.open_entry()
    dialog = page.entry_dialog
    assert isinstance(dialog, TalkEntryDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()  # shortcuts such as Ctrl+Enter act in the active window
    qtbot.waitUntil(dialog.isActiveWindow)
    first, second = open_rows[0], open_rows[1]
    assert first.child_name in dialog.who.text()
    dialog.held_on.setFocus()
    dialog.held_on.selectAll()
    qtbot.keyClicks(dialog.held_on, "2026-11-18")
    qtbot.keyClick(dialog.held_on, Qt.Key.Key_Tab)  # to the form
    qtbot.keyClick(dialog.form_combo, Qt.Key.Key_Down)  # 2 电话
    dialog.condition.setFocus()
    # Chinese arrives from the input method as committed text, not as key presses.
    dialog.condition.insertPlainText("学习认真，想念在外打工的妈妈")
    qtbot.keyClick(dialog.condition, Qt.Key.Key_Tab)  # Tab leaves the text box
    assert dialog.focusWidget() is dialog.problems
    dialog.problems.insertPlainText("作业偶尔拖拉")
    qtbot.keyClick(dialog.problems, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.saved_count == 1, dialog.error.text()
    assert second.child_name in dialog.who.text()  # the next card is up
    done = [t for t in talks(demo_db, "2026-11") if t.status == vocab.TALK_DONE]
    [record] = [t for t in done if t.child_id == first.child_id]
    assert record.held_on == date(2026, 11, 18) and record.form == "phone"
    assert record.condition == "学习认真，想念在外打工的妈妈" and record.problems == "作业偶尔拖拉"
    assert record.author == "admin"
    dialog.accept()
    assert any(r.child_id == first.child_id and r.status == "done" for r in page.model.rows)


def test_a_bad_date_is_explained_and_nothing_is_saved(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dialogs, "show_info", lambda *_a: None)
    page = page_for(qtbot, demo_db, admin)
    page.plan_button.click()
    page.open_entry()
    dialog = page.entry_dialog
    shown = dialog.who.text()
    before = talks(demo_db, "2026-11")
    dialog.held_on.setText("明天")
    dialog.condition.setPlainText("很好")
    assert dialog.save_and_next() is False
    assert dialog.error.text() and dialog.who.text() == shown
    dialog.held_on.setText("2026-12-30")  # in the future
    dialog.error.clear()
    assert dialog.save_and_next() is False and dialog.error.text()
    after = talks(demo_db, "2026-11")
    assert sorted((t.id, t.status) for t in after) == sorted((t.id, t.status) for t in before)


def test_an_inspector_sees_the_figures_but_cannot_plan_or_record(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    AccountService(demo_db).create_account(admin, "insp", "督查", "inspector", (), "password-in")
    inspector = AccountService(demo_db).sign_in("insp", "password-in").actor()
    page = page_for(qtbot, demo_db, inspector)
    assert not page.plan_button.isVisible() and not page.entry_button.isVisible()
    assert page.model.rows and "30" in page.figures.text()


def test_the_home_page_shows_this_weeks_talks(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liushou_desktop.domain.children import ChildrenService
    from liushou_desktop.domain.talk_status import TalkStatusService
    from liushou_desktop.gui.pages.home import HomePage

    monkeypatch.setattr(dialogs, "show_info", lambda *_a: None)
    page_for(qtbot, demo_db, admin).plan_button.click()
    opened: list[str] = []
    home = HomePage(
        ChildrenService(demo_db),
        admin,
        "阳光小学",
        lambda: None,
        talk_figures=lambda: TalkStatusService(demo_db).home(admin, TODAY),
        open_talks=lambda: opened.append("talks"),
    )
    qtbot.addWidget(home)
    planned = [t for t in talks(demo_db, "2026-11") if t.status == vocab.TALK_PLANNED]
    week = [t for t in planned if TODAY <= t.planned_on <= date(2026, 11, 22)]  # type: ignore[operator]
    late = [t for t in planned if t.planned_on < TODAY]  # type: ignore[operator]
    assert week or late
    assert f">{len(week)}<" in home.due.value.text()
    assert f">{len(late)}<" in home.overdue.value.text()
    home.findChild(QPushButton, "homeOpenTalks").click()  # type: ignore[union-attr]
    assert opened == ["talks"]


def test_the_completion_chart_shows_each_classs_rate_by_month(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    from liushou_desktop.db.models import Child, SchoolClass

    page = page_for(qtbot, demo_db, admin)
    view = page.completion
    assert [f"{m:%Y-%m}" for m in view.months] == [
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-09",
        "2026-10",
        "2026-11",
    ]
    with demo_db.session_factory() as session:
        rows = session.execute(
            select(SchoolClass.name, Child.id)
            .join(SchoolClass, Child.class_id == SchoolClass.id)
            .where(Child.status == "active", Child.deleted.is_(False))
        ).all()
    done_october = {t.child_id for t in talks(demo_db, "2026-10") if t.status == vocab.TALK_DONE}
    shown = {r[0]: r[1] for r in view.model.rows}
    assert set(shown) == {name for name, _ in rows}
    for name in shown:
        ids = [cid for klass, cid in rows if klass == name]
        expected = sum(cid in done_october for cid in ids) / len(ids)
        assert shown[name][4] == pytest.approx(expected)  # October is the fifth column
        cell = view.model.index(list(shown).index(name), 5)
        assert view.model.data(cell) == f"{round(expected * 100)}%"
    done_november = {t.child_id for t in talks(demo_db, "2026-11") if t.status == vocab.TALK_DONE}
    silent = [cid for _klass, cid in rows if cid not in done_october | done_november]
    assert silent  # the demo leaves about a tenth of the children without a talk
    assert re.search(rf"(?<!\d){len(silent)}(?!\d)", view.silent_title.text())  # any language

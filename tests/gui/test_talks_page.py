"""The talks page: plan the month, see who is late, type in record cards by keyboard only."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
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
    page = TalksPage(db, actor, now=lambda: datetime.combine(TODAY, time(1)))
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


def held_row(page: TalksPage) -> int:
    """The index in the page's list of the first held talk."""
    for number, row in enumerate(page.model.rows):
        if row.status == vocab.TALK_DONE and row.talk_id:
            return number
    raise AssertionError("no held talk in the list")


def double_click(qtbot: Any, page: TalksPage, number: int) -> None:
    index = page.model.index(number, 0)
    page.table.scrollTo(index)
    page.tabs.setCurrentWidget(page.table)
    centre = page.table.visualRect(index).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def test_a_held_talk_is_corrected_in_its_filled_in_card(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    page = page_for(qtbot, demo_db, admin)
    page.show_month(date(2026, 10, 1))  # the demo's October is mostly held
    number = held_row(page)
    row = page.model.rows[number]
    with demo_db.session_factory() as session:
        before = session.get(Talk, row.talk_id)
        assert before is not None
        stored = (before.held_on, before.form, before.condition, before.topics, before.author)
    double_click(qtbot, page, number)
    dialog = page.entry_dialog
    assert isinstance(dialog, TalkEntryDialog) and dialog.editing
    assert not dialog.skip_button.isVisible()
    # The card shows the stored record.
    assert dialog.held_on.text() == stored[0].isoformat()
    assert dialog.form_combo.currentData() == stored[1]
    assert dialog.condition.toPlainText() == stored[2]
    assert {c for c, box in dialog.topics.items() if box.isChecked()} == set(stored[3])
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.condition.selectAll()
    dialog.condition.insertPlainText("更正：孩子最近很开心")
    dialog.concerns["mental"].setChecked(True)
    with qtbot.waitSignal(dialog.finished):
        qtbot.keyClick(dialog.condition, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with demo_db.session_factory() as session:
        after = session.get(Talk, row.talk_id)
        assert after is not None
        assert after.condition == "更正：孩子最近很开心"
        assert "mental" in after.concerns
        assert (after.held_on, after.form, set(after.topics), after.author) == (
            stored[0],
            stored[1],
            set(stored[3]),
            stored[4],  # a correction keeps who recorded the talk
        )
    assert page.model.rows[number].talk_id == row.talk_id  # the list was reloaded


def test_a_record_by_another_teacher_is_refused_in_plain_words(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    from liushou_desktop.db.models import Child, SchoolClass

    with demo_db.session_factory() as session:
        class_id = session.scalars(
            select(SchoolClass.id)
            .join(Child, Child.class_id == SchoolClass.id)
            .join(Talk, Talk.child_id == Child.id)
            .where(Talk.month == "2026-10", Talk.status == vocab.TALK_DONE)
        ).first()
    assert class_id
    accounts = AccountService(demo_db)
    accounts.create_account(admin, "liting", "李婷", "class_teacher", (class_id,), "password-ct")
    teacher = accounts.sign_in("liting", "password-ct").actor()
    page = page_for(qtbot, demo_db, teacher)
    page.show_month(date(2026, 10, 1))
    number = held_row(page)
    row = page.model.rows[number]
    before = {(t.id, t.condition, t.held_on, t.updated_at) for t in talks(demo_db, "2026-10")}
    page.open_row(page.model.index(number, 0))
    dialog = page.entry_dialog
    assert isinstance(dialog, TalkEntryDialog) and dialog.editing
    dialog.condition.setPlainText("改动")
    assert dialog.save_and_next() is False
    with demo_db.session_factory() as session:
        author = session.get(Talk, row.talk_id).author  # type: ignore[union-attr]
    refusal = QCoreApplication.translate(
        "UserError",
        "Only {author}, who recorded this talk, or the school administrator can correct it: "
        "ask one of them.",
    ).format(author=author)
    assert dialog.error.text() == refusal
    assert dialog.isVisible()  # the card stays open with its message
    after = {(t.id, t.condition, t.held_on, t.updated_at) for t in talks(demo_db, "2026-10")}
    assert after == before
    dialog.reject()


def test_the_by_mentor_tab_shows_each_mentors_figures(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liushou_desktop.domain.talk_status import TalkStatusService
    from liushou_desktop.gui.talk_completion import shade

    monkeypatch.setattr(dialogs, "show_info", lambda *_a: None)
    page = page_for(qtbot, demo_db, admin)
    page.plan_button.click()
    view = page.by_mentor
    assert page.tabs.indexOf(view) == 2
    assert page.tabs.tabText(2) == QCoreApplication.translate("TalksPage", "By mentor")
    expected = TalkStatusService(demo_db).status(admin, date(2026, 11, 1), TODAY).mentors
    assert len(expected) > 1
    assert view.model.rows == list(expected.items())
    model = view.model
    for number, (name, figures) in enumerate(model.rows):
        cells = [model.data(model.index(number, c)) for c in range(model.columnCount())]
        assert cells == [
            name,
            str(figures.children),
            str(figures.done),
            str(figures.planned),
            str(figures.overdue),
            f"{round(figures.rate * 100)}%",
        ]
        brush = model.data(model.index(number, 5), Qt.ItemDataRole.BackgroundRole)
        assert brush.color() == shade(figures.rate)
    # Sorting by completion puts the lowest rate first.
    view.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    rates = [figures.rate for _name, figures in model.rows]
    assert rates == sorted(rates) and dict(model.rows) == expected
    page.show_month(date(2026, 10, 1))  # another month: its figures, still sorted
    october = TalkStatusService(demo_db).status(admin, date(2026, 10, 1), TODAY).mentors
    assert dict(model.rows) == october
    assert [f.rate for _n, f in model.rows] == sorted(f.rate for f in october.values())

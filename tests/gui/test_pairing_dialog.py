"""The mentors dialog (结对帮扶): the workload, and each action checked in the database."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, MentorAssignment, SchoolClass, Teacher
from liushou_desktop.domain import vocab
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui import dialogs, pairing_dialog
from liushou_desktop.gui.pairing_dialog import PairingDialog, open_pairing_dialog
from liushou_desktop.gui.pairing_parts import BuddyChooser, Chooser, TeachersChooser
from tests.helpers import FakeClock

CHILDREN = 60  # the demo gives a mentor to about 25 children: three mentors


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(CHILDREN, "t")
    return school_db


@pytest.fixture
def admin(demo_db: Database) -> Actor:
    return AccountService(demo_db).sign_in("admin", "correct horse").actor()


def mentors(db: Database) -> Counter[str]:
    """teacher id -> active children they mentor, from the database."""
    with db.session_factory() as session:
        rows = session.scalars(
            select(Child.mentor_id).where(
                Child.deleted.is_(False), Child.status == vocab.CHILD_ACTIVE
            )
        )
        return Counter(m for m in rows if m is not None)


def open_dialog(qtbot: QtBot, db: Database, actor: Actor) -> PairingDialog:
    dialog = PairingDialog(db, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def answer(monkeypatch: pytest.MonkeyPatch, *fills: Callable[[Any], None]) -> list[Any]:
    """Patch run_chooser: each call fills the chooser with the next function and presses
    OK; after the last one it presses Cancel. The choosers shown are returned."""
    shown: list[Any] = []
    pending = list(fills)

    def run(chooser: QDialog) -> bool:
        shown.append(chooser)
        if not pending:
            return False
        pending.pop(0)(chooser)
        return True

    monkeypatch.setattr(pairing_dialog, "run_chooser", run)
    return shown


def pick(combo: Any, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0
    combo.setCurrentIndex(index)


def test_the_workload_shows_the_demos_mentors_with_their_counts(
    app: QApplication, qtbot: QtBot, demo_db: Database, admin: Actor
) -> None:
    dialog = open_dialog(qtbot, demo_db, admin)
    counts = mentors(demo_db)
    assert len(counts) == 3 and sum(counts.values()) == CHILDREN
    shown = {r.teacher_id: r.children for r in dialog.workload_model.rows if r.children}
    assert shown == dict(counts)
    column = [r.children for r in dialog.workload_model.rows]
    assert column == sorted(column, reverse=True)  # the busiest first
    first = dialog.workload_model.index(0, 2)
    assert dialog.workload_model.data(first) == str(column[0])
    # the busiest is selected, and their children are listed on the right
    assert dialog.selected_teacher() == dialog.workload_model.rows[0].teacher_id
    assert len(dialog.mentees_model.rows) == column[0]
    assert "每" in dialog.summary.text() or "Every" in dialog.summary.text()
    assert all(b.isEnabled() for b in dialog.action_buttons)


def test_opening_from_the_page_is_window_modal_and_deleted_on_close(
    app: QApplication, qtbot: QtBot, demo_db: Database, admin: Actor
) -> None:
    dialog = open_pairing_dialog(None, demo_db, admin)
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert dialog.testAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.reject()


def test_making_a_teacher_mentor_of_a_class_writes_the_history(
    app: QApplication,
    qtbot: QtBot,
    demo_db: Database,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, demo_db, admin)
    with demo_db.session_factory() as session:
        klass = session.scalars(select(SchoolClass).order_by(SchoolClass.grade)).first()
        assert klass is not None
        class_id, class_name = klass.id, klass.name
        pupils = set(
            session.scalars(
                select(Child.id).where(
                    Child.class_id == class_id, Child.status == vocab.CHILD_ACTIVE
                )
            )
        )
    target = dialog.workload_model.rows[-1].teacher_id  # the least busy
    assert pupils

    def fill(chooser: Chooser) -> None:
        klass, teacher = chooser.combos
        pick(klass, class_id)
        pick(teacher, target)

    answer(monkeypatch, fill)
    dialog.class_button.click()
    with demo_db.session_factory() as session:
        query = select(Child.id, Child.mentor_id).where(Child.id.in_(pupils))
        now = {row[0]: row[1] for row in session.execute(query)}
        history = session.scalars(
            select(MentorAssignment).where(MentorAssignment.child_id.in_(pupils))
        ).all()
    assert set(now.values()) == {target}
    opened = [a for a in history if a.ends_on is None]
    assert sorted(a.child_id for a in opened) == sorted(pupils)
    assert all(a.teacher_id == target for a in opened)
    assert any(a.ends_on is not None for a in history)  # the old pairings were closed
    assert class_name in dialog.message.text() and str(len(pupils)) in dialog.message.text()
    row = next(r for r in dialog.workload_model.rows if r.teacher_id == target)
    assert row.children == mentors(demo_db)[target]  # the table was refreshed


def test_the_selected_children_go_to_another_teacher(
    app: QApplication,
    qtbot: QtBot,
    demo_db: Database,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, demo_db, admin)
    dialog.assign_button.click()  # nothing selected: a hint, no chooser, no change
    assert dialog.message.text()
    before = mentors(demo_db)
    assert mentors(demo_db) == before
    source = dialog.selected_teacher()
    target = dialog.workload_model.rows[1].teacher_id
    dialog.tabs.setCurrentWidget(dialog.mentees)
    selection = dialog.mentees.selectionModel()
    for row in range(3):
        selection.select(
            dialog.mentees_model.index(row, 0),
            selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
        )
    moved = dialog.selected_children()
    assert len(moved) == 3
    shown = answer(monkeypatch, lambda c: pick(c.combos[0], target))
    dialog.assign_button.click()
    assert len(shown) == 1 and len(shown[0].combos) == 1
    with demo_db.session_factory() as session:
        now = set(session.scalars(select(Child.mentor_id).where(Child.id.in_(moved))))
    assert now == {target}
    after = mentors(demo_db)
    assert source is not None
    assert after[source] == before[source] - 3 and after[target] == before[target] + 3
    assert "3" in dialog.message.text()
    column = [r.children for r in dialog.workload_model.rows]  # now they differ
    assert column == sorted(column, reverse=True) and len(set(column)) > 1
    assert dialog.selected_teacher() == source  # the selection was kept
    assert len(dialog.mentees_model.rows) == after[source]


def test_sharing_evenly_balances_after_confirming_with_the_counts(
    app: QApplication,
    qtbot: QtBot,
    demo_db: Database,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, demo_db, admin)
    busy = [r.teacher_id for r in dialog.workload_model.rows if r.children]
    idle = [r.teacher_id for r in dialog.workload_model.rows if not r.children]
    chosen = [busy[0], *idle[:3]]
    asked: list[str] = []
    replies = [False, True]  # the first time the teacher says no: nothing changes

    def confirm(_parent: Any, _title: str, text: str) -> bool:
        asked.append(text)
        return replies.pop(0)

    monkeypatch.setattr(dialogs, "ask_yes_no", confirm)
    before = mentors(demo_db)
    shown = answer(monkeypatch, lambda c: c.set_chosen(chosen), lambda c: c.set_chosen(chosen))
    dialog.even_button.click()
    assert isinstance(shown[0], TeachersChooser) and len(asked) == 2
    # before → after for each chosen teacher, and → 0 for the others who lose children
    assert f"{before[busy[0]]} → 15" in asked[0] and f"{before[busy[1]]} → 0" in asked[0]
    counts = mentors(demo_db)
    assert set(counts) == set(chosen)
    assert max(counts.values()) - min(counts.values()) <= 1
    assert sum(counts.values()) == CHILDREN
    assert "15" in dialog.message.text()


def test_handing_over_leaves_the_old_mentor_with_none(
    app: QApplication,
    qtbot: QtBot,
    demo_db: Database,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, demo_db, admin)
    old, new = (r.teacher_id for r in dialog.workload_model.rows[:2])
    before = mentors(demo_db)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda _p, _t, text: asked.append(text) or True)

    def fill(chooser: Chooser) -> None:
        leaving, taking = chooser.combos
        assert leaving.currentData() == old  # the selected teacher is offered first
        assert taking.currentData() != old  # and someone else to take the children
        pick(taking, new)

    answer(monkeypatch, fill)
    dialog.hand_over_button.click()
    after = mentors(demo_db)
    assert after[old] == 0 and after[new] == before[old] + before[new]
    assert asked and str(before[old]) in asked[0]
    row = next(r for r in dialog.workload_model.rows if r.teacher_id == old)
    assert row.children == 0


def test_a_class_teacher_sees_the_workload_but_cannot_change_it(
    app: QApplication, qtbot: QtBot, demo_db: Database
) -> None:
    with demo_db.session_factory() as session:
        teacher_id = session.scalars(select(SchoolClass.class_teacher_id)).first()
    teacher = Actor("ct", "class_teacher", teacher_id=teacher_id)
    dialog = open_dialog(qtbot, demo_db, teacher)
    assert dialog.workload_model.rows and any(r.children for r in dialog.workload_model.rows)
    assert not any(b.isEnabled() for b in dialog.action_buttons)
    assert dialog.close_button.isEnabled()


def test_a_staff_member_is_added_and_errors_are_shown_not_raised(
    app: QApplication,
    qtbot: QtBot,
    demo_db: Database,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, demo_db, admin)
    errors: list[Exception] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, exc: errors.append(exc))

    def named(name: str) -> Callable[[Chooser], None]:
        def fill(chooser: Chooser) -> None:
            chooser.lines[0].setText(name)
            chooser.lines[1].setText("13800138000")

        return fill

    answer(monkeypatch, named("门卫老李"))
    dialog.staff_button.click()
    with demo_db.session_factory() as session:
        added = session.scalars(select(Teacher).where(Teacher.name == "门卫老李")).one()
    row = next(r for r in dialog.workload_model.rows if r.teacher_id == added.id)
    staff_only = QCoreApplication.translate("PairingDialog", "Staff only")  # any language
    assert dialog.workload_model.cell(row, 1) == staff_only
    assert "门卫老李" in dialog.message.text() and not errors

    # the same name again: the service refuses, the chooser opens again with the name kept
    shown = answer(monkeypatch, named("门卫老李"))
    dialog.staff_button.click()
    assert len(errors) == 1 and len(shown) == 2 and shown[1].lines[0].text() == "门卫老李"
    with demo_db.session_factory() as session:
        assert len(session.scalars(select(Teacher).where(Teacher.name == "门卫老李")).all()) == 1

    # handing over to the same teacher: refused by the service, shown as a message
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_a: True)
    same = dialog.workload_model.rows[0].teacher_id

    def to_self(chooser: Chooser) -> None:
        pick(chooser.combos[0], same)
        pick(chooser.combos[1], same)

    before = mentors(demo_db)
    answer(monkeypatch, to_self)
    dialog.hand_over_button.click()
    assert len(errors) == 2 and mentors(demo_db) == before


def select_mentee(dialog: PairingDialog, row: int) -> str:
    """Select one child of the list on the right; their id."""
    dialog.tabs.setCurrentWidget(dialog.mentees)
    dialog.mentees.clearSelection()
    dialog.mentees.selectRow(row)
    (child_id,) = dialog.selected_children()
    return child_id


def buddy_of(db: Database, child_id: str) -> str | None:
    with db.session_factory() as session:
        child = session.get(Child, child_id)
        assert child is not None
        return child.study_buddy_id


def test_a_study_buddy_is_chosen_from_the_filtered_list_and_shown(
    app: QApplication,
    qtbot: QtBot,
    demo_db: Database,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, demo_db, admin)
    errors: list[Exception] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, exc: errors.append(exc))
    shown = answer(monkeypatch)
    dialog.buddy_button.click()  # nothing selected: a hint, no chooser
    assert dialog.message.text() and not shown

    child_id = select_mentee(dialog, 0)
    child = next(c for c in dialog.children if c.child_id == child_id)
    buddy = next(c for c in dialog.children if c.child_id != child_id and c.name != child.name)

    def find(chooser: BuddyChooser) -> None:
        assert chooser.chosen() is None  # no buddy yet
        chooser.filter.setText(buddy.name)  # typed: the first pupil of that name is chosen
        assert chooser.chosen() is not None
        chooser.choose(buddy.child_id)
        hidden = [chooser.list.item(r).isHidden() for r in range(1, chooser.list.count())]
        assert any(hidden) and not all(hidden)  # the others are filtered out

    answer(monkeypatch, find)
    dialog.buddy_button.click()
    assert buddy_of(demo_db, child_id) == buddy.child_id and not errors
    assert buddy.name in dialog.message.text()
    row = next(r for r in dialog.mentees_model.rows if r.child_id == child_id)
    assert dialog.mentees_model.cell(row, 2) == buddy.name  # the buddy column
    heading = dialog.mentees_model.headerData(2, Qt.Orientation.Horizontal)
    assert heading == QCoreApplication.translate("PairingDialog", "Study buddy")

    # the child itself: the service refuses, the chooser opens again on the same choice
    row_index = dialog.mentees_model.rows.index(row)
    assert select_mentee(dialog, row_index) == child_id
    shown = answer(monkeypatch, lambda c: c.choose(child_id))
    dialog.buddy_button.click()
    assert len(errors) == 1 and len(shown) == 2
    assert errors[0].args[0] == "A child cannot be their own study buddy: choose another pupil."
    assert shown[1].chosen() == child_id
    assert buddy_of(demo_db, child_id) == buddy.child_id  # unchanged

    # "no study buddy" takes the buddy away
    assert select_mentee(dialog, row_index) == child_id
    answer(monkeypatch, lambda c: c.choose(None))
    dialog.buddy_button.click()
    assert buddy_of(demo_db, child_id) is None and len(errors) == 1
    row = next(r for r in dialog.mentees_model.rows if r.child_id == child_id)
    assert dialog.mentees_model.cell(row, 2) == ""


def test_a_class_teacher_cannot_choose_a_study_buddy(
    app: QApplication, qtbot: QtBot, demo_db: Database
) -> None:
    with demo_db.session_factory() as session:
        teacher_id = session.scalars(select(SchoolClass.class_teacher_id)).first()
    dialog = open_dialog(qtbot, demo_db, Actor("ct", "class_teacher", teacher_id=teacher_id))
    assert not dialog.buddy_button.isEnabled()

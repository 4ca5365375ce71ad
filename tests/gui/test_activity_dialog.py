"""The activity dialog: adding an activity, recording it, its attendance, and who may
change what."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Activity, ActivityAttendance, Child, SchoolClass, Teacher
from liushou_desktop.domain import vocab
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.activities import ActivityForm, ActivityService
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.gui import dialogs
from liushou_desktop.gui.activity_dialog import ActivityDialog
from tests.helpers import FakeClock

TODAY = date(2026, 11, 2)


def now() -> datetime:
    return datetime.combine(TODAY, time(1))


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(40, "t")
    return school_db


@pytest.fixture
def admin(demo_db: Database) -> Actor:
    return AccountService(demo_db).sign_in("admin", "correct horse").actor()


def classes(db: Database) -> list[tuple[str, str, str | None]]:
    """(id, name, class teacher id) of the school's classes, by grade and name."""
    with db.session_factory() as session:
        return [
            (c.id, c.name, c.class_teacher_id)
            for c in session.scalars(
                select(SchoolClass).order_by(SchoolClass.grade, SchoolClass.name)
            )
        ]


def stored(db: Database, activity_id: str) -> Activity:
    with db.session_factory() as session:
        activity = session.get(Activity, activity_id)
        assert activity is not None
        session.expunge(activity)
        return activity


def attendance(db: Database, activity_id: str) -> dict[str, ActivityAttendance]:
    with db.session_factory() as session:
        rows = session.scalars(
            select(ActivityAttendance).where(
                ActivityAttendance.activity_id == activity_id,
                ActivityAttendance.deleted.is_(False),
            )
        )
        result = {}
        for row in rows:
            session.expunge(row)
            result[row.child_id] = row
        return result


def dialog_for(
    qtbot: Any, db: Database, actor: Actor, activity_id: str | None = None, day: date | None = None
) -> ActivityDialog:
    dialog = ActivityDialog(db, actor, activity_id, now, None, day)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def meeting(db: Database, admin: Actor, class_id: str, kind: str = "guardian_meeting") -> str:
    """A guardian meeting of one class, held last week."""
    service = ActivityService(db, now)
    return service.add(
        admin,
        ActivityForm(
            kind=kind,
            title="期中监护人会",
            starts_on=date(2026, 10, 28),
            target_kind="classes",
            target=[class_id],
            organiser="班主任",
        ),
    )


def test_an_activity_is_added_for_two_classes(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    dialog = dialog_for(qtbot, demo_db, admin, day=date(2026, 12, 4))
    assert dialog.starts_on.text() == "2026-12-04"
    assert not dialog.tabs.isTabEnabled(2)  # attendance once it exists
    dialog.kind.setCurrentIndex(dialog.kind.findData("safety"))
    assert dialog.topic.isVisible()
    dialog.topic.setCurrentIndex(dialog.topic.findData("fire"))
    dialog.title.setText("冬季消防演练")
    dialog.ends_on.setText("2026-12-05")
    dialog.organiser.setText("安全办")
    dialog.place.setText("操场")
    dialog.target.kind.setCurrentIndex(dialog.target.kind.findData("classes"))
    (first, _, _), (second, _, _) = classes(demo_db)[:2]
    dialog.target.classes[first].setChecked(True)
    dialog.target.classes[second].setChecked(True)
    dialog.notes.setPlainText("带好毛巾")
    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)  # Enter saves
    assert dialog.activity_id is not None
    activity = stored(demo_db, dialog.activity_id)
    assert (activity.kind, activity.topic, activity.title) == ("safety", "fire", "冬季消防演练")
    assert (activity.starts_on, activity.ends_on) == (date(2026, 12, 4), date(2026, 12, 5))
    assert (activity.organiser, activity.place, activity.notes) == ("安全办", "操场", "带好毛巾")
    assert activity.target_kind == "classes" and set(activity.target) == {first, second}
    assert activity.status == vocab.ACTIVITY_PLANNED and activity.template_key == ""


def test_a_refused_activity_is_explained_and_not_saved(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[Exception] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, exc: shown.append(exc))
    with demo_db.session_factory() as session:
        before = session.query(Activity).count()
    dialog = dialog_for(qtbot, demo_db, admin)
    dialog.title.setText("")  # no title
    assert dialog.save_details() is False
    dialog.title.setText("读书分享会")
    dialog.starts_on.setText("九月")  # no date
    assert dialog.save_details() is False
    assert len(shown) == 2 and dialog.activity_id is None and dialog.isVisible()
    with demo_db.session_factory() as session:
        assert session.query(Activity).count() == before


def test_attendance_of_three_children_is_recorded(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    class_id = classes(demo_db)[0][0]
    activity_id = meeting(demo_db, admin, class_id)
    dialog = dialog_for(qtbot, demo_db, admin, activity_id)
    dialog.tabs.setCurrentIndex(2)
    table = dialog.attendance
    with demo_db.session_factory() as session:
        pupils = set(
            session.scalars(
                select(Child.id).where(Child.class_id == class_id, Child.status == "active")
            )
        )
    assert {row.child_id for row in table.rows} == pupils and len(pupils) >= 3
    assert not table.isColumnHidden(3)  # 监护人到会 at a guardian meeting
    # Three children ticked: with the keyboard (Space), and by the mouse for two more.
    table.setFocus()
    table.setCurrentCell(0, 2)
    qtbot.keyClick(table, Qt.Key.Key_Space)
    assert table.is_present(0)
    table.set_present(1, True)
    table.set_present(2, True)
    table.set_guardian(1, True)  # the guardian on record is filled in as the signer
    signer = table.rows[1].guardian_names[0] if table.rows[1].guardian_names else ""
    assert "3" in dialog.attendance_count.text()
    dialog.attendance_button.click()
    marks = attendance(demo_db, activity_id)
    present = {cid for cid, row in marks.items() if row.present}
    assert present == {table.rows[n].child_id for n in range(3)}
    assert set(marks) == pupils  # the others are marked absent
    came = [row for row in marks.values() if row.guardian_present]
    assert [r.child_id for r in came] == [table.rows[1].child_id]
    assert came[0].guardian_name == signer
    # 全部到场, saved again: everyone present, no second row per child.
    dialog.all_present_button.click()
    dialog.attendance_button.click()
    marks = attendance(demo_db, activity_id)
    assert set(marks) == pupils and all(row.present for row in marks.values())
    assert "saved" in dialog.status.text() or "保存" in dialog.status.text()


def test_recording_marks_the_activity_held(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    activity_id = meeting(demo_db, admin, classes(demo_db)[0][0])
    dialog = dialog_for(qtbot, demo_db, admin, activity_id)
    assert not dialog.agreed.isHidden()  # 商定事项 at a guardian meeting
    dialog.held_on.setText("2026-10-28")
    dialog.record_text.setPlainText("到会监护人28人，讲解防溺水")
    dialog.agreed.setPlainText("每周与孩子通话一次")
    dialog.record_button.click()
    activity = stored(demo_db, activity_id)
    assert activity.status == vocab.ACTIVITY_HELD and activity.held_on == date(2026, 10, 28)
    assert activity.record == "到会监护人28人，讲解防溺水"
    assert activity.agreed == "每周与孩子通话一次"


def test_a_mentor_records_attendance_of_their_children_but_cannot_change_the_plan(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    with demo_db.session_factory() as session:
        teacher_id, name = session.execute(
            select(Teacher.id, Teacher.name)
            .join(Child, Child.mentor_id == Teacher.id)
            .order_by(Teacher.name)
            .limit(1)
        ).one()
        mine = set(session.scalars(select(Child.id).where(Child.mentor_id == teacher_id)))
    AccountService(demo_db).create_account(admin, "mentor1", name, "mentor", (), "password-mt")
    mentor = AccountService(demo_db).sign_in("mentor1", "password-mt").actor()
    activity_id = ActivityService(demo_db, now).add(
        admin,
        ActivityForm(kind="reading", title="读书交流", starts_on=date(2026, 10, 30)),
    )
    dialog = dialog_for(qtbot, demo_db, mentor, activity_id)
    assert not dialog.save_button.isVisible() and not dialog.title.isEnabled()
    assert dialog.read_only_note.isVisible() and not dialog.delete_button.isVisible()
    assert dialog.save_details() is False
    assert dialog.tabs.isTabEnabled(2) and not dialog.attendance_button.isHidden()
    table = dialog.attendance
    assert {row.child_id for row in table.rows} == mine  # only their children
    table.mark_all_present()
    dialog.attendance_button.click()
    marks = attendance(demo_db, activity_id)
    assert set(marks) == mine and all(row.present for row in marks.values())
    assert stored(demo_db, activity_id).title == "读书交流"


def test_a_class_teacher_adds_an_activity_for_their_own_class_only(
    app: Any, qtbot: Any, demo_db: Database, admin: Actor
) -> None:
    class_id, class_name, teacher_id = classes(demo_db)[0]
    with demo_db.session_factory() as session:
        name = session.scalars(select(Teacher.name).where(Teacher.id == teacher_id)).one()
    AccountService(demo_db).create_account(
        admin, "teacher1", name, "class_teacher", (class_id,), "password-ct"
    )
    teacher = AccountService(demo_db).sign_in("teacher1", "password-ct").actor()
    dialog = dialog_for(qtbot, demo_db, teacher, day=date(2026, 11, 20))
    assert [dialog.target.kind.itemData(n) for n in range(dialog.target.kind.count())] == [
        "classes"
    ]
    assert list(dialog.target.classes) == [class_id]
    dialog.kind.setCurrentIndex(dialog.kind.findData("class_meeting"))
    dialog.title.setText("感恩主题班会")
    dialog.target.classes[class_id].setChecked(True)
    assert dialog.save_details(), class_name
    activity = stored(demo_db, dialog.activity_id or "")
    assert activity.target == [class_id] and activity.kind == "class_meeting"

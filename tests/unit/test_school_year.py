"""Starting a new school year: classes move up, the top grade graduates, the re-survey opens."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import event, func, select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    AuditEntry,
    Child,
    ChildStatusChange,
    Consent,
    Family,
    Guardian,
    School,
    SchoolClass,
    Setting,
    Teacher,
)
from liushou_desktop.domain import audit
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.school_year import (
    RESURVEY_STARTED_ON,
    SchoolYearService,
    suggested_top_grade,
)
from liushou_desktop.errors import UserError
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
SEPT = date(2026, 9, 1)
PER_CLASS = 3  # children in each class of make_school


def school_id(db: Database) -> str:
    with db.session_scope("test") as session:
        return session.scalars(select(School.id)).one()


def add_class(db: Database, name: str, grade: int, *, active: bool = True) -> str:
    with db.session_scope("test") as session:
        klass = SchoolClass(school_id=school_id(db), grade=grade, name=name, active=active)
        session.add(klass)
        session.flush()
        return klass.id


def add_child(db: Database, name: str, class_id: str | None, **fields: object) -> str:
    with db.session_scope("test") as session:
        child = Child(school_id=school_id(db), class_id=class_id, name=name, **fields)
        session.add(child)
        session.flush()
        return child.id


def make_school(db: Database, grades: range = range(1, 7)) -> dict[int, str]:
    """One class per grade (一年级1班 ...), PER_CLASS active children each; grade -> class id."""
    classes = {}
    for grade in grades:
        classes[grade] = add_class(db, f"{'一二三四五六七八九'[grade - 1]}年级1班", grade)
        for n in range(PER_CLASS):
            add_child(db, f"学生{grade}{'甲乙丙丁'[n]}", classes[grade])
    return classes


def service(db: Database, clock: FakeClock) -> SchoolYearService:
    return SchoolYearService(db, clock)


def classes_by_id(db: Database) -> dict[str, tuple[str, int, bool]]:
    with db.session_scope("test") as session:
        return {c.id: (c.name, c.grade, c.active) for c in session.scalars(select(SchoolClass))}


def statuses(db: Database) -> dict[str, tuple[str, date | None]]:
    with db.session_scope("test") as session:
        return {c.name: (c.status, c.status_date) for c in session.scalars(select(Child))}


def audit_entries(db: Database, action: str) -> list[dict[str, object]]:
    with db.session_scope("test") as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == action))
        return [json.loads(r.detail) for r in rows]


# --- the top grade ------------------------------------------------------------------------


def test_the_suggested_top_grade_follows_the_highest_class() -> None:
    assert [suggested_top_grade(g) for g in (None, 3, 6, 7, 9, 10)] == [6, 6, 6, 9, 9, 12]


def test_the_service_suggests_9_for_a_nine_year_school(
    school_db: Database, clock: FakeClock
) -> None:
    make_school(school_db, range(1, 9))
    assert service(school_db, clock).suggested_top_grade(ADMIN) == 9


# --- preview and run ----------------------------------------------------------------------


def test_preview_plans_every_class_and_writes_nothing(
    school_db: Database, clock: FakeClock
) -> None:
    classes = make_school(school_db)
    no_class = add_child(school_db, "无班级", None)
    before = classes_by_id(school_db)
    plan = service(school_db, clock).preview(ADMIN, SEPT)
    assert plan.top_grade == 6
    assert [(m.old_name, m.new_name, m.new_grade, m.children) for m in plan.promoted] == [
        ("一年级1班", "二年级1班", 2, 3),
        ("二年级1班", "三年级1班", 3, 3),
        ("三年级1班", "四年级1班", 4, 3),
        ("四年级1班", "五年级1班", 5, 3),
        ("五年级1班", "六年级1班", 6, 3),
    ]
    assert [(m.class_id, m.new_name, m.children) for m in plan.graduating] == [
        (classes[6], "六年级1班（2026届）", 3)
    ]
    assert sorted(c.name for c in plan.graduates) == ["学生6丙", "学生6乙", "学生6甲"]
    assert [c.child_id for c in plan.without_class] == [no_class]
    assert plan.counts()["children_promoted"] == 15
    assert classes_by_id(school_db) == before
    assert not list(school_db.data_dir.backups.glob("*school-year*"))


def test_run_promotes_graduates_and_opens_the_resurvey(
    school_db: Database, clock: FakeClock
) -> None:
    classes = make_school(school_db)
    result = service(school_db, clock).run(ADMIN, SEPT, 6)

    after = classes_by_id(school_db)
    assert after[classes[1]] == ("二年级1班", 2, True)
    assert after[classes[5]] == ("六年级1班", 6, True)
    assert after[classes[6]] == ("六年级1班（2026届）", 6, False)

    status = statuses(school_db)
    assert status["学生6甲"] == ("graduated", SEPT)
    assert status["学生5甲"] == ("active", None)
    with school_db.session_scope("test") as session:
        history = session.execute(
            select(Child.name, ChildStatusChange.previous_status, ChildStatusChange.status)
            .join(Child, Child.id == ChildStatusChange.child_id)
            .where(ChildStatusChange.changed_on == SEPT)
        ).all()
        assert sorted(history) == [
            ("学生6丙", "active", "graduated"),
            ("学生6乙", "active", "graduated"),
            ("学生6甲", "active", "graduated"),
        ]
        assert session.get(Setting, RESURVEY_STARTED_ON).value == "2026-09-01"  # type: ignore[union-attr]
        # a graduate keeps the class they left from, in the archive
        graduate = session.scalars(select(Child).where(Child.name == "学生6甲")).one()
        assert graduate.class_id == classes[6]
        assert audit.verify_chain(session).ok

    (entry,) = audit_entries(school_db, "school_year_started")
    assert entry["children_graduated"] == 3 and entry["classes_promoted"] == 5
    assert entry["top_grade"] == 6 and entry["on"] == "2026-09-01"
    backups = list(school_db.data_dir.backups.glob("*before-school-year.bak"))
    assert [str(b) for b in backups] == [result.backup]
    assert result.plan.counts()["children_graduated"] == 3
    assert service(school_db, clock).last_started_on() == SEPT


def test_a_second_start_within_300_days_is_refused_and_changes_nothing(
    school_db: Database, clock: FakeClock
) -> None:
    make_school(school_db)
    years = service(school_db, clock)
    years.run(ADMIN, SEPT)
    before = classes_by_id(school_db), statuses(school_db)
    backups = len(list(school_db.data_dir.backups.iterdir()))
    with pytest.raises(UserError, match="already started on 2026-09-01"):
        years.run(ADMIN, date(2026, 9, 8))
    assert (classes_by_id(school_db), statuses(school_db)) == before
    assert len(list(school_db.data_dir.backups.iterdir())) == backups
    assert len(audit_entries(school_db, "school_year_started")) == 1
    # a year later it runs, and forcing runs it at once
    clock.value = datetime(2027, 9, 1, 8)
    years.run(ADMIN, date(2027, 9, 1))
    years.run(ADMIN, date(2027, 9, 2), force=True)
    assert len(audit_entries(school_db, "school_year_started")) == 3


def test_next_year_the_class_moving_up_takes_the_graduated_class_name(
    school_db: Database, clock: FakeClock
) -> None:
    classes = make_school(school_db)
    years = service(school_db, clock)
    years.run(ADMIN, SEPT)
    years.run(ADMIN, date(2027, 9, 1))
    after = classes_by_id(school_db)
    assert after[classes[4]] == ("六年级1班", 6, True)
    assert after[classes[5]] == ("六年级1班（2027届）", 6, False)
    assert after[classes[6]] == ("六年级1班（2026届）", 6, False)
    assert statuses(school_db)["学生4甲"] == ("active", None)
    assert statuses(school_db)["学生5甲"] == ("graduated", date(2027, 9, 1))


def test_an_old_inactive_class_in_the_way_is_renamed_with_its_year(
    school_db: Database, clock: FakeClock
) -> None:
    classes = make_school(school_db, range(1, 3))
    old = add_class(school_db, "三年级1班", 3, active=False)
    add_child(school_db, "老学生", old, status="left")
    plan = service(school_db, clock).preview(ADMIN, SEPT)
    assert [(r.old_name, r.new_name) for r in plan.moved_aside] == [
        ("三年级1班", "三年级1班（2026年停用）")
    ]
    service(school_db, clock).run(ADMIN, SEPT)
    after = classes_by_id(school_db)
    assert after[classes[2]] == ("三年级1班", 3, True)
    assert after[old] == ("三年级1班（2026年停用）", 3, False)
    with school_db.session_scope("test") as session:
        left = session.scalars(select(Child).where(Child.name == "老学生")).one()
        assert left.class_id == old  # the old class keeps its own children


def test_two_spellings_of_one_class_are_refused(school_db: Database, clock: FakeClock) -> None:
    add_class(school_db, "一年级1班", 1)
    add_class(school_db, "一(1)班", 1)
    with pytest.raises(UserError, match="same class written differently"):
        service(school_db, clock).preview(ADMIN, SEPT)


def test_a_class_with_an_unreadable_name_is_left_as_it_is(
    school_db: Database, clock: FakeClock
) -> None:
    special = add_class(school_db, "特教班", 3)
    plan = service(school_db, clock).run(ADMIN, SEPT).plan
    assert [r.old_name for r in plan.unreadable] == ["特教班"]
    assert classes_by_id(school_db)[special] == ("特教班", 3, True)


def test_a_top_grade_below_the_highest_class_is_refused(
    school_db: Database, clock: FakeClock
) -> None:
    make_school(school_db, range(5, 9))
    with pytest.raises(UserError, match="grade 8, above the top grade 6"):
        service(school_db, clock).run(ADMIN, SEPT, 6)
    plan = service(school_db, clock).preview(ADMIN, SEPT, 9)
    assert plan.graduating == () and len(plan.promoted) == 4
    with pytest.raises(UserError, match="top grade 7 is not possible"):
        service(school_db, clock).preview(ADMIN, SEPT, 7)


def test_a_class_teacher_may_not_start_a_school_year(school_db: Database, clock: FakeClock) -> None:
    make_school(school_db)
    teacher = Actor("ct", "class_teacher", teacher_id="x")
    with pytest.raises(PermissionDenied):
        service(school_db, clock).preview(teacher, SEPT)
    with pytest.raises(PermissionDenied):
        service(school_db, clock).run(teacher, SEPT)
    assert statuses(school_db)["学生6甲"] == ("active", None)
    assert audit_entries(school_db, "school_year_started") == []


# --- the re-survey ------------------------------------------------------------------------


def test_the_resurvey_lists_children_until_their_record_is_confirmed(
    school_db: Database, clock: FakeClock
) -> None:
    make_school(school_db, range(5, 7))
    with school_db.session_scope("test") as session:
        family = Family(school_id=school_id(school_db))
        session.add(family)
        session.flush()
        session.add(
            Guardian(family_id=family.id, relation="father", name="张伟", phone="13812345678")
        )
        family_id = family.id
    complete = add_child(
        school_db,
        "档案齐全",
        None,
        id_number="110101201503120011",
        birth_date=date(2015, 3, 12),
        family_id=family_id,
        guardianship_type="good",
        confirmed_on=date(2026, 6, 1),
    )
    with school_db.session_scope("test") as session:
        session.add(Consent(child_id=complete, consent_date=date(2026, 6, 1), form="written"))
    years = service(school_db, clock)
    years.run(ADMIN, SEPT)
    rows = years.resurvey(ADMIN)
    assert len(rows) == 4  # 3 in 六年级1班 (from grade 5) and the child confirmed in June
    by_name = {r.name: r for r in rows}
    assert "学生6甲" not in by_name  # graduated: not active any more
    assert by_name["档案齐全"].missing == ("class",)
    assert by_name["学生5甲"].class_name == "六年级1班"
    assert by_name["学生5甲"].missing == (
        "id_number",
        "birth_date",
        "guardian",
        "guardianship",
        "consent",
    )
    # one rule for "missing": the re-survey says what the children list says
    listed = {r.name: r.missing for r in ChildrenService(school_db, clock).list_children(ADMIN)}
    assert {name: row.missing for name, row in by_name.items()} == {
        name: listed[name] for name in by_name
    }
    counts = years.resurvey_counts(ADMIN)
    assert (counts.started_on, counts.to_confirm, counts.confirmed) == (SEPT, 4, 0)

    confirmed = [complete, by_name["学生5甲"].child_id]
    assert ChildrenService(school_db, clock).confirm(ADMIN, confirmed, date(2026, 9, 3)) == 2
    assert sorted(r.name for r in years.resurvey(ADMIN)) == ["学生5丙", "学生5乙"]
    counts = years.resurvey_counts(ADMIN)
    assert (counts.to_confirm, counts.confirmed) == (2, 2)
    assert audit_entries(school_db, "child_confirmed") == [{"on": "2026-09-03"}] * 2


def test_a_class_teacher_sees_and_confirms_only_their_own_classes(
    school_db: Database, clock: FakeClock
) -> None:
    classes = make_school(school_db, range(1, 3))
    with school_db.session_scope("test") as session:
        teacher = Teacher(school_id=school_id(school_db), name="王老师")
        session.add(teacher)
        session.flush()
        session.get(SchoolClass, classes[1]).class_teacher_id = teacher.id  # type: ignore[union-attr]
        teacher_id = teacher.id
    ct = Actor("ct", "class_teacher", teacher_id=teacher_id)
    years = service(school_db, clock)
    years.run(ADMIN, SEPT)
    rows = years.resurvey(ct)
    assert {r.class_name for r in rows} == {"二年级1班"}  # the class kept its teacher
    others = [r.child_id for r in years.resurvey(ADMIN) if r.class_name == "三年级1班"]
    with pytest.raises(UserError):
        ChildrenService(school_db, clock).confirm(ct, others, SEPT)
    mine = [r.child_id for r in rows]
    with pytest.raises(UserError):  # one child of another class: nothing is confirmed
        ChildrenService(school_db, clock).confirm(ct, [*mine, others[0]], SEPT)
    assert years.resurvey_counts(ADMIN).to_confirm == 6
    assert ChildrenService(school_db, clock).confirm(ct, mine, SEPT) == PER_CLASS
    assert years.resurvey_counts(ct).to_confirm == 0
    assert years.resurvey_counts(ADMIN).to_confirm == 6 - PER_CLASS


def test_a_thousand_records_are_confirmed_in_a_few_statements(
    school_db: Database, clock: FakeClock
) -> None:
    sid = school_id(school_db)
    with school_db.session_scope("test") as session:
        session.add_all(Child(school_id=sid, name=f"学生{n}") for n in range(1000))
    service(school_db, clock).run(ADMIN, SEPT)
    with school_db.session_scope("test") as session:
        ids = list(session.scalars(select(Child.id)))
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(school_db.engine, "before_cursor_execute", count)
    try:
        done = ChildrenService(school_db, clock).confirm(ADMIN, ids, date(2026, 9, 3))
    finally:
        event.remove(school_db.engine, "before_cursor_execute", count)
    assert done == 1000
    assert len(statements) < 20  # by chunks of ids, not one query per child
    assert service(school_db, clock).resurvey_counts(ADMIN).to_confirm == 0
    assert len(audit_entries(school_db, "child_confirmed")) == 1000
    with school_db.session_scope("test") as session:
        assert audit.verify_chain(session).ok
        objects = session.scalars(
            select(AuditEntry.object_id).where(AuditEntry.action == "child_confirmed")
        )
        assert sorted(objects) == sorted(ids)


def test_a_thousand_children_graduate_in_one_go(school_db: Database, clock: FakeClock) -> None:
    sid = school_id(school_db)
    classes = make_school(school_db, range(1, 7))
    with school_db.session_scope("test") as session:
        session.add_all(
            Child(school_id=sid, class_id=classes[6], name=f"毕业生{n}") for n in range(1000)
        )
    service(school_db, clock).run(ADMIN, SEPT)
    with school_db.session_scope("test") as session:
        graduated = session.scalar(
            select(func.count()).select_from(Child).where(Child.status == "graduated")
        )
        rows = session.scalar(select(func.count()).select_from(ChildStatusChange))
    assert graduated == rows == 1000 + PER_CLASS

"""A class teacher's roster import stays inside their own classes (least privilege)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, Family, Guardian, School, SchoolClass, Teacher
from liushou_desktop.domain.demo_data import COUNTY_CODES
from liushou_desktop.domain.id_numbers import make_id_number
from liushou_desktop.domain.permissions import Actor
from liushou_desktop.domain.roster_import import ERROR, RosterImportService
from liushou_desktop.domain.vocab import ROLE_CLASS_TEACHER
from liushou_desktop.errors import UserError
from liushou_desktop.io.roster_errors import write_error_workbook
from liushou_desktop.io.roster_read import read_roster
from tests.helpers import FakeClock
from tests.unit.test_roster_import_undo import dump, make_roster

ADMIN = Actor("admin", "admin")
AREA = COUNTY_CODES[0]
OWN = make_id_number(AREA, date(2016, 3, 12), 11)  # 王小明, 一年级1班 (the teacher's)
OTHER = make_id_number(AREA, date(2017, 5, 1), 22)  # 李小红, 一年级2班 (not theirs)
NEW = make_id_number(AREA, date(2016, 8, 8), 33)
NEW_2 = make_id_number(AREA, date(2015, 9, 9), 44)
NEW_3 = make_id_number(AREA, date(2016, 1, 7), 55)
NEW_4 = make_id_number(AREA, date(2016, 2, 9), 66)
HEADERS = ("序号", "姓名", "身份证号", "出生日期", "班级", "父亲姓名", "父亲电话", "家庭经济来源")


@pytest.fixture
def service(school_db: Database, clock: FakeClock, tmp_path: Path) -> RosterImportService:
    service = RosterImportService(school_db, clock)
    rows = [
        ("王小明", OWN, "", "一年级1班", "王大山", "13812345678", "打工收入"),
        ("李小红", OTHER, "", "一年级2班", "李四", "13900000000", "政府救助"),
    ]
    service.run(ADMIN, make_roster(tmp_path / "admin.xlsx", rows))
    return service


def teacher_of(db: Database, *class_names: str, username: str = "chen") -> Actor:
    """A class-teacher account's actor for the named classes."""
    with db.session_scope("test") as session:
        school = session.scalars(select(School)).one()
        teacher = Teacher(school_id=school.id, name="陈老师")
        session.add(teacher)
        session.flush()
        for klass in session.scalars(select(SchoolClass).where(SchoolClass.name.in_(class_names))):
            klass.class_teacher_id = teacher.id
        return Actor(username, ROLE_CLASS_TEACHER, teacher_id=teacher.id)


def children(db: Database) -> dict[str, tuple[str, str | None, str | None]]:
    """name -> (id number, class name, family id) of the live children."""
    with db.session_factory() as session:
        query = (
            select(Child.name, Child.id_number, SchoolClass.name, Child.family_id)
            .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
            .where(Child.deleted.is_(False))
        )
        return {
            name: (number, klass, family) for name, number, klass, family in session.execute(query)
        }


def codes(report) -> list[tuple[int, str, str]]:  # noqa: ANN001
    return [(p.row, p.code, p.severity) for p in report.errors]


def test_rows_outside_the_teachers_classes_are_rejected_and_explained(
    service: RosterImportService, school_db: Database, tmp_path: Path
) -> None:
    actor = teacher_of(school_db, "一年级1班")
    rows = [
        ("王小明", OWN, "", "一年级1班", "", "13811112222", ""),  # own child: updated
        ("李小红", OTHER, "", "一年级1班", "", "13000000000", ""),  # another class's child
        ("张三", NEW, "", "一年级2班", "", "", ""),  # new, but not their class
        ("赵四", NEW_2, "", "", "", "", ""),  # new, no class: goes to their only class
        ("钱五", NEW_3, "", "三年级9班", "", "", ""),  # a class nobody has made
    ]
    before = children(school_db)
    source = make_roster(tmp_path / "mine.xlsx", rows)
    report = service.run(actor, source)

    assert (report.imported, report.updated, report.rejected) == (1, 1, 3)
    # Header in row 2, so data rows are 3..7.
    assert codes(report) == [
        (4, "not_your_child", ERROR),
        (5, "not_your_class", ERROR),
        (7, "not_your_class", ERROR),
    ]
    assert "三年级9班" in report.errors[2].message and report.errors[2].params == {
        "class": "三年级9班"
    }
    after = children(school_db)
    assert after["李小红"] == before["李小红"]  # untouched
    assert after["赵四"][1] == "一年级1班"
    assert "张三" not in after and "钱五" not in after
    with school_db.session_factory() as session:
        assert session.scalar(select(SchoolClass.id).where(SchoolClass.name == "三年级9班")) is None
        phones = set(session.scalars(select(Guardian.phone).where(Guardian.relation == "father")))
    assert "13000000000" not in phones and "13811112222" in phones
    # The rows planning rejected go to the error workbook like the others, and read back.
    assert [r.row for r in report.rejected_rows] == [4, 5, 7]
    errors = write_error_workbook(report, tmp_path / "errors.xlsx", source)
    names = [r.values.get("name") for s in read_roster(errors).sheets for r in s.rows]
    assert names == ["李小红", "张三", "钱五"]


def test_a_teacher_cannot_move_a_child_out_of_their_classes(
    service: RosterImportService, school_db: Database, tmp_path: Path
) -> None:
    actor = teacher_of(school_db, "一年级1班")
    before = dump(school_db)
    rows = [("王小明", OWN, "", "一年级2班", "", "", "")]
    report = service.run(actor, make_roster(tmp_path / "move.xlsx", rows))
    assert (report.updated, report.rejected, codes(report)) == (
        0,
        1,
        [(3, "not_your_class", ERROR)],
    )
    assert dump(school_db) == before


def test_with_several_classes_a_row_must_name_one(
    service: RosterImportService, school_db: Database, tmp_path: Path
) -> None:
    actor = teacher_of(school_db, "一年级1班", "一年级2班")
    rows = [
        ("赵四", NEW_2, "", "", "", "", ""),
        ("孙六", NEW_4, "", "一年级2班", "", "", ""),
        ("李小红", OTHER, "", "", "", "13900000001", ""),  # now theirs: updated
    ]
    report = service.preview(actor, make_roster(tmp_path / "two.xlsx", rows))
    assert (report.imported, report.updated, report.rejected) == (1, 1, 1)
    assert codes(report) == [(3, "class_missing", ERROR)]


def test_a_sibling_in_another_class_shares_the_family_which_is_not_changed(
    service: RosterImportService, school_db: Database, tmp_path: Path
) -> None:
    actor = teacher_of(school_db, "一年级1班")
    # The same father (phone) as 李小红 of 一年级2班, with other income words.
    rows = [("李小刚", NEW, "", "一年级1班", "李四", "13900000000", "打工收入")]
    report = service.run(actor, make_roster(tmp_path / "sibling.xlsx", rows))
    assert report.imported == 1
    assert codes(report) == [(3, "family_not_changed", "warning")]
    after = children(school_db)
    assert after["李小刚"][2] == after["李小红"][2]
    with school_db.session_factory() as session:
        family = session.get(Family, after["李小红"][2])
        assert family is not None and family.income_sources == ["government_aid"]


def test_a_teacher_sees_and_undoes_only_their_own_imports(
    service: RosterImportService, school_db: Database, tmp_path: Path
) -> None:
    actor = teacher_of(school_db, "一年级1班")
    [admins] = service.history(ADMIN)
    assert service.history(actor) == []
    with pytest.raises(UserError, match="administrator"):
        service.undo(actor, admins.id)
    before = dump(school_db)
    report = service.run(
        actor, make_roster(tmp_path / "mine.xlsx", [("赵四", NEW_2, "", "", "", "", "")])
    )
    [own] = service.history(actor)
    assert own.id == report.batch_id and own.can_undo
    assert len(service.history(ADMIN)) == 2
    service.undo(actor, own.id)
    assert dump(school_db) == before


def test_a_teacher_without_a_class_is_told_to_ask_for_one(
    service: RosterImportService, school_db: Database, tmp_path: Path
) -> None:
    actor = teacher_of(school_db)
    with pytest.raises(UserError, match="not the class teacher of any class"):
        service.preview(
            actor, make_roster(tmp_path / "x.xlsx", [("赵四", NEW_2, "", "", "", "", "")])
        )

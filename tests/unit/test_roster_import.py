"""Importing roster files: real .xlsx files built in tmp_path, previewed and imported."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry, Child, Family, Guardian, SchoolClass
from liushou_desktop.domain import roster_import
from liushou_desktop.domain.demo_data import COUNTY_CODES
from liushou_desktop.domain.id_numbers import make_id_number
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.roster_import import ImportReport, RosterImportService
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
AREA = COUNTY_CODES[0]
TITLE = "阳光小学留守儿童花名册"
HEADERS = (
    "序号",
    "姓名",
    "性别",
    "出生日期",
    "身份证号",
    "班级",
    "父亲姓名",
    "父亲电话",
    "父亲身份证号",
    "母亲姓名",
    "是否寄宿",
    "父母双方外出",
)
COLUMN = {header: index for index, header in enumerate(HEADERS)}
FIRST_DATA_ROW = 3  # row 1 the title, row 2 the header


def kid_id(birth: date, seq: int) -> str:
    """A valid ID number: odd ``seq`` is a boy, even a girl."""
    return make_id_number(AREA, birth, seq)


def wrong_check_digit(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


BOY = kid_id(date(2016, 3, 12), 11)
GIRL = kid_id(date(2017, 5, 1), 22)
FATHER = make_id_number(AREA, date(1985, 1, 1), 13)


def row(name: Any = "", id_number: Any = "", **cells: Any) -> list[Any]:
    """A data row; ``cells`` by header (序号 left out), e.g. 班级="一年级1班"."""
    values: list[Any] = [""] * len(HEADERS)
    values[COLUMN["姓名"]] = name
    values[COLUMN["身份证号"]] = id_number
    for header, value in cells.items():
        values[COLUMN[header]] = value
    return values


def make_roster(path: Path, rows: Sequence[Sequence[Any]], sheet: str = "一年级") -> Path:
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    ws.append([TITLE])
    ws.append(list(HEADERS))
    for serial, values in enumerate(rows, start=1):
        ws.append([serial, *values[1:]])
    workbook.save(path)
    return path


def service(db: Database, clock: FakeClock) -> RosterImportService:
    return RosterImportService(db, clock)


def counts(db: Database) -> dict[str, int]:
    with db.session_scope("test") as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Child, Family, Guardian, SchoolClass, AuditEntry)
        }


def children(db: Database) -> dict[str, Child]:
    with db.session_scope("test") as session:
        return {c.name: c for c in session.scalars(select(Child))}


def problems(report: ImportReport, code: str) -> list[roster_import.ImportProblem]:
    return [p for p in report.errors if p.code == code]


def counts_of(report: ImportReport) -> dict[str, int]:
    return {k: v for k, v in report.to_json().items() if k != "errors"}


MIXED = [
    row("王小明", BOY, 性别="男", 班级="一(1)班", 父亲姓名="王大山", 父亲电话="13812345678"),
    row("李小红", GIRL, 班级="一年级1班", 是否寄宿="是"),
    row("张三", "", 出生日期="2016.13.40"),  # bad date: imported, warning
    row("", kid_id(date(2016, 1, 1), 31)),  # no name: rejected
    row("王小明", BOY),  # duplicate of the first row
    row("赵四", wrong_check_digit(kid_id(date(2016, 2, 2), 40))),  # rejected
]


# --- preview and run --------------------------------------------------------------------


def test_preview_writes_nothing_and_counts_like_run(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    path = make_roster(tmp_path / "roster.xlsx", [*MIXED[:5], row("孙五", BOY[:-1] + "Z")])
    before = counts(school_db)
    backups = sorted(school_db.data_dir.backups.glob("*.bak"))
    preview = service(school_db, clock).preview(ADMIN, path)
    assert counts(school_db) == before
    assert sorted(school_db.data_dir.backups.glob("*.bak")) == backups
    assert counts_of(preview) == {
        "imported": 3,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 1,
        "rejected": 2,
        "warnings": 2,  # the bad date and the duplicate row
    }
    ran = service(school_db, clock).run(ADMIN, path)
    assert ran == preview
    after = counts(school_db)
    assert after["child"] == before["child"] + 3
    assert after["audit_log"] == before["audit_log"] + 1


def test_id_stored_as_number_is_rejected_with_its_cell(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    path = make_roster(tmp_path / "r.xlsx", [row("李小红", GIRL), row("王小明", int(BOY))], "二班")
    report = service(school_db, clock).run(ADMIN, path)
    assert (report.imported, report.rejected) == (1, 1)
    [problem] = problems(report, "id_stored_as_number")
    assert (problem.sheet, problem.row, problem.column) == ("二班", FIRST_DATA_ROW + 1, "身份证号")
    assert problem.severity == "error"
    assert "format the ID number column as text" in problem.message
    assert set(children(school_db)) == {"李小红"}


def test_wrong_check_digit_is_rejected(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    path = make_roster(tmp_path / "r.xlsx", [row("王小明", wrong_check_digit(BOY))])
    report = service(school_db, clock).run(ADMIN, path)
    assert report.rejected == 1 and report.imported == 0
    [problem] = problems(report, "id_invalid")
    assert problem.row == FIRST_DATA_ROW and problem.column == "身份证号"
    assert "check digit" in problem.message
    assert children(school_db) == {}


def test_sex_contradicting_the_id_is_rejected(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    path = make_roster(tmp_path / "r.xlsx", [row("王小明", BOY, 性别="女")])
    report = service(school_db, clock).run(ADMIN, path)
    assert report.rejected == 1
    [problem] = problems(report, "id_contradiction")
    assert "male" in problem.message and problem.severity == "error"
    assert children(school_db) == {}


def test_sex_and_birth_date_come_from_the_id(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    path = make_roster(tmp_path / "r.xlsx", [row("李小红", GIRL, 是否寄宿="√", 父母双方外出="否")])
    service(school_db, clock).run(ADMIN, path)
    girl = children(school_db)["李小红"]
    assert (girl.sex, girl.birth_date) == ("F", date(2017, 5, 1))
    assert (girl.boarding, girl.both_parents_away, girl.status) == (True, False, "active")
    assert (girl.name_pinyin, girl.name_initials) == ("li xiao hong", "lxh")


def test_bad_date_imports_blank_with_a_warning(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    path = make_roster(
        tmp_path / "r.xlsx", [row("张三", "", 出生日期="2016.13.40", 父亲电话="1381234")]
    )
    report = service(school_db, clock).run(ADMIN, path)
    assert (report.imported, report.rejected, report.warnings) == (1, 0, 2)
    [bad_date] = problems(report, "bad_date")
    assert (bad_date.column, bad_date.severity) == ("出生日期", "warning")
    assert problems(report, "bad_phone")[0].column == "父亲电话"
    assert children(school_db)["张三"].birth_date is None


def test_missing_name_is_rejected(school_db: Database, clock: FakeClock, tmp_path: Path) -> None:
    path = make_roster(tmp_path / "r.xlsx", [row("", GIRL, 班级="一年级1班"), row("王小明", BOY)])
    report = service(school_db, clock).run(ADMIN, path)
    assert (report.imported, report.rejected) == (1, 1)
    [problem] = problems(report, "name_missing")
    assert (problem.row, problem.column) == (FIRST_DATA_ROW, "姓名")
    assert set(children(school_db)) == {"王小明"}


def test_duplicates_in_the_file_are_counted_not_written(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    rows = [
        row("王小明", BOY),
        row("张三", "", 出生日期="2016-04-01"),
        row("王 小明", BOY, 班级="一年级2班"),  # same ID
        row("张三", "", 出生日期="2016年4月1日"),  # same name and birth date, no ID
        row("张三", "", 出生日期="2016-04-02"),  # another 张三
    ]
    report = service(school_db, clock).run(ADMIN, make_roster(tmp_path / "r.xlsx", rows))
    assert (report.imported, report.duplicates) == (3, 2)
    assert [p.row for p in problems(report, "duplicate_row")] == [5, 6]
    assert counts(school_db)["child"] == 3


def test_reimport_is_unchanged_and_writes_nothing_twice(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    path = make_roster(tmp_path / "r.xlsx", MIXED)
    first = service(school_db, clock).run(ADMIN, path)
    before = counts(school_db)
    again = service(school_db, clock).run(ADMIN, path)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, first.imported)
    after = counts(school_db)
    assert after == {**before, "audit_log": before["audit_log"] + 1}


def test_changed_cell_updates_and_empty_cell_keeps_value(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    full = [
        row("王小明", BOY, 班级="一年级1班", 父亲姓名="王大山", 父亲电话="13812345678"),
        row("李小红", GIRL, 班级="一年级1班"),
    ]
    service(school_db, clock).run(ADMIN, make_roster(tmp_path / "a.xlsx", full))
    changed = [
        row("王小明", BOY, 班级="", 父亲姓名="", 父亲电话="13900001111"),
        row("李小红", GIRL, 班级="一年级1班"),
    ]
    report = service(school_db, clock).run(ADMIN, make_roster(tmp_path / "b.xlsx", changed))
    assert (report.imported, report.updated, report.unchanged) == (0, 1, 1)
    boy = children(school_db)["王小明"]
    with school_db.session_scope("test") as session:
        klass = session.get(SchoolClass, boy.class_id)
        father = session.scalars(select(Guardian).where(Guardian.family_id == boy.family_id)).one()
    assert klass is not None and klass.name == "一年级1班"
    assert (father.name, father.phone) == ("王大山", "13900001111")


def test_siblings_share_one_family(school_db: Database, clock: FakeClock, tmp_path: Path) -> None:
    rows = [
        row("王小明", BOY, 父亲姓名="王大山", 父亲电话="13812345678", 母亲姓名="刘芳"),
        row("王小花", GIRL, 父亲姓名="王大山", 父亲电话="138 1234 5678", 母亲姓名="刘芳"),
        row("陈一", kid_id(date(2016, 6, 6), 51), 父亲身份证号=FATHER),
        row("陈二", kid_id(date(2018, 6, 6), 62), 父亲身份证号=FATHER),
        row("赵五", kid_id(date(2016, 7, 7), 71), 父亲电话="13700000000"),
    ]
    service(school_db, clock).run(ADMIN, make_roster(tmp_path / "r.xlsx", rows))
    kids = children(school_db)
    assert kids["王小明"].family_id == kids["王小花"].family_id is not None
    assert kids["陈一"].family_id == kids["陈二"].family_id is not None
    assert len({k.family_id for k in kids.values()}) == 3
    with school_db.session_scope("test") as session:
        wang = session.scalars(
            select(Guardian.relation).where(Guardian.family_id == kids["王小明"].family_id)
        ).all()
    assert sorted(wang) == ["father", "mother"]  # entered once


def test_class_written_two_ways_is_one_class(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    rows = [row("王小明", BOY, 班级="一(1)班"), row("李小红", GIRL, 班级="一年级1班")]
    service(school_db, clock).run(ADMIN, make_roster(tmp_path / "r.xlsx", rows))
    kids = children(school_db)
    assert kids["王小明"].class_id == kids["李小红"].class_id is not None
    with school_db.session_scope("test") as session:
        classes = session.scalars(select(SchoolClass)).all()
    assert [(c.name, c.grade) for c in classes] == [("一年级1班", 1)]


def test_bad_class_is_a_warning(school_db: Database, clock: FakeClock, tmp_path: Path) -> None:
    path = make_roster(tmp_path / "r.xlsx", [row("王小明", BOY, 班级="火星班")])
    report = service(school_db, clock).run(ADMIN, path)
    assert report.imported == 1 and problems(report, "bad_class")[0].column == "班级"
    assert children(school_db)["王小明"].class_id is None


def test_run_backs_up_and_audits_without_names(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    path = make_roster(tmp_path / "花名册.xlsx", MIXED)
    service(school_db, clock).run(ADMIN, path)
    assert list(school_db.data_dir.backups.glob("*before-import*.bak"))
    with school_db.session_scope("test") as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "roster_import")
        ).one()
    assert entry.actor == "admin"
    assert "花名册.xlsx" in entry.detail and '"imported":3' in entry.detail
    assert "王小明" not in entry.detail and BOY not in entry.detail


def test_failure_writes_nothing(
    school_db: Database, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = counts(school_db)

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(roster_import.audit, "append", broken)
    with pytest.raises(RuntimeError):
        service(school_db, clock).run(ADMIN, make_roster(tmp_path / "r.xlsx", MIXED))
    assert counts(school_db) == before


def test_a_mentor_may_not_import(school_db: Database, clock: FakeClock, tmp_path: Path) -> None:
    path = make_roster(tmp_path / "r.xlsx", MIXED)
    with pytest.raises(PermissionDenied):
        service(school_db, clock).preview(Actor("teacher", "mentor"), path)
    assert counts(school_db)["child"] == 0


def test_five_thousand_rows(school_db: Database, clock: FakeClock, tmp_path: Path) -> None:
    rows = []
    for i in range(5000):
        birth = date(2012 + i % 6, 1 + i % 12, 1 + i % 28)
        rows.append(
            row(
                "王小明"[: 2 + i % 2] + "丽华强"[i % 3],
                kid_id(birth, i % 1000) if i < 4000 else kid_id(birth, i % 1000)[:17] + "?",
                班级=f"{'一二三四五六'[i % 6]}({1 + i % 4})班",
                父亲姓名="王大山",
                父亲电话=f"138{i // 2:08d}",
                是否寄宿="是" if i % 3 else "否",
            )
        )
    path = make_roster(tmp_path / "big.xlsx", rows)
    # (how fast this is belongs in benchmarks/, not in a timed test)
    preview = service(school_db, clock).preview(ADMIN, path)
    report = service(school_db, clock).run(ADMIN, path)
    assert report == preview
    assert report.rejected == 1000 and report.imported + report.duplicates == 4000
    assert counts(school_db)["child"] == report.imported

"""Importing roster files: real .xlsx files built in tmp_path, previewed and imported."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date, datetime
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
from liushou_desktop.errors import UserError
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
    return report.counts()


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


# --- the columns of the official forms ------------------------------------------------------

FORM_HEADERS = (
    "序号",
    "姓名",
    "身份证号",
    "是否登记户口",
    "就学情况",
    "监护类型",
    "无监护能力一方",
    "家庭经济来源",
    "救助帮扶情况",
    "困境类别",
    "残疾类别及等级",
    "留守类型",
    "有无委托监护人",
    "委托监护人姓名",
    "与儿童关系",
    "身体情况",
    "性别",
)


def make_sheet(path: Path, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "花名册"
    sheet.append([TITLE])
    sheet.append(list(headers))
    for serial, values in enumerate(rows, start=1):
        sheet.append([serial, *values])
    workbook.save(path)
    return path


def family_of(db: Database, child: Child) -> tuple[Family, list[Guardian]]:
    with db.session_scope("test") as session:
        family = session.get(Family, child.family_id)
        assert family is not None
        people = session.scalars(select(Guardian).where(Guardian.family_id == family.id)).all()
        return family, list(people)


def test_the_official_form_columns_are_imported(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    rows = [
        ("王小明", BOY, "是", "小学", "较好", "母亲", "打工收入、种养殖业", "低保，临时救助",
         "特困;残障", "肢体 二级", "父母双方外出", "有", "王奶奶", "祖母", "残疾", "男"),
        ("李小红", GIRL, "否", "幼儿园", "很差", "父", "打工收入、彩票", "", "",
         "视力残疾一级", "一方外出、另一方无监护能力", "否", "李叔", "叔叔", "", ""),
    ]  # fmt: skip
    report = service(school_db, clock).run(
        ADMIN, make_sheet(tmp_path / "r.xlsx", FORM_HEADERS, rows)
    )
    assert (report.imported, report.rejected) == (2, 0)
    assert [(p.row, p.column, p.code) for p in report.errors] == [
        (4, "监护类型", "bad_choice"),
        (4, "家庭经济来源", "unknown_words"),
    ]
    assert "彩票" in report.errors[1].message and report.errors[1].severity == "warning"
    kids = children(school_db)
    boy, girl = kids["王小明"], kids["李小红"]
    assert (boy.hukou_registered, boy.schooling_stage, boy.guardianship_type) == (
        True,
        "primary",
        "good",
    )
    assert (boy.unable_parent, boy.categories, boy.health) == (
        "mother",
        ["hardship", "disability"],
        "disabled",
    )
    assert (boy.disability_type, boy.disability_grade) == ("肢体", "二级")
    assert (boy.both_parents_away, boy.one_parent_away_other_unable) == (True, False)
    family, people = family_of(school_db, boy)
    assert (family.income_sources, family.assistance) == (
        ["migrant_work", "farming"],
        ["dibao", "temporary"],
    )
    [grandma] = people
    assert (grandma.name, grandma.relation, grandma.is_entrusted_guardian) == (
        "王奶奶",
        "paternal_grandmother",
        True,
    )
    assert (girl.hukou_registered, girl.schooling_stage, girl.guardianship_type) == (
        False,
        "kindergarten",
        "",
    )
    assert (girl.disability_type, girl.disability_grade, girl.unable_parent) == (
        "视力残疾",
        "一级",
        "father",
    )
    assert (girl.both_parents_away, girl.one_parent_away_other_unable) == (False, True)
    family, [uncle] = family_of(school_db, girl)
    assert family.income_sources == ["migrant_work"]  # the known word kept
    assert (uncle.relation, uncle.relation_note, uncle.is_entrusted_guardian) == (
        "other",
        "叔叔",
        False,
    )


def test_empty_cells_keep_and_changed_cells_update_the_new_fields(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    first = [("王小明", BOY, "是", "小学", "较好", "母亲", "打工收入", "低保", "特困",
              "肢体 二级", "父母双方外出", "", "", "", "", "")]  # fmt: skip
    service(school_db, clock).run(ADMIN, make_sheet(tmp_path / "a.xlsx", FORM_HEADERS, first))
    blank = [("王小明", BOY, *[""] * 14)]
    again = service(school_db, clock).run(
        ADMIN, make_sheet(tmp_path / "b.xlsx", FORM_HEADERS, blank)
    )
    assert (again.updated, again.unchanged) == (0, 1)
    boy = children(school_db)["王小明"]
    assert (boy.schooling_stage, boy.categories, boy.disability_grade) == (
        "primary",
        ["hardship"],
        "二级",
    )
    changed = [("王小明", BOY, "", "初中", "", "", "打工收入、政府救助", "", "", "", "", "", "",
                "", "", "")]  # fmt: skip
    report = service(school_db, clock).run(
        ADMIN, make_sheet(tmp_path / "c.xlsx", FORM_HEADERS, changed)
    )
    assert (report.updated, report.unchanged) == (1, 0)
    boy = children(school_db)["王小明"]
    family, _ = family_of(school_db, boy)
    assert (boy.schooling_stage, boy.guardianship_type) == ("junior", "good")
    assert (family.income_sources, family.assistance) == (
        ["migrant_work", "government_aid"],
        ["dibao"],
    )


def test_every_word_the_export_writes_reads_back_to_its_code(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    from liushou_desktop.domain import form_words as fw

    headers = ["序号", "姓名", "出生日期", "就学情况", "监护类型", "无监护能力一方"]
    headers += ["身体情况", "性别", "困境类别", "家庭经济来源", "救助帮扶情况", "是否寄宿"]
    singles = (fw.SCHOOLING_STAGES, fw.GUARDIANSHIP_TYPES, fw.UNABLE_PARENT, fw.HEALTH, fw.SEX)
    longest = max(len(t) for t in singles)
    rows, expected = [], []
    for i in range(longest):
        codes = [list(t)[i % len(t)] for t in singles]
        name = "测试" + "甲乙丙丁戊己庚辛壬癸"[i]
        cells = [fw.word(t, c) for t, c in zip(singles, codes, strict=True)]
        lists = [fw.words(t, list(t)) for t in (fw.CATEGORIES, fw.INCOME_SOURCES, fw.ASSISTANCE)]
        rows.append((name, f"2016-01-{i + 1:02d}", *cells, *lists, fw.yes_no(i % 2 == 0)))
        expected.append((name, codes))
    path = make_sheet(tmp_path / "w.xlsx", headers, rows)
    report = service(school_db, clock).run(ADMIN, path)
    assert (report.imported, report.warnings) == (longest, 0)
    kids = children(school_db)
    for name, codes in expected:
        kid = kids[name]
        stored = [kid.schooling_stage, kid.guardianship_type, kid.unable_parent, kid.health]
        assert [*stored, kid.sex] == codes
        assert kid.categories == list(fw.CATEGORIES)
        family, _ = family_of(school_db, kid)
        assert family.income_sources == list(fw.INCOME_SOURCES)
        assert family.assistance == list(fw.ASSISTANCE)
    again = service(school_db, clock).run(ADMIN, path)
    assert (again.imported, again.updated, again.unchanged) == (0, 0, longest)


@pytest.mark.parametrize("form", ["roster", "register"])
def test_export_then_import_changes_nothing(
    school_db: Database, clock: FakeClock, tmp_path: Path, form: str
) -> None:
    from liushou_desktop.domain.roster_export import RosterExportService

    rows = [
        ("王小明", BOY, "是", "小学", "较好", "母亲", "打工收入、种养殖业", "低保，临时救助",
         "特困;残障", "肢体 二级", "父母双方外出", "有", "王奶奶", "祖母", "残疾", "男"),
        ("李小红", GIRL, "否", "初中", "一般", "", "政府救助", "", "", "",
         "一方外出另一方无监护能力", "有", "李叔", "叔叔", "健康", ""),
    ]  # fmt: skip
    path = make_sheet(tmp_path / "r.xlsx", FORM_HEADERS, rows)
    service(school_db, clock).run(ADMIN, path)
    full = make_roster(
        tmp_path / "more.xlsx",
        [row("赵四", kid_id(date(2016, 2, 2), 41), 班级="一年级1班", 父亲姓名="赵大",
             父亲电话="13812345678", 父亲身份证号=FATHER, 母亲姓名="钱芳", 是否寄宿="是")],
    )  # fmt: skip
    service(school_db, clock).run(ADMIN, full)
    exported = tmp_path / f"{form}.xlsx"
    RosterExportService(school_db, clock).export(ADMIN, exported, form)
    report = service(school_db, clock).run(ADMIN, exported)
    assert (report.imported, report.updated, report.rejected) == (0, 0, 0)
    assert report.unchanged == 3


# --- the messy rosters schools keep, imported end to end ------------------------------------


@pytest.mark.parametrize(
    ("header", "cell", "expected"),
    [
        ("出生日期", "2015.3.12", date(2015, 3, 12)),
        ("出生日期", "2015-03-12", date(2015, 3, 12)),
        ("出生日期", "2015/03/12", date(2015, 3, 12)),
        ("出生日期", "2015年3月12日", date(2015, 3, 12)),
        ("出生日期", "20150312", date(2015, 3, 12)),
        ("出生日期", datetime(2015, 3, 12), date(2015, 3, 12)),
        ("出生年月", "2015.3", date(2015, 3, 1)),
        ("出生年月", "2015年3月", date(2015, 3, 1)),
        ("出生年月", "201503", date(2015, 3, 1)),
        ("出生年月", datetime(2015, 3, 12), date(2015, 3, 12)),
    ],
)
def test_every_date_form_is_imported(
    school_db: Database, clock: FakeClock, tmp_path: Path, header: str, cell: Any, expected: date
) -> None:
    path = make_sheet(tmp_path / "d.xlsx", ("序号", "姓名", header), [("张三", cell)])
    report = service(school_db, clock).run(ADMIN, path)
    assert (report.imported, report.warnings) == (1, 0)
    assert children(school_db)["张三"].birth_date == expected


@pytest.mark.parametrize("cell", [5.20526201603121e17, "5.20526E+17", "5.20526201603121E17"])
def test_an_id_as_a_number_or_in_scientific_notation_is_rejected(
    school_db: Database, clock: FakeClock, tmp_path: Path, cell: Any
) -> None:
    path = make_sheet(tmp_path / "n.xlsx", ("序号", "姓名", "身份证号"), [("王小明", cell)])
    report = service(school_db, clock).run(ADMIN, path)
    assert (report.imported, report.rejected) == (0, 1)
    [problem] = report.errors
    assert (problem.code, problem.column, problem.severity) == (
        "id_stored_as_number",
        "身份证号",
        "error",
    )
    assert "format the ID number column as text" in problem.message


def test_a_messy_workbook_with_one_sheet_per_class(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    """Title and 填表人 rows above the header, merged cells, synonyms, a sheet per class,
    a sheet without a roster, blank rows, rows holding only a serial, a footer."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    notes = workbook.create_sheet("填表说明")
    notes.append(["请按要求填写，身份证号设为文本格式"])
    for klass, kids in (("一年级", [("王小明", BOY), ("李小红", GIRL)]), ("二年级", [])):
        sheet = workbook.create_sheet(klass)
        sheet.append([TITLE])
        sheet.merge_cells("A1:F1")
        sheet.append(["填表人：张老师", None, None, "填表日期：2024年3月1日"])
        sheet.append([])
        sheet.append(["序号", "学生姓名", "公民身份号码", "出生年月", "所在班级", "父亲联系电话"])
        start = sheet.max_row + 1
        for serial, (name, number) in enumerate(kids, start=1):
            sheet.append([serial, name, number, None, "一(1)班" if serial == 1 else None, None])
            sheet.append([])
        sheet.append([len(kids) + 1])  # a serial number and nothing else
        sheet.append([len(kids) + 2, "陈一", "", "2016.5", "二年级2班", "13812345678"])
        if kids:
            sheet.merge_cells(f"E{start}:E{start + 2}")  # the class, merged down
        sheet.append(["合计：3人"])
        sheet.append(["填表人：张老师"])
    path = tmp_path / "花名册.xlsx"
    workbook.save(path)
    report = service(school_db, clock).run(ADMIN, path)
    assert report.counts() == {
        "imported": 3,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 1,  # 陈一 on both class sheets
        "rejected": 0,
        "warnings": 1,
    }
    kids = children(school_db)
    assert set(kids) == {"王小明", "李小红", "陈一"}
    with school_db.session_scope("test") as session:
        classes = {c.id: c.name for c in session.scalars(select(SchoolClass))}
    assert classes[kids["王小明"].class_id] == classes[kids["李小红"].class_id] == "一年级1班"
    assert classes[kids["陈一"].class_id] == "二年级2班"
    assert kids["陈一"].birth_date == date(2016, 5, 1)


CSV_ROWS = [
    ["阳光小学三年级留守儿童名单"],
    ["序号", "姓名", "身份证号码", "父亲电话", "家庭经济来源"],
    ["1", "王小明", BOY, "138 1234 5678", "打工收入、种养殖业"],
    ["2", "", "", "", ""],
    ["3", "李小红", GIRL, "", "政府救助"],
]


def test_a_gbk_csv_from_excel_on_chinese_windows_imports(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    path = tmp_path / "三年级.csv"
    with path.open("w", encoding="gbk", newline="") as file:
        csv.writer(file).writerows(CSV_ROWS)
    report = service(school_db, clock).run(ADMIN, path)
    assert (report.imported, report.rejected, report.warnings) == (2, 0, 0)
    boy = children(school_db)["王小明"]
    family, [father] = family_of(school_db, boy)
    assert (father.phone, family.income_sources) == ("13812345678", ["migrant_work", "farming"])


def test_a_legacy_xls_imports(school_db: Database, clock: FakeClock, tmp_path: Path) -> None:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("三年级")
    sheet.write_merge(0, 0, 0, 4, TITLE)
    for c, text in enumerate(["班级", "姓名", "身份证号", "出生日期", "父亲电话"]):
        sheet.write(1, c, text)
    sheet.write_merge(2, 3, 0, 0, "三年级1班")
    sheet.write(2, 1, "王小明")
    sheet.write(2, 2, BOY)
    sheet.write(2, 4, "13812345678")
    sheet.write(3, 1, "张三")
    sheet.write(3, 3, datetime(2015, 1, 1), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    path = tmp_path / "old.xls"
    workbook.save(str(path))
    report = service(school_db, clock).run(ADMIN, path)
    assert (report.imported, report.rejected, report.warnings) == (2, 0, 0)
    kids = children(school_db)
    assert kids["张三"].birth_date == date(2015, 1, 1)
    assert kids["王小明"].class_id == kids["张三"].class_id is not None


def test_files_that_cannot_be_imported_give_a_clear_error(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    not_a_workbook = tmp_path / "花名册.xlsx"
    not_a_workbook.write_bytes(b"hello, this is not a spreadsheet" * 10)
    encrypted = tmp_path / "加密.xlsx"
    encrypted.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000) + "EncryptedPackage".encode("utf-16-le")
    )
    huge = tmp_path / "huge.xlsx"
    with huge.open("wb") as file:
        file.truncate(60 * 2**20)  # sparse: takes no room on the disk
    expected = {
        not_a_workbook: "is not a spreadsheet",
        encrypted: "protected with a password",
        huge: "too large to import",
    }
    for path, message in expected.items():
        with pytest.raises(UserError, match=message):
            service(school_db, clock).preview(ADMIN, path)
        with pytest.raises(UserError, match=message):
            service(school_db, clock).run(ADMIN, path)
    assert counts(school_db)["child"] == 0
    assert not list(school_db.data_dir.backups.glob("*before-import*"))


def test_a_sheet_named_after_a_class_gives_its_rows_that_class(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    book = Workbook()
    by_class = book.active
    by_class.title = "三年级(2)班"
    by_class.append(["姓名", "身份证号"])
    by_class.append(["王小明", BOY])
    grade = book.create_sheet("二年级")  # a grade's sheet: its rows may be in any class
    grade.append(["姓名", "身份证号"])
    grade.append(["李小红", GIRL])
    path = tmp_path / "by-class.xlsx"
    book.save(path)
    report = service(school_db, clock).run(ADMIN, path)
    assert (report.imported, report.warnings) == (2, 0)
    with school_db.session_scope("test") as session:
        classes = dict(
            session.execute(
                select(Child.name, SchoolClass.name).outerjoin(
                    SchoolClass, Child.class_id == SchoolClass.id
                )
            ).all()
        )
    assert classes == {"王小明": "三年级2班", "李小红": None}

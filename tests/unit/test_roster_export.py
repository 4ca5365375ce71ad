"""Exporting the 花名册 and the 登记表: real workbooks written, read back and re-imported."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    AuditEntry,
    Child,
    Family,
    Guardian,
    School,
    SchoolClass,
    Teacher,
)
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.demo_data import COUNTY_CODES
from liushou_desktop.domain.id_numbers import make_id_number
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.pinyin import name_pinyin
from liushou_desktop.domain.roster_export import (
    AUDIT_ACTION,
    FORM_REGISTER,
    FORM_ROSTER,
    REGISTER_COLUMNS,
    ROSTER_COLUMNS,
    ExportResult,
    RosterExportService,
    class_ids_for,
    headers,
)
from liushou_desktop.domain.roster_import import RosterImportService
from liushou_desktop.errors import UserError
from liushou_desktop.io.roster_headers import field_for, field_for_text, header_parts
from liushou_desktop.io.xlsx import FormColumn, header_rows
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
AREA = COUNTY_CODES[0]
TITLE = "阳光小学留守儿童花名册"
FORMULA = '=HYPERLINK("http://evil.example","点我")'

# What the importer must read each header as: every column the export writes.
ROSTER_FIELDS = {
    "序号": "serial",
    "姓名": "name",
    "性别": "sex",
    "民族": "ethnicity",
    "出生日期": "birth_date",
    "身份证号": "id_number",
    "学籍号": "student_number",
    "班级": "class_name",
    "是否寄宿": "boarding",
    "就学情况": "schooling_stage",
    "是否登记户口": "hukou_registered",
    "户籍所在地": "hukou_place",
    "现居住地": "current_address",
    "身体情况": "health",
    "残疾类别": "disability_type",
    "残疾等级": "disability_grade",
    "患病类型": "illness_type",
    **{
        f"{label}{attr}": f"{prefix}_{field}"
        for label, prefix in (("父亲", "father"), ("母亲", "mother"))
        for attr, field in (
            ("姓名", "name"),
            ("身份证号", "id_number"),
            ("电话", "phone"),
            ("务工省份", "work_province"),
            ("务工城市", "work_city"),
            ("工作单位", "employer"),
        )
    },
    "委托监护人姓名": "guardian_name",
    "委托监护人电话": "guardian_phone",
    "委托监护人关系": "guardian_relation",
    "监护类型": "guardianship_type",
    "父母双方外出": "both_parents_away",
    "父母一方外出、另一方无监护能力": "one_parent_away_other_unable",
    "无监护能力一方": "unable_parent",
    "困境类别": "categories",
    "家庭经济来源": "income_sources",
    "救助帮扶情况": "assistance",
}
_PARENT = {
    "姓名": "name",
    "出生日期": "birth_date",
    "公民身份证号码": "id_number",
    "省": "work_province",
    "市": "work_city",
    "联系电话": "phone",
}
REGISTER_FIELDS = {
    ("序号",): "serial",
    ("姓名",): "name",
    ("性别",): "sex",
    ("民族",): "ethnicity",
    ("出生日期",): "birth_date",
    ("公民身份证号码",): "id_number",
    ("是否登记户口",): "hukou_registered",
    ("户籍所在地",): "hukou_place",
    ("现居住地",): "current_address",
    ("身体情况",): "health",
    ("残疾类别及等级",): "disability",
    ("患病类型",): "illness_type",
    ("是否学校寄宿",): "boarding",
    ("就学情况",): "schooling_stage",
    **{
        (label, attr): f"{prefix}_{field}"
        for label, prefix in (
            ("祖父", "grandfather"),
            ("祖母", "grandmother"),
            ("外祖父", "maternal_grandfather"),
            ("外祖母", "maternal_grandmother"),
        )
        for attr, field in (("姓名", "name"), ("出生日期", "birth_date"))
    },
    **{
        (label, attr): f"{prefix}_{field}"
        for label, prefix in (("父亲", "father"), ("母亲", "mother"))
        for attr, field in _PARENT.items()
    },
    ("父母双方同时外出",): "both_parents_away",
    ("父母一方外出、另一方无监护能力",): "one_parent_away_other_unable",
    ("无监护能力一方",): "unable_parent",
    ("有无委托监护人",): "has_entrusted_guardian",
    ("委托监护人", "姓名"): "guardian_name",
    ("委托监护人", "联系电话"): "guardian_phone",
    ("委托监护人", "公民身份证号码"): "guardian_id_number",
    ("委托监护人", "与被监护人关系"): "guardian_relation",
    ("委托监护人", "居住地址"): "guardian_address",
    ("监护类型",): "guardianship_type",
    ("家庭经济来源",): "income_sources",
    ("救助帮扶情况",): "assistance",
}


# --- a school whose records fill every field the importer reads ---------------------------


def kid(birth: date, seq: int) -> str:
    return make_id_number(AREA, birth, seq)


def _child(school_id: str, class_id: str | None, family_id: str | None, **values: Any) -> Child:
    full, initials = name_pinyin(values["name"])
    return Child(
        school_id=school_id,
        class_id=class_id,
        family_id=family_id,
        name_pinyin=full,
        name_initials=initials,
        **values,
    )


def fill_school(db: Database) -> dict[str, str]:
    """Three families, four classes, seven children (one inactive); returns names -> ids."""
    ids: dict[str, str] = {}
    with db.session_scope("test") as s:
        school = s.scalars(select(School)).one()
        teacher = Teacher(school_id=school.id, name="陈老师")
        s.add(teacher)
        s.flush()
        classes = {}
        for grade, name in (
            (1, "一年级1班"),
            (1, "一年级2班"),
            (1, "一年级10班"),
            (3, "三年级1班"),
        ):
            klass = SchoolClass(school_id=school.id, grade=grade, name=name)
            if name == "一年级2班":
                klass.class_teacher_id = teacher.id
            s.add(klass)
            s.flush()
            classes[name] = klass.id
        ids["teacher"] = teacher.id
        wang = Family(
            school_id=school.id,
            address="新场镇红岩村3组",
            home_phone="0851-8123456",
            income_sources=["farming", "migrant_work"],
            assistance=["dibao", "medical"],
        )
        li = Family(school_id=school.id, income_sources=["government_aid"], assistance=[])
        ma = Family(school_id=school.id)
        s.add_all([wang, li, ma])
        s.flush()
        s.add_all(
            [
                Guardian(
                    family_id=wang.id,
                    relation="father",
                    name="王大山",
                    birth_date=date(1985, 1, 1),
                    id_number=make_id_number(AREA, date(1985, 1, 1), 13),
                    phone="13812345678",
                    work_province="广东省",
                    work_city="东莞市",
                    employer="东莞长安电子厂",
                    works_away=True,
                ),
                Guardian(
                    family_id=wang.id,
                    relation="mother",
                    name="李秀英",
                    birth_date=date(1987, 6, 5),
                    id_number=make_id_number(AREA, date(1987, 6, 5), 24),
                    phone="0566-8125908",
                    work_province="浙江省",
                    work_city="宁波市",
                    employer="宁波服装厂",
                    works_away=True,
                ),
                Guardian(
                    family_id=wang.id,
                    relation="paternal_grandfather",
                    name="王德福",
                    birth_date=date(1955, 3, 1),
                ),
                Guardian(
                    family_id=wang.id,
                    relation="paternal_grandmother",
                    name="张桂兰",
                    birth_date=date(1957, 8, 9),
                ),
                Guardian(
                    family_id=wang.id,
                    relation="maternal_grandfather",
                    name="李国强",
                    birth_date=date(1958, 2, 2),
                ),
                Guardian(
                    family_id=wang.id,
                    relation="maternal_grandmother",
                    name="赵玉梅",
                    birth_date=date(1960, 12, 24),
                ),
                Guardian(
                    family_id=wang.id,
                    relation="other",
                    relation_note="叔侄",
                    name="王小川",
                    phone="13987654321",
                    id_number=make_id_number(AREA, date(1990, 4, 4), 35),
                    address=FORMULA.replace("=", "镇上", 1),
                    is_entrusted_guardian=True,
                ),
                Guardian(family_id=li.id, relation="father", name="李强", phone="15011112222"),
                Guardian(family_id=li.id, relation="mother", name="周芳"),
            ]
        )
        children = [
            _child(
                school.id,
                classes["一年级1班"],
                wang.id,
                name="王小明",
                sex="M",
                ethnicity="汉族",
                birth_date=date(2019, 3, 12),
                id_number=kid(date(2019, 3, 12), 11),
                student_number="G" + kid(date(2019, 3, 12), 11),
                hukou_registered=True,
                hukou_place="贵州省黔南州新场镇",
                current_address="新场镇红岩村3组",
                health="disabled",
                disability_type="肢体残疾",
                disability_grade="四级",
                boarding=False,
                schooling_stage="primary",
                both_parents_away=True,
                one_parent_away_other_unable=False,
                guardianship_type="fair",
                categories=["priority", "disability"],
            ),
            _child(
                school.id,
                classes["三年级1班"],
                wang.id,
                name="王小红",
                sex="F",
                ethnicity="布依族",
                birth_date=date(2017, 5, 1),
                id_number=kid(date(2017, 5, 1), 22),
                hukou_registered=True,
                hukou_place="贵州省黔南州新场镇",
                current_address="新场镇红岩村3组",
                health="ill",
                illness_type="哮喘",
                boarding=True,
                schooling_stage="primary",
                both_parents_away=True,
                one_parent_away_other_unable=False,
                guardianship_type="good",
                categories=["talent"],
            ),
            _child(
                school.id,
                classes["一年级2班"],
                li.id,
                name="李想",
                sex="M",
                birth_date=date(2019, 7, 7),
                id_number=kid(date(2019, 7, 7), 33),
                hukou_registered=False,
                current_address=FORMULA,
                boarding=False,
                schooling_stage="primary",
                both_parents_away=False,
                one_parent_away_other_unable=True,
                unable_parent="mother",
                guardianship_type="parent_unable",
                categories=["hardship"],
            ),
            _child(
                school.id,
                classes["一年级10班"],
                ma.id,
                name="阿依古丽·买买提",
                sex="F",
                ethnicity="维吾尔族",
                birth_date=date(2019, 10, 1),
                health="healthy",
                guardianship_type="none",
            ),
            _child(
                school.id,
                None,
                None,
                name="赵小燕",
                sex="F",
                birth_date=date(2018, 2, 2),
                id_number=kid(date(2018, 2, 2), 44),
            ),
            _child(
                school.id,
                classes["一年级1班"],
                None,
                name="钱多多",
                sex="M",
                birth_date=date(2019, 1, 5),
                id_number=kid(date(2019, 1, 5), 55),
                status="transferred",
            ),
        ]
        s.add_all(children)
        s.flush()
        ids.update({c.name: c.id for c in children})
        ids.update(classes)
    return ids


@pytest.fixture
def school(school_db: Database) -> Iterator[tuple[Database, dict[str, str]]]:
    yield school_db, fill_school(school_db)


def export(db: Database, clock: FakeClock, path: Path, **kwargs: Any) -> ExportResult:
    return RosterExportService(db, clock).export(ADMIN, path, **kwargs)


def values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    workbook = load_workbook(path)
    try:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}
    finally:
        workbook.close()


def data_rows(path: Path, sheet: str, header_rows_: int = 1) -> list[dict[str, Any]]:
    rows = values(path)[sheet]
    header = rows[header_rows_]
    body = rows[1 + header_rows_ :]
    return [dict(zip(header, r, strict=True)) for r in body if r[1] is not None]


def canonical_dump(db: Database) -> str:
    """Every child, guardian and family row, without the sync bookkeeping that an
    unchanged write may not touch anyway (clock, updated_at, changed_by)."""
    skip = {"clock", "updated_at", "changed_by"}
    out = {}
    with db.session_factory() as session:
        for model in (Child, Guardian, Family, SchoolClass):
            table = model.__table__
            columns = [c for c in table.columns if c.key not in skip]
            rows = session.execute(select(*columns).order_by(table.c.id)).all()
            out[table.name] = [list(r) for r in rows]
    return json.dumps(out, ensure_ascii=False, default=str, sort_keys=True)


# --- the headers mean what they say ---------------------------------------------------------


def test_every_roster_header_reads_back_as_its_field() -> None:
    written = [h[0] for h in headers(FORM_ROSTER)]
    assert all(len(h) == 1 for h in headers(FORM_ROSTER))
    assert written == list(ROSTER_FIELDS)
    for text, field in ROSTER_FIELDS.items():
        assert field_for_text(text) == field, text


def test_every_register_header_path_reads_back_as_its_field() -> None:
    assert list(headers(FORM_REGISTER)) == list(REGISTER_FIELDS)
    for path, field in REGISTER_FIELDS.items():
        parts = [p for text in path for p in header_parts(text)]
        assert field_for(parts) == field, path
    fields = list(REGISTER_FIELDS.values())
    assert len(set(fields)) == len(fields)


def test_header_rows_merge_groups_and_single_cells() -> None:
    columns = [FormColumn(h, 8) for h in (("序号",), ("父亲", "姓名"), ("父亲", "省"), ("备注",))]
    rows, merges = header_rows(columns)
    assert rows == [["序号", "父亲", "", "备注"], ["", "姓名", "省", ""]]
    assert sorted(merges) == [(1, 1, 2, 1), (1, 2, 1, 3), (1, 4, 2, 4)]


# --- the 花名册 ------------------------------------------------------------------------------


def test_roster_has_one_sheet_per_class_in_order(
    school: tuple[Database, dict[str, str]], clock: FakeClock, tmp_path: Path
) -> None:
    db, _ = school
    result = export(db, clock, tmp_path / "花名册.xlsx")
    assert result == ExportResult(tmp_path / "花名册.xlsx", 5, 5)
    sheets = values(result.path)
    assert list(sheets) == ["一年级1班", "一年级2班", "一年级10班", "三年级1班", "未分班"]
    names = {title: [r["姓名"] for r in data_rows(result.path, title)] for title in sheets}
    assert names["一年级1班"] == ["王小明"]  # 钱多多 was transferred out
    assert names["未分班"] == ["赵小燕"]
    assert all(rows[0][0] == TITLE for rows in sheets.values())
    # the sign-off line under the data
    assert sheets["一年级1班"][-1][0].startswith("填表人")


def test_roster_cells_are_typed_and_the_sheet_prints_well(
    school: tuple[Database, dict[str, str]], clock: FakeClock, tmp_path: Path
) -> None:
    db, _ = school
    path = export(db, clock, tmp_path / "r.xlsx").path
    workbook = load_workbook(path)
    ws = workbook["一年级1班"]
    header = [c.value for c in ws[2]]
    col = {text: index + 1 for index, text in enumerate(header)}
    assert "A1:" + get_column_letter(len(header)) + "1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$2:$2"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    name_header = ws.cell(2, col["姓名"])
    assert name_header.font.bold and name_header.fill.fgColor.rgb.endswith("DDEBF7")
    assert ws.column_dimensions["F"].width == 20  # 身份证号
    id_cell = ws.cell(3, col["身份证号"])
    assert id_cell.value == kid(date(2019, 3, 12), 11)
    assert (id_cell.data_type, id_cell.number_format) == ("s", "@")
    assert id_cell.border.left.style == "thin"
    birth = ws.cell(3, col["出生日期"])
    assert birth.is_date and birth.number_format == "yyyy-mm-dd"
    assert birth.value.date() == date(2019, 3, 12)
    phone = ws.cell(3, col["母亲电话"])
    assert (phone.value, phone.data_type, phone.number_format) == ("0566-8125908", "s", "@")
    serial = ws.cell(3, col["序号"])
    assert serial.value == 1 and serial.data_type == "n"
    workbook.close()


def test_roster_writes_the_forms_words(
    school: tuple[Database, dict[str, str]], clock: FakeClock, tmp_path: Path
) -> None:
    db, _ = school
    path = export(db, clock, tmp_path / "r.xlsx").path
    (ming,) = data_rows(path, "一年级1班")
    assert ming["性别"] == "男"
    assert ming["是否寄宿"] == "否"
    assert ming["就学情况"] == "小学"
    assert ming["身体情况"] == "残疾"
    assert (ming["残疾类别"], ming["残疾等级"]) == ("肢体残疾", "四级")
    assert ming["监护类型"] == "一般"
    assert ming["父母双方外出"] == "是"
    assert ming["困境类别"] == "残障、重点帮扶对象"  # in the table's order
    assert ming["家庭经济来源"] == "打工收入、种养殖业"
    assert ming["救助帮扶情况"] == "低保、医疗救助"
    assert ming["父亲务工省份"] == "广东省" and ming["母亲务工城市"] == "宁波市"
    assert (ming["委托监护人姓名"], ming["委托监护人关系"]) == ("王小川", "叔侄")
    (li,) = data_rows(path, "一年级2班")
    assert (li["无监护能力一方"], li["监护类型"], li["是否登记户口"]) == (
        "母亲",
        "父或母无监护能力",
        "否",
    )
    assert li["委托监护人姓名"] is None and li["家庭经济来源"] == "政府救助"


def test_formula_like_text_is_neutralised(
    school: tuple[Database, dict[str, str]], clock: FakeClock, tmp_path: Path
) -> None:
    db, _ = school
    for form in (FORM_ROSTER, FORM_REGISTER):
        path = export(db, clock, tmp_path / f"{form}.xlsx", form=form).path
        workbook = load_workbook(path)
        cells = [c for ws in workbook.worksheets for row in ws.iter_rows() for c in row]
        workbook.close()
        assert not [c for c in cells if c.data_type == "f"]
        texts = [c.value for c in cells if isinstance(c.value, str)]
        assert "'" + FORMULA in texts  # 李想's address
        assert not [t for t in texts if t.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_the_same_data_gives_the_same_cells(
    school: tuple[Database, dict[str, str]], clock: FakeClock, tmp_path: Path
) -> None:
    db, _ = school
    for form in (FORM_ROSTER, FORM_REGISTER):
        first = values(export(db, clock, tmp_path / f"a-{form}.xlsx", form=form).path)
        clock.value = clock.value.replace(year=clock.value.year + 1)
        second = values(export(db, clock, tmp_path / f"b-{form}.xlsx", form=form).path)
        assert first == second


# --- the 登记表 ------------------------------------------------------------------------------


def test_register_has_the_official_two_row_header(
    school: tuple[Database, dict[str, str]], clock: FakeClock, tmp_path: Path
) -> None:
    db, _ = school
    result = export(db, clock, tmp_path / "登记表.xlsx", form=FORM_REGISTER)
    assert (result.rows, result.sheets) == (5, 1)
    workbook = load_workbook(result.path)
    ws = workbook.active
    assert ws.title == "登记表" and ws.freeze_panes == "A4" and ws.print_title_rows == "$2:$3"
    merged = {str(r) for r in ws.merged_cells.ranges}
    top = [c.value for c in ws[2]]
    below = [c.value for c in ws[3]]
    father = top.index("父亲")
    assert below[father : father + 6] == [
        "姓名",
        "出生日期",
        "公民身份证号码",
        "省",
        "市",
        "联系电话",
    ]
    assert f"{get_column_letter(father + 1)}2:{get_column_letter(father + 6)}2" in merged
    assert "A2:A3" in merged and "B2:B3" in merged  # 序号, 姓名 span both rows
    workbook.close()
    rows = values(result.path)["登记表"][3:8]
    ming = dict(zip([(t or b) for t, b in zip(top, below, strict=True)], rows[0], strict=True))
    assert ming["姓名"] == "王小明"
    assert ming["残疾类别及等级"] == "肢体残疾 四级"
    assert ming["有无委托监护人"] == "是"
    row = rows[0]
    assert row[father] == "王大山" and row[father + 3 : father + 5] == ("广东省", "东莞市")
    grandma = top.index("外祖母")
    assert row[grandma] == "赵玉梅" and row[grandma + 1].date() == date(1960, 12, 24)


# --- round trip: export, then import the same file: nothing changes -------------------------


def assert_round_trip(db: Database, clock: FakeClock, path: Path, children: int) -> None:
    before = canonical_dump(db)
    service = RosterImportService(db, clock)
    preview = service.preview(ADMIN, path)
    expected = {
        "imported": 0,
        "updated": 0,
        "unchanged": children,
        "duplicates": 0,
        "rejected": 0,
        "warnings": 0,
    }
    assert {k: preview.to_json()[k] for k in expected} == expected, preview.errors
    report = service.run(ADMIN, path)
    assert {k: report.to_json()[k] for k in expected} == expected
    assert canonical_dump(db) == before


@pytest.mark.parametrize("form", [FORM_ROSTER, FORM_REGISTER])
def test_round_trip_changes_nothing(
    school: tuple[Database, dict[str, str]], clock: FakeClock, tmp_path: Path, form: str
) -> None:
    db, _ = school
    with db.session_factory() as session:  # neutralised text: see the neutralising test
        session.get(Child, school[1]["李想"]).current_address = "新场镇"  # type: ignore[union-attr]
        session.commit()
    path = export(db, clock, tmp_path / f"{form}.xlsx", form=form).path
    assert_round_trip(db, clock, path, 5)


@pytest.mark.parametrize("form", [FORM_ROSTER, FORM_REGISTER])
def test_round_trip_keeps_formula_like_text(
    school: tuple[Database, dict[str, str]], clock: FakeClock, tmp_path: Path, form: str
) -> None:
    """李想's address starts with "=": written as '=..., it must import as it was."""
    db, _ = school
    path = export(db, clock, tmp_path / f"{form}.xlsx", form=form).path
    assert_round_trip(db, clock, path, 5)


@pytest.mark.parametrize("form", [FORM_ROSTER, FORM_REGISTER])
def test_round_trip_of_the_demo_school(
    school_db: Database, clock: FakeClock, tmp_path: Path, form: str
) -> None:
    DemoService(school_db, clock).add_children(60, "test")
    path = export(school_db, clock, tmp_path / f"demo-{form}.xlsx", form=form).path
    assert_round_trip(school_db, clock, path, 60)


# --- who, which children, and what is left behind -------------------------------------------


def test_export_is_audited_without_names(
    school: tuple[Database, dict[str, str]], clock: FakeClock, tmp_path: Path
) -> None:
    db, _ = school
    export(db, clock, tmp_path / "花名册.xlsx")
    with db.session_factory() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action == AUDIT_ACTION
    assert json.loads(entry.detail) == {"file": "花名册.xlsx", "form": "roster", "count": 5}
    assert "王小明" not in entry.detail


def test_class_teacher_exports_only_own_class_and_mentor_may_not(
    school: tuple[Database, dict[str, str]], clock: FakeClock, tmp_path: Path
) -> None:
    db, ids = school
    teacher = Actor("ct", "class_teacher", teacher_id=ids["teacher"])
    result = RosterExportService(db, clock).export(teacher, tmp_path / "mine.xlsx")
    assert (result.rows, list(values(result.path))) == (1, ["一年级2班"])
    mentor = Actor("m", "mentor", teacher_id=ids["teacher"])
    with pytest.raises(PermissionDenied):
        RosterExportService(db, clock).export(mentor, tmp_path / "no.xlsx")
    assert not (tmp_path / "no.xlsx").exists()


def test_class_filter_and_progress(
    school: tuple[Database, dict[str, str]], clock: FakeClock, tmp_path: Path
) -> None:
    db, _ = school
    calls: list[tuple[int, int]] = []
    chosen = class_ids_for(db, ["一(1)班", "三年级一班"])
    result = RosterExportService(db, clock).export(
        ADMIN, tmp_path / "two.xlsx", class_ids=chosen, progress=lambda d, t: calls.append((d, t))
    )
    assert list(values(result.path)) == ["一年级1班", "三年级1班"]
    assert calls[-1] == (2, 2)
    with pytest.raises(UserError, match="五年级1班"):
        class_ids_for(db, ["五年级1班"])


def test_nothing_to_export_and_unwritable_path(
    school_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    with pytest.raises(UserError):
        export(school_db, clock, tmp_path / "empty.xlsx")
    assert not (tmp_path / "empty.xlsx").exists()
    fill_school(school_db)
    folder = tmp_path / "out"
    folder.mkdir()
    blocker = folder / "file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="Cannot write"):
        export(school_db, clock, blocker / "r.xlsx")
    assert list(folder.iterdir()) == [blocker]


def test_column_tables_match_their_forms() -> None:
    assert len(ROSTER_COLUMNS) == len(ROSTER_FIELDS)
    assert len(REGISTER_COLUMNS) == len(REGISTER_FIELDS)

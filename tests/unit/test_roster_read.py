"""Reading roster files: real .xlsx / .xls / .csv files built in tmp_path, read back."""

from __future__ import annotations

import csv
import os
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from liushou_desktop.errors import UserError
from liushou_desktop.io import roster_headers
from liushou_desktop.io.roster_headers import field_for, field_for_text, normalise_header
from liushou_desktop.io.roster_read import (
    RosterFile,
    RosterSheet,
    RosterStream,
    column_letter,
    read_roster,
)

Rows = Sequence[Sequence[Any]]
TITLE = "阳光小学2024年春季留守儿童花名册"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def make_xlsx(
    path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None
) -> Path:
    """A workbook with one sheet per entry, rows from A1, and the given merged ranges."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
    workbook.save(path)
    return path


def make_csv(path: Path, rows: Rows, encoding: str, delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file, delimiter=delimiter).writerows(rows)
    return path


def only_sheet(roster: RosterFile) -> RosterSheet:
    assert len(roster.sheets) == 1
    return roster.sheets[0]


def fields(sheet: RosterSheet) -> dict[str, str]:
    """field -> column letter."""
    return {column.field: column.letter for column in sheet.columns}


def names(sheet: RosterSheet) -> list[tuple[int, Any]]:
    return [(row.row, row.values["name"]) for row in sheet.rows]


def user_error(path: Path, **limits: int) -> UserError:
    with pytest.raises(UserError) as caught:
        read_roster(path, **limits)
    return caught.value


# --- headers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("姓名", "name"),
        ("学生姓名", "name"),
        ("儿童姓名", "name"),
        ("留守儿童姓名", "name"),
        ("身份证号", "id_number"),
        ("身份证号码", "id_number"),
        ("公民身份号码", "id_number"),
        ("公民身份证号码", "id_number"),
        ("身份证", "id_number"),
        ("出生年月", "birth_month"),
        ("出生日期", "birth_date"),
        ("出生年月日", "birth_date"),
        ("学籍号", "student_number"),
        ("班级", "class_name"),
        ("年级", "grade"),
        ("户籍所在地", "hukou_place"),
        ("现居住地", "current_address"),
        ("家庭住址", "current_address"),
        ("身体情况", "health"),
        ("是否寄宿", "boarding"),
        ("是否学校寄宿", "boarding"),
        ("就学情况", "schooling_stage"),
        ("父亲电话", "father_phone"),
        ("父亲联系电话", "father_phone"),
        ("父亲手机", "father_phone"),
        ("父亲手机号", "father_phone"),
        ("母亲身份证号码", "mother_id_number"),
        ("父亲务工地点", "father_workplace"),
        ("父亲工作单位", "father_employer"),
        ("母亲务工省份", "mother_work_province"),
        ("监护人电话", "guardian_phone"),
        ("委托监护人电话", "guardian_phone"),
        ("监护人联系电话", "guardian_phone"),
        ("委托监护人姓名", "guardian_name"),
        ("与儿童关系", "guardian_relation"),
        ("委托监护人身份证号", "guardian_id_number"),
        ("委托监护人居住地址", "guardian_address"),
        ("父母双方外出", "both_parents_away"),
        ("父母一方外出、另一方无监护能力", "one_parent_away_other_unable"),
        ("监护类型", "guardianship_type"),
        ("监护情况", "guardianship_type"),
        ("兴趣爱好", "hobbies"),
        ("备注", "notes"),
        ("祖父出生日期", "grandfather_birth_date"),
        ("外祖母姓名", "maternal_grandmother_name"),
        ("残疾类别及等级", "disability"),
        ("家庭经济来源", "income_sources"),
        ("救助帮扶情况", "assistance"),
        ("序号", "serial"),
        # normalised before the look-up
        ("学生\n姓名", "name"),
        ("姓　名", "name"),  # full-width space
        ("ＩＤ_Number", "id_number"),  # full-width letters, the canonical name
        ("身份证号（必填）", "id_number"),
        ("*出生日期(选填)", "birth_date"),
        ("＊性别：", "sex"),
        ("出生日期【年月日】", "birth_date"),
        ("身份证号（18位", "id_number"),  # a note never closed
        ("联系电话（父亲）", "father_phone"),
        ("监护人(电话)", "guardian_phone"),
        ("父母一方外出，另一方无监护能力", "one_parent_away_other_unable"),
        ("父亲/电话", "father_phone"),
        ("父亲", "father_name"),
        ("这一列谁也不认识", None),
        ("", None),
    ],
)
def test_header_text_to_field(text: str, field: str | None) -> None:
    assert field_for_text(text) == field


def test_normalise_header() -> None:
    assert normalise_header(" 学生 姓名\n（必填）： ") == "学生姓名"
    assert normalise_header("*身份证号码*") == "身份证号码"
    assert normalise_header("Ｎａｍｅ") == "name"


def test_header_paths_over_several_rows() -> None:
    assert field_for(["父亲", "姓名"]) == "father_name"
    assert field_for(["父亲", "电话"]) == "father_phone"
    assert field_for(["母亲", "联系电话"]) == "mother_phone"
    assert field_for(["委托监护人", "与被监护人关系"]) == "guardian_relation"
    assert field_for(["父亲", "当前务工地点", "省"]) == "father_work_province"
    assert field_for(["父亲", "当前务工地点", "市"]) == "father_work_city"
    assert field_for(["父亲", "父亲姓名"]) == "father_name"
    assert field_for(["个人基本情况", "姓名"]) == "name"
    assert field_for(["实际监护情况", "父母双方同时外出"]) == "both_parents_away"
    # an attribute the person does not have is not the child's: 父亲 / 备注 is unknown
    assert field_for(["父亲", "备注"]) is None
    assert field_for(["祖父", "工作单位"]) is None


def test_synonym_tables_are_consistent() -> None:
    assert len(set(roster_headers.FIELDS)) == len(roster_headers.FIELDS)
    assert set(roster_headers.SYNONYMS.values()) <= set(roster_headers.FIELDS)
    for key in roster_headers.SYNONYMS:
        assert key == normalise_header(key)
    # every official 登记表 item has a field
    official = (
        "性别 民族 出生日期 公民身份证号码 是否登记户口 户籍所在地 现居住地 身体情况 "
        "残疾类别及等级 患病类型 是否学校寄宿 就学情况 父母双方同时外出 有无委托监护人 "
        "监护类型 家庭经济来源 救助帮扶情况"
    )
    for text in official.split():
        assert field_for_text(text) is not None, text


@pytest.mark.parametrize(("index", "letter"), [(1, "A"), (26, "Z"), (27, "AA"), (703, "AAA")])
def test_column_letter(index: int, letter: str) -> None:
    assert column_letter(index) == letter


# --- finding the header ----------------------------------------------------------------


def test_title_and_filler_rows_above_the_header(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "roster.xlsx",
        {
            "三年级": [
                [TITLE],
                ["填表人：张老师", None, None, "填表日期：2024年3月1日"],
                [],
                ["序号", "姓名", "性别", "身份证号", "班级", "出生日期"],
                [1, "王小明", "男", "52052620150101123X", "三年级1班", datetime(2015, 1, 1)],
                [2, "李小红", "女", "520526201502021234", "三年级1班", datetime(2015, 2, 2)],
            ]
        },
        {"三年级": ["A1:F1"]},
    )
    roster = read_roster(path)
    sheet = only_sheet(roster)
    assert roster.kind == "xlsx" and roster.ignored_sheets == ()
    assert (sheet.name, sheet.header_row, sheet.header_rows) == ("三年级", 4, 1)
    assert fields(sheet) == {
        "serial": "A",
        "name": "B",
        "sex": "C",
        "id_number": "D",
        "class_name": "E",
        "birth_date": "F",
    }
    assert [c.index for c in sheet.columns] == [1, 2, 3, 4, 5, 6]
    assert names(sheet) == [(5, "王小明"), (6, "李小红")]
    first = sheet.rows[0]
    assert first.sheet == "三年级"
    assert first.cells == {
        "serial": "A5",
        "name": "B5",
        "sex": "C5",
        "id_number": "D5",
        "class_name": "E5",
        "birth_date": "F5",
    }
    assert first.values["id_number"] == "52052620150101123X"


def test_header_synonyms_full_width_newlines_and_notes(tmp_path: Path) -> None:
    header = [
        "学生\n姓名",
        "性　别",
        "公民身份号码（必填）",
        "*出生年月：",
        "父亲联系电话",
        "委托监护人电话",
        "与儿童关系",
        "户籍所在地(选填)",
        "家里养的狗",
    ]
    path = make_xlsx(tmp_path / "r.xlsx", {"Sheet1": [header, ["王小明", "男"]]})
    sheet = only_sheet(read_roster(path))
    assert fields(sheet) == {
        "name": "A",
        "sex": "B",
        "id_number": "C",
        "birth_month": "D",
        "father_phone": "E",
        "guardian_phone": "F",
        "guardian_relation": "G",
        "hukou_place": "H",
    }
    assert sheet.columns[0].header == "学生\n姓名"  # as written
    assert sheet.columns[2].header == "公民身份号码（必填）"
    assert sheet.unknown_columns == ("家里养的狗",)
    assert names(sheet) == [(2, "王小明")]
    assert sheet.rows[0].values["id_number"] is None  # empty cells are None


def test_two_row_header_with_merged_group_cells(tmp_path: Path) -> None:
    rows = [
        [TITLE],
        ["序号", "姓名", "性别", "父亲", None, None, "母亲", None, "委托监护人", None, None],
        [
            None,
            None,
            None,
            "姓名",
            "联系电话",
            "务工地点",
            "姓名",
            "电话",
            "姓名",
            "与儿童关系",
            "电话",
        ],
        [
            1,
            "王小明",
            "男",
            "王大山",
            13800138000,
            "广东省深圳市",
            "李芳",
            "13900139000",
            "王奶奶",
            "祖母",
            None,
        ],
    ]
    merges = ["A1:K1", "A2:A3", "B2:B3", "C2:C3", "D2:F2", "G2:H2", "I2:K2"]
    sheet = only_sheet(
        read_roster(make_xlsx(tmp_path / "r.xlsx", {"一班": rows}, {"一班": merges}))
    )
    assert (sheet.header_row, sheet.header_rows) == (2, 2)
    assert fields(sheet) == {
        "serial": "A",
        "name": "B",
        "sex": "C",
        "father_name": "D",
        "father_phone": "E",
        "father_workplace": "F",
        "mother_name": "G",
        "mother_phone": "H",
        "guardian_name": "I",
        "guardian_relation": "J",
        "guardian_phone": "K",
    }
    assert sheet.columns[4].header == "父亲 / 联系电话"
    assert sheet.duplicate_columns == () and sheet.unknown_columns == ()
    row = sheet.rows[0]
    assert row.row == 4
    assert (row.values["name"], row.values["father_name"], row.values["mother_name"]) == (
        "王小明",
        "王大山",
        "李芳",
    )
    assert row.values["father_phone"] == 13800138000 and isinstance(
        row.values["father_phone"], int | float
    )
    assert row.cells["guardian_relation"] == "J4"


def test_group_row_above_a_header_that_names_the_child(tmp_path: Path) -> None:
    rows = [
        ["基本情况", None, None, "父亲", None, "母亲", None],
        ["序号", "姓名", "身份证号", "姓名", "手机号码", "姓名", "手机号码"],
        [1, "王小明", "52052620150101123X", "王大山", "13800138000", "李芳", "13900139000"],
    ]
    merges = ["A1:C1", "D1:E1", "F1:G1"]
    sheet = only_sheet(read_roster(make_xlsx(tmp_path / "r.xlsx", {"s": rows}, {"s": merges})))
    assert (sheet.header_row, sheet.header_rows) == (1, 2)
    assert fields(sheet) == {
        "serial": "A",
        "name": "B",
        "id_number": "C",
        "father_name": "D",
        "father_phone": "E",
        "mother_name": "F",
        "mother_phone": "G",
    }
    assert names(sheet) == [(3, "王小明")]


def test_three_row_header_with_work_province_and_city(tmp_path: Path) -> None:
    rows = [
        ["姓名", "父亲", None, None, None],
        [None, "姓名", "当前务工地点", None, "联系电话"],
        [None, None, "省", "市", None],
        ["王小明", "王大山", "广东", "深圳", "13800138000"],
    ]
    merges = ["A1:A3", "B1:E1", "B2:B3", "C2:D2", "E2:E3"]
    sheet = only_sheet(read_roster(make_xlsx(tmp_path / "r.xlsx", {"s": rows}, {"s": merges})))
    assert (sheet.header_row, sheet.header_rows) == (1, 3)
    assert fields(sheet) == {
        "name": "A",
        "father_name": "B",
        "father_work_province": "C",
        "father_work_city": "D",
        "father_phone": "E",
    }
    assert sheet.rows[0].values["father_work_city"] == "深圳"
    assert sheet.rows[0].row == 4


def test_sections_over_groups_over_cells_like_the_official_form(tmp_path: Path) -> None:
    rows = [
        [TITLE],
        ["序号", "姓名", "性别", "家庭情况", None, None, None, "实际监护情况", None, None],
        [None, None, None, "父亲", None, "母亲", None, "父母双方同时外出", "委托监护人", None],
        [None, None, None, "姓名", "联系电话", "姓名", "联系电话", None, "姓名", "与被监护人关系"],
        [1, "王小明", "男", "王大山", "13800138000", "李芳", "13900139000", "是", "王奶奶", "祖孙"],
    ]
    merges = ["A1:J1", "A2:A4", "B2:B4", "C2:C4", "D2:G2", "H2:J2", "D3:E3", "F3:G3", "H3:H4"]
    merges.append("I3:J3")
    sheet = only_sheet(read_roster(make_xlsx(tmp_path / "r.xlsx", {"s": rows}, {"s": merges})))
    assert (sheet.header_row, sheet.header_rows) == (2, 3)
    assert fields(sheet) == {
        "serial": "A",
        "name": "B",
        "sex": "C",
        "father_name": "D",
        "father_phone": "E",
        "mother_name": "F",
        "mother_phone": "G",
        "both_parents_away": "H",
        "guardian_name": "I",
        "guardian_relation": "J",
    }
    assert sheet.columns[3].header == "家庭情况 / 父亲 / 姓名"
    assert [(r.row, r.values["guardian_relation"]) for r in sheet.rows] == [(5, "祖孙")]


def test_two_row_header_saved_as_csv_without_merged_cells(tmp_path: Path) -> None:
    rows = [
        ["序号", "姓名", "父亲", "", "委托监护人", "", ""],
        ["", "", "姓名", "电话", "姓名", "电话", "与被监护人关系"],
        ["1", "王小明", "王大山", "13800138000", "王奶奶", "0851-1234567", "祖孙"],
    ]
    sheet = only_sheet(read_roster(make_csv(tmp_path / "r.csv", rows, "utf-8-sig")))
    assert fields(sheet) == {
        "serial": "A",
        "name": "B",
        "father_name": "C",
        "father_phone": "D",
        "guardian_name": "E",
        "guardian_phone": "F",
        "guardian_relation": "G",
    }
    assert sheet.rows[0].values["guardian_phone"] == "0851-1234567"
    assert sheet.rows[0].row == 3


def test_a_group_column_in_a_one_row_header_is_the_persons_name(tmp_path: Path) -> None:
    # 监护人 over a data row: 奶奶 is a value, not a second header row
    rows = [["姓名", "监护人", "电话"], ["王小明", "奶奶", "13800138000"]]
    sheet = only_sheet(read_roster(make_xlsx(tmp_path / "r.xlsx", {"s": rows})))
    assert sheet.header_rows == 1
    assert fields(sheet) == {"name": "A", "guardian_name": "B", "contact_phone": "C"}
    assert sheet.rows[0].values["guardian_name"] == "奶奶"


def test_a_second_column_for_the_same_field_is_reported(tmp_path: Path) -> None:
    rows = [["姓名", "电话", "联系电话"], ["王小明", "1", "2"]]
    sheet = only_sheet(read_roster(make_xlsx(tmp_path / "r.xlsx", {"s": rows})))
    assert fields(sheet) == {"name": "A", "contact_phone": "B"}
    assert [(c.field, c.header, c.letter) for c in sheet.duplicate_columns] == [
        ("contact_phone", "联系电话", "C")
    ]
    assert sheet.rows[0].values == {"name": "王小明", "contact_phone": "1"}


def test_header_must_be_within_the_first_15_rows(tmp_path: Path) -> None:
    filler = [[f"说明第{i}行"] for i in range(15)]
    late = make_xlsx(tmp_path / "late.xlsx", {"s": [*filler, ["姓名", "性别"], ["王小明", "男"]]})
    error = user_error(late)
    assert "No sheet in late.xlsx" in str(error)
    assert error.params["required"] == "姓名"
    in_time = make_xlsx(
        tmp_path / "ok.xlsx", {"s": [*filler[:14], ["姓名", "性别"], ["王小明", "男"]]}
    )
    assert only_sheet(read_roster(in_time)).header_row == 15


def test_a_row_needs_the_name_and_another_field_to_be_the_header(tmp_path: Path) -> None:
    rows = [
        ["学校：", "阳光小学", "班级：", "三年级1班"],
        ["姓名"],
        ["姓名", "性别"],
        ["王小明", "男"],
    ]
    sheet = only_sheet(read_roster(make_xlsx(tmp_path / "r.xlsx", {"s": rows})))
    assert sheet.header_row == 3
    assert names(sheet) == [(4, "王小明")]


# --- sheets and rows -------------------------------------------------------------------


def test_several_sheets_one_per_class_and_ignored_ones(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "r.xlsx",
        {
            "一班": [["姓名", "性别"], ["王小明", "男"]],
            "填表说明": [["请在每个班级的表中填写"], ["身份证号请设为文本格式"]],
            "二班": [[TITLE], ["姓名", "身份证号"], ["李小红", "520526201502021234"]],
            "空表": [],
            "模板": [["姓名", "性别"]],
        },
    )
    roster = read_roster(path)
    assert [s.name for s in roster.sheets] == ["一班", "二班", "模板"]
    assert roster.ignored_sheets == ("填表说明", "空表")
    assert [names(s) for s in roster.sheets] == [[(2, "王小明")], [(3, "李小红")], []]
    assert roster.sheets[1].rows[0].sheet == "二班"


def test_hidden_sheets_are_read_and_marked(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", {"a": [["姓名", "性别"]], "b": [["姓名", "性别"]]})
    workbook = load_workbook(path)
    workbook["b"].sheet_state = "hidden"
    workbook.save(path)
    assert [(s.name, s.hidden) for s in read_roster(path).sheets] == [("a", False), ("b", True)]


def test_blank_serial_only_repeated_header_and_footer_rows_are_skipped(tmp_path: Path) -> None:
    rows = [
        ["序号", "姓名", "性别", "班级"],  # 1
        [1, 2, 3, 4],  # 2: column numbers
        [1, "王小明", "男", "一班"],  # 3
        [],  # 4
        [2],  # 5: serial only
        [None, None, "  ", None],  # 6: blank text
        ["3", "李小红", "女", "一班"],  # 7
        ["序号", "姓名", "性别", "班级"],  # 8: header printed again
        [4, "赵小刚", None, None],  # 9
        [5, None, None, None],  # 10
        ["合  计", None, "3人"],  # 11
        ["填表人：张老师", None, "审核人：李校长"],  # 12
        [None, None, None, "2024年3月1日"],  # 13: after the footer, no name
        ["注：身份证号请填18位"],  # 14
    ]
    sheet = only_sheet(read_roster(make_xlsx(tmp_path / "r.xlsx", {"s": rows})))
    assert names(sheet) == [(3, "王小明"), (7, "李小红"), (9, "赵小刚")]
    assert sheet.rows[1].values["serial"] == "3"


def test_a_row_with_only_its_serial_is_skipped_wherever_the_serial_column_is(
    tmp_path: Path,
) -> None:
    rows = [["班级", "序号", "姓名"], ["一班", 1, "王小明"], [None, "2", None], [None, 3, "李小红"]]
    sheet = only_sheet(read_roster(make_xlsx(tmp_path / "r.xlsx", {"s": rows})))
    assert names(sheet) == [(2, "王小明"), (4, "李小红")]


def test_a_lone_small_number_in_the_first_column_is_a_serial(tmp_path: Path) -> None:
    rows = [["姓名", "性别"], ["王小明", "男"], [7], [None, "女"], ["李小红", None]]
    sheet = only_sheet(read_roster(make_xlsx(tmp_path / "r.xlsx", {"s": rows})))
    # row 4 has a sex but no name: kept, the validator reports it
    assert [(r.row, r.values["name"], r.values["sex"]) for r in sheet.rows] == [
        (2, "王小明", "男"),
        (4, None, "女"),
        (5, "李小红", None),
    ]


def test_merged_class_cells_are_carried_down(tmp_path: Path) -> None:
    rows = [
        ["年级", "班级", "姓名"],
        ["三年级", "三年级1班", "王小明"],
        [None, None, "李小红"],
        [None, None, "赵小刚"],
        [None, "三年级2班", "孙小美"],
        [None, None, None],  # blank, though the merged cells cover it
    ]
    merges = ["A2:A6", "B2:B4", "B5:B6"]
    sheet = only_sheet(read_roster(make_xlsx(tmp_path / "r.xlsx", {"s": rows}, {"s": merges})))
    got = [
        (r.row, r.values["grade"], r.values["class_name"], r.cells["class_name"])
        for r in sheet.rows
    ]
    assert got == [
        (2, "三年级", "三年级1班", "B2"),
        (3, "三年级", "三年级1班", "B2"),
        (4, "三年级", "三年级1班", "B2"),
        (5, "三年级", "三年级2班", "B5"),
    ]
    assert sheet.rows[2].cells["grade"] == "A2" and sheet.rows[2].cells["name"] == "C4"


def test_values_are_raw_numbers_stay_numbers_dates_stay_datetimes(tmp_path: Path) -> None:
    rows = [
        ["姓名", "身份证号", "出生日期", "学籍号", "监护人电话", "是否寄宿", "年龄"],
        [
            "王小明",
            520526201501011234,
            datetime(2015, 1, 1),
            "G52052620150101123X",
            13800138000,
            True,
            9,
        ],
        ["李小红", "520526201502021234", "2015.2.2", None, "138 0013 8000", "是", "九岁"],
    ]
    sheet = only_sheet(read_roster(make_xlsx(tmp_path / "r.xlsx", {"s": rows})))
    first, second = (row.values for row in sheet.rows)
    assert isinstance(first["id_number"], int | float) and not isinstance(first["id_number"], bool)
    assert abs(first["id_number"] - 520526201501011234) < 1000  # a double, as Excel keeps it
    assert first["birth_date"] == datetime(2015, 1, 1)
    assert type(first["birth_date"]) is datetime
    assert first["student_number"] == "G52052620150101123X"
    assert first["guardian_phone"] == 13800138000
    assert first["boarding"] is True
    assert first["age"] == 9
    assert second == {
        "name": "李小红",
        "id_number": "520526201502021234",
        "birth_date": "2015.2.2",
        "student_number": None,
        "guardian_phone": "138 0013 8000",
        "boarding": "是",
        "age": "九岁",
    }


def test_rows_and_cells_match_excel_when_the_table_starts_at_c5(tmp_path: Path) -> None:
    rows = [
        [],
        [],
        [None, None, TITLE],
        [],
        [None, None, "姓名", "性别"],
        [None, None, "王小明", "男"],
    ]
    sheet = only_sheet(read_roster(make_xlsx(tmp_path / "r.xlsx", {"s": rows})))
    assert sheet.header_row == 5
    assert [(c.field, c.index, c.letter) for c in sheet.columns] == [
        ("name", 3, "C"),
        ("sex", 4, "D"),
    ]
    assert sheet.rows[0].row == 6 and sheet.rows[0].cells == {"name": "C6", "sex": "D6"}


def test_xlsm_is_read_like_xlsx(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsm", {"s": [["姓名", "性别"], ["王小明", "男"]]})
    assert names(only_sheet(read_roster(path))) == [(2, "王小明")]


# --- csv -------------------------------------------------------------------------------

CSV_ROWS = [
    [TITLE, "", "", ""],
    ["序号", "姓名", "身份证号", "家庭住址"],
    ["1", "王小明", "52052620150101123X", "贵州省毕节市织金县,城关镇"],
    ["", "", "", ""],
    ["2", "李小红", "520526201502021234", "城关镇"],
    ["合计", "2人", "", ""],
]


def test_gbk_csv_from_excel_on_chinese_windows(tmp_path: Path) -> None:
    path = make_csv(tmp_path / "三年级花名册.csv", CSV_ROWS, "gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # really not UTF-8
    roster = read_roster(path)
    sheet = only_sheet(roster)
    assert roster.kind == "csv" and sheet.name == "三年级花名册"
    assert sheet.header_row == 2
    assert names(sheet) == [(3, "王小明"), (5, "李小红")]
    assert sheet.rows[0].values["current_address"] == "贵州省毕节市织金县,城关镇"
    assert sheet.rows[1].cells["id_number"] == "C5"


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", ","), ("utf-8-sig", "\t"), ("utf-8", ";"), ("utf-16", "\t")],
)
def test_utf8_csv_with_bom_and_other_delimiters(
    tmp_path: Path, encoding: str, delimiter: str
) -> None:
    path = make_csv(tmp_path / "r.csv", CSV_ROWS, encoding, delimiter)
    sheet = only_sheet(read_roster(path))
    assert fields(sheet) == {"serial": "A", "name": "B", "id_number": "C", "current_address": "D"}
    assert names(sheet) == [(3, "王小明"), (5, "李小红")]
    assert sheet.columns[0].header == "序号"  # no BOM left on the first header


# --- legacy .xls -----------------------------------------------------------------------


@pytest.fixture
def xlwt() -> Any:
    """xlwt (in the test extra) writes real legacy .xls files for these tests."""
    import xlwt as module

    return module


def make_xls(xlwt: Any, path: Path) -> Path:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("三年级")
    sheet.write_merge(0, 0, 0, 4, TITLE)
    for c, text in enumerate(["班级", "姓名", "身份证号", "出生日期", "父亲电话"]):
        sheet.write(1, c, text)
    sheet.write_merge(2, 3, 0, 0, "三年级1班")
    sheet.write(2, 1, "王小明")
    sheet.write(2, 2, 520526201501011234)
    sheet.write(2, 3, datetime(2015, 1, 1), xlwt.easyxf(num_format_str="yyyy-mm-dd"))
    sheet.write(2, 4, 13800138000)
    sheet.write(3, 1, "李小红")
    sheet.write(3, 2, "520526201502021234")
    sheet.write(4, 0, "合计")
    workbook.add_sheet("空")
    workbook.save(str(path))
    return path


def test_legacy_xls(tmp_path: Path, xlwt: Any) -> None:
    roster = read_roster(make_xls(xlwt, tmp_path / "old.xls"))
    assert roster.kind == "xls" and roster.ignored_sheets == ("空",)
    sheet = only_sheet(roster)
    assert sheet.header_row == 2
    assert names(sheet) == [(3, "王小明"), (4, "李小红")]
    first, second = sheet.rows
    assert isinstance(first.values["id_number"], int | float)
    assert first.values["birth_date"] == datetime(2015, 1, 1)
    assert first.values["father_phone"] == 13800138000
    assert second.values["class_name"] == "三年级1班" and second.cells["class_name"] == "A3"


def test_a_legacy_xls_renamed_xlsx_is_read(tmp_path: Path, xlwt: Any) -> None:
    path = make_xls(xlwt, tmp_path / "old.xls").rename(tmp_path / "改了名.xlsx")
    roster = read_roster(path)
    assert roster.kind == "xls"
    assert names(only_sheet(roster)) == [(3, "王小明"), (4, "李小红")]


def test_an_xlsx_renamed_xls_is_read(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", {"s": [["姓名", "性别"], ["王小明", "男"]]})
    roster = read_roster(path.rename(tmp_path / "r.xls"))
    assert roster.kind == "xlsx"
    assert names(only_sheet(roster)) == [(2, "王小明")]


# --- errors ----------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    error = user_error(tmp_path / "nowhere.xlsx")
    assert "was not found" in str(error)
    assert error.message.startswith("The file {file} was not found")


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    assert "was not found" in str(user_error(tmp_path))


def test_renamed_docx_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "花名册.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    error = user_error(path)
    assert "is not a spreadsheet" in str(error) and "花名册.xlsx" in str(error)


@pytest.mark.parametrize("suffix", [".xlsx", ".xls", ".csv", ".docx", ""])
def test_random_bytes_are_not_a_spreadsheet(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(b"\x00\xff" + os.urandom(4000))
    assert "is not a spreadsheet" in str(user_error(path))


def test_a_damaged_workbook(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", {"s": [["姓名", "性别"]]})
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # cut off, as by a pulled USB stick
    assert "may be damaged" in str(user_error(path))
    legacy = tmp_path / "r.xls"
    legacy.write_bytes(OLE_MAGIC + os.urandom(4000))
    assert "may be damaged" in str(user_error(legacy))


def test_password_protected_workbook(tmp_path: Path) -> None:
    # Excel saves an encrypted .xlsx as an OLE2 compound file with an EncryptedPackage stream
    real_like = tmp_path / "加密.xlsx"
    stream_name = "EncryptedPackage".encode("utf-16-le")
    real_like.write_bytes(OLE_MAGIC + bytes(1000) + stream_name + bytes(3000))
    error = user_error(real_like)
    assert "protected with a password" in str(error) and "加密.xlsx" in str(error)
    assert "without the password" in error.message
    # the same file under another name is still encrypted
    renamed = tmp_path / "加密.xls"
    renamed.write_bytes(real_like.read_bytes())
    assert "protected with a password" in str(user_error(renamed))
    # OLE magic alone on a .xlsx is still taken as encrypted
    bare = tmp_path / "bare.xlsx"
    bare.write_bytes(OLE_MAGIC + os.urandom(2000))
    assert "protected with a password" in str(user_error(bare))


def test_a_word_document_renamed_xls_is_not_a_spreadsheet(tmp_path: Path) -> None:
    path = tmp_path / "花名册.xls"
    path.write_bytes(OLE_MAGIC + bytes(1000) + "WordDocument".encode("utf-16-le") + bytes(3000))
    assert "is not a spreadsheet" in str(user_error(path))


def test_file_over_max_bytes(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", {"s": [["姓名", "性别"], ["王小明", "男"]]})
    size = path.stat().st_size
    error = user_error(path, max_bytes=size - 1)
    assert "too large to import" in str(error)
    assert read_roster(path, max_bytes=size).sheets  # exactly the limit is fine
    csv_path = make_csv(tmp_path / "r.csv", CSV_ROWS, "gbk")
    assert "too large" in str(user_error(csv_path, max_bytes=10))


def test_workbook_that_unpacks_to_too_much_data(tmp_path: Path) -> None:
    rows = [["姓名", "备注"], *(["王小明", "重复的备注" * 50] for _ in range(300))]
    path = make_xlsx(tmp_path / "r.xlsx", {"s": rows})
    size = path.stat().st_size
    assert "too much data" in str(user_error(path, max_bytes=size))  # unpacks to > 20 x size
    assert read_roster(path, max_bytes=size * 20).sheets


def test_a_stray_cell_far_right_makes_the_sheet_too_big_to_read_as_a_rectangle(
    tmp_path: Path,
) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", {"s": [["姓名", "性别"], ["王小明", "男"]]})
    workbook = load_workbook(path)
    workbook["s"]["XFD2"] = "x"  # 2 rows x 16384 columns
    workbook.save(path)
    assert "too much data" in str(user_error(path, max_rows=100))  # 100 x 50 cells at most
    assert names(only_sheet(read_roster(path, max_rows=1000))) == [(2, "王小明")]


def test_more_rows_than_max_rows(tmp_path: Path) -> None:
    rows = [["姓名", "性别"], *([f"学生{i}", "男"] for i in range(30))]  # 31 rows
    path = make_xlsx(tmp_path / "r.xlsx", {"s": rows})
    error = user_error(path, max_rows=30)
    assert "more than 30 rows" in str(error)
    assert len(only_sheet(read_roster(path, max_rows=31)).rows) == 30
    # rows are counted over the whole file
    three = make_xlsx(tmp_path / "three.xlsx", {"a": rows[:11], "b": rows[:11], "c": rows[:11]})
    assert "more than 32 rows" in str(user_error(three, max_rows=32))
    assert len(read_roster(three, max_rows=33).sheets) == 3
    csv_path = make_csv(tmp_path / "r.csv", rows, "utf-8")
    assert "more than 30 rows" in str(user_error(csv_path, max_rows=30))
    assert len(only_sheet(read_roster(csv_path, max_rows=31)).rows) == 30


def test_no_sheet_with_a_roster_header(tmp_path: Path) -> None:
    path = make_xlsx(
        tmp_path / "成绩.xlsx",
        {"成绩": [["学号", "语文", "数学"], [1, 90, 95]], "空": []},
    )
    error = user_error(path)
    assert "No sheet in 成绩.xlsx has a header row" in str(error)
    assert "姓名" in str(error) and "身份证号" in str(error)


def test_csv_in_an_unknown_encoding(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("姓名,性别\n王小明,男\n".encode("gbk") + b"\xff\xfe\xfd\n")
    assert "encoding" in str(user_error(path))


# --- reading sheet by sheet (RosterStream) ----------------------------------------------


def open_files() -> set[str]:
    """The files this process has open (Linux)."""
    folder = Path("/proc/self/fd")
    found: set[str] = set()
    for fd in os.listdir(folder):
        try:
            found.add(os.readlink(folder / fd))
        except OSError:
            continue  # closed meanwhile
    return found


# The open files are read from /proc: Linux only. CI and the development machines are Linux,
# so these tests always run there; only a run on Windows skips them.
needs_proc = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="lists open files through /proc (Linux only)"
)


def class_sheets(count: int, rows: int) -> dict[str, Rows]:
    """One sheet per class with ``rows`` children each, and a sheet without a roster."""
    sheets: dict[str, Rows] = {}
    for s in range(count):
        sheets[f"{s + 1}班"] = [
            [TITLE],
            ["序号", "姓名", "性别", "身份证号"],
            *([i + 1, f"学生{s}之{i}", "男女"[i % 2], ""] for i in range(rows)),
            ["填表人：", "张老师"],
        ]
        if s == 1:
            sheets["说明"] = [["请在每个班级的表中填写"]]
    return sheets


def test_the_stream_gives_the_sheets_read_roster_gives(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", class_sheets(6, 40))
    with RosterStream(path) as stream:
        sheets = list(stream)
        assert stream.total_rows() == stream.total_rows(wait=True) == 6 * 40
    roster = read_roster(path)
    assert sheets == list(roster.sheets)
    assert [sheet.name for sheet in sheets] == [f"{s}班" for s in range(1, 7)]
    assert stream.ignored == list(roster.ignored_sheets) == ["说明"]
    assert (stream.path, stream.kind) == (roster.path, roster.kind)
    assert [len(sheet.rows) for sheet in sheets] == [40] * 6
    assert sheets[3].rows[0].values["name"] == "学生3之0" and sheets[3].rows[0].row == 3


def test_the_row_count_is_known_once_every_sheet_is_parsed(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", class_sheets(3, 5))
    with RosterStream(path) as stream:
        sheets = iter(stream)
        first = next(sheets)
        assert len(first.rows) == 5
        assert stream.total_rows(wait=True) == 15  # reads the other sheets...
        assert [len(sheet.rows) for sheet in sheets] == [5, 5]  # ...which are still given


@needs_proc
def test_the_stream_raises_at_the_sheet_with_the_error_and_closes_the_file(
    tmp_path: Path,
) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", class_sheets(4, 10))  # 13 rows a sheet
    before = open_files()
    given: list[str] = []
    with pytest.raises(UserError) as caught, RosterStream(path, max_rows=30) as stream:
        for sheet in stream:
            given.append(sheet.name)
    assert "more than 30 rows" in str(caught.value)
    assert given == ["1班", "2班"]  # the third sheet passes the limit
    assert str(user_error(path, max_rows=30)) == str(caught.value)  # as read_roster says
    with pytest.raises(UserError, match="more than 30 rows"), RosterStream(path, max_rows=30) as s:
        s.total_rows(wait=True)
    assert str(path) not in open_files() - before


@needs_proc
def test_leaving_the_stream_early_closes_the_file(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "r.xlsx", class_sheets(8, 30))
    before = open_files()
    with RosterStream(path) as stream:
        assert next(iter(stream)).name == "1班"
    assert str(path) not in open_files() - before
    with pytest.raises(KeyError), RosterStream(path) as stream:
        for _sheet in stream:
            raise KeyError("a bug while checking the rows")
    assert str(path) not in open_files() - before


def test_the_stream_says_when_no_sheet_has_a_header(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "成绩.xlsx", {"成绩": [["学号", "语文"], [1, 90]], "空": []})
    with pytest.raises(UserError, match="No sheet in 成绩.xlsx"), RosterStream(path) as stream:
        list(stream)
    assert stream.ignored == ["成绩", "空"]
    with pytest.raises(UserError, match="No sheet in 成绩.xlsx"), RosterStream(path) as stream:
        stream.total_rows(wait=True)

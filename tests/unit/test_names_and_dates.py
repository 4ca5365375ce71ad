"""Names, class names and dates in their many typed forms become one stored value."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils.datetime import to_excel

from liushou_desktop.domain import dates, names
from liushou_desktop.domain.dates import parse_date
from liushou_desktop.domain.names import (
    GRADE_NAMES,
    ClassName,
    canonical_class_name,
    normalize_person_name,
)
from liushou_desktop.errors import UserError
from tests.unit.test_id_numbers import marked_strings

FULL_WIDTH = str.maketrans("0123456789.-/()", "０１２３４５６７８９．－／（）")

# --- person names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("孙丽", "孙丽"),
        ("  孙丽 ", "孙丽"),
        ("孙　丽", "孙丽"),  # ideographic space
        ("孙 丽", "孙丽"),
        ("欧阳 小 明", "欧阳小明"),
        ("买买提·艾力", "买买提·艾力"),
        ("买买提•艾力", "买买提·艾力"),  # U+2022 bullet
        ("买买提‧艾力", "买买提·艾力"),  # U+2027 hyphenation point
        ("买买提・艾力", "买买提·艾力"),  # U+30FB katakana middle dot
        ("买买提．艾力", "买买提·艾力"),  # full-width full stop
        ("买买提.艾力", "买买提·艾力"),
        ("买买提 · 艾力", "买买提·艾力"),
        ("买买提··艾力", "买买提·艾力"),
        ("·艾力", "艾力"),
        ("Ahmat  Tursun", "Ahmat Tursun"),
        ("Ａｈｍａｔ　Ｔｕｒｓｕｎ", "Ahmat Tursun"),
        ("lu\u0308", "lü"),  # NFC
        ("王〇", "王〇"),
        ("\ue000明", "\ue000明"),  # a rare character typed into the private use area
    ],
)
def test_names_are_normalised(raw: str, stored: str) -> None:
    assert normalize_person_name(raw) == stored


@given(
    st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=6),
    st.data(),
)
def test_spaces_in_a_chinese_name_do_not_matter(name: str, data: st.DataObject) -> None:
    spaced = "".join(c + data.draw(st.sampled_from(["", " ", "\u3000", "  "])) for c in name)
    assert normalize_person_name(" " + spaced) == name


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("", "missing"),
        ("  \u3000 ", "missing"),
        (None, "missing"),
        ("··", "missing"),
        ("张3", "digits"),
        ("张３", "digits"),  # full-width digit
        ("李?", "contains “\\?”"),
        ("王(小)明", "contains “\\(”"),
        ("孙丽/王芳", "contains “/”"),
        ("孙" * 65, "too long"),
    ],
)
def test_bad_names_are_explained(raw: object, says: str) -> None:
    with pytest.raises(UserError, match=says) as caught:
        normalize_person_name(raw)
    assert caught.value.message in marked_strings(names, "UserError")


# --- class names --------------------------------------------------------------------------

SAME_CLASS = {
    "一年级1班": [
        "一(1)班",
        "一（1）班",
        "一年级(1)班",
        "一年级（1）班",
        "一年级一班",
        "1年级1班",
        "１年级１班",
        "一1班",
        "一年级1班",
        "一年级 1 班",
        "1(1)班",
        "1-1",
        "1.1",
        "小学一年级1班",
        "一年级",
    ],
    "三年级12班": ["三(12)班", "三年级十二班", "3年级12班", "三年级（１２）班", "3-12"],
    "七年级2班": [
        "初一(2)班",
        "初一2班",
        "初一（2）班",
        "七年级2班",
        "7年级(2)班",
        "初中一年级2班",
    ],
    "八年级1班": ["初二", "初二1班", "八年级", "初二(一)班"],
    "九年级3班": ["初三3班", "九(3)班", "初三年级三班"],
    "高一年级1班": ["高一", "高一(1)班", "高一年级1班", "高1年级1班", "高中一年级一班"],
    "高三年级21班": ["高三(21)班", "高三二十一班", "高三年级21班"],
}


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [(raw, canonical) for canonical, forms in SAME_CLASS.items() for raw in forms],
)
def test_class_variants_map_to_one_name(raw: str, canonical: str) -> None:
    assert canonical_class_name(raw).canonical == canonical


def test_class_name_fields() -> None:
    assert canonical_class_name("初一(2)班") == ClassName(grade=7, number=2, canonical="七年级2班")
    assert canonical_class_name("高二3班") == ClassName(grade=11, number=3, canonical="高二年级3班")


@given(st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=99))
def test_canonical_names_read_back_as_themselves(grade: int, number: int) -> None:
    canonical = f"{GRADE_NAMES[grade]}{number}班"
    assert canonical_class_name(canonical) == ClassName(grade, number, canonical)
    assert canonical_class_name(canonical.translate(FULL_WIDTH)) == ClassName(
        grade, number, canonical
    )
    assert canonical_class_name(f"{grade}年级({number})班".translate(FULL_WIDTH)).grade == grade


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [("3班", "四年级3班"), ("(3)班", "四年级3班"), ("一班", "四年级1班"), ("3", "四年级3班")]
    + [("11班", "四年级11班"), ("十一班", "四年级11班"), (3, "四年级3班")],
)
def test_a_class_number_alone_takes_the_default_grade(raw: object, canonical: str) -> None:
    assert canonical_class_name(raw, default_grade=4).canonical == canonical


@pytest.mark.parametrize(
    "raw",
    ["3班", "一班", "11班", "十一班", "初四", "小七", "十年级", "13年级1班", "一年级0班"]
    + ["一年级100班", "2018级1班", "学前班", "abc", "一年级1班2"],
)
def test_unreadable_classes_are_explained(raw: str) -> None:
    with pytest.raises(UserError, match="cannot be read") as caught:
        canonical_class_name(raw)
    assert raw in str(caught.value)


@pytest.mark.parametrize("raw", ["", "  ", None])
def test_missing_class_is_explained(raw: object) -> None:
    with pytest.raises(UserError, match="missing") as caught:
        canonical_class_name(raw)
    assert caught.value.message in marked_strings(names, "UserError")


# --- dates --------------------------------------------------------------------------------

MARCH_12 = date(2015, 3, 12)


@pytest.mark.parametrize(
    "value",
    [
        MARCH_12,
        datetime(2015, 3, 12),
        datetime(2015, 3, 12, 8, 30),
        "2015.3.12",
        "2015.03.12",
        "2015-03-12",
        "2015-3-12",
        "2015/03/12",
        "2015/3/12",
        "2015年3月12日",
        "2015年03月12日",
        "2015年3月12号",
        "2015年3月12",
        "2015 年 3 月 12 日",
        "20150312",
        "２０１５．３．１２",
        "２０１５年３月１２日",
        "２０１５０３１２",
        " 2015-03-12 ",
        "2015-03-12 00:00:00",
        "2015-03-12T00:00:00",
        42075,  # Excel serial number
        42075.0,
        42075.75,
        20150312,  # typed as digits into a number cell
    ],
)
def test_every_date_form_gives_the_same_date(value: object) -> None:
    assert parse_date(value) == MARCH_12
    assert parse_date(value, month_only_ok=True) == MARCH_12


@pytest.mark.parametrize(
    "value",
    ["2015.3", "2015.03", "2015-03", "2015/3", "2015年3月", "2015年03月", "2015年3"]
    + ["201503", "２０１５．３", 201503],
)
def test_month_only_gives_the_first_of_the_month(value: object) -> None:
    assert parse_date(value, month_only_ok=True) == date(2015, 3, 1)
    with pytest.raises(UserError, match="has no day"):
        parse_date(value)


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)))
def test_all_forms_agree_for_any_date(day: date) -> None:
    forms = [
        f"{day.year}.{day.month}.{day.day}",
        f"{day:%Y-%m-%d}",
        f"{day:%Y/%m/%d}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day:%Y%m%d}",
        f"{day.year}.{day.month}.{day.day}".translate(FULL_WIDTH),
        datetime(day.year, day.month, day.day),
    ]
    serial = to_excel(datetime(day.year, day.month, day.day))
    if day.year >= 1906:  # smaller serials (up to 2100) are read as a year, see below
        forms.append(serial)
    assert {parse_date(form) for form in forms} == {day}
    month = {
        parse_date(f, month_only_ok=True) for f in (f"{day:%Y-%m}", f"{day:%Y}年{day.month}月")
    }
    assert month == {day.replace(day=1)}


INVALID_DATES = {
    "2015-02-30": "does not exist",
    "2015.2.29": "does not exist",
    "2015年13月1日": "does not exist",
    "20150431": "does not exist",
    "2015-00-10": "does not exist",
    "1899-12-31": "between 1900 and 2100",
    "2101.1.1": "between 1900 and 2100",
    "18990101": "between 1900 and 2100",
    "15.3.12": "cannot be read",
    "3/12/2015": "cannot be read",
    "2015-3/12": "cannot be read",
    "2015.3.12.1": "cannot be read",
    "三月十二日": "cannot be read",
    "abc": "cannot be read",
    "": "missing",
    "   ": "missing",
}


@pytest.mark.parametrize(("value", "says"), INVALID_DATES.items())
def test_invalid_dates_are_explained(value: str, says: str) -> None:
    with pytest.raises(UserError, match=says) as caught:
        parse_date(value, month_only_ok=True)
    if value.strip():
        assert value in str(caught.value)
    assert caught.value.message in marked_strings(dates, "UserError")


def test_leap_day_exists_in_a_leap_year() -> None:
    assert parse_date("2016-02-29") == date(2016, 2, 29)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        (None, "missing"),
        (True, "cannot be read"),
        (2015, "cannot be read"),  # a year alone
        (9, "cannot be read"),  # an age, not 9 January 1900
        (0.5, "cannot be read"),
        (-42075, "cannot be read"),
        (2015.3, "stored in the spreadsheet as a number"),  # 2015.10 would be 2015.1
        (2015.1, "stored in the spreadsheet as a number"),
        (99999999, "between 1900 and 2100"),
        (3_000_000, "cannot be read"),  # past openpyxl's last date
        (datetime(1899, 12, 31), "between 1900 and 2100"),
        (date(2200, 1, 1), "between 1900 and 2100"),
        ([2015, 3, 12], "cannot be read"),
    ],
)
def test_bad_cell_values_are_explained(value: object, says: str) -> None:
    with pytest.raises(UserError, match=says) as caught:
        parse_date(value, month_only_ok=True)
    assert caught.value.message in marked_strings(dates, "UserError")

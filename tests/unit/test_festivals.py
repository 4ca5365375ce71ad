"""Festival days from the lunar calendar library, against known dates and the library itself."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lunar_python import Solar

from liushou_desktop.domain.festivals import (
    FESTIVAL_CHINESE,
    FESTIVAL_NAMES,
    FIXED_FESTIVALS,
    LUNAR_FESTIVALS,
    SOLAR_TERM_FESTIVALS,
    festival_date,
    festival_on,
    festivals_between,
)


@pytest.mark.parametrize(
    ("code", "year", "expected"),
    [
        ("mid_autumn", 2026, date(2026, 9, 25)),
        ("qingming", 2027, date(2027, 4, 5)),
        ("dragon_boat", 2027, date(2027, 6, 9)),
        ("spring_festival", 2027, date(2027, 2, 6)),
        ("spring_festival", 2026, date(2026, 2, 17)),
        ("mid_autumn", 2027, date(2027, 9, 15)),
        ("dragon_boat", 2026, date(2026, 6, 19)),
        ("qingming", 2026, date(2026, 4, 5)),
        ("lantern", 2027, date(2027, 2, 20)),
        ("double_ninth", 2026, date(2026, 10, 18)),
        ("national_day", 2026, date(2026, 10, 1)),
        ("teachers_day", 2026, date(2026, 9, 10)),
        ("childrens_day", 2027, date(2027, 6, 1)),
    ],
)
def test_known_festival_days(code: str, year: int, expected: date) -> None:
    assert festival_date(code, year) == expected


def test_every_festival_has_one_source_and_a_chinese_name() -> None:
    sources = [set(LUNAR_FESTIVALS), set(SOLAR_TERM_FESTIVALS), set(FIXED_FESTIVALS)]
    assert set().union(*sources) == set(FESTIVAL_NAMES) == set(FESTIVAL_CHINESE)
    assert sum(len(s) for s in sources) == len(FESTIVAL_NAMES)


def test_unknown_festival_and_year_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown festival"):
        festival_date("halloween", 2026)
    with pytest.raises(ValueError, match="out of range"):
        festival_date("mid_autumn", 2100)


def test_festivals_between_lists_the_school_year_in_order() -> None:
    found = festivals_between(date(2026, 9, 1), date(2027, 1, 22))
    assert found == [
        (date(2026, 9, 10), "teachers_day"),
        (date(2026, 9, 25), "mid_autumn"),
        (date(2026, 10, 1), "national_day"),
        (date(2026, 10, 18), "double_ninth"),
        (date(2027, 1, 1), "new_year"),
    ]
    assert festivals_between(date(2027, 4, 5), date(2027, 4, 5)) == [(date(2027, 4, 5), "qingming")]
    assert festival_on(date(2027, 6, 9)) == "dragon_boat"
    assert festival_on(date(2027, 6, 10)) is None


@settings(max_examples=40, deadline=None)
@given(
    code=st.sampled_from(sorted(LUNAR_FESTIVALS)),
    year=st.integers(min_value=1950, max_value=2099),
)
def test_lunar_festivals_round_trip_through_the_library(code: str, year: int) -> None:
    day = festival_date(code, year)
    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
    assert (lunar.getYear(), lunar.getMonth(), lunar.getDay()) == (year, *LUNAR_FESTIVALS[code])
    assert day.year == year


@settings(max_examples=20, deadline=None)
@given(year=st.integers(min_value=1950, max_value=2099))
def test_qingming_is_the_solar_term_in_early_april(year: int) -> None:
    day = festival_date("qingming", year)
    assert (day.year, day.month) == (year, 4) and 4 <= day.day <= 6
    assert Solar.fromYmd(day.year, day.month, day.day).getLunar().getJieQi() == "清明"

"""Who counts as a left-behind child, and the reasons given for it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liushou_desktop.domain import eligibility
from liushou_desktop.domain.eligibility import Eligibility, age_on, assess
from tests.unit.test_id_numbers import marked_strings

TODAY = date(2026, 11, 28)
NINE = date(2017, 6, 1)  # 9 years old on TODAY


def test_a_child_with_both_parents_away_is_counted() -> None:
    result = assess(NINE, TODAY, both_parents_away=True, one_parent_away_other_unable=False)
    assert result == Eligibility(
        counted=True,
        reasons=("Under 16 (age {age}).", "Both parents work away from home."),
        age=9,
    )
    assert result.rendered() == ("Under 16 (age 9).", "Both parents work away from home.")


@pytest.mark.parametrize(
    ("both", "one_unable", "counted", "reason"),
    [
        (True, False, True, "Both parents work away from home."),
        (True, None, True, "Both parents work away from home."),
        (False, True, True, "One parent works away and the other cannot look after the child."),
        (None, True, True, "One parent works away and the other cannot look after the child."),
        (False, False, False, "Not counted: at least one parent can look after the child at home."),
        (None, None, False, "Not counted yet: the guardianship situation is not filled in."),
        (False, None, False, "Not counted yet: the guardianship situation is not filled in."),
        (None, False, False, "Not counted yet: the guardianship situation is not filled in."),
    ],
)
def test_each_guardianship_case(
    both: bool | None, one_unable: bool | None, counted: bool, reason: str
) -> None:
    result = assess(NINE, TODAY, both, one_unable)
    assert result.counted is counted
    assert result.rendered() == ("Under 16 (age 9).", reason)


def test_the_day_before_the_16th_birthday_still_counts() -> None:
    born = date(2010, 12, 1)
    before = assess(born, date(2026, 11, 30), True, False)
    on_birthday = assess(born, date(2026, 12, 1), True, False)
    assert before.counted and before.age == 15
    assert before.rendered()[0] == "Under 16 (age 15)."
    assert not on_birthday.counted and on_birthday.age == 16
    assert on_birthday.rendered() == (
        "Not counted: 16 or older (age 16).",
        "Both parents work away from home.",
    )


def test_a_leap_day_child_turns_16_on_1_march() -> None:
    born = date(2012, 2, 29)
    assert assess(born, date(2028, 2, 28), True, False).counted
    assert not assess(born, date(2028, 2, 29), True, False).counted
    assert age_on(born, date(2027, 2, 28)) == 14
    assert age_on(born, date(2027, 3, 1)) == 15


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=40),
)
def test_age_goes_up_on_the_birthday(born: date, years: int) -> None:
    if born.month == 2 and born.day == 29:
        born = born.replace(day=28)
    birthday = born.replace(year=born.year + years)
    assert age_on(born, birthday) == years
    if years:
        assert age_on(born, birthday - timedelta(days=1)) == years - 1


@pytest.mark.parametrize(
    ("hukou", "counted", "extra"),
    [
        (None, True, ()),
        (True, True, ("Rural household registration (hukou).",)),
        (False, False, ("Not counted: the household registration (hukou) is not rural.",)),
    ],
)
def test_rural_hukou(hukou: bool | None, counted: bool, extra: tuple[str, ...]) -> None:
    result = assess(NINE, TODAY, True, False, hukou_rural=hukou)
    assert result.counted is counted
    assert result.rendered() == ("Under 16 (age 9).", *extra, "Both parents work away from home.")


def test_missing_birth_date_is_not_counted_yet() -> None:
    result = assess(None, TODAY, True, False)
    assert not result.counted and result.age is None
    assert result.rendered()[0] == "Not counted yet: the birth date is not filled in."


def test_birth_date_after_today_is_not_counted() -> None:
    result = assess(TODAY + timedelta(days=1), TODAY, True, False)
    assert not result.counted
    assert result.rendered()[0] == "Not counted yet: the birth date is after today; check it."


def test_a_newborn_counts() -> None:
    result = assess(TODAY, TODAY, True, False)
    assert result.counted and result.age == 0


def test_reasons_are_translated_then_filled_in() -> None:
    chinese = {"Under 16 (age {age}).": "未满16周岁（{age}岁）。"}
    result = assess(NINE, TODAY, True, False)
    assert result.rendered(lambda s: chinese.get(s, s))[0] == "未满16周岁（9岁）。"


def test_every_reason_is_marked_for_translation() -> None:
    seen = set()
    for birth in (None, NINE, date(2000, 1, 1), TODAY + timedelta(days=1)):
        for both, one in ((True, False), (False, True), (False, False), (None, None)):
            for hukou in (None, True, False):
                seen.update(assess(birth, TODAY, both, one, hukou).reasons)
    marked = marked_strings(eligibility, "Eligibility")
    assert seen == marked
    assert len(seen) == 10

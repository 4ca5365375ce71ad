"""Term-plan templates: the bundled files, the format check, and rules resolved in a term."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liushou_desktop.domain import vocab
from liushou_desktop.domain.activity_templates import (
    DEFAULT_TEMPLATE,
    bundled_templates,
    check_half,
    check_item,
    nth_weekday,
    resolve,
    term_half,
    usable_items,
    weekday_rule,
)
from liushou_desktop.domain.school_calendar import SchoolCalendar, TermView

AUTUMN = TermView("2026-2027-1", date(2026, 9, 1), date(2027, 1, 22))
SPRING = TermView("2026-2027-2", date(2027, 2, 22), date(2027, 7, 9))
CALENDAR = SchoolCalendar([AUTUMN, SPRING])


def item(when: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return check_item({"key": "k", "kind": "other", "title": "测试", "when": when, **fields})


def test_term_half() -> None:
    assert term_half("2026-2027-1") == "autumn"
    assert term_half("2026-2027-2") == "spring"
    with pytest.raises(ValueError):
        term_half("2026 autumn")


def test_the_bundled_templates_follow_the_school_plans() -> None:
    templates = bundled_templates()
    assert DEFAULT_TEMPLATE in templates and "village" in templates
    standard = templates[DEFAULT_TEMPLATE]
    assert standard["title"]
    for half in ("autumn", "spring"):
        items = standard[half]
        assert 18 <= len(items) <= 26
        assert {i["kind"] for i in items} <= set(vocab.ACTIVITY_KINDS)
        for kind in ("guardian_meeting", "home_visit", "family_call", "letter", "safety"):
            assert any(i["kind"] == kind for i in items), (half, kind)
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in i["title"]) for i in items)
    festivals = {
        half: {i["when"].get("festival") for i in standard[half]} for half in ("autumn", "spring")
    }
    assert {"mid_autumn", "national_day", "teachers_day"} <= festivals["autumn"]
    assert {"qingming", "dragon_boat"} <= festivals["spring"]
    topics = {
        i["topic"] for h in ("autumn", "spring") for i in standard[h] if i["kind"] == "safety"
    }
    assert topics == {"drowning", "traffic", "fire", "earthquake"}
    assert len(templates["village"]["autumn"]) < len(standard["autumn"])


@pytest.mark.parametrize(("term", "half"), [(AUTUMN, "autumn"), (SPRING, "spring")])
def test_one_family_call_in_each_month_of_the_term(term: TermView, half: str) -> None:
    calls = [i for i in bundled_templates()[DEFAULT_TEMPLATE][half] if i["kind"] == "family_call"]
    months = []
    for call in calls:
        if call["when"].get("festival"):
            continue  # the 中秋 video call comes on top of the month's
        days = resolve(call, term, CALENDAR)
        assert days is not None, call["title"]
        assert CALENDAR.is_school_day(days[0])
        months.append((days[0].year, days[0].month))
    first, last = term.starts_on, term.ends_on
    expected = sorted(
        {(d.year, d.month) for d in (first + timedelta(n) for n in range((last - first).days + 1))}
    )
    assert sorted(months) == expected


def test_every_bundled_item_resolves_inside_its_term() -> None:
    for half, term in (("autumn", AUTUMN), ("spring", SPRING)):
        for entry in bundled_templates()[DEFAULT_TEMPLATE][half]:
            days = resolve(entry, term, CALENDAR)
            assert days is not None, entry["title"]
            assert term.starts_on <= days[0] <= days[1] <= term.ends_on
            if entry["when"].get("school_day"):
                assert CALENDAR.is_school_day(days[0]), entry["title"]


def test_a_fixed_day_takes_the_year_inside_the_term() -> None:
    assert resolve(item({"month": 9, "day": 10}), AUTUMN, CALENDAR) == (
        date(2026, 9, 10),
        date(2026, 9, 10),
    )
    assert resolve(item({"month": 1, "day": 12}), AUTUMN, CALENDAR) == (
        date(2027, 1, 12),
        date(2027, 1, 12),
    )
    assert resolve(item({"month": 8, "day": 20}), AUTUMN, CALENDAR) is None  # summer
    assert resolve(item({"month": 2, "day": 30}), SPRING, CALENDAR) is None


def test_a_day_moves_to_the_nearest_school_day_the_rule_says() -> None:
    # 2026-10-01..07 is the National Day holiday (chinese_calendar)
    after = item({"festival": "national_day", "school_day": "after"})
    before = item({"festival": "national_day", "school_day": "before"})
    assert resolve(after, AUTUMN, CALENDAR) == (date(2026, 10, 8), date(2026, 10, 8))
    assert resolve(before, AUTUMN, CALENDAR) == (date(2026, 9, 30), date(2026, 9, 30))
    unmoved = item({"festival": "national_day"})
    assert resolve(unmoved, AUTUMN, CALENDAR) == (date(2026, 10, 1), date(2026, 10, 1))
    # a Saturday moves back to Friday
    saturday = item({"month": 11, "day": 7, "school_day": "before"})
    assert resolve(saturday, AUTUMN, CALENDAR) == (date(2026, 11, 6), date(2026, 11, 6))
    # a move never leaves the term: before the first day it goes forward into the term
    early = TermView("2026-2027-1", date(2026, 9, 3), date(2027, 1, 22))
    assert resolve(item({"month": 9, "day": 1, "school_day": "after"}), early, CALENDAR) == (
        date(2026, 9, 3),
        date(2026, 9, 3),
    )
    assert resolve(item({"month": 9, "day": 1, "school_day": "before"}), early, CALENDAR) is None


def test_term_rules_and_days_clipped_at_the_end() -> None:
    start = item({"term": "start", "offset": 3}, days=3)
    assert resolve(start, AUTUMN, CALENDAR) == (date(2026, 9, 4), date(2026, 9, 6))
    end = item({"term": "end", "offset": -1}, days=10)
    assert resolve(end, AUTUMN, CALENDAR) == (date(2027, 1, 21), date(2027, 1, 22))
    assert resolve(item({"term": "end", "offset": 5}), AUTUMN, CALENDAR) is None


def test_nth_weekday() -> None:
    assert nth_weekday(2026, 11, 2, 2) == date(2026, 11, 10)  # 2nd Tuesday
    assert nth_weekday(2026, 11, 1, 7) == date(2026, 11, 1)  # 1st Sunday
    assert nth_weekday(2026, 12, -1, 4) == date(2026, 12, 31)  # last Thursday
    assert nth_weekday(2026, 2, -1, 6) == date(2026, 2, 28)
    assert nth_weekday(2026, 11, 5, 1) == date(2026, 11, 30)
    assert nth_weekday(2026, 11, 5, 2) is None  # no 5th Tuesday


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_weekday_rule_gives_back_the_day(day: date) -> None:
    rule = weekday_rule(day)
    assert nth_weekday(day.year, rule["month"], rule["week"], rule["weekday"]) == day


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "picnic"},
        {"topic": "bears"},
        {"title": " "},
        {"key": "a:b"},
        {"days": 0},
        {"target_kind": "village"},
        {"when": {"month": 13, "day": 1}},
        {"when": {"month": 5, "week": 6, "weekday": 1}},
        {"when": {"festival": "halloween"}},
        {"when": {"term": "middle"}},
        {"when": {"month": 5, "day": 1, "school_day": "soon"}},
        {"when": {"month": 5, "day": 1, "week": 1}},
        {"when": {"offset": 3}},
    ],
)
def test_check_item_refuses_what_it_cannot_plan(change: dict[str, Any]) -> None:
    good = {"key": "k", "kind": "other", "title": "测试", "when": {"month": 5, "day": 1}}
    assert check_item(good)["days"] == 1
    with pytest.raises(ValueError):
        check_item({**good, **change})


def test_repeated_keys_are_refused_and_unreadable_saved_items_left_out() -> None:
    good = {"key": "k", "kind": "other", "title": "测试", "when": {"month": 5, "day": 1}}
    with pytest.raises(ValueError, match="repeat"):
        check_half([good, copy.deepcopy(good)])
    broken = {**good, "key": "x", "kind": "picnic"}
    assert [i["key"] for i in usable_items([good, broken, good])] == ["k"]
    assert usable_items("not a list") == []

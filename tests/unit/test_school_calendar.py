"""The school calendar: statutory holidays, make-up days, term breaks, the school's marks."""

from __future__ import annotations

import json
from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import AuditEntry, CalendarDay, SchoolTerm
from liushou_desktop.domain import vocab
from liushou_desktop.domain.permissions import Actor, PermissionDenied, cli_actor
from liushou_desktop.domain.school_calendar import (
    CalendarService,
    DayInfo,
    SchoolCalendar,
    TermView,
    month_bounds,
    next_term_name,
    parse_term_name,
)
from liushou_desktop.errors import UserError

ADMIN = cli_actor("school")
AUTUMN = TermView("2025-2026-1", date(2025, 9, 1), date(2026, 1, 23))
SPRING = TermView("2025-2026-2", date(2026, 3, 2), date(2026, 7, 10))
NEXT_AUTUMN = TermView("2026-2027-1", date(2026, 9, 1), date(2027, 1, 22))


# --- the pure calendar --------------------------------------------------------------------


def test_statutory_holiday_make_up_day_and_weekend() -> None:
    calendar = SchoolCalendar()
    assert calendar.day_info(date(2026, 10, 1)) == DayInfo(
        date(2026, 10, 1), False, "holiday", "国庆节"
    )
    # Sunday 2026-09-20 is an official make-up working day (调休) before National Day
    assert chinese_calendar.is_workday(date(2026, 9, 20))
    assert calendar.day_info(date(2026, 9, 20)) == DayInfo(
        date(2026, 9, 20), True, "makeup_workday", "国庆节"
    )
    assert calendar.day_info(date(2026, 11, 7)) == DayInfo(date(2026, 11, 7), False, "weekend", "")
    assert calendar.day_info(date(2026, 11, 6)) == DayInfo(date(2026, 11, 6), True, "", "")
    assert calendar.official_known(2026)


def test_a_year_the_library_does_not_know_falls_back_to_weekends() -> None:
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_holiday(date(2099, 1, 1))
    calendar = SchoolCalendar()
    assert not calendar.official_known(2099)
    assert calendar.is_school_day(date(2099, 1, 1))  # a Thursday; 元旦 unknown that year
    assert calendar.day_info(date(2099, 1, 3)).reason == "weekend"
    days = calendar.school_days(date(2099, 10, 1), date(2099, 10, 31))
    assert days == [date(2099, 10, d) for d in range(1, 32) if date(2099, 10, d).weekday() < 5]


def test_the_schools_marks_win() -> None:
    calendar = SchoolCalendar(
        marked={
            date(2026, 10, 1): (vocab.CALENDAR_WORKDAY, "补课"),
            date(2026, 11, 6): (vocab.CALENDAR_OFF, "运动会"),
            date(2026, 11, 7): (vocab.CALENDAR_WORKDAY, ""),
            date(2026, 8, 3): (vocab.CALENDAR_WORKDAY, "暑期返校"),
        },
        terms=[SPRING, NEXT_AUTUMN],
    )
    assert calendar.day_info(date(2026, 10, 1)) == DayInfo(
        date(2026, 10, 1), True, "school_workday", "补课"
    )
    assert calendar.day_info(date(2026, 11, 6)) == DayInfo(
        date(2026, 11, 6), False, "school_off", "运动会"
    )
    assert calendar.is_school_day(date(2026, 11, 7))
    assert calendar.is_school_day(date(2026, 8, 3))  # inside the summer break
    assert not calendar.is_school_day(date(2026, 8, 4))


def test_breaks_lie_between_consecutive_terms_only() -> None:
    calendar = SchoolCalendar([NEXT_AUTUMN, AUTUMN, SPRING])  # any order
    assert calendar.day_info(date(2026, 1, 26)).reason == "term_break"  # winter, a Monday
    assert calendar.day_info(date(2026, 1, 23)).school_day  # the last day of term
    assert calendar.day_info(date(2026, 3, 2)).school_day  # the first day of term
    assert calendar.day_info(date(2026, 8, 31)).reason == "term_break"  # summer, a Monday
    assert calendar.school_days(date(2026, 8, 1), date(2026, 8, 31)) == []
    # a statutory holiday inside a break keeps its own reason
    assert calendar.day_info(date(2026, 2, 17)).reason == "holiday"  # 春节
    # before the first and after the last entered term: school days
    assert calendar.is_school_day(date(2025, 6, 3))
    assert calendar.is_school_day(date(2027, 3, 1))
    # a term never entered (2025-2026-2 missing): no break over its months
    gap = SchoolCalendar([AUTUMN, NEXT_AUTUMN])
    assert gap.is_school_day(date(2026, 4, 1))
    assert gap.is_school_day(date(2026, 8, 3))


def test_a_make_up_day_inside_a_break_is_no_school_day() -> None:
    # Saturday 2026-02-14 is an official working day (Spring Festival 调休)
    assert chinese_calendar.is_workday(date(2026, 2, 14))
    calendar = SchoolCalendar([AUTUMN, SPRING])
    assert calendar.day_info(date(2026, 2, 14)).reason == "term_break"
    assert SchoolCalendar().day_info(date(2026, 2, 14)).reason == "makeup_workday"


def test_month_days_and_bounds() -> None:
    calendar = SchoolCalendar()
    days = calendar.month_days(date(2028, 2, 17))
    assert [info.day for info in days] == [date(2028, 2, 1) + timedelta(n) for n in range(29)]
    assert month_bounds(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))
    assert len(calendar.month_days(date(2026, 4, 1))) == 30


def test_term_names() -> None:
    assert parse_term_name("2026-2027-1") == (2026, 1)
    assert parse_term_name("2026-2027-2") == (2026, 2)
    for bad in ("2026-2028-1", "2026-2027-3", "2026-27-1", "2026/2027/1", "", "1999-2000-1"):
        assert parse_term_name(bad) is None, bad
    assert next_term_name("2026-2027-1") == "2026-2027-2"
    assert next_term_name("2026-2027-2") == "2027-2028-1"


@settings(max_examples=200, deadline=None)
@given(st.dates(date(2004, 1, 1), date(2026, 12, 31)))
def test_without_terms_or_marks_school_days_are_the_official_working_days(day: date) -> None:
    assert SchoolCalendar().is_school_day(day) == chinese_calendar.is_workday(day)


@settings(max_examples=100, deadline=None)
@given(
    marks=st.dictionaries(
        st.dates(date(2026, 1, 1), date(2027, 12, 31)),
        st.tuples(
            st.sampled_from([vocab.CALENDAR_OFF, vocab.CALENDAR_WORKDAY]), st.text(max_size=5)
        ),
        max_size=20,
    ),
    first=st.dates(date(2026, 1, 1), date(2027, 12, 1)),
    length=st.integers(0, 40),
)
def test_marked_days_win_and_school_days_list_agrees(
    marks: dict[date, tuple[str, str]], first: date, length: int
) -> None:
    calendar = SchoolCalendar([AUTUMN, SPRING, NEXT_AUTUMN], marks)
    for day, (kind, note) in marks.items():
        info = calendar.day_info(day)
        assert info.school_day == (kind == vocab.CALENDAR_WORKDAY)
        assert info.note == note
    last = first + timedelta(days=length)
    every_day = [first + timedelta(days=n) for n in range(length + 1)]
    assert calendar.school_days(first, last) == [d for d in every_day if calendar.is_school_day(d)]


# --- the service --------------------------------------------------------------------------


def _audit(db: Database, action: str) -> list[AuditEntry]:
    with db.session_scope("test") as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_terms_are_saved_listed_and_changed(school_db: Database) -> None:
    service = CalendarService(school_db)
    service.save_term(ADMIN, "2026-2027-1", date(2026, 9, 1), date(2027, 1, 22))
    service.save_term(ADMIN, " 2025-2026-2 ", date(2026, 3, 2), date(2026, 7, 10))
    terms = service.terms(ADMIN)
    assert [(t.name, t.starts_on, t.ends_on) for t in terms] == [
        ("2025-2026-2", date(2026, 3, 2), date(2026, 7, 10)),
        ("2026-2027-1", date(2026, 9, 1), date(2027, 1, 22)),
    ]
    assert all(t.id for t in terms)
    assert service.calendar().day_info(date(2026, 8, 3)).reason == "term_break"
    service.save_term(ADMIN, "2026-2027-1", date(2026, 8, 3), date(2027, 1, 22))
    assert service.calendar().is_school_day(date(2026, 8, 3))
    entries = _audit(school_db, "term_saved")
    assert len(entries) == 3
    assert json.loads(entries[-1].detail) == {
        "old": ["2026-09-01", "2027-01-22"],
        "new": ["2026-08-03", "2027-01-22"],
    }
    service.delete_term(ADMIN, "2025-2026-2")
    assert [t.name for t in service.terms(ADMIN)] == ["2026-2027-1"]
    with school_db.session_scope("test") as session:
        assert session.scalar(select(SchoolTerm.deleted).where(SchoolTerm.name == "2025-2026-2"))
    service.save_term(ADMIN, "2025-2026-2", date(2026, 3, 2), date(2026, 7, 10))  # revived
    assert len(service.terms(ADMIN)) == 2


@pytest.mark.parametrize(
    ("name", "starts", "ends", "words"),
    [
        ("2026-2028-1", date(2026, 9, 1), date(2027, 1, 22), "cannot be read"),
        ("2026秋", date(2026, 9, 1), date(2027, 1, 22), "cannot be read"),
        ("2026-2027-1", date(2026, 9, 1), date(2026, 8, 1), "before it starts"),
        ("2026-2027-2", date(2026, 9, 1), date(2027, 1, 22), "should start in 2027"),
        ("2026-2027-1", date(2026, 7, 1), date(2027, 1, 22), "shares days with the term"),
    ],
)
def test_a_wrong_term_is_refused_in_plain_words(
    school_db: Database, name: str, starts: date, ends: date, words: str
) -> None:
    service = CalendarService(school_db)
    service.save_term(ADMIN, "2025-2026-2", date(2026, 3, 2), date(2026, 7, 10))
    with pytest.raises(UserError) as caught:
        service.save_term(ADMIN, name, starts, ends)
    assert words in str(caught.value)
    assert [t.name for t in service.terms(ADMIN)] == ["2025-2026-2"]


def test_days_are_marked_and_unmarked(school_db: Database) -> None:
    service = CalendarService(school_db)
    service.mark_day(ADMIN, date(2026, 11, 6), vocab.CALENDAR_OFF, " 秋季 运动会 ")
    service.mark_day(ADMIN, date(2026, 11, 7), vocab.CALENDAR_WORKDAY)
    calendar = service.calendar()
    assert calendar.day_info(date(2026, 11, 6)) == DayInfo(
        date(2026, 11, 6), False, "school_off", "秋季 运动会"
    )
    assert calendar.is_school_day(date(2026, 11, 7))
    service.mark_day(ADMIN, date(2026, 11, 6), vocab.CALENDAR_WORKDAY, "改期")
    assert service.calendar().day_info(date(2026, 11, 6)).reason == "school_workday"
    service.unmark_day(ADMIN, date(2026, 11, 6))
    service.unmark_day(ADMIN, date(2026, 11, 6))  # nothing to do, no error
    assert service.calendar().day_info(date(2026, 11, 6)).reason == ""
    service.mark_day(ADMIN, date(2026, 11, 6), vocab.CALENDAR_OFF)  # the tombstone revived
    assert not service.calendar().is_school_day(date(2026, 11, 6))
    with school_db.session_scope("test") as session:
        assert len(session.scalars(select(CalendarDay)).all()) == 2
    assert len(_audit(school_db, "calendar_day_marked")) == 4
    assert len(_audit(school_db, "calendar_day_unmarked")) == 1
    with pytest.raises(UserError, match="too long"):
        service.mark_day(ADMIN, date(2026, 11, 9), vocab.CALENDAR_OFF, "长" * 101)


def test_only_the_administrator_edits_the_calendar(school_db: Database) -> None:
    service = CalendarService(school_db)
    teacher = Actor("li", vocab.ROLE_CLASS_TEACHER, teacher_id="t1")
    with pytest.raises(PermissionDenied):
        service.mark_day(teacher, date(2026, 11, 6), vocab.CALENDAR_OFF)
    with pytest.raises(PermissionDenied):
        service.save_term(teacher, "2026-2027-1", date(2026, 9, 1), date(2027, 1, 22))
    assert service.terms(teacher) == []  # every role may read it
    assert service.calendar().is_school_day(date(2026, 11, 6))
    assert len(_audit(school_db, "denied")) == 2

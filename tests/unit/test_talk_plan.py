"""The monthly talk plan: one talk per active child, spread per mentor, idempotent."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    AuditEntry,
    CalendarDay,
    Child,
    School,
    SchoolClass,
    SchoolTerm,
    Setting,
    Talk,
    Teacher,
)
from liushou_desktop.domain import vocab
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor, PermissionDenied, cli_actor
from liushou_desktop.domain.school_calendar import CalendarService, month_bounds
from liushou_desktop.domain.settings import SettingsService
from liushou_desktop.domain.talk_plan import (
    HOLIDAY_FORM_KEY,
    HOLIDAY_FORMS,
    PlanResult,
    TalkPlanService,
    assign_days,
    month_key,
)
from liushou_desktop.errors import UserError
from tests.helpers import FakeClock

ADMIN = cli_actor("school")
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- building random schools and calendars ---------------------------------------------------


@dataclass(frozen=True)
class SchoolSpec:
    """Teachers (active or not), classes (their class teacher's index or None), children
    (class index or None, mentor index or None, status)."""

    teachers: tuple[bool, ...]
    classes: tuple[int | None, ...]
    children: tuple[tuple[int | None, int | None, str], ...]


@dataclass(frozen=True)
class CalendarSpec:
    month: date
    terms: tuple[tuple[str, date, date], ...]
    marks: tuple[tuple[date, str], ...]
    holiday_form: str | None  # None: the setting is missing


@st.composite
def schools(draw: st.DrawFn) -> SchoolSpec:
    teachers = draw(st.lists(st.sampled_from([True, True, True, False]), min_size=1, max_size=6))
    teacher = st.one_of(st.none(), st.integers(0, len(teachers) - 1))
    classes = draw(st.lists(teacher, max_size=4))
    klass = st.one_of(st.none(), st.integers(0, len(classes) - 1)) if classes else st.none()
    status = st.sampled_from([vocab.CHILD_ACTIVE] * 5 + ["transferred"])
    children = draw(st.lists(st.tuples(klass, teacher, status), max_size=40))
    return SchoolSpec(tuple(teachers), tuple(classes), tuple(children))


@st.composite
def calendars(draw: st.DrawFn) -> CalendarSpec:
    year = draw(st.sampled_from([2025, 2026, 2027]))  # 2027: unknown to chinese_calendar
    month = date(year, draw(st.integers(1, 12)), 1)
    day = st.integers(0, 12)
    terms = []
    if draw(st.booleans()):
        terms.append((f"{year - 1}-{year}-1", date(year - 1, 9, 1), date(year, 1, 12 + draw(day))))
    if draw(st.booleans()):
        terms.append(
            (f"{year - 1}-{year}-2", date(year, 2, 14 + draw(day)), date(year, 7, 1 + draw(day)))
        )
    if draw(st.booleans()):
        starts = date(year, 8, 25) + timedelta(days=draw(day))
        terms.append((f"{year}-{year + 1}-1", starts, date(year + 1, 1, 10 + draw(day))))
    first, last = month_bounds(month)
    marks = draw(
        st.dictionaries(
            st.dates(first, last),
            st.sampled_from([vocab.CALENDAR_OFF, vocab.CALENDAR_WORKDAY]),
            max_size=8,
        )
    )
    form = draw(st.sampled_from([None, *HOLIDAY_FORMS]))
    return CalendarSpec(month, tuple(terms), tuple(sorted(marks.items())), form)


@dataclass(frozen=True)
class Built:
    teacher_ids: list[str]
    child_ids: list[str]
    expected_mentor: dict[str, str | None]  # active children only
    school_id: str
    class_ids: list[str]


def _reset(db: Database) -> None:
    with db.session_scope("test") as session:
        for model in (Talk, Child, SchoolClass, Teacher, CalendarDay, SchoolTerm):
            session.execute(delete(model))
        session.execute(delete(Setting).where(Setting.key == HOLIDAY_FORM_KEY))


def _build(db: Database, school: SchoolSpec, calendar: CalendarSpec | None = None) -> Built:
    with db.session_scope("test") as session:
        school_id = session.scalars(select(School.id)).one()
        teachers = [
            Teacher(school_id=school_id, name=f"老师{n}", active=active)
            for n, active in enumerate(school.teachers)
        ]
        session.add_all(teachers)
        session.flush()
        classes = [
            SchoolClass(
                school_id=school_id,
                grade=1 + n % 6,
                name=f"班{n}",
                class_teacher_id=None if teacher is None else teachers[teacher].id,
            )
            for n, teacher in enumerate(school.classes)
        ]
        session.add_all(classes)
        session.flush()
        built = Built([t.id for t in teachers], [], {}, school_id, [c.id for c in classes])
        for n, spec in enumerate(school.children):
            _add_child(session, built, school, teachers, classes, spec, n)
        if calendar is not None:
            for name, starts, ends in calendar.terms:
                session.add(
                    SchoolTerm(school_id=school_id, name=name, starts_on=starts, ends_on=ends)
                )
            for day, kind in calendar.marks:
                session.add(CalendarDay(school_id=school_id, day=day, kind=kind))
    if calendar is not None and calendar.holiday_form is not None:
        SettingsService(db).set(HOLIDAY_FORM_KEY, calendar.holiday_form, "test")
    return built


def _add_child(
    session: Any,
    built: Built,
    school: SchoolSpec,
    teachers: list[Teacher],
    classes: list[SchoolClass],
    spec: tuple[int | None, int | None, str],
    n: int,
) -> None:
    klass, mentor, status = spec
    child = Child(
        school_id=built.school_id,
        name=f"孩子{n}",
        name_pinyin=f"hai zi {n:03d}",
        class_id=None if klass is None else classes[klass].id,
        mentor_id=None if mentor is None else teachers[mentor].id,
        status=status,
    )
    session.add(child)
    session.flush()
    built.child_ids.append(child.id)
    if status != vocab.CHILD_ACTIVE:
        return
    expected = None
    if mentor is not None and school.teachers[mentor]:
        expected = teachers[mentor].id
    elif klass is not None:
        class_teacher = school.classes[klass]
        if class_teacher is not None and school.teachers[class_teacher]:
            expected = teachers[class_teacher].id
    built.expected_mentor[child.id] = expected


def _talks(db: Database, month: str) -> list[Talk]:
    with db.session_scope("test") as session:
        return list(session.scalars(select(Talk).where(Talk.month == month).order_by(Talk.id)))


def _rows(db: Database) -> list[tuple[Any, ...]]:
    """Every column of every talk row, to compare the table before and after."""
    with db.session_scope("test") as session:
        return [tuple(row) for row in session.execute(select(*Talk.__table__.columns)).all()]


def _live(talks: list[Talk]) -> list[Talk]:
    return [t for t in talks if t.status in (vocab.TALK_PLANNED, vocab.TALK_DONE)]


def _busiest(talks: list[Talk]) -> dict[str, tuple[int, int]]:
    """For each mentor: (talks this month, talks on the busiest day)."""
    per_day = Counter((t.mentor_id, t.held_on or t.planned_on) for t in _live(talks) if t.mentor_id)
    totals = Counter(t.mentor_id for t in _live(talks) if t.mentor_id)
    return {
        mentor: (total, max(n for (m, _), n in per_day.items() if m == mentor))
        for mentor, total in totals.items()
    }


def _check_one_talk_each(
    talks: list[Talk], built: Built, allowed: set[date], mentors: dict[str, str | None]
) -> None:
    live = _live(talks)
    by_child = Counter(t.child_id for t in live)
    assert set(by_child) == set(built.expected_mentor)
    assert set(by_child.values()) <= {1}
    for talk in live:
        if talk.status == vocab.TALK_PLANNED:
            assert talk.planned_on in allowed
            assert talk.mentor_id == mentors[talk.child_id]


# --- the properties ---------------------------------------------------------------------------


@PROPERTY
@given(school=schools(), calendar=calendars())
def test_every_active_child_gets_one_talk_spread_evenly_and_replanning_is_idempotent(
    school_db: Database, clock: FakeClock, school: SchoolSpec, calendar: CalendarSpec
) -> None:
    _reset(school_db)
    built = _build(school_db, school, calendar)
    cal = CalendarService(school_db).calendar()
    first, last = month_bounds(calendar.month)
    school_days = cal.school_days(first, last)
    service = TalkPlanService(school_db, clock)
    result = service.plan_month(ADMIN, calendar.month)
    key = month_key(calendar.month)
    talks = _talks(school_db, key)
    active = len(built.expected_mentor)
    form = calendar.holiday_form or "phone"
    if school_days:
        assert result == PlanResult(key, active, 0, 0, False, False)
        _check_one_talk_each(talks, built, set(school_days), built.expected_mentor)
        assert all(cal.is_school_day(t.planned_on) for t in talks)
        assert {t.form for t in talks} <= {"face"}
        for total, busiest in _busiest(talks).values():
            assert busiest <= math.ceil(total / len(school_days))
    elif form == "none":
        assert result == PlanResult(key, 0, 0, 0, True, True)
        assert talks == []
    else:
        assert result == PlanResult(key, active, 0, 0, True, False)
        weekdays = {
            first + timedelta(n) for n in range(last.day) if (first + timedelta(n)).weekday() < 5
        }
        _check_one_talk_each(talks, built, weekdays, built.expected_mentor)
        assert {t.form for t in talks} <= {form}
    before = _rows(school_db)
    again = service.plan_month(ADMIN, calendar.month)
    assert again.planned == 0 and again.dropped == 0
    assert again.kept == (0 if result.no_school_days else active)
    assert _rows(school_db) == before


@PROPERTY
@given(school=schools(), calendar=calendars(), data=st.data())
def test_replanning_keeps_held_talks_adds_newcomers_and_drops_leavers(
    school_db: Database,
    clock: FakeClock,
    school: SchoolSpec,
    calendar: CalendarSpec,
    data: st.DataObject,
) -> None:
    _reset(school_db)
    built = _build(school_db, school, calendar)
    cal = CalendarService(school_db).calendar()
    first, last = month_bounds(calendar.month)
    school_days = cal.school_days(first, last)
    assume(school_days)
    service = TalkPlanService(school_db, clock)
    key = month_key(calendar.month)
    service.plan_month(ADMIN, calendar.month)
    planned = _talks(school_db, key)
    # some talks are held on their day
    held_ids = data.draw(st.sets(st.sampled_from([t.id for t in planned]))) if planned else set()
    with school_db.session_scope("test") as session:
        for talk in session.scalars(select(Talk).where(Talk.id.in_(held_ids))):
            talk.status, talk.held_on = vocab.TALK_DONE, talk.planned_on
    held_before = [
        t for t in _rows(school_db) if t[Talk.__table__.columns.keys().index("id")] in held_ids
    ]
    # newcomers join mid-month
    teacher = st.one_of(st.none(), st.integers(0, len(school.teachers) - 1))
    klass = (
        st.one_of(st.none(), st.integers(0, len(school.classes) - 1))
        if school.classes
        else st.none()
    )
    newcomers = data.draw(
        st.lists(st.tuples(klass, teacher, st.just(vocab.CHILD_ACTIVE)), max_size=10)
    )
    with school_db.session_scope("test") as session:
        teachers = [session.get(Teacher, tid) for tid in built.teacher_ids]
        classes = [session.get(SchoolClass, cid) for cid in built.class_ids]
        offset = len(built.child_ids)
        for n, spec in enumerate(newcomers):
            _add_child(session, built, school, teachers, classes, spec, offset + n)  # type: ignore[arg-type]
    kept = len({t.child_id for t in planned})
    result = service.plan_month(ADMIN, calendar.month)
    assert (result.planned, result.kept, result.dropped) == (len(newcomers), kept, 0)
    talks = _talks(school_db, key)
    _check_one_talk_each(talks, built, set(school_days), built.expected_mentor)
    assert [
        t for t in _rows(school_db) if t[Talk.__table__.columns.keys().index("id")] in held_ids
    ] == held_before
    for total, busiest in _busiest(talks).values():
        assert busiest <= math.ceil(total / len(school_days)) + 1
    # some children leave: their planned (not held) talks are cancelled
    active_ids = sorted(built.expected_mentor)
    leavers = data.draw(st.sets(st.sampled_from(active_ids))) if active_ids else set()
    with school_db.session_scope("test") as session:
        for child in session.scalars(select(Child).where(Child.id.in_(leavers))):
            child.status = "transferred"
    talk_of = {t.child_id: t for t in talks}
    result = service.plan_month(ADMIN, calendar.month)
    to_drop = {talk_of[c].id for c in leavers if talk_of[c].status == vocab.TALK_PLANNED}
    assert (result.planned, result.dropped) == (0, len(to_drop))
    after = {t.id: t for t in _talks(school_db, key)}
    assert {i for i, t in after.items() if t.status == vocab.TALK_CANCELLED} == to_drop
    assert {i for i, t in after.items() if t.status == vocab.TALK_DONE} == held_ids


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(school=schools(), form=st.sampled_from([None, *HOLIDAY_FORMS]))
def test_a_summer_month_is_planned_per_the_holiday_setting(
    school_db: Database, clock: FakeClock, school: SchoolSpec, form: str | None
) -> None:
    _reset(school_db)
    terms = (
        ("2025-2026-2", date(2026, 3, 2), date(2026, 7, 10)),
        ("2026-2027-1", date(2026, 9, 1), date(2027, 1, 22)),
    )
    built = _build(school_db, school, CalendarSpec(date(2026, 8, 1), terms, (), form))
    result = TalkPlanService(school_db, clock).plan_month(ADMIN, date(2026, 8, 20))
    talks = _talks(school_db, "2026-08")
    assert result.holiday_month
    if form == "none":
        assert (result.planned, result.no_school_days, talks) == (0, True, [])
        return
    assert not result.no_school_days
    assert result.planned == len(built.expected_mentor) == len(talks)
    assert {t.form for t in talks} <= {form or "phone"}
    assert all(t.planned_on.month == 8 and t.planned_on.weekday() < 5 for t in talks)
    assert {t.child_id: t.mentor_id for t in talks} == built.expected_mentor


# --- examples ---------------------------------------------------------------------------------


def test_assign_days_takes_the_least_loaded_day_earliest_first() -> None:
    days = [date(2026, 11, d) for d in (2, 3, 4)]
    assert assign_days(["a", "a", "a", "a"], days) == [days[0], days[1], days[2], days[0]]
    existing = [("a", days[0]), ("a", days[1]), ("b", days[2]), ("a", date(2026, 11, 7))]
    assert assign_days(["a", "b", None], days, existing) == [days[2], days[0], days[1]]
    with pytest.raises(ValueError):
        assign_days(["a"], [])


def test_the_demo_school_is_planned_with_its_mentors_and_audited(
    school_db: Database, clock: FakeClock
) -> None:
    DemoService(school_db, clock).add_children(60, "test")
    # a month the demo's own talk records do not reach
    result = TalkPlanService(school_db, clock).plan_month(ADMIN, date(2027, 3, 15))
    with school_db.session_scope("test") as session:
        rows = session.execute(
            select(Talk.child_id, Talk.mentor_id, Child.mentor_id, SchoolClass.class_teacher_id)
            .join(Child, Talk.child_id == Child.id)
            .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
            .where(Talk.month == "2027-03")
        ).all()
        active = session.scalars(select(Child.id).where(Child.status == vocab.CHILD_ACTIVE)).all()
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "talks_planned")
        ).all()
    assert result.planned == len(active) == len(rows) > 0
    assert all(r[1] == (r[2] or r[3]) and r[1] is not None for r in rows)
    assert len(entries) == 1 and entries[0].object_id == "2027-03"
    assert json.loads(entries[0].detail)["planned"] == result.planned


def _small_school(db: Database, clock: FakeClock) -> tuple[Built, list[Talk]]:
    built = _build(
        db,
        SchoolSpec(
            (True, True),
            (0,),
            ((0, 1, vocab.CHILD_ACTIVE), (0, 1, vocab.CHILD_ACTIVE), (0, None, vocab.CHILD_ACTIVE)),
        ),
    )
    TalkPlanService(db, clock).plan_month(ADMIN, date(2026, 11, 1))
    return built, _talks(db, "2026-11")


def test_a_planned_talk_moves_to_a_school_day_of_its_month_only(
    school_db: Database, clock: FakeClock
) -> None:
    built, talks = _small_school(school_db, clock)
    service = TalkPlanService(school_db, clock)
    talk = talks[0]
    service.move(ADMIN, talk.id, date(2026, 11, 20))
    assert _talks(school_db, "2026-11")[0].planned_on == date(2026, 11, 20)
    for day in (date(2026, 11, 21), date(2026, 12, 1), date(2026, 10, 30)):  # Sat, other months
        with pytest.raises(UserError, match="can only move to a school day"):
            service.move(ADMIN, talk.id, day)
    CalendarService(school_db).mark_day(ADMIN, date(2026, 11, 23), vocab.CALENDAR_OFF, "运动会")
    with pytest.raises(UserError, match="can only move to a school day"):
        service.move(ADMIN, talk.id, date(2026, 11, 23))
    assert _talks(school_db, "2026-11")[0].planned_on == date(2026, 11, 20)
    with school_db.session_scope("test") as session:
        moved = session.scalars(select(AuditEntry).where(AuditEntry.action == "talk_moved")).all()
        session.get(Talk, talk.id).status = vocab.TALK_DONE  # type: ignore[union-attr]
    assert [json.loads(e.detail)["new"] for e in moved] == ["2026-11-20"]
    with pytest.raises(UserError, match="Only a planned talk"):
        service.move(ADMIN, talk.id, date(2026, 11, 24))


def test_a_mentor_moves_only_talks_of_their_own_children(
    school_db: Database, clock: FakeClock
) -> None:
    built, talks = _small_school(school_db, clock)
    service = TalkPlanService(school_db, clock)
    own = Actor("wang", vocab.ROLE_MENTOR, teacher_id=built.teacher_ids[1])
    other = Actor("zhao", vocab.ROLE_MENTOR, teacher_id=built.teacher_ids[0])
    mentored = next(t for t in talks if t.mentor_id == built.teacher_ids[1])
    with pytest.raises(UserError, match="not open to your account"):
        service.move(other, mentored.id, date(2026, 11, 24))
    service.move(own, mentored.id, date(2026, 11, 24))
    with pytest.raises(PermissionDenied):
        service.plan_month(own, date(2026, 11, 1))


def test_two_planned_talks_swap_days(school_db: Database, clock: FakeClock) -> None:
    _, talks = _small_school(school_db, clock)
    service = TalkPlanService(school_db, clock)
    first, second = talks[0], talks[1]
    service.move(ADMIN, first.id, date(2026, 11, 10))
    service.move(ADMIN, second.id, date(2026, 11, 12))
    service.swap(ADMIN, first.id, second.id)
    days = {t.id: t.planned_on for t in _talks(school_db, "2026-11")}
    assert (days[first.id], days[second.id]) == (date(2026, 11, 12), date(2026, 11, 10))
    with school_db.session_scope("test") as session:
        session.get(Talk, second.id).month = "2026-12"  # type: ignore[union-attr]
    with pytest.raises(UserError, match="same month"):
        service.swap(ADMIN, first.id, second.id)
    with school_db.session_scope("test") as session:
        swapped = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "talks_swapped")
        ).all()
    assert json.loads(swapped[0].detail) == {
        "first": [first.id, "2026-11-12"],
        "second": [second.id, "2026-11-10"],
    }


def test_a_holiday_talk_moves_to_another_weekday_of_the_summer(
    school_db: Database, clock: FakeClock
) -> None:
    _build(school_db, SchoolSpec((True,), (0,), ((0, None, vocab.CHILD_ACTIVE),)))
    calendar = CalendarService(school_db, clock)
    calendar.save_term(ADMIN, "2025-2026-2", date(2026, 3, 2), date(2026, 7, 10))
    calendar.save_term(ADMIN, "2026-2027-1", date(2026, 9, 1), date(2027, 1, 22))
    service = TalkPlanService(school_db, clock)
    assert service.plan_month(ADMIN, date(2026, 8, 1)).holiday_month
    talk = _talks(school_db, "2026-08")[0]
    assert (talk.form, talk.planned_on) == ("phone", date(2026, 8, 3))
    service.move(ADMIN, talk.id, date(2026, 8, 31))
    with pytest.raises(UserError):
        service.move(ADMIN, talk.id, date(2026, 8, 29))  # a Saturday


def test_planning_mid_month_puts_the_talks_on_the_days_still_to_come(
    school_db: Database, clock: FakeClock
) -> None:
    """A school that plans on the 20th must not find every talk late at once."""
    DemoService(school_db, clock).add_children(40, "test")

    def twentieth() -> datetime:
        return datetime(2026, 11, 20, 1, 0)  # naive UTC: the 20th in China too

    result = TalkPlanService(school_db, twentieth).plan_month(ADMIN, date(2026, 11, 1))
    planned = [t for t in _talks(school_db, "2026-11") if t.status == vocab.TALK_PLANNED]
    assert result.planned == len(planned) > 0
    assert min(t.planned_on for t in planned) >= date(2026, 11, 20)  # type: ignore[type-var]
    # A month that is already over is planned on its own days (to catch up on paper records).
    TalkPlanService(school_db, twentieth).plan_month(ADMIN, date(2026, 10, 1))
    october = [t for t in _talks(school_db, "2026-10") if t.status == vocab.TALK_PLANNED]
    assert all(t.planned_on and t.planned_on.month == 10 for t in october)

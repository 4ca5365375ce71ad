"""The term's activity and family-contact figures: equal to direct counts over the rows
(generated with a seeded random), small hand-made cases, scope and the workbook."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Activity,
    ActivityAttendance,
    AuditEntry,
    Child,
    FamilyContact,
    HomeVisit,
    SchoolClass,
    SchoolTerm,
)
from liushou_desktop.domain import vocab
from liushou_desktop.domain.activity_stats import (
    SHEET,
    TOTAL,
    ActivityStatsService,
    ClassFigures,
    term_months,
)
from liushou_desktop.domain.demo import DemoService
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.errors import UserError
from tests.helpers import FakeClock

ADMIN = Actor("admin", vocab.ROLE_ADMIN)
TERM = "2026-2027-1"  # 2026-09-01 .. 2027-01-22 in the demo school
OTHER_TERM = "2025-2026-2"
KINDS = list(vocab.ACTIVITY_KINDS)
STATUSES = [vocab.ACTIVITY_PLANNED, vocab.ACTIVITY_HELD, vocab.ACTIVITY_HELD, "cancelled"]


@pytest.fixture
def demo_db(school_db: Database, clock: FakeClock) -> Database:
    DemoService(school_db, clock).add_children(120, "t")
    return school_db


def term_ids(db: Database) -> dict[str, str]:
    with db.session_factory() as session:
        return {t.name: t.id for t in session.scalars(select(SchoolTerm))}


def add_rows(db: Database, rows: list[Any]) -> None:
    with db.session_scope("t") as session:
        session.add_all(rows)


def activity(db: Database, term: str = TERM, **fields: Any) -> Activity:
    """A held whole-school activity of ``term`` unless ``fields`` say otherwise."""
    with db.session_factory() as session:
        school_id = session.scalars(select(SchoolTerm.school_id)).first()
    values: dict[str, Any] = {
        "school_id": school_id,
        "term_id": term_ids(db)[term],
        "kind": "class_meeting",
        "title": "主题班会",
        "starts_on": date(2026, 10, 9),
        "ends_on": date(2026, 10, 9),
        "status": vocab.ACTIVITY_HELD,
        "target_kind": "school",
        "target": [],
    }
    values.update(fields)
    row = Activity(**values)
    add_rows(db, [row])
    return row


# --- random data and the naive count ------------------------------------------------


def random_rows(db: Database, seed: int) -> None:
    """Activities of all target kinds in this term and another, attendance, family
    contacts with any relation, home visits; some rows deleted, some children gone."""
    rng = random.Random(seed)
    terms = term_ids(db)
    with db.session_scope("t") as session:
        children = list(session.scalars(select(Child).order_by(Child.id)))
        classes = list(session.scalars(select(SchoolClass).order_by(SchoolClass.id)))
        for child in rng.sample(children, 8):  # left school or removed: no longer counted
            child.status = rng.choice(["transferred", "graduated", "left"])
        for child in rng.sample(children, 3):
            child.deleted = True
        school_id = children[0].school_id
        activities = []
        for _ in range(30):
            kind = rng.choice(["school", "grades", "classes", "children"])
            target: list[str] = []
            if kind == "grades":
                target = [str(g) for g in rng.sample(range(1, 8), rng.randint(1, 3))]
            elif kind == "classes":
                target = [c.id for c in rng.sample(classes, rng.randint(1, 3))]
            elif kind == "children":
                target = [c.id for c in rng.sample(children, rng.randint(1, 6))]
            day = date(2026, 9, 1) + timedelta(days=rng.randint(0, 140))
            row = Activity(
                school_id=school_id,
                term_id=terms[TERM] if rng.random() < 0.85 else terms[OTHER_TERM],
                kind=rng.choice(["guardian_meeting", "guardian_meeting", *KINDS]),
                title="活动",
                starts_on=day,
                ends_on=day,
                status=rng.choice(STATUSES),
                target_kind=kind,
                target=target,
                deleted=rng.random() < 0.1,
            )
            activities.append(row)
        session.add_all(activities)
        session.flush()
        for act in activities:
            for child in rng.sample(children, rng.randint(0, 40)):
                session.add(
                    ActivityAttendance(
                        activity_id=act.id,
                        child_id=child.id,
                        present=rng.random() < 0.8,
                        guardian_present=rng.random() < 0.5,
                        deleted=rng.random() < 0.05,
                    )
                )
        relations = list(vocab.RELATIONS)
        for _ in range(500):
            session.add(
                FamilyContact(
                    child_id=rng.choice(children).id,
                    on=date(2026, 8, 1) + timedelta(days=rng.randint(0, 200)),
                    relation=rng.choice(relations),
                    deleted=rng.random() < 0.05,
                )
            )
        for _ in range(80):
            session.add(
                HomeVisit(
                    child_id=rng.choice(children).id,
                    visited_on=date(2026, 7, 1) + timedelta(days=rng.randint(0, 250)),
                    deleted=rng.random() < 0.05,
                )
            )


@dataclass
class Expected:
    children: int
    planned: int
    held: int
    reached: int
    months: dict[str, int]
    visited: int
    attended: int


def naive(db: Database, today: date) -> dict[str, Expected]:
    """Class id -> the figures, counted the slow obvious way over every row."""
    with db.session_factory() as session:
        term = session.scalars(select(SchoolTerm).where(SchoolTerm.name == TERM)).one()
        children = [
            c
            for c in session.scalars(select(Child))
            if not c.deleted and c.status == vocab.CHILD_ACTIVE and c.class_id
        ]
        classes = [c for c in session.scalars(select(SchoolClass)) if not c.deleted]
        activities = [
            a
            for a in session.scalars(select(Activity))
            if a.term_id == term.id and not a.deleted and a.status != "cancelled"
        ]
        held_ids = {a.id for a in activities if a.status == vocab.ACTIVITY_HELD}
        meetings = {a.id for a in activities if a.kind == "guardian_meeting"} & held_ids
        attendance = [r for r in session.scalars(select(ActivityAttendance)) if not r.deleted]
        contacts = [r for r in session.scalars(select(FamilyContact)) if not r.deleted]
        visits = [r for r in session.scalars(select(HomeVisit)) if not r.deleted]
    months = []
    last = min((today.year, today.month), (term.ends_on.year, term.ends_on.month))
    year, number = term.starts_on.year, term.starts_on.month
    while (year, number) <= last:
        months.append(date(year, number, 1))
        year, number = (year + 1, 1) if number == 12 else (year, number + 1)
    result = {}
    for klass in classes:
        kids = {c.id for c in children if c.class_id == klass.id}
        if not kids and not klass.active:
            continue

        def is_for(a: Activity, klass: SchoolClass = klass, kids: set[str] = kids) -> bool:
            if a.target_kind == "school":
                return True
            if a.target_kind == "grades":
                return str(klass.grade) in a.target
            if a.target_kind == "classes":
                return klass.id in a.target
            return bool(kids & set(a.target))

        mine = [a for a in activities if is_for(a)]
        per_month = {}
        for m in months:
            key = f"{m.year:04d}-{m.month:02d}"
            per_month[key] = len(
                {
                    r.child_id
                    for r in contacts
                    if r.child_id in kids
                    and r.relation in ("father", "mother")
                    and (r.on.year, r.on.month) == (m.year, m.month)
                }
            )
        result[klass.id] = Expected(
            children=len(kids),
            planned=len(mine),
            held=sum(1 for a in mine if a.status == vocab.ACTIVITY_HELD),
            reached=len(
                {r.child_id for r in attendance if r.present and r.activity_id in held_ids} & kids
            ),
            months=per_month,
            visited=len(
                {
                    r.child_id
                    for r in visits
                    if term.starts_on <= r.visited_on <= term.ends_on and r.child_id in kids
                }
            ),
            attended=len(
                {
                    r.child_id
                    for r in attendance
                    if r.guardian_present and r.activity_id in meetings and r.child_id in kids
                }
            ),
        )
    return result


def as_expected(f: ClassFigures) -> Expected:
    return Expected(
        children=f.children,
        planned=f.planned,
        held=f.held,
        reached=f.reached,
        months={m.month: m.with_parent_contact for m in f.months},
        visited=f.home_visited,
        attended=f.guardian_attended,
    )


@pytest.mark.parametrize("seed", [7, 2026, 31337])
@pytest.mark.parametrize("today", [date(2026, 12, 15), date(2027, 3, 10)])
def test_coverage_figures_equal_direct_counts_on_generated_data(
    demo_db: Database, seed: int, today: date
) -> None:
    random_rows(demo_db, seed)
    figures = ActivityStatsService(demo_db).term_figures(ADMIN, TERM, today)
    expected = naive(demo_db, today)
    rows, total = figures[:-1], figures[-1]
    assert {f.class_id: as_expected(f) for f in rows} == expected
    assert all(m.children == f.children for f in figures for m in f.months)
    months = [m.month for m in total.months]
    last = "2026-12" if today.year == 2026 else "2027-01"  # never past the term's end
    assert months[0] == "2026-09" and months[-1] == last
    # The total sums the classes, but counts each activity of the term once.
    assert total.class_id == "" and total.class_name == TOTAL
    assert total.children == sum(e.children for e in expected.values())
    assert total.reached == sum(e.reached for e in expected.values())
    assert total.home_visited == sum(e.visited for e in expected.values())
    assert total.guardian_attended == sum(e.attended for e in expected.values())
    for k, key in enumerate(months):
        assert total.months[k].with_parent_contact == sum(e.months[key] for e in expected.values())
    with demo_db.session_factory() as session:
        term_id = term_ids(demo_db)[TERM]
        live = [
            a
            for a in session.scalars(select(Activity).where(Activity.term_id == term_id))
            if not a.deleted and a.status != "cancelled"
        ]
    assert total.planned == len(live)
    assert total.held == sum(1 for a in live if a.status == vocab.ACTIVITY_HELD)
    assert total.reached > 0 and total.months[0].with_parent_contact > 0


# --- hand-made cases ------------------------------------------------------------------


def by_class(db: Database, actor: Actor = ADMIN, today: date = date(2026, 11, 20)) -> Any:
    return {f.class_name: f for f in ActivityStatsService(db).term_figures(actor, TERM, today)}


def baseline(db: Database) -> dict[str, ClassFigures]:
    return by_class(db)


def test_a_grade_activity_counts_for_that_grades_classes_only(demo_db: Database) -> None:
    before = baseline(demo_db)
    activity(demo_db, target_kind="grades", target=["3"])
    after = baseline(demo_db)
    grades = {c: g for c, g in class_grades(demo_db).items()}
    for name, figures in after.items():
        if name == TOTAL:
            assert figures.planned == before[name].planned + 1
            continue
        step = 1 if grades[name] == 3 else 0
        assert figures.planned == before[name].planned + step, name
        assert figures.held == before[name].held + step, name
    assert any(g == 3 for g in grades.values()) and any(g != 3 for g in grades.values())


def class_grades(db: Database) -> dict[str, int]:
    with db.session_factory() as session:
        return {c.name: c.grade for c in session.scalars(select(SchoolClass))}


def first_class(db: Database) -> tuple[SchoolClass, list[Child]]:
    with db.session_factory() as session:
        klass = session.scalars(select(SchoolClass).order_by(SchoolClass.name)).first()
        assert klass is not None
        kids = list(
            session.scalars(
                select(Child).where(Child.class_id == klass.id, Child.status == vocab.CHILD_ACTIVE)
            )
        )
    return klass, kids


def fresh_children(db: Database, kids: list[Child], n: int = 4) -> list[Child]:
    """``n`` of ``kids`` with their attendance, family contacts and home visits
    tombstoned (the demo gave them some): deleted rows must not count."""
    chosen = kids[:n]
    ids = [k.id for k in chosen]
    with db.session_scope("t") as session:
        for model in (ActivityAttendance, FamilyContact, HomeVisit):
            for row in session.scalars(select(model).where(model.child_id.in_(ids))):
                row.deleted = True
    return chosen


def test_class_and_children_targets_and_a_cancelled_activity(demo_db: Database) -> None:
    klass, kids = first_class(demo_db)
    before = baseline(demo_db)[klass.name]
    activity(demo_db, target_kind="classes", target=[klass.id], status="planned")
    activity(demo_db, target_kind="children", target=[kids[0].id])
    activity(demo_db, status="cancelled")  # not planned any more
    activity(demo_db, deleted=True)
    activity(demo_db, term=OTHER_TERM)  # another term
    after = baseline(demo_db)[klass.name]
    assert (after.planned, after.held) == (before.planned + 2, before.held + 1)


def test_reached_needs_presence_at_a_held_activity_of_the_term(demo_db: Database) -> None:
    klass, kids = first_class(demo_db)
    fresh = fresh_children(demo_db, kids)
    before = baseline(demo_db)[klass.name]
    held = activity(demo_db)
    planned = activity(demo_db, status="planned")
    other = activity(demo_db, term=OTHER_TERM)
    a, b, c, d = fresh
    add_rows(
        demo_db,
        [
            ActivityAttendance(activity_id=held.id, child_id=a.id, present=True),
            ActivityAttendance(activity_id=held.id, child_id=b.id, present=False),
            ActivityAttendance(activity_id=planned.id, child_id=c.id, present=True),
            ActivityAttendance(activity_id=other.id, child_id=d.id, present=True),
            ActivityAttendance(activity_id=held.id, child_id=d.id, present=True, deleted=True),
        ],
    )
    assert baseline(demo_db)[klass.name].reached == before.reached + 1


def test_a_grandmother_is_not_a_parent_and_deleted_rows_do_not_count(demo_db: Database) -> None:
    klass, kids = first_class(demo_db)
    fresh = fresh_children(demo_db, kids, 3)
    before = baseline(demo_db)[klass.name]
    november = date(2026, 11, 5)
    add_rows(
        demo_db,
        [
            FamilyContact(child_id=fresh[0].id, on=november, relation="mother"),
            FamilyContact(child_id=fresh[0].id, on=november, relation="father"),
            FamilyContact(child_id=fresh[1].id, on=november, relation="paternal_grandmother"),
            FamilyContact(child_id=fresh[2].id, on=november, relation="father", deleted=True),
        ],
    )
    after = baseline(demo_db)[klass.name]
    assert [m.month for m in after.months] == ["2026-09", "2026-10", "2026-11"]
    assert after.months[-1].with_parent_contact == before.months[-1].with_parent_contact + 1
    assert after.months[-2] == before.months[-2]


def test_home_visits_and_guardians_at_meetings(demo_db: Database) -> None:
    klass, kids = first_class(demo_db)
    fresh = fresh_children(demo_db, kids, 3)
    before = baseline(demo_db)[klass.name]
    meeting = activity(demo_db, kind="guardian_meeting")
    lesson = activity(demo_db, kind="class_meeting")
    add_rows(
        demo_db,
        [
            HomeVisit(child_id=fresh[0].id, visited_on=date(2026, 10, 3)),
            HomeVisit(child_id=fresh[0].id, visited_on=date(2026, 10, 4)),
            HomeVisit(child_id=fresh[1].id, visited_on=date(2026, 8, 20)),  # before the term
            HomeVisit(child_id=fresh[2].id, visited_on=date(2026, 10, 3), deleted=True),
            ActivityAttendance(activity_id=meeting.id, child_id=fresh[1].id, guardian_present=True),
            ActivityAttendance(activity_id=meeting.id, child_id=fresh[2].id),
            ActivityAttendance(activity_id=lesson.id, child_id=fresh[0].id, guardian_present=True),
        ],
    )
    after = baseline(demo_db)[klass.name]
    assert after.home_visited == before.home_visited + 1
    assert after.guardian_attended == before.guardian_attended + 1


def test_a_child_who_left_is_no_longer_counted(demo_db: Database) -> None:
    klass, kids = first_class(demo_db)
    before = baseline(demo_db)[klass.name]
    with demo_db.session_scope("t") as session:
        session.get(Child, kids[0].id).status = "transferred"  # type: ignore[union-attr]
        session.get(Child, kids[1].id).deleted = True  # type: ignore[union-attr]
    after = baseline(demo_db)[klass.name]
    assert after.children == before.children - 2
    assert all(m.children == after.children for m in after.months)


# --- scope, permissions, terms ----------------------------------------------------------


def test_a_class_teacher_sees_only_their_classes(demo_db: Database) -> None:
    klass, kids = first_class(demo_db)
    teacher = Actor("ct", vocab.ROLE_CLASS_TEACHER, teacher_id=klass.class_teacher_id)
    activity(demo_db, target_kind="grades", target=["6" if klass.grade != 6 else "5"])
    mine = ActivityStatsService(demo_db).term_figures(teacher, TERM, date(2026, 11, 20))
    everyone = baseline(demo_db)
    assert [f.class_name for f in mine] == [klass.name, TOTAL]
    assert mine[0] == everyone[klass.name]
    total = mine[-1]
    assert total.children == len(kids) == mine[0].children
    assert (total.planned, total.held) == (mine[0].planned, mine[0].held)
    assert total.planned < everyone[TOTAL].planned


def test_a_mentor_counts_only_their_children(demo_db: Database) -> None:
    with demo_db.session_factory() as session:
        mentor_id = session.scalars(
            select(Child.mentor_id).where(Child.mentor_id.is_not(None))
        ).first()
        mentees = list(
            session.scalars(
                select(Child).where(
                    Child.mentor_id == mentor_id, Child.status == vocab.CHILD_ACTIVE
                )
            )
        )
    mentor = Actor("m", vocab.ROLE_MENTOR, teacher_id=mentor_id)
    figures = ActivityStatsService(demo_db).term_figures(mentor, TERM, date(2026, 11, 20))
    assert figures[-1].children == len(mentees)
    assert {f.class_id for f in figures[:-1]} == {c.class_id for c in mentees}


def test_permission_and_unknown_term(demo_db: Database) -> None:
    service = ActivityStatsService(demo_db)
    with pytest.raises(PermissionDenied):
        service.term_figures(Actor("x", "nobody"), TERM)
    with pytest.raises(UserError, match="school calendar"):
        service.term_figures(ADMIN, "2030-2031-1")


def test_term_months() -> None:
    sep, jan = date(2026, 9, 1), date(2027, 1, 22)
    assert term_months(sep, jan, date(2026, 8, 30)) == []
    assert term_months(sep, jan, date(2026, 9, 1)) == [sep]
    assert len(term_months(sep, jan, date(2027, 6, 1))) == 5


# --- the workbook ---------------------------------------------------------------------


def test_export_writes_a_row_per_class_the_total_and_percentages(
    demo_db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    clock.value = clock.value.replace(month=12, day=10)
    service = ActivityStatsService(demo_db, clock)
    figures = service.term_figures(ADMIN, TERM)
    out = tmp_path / "统计.xlsx"
    service.export(ADMIN, TERM, out)
    workbook = load_workbook(out)
    sheet = workbook[SHEET]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    workbook.close()
    assert "阳光小学" in str(rows[0][0]) and TERM in str(rows[0][0])
    header = rows[1] + rows[2]
    for word in ("班级", "在册儿童", "已开展", "12月亲情联系", "已家访", "监护人会出席", "占比"):
        assert word in header, word
    names = [r[0] for r in rows[3:] if r[0] and r[0] in {f.class_name for f in figures} | {TOTAL}]
    assert names == [f.class_name for f in figures[:-1]] + [TOTAL]
    data = {r[0]: r for r in rows[3:] if r[0] in names}
    for f in figures:
        row = data[f.class_name if f.class_id else TOTAL]
        assert list(row[1:4]) == [f.children, f.planned, f.held]
        assert row[5] == f.reached
        assert row[6] == f"{f.reached / f.children * 100:.1f}%"
        visited_column = 7 + 2 * len(f.months)
        assert row[visited_column] == f.home_visited
        assert row[visited_column + 3] == f"{f.guardian_attended / f.children * 100:.1f}%"
    with demo_db.session_factory() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "activity_stats_exported")
        ).one()
    assert TERM in entry.detail

"""The month's talk figures: equal to a direct count from the records, by class and mentor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select, update

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Child,
    Concern,
    ConcernFollowUp,
    School,
    SchoolClass,
    Talk,
    Teacher,
    new_uuid,
)
from liushou_desktop.db.sync_meta import insert_synced
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.talk_status import Figures, TalkStatusService
from liushou_desktop.domain.talks import TalkForm, TalkService
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
NOV = date(2026, 11, 1)
MONTHS = ("2026-09", "2026-10", "2026-11", "2026-12")


@dataclass(frozen=True)
class ChildSpec:
    klass: int | None  # index into the classes, or no class
    mentor: int | None  # index into the teachers, or no mentor
    status: str
    deleted: bool


@dataclass(frozen=True)
class TalkSpec:
    child: int  # modulo the number of children
    month: str
    status: str
    day: int  # planned_on's day in the month
    deleted: bool


children_st = st.lists(
    st.builds(
        ChildSpec,
        klass=st.one_of(st.none(), st.integers(0, 2)),
        mentor=st.one_of(st.none(), st.integers(0, 3)),
        status=st.sampled_from(("active", "active", "active", "transferred")),
        deleted=st.sampled_from((False, False, False, False, True)),
    ),
    min_size=0,
    max_size=25,
)
talks_st = st.lists(
    st.builds(
        TalkSpec,
        child=st.integers(0, 24),
        month=st.sampled_from(MONTHS),
        status=st.sampled_from(("planned", "done", "cancelled")),
        day=st.integers(1, 28),
        deleted=st.sampled_from((False, False, False, True)),
    ),
    max_size=60,
)


def day(talk: TalkSpec) -> date:
    return date.fromisoformat(f"{talk.month}-{talk.day:02d}")


def fill(db: Database, kids: list[ChildSpec], talks: list[TalkSpec]) -> dict[str, object]:
    """Replace the school's classes, teachers, children and talks; return their ids."""
    now = FakeClock()()
    with db.session_scope("test") as session:
        for model in (ConcernFollowUp, Concern, Talk, Child, SchoolClass, Teacher):
            session.execute(delete(model))
        school = session.scalars(select(School.id)).one()
        teachers = [
            {"id": new_uuid(), "school_id": school, "name": name, "name_pinyin": name}
            for name in ("王芳", "李强", "张伟", "王芳")  # two teachers share a name
        ]
        classes = [
            {"id": new_uuid(), "school_id": school, "grade": 1 + i, "name": f"{i + 1}年级1班",
             "class_teacher_id": teachers[i]["id"] if i < 2 else None}
            for i in range(3)
        ]  # fmt: skip
        children = [
            {"id": new_uuid(), "school_id": school, "name": f"孩子{i:02d}",
             "name_pinyin": f"hai zi {i:02d}", "status": k.status, "deleted": k.deleted,
             "class_id": classes[k.klass]["id"] if k.klass is not None else None,
             "mentor_id": teachers[k.mentor]["id"] if k.mentor is not None else None}
            for i, k in enumerate(kids)
        ]  # fmt: skip
        rows = [
            {"id": new_uuid(), "child_id": children[t.child % len(children)]["id"],
             "month": t.month, "status": t.status, "planned_on": day(t),
             "held_on": day(t) if t.status == "done" else None,
             "deleted": t.deleted, "mentor_id": None}
            for t in talks
            if children
        ]  # fmt: skip
        gone = [row["id"] for row in (*children, *rows) if row["deleted"]]
        insert_synced(session, Teacher, teachers, now)
        insert_synced(session, SchoolClass, classes, now)
        insert_synced(session, Child, children, now)
        insert_synced(session, Talk, rows, now)
        # insert_synced stamps deleted=False: set the tombstones afterwards.
        for model, items in ((Child, children), (Talk, rows)):
            session.execute(update(model).where(model.id.in_(gone)).values(deleted=True))
            for row in items:
                row["deleted"] = row["id"] in gone
    return {"teachers": teachers, "classes": classes, "children": children, "talks": rows}


def direct(ids: dict[str, object], month: str, today: date) -> dict[str, Figures]:
    """The figures counted by hand from the generated rows: total, per class name."""
    children = [c for c in ids["children"] if c["status"] == "active" and not c["deleted"]]  # type: ignore[attr-defined]
    talks = [t for t in ids["talks"] if not t["deleted"] and t["month"] == month]  # type: ignore[attr-defined]
    groups: dict[str, list[dict[str, object]]] = {"": children}
    for klass in ids["classes"]:  # type: ignore[attr-defined]
        members = [c for c in children if c["class_id"] == klass["id"]]
        if members:
            groups[klass["name"]] = members
    result = {}
    for name, members in groups.items():
        mine = {c["id"] for c in members}
        done = {t["child_id"] for t in talks if t["status"] == "done" and t["child_id"] in mine}
        planned = {
            t["child_id"] for t in talks if t["status"] == "planned" and t["child_id"] in mine
        }
        overdue = sum(
            1 for t in talks
            if t["status"] == "planned" and t["child_id"] in mine and t["planned_on"] < today
        )  # fmt: skip
        n = len(members)
        result[name] = Figures(
            n, len(done), len(planned - done), overdue, len(done) / n if n else 0.0
        )
    return result


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(kids=children_st, talks=talks_st, today_day=st.integers(1, 30))
def test_completion_figures_equal_a_direct_count_from_the_records(
    school_db: Database, kids: list[ChildSpec], talks: list[TalkSpec], today_day: int
) -> None:
    ids = fill(school_db, kids, talks)
    today = date(2026, 11, today_day)
    status = TalkStatusService(school_db, FakeClock()).status(ADMIN, NOV, today=today)
    expected = direct(ids, "2026-11", today)
    assert status.month == "2026-11"
    assert status.total == expected.pop("")
    assert status.classes == expected
    assert 0.0 <= status.total.rate <= 1.0
    # Silent: no held talk in November or October.
    held = {
        t["child_id"] for t in ids["talks"]  # type: ignore[attr-defined]
        if not t["deleted"] and t["status"] == "done" and t["month"] in ("2026-10", "2026-11")
    }  # fmt: skip
    silent = {
        c["name"] for c in ids["children"]  # type: ignore[attr-defined]
        if c["status"] == "active" and not c["deleted"] and c["id"] not in held
    }  # fmt: skip
    assert {name for name, _ in status.silent} == silent
    # Every child with a mentor (or a class teacher) counts once under that teacher.
    assert (
        sum(f.children for f in status.mentors.values())
        == sum(
            1
            for c in ids["children"]  # type: ignore[attr-defined]
            if c["status"] == "active"
            and not c["deleted"]
            and (c["mentor_id"] or c["class_id"] in {k["id"] for k in ids["classes"][:2]})  # type: ignore[index]
        )
    )
    assert sum(f.done for f in status.mentors.values()) <= status.total.done


@pytest.fixture
def school(school_db: Database) -> dict[str, object]:
    kids = [ChildSpec(0, 0, "active", False), ChildSpec(0, 1, "active", False),
            ChildSpec(1, None, "active", False), ChildSpec(2, None, "active", False),
            ChildSpec(1, 3, "transferred", False)]  # fmt: skip
    talks = [TalkSpec(0, "2026-11", "done", 3, False),
             TalkSpec(1, "2026-11", "planned", 3, False),
             TalkSpec(1, "2026-11", "planned", 20, False),
             TalkSpec(2, "2026-10", "done", 9, False),
             TalkSpec(3, "2026-09", "done", 9, False),
             TalkSpec(4, "2026-11", "done", 2, False)]  # fmt: skip
    return fill(school_db, kids, talks)


def test_figures_by_class_and_mentor_and_the_silent_children(
    school_db: Database, school: dict[str, object]
) -> None:
    status = TalkStatusService(school_db, FakeClock()).status(ADMIN, NOV, today=date(2026, 11, 10))
    assert status.total == Figures(4, 1, 1, 1, 0.25)
    assert status.classes == {
        "1年级1班": Figures(2, 1, 1, 1, 0.5),
        "2年级1班": Figures(1, 0, 0, 0, 0.0),
        "3年级1班": Figures(1, 0, 0, 0, 0.0),
    }
    # 孩子02 has no mentor: their class teacher (李强) counts; 孩子03 has neither.
    assert status.mentors == {
        "李强": Figures(2, 0, 1, 1, 0.0),
        "王芳": Figures(1, 1, 0, 0, 1.0),
    }
    assert status.silent == [("孩子01", "1年级1班"), ("孩子03", "3年级1班")]
    assert status.to_json() == {
        "month": "2026-11", "children": 4, "done": 1, "planned": 1, "overdue": 1, "rate": 0.25,
        "classes": {name: f.to_json() for name, f in status.classes.items()},
    }  # fmt: skip


def test_two_mentors_with_the_same_name_are_both_shown(school_db: Database) -> None:
    kids = [ChildSpec(2, 0, "active", False), ChildSpec(2, 3, "active", False)]
    fill(school_db, kids, [TalkSpec(1, "2026-11", "done", 1, False)])
    status = TalkStatusService(school_db, FakeClock()).status(ADMIN, NOV)
    assert sorted(status.mentors.items()) == [
        ("王芳", Figures(1, 0, 0, 0, 0.0)),
        ("王芳 (2)", Figures(1, 1, 0, 0, 1.0)),
    ] or sorted(status.mentors.items()) == [
        ("王芳", Figures(1, 1, 0, 0, 1.0)),
        ("王芳 (2)", Figures(1, 0, 0, 0, 0.0)),
    ]


def test_a_mentor_sees_the_figures_of_their_own_children(
    school_db: Database, school: dict[str, object]
) -> None:
    teacher = school["teachers"][1]["id"]  # type: ignore[index]
    actor = Actor("li", "mentor", teacher_id=teacher)
    status = TalkStatusService(school_db, FakeClock()).status(actor, NOV, today=date(2026, 11, 10))
    assert status.total == Figures(1, 0, 1, 1, 0.0)
    assert list(status.classes) == ["1年级1班"]
    with pytest.raises(PermissionDenied):
        TalkStatusService(school_db, FakeClock()).status(Actor("x", "nobody"), NOV)


def test_completion_by_month_per_class(school_db: Database, school: dict[str, object]) -> None:
    rates = TalkStatusService(school_db, FakeClock()).completion_by_month(
        ADMIN, [date(2026, 9, 1), date(2026, 10, 1), NOV]
    )
    assert rates == {
        "2026-09": {"1年级1班": 0.0, "2年级1班": 0.0, "3年级1班": 1.0},
        "2026-10": {"1年级1班": 0.0, "2年级1班": 1.0, "3年级1班": 0.0},
        "2026-11": {"1年级1班": 0.5, "2年级1班": 0.0, "3年级1班": 0.0},
    }


def test_home_figures(school_db: Database, clock: FakeClock, school: dict[str, object]) -> None:
    service = TalkStatusService(school_db, clock)
    # 2026-11-10 is a Tuesday: due this week up to Sunday the 15th; the talk on the 20th is not.
    assert service.home(ADMIN, date(2026, 11, 2)).due_this_week == 1  # the 3rd
    figures = service.home(ADMIN, date(2026, 11, 10))
    assert (figures.due_this_week, figures.overdue, figures.open_concerns) == (0, 1, 0)
    assert service.home(ADMIN, date(2026, 11, 16)).due_this_week == 1  # the 20th
    child = school["children"][2]["id"]  # type: ignore[index]
    TalkService(school_db, clock).record(
        ADMIN, child, TalkForm(held_on=date(2026, 11, 1), concerns=["mental"])
    )
    assert service.home(ADMIN, date(2026, 11, 10)).open_concerns == 1


def test_no_children_gives_a_zero_rate(school_db: Database) -> None:
    fill(school_db, [], [])
    status = TalkStatusService(school_db, FakeClock()).status(ADMIN, NOV)
    assert status.total == Figures(0, 0, 0, 0, 0.0) and status.classes == {} and status.silent == []


def test_status_is_counted_in_a_few_queries(school_db: Database, school: dict[str, object]) -> None:
    from sqlalchemy import event

    statements: list[str] = []
    engine = school_db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        TalkStatusService(school_db, FakeClock()).status(ADMIN, NOV)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 5 and "GROUP BY" in selects[0]

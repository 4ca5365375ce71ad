"""Pairing (结对帮扶): mentors for children, history, hand-over, assign evenly, study buddies."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from liushou_desktop.cli_pairing import cmd_mentors
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    AuditEntry,
    Child,
    MentorAssignment,
    School,
    SchoolClass,
    Teacher,
    UserAccount,
)
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.accounts import AccountService
from liushou_desktop.domain.pairing import PairingService
from liushou_desktop.domain.pairing_plan import Pupil, plan_even
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.errors import UserError
from tests.helpers import FakeClock

ADMIN = Actor("admin", vocab.ROLE_ADMIN)
TODAY = date(2026, 11, 2)  # the FakeClock's day


CLASSES = 6
EXTRA_TEACHERS = 2  # teachers of no class
CHILDREN = 40
TEACHER_NAMES = ("赵丽", "钱强", "孙敏", "李军", "周芳", "吴涛", "郑静", "王磊")


@pytest.fixture
def school(school_db: Database) -> Database:
    """The test school: 6 classes with a class teacher each, 2 more teachers and 40 active
    children without a mentor, spread over the classes."""
    with school_db.session_scope("test") as session:
        school_id = session.scalars(select(School.id)).one()
        teachers = [
            Teacher(school_id=school_id, name=name, name_pinyin=f"t{i}")
            for i, name in enumerate(TEACHER_NAMES[: CLASSES + EXTRA_TEACHERS])
        ]
        session.add_all(teachers)
        session.flush()
        classes = [
            SchoolClass(
                school_id=school_id,
                grade=k + 1,
                name=f"{vocab.GRADE_NAMES[k + 1]}1班",
                class_teacher_id=teachers[k].id,
            )
            for k in range(CLASSES)
        ]
        session.add_all(classes)
        session.flush()
        session.add_all(
            Child(
                school_id=school_id,
                class_id=classes[i % CLASSES].id,
                name=f"学生{i:02d}",
                name_pinyin=f"s{i:02d}",
            )
            for i in range(CHILDREN)
        )
    return school_db


def teacher_ids(db: Database) -> list[str]:
    with db.session_factory() as session:
        return list(session.scalars(select(Teacher.id).order_by(Teacher.name_pinyin)))


def child_ids(db: Database) -> list[str]:
    with db.session_factory() as session:
        return list(session.scalars(select(Child.id).order_by(Child.name_pinyin, Child.id)))


def mentors(db: Database) -> dict[str, str | None]:
    with db.session_factory() as session:
        return {row[0]: row[1] for row in session.execute(select(Child.id, Child.mentor_id))}


def open_rows(db: Database, child_id: str) -> list[MentorAssignment]:
    with db.session_factory() as session:
        return list(
            session.scalars(
                select(MentorAssignment).where(
                    MentorAssignment.child_id == child_id, MentorAssignment.ends_on.is_(None)
                )
            )
        )


def audit_entries(db: Database, action: str) -> list[AuditEntry]:
    with db.session_factory() as session:
        return list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        )


def chain_ok(db: Database) -> bool:
    with db.session_factory() as session:
        return audit.verify_chain(session).ok


# --- assigning and its history -----------------------------------------------------------------


def test_reassigning_keeps_the_history(school: Database, clock: FakeClock) -> None:
    service = PairingService(school, clock)
    first, second = teacher_ids(school)[:2]
    one, two = child_ids(school)[:2]

    assert service.assign(ADMIN, [one, two], first, on=date(2026, 9, 1)) == 2
    assert service.assign(ADMIN, [one, two], second, on=date(2026, 11, 1)) == 2
    assert service.assign(ADMIN, [one], second, on=date(2026, 11, 5)) == 0  # already theirs

    with school.session_factory() as session:
        rows = session.scalars(
            select(MentorAssignment)
            .where(MentorAssignment.child_id == one)
            .order_by(MentorAssignment.starts_on)
        ).all()
        assert [(r.teacher_id, r.starts_on, r.ends_on) for r in rows] == [
            (first, date(2026, 9, 1), date(2026, 11, 1)),
            (second, date(2026, 11, 1), None),
        ]
        assert all(r.clock > 0 and r.changed_by == "admin" for r in rows)
        assert session.get_one(Child, one).mentor_id == second
        assert session.get_one(Child, two).mentor_id == second
    history = service.history(ADMIN, one)
    assert [(h.teacher_id, h.ends_on) for h in history] == [
        (second, None),
        (first, date(2026, 11, 1)),
    ]
    assert history[0].teacher_name and history[0].starts_on == date(2026, 11, 1)


def test_assign_writes_one_audit_entry_per_changed_child(
    school: Database, clock: FakeClock
) -> None:
    service = PairingService(school, clock)
    first, second = teacher_ids(school)[:2]
    children = child_ids(school)[:5]
    service.assign(ADMIN, children[:3], first)
    service.assign(ADMIN, children, first)  # 3 unchanged, 2 new

    entries = audit_entries(school, "mentor_assigned")
    assert sorted(e.object_id for e in entries) == sorted(children)
    assert all(e.object_type == "child" and e.actor == "admin" for e in entries)
    with school.session_factory() as session:
        name = session.get_one(Teacher, first).name
    detail = json.loads(entries[0].detail)
    assert detail == {"from": "", "to": name, "to_id": first, "via": "assign"}
    assert chain_ok(school)
    service.assign(ADMIN, children[:1], second)
    assert json.loads(audit_entries(school, "mentor_assigned")[-1].detail)["from"] == name


def test_assign_default_day_is_today_and_unknown_children_are_refused(
    school: Database, clock: FakeClock
) -> None:
    service = PairingService(school, clock)
    teacher = teacher_ids(school)[0]
    child = child_ids(school)[0]
    service.assign(ADMIN, [child], teacher)
    (row,) = open_rows(school, child)
    assert row.starts_on == TODAY
    with pytest.raises(UserError, match="1 of the children chosen were not found"):
        service.assign(ADMIN, [child, "no-such-child"], teacher)
    with pytest.raises(UserError, match="not .*a teacher of the school"):
        service.assign(ADMIN, [child], "no-such-teacher")
    assert open_rows(school, child)[0].teacher_id == teacher  # nothing written


def test_assign_class_pairs_every_active_child_of_the_class(
    school: Database, clock: FakeClock
) -> None:
    service = PairingService(school, clock)
    teacher = teacher_ids(school)[0]
    with school.session_scope("test") as session:
        class_id = session.scalars(select(SchoolClass.id).order_by(SchoolClass.name)).first()
        members = list(session.scalars(select(Child.id).where(Child.class_id == class_id)))
        session.execute(update(Child).where(Child.id == members[0]).values(status="transferred"))
    assert service.assign_class(ADMIN, class_id, teacher) == len(members) - 1
    paired = mentors(school)
    assert paired[members[0]] is None
    assert all(paired[c] == teacher for c in members[1:])
    assert service.assign_class(ADMIN, class_id, teacher) == 0


# --- hand-over -----------------------------------------------------------------------------------


def test_hand_over_moves_every_child_in_one_audited_action(
    school: Database, clock: FakeClock
) -> None:
    service = PairingService(school, clock)
    leaving, taking = teacher_ids(school)[:2]
    children = child_ids(school)
    service.assign(ADMIN, children[:25], leaving, on=date(2026, 9, 1))
    service.assign(ADMIN, children[25:30], taking, on=date(2026, 9, 1))
    assigned_entries = len(audit_entries(school, "mentor_assigned"))

    assert service.hand_over(ADMIN, leaving, taking) == 25

    loads = {load.teacher_id: load.children for load in service.workload(ADMIN)}
    assert loads[leaving] == 0 and loads[taking] == 30
    paired = mentors(school)
    assert all(paired[c] == taking for c in children[:30])
    with school.session_factory() as session:
        still_open = session.scalar(
            select(func.count())
            .select_from(MentorAssignment)
            .where(MentorAssignment.teacher_id == leaving, MentorAssignment.ends_on.is_(None))
        )
    assert still_open == 0
    assert [r.teacher_id for r in open_rows(school, children[0])] == [taking]
    (entry,) = audit_entries(school, "mentors_handed_over")
    assert entry.object_id == leaving and json.loads(entry.detail)["children"] == 25
    assert len(audit_entries(school, "mentor_assigned")) == assigned_entries
    assert chain_ok(school)

    assert service.hand_over(ADMIN, leaving, taking) == 0
    with pytest.raises(UserError, match="same teacher"):
        service.hand_over(ADMIN, taking, taking)


# --- assign evenly -------------------------------------------------------------------------------


def best_kept(current: Counter[str], mentor_list: list[str], n: int) -> int:
    """The most current pairs any balanced outcome keeps (counts in {base, base + 1})."""
    base, extra = divmod(n, len(mentor_list))
    loads = [current[t] for t in mentor_list]
    return sum(min(c, base) for c in loads) + min(extra, sum(c > base for c in loads))


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda m: st.tuples(
            st.just(m),
            st.lists(st.tuples(st.integers(0, 4), st.integers(-1, m + 2)), max_size=60),
        )
    )
)
def test_plan_even_is_balanced_and_keeps_the_most_pairs(
    case: tuple[int, list[tuple[int, int]]],
) -> None:
    m, drawn = case
    mentor_list = [f"t{i}" for i in range(m)]
    pupils = [
        Pupil(f"c{i}", f"k{klass}", None if who < 0 else f"t{who}")
        for i, (klass, who) in enumerate(drawn)
    ]
    plan = plan_even(mentor_list, pupils, {"t0": ["k1"]})
    assert set(plan) == {p.child_id for p in pupils}
    loads = Counter(plan.values())
    assert set(loads) <= set(mentor_list)
    counts = [loads[t] for t in mentor_list]
    assert max(counts) - min(counts) <= 1
    current = Counter(p.mentor_id for p in pupils if p.mentor_id in mentor_list)
    kept = sum(plan[p.child_id] == p.mentor_id for p in pupils)
    assert kept == best_kept(current, mentor_list, len(pupils))
    base = len(pupils) // m
    for t in mentor_list:
        if current[t] <= base:
            assert all(plan[p.child_id] == t for p in pupils if p.mentor_id == t)


def test_plan_even_prefers_classes_the_mentor_already_has_then_their_own_class() -> None:
    pupils = [
        Pupil("a1", "A", "tA"),
        Pupil("a2", "A", "tA"),
        Pupil("c1", "C", None),
        Pupil("b1", "B", None),
        Pupil("b2", "B", None),
        Pupil("b3", "B", None),
        Pupil("a3", "A", None),
    ]
    plan = plan_even(["tA", "tB", "tC"], pupils, {"tB": ["B"], "tC": ["C"]})
    given = {t: {c for c, m in plan.items() if m == t} for t in ("tA", "tB", "tC")}
    # tA already has class A; tB and tC are the class teachers of B and C
    assert given == {"tA": {"a1", "a2", "a3"}, "tB": {"b1", "b2"}, "tC": {"c1", "b3"}}


def test_plan_even_needs_a_mentor() -> None:
    with pytest.raises(ValueError):
        plan_even([], [Pupil("c", None, None)])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_assign_evenly_balances_the_database(
    school: Database, clock: FakeClock, data: st.DataObject
) -> None:
    service = PairingService(school, clock)
    teachers = teacher_ids(school)
    children = child_ids(school)
    before = {
        c: data.draw(st.sampled_from([None, *teachers]), label=f"mentor of {i}")
        for i, c in enumerate(children)
    }
    with school.session_scope("test") as session:
        session.execute(update(Child), [{"id": c, "mentor_id": t} for c, t in before.items()])
    chosen = data.draw(
        st.lists(st.sampled_from(teachers), min_size=1, max_size=len(teachers), unique=True),
        label="mentors",
    )

    result = service.assign_evenly(ADMIN, chosen)

    after = mentors(school)
    loads = Counter(after.values())
    assert set(loads) <= set(chosen)
    assert result == {t: loads[t] for t in chosen}
    assert max(result.values()) - min(result.values()) <= 1
    current = Counter(t for t in before.values() if t in chosen)
    kept = sum(after[c] == before[c] for c in children)
    assert kept == best_kept(current, chosen, len(children))
    for c in children:
        if after[c] != before[c]:
            assert [r.teacher_id for r in open_rows(school, c)] == [after[c]]


def test_assign_evenly_leaves_other_children_alone_and_needs_mentors(
    school: Database, clock: FakeClock
) -> None:
    service = PairingService(school, clock)
    first, second, third = teacher_ids(school)[:3]
    children = child_ids(school)
    service.assign(ADMIN, children, third)
    with school.session_scope("test") as session:
        session.execute(update(Child).where(Child.id == children[0]).values(status="left"))

    result = service.assign_evenly(ADMIN, [first, second], children[1:11])

    assert result == {first: 5, second: 5}
    paired = mentors(school)
    assert paired[children[0]] == third  # not in the list given
    assert all(paired[c] == third for c in children[11:])
    # by default every active child is shared: the one who left is not
    result = service.assign_evenly(ADMIN, [first, second])
    assert sum(result.values()) == len(children) - 1
    assert mentors(school)[children[0]] == third
    with pytest.raises(UserError, match="at least one mentor"):
        service.assign_evenly(ADMIN, [])


# --- reads ---------------------------------------------------------------------------------------


def test_workload_counts_active_children_busiest_first(school: Database, clock: FakeClock) -> None:
    service = PairingService(school, clock)
    first, second = teacher_ids(school)[:2]
    children = child_ids(school)
    service.assign(ADMIN, children[:10], first)
    service.assign(ADMIN, children[10:13], second)
    with school.session_scope("test") as session:
        session.execute(update(Child).where(Child.id == children[0]).values(status="graduated"))
        classes = sorted(
            set(
                session.scalars(
                    select(SchoolClass.name).join(Child).where(Child.id.in_(children[1:10]))
                )
            )
        )

    loads = service.workload(ADMIN)

    assert len(loads) == len(teacher_ids(school))  # every teacher, 0 included
    assert [(load.teacher_id, load.children) for load in loads[:2]] == [(first, 9), (second, 3)]
    assert sorted(loads[0].classes) == classes
    assert all(load.children == 0 and load.classes == [] for load in loads[2:])
    assert service.without_mentor(ADMIN) == len(children) - 1 - 12


def test_teachers_lists_staff_with_and_without_accounts(school: Database, clock: FakeClock) -> None:
    service = PairingService(school, clock)
    staff = service.add_teacher(ADMIN, "  王 芳 ", "138 1234 5678")
    with school.session_factory() as session:
        class_id, class_name = session.execute(
            select(SchoolClass.id, SchoolClass.name).order_by(SchoolClass.name)
        ).first()
    AccountService(school, clock).create_account(
        ADMIN, "liting", "李婷", vocab.ROLE_CLASS_TEACHER, (class_id,), password="correct horse"
    )

    views = {view.name: view for view in service.teachers(ADMIN)}

    assert views["王芳"].teacher_id == staff and not views["王芳"].has_account
    assert views["王芳"].phone == "13812345678" and views["王芳"].classes == []
    assert views["李婷"].has_account and views["李婷"].classes == [class_name]
    with school.session_factory() as session:
        linked = session.scalars(select(UserAccount.teacher_id)).all()
    assert sum(view.has_account for view in views.values()) == len([t for t in linked if t])
    inspector = Actor("ins", vocab.ROLE_INSPECTOR)
    masked = {view.name: view for view in service.teachers(inspector)}
    assert masked["王芳"].phone == "138****5678"
    (entry,) = audit_entries(school, "teacher_added")
    assert entry.object_id == staff
    with pytest.raises(UserError, match="already a teacher"):
        service.add_teacher(ADMIN, "王芳")


# --- permissions -------------------------------------------------------------------------------


def test_a_class_teacher_may_not_pair_but_sees_their_own_classes(
    school: Database, clock: FakeClock
) -> None:
    service = PairingService(school, clock)
    teachers = teacher_ids(school)
    children = child_ids(school)
    service.assign(ADMIN, children, teachers[0])
    with school.session_factory() as session:
        own_class, own_teacher = session.execute(
            select(SchoolClass.id, SchoolClass.class_teacher_id).order_by(SchoolClass.name)
        ).first()
        own_children = session.scalar(
            select(func.count()).select_from(Child).where(Child.class_id == own_class)
        )
    actor = Actor("ct", vocab.ROLE_CLASS_TEACHER, teacher_id=own_teacher)

    for attempt in (
        lambda: service.assign(actor, children[:1], teachers[1]),
        lambda: service.assign_class(actor, own_class, teachers[1]),
        lambda: service.assign_evenly(actor, teachers[:2]),
        lambda: service.hand_over(actor, teachers[0], teachers[1]),
        lambda: service.set_study_buddy(actor, children[0], children[1]),
        lambda: service.add_teacher(actor, "张三"),
    ):
        with pytest.raises(PermissionDenied):
            attempt()

    assert all(t == teachers[0] for t in mentors(school).values())
    denied = audit_entries(school, "denied")
    assert len(denied) == 6 and {e.object_id for e in denied} == {"pairing.manage"}
    loads = {load.teacher_id: load.children for load in service.workload(actor)}
    assert loads[teachers[0]] == own_children


# --- study buddies -------------------------------------------------------------------------------


def test_study_buddy_rules(school: Database, clock: FakeClock) -> None:
    service = PairingService(school, clock)
    child, buddy, gone = child_ids(school)[:3]
    with school.session_scope("test") as session:
        session.execute(update(Child).where(Child.id == gone).values(status="transferred"))

    service.set_study_buddy(ADMIN, child, buddy)
    with school.session_factory() as session:
        assert session.get_one(Child, child).study_buddy_id == buddy
    (entry,) = audit_entries(school, "study_buddy_set")
    assert entry.object_id == child and json.loads(entry.detail)["buddy_id"] == buddy

    with pytest.raises(UserError, match="own study buddy"):
        service.set_study_buddy(ADMIN, child, child)
    for wrong in (gone, "no-such-child"):
        with pytest.raises(UserError, match="another pupil of this school"):
            service.set_study_buddy(ADMIN, child, wrong)
    service.set_study_buddy(ADMIN, child, buddy)  # unchanged: no new entry
    service.set_study_buddy(ADMIN, child, None)
    with school.session_factory() as session:
        assert session.get_one(Child, child).study_buddy_id is None
    assert len(audit_entries(school, "study_buddy_set")) == 2


# --- the command line ----------------------------------------------------------------------------


def run(db: Database, capsys: pytest.CaptureFixture[str], **args: object) -> str:
    assert cmd_mentors(db, argparse.Namespace(**args), ADMIN) == 0
    return capsys.readouterr().out


def teacher_names(db: Database) -> dict[str, str]:
    with db.session_factory() as session:
        return {row[0]: row[1] for row in session.execute(select(Teacher.id, Teacher.name))}


def test_cli_mentors(school: Database, capsys: pytest.CaptureFixture[str]) -> None:
    names = teacher_names(school)
    first, second = teacher_ids(school)[:2]
    with school.session_factory() as session:
        class_id, class_name = session.execute(
            select(SchoolClass.id, SchoolClass.name).order_by(SchoolClass.name)
        ).first()
        size = session.scalar(
            select(func.count()).select_from(Child).where(Child.class_id == class_id)
        )

    out = run(
        school,
        capsys,
        mentors_command="assign",
        class_name=class_name,
        children=None,
        teacher=names[first],
    )
    assert f"{names[first]} now mentors {size} more children" in out
    listing = json.loads(run(school, capsys, mentors_command="list", json=True))
    assert listing["mentors"][0] == {
        "id": first,
        "name": names[first],
        "children": size,
        "classes": [class_name],
    }
    assert listing["without_mentor"] == CHILDREN - size

    out = run(
        school,
        capsys,
        mentors_command="hand-over",
        from_teacher=names[first],
        to_teacher=names[second],
    )
    assert f"handed over {size} children" in out
    assert set(mentors(school).values()) == {None, second}

    out = run(school, capsys, mentors_command="even", teachers=[names[first], names[second]])
    assert "shared 40 children among 2 mentors (20 to 20 each)" in out
    assert Counter(mentors(school).values()) == {first: 20, second: 20}
    out = run(school, capsys, mentors_command="list", json=False)
    assert out.splitlines()[-1] == "children without a mentor: 0"
    with pytest.raises(UserError, match="no teacher called"):
        run(school, capsys, mentors_command="hand-over", from_teacher="无此人", to_teacher="x")

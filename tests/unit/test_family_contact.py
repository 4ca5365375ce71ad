"""亲情电话: logging calls within the actor's scope, the month view and coverage."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    AuditEntry,
    Child,
    FamilyContact,
    School,
    SchoolClass,
    SchoolTerm,
    Teacher,
)
from liushou_desktop.domain import vocab
from liushou_desktop.domain.family_contact import ContactForm, FamilyContactService, coverage
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.errors import UserError
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
TODAY = date(2026, 11, 2)  # the clock fixture's day
AUTUMN = "2026-2027-1"  # 2026-09-01 .. 2027-01-22
SPRING = "2025-2026-2"  # 2026-02-24 .. 2026-07-03


@dataclass(frozen=True)
class Small:
    """Three classes: 王老师 teaches 一年级1班 and mentors 小明; 李老师 teaches 一年级2班
    and mentors 小红; 一年级10班 has 安安 (no mentor). Two terms."""

    school: str
    wang: str
    li: str
    class_1: str
    class_2: str
    class_10: str
    ming: str  # 一年级1班, mentor 王
    hong: str  # 一年级2班, mentor 李
    gang: str  # 一年级2班, no mentor
    anan: str  # 一年级10班
    autumn: str  # term ids
    spring: str

    def mentor(self, who: str) -> Actor:
        return Actor(who, vocab.ROLE_MENTOR, teacher_id=getattr(self, who))

    def class_teacher(self, who: str) -> Actor:
        return Actor(who, vocab.ROLE_CLASS_TEACHER, teacher_id=getattr(self, who))


def make_small(db: Database) -> Small:
    """The :class:`Small` school in ``db`` (set up already)."""
    with db.session_scope("test") as session:
        school = session.scalars(select(School.id)).one()
        wang = Teacher(school_id=school, name="王芳", name_pinyin="wang fang")
        li = Teacher(school_id=school, name="李强", name_pinyin="li qiang")
        session.add_all([wang, li])
        session.flush()
        one = SchoolClass(school_id=school, grade=1, name="一年级1班", class_teacher_id=wang.id)
        two = SchoolClass(school_id=school, grade=1, name="一年级2班", class_teacher_id=li.id)
        ten = SchoolClass(school_id=school, grade=1, name="一年级10班")
        session.add_all([one, two, ten])
        session.flush()
        kids = [
            Child(school_id=school, class_id=one.id, name="张小明", name_pinyin="zhang xiao ming",
                  mentor_id=wang.id),
            Child(school_id=school, class_id=two.id, name="陈小红", name_pinyin="chen xiao hong",
                  mentor_id=li.id),
            Child(school_id=school, class_id=two.id, name="白刚", name_pinyin="bai gang"),
            Child(school_id=school, class_id=ten.id, name="安安", name_pinyin="an an"),
        ]  # fmt: skip
        autumn = SchoolTerm(
            school_id=school, name=AUTUMN, starts_on=date(2026, 9, 1), ends_on=date(2027, 1, 22)
        )
        spring = SchoolTerm(
            school_id=school, name=SPRING, starts_on=date(2026, 2, 24), ends_on=date(2026, 7, 3)
        )
        session.add_all([*kids, autumn, spring])
        session.flush()
        return Small(
            school, wang.id, li.id, one.id, two.id, ten.id, *(k.id for k in kids),
            autumn.id, spring.id,
        )  # fmt: skip


@pytest.fixture
def small(school_db: Database) -> Small:
    return make_small(school_db)


def audits(db: Database, action: str) -> list[AuditEntry]:
    with db.session_scope("test") as session:
        rows = list(session.scalars(select(AuditEntry).where(AuditEntry.action == action)))
        session.expunge_all()
        return rows


def call(on: date, relation: str = "father", **kw: object) -> ContactForm:
    return ContactForm(on=on, relation=relation, **kw)  # type: ignore[arg-type]


def test_logging_a_call_stores_it_and_audits_ids_only(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = FamilyContactService(school_db, clock)
    form = call(date(2026, 10, 30), "mother", kind="video", minutes=12, via="teacher",
                note="妈妈说春节回家")  # fmt: skip
    contact_id = service.log(small.mentor("wang"), small.ming, form)
    with school_db.session_scope("test") as session:
        row = session.get(FamilyContact, contact_id)
        assert row is not None
        assert (row.child_id, row.on, row.relation, row.kind, row.minutes, row.via, row.note) == (
            small.ming, date(2026, 10, 30), "mother", "video", 12, "teacher", "妈妈说春节回家",
        )  # fmt: skip
        assert row.author == "wang"
    [entry] = audits(school_db, "family_contact_logged")
    assert entry.object_id == contact_id
    assert json.loads(entry.detail) == {"child": small.ming}
    assert "春节" not in entry.detail


def test_a_mentor_cannot_log_a_call_for_a_child_outside_their_scope(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = FamilyContactService(school_db, clock)
    with pytest.raises(UserError, match="not open to your account"):
        service.log(small.mentor("wang"), small.hong, call(TODAY))
    # 李 teaches 一年级2班: 白刚 is theirs as class teacher, 小明 is not.
    service.log(small.class_teacher("li"), small.gang, call(TODAY))
    with pytest.raises(UserError, match="not open to your account"):
        service.log(small.class_teacher("li"), small.ming, call(TODAY))
    with pytest.raises(PermissionDenied):
        service.log(Actor("i", vocab.ROLE_INSPECTOR), small.ming, call(TODAY))
    with school_db.session_scope("test") as session:
        assert set(session.scalars(select(FamilyContact.child_id))) == {small.gang}


def test_wrong_days_minutes_and_codes_are_refused(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = FamilyContactService(school_db, clock)
    with pytest.raises(UserError, match="in the future"):
        service.log(ADMIN, small.ming, call(TODAY + timedelta(days=1)))
    with pytest.raises(UserError, match="more than a year ago"):
        service.log(ADMIN, small.ming, call(TODAY - timedelta(days=367)))
    with pytest.raises(UserError, match="601 minutes"):
        service.log(ADMIN, small.ming, call(TODAY, minutes=601))
    with pytest.raises(ValueError, match="relation"):
        service.log(ADMIN, small.ming, call(TODAY, "uncle"))
    with pytest.raises(ValueError, match="kind"):
        service.log(ADMIN, small.ming, call(TODAY, kind="letter"))
    with pytest.raises(ValueError, match="phone"):
        service.log(ADMIN, small.ming, call(TODAY, via="cb"))
    service.log(ADMIN, small.ming, call(TODAY - timedelta(days=366), minutes=600))
    with school_db.session_scope("test") as session:
        assert session.scalars(select(FamilyContact.minutes)).all() == [600]


def test_correcting_and_removing_a_call(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = FamilyContactService(school_db, clock)
    first = service.log(ADMIN, small.ming, call(date(2026, 10, 3)))
    second = service.log(ADMIN, small.ming, call(date(2026, 10, 20), "paternal_grandmother"))
    service.update(ADMIN, first, call(date(2026, 10, 4), minutes=5, note="说了学习"))
    [changed] = audits(school_db, "family_contact_changed")
    assert json.loads(changed.detail) == {"child": small.ming, "fields": ["on", "minutes", "note"]}
    rows = service.contacts(ADMIN, small.ming)
    assert [(r.id, r.on, r.minutes) for r in rows] == [
        (second, date(2026, 10, 20), 0),
        (first, date(2026, 10, 4), 5),
    ]
    with pytest.raises(UserError, match="not open to your account"):
        service.delete(small.mentor("li"), second)
    service.delete(ADMIN, second)
    assert [r.id for r in service.contacts(ADMIN)] == [first]
    with school_db.session_scope("test") as session:
        assert session.get(FamilyContact, second).deleted  # type: ignore[union-attr]
    assert len(audits(school_db, "family_contact_deleted")) == 1
    with pytest.raises(UserError, match="removed"):
        service.update(ADMIN, second, call(TODAY))
    assert service.contacts(ADMIN, month=date(2026, 9, 1)) == []


def test_the_month_view_puts_children_without_a_parent_call_first(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = FamilyContactService(school_db, clock)
    service.log(ADMIN, small.ming, call(date(2026, 10, 5), "father"))
    service.log(ADMIN, small.ming, call(date(2026, 10, 25), "mother"))
    service.log(ADMIN, small.ming, call(date(2026, 10, 28), "paternal_grandfather"))
    service.log(ADMIN, small.hong, call(date(2026, 10, 9), "maternal_grandmother"))
    service.log(ADMIN, small.gang, call(date(2026, 9, 30), "father"))  # September
    service.log(ADMIN, small.anan, call(date(2026, 10, 1), "mother"))
    with school_db.session_scope("test") as session:
        session.add(Child(school_id=small.school, class_id=small.class_1, name="转走",
                          status="transferred"))  # fmt: skip
    rows = service.month(ADMIN, date(2026, 10, 15))
    assert [(r.child_name, r.contacts, r.parent_contacts) for r in rows] == [
        ("白刚", 0, 0),  # 一年级2班, no parent call in October
        ("陈小红", 1, 0),
        ("张小明", 3, 2),  # 一年级1班
        ("安安", 1, 1),  # 一年级10班 after 一年级2班
    ]
    ming = rows[2]
    assert (ming.last_on, ming.last_parent_on, ming.class_id) == (
        date(2026, 10, 28), date(2026, 10, 25), small.class_1,
    )  # fmt: skip
    assert (rows[1].last_on, rows[1].last_parent_on) == (date(2026, 10, 9), None)
    assert [r.child_name for r in service.month(ADMIN, date(2026, 10, 1), small.class_2)] == [
        "白刚",
        "陈小红",
    ]
    assert [r.child_name for r in service.month(small.mentor("li"), date(2026, 10, 1))] == [
        "陈小红"
    ]
    assert [r.child_name for r in service.month(ADMIN, date(2026, 9, 1))][-1] == "白刚"


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    calls=st.lists(
        st.tuples(
            st.integers(0, 3),
            st.sampled_from(sorted(vocab.RELATIONS)),
            st.integers(0, 80),
        ),
        max_size=20,
    ),
    start=st.integers(0, 80),
    length=st.integers(0, 40),
)
def test_coverage_equals_a_direct_count(
    school_db: Database,
    clock: FakeClock,
    small: Small,
    calls: list[tuple[int, str, int]],
    start: int,
    length: int,
) -> None:
    children = [small.ming, small.hong, small.gang, small.anan]
    base = date(2026, 8, 20)
    with school_db.session_scope("test") as session:
        session.execute(delete(FamilyContact))
        for who, relation, day in calls:
            session.add(
                FamilyContact(child_id=children[who], on=base + timedelta(day), relation=relation)
            )
    first, last = base + timedelta(start), base + timedelta(start + length)
    expected = {
        children[who]
        for who, relation, day in calls
        if relation in ("father", "mother") and first <= base + timedelta(day) <= last
    }
    with school_db.session_scope("test") as session:
        assert coverage(session, children, first, last) == expected
        assert coverage(session, children[:2], first, last) == expected & set(children[:2])

"""家访: recording visits in scope and the term view of visits and guardian meetings."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Activity, ActivityAttendance, AuditEntry, HomeVisit
from liushou_desktop.domain import vocab
from liushou_desktop.domain.home_visits import HomeVisitService, VisitForm
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.errors import UserError
from tests.helpers import FakeClock
from tests.unit.test_family_contact import ADMIN, Small, make_small


@pytest.fixture
def small(school_db: Database) -> Small:
    return make_small(school_db)


def meeting(
    db: Database,
    small: Small,
    day: date,
    signed: dict[str, tuple[bool, str]],
    *,
    term_id: str | None = None,
    status: str = vocab.ACTIVITY_HELD,
    kind: str = "guardian_meeting",
) -> str:
    """A guardian meeting on ``day``; ``signed``: child id → (guardian present, name)."""
    with db.session_scope("test") as session:
        row = Activity(school_id=small.school, term_id=term_id or small.autumn, kind=kind,
                       title="监护人会", starts_on=day, ends_on=day, status=status,
                       held_on=day if status == vocab.ACTIVITY_HELD else None)  # fmt: skip
        session.add(row)
        session.flush()
        for child_id, (present, name) in signed.items():
            session.add(
                ActivityAttendance(activity_id=row.id, child_id=child_id,
                                   guardian_present=present, guardian_name=name)
            )  # fmt: skip
        return row.id


def test_recording_a_visit_in_scope_and_audited_without_its_text(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = HomeVisitService(school_db, clock)
    form = VisitForm(date(2026, 10, 18), visitors="王芳", met="奶奶", situation="家里漏雨",
                     agreed="每周打一次电话")  # fmt: skip
    visit_id = service.record(small.mentor("wang"), small.ming, form)
    with pytest.raises(UserError, match="not open to your account"):
        service.record(small.mentor("wang"), small.hong, form)
    with pytest.raises(PermissionDenied):
        service.record(Actor("i", vocab.ROLE_INSPECTOR), small.ming, form)
    with pytest.raises(UserError, match="in the future"):
        service.record(ADMIN, small.ming, VisitForm(date(2026, 11, 3)))
    with pytest.raises(UserError, match="removed from the plan"):
        service.record(ADMIN, small.ming, VisitForm(date(2026, 10, 1), activity_id="nope"))
    [row] = service.visits(ADMIN)
    assert (row.id, row.child_id, row.child_name, row.class_name, row.visited_on) == (
        visit_id, small.ming, "张小明", "一年级1班", date(2026, 10, 18),
    )  # fmt: skip
    assert (row.visitors, row.met, row.situation, row.agreed, row.author) == (
        "王芳", "奶奶", "家里漏雨", "每周打一次电话", "wang",
    )  # fmt: skip
    with school_db.session_scope("test") as session:
        detail = session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "home_visit_recorded")
        ).one()
    assert json.loads(detail) == {"child": small.ming, "activity": None}
    assert service.visits(small.mentor("li")) == []


def test_correcting_and_removing_a_visit(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = HomeVisitService(school_db, clock)
    round_id = meeting(school_db, small, date(2026, 10, 1), {}, kind="home_visit")
    visit_id = service.record(ADMIN, small.hong, VisitForm(date(2026, 10, 2), met="爸爸"))
    service.update(
        small.class_teacher("li"),
        visit_id,
        VisitForm(date(2026, 10, 3), met="爸爸", agreed="按时接送", activity_id=round_id),
    )
    with school_db.session_scope("test") as session:
        visit = session.get(HomeVisit, visit_id)
        assert visit is not None
        assert (visit.visited_on, visit.agreed, visit.activity_id) == (
            date(2026, 10, 3), "按时接送", round_id,
        )  # fmt: skip
        changed = session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == "home_visit_changed")
        ).one()
    assert json.loads(changed) == {
        "child": small.hong,
        "fields": ["visited_on", "agreed", "activity_id"],
    }
    with pytest.raises(UserError, match="not open to your account"):
        service.delete(small.mentor("wang"), visit_id)
    service.delete(ADMIN, visit_id)
    assert service.visits(ADMIN) == []
    with pytest.raises(UserError, match="removed"):
        service.update(ADMIN, visit_id, VisitForm(date(2026, 10, 3)))


def test_the_term_view_shows_visits_and_attended_meetings(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = HomeVisitService(school_db, clock)
    service.record(ADMIN, small.ming, VisitForm(date(2026, 9, 20)))
    service.record(ADMIN, small.ming, VisitForm(date(2026, 10, 12)))
    service.record(ADMIN, small.hong, VisitForm(date(2026, 6, 30)))  # last term
    meeting(school_db, small, date(2026, 9, 25), {small.ming: (True, "张大山"),
                                                  small.gang: (False, "")})  # fmt: skip
    meeting(school_db, small, date(2026, 10, 23), {small.ming: (True, "李梅")})
    meeting(school_db, small, date(2026, 11, 20), {small.gang: (True, "白父")},
            status=vocab.ACTIVITY_PLANNED)  # fmt: skip
    meeting(school_db, small, date(2026, 5, 8), {small.hong: (True, "陈父")},
            term_id=small.spring)  # fmt: skip
    meeting(school_db, small, date(2026, 10, 9), {small.anan: (True, "安母")}, kind="reading")
    rows = service.term_view(ADMIN, "2026-2027-1")
    assert [(r.child_name, r.visited_on, r.meeting_on, r.guardian_name) for r in rows] == [
        ("张小明", date(2026, 10, 12), date(2026, 10, 23), "李梅"),
        ("白刚", None, None, ""),
        ("陈小红", None, None, ""),
        ("安安", None, None, ""),
    ]
    spring = service.term_view(ADMIN, "2025-2026-2", class_id=small.class_2)
    assert [(r.child_name, r.visited_on, r.meeting_on) for r in spring] == [
        ("白刚", None, None),
        ("陈小红", date(2026, 6, 30), date(2026, 5, 8)),
    ]
    assert [r.child_name for r in service.term_view(small.class_teacher("li"), "2026-2027-1")] == [
        "白刚",
        "陈小红",
    ]
    assert [r.visited_on for r in service.visits(ADMIN, term_name="2026-2027-1")] == [
        date(2026, 10, 12),
        date(2026, 9, 20),
    ]
    with pytest.raises(UserError, match="校历"):
        service.term_view(ADMIN, "2027-2028-1")

"""成长档案: entries with photos, sharing, removal, and the term summary's figures."""

from __future__ import annotations

import io
import json
import random
from datetime import date, timedelta

import pytest
from PIL import Image
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Activity,
    ActivityAttendance,
    AuditEntry,
    FamilyContact,
    GrowthEntry,
    HomeVisit,
    Photo,
    Talk,
)
from liushou_desktop.domain import vocab
from liushou_desktop.domain.growth import GrowthForm, GrowthService
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.photos import MAX_BYTES, PhotoService
from liushou_desktop.errors import UserError
from tests.helpers import FakeClock
from tests.unit.test_family_contact import ADMIN, Small, make_small

INSPECTOR = Actor("i", vocab.ROLE_INSPECTOR)


@pytest.fixture
def small(school_db: Database) -> Small:
    return make_small(school_db)


def picture(seed: int = 0) -> bytes:
    rng = random.Random(seed)
    out = io.BytesIO()
    Image.frombytes("RGB", (1600, 1200), rng.randbytes(1600 * 1200 * 3)).save(out, "JPEG")
    return out.getvalue()


def audit_details(db: Database, action: str) -> list[dict[str, object]]:
    with db.session_scope("test") as session:
        return [
            json.loads(d)
            for d in session.scalars(select(AuditEntry.detail).where(AuditEntry.action == action))
        ]


def test_adding_entries_with_photos_and_reading_the_timeline(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = GrowthService(school_db, clock)
    mentor = small.mentor("wang")
    award = service.add(mentor, small.ming, GrowthForm(date(2026, 10, 1), "award", "三好学生"))
    photo = service.add(
        mentor, small.ming, GrowthForm(date(2026, 10, 20), "photo", shared=True), [picture()]
    )
    clock.value += timedelta(minutes=5)  # written later the same day: shown first
    note = service.add(
        mentor, small.ming, GrowthForm(date(2026, 10, 20), "note", text="这两周上课专心")
    )
    rows = service.timeline(INSPECTOR, small.ming)
    assert [r.id for r in rows] == [note, photo, award]
    assert (rows[2].kind, rows[2].title, rows[2].author, rows[2].shared) == (
        "award", "三好学生", "wang", False,
    )  # fmt: skip
    [photo_id] = rows[1].photo_ids
    with school_db.session_scope("test") as session:
        stored = session.get(Photo, photo_id)
        assert stored is not None
        assert (stored.owner_kind, stored.owner_id, stored.taken_on) == (
            "growth", photo, date(2026, 10, 20),
        )  # fmt: skip
        assert stored.size <= MAX_BYTES and max(stored.width, stored.height) <= 1280
    assert [r.id for r in service.timeline(ADMIN, small.ming, shared_only=True)] == [photo]
    assert audit_details(school_db, "growth_added")[1] == {"child": small.ming, "photos": 1}
    assert "专心" not in json.dumps(audit_details(school_db, "growth_added"))
    assert len(audit_details(school_db, "photo_added")) == 1


def test_empty_entries_wrong_kinds_and_children_outside_scope_are_refused(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = GrowthService(school_db, clock)
    with pytest.raises(UserError, match="entry is empty"):
        service.add(ADMIN, small.ming, GrowthForm(date(2026, 10, 1), "note", "  ", " "))
    with pytest.raises(UserError, match="entry is empty"):
        service.add(ADMIN, small.ming, GrowthForm(date(2026, 10, 1), "photo"))
    with pytest.raises(ValueError, match="kind"):
        service.add(ADMIN, small.ming, GrowthForm(date(2026, 10, 1), "diary", "x"))
    with pytest.raises(UserError, match="more than a year ago"):
        service.add(ADMIN, small.ming, GrowthForm(date(2025, 10, 1), "note", "x"))
    with pytest.raises(UserError, match="not open to your account"):
        service.add(small.mentor("wang"), small.hong, GrowthForm(date(2026, 10, 1), "note", "x"))
    with pytest.raises(UserError, match="not a picture"):
        service.add(ADMIN, small.ming, GrowthForm(date(2026, 10, 1), "photo"), [b"not a photo"])
    with pytest.raises(PermissionDenied):
        service.add(INSPECTOR, small.ming, GrowthForm(date(2026, 10, 1), "note", "x"))
    with pytest.raises(UserError, match="not open to your account"):
        service.timeline(small.mentor("wang"), small.hong)
    with school_db.session_scope("test") as session:
        assert session.scalars(select(GrowthEntry)).all() == []


def test_correcting_sharing_and_removing_an_entry_with_its_photos(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = GrowthService(school_db, clock)
    entry = service.add(
        ADMIN, small.hong, GrowthForm(date(2026, 10, 5), "good_news", "数学进步"), [picture(1)]
    )
    PhotoService(school_db, clock).add(ADMIN, "growth", entry, picture(2))
    teacher = small.class_teacher("li")
    service.update(teacher, entry, GrowthForm(date(2026, 10, 6), "good_news", "数学进步", "九十分"))
    assert audit_details(school_db, "growth_changed") == [
        {"child": small.hong, "fields": ["on", "text"]}
    ]
    service.set_shared(teacher, entry, True)
    service.set_shared(teacher, entry, True)  # no change, no entry
    assert audit_details(school_db, "growth_shared") == [{"child": small.hong, "shared": True}]
    [row] = service.timeline(ADMIN, small.hong)
    assert (row.on, row.text, row.shared, len(row.photo_ids)) == (
        date(2026, 10, 6),
        "九十分",
        True,
        2,
    )
    with pytest.raises(UserError, match="not open to your account"):
        service.delete(small.mentor("wang"), entry)
    service.delete(teacher, entry)
    assert service.timeline(ADMIN, small.hong) == []
    with school_db.session_scope("test") as session:
        assert session.scalars(select(Photo.deleted)).all() == [True, True]
        assert session.get(GrowthEntry, entry).deleted  # type: ignore[union-attr]
    assert audit_details(school_db, "growth_deleted") == [{"child": small.hong, "photos": 2}]
    with pytest.raises(UserError, match="removed"):
        service.set_shared(ADMIN, entry, False)


def test_the_term_summary_counts_the_terms_records(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = GrowthService(school_db, clock)
    ming = small.ming
    service.add(ADMIN, ming, GrowthForm(date(2026, 10, 30), "test", "期中考试", "语文92"))
    service.add(ADMIN, ming, GrowthForm(date(2026, 9, 10), "award", "教师节献花"))
    service.add(ADMIN, ming, GrowthForm(date(2026, 6, 1), "award", "六一表彰"))  # last term
    service.add(ADMIN, small.hong, GrowthForm(date(2026, 10, 1), "note", "别的孩子"))
    with school_db.session_scope("test") as session:
        session.add_all(
            [
                Talk(child_id=ming, month="2026-10", status="done", held_on=date(2026, 10, 8)),
                Talk(child_id=ming, month="2026-09", status="done", held_on=date(2026, 9, 8)),
                Talk(child_id=ming, month="2026-06", status="done", held_on=date(2026, 6, 8)),
                Talk(child_id=ming, month="2026-11", status="planned"),
                Talk(child_id=ming, month="2026-10", status="done", held_on=date(2026, 10, 9),
                     deleted=True),
                FamilyContact(child_id=ming, on=date(2026, 10, 2), relation="father"),
                FamilyContact(child_id=ming, on=date(2026, 10, 3), relation="mother"),
                FamilyContact(child_id=ming, on=date(2026, 10, 4), relation="paternal_grandmother"),
                FamilyContact(child_id=ming, on=date(2026, 8, 4), relation="father"),
                HomeVisit(child_id=ming, visited_on=date(2026, 9, 30)),
                HomeVisit(child_id=ming, visited_on=date(2026, 7, 30)),
            ]
        )  # fmt: skip
        activities = [
            Activity(school_id=small.school, term_id=term, kind="reading", title=title,
                     starts_on=day, ends_on=day, status=status)
            for term, title, day, status in (
                (small.autumn, "读书节", date(2026, 10, 9), "held"),
                (small.autumn, "运动会", date(2026, 10, 16), "held"),
                (small.autumn, "班会", date(2026, 11, 20), "planned"),
                (small.spring, "春游", date(2026, 4, 16), "held"),
            )
        ]  # fmt: skip
        session.add_all(activities)
        session.flush()
        for activity, present in zip(activities, (True, False, True, True), strict=True):
            session.add(ActivityAttendance(activity_id=activity.id, child_id=ming, present=present))
    summary = service.term_summary(small.mentor("wang"), ming, "2026-2027-1")
    assert (summary.child_name, summary.class_name, summary.school_name, summary.term_name) == (
        "张小明", "一年级1班", "阳光小学", "2026-2027-1",
    )  # fmt: skip
    assert (summary.starts_on, summary.ends_on) == (date(2026, 9, 1), date(2027, 1, 22))
    assert [e.title for e in summary.entries] == ["教师节献花", "期中考试"]
    assert (
        summary.talks_held,
        summary.parent_contacts,
        summary.home_visits,
        summary.activities_attended,
    ) == (2, 2, 1, 1)
    spring = service.term_summary(ADMIN, ming, "2025-2026-2")
    assert [e.title for e in spring.entries] == ["六一表彰"]
    assert (spring.talks_held, spring.parent_contacts, spring.activities_attended) == (1, 0, 1)
    with pytest.raises(UserError, match="校历"):
        service.term_summary(ADMIN, ming, "2030-2031-1")
    with pytest.raises(UserError, match="not open to your account"):
        service.term_summary(small.mentor("li"), ming, "2026-2027-1")

"""Talk records: recording fills the planned talk, concerns open, corrections lock."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    AuditEntry,
    Child,
    Concern,
    ConcernFollowUp,
    School,
    SchoolClass,
    Setting,
    Talk,
    Teacher,
)
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.talks import TalkForm, TalkService
from liushou_desktop.errors import UserError
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
TODAY = date(2026, 11, 2)  # the clock fixture's day
NOV = date(2026, 11, 1)


@dataclass(frozen=True)
class Small:
    """Two classes; 王老师 teaches 一年级1班 and mentors 小明, 李老师 mentors 小红."""

    wang: str
    li: str
    class_1: str
    class_2: str
    ming: str  # 一年级1班, mentor 王
    hong: str  # 一年级2班, mentor 李
    gang: str  # 一年级2班, no mentor (class teacher 李)


@pytest.fixture
def small(school_db: Database) -> Small:
    with school_db.session_scope("test") as session:
        school = session.scalars(select(School.id)).one()
        wang = Teacher(school_id=school, name="王芳", name_pinyin="wang fang")
        li = Teacher(school_id=school, name="李强", name_pinyin="li qiang")
        session.add_all([wang, li])
        session.flush()
        one = SchoolClass(school_id=school, grade=1, name="一年级1班", class_teacher_id=wang.id)
        two = SchoolClass(school_id=school, grade=1, name="一年级2班", class_teacher_id=li.id)
        session.add_all([one, two])
        session.flush()
        kids = [
            Child(school_id=school, class_id=one.id, name="张小明", name_pinyin="zhang xiao ming",
                  mentor_id=wang.id),
            Child(school_id=school, class_id=two.id, name="陈小红", name_pinyin="chen xiao hong",
                  mentor_id=li.id),
            Child(school_id=school, class_id=two.id, name="白刚", name_pinyin="bai gang"),
        ]  # fmt: skip
        session.add_all(kids)
        session.flush()
        return Small(wang.id, li.id, one.id, two.id, *(k.id for k in kids))


def plan(db: Database, child_id: str, mentor_id: str | None, on: date) -> str:
    with db.session_scope("test") as session:
        talk = Talk(
            child_id=child_id, mentor_id=mentor_id, month=on.strftime("%Y-%m"), planned_on=on
        )
        session.add(talk)
        session.flush()
        return talk.id


def talks_of(db: Database, child_id: str) -> list[Talk]:
    with db.session_scope("test") as session:
        return list(session.scalars(select(Talk).where(Talk.child_id == child_id)))


def audit_entries(db: Database, action: str) -> list[dict[str, object]]:
    with db.session_scope("test") as session:
        return [
            json.loads(e.detail)
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        ]


def mentor(small: Small, teacher: str = "wang") -> Actor:
    return Actor(teacher, "mentor", teacher_id=getattr(small, teacher))


def card(**fields: object) -> TalkForm:
    values: dict[str, object] = {
        "held_on": date(2026, 11, 2),
        "topics": ["study", "family"],
        "condition": "学习认真，想念妈妈",
        "problems": "数学作业常不交",
        "measures": "每周检查作业，联系妈妈视频通话",
    }
    values.update(fields)
    return TalkForm(**values)  # type: ignore[arg-type]


def test_recording_fills_the_months_planned_talk(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    planned = plan(school_db, small.ming, small.wang, date(2026, 11, 5))
    plan(school_db, small.ming, small.wang, date(2026, 12, 3))  # next month's stays planned
    talk_id = TalkService(school_db, clock).record(mentor(small), small.ming, card())
    assert talk_id == planned
    by_month = {t.month: t for t in talks_of(school_db, small.ming)}
    held = by_month["2026-11"]
    assert (held.status, held.held_on, held.planned_on) == (
        "done",
        date(2026, 11, 2),
        date(2026, 11, 5),
    )
    assert (held.author, held.recorded_at, held.mentor_id) == ("wang", clock(), small.wang)
    assert held.topics == ["study", "family"] and held.problems == "数学作业常不交"
    assert by_month["2026-12"].status == "planned"
    [entry] = audit_entries(school_db, "talk_recorded")
    assert entry["planned"] is True and entry["child"] == small.ming


def test_without_a_plan_a_held_talk_is_added_for_the_held_month(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    plan(school_db, small.hong, small.li, date(2026, 11, 20))
    TalkService(school_db, clock).record(ADMIN, small.hong, card(held_on=date(2026, 10, 28)))
    talks = {t.month: t for t in talks_of(school_db, small.hong)}
    assert talks["2026-10"].status == "done" and talks["2026-10"].mentor_id == small.li
    assert talks["2026-11"].status == "planned"  # November's plan is untouched
    # A child without a mentor: the class teacher is the talk's mentor.
    TalkService(school_db, clock).record(ADMIN, small.gang, card())
    [gang] = talks_of(school_db, small.gang)
    assert gang.mentor_id == small.li and gang.author == "admin"


def test_a_mentor_filling_a_colleagues_plan_becomes_its_mentor(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    plan(school_db, small.ming, small.li, date(2026, 11, 5))
    TalkService(school_db, clock).record(mentor(small), small.ming, card())
    [talk] = talks_of(school_db, small.ming)
    assert talk.mentor_id == small.wang


def test_a_mentor_records_only_for_their_own_children(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    with pytest.raises(UserError, match="not open to your account"):
        TalkService(school_db, clock).record(mentor(small), small.hong, card())
    with pytest.raises(PermissionDenied):
        TalkService(school_db, clock).record(Actor("i", "inspector"), small.ming, card())
    assert talks_of(school_db, small.hong) == [] and talks_of(school_db, small.ming) == []


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"held_on": TODAY + timedelta(days=1)}, "in the future"),
        ({"held_on": date(2025, 10, 1)}, "more than a year ago"),
        ({"form": "letter"}, "how the talk was held"),
        ({"topics": ["study", "money"]}, "topics from the list"),
        ({"concerns": ["sad"]}, "concern from the list"),
        ({"follow_up_on": date(2026, 10, 1)}, "follow-up date"),
    ],
)
def test_a_wrong_card_is_refused_in_plain_words(
    school_db: Database, clock: FakeClock, small: Small, fields: dict[str, object], words: str
) -> None:
    with pytest.raises(UserError, match=words):
        TalkService(school_db, clock).record(ADMIN, small.ming, card(**fields))
    assert talks_of(school_db, small.ming) == []


def test_a_concern_opens_once_and_is_followed_up_and_closed(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = TalkService(school_db, clock)
    first = service.record(ADMIN, small.ming, card(concerns=["mental"]))
    clock.value += timedelta(days=1)
    service.record(ADMIN, small.ming, card(held_on=date(2026, 11, 3), concerns=["safety"]))
    [view] = service.open_concerns(ADMIN)
    assert (view.child_name, view.class_name, view.mentor_name) == ("张小明", "一年级1班", "王芳")
    assert view.kinds == ("mental", "safety") and view.opened_on == date(2026, 11, 2)
    assert view.plan == "每周检查作业，联系妈妈视频通话"
    with school_db.session_scope("test") as session:
        [concern] = session.scalars(select(Concern))
        assert concern.talk_id == first
    service.follow_up(mentor(small), view.concern_id, date(2026, 11, 3), "  情绪好转  ")
    with pytest.raises(UserError, match="Write what"):
        service.follow_up(ADMIN, view.concern_id, date(2026, 11, 3), " ")
    with pytest.raises(UserError, match="from 2026-11-02"):
        service.follow_up(ADMIN, view.concern_id, date(2026, 11, 1), "早了")
    with pytest.raises(UserError, match="not open to your account"):
        service.follow_up(mentor(small, "li"), view.concern_id, date(2026, 11, 3), "不是我的")
    [view] = service.open_concerns(ADMIN)
    assert (view.follow_ups, view.last_follow_up) == (1, date(2026, 11, 3))
    with school_db.session_scope("test") as session:
        [follow] = session.scalars(select(ConcernFollowUp))
        assert (follow.note, follow.author) == ("情绪好转", "wang")
    service.close_concern(ADMIN, view.concern_id, date(2026, 11, 3))
    assert service.open_concerns(ADMIN) == []
    with pytest.raises(UserError, match="was closed on 2026-11-03"):
        service.close_concern(ADMIN, view.concern_id, date(2026, 11, 3))
    # The next flag opens a new plan.
    service.record(ADMIN, small.ming, card(concerns=["law"]))
    assert [v.kinds for v in service.open_concerns(ADMIN)] == [("law",)]
    assert [e["kinds"] for e in audit_entries(school_db, "concern_opened")] == [["mental"], ["law"]]


def test_the_author_corrects_within_the_edit_days_and_every_change_is_audited(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = TalkService(school_db, clock)
    talk_id = service.record(mentor(small), small.ming, card())
    clock.value += timedelta(days=6)
    service.update(mentor(small), talk_id, card(problems="作业已按时交", form="phone"))
    [talk] = talks_of(school_db, small.ming)
    assert (talk.problems, talk.form) == ("作业已按时交", "phone")
    edits = audit_entries(school_db, "talk_edit")
    assert {(e["field"], e["old"], e["new"]) for e in edits} == {
        ("problems", "数学作业常不交", "作业已按时交"),
        ("form", "face", "phone"),
    }
    with pytest.raises(UserError, match="Only wang, who recorded"):
        service.update(Actor("li", "class_teacher", teacher_id=small.wang), talk_id, card())
    clock.value += timedelta(days=1, minutes=1)
    with pytest.raises(UserError, match="locked 7 days after"):
        service.update(mentor(small), talk_id, card())
    # The administrator may always correct, visibly.
    service.update(ADMIN, talk_id, card(measures="请班主任跟进"))
    assert edits[-1:] != audit_entries(school_db, "talk_edit")[-1:]
    assert audit_entries(school_db, "talk_edit")[-1]["new"] == "请班主任跟进"


def test_the_edit_days_come_from_the_setting(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    with school_db.session_scope("test") as session:
        session.add(Setting(key="talks.edit_days", value=2))
    service = TalkService(school_db, clock)
    talk_id = service.record(mentor(small), small.ming, card())
    clock.value += timedelta(days=3)
    with pytest.raises(UserError, match="locked 2 days after it was written, on 2026-11-04"):
        service.update(mentor(small), talk_id, card(place="教室"))


def test_a_planned_talk_cannot_be_corrected_only_recorded(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    planned = plan(school_db, small.ming, small.wang, date(2026, 11, 5))
    with pytest.raises(UserError, match="record the talk instead"):
        TalkService(school_db, clock).update(ADMIN, planned, card())


def test_the_month_list_shows_held_planned_overdue_and_nothing(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    plan(school_db, small.ming, small.wang, date(2026, 11, 1))
    plan(school_db, small.hong, small.li, date(2026, 11, 1))
    service = TalkService(school_db, clock)
    service.record(ADMIN, small.hong, card(concerns=["behaviour"]))
    rows = service.month_list(ADMIN, NOV, today=date(2026, 11, 2))
    shown = [
        (r.child_name, r.class_name, r.mentor_name, r.status, r.overdue, r.concern_open)
        for r in rows
    ]
    assert shown == [
        ("张小明", "一年级1班", "王芳", "planned", True, False),
        ("白刚", "一年级2班", "李强", "", False, False),
        ("陈小红", "一年级2班", "李强", "done", False, True),
    ]  # fmt: skip
    assert rows[2].held_on == date(2026, 11, 2) and rows[2].planned_on == date(2026, 11, 1)
    assert rows[1].talk_id is None and rows[0].talk_id is not None
    mine = service.month_list(mentor(small), NOV, today=date(2026, 11, 1))
    assert [(r.child_name, r.overdue) for r in mine] == [("张小明", False)]
    # A child who left is no longer listed.
    with school_db.session_scope("test") as session:
        session.get(Child, small.ming).status = "transferred"  # type: ignore[union-attr]
    assert [r.child_name for r in service.month_list(ADMIN, NOV)] == ["白刚", "陈小红"]


def test_recorded_at_is_the_services_clock(school_db: Database, small: Small) -> None:
    clock = FakeClock(datetime(2026, 11, 20, 9, 0))
    TalkService(school_db, clock).record(ADMIN, small.gang, card(held_on=date(2026, 11, 19)))
    [talk] = talks_of(school_db, small.gang)
    assert talk.recorded_at == datetime(2026, 11, 20, 9, 0) and talk.month == "2026-11"

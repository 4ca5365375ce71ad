"""The term plan: planning from a template, editing by role, records and attendance."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Activity,
    ActivityAttendance,
    ActivityTemplate,
    AuditEntry,
    Child,
    Family,
    Guardian,
    School,
    SchoolClass,
    Teacher,
)
from liushou_desktop.domain.activities import (
    ActivityForm,
    ActivityService,
    AttendanceMark,
    target_child_ids,
)
from liushou_desktop.domain.permissions import Actor, PermissionDenied
from liushou_desktop.domain.school_calendar import CalendarService
from liushou_desktop.errors import UserError
from tests.helpers import FakeClock

ADMIN = Actor("admin", "admin")
AUTUMN, SPRING = "2026-2027-1", "2026-2027-2"


@dataclass(frozen=True)
class Small:
    """三年级1班 (王老师) with 张小明 and 陈小红, 四年级1班 (李老师) with 白刚 (mentor 王)."""

    wang: str
    li: str
    class_3: str
    class_4: str
    ming: str
    hong: str
    gang: str


@pytest.fixture
def small(school_db: Database, clock: FakeClock) -> Small:
    calendar = CalendarService(school_db, clock)
    calendar.save_term(ADMIN, AUTUMN, date(2026, 9, 1), date(2027, 1, 22))
    calendar.save_term(ADMIN, SPRING, date(2027, 2, 22), date(2027, 7, 9))
    with school_db.session_scope("test") as session:
        school = session.scalars(select(School.id)).one()
        wang = Teacher(school_id=school, name="王芳", name_pinyin="wang fang")
        li = Teacher(school_id=school, name="李强", name_pinyin="li qiang")
        session.add_all([wang, li])
        session.flush()
        three = SchoolClass(school_id=school, grade=3, name="三年级1班", class_teacher_id=wang.id)
        four = SchoolClass(school_id=school, grade=4, name="四年级1班", class_teacher_id=li.id)
        family = Family(school_id=school)
        session.add_all([three, four, family])
        session.flush()
        session.add_all(
            [
                Guardian(family_id=family.id, relation="mother", name="张母"),
                Guardian(
                    family_id=family.id,
                    relation="paternal_grandmother",
                    name="张奶奶",
                    is_entrusted_guardian=True,
                ),
            ]
        )
        kids = [
            Child(school_id=school, class_id=three.id, name="张小明",
                  name_pinyin="zhang xiao ming", family_id=family.id),
            Child(school_id=school, class_id=three.id, name="陈小红", name_pinyin="chen xiao hong"),
            Child(school_id=school, class_id=four.id, name="白刚", name_pinyin="bai gang",
                  mentor_id=wang.id),
            Child(school_id=school, class_id=three.id, name="刘离校", name_pinyin="liu li xiao",
                  status="transferred"),
        ]  # fmt: skip
        session.add_all(kids)
        session.flush()
        return Small(wang.id, li.id, three.id, four.id, kids[0].id, kids[1].id, kids[2].id)


def activities(db: Database) -> list[Activity]:
    with db.session_scope("test") as session:
        query = select(Activity).where(Activity.deleted.is_(False))
        rows = list(session.scalars(query))
        session.expunge_all()
    return rows


def by_key(db: Database, key: str) -> Activity:
    with db.session_scope("test") as session:
        row = session.scalars(select(Activity).where(Activity.template_key == key)).one()
        session.expunge_all()
    return row


def audit_details(db: Database, action: str) -> list[dict[str, object]]:
    with db.session_scope("test") as session:
        return [
            json.loads(e.detail)
            for e in session.scalars(select(AuditEntry).where(AuditEntry.action == action))
        ]


# --- planning from the template --------------------------------------------------------------


def test_both_terms_planned_from_the_standard_template(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = ActivityService(school_db, clock)
    autumn = service.plan_term(ADMIN, AUTUMN)
    spring = service.plan_term(ADMIN, SPRING, "standard")
    assert (autumn.created, autumn.kept, autumn.skipped) == (25, 0, ())
    assert (spring.created, spring.kept, spring.skipped) == (25, 0, ())
    assert len(activities(school_db)) == 50
    # 中秋 2026-09-25 (a holiday): the video call the day before, a Thursday
    video = by_key(school_db, "standard:mid_autumn_video")
    assert (video.starts_on, video.ends_on, video.kind) == (
        date(2026, 9, 24),
        date(2026, 9, 24),
        "family_call",
    )
    # 清明 2027-04-05 minus 2 days is Saturday 04-03: moved back to Friday 04-02
    qingming = by_key(school_db, "standard:qingming_meeting")
    assert qingming.starts_on == date(2027, 4, 2)
    # 端午 2027-06-09 minus 1 day: Tuesday 06-08, a school day
    dragon = by_key(school_db, "standard:dragon_boat")
    assert dragon.starts_on == date(2027, 6, 8)
    # National Day 2026-10-01..07: the October family calls start on 10-08 for 5 days
    october = by_key(school_db, "standard:family_call_10")
    assert (october.starts_on, october.ends_on) == (date(2026, 10, 8), date(2026, 10, 12))
    # term rules: survey from the first day for 10 days; archiving the day before the end
    survey = by_key(school_db, "standard:spring_survey")
    assert (survey.starts_on, survey.ends_on) == (date(2027, 2, 22), date(2027, 3, 3))
    assert by_key(school_db, "standard:autumn_archiving").starts_on == date(2027, 1, 21)
    rows = service.list(ADMIN, AUTUMN)
    assert len(rows) == 25 and all(r.term_name == AUTUMN for r in rows)
    assert [r.starts_on for r in rows] == sorted(r.starts_on for r in rows)
    assert audit_details(school_db, "activities_planned")[0] == {
        "template": "standard",
        "created": 25,
        "kept": 0,
        "skipped": 0,
    }


def test_planning_twice_adds_nothing_and_a_deleted_item_stays_deleted(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = ActivityService(school_db, clock)
    service.plan_term(ADMIN, AUTUMN)
    video = by_key(school_db, "standard:mid_autumn_video")
    service.delete(ADMIN, video.id)
    again = service.plan_term(ADMIN, AUTUMN)
    assert (again.created, again.kept) == (0, 25)
    assert len(activities(school_db)) == 24
    assert "standard:mid_autumn_video" not in {a.template_key for a in activities(school_db)}
    village = service.plan_term(ADMIN, AUTUMN, "village")  # another template adds its own
    assert village.created == 16


def test_items_outside_a_short_term_are_skipped_and_named(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    CalendarService(school_db, clock).save_term(ADMIN, AUTUMN, date(2026, 9, 1), date(2026, 12, 20))
    result = ActivityService(school_db, clock).plan_term(ADMIN, AUTUMN)
    assert "庆元旦文艺汇演" in result.skipped and "一月亲情电话·期末报喜" in result.skipped
    titles = {a.title for a in activities(school_db)}
    assert not titles & set(result.skipped)
    assert result.created + len(result.skipped) == 25
    assert all(a.ends_on <= date(2026, 12, 20) for a in activities(school_db))


def test_unknown_term_or_template_is_a_user_error(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = ActivityService(school_db, clock)
    with pytest.raises(UserError, match="校历"):
        service.plan_term(ADMIN, "2030-2031-1")
    with pytest.raises(UserError, match="no activity template named nope"):
        service.plan_term(ADMIN, AUTUMN, "nope")
    with pytest.raises(UserError, match="校历"):
        service.list(ADMIN, "2030-2031-1")
    assert activities(school_db) == []


def test_templates_lists_bundled_then_saved(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = ActivityService(school_db, clock)
    service.plan_term(ADMIN, AUTUMN)
    service.save_as_template(ADMIN, AUTUMN, "我校行事历", "阳光小学行事历")
    infos = service.templates(ADMIN)
    assert [(i.name, i.bundled) for i in infos] == [
        ("standard", True),
        ("village", True),
        ("我校行事历", False),
    ]
    mine = infos[2]
    assert (mine.title, mine.autumn, mine.spring) == ("阳光小学行事历", 25, 25)
    with pytest.raises(UserError, match="comes with the program"):
        service.save_as_template(ADMIN, AUTUMN, "standard")


def test_a_saved_template_plans_next_year_on_the_same_weekdays_and_festivals(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = ActivityService(school_db, clock)
    service.plan_term(ADMIN, AUTUMN)
    # by hand: a class meeting on the 2nd Tuesday of November, for grade 3
    own = service.add(
        ADMIN,
        ActivityForm(
            kind="class_meeting",
            title="感恩主题班会",
            starts_on=date(2026, 11, 10),
            target_kind="grades",
            target=["3"],
        ),
    )
    # the guardian meeting moved from the 1st Friday to the 3rd Thursday of November
    meeting = by_key(school_db, "standard:guardian_meeting")
    service.update(
        ADMIN,
        meeting.id,
        ActivityForm(kind="guardian_meeting", title=meeting.title, starts_on=date(2026, 11, 19)),
    )
    service.save_as_template(ADMIN, AUTUMN, "mine")
    CalendarService(school_db, clock).save_term(
        ADMIN, "2027-2028-1", date(2027, 9, 1), date(2028, 1, 21)
    )
    result = service.plan_term(ADMIN, "2027-2028-1", "mine")
    assert result.created == 26
    rows = {r.template_key: r for r in service.list(ADMIN, "2027-2028-1")}
    # festivals follow the lunar calendar: 中秋 2027 is 09-15, the video call on 09-14
    assert rows["mine:mid_autumn_video"].starts_on == date(2027, 9, 14)
    # the hand-made one: the 2nd Tuesday of November 2027, still for grade 3
    hand = rows[f"mine:own_{own[:8]}"]
    assert (hand.starts_on, hand.target_label) == (date(2027, 11, 9), "三年级")
    # the moved meeting: the 3rd Thursday of November 2027
    assert rows["mine:guardian_meeting"].starts_on == date(2027, 11, 18)
    assert rows["mine:guardian_meeting"].starts_on.isoweekday() == 4
    # the spring half came from the template the term was planned from
    with school_db.session_scope("test") as session:
        saved = session.scalars(
            select(ActivityTemplate).where(ActivityTemplate.name == "mine")
        ).one()
        assert len(saved.items["spring"]) == 25 and len(saved.items["autumn"]) == 26
    assert audit_details(school_db, "activity_template_saved")[0]["items"] == 26


# --- adding by hand, by role -----------------------------------------------------------------


def test_add_update_delete_and_the_target_label(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = ActivityService(school_db, clock)
    form = ActivityForm(
        kind="safety",
        topic="drowning",
        title="  防溺水  安全教育 ",
        starts_on=date(2026, 11, 12),
        target_kind="classes",
        target=[small.class_4, small.class_3],
    )
    activity_id = service.add(ADMIN, form)
    row = service.get(ADMIN, activity_id)
    assert (row.title, row.ends_on, row.term_name) == (
        "防溺水 安全教育",
        date(2026, 11, 12),
        AUTUMN,
    )
    assert row.target_label == "三年级1班、四年级1班"
    form.target_kind, form.target = "children", [small.ming, small.hong]
    form.ends_on = date(2026, 11, 13)
    service.update(ADMIN, activity_id, form)
    row = service.get(ADMIN, activity_id)
    assert (row.target_label, row.ends_on) == ("2名儿童", date(2026, 11, 13))
    changed = audit_details(school_db, "activity_changed")[0]
    assert set(changed) == {"ends_on", "target_kind", "target"}
    form.target_kind, form.target = "grades", ["4", "3"]
    service.update(ADMIN, activity_id, form)
    assert service.get(ADMIN, activity_id).target_label == "三年级、四年级"
    form.target_kind, form.target = "school", [small.ming]
    service.update(ADMIN, activity_id, form)
    row = service.get(ADMIN, activity_id)
    assert (row.target_label, row.target) == ("全校", ())
    assert [r.id for r in service.week(ADMIN, date(2026, 11, 9))] == [activity_id]
    assert service.week(ADMIN, date(2026, 11, 16)) == []
    service.delete(ADMIN, activity_id)
    with pytest.raises(UserError, match="no longer in the plan"):
        service.get(ADMIN, activity_id)
    assert audit_details(school_db, "activity_deleted")[0]["title"] == "防溺水 安全教育"


def test_add_refuses_a_day_outside_every_term_and_bad_forms(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = ActivityService(school_db, clock)
    with pytest.raises(UserError, match="No term"):
        service.add(ADMIN, ActivityForm(kind="other", title="暑假", starts_on=date(2026, 8, 1)))
    with pytest.raises(UserError, match="end"):
        service.add(
            ADMIN,
            ActivityForm(
                kind="other", title="x", starts_on=date(2026, 11, 5), ends_on=date(2026, 11, 4)
            ),
        )
    with pytest.raises(UserError, match="kind"):
        service.add(ADMIN, ActivityForm(kind="picnic", title="x", starts_on=date(2026, 11, 5)))
    with pytest.raises(UserError, match="at least one"):
        service.add(
            ADMIN,
            ActivityForm(
                kind="other", title="x", starts_on=date(2026, 11, 5), target_kind="classes"
            ),
        )
    assert activities(school_db) == []


def test_a_class_teacher_plans_for_their_own_classes_only(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = ActivityService(school_db, clock)
    wang = Actor("wang", "class_teacher", teacher_id=small.wang)
    mine = ActivityForm(
        kind="class_meeting",
        title="三(1)班主题班会",
        starts_on=date(2026, 11, 12),
        target_kind="classes",
        target=[small.class_3],
    )
    activity_id = service.add(wang, mine)
    assert service.get(wang, activity_id).target_label == "三年级1班"
    mine.title = "改过的班会"
    service.update(wang, activity_id, mine)
    assert service.get(ADMIN, activity_id).title == "改过的班会"
    for target_kind, target in (("classes", [small.class_4]), ("school", []), ("grades", ["3"])):
        other = ActivityForm(
            kind="other",
            title="别班",
            starts_on=date(2026, 11, 12),
            target_kind=target_kind,
            target=target,
        )
        with pytest.raises(UserError, match="own classes"):
            service.add(wang, other)
    school_wide = service.add(
        ADMIN, ActivityForm(kind="other", title="全校", starts_on=date(2026, 11, 12))
    )
    with pytest.raises(UserError, match="own classes"):
        service.delete(wang, school_wide)
    with pytest.raises(PermissionDenied):
        service.cancel(wang, activity_id)
    with pytest.raises(PermissionDenied):
        service.plan_term(wang, AUTUMN)
    service.delete(wang, activity_id)
    assert [a.title for a in activities(school_db)] == ["全校"]


@pytest.mark.parametrize("role", ["mentor", "inspector", "township_viewer"])
def test_mentors_and_inspectors_cannot_add_but_everyone_lists(
    school_db: Database, clock: FakeClock, small: Small, role: str
) -> None:
    service = ActivityService(school_db, clock)
    service.plan_term(ADMIN, AUTUMN)
    actor = Actor("someone", role, teacher_id=small.wang if role == "mentor" else None)
    form = ActivityForm(
        kind="other",
        title="x",
        starts_on=date(2026, 11, 12),
        target_kind="classes",
        target=[small.class_3],
    )
    with pytest.raises(PermissionDenied):
        service.add(actor, form)
    assert len(service.list(actor, AUTUMN)) == 25
    denied = audit_details(school_db, "denied")
    assert denied and denied[-1] == {"role": role}


# --- records and attendance ----------------------------------------------------------------------


def test_record_a_held_activity(school_db: Database, clock: FakeClock, small: Small) -> None:
    service = ActivityService(school_db, clock)
    service.plan_term(ADMIN, AUTUMN)
    meeting = by_key(school_db, "standard:guardian_meeting")
    mentor = Actor("wang", "mentor", teacher_id=small.wang)
    with pytest.raises(UserError, match="future"):
        service.record(mentor, meeting.id, date(2026, 11, 6), "开会")
    with pytest.raises(UserError, match="more than a year"):
        service.record(mentor, meeting.id, date(2025, 10, 1), "开会")
    service.record(mentor, meeting.id, date(2026, 11, 2), " 到会32人 ", "每周视频一次")
    row = service.get(ADMIN, meeting.id)
    assert (row.status, row.held_on, row.record, row.agreed) == (
        "held",
        date(2026, 11, 2),
        "到会32人",
        "每周视频一次",
    )
    with pytest.raises(PermissionDenied):
        service.record(Actor("i", "inspector"), meeting.id, date(2026, 11, 2), "x")
    service.cancel(ADMIN, row.id)
    assert service.get(ADMIN, row.id).status == "cancelled"
    assert row.id in {r.id for r in service.list(ADMIN, AUTUMN)}
    assert row.id not in {r.id for r in service.week(ADMIN, date(2026, 11, 2))}


def test_attendance_lists_the_target_children_in_scope_with_guardians(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = ActivityService(school_db, clock)
    activity_id = service.add(
        ADMIN,
        ActivityForm(kind="guardian_meeting", title="监护人会", starts_on=date(2026, 11, 2)),
    )
    rows = service.attendance(ADMIN, activity_id)
    # by class (三年级 before 四年级), then pinyin; the transferred child left out
    assert [r.child_name for r in rows] == ["陈小红", "张小明", "白刚"]
    assert [r.class_name for r in rows] == ["三年级1班", "三年级1班", "四年级1班"]
    assert rows[1].guardian_names == ("张奶奶", "张母")  # the entrusted guardian first
    assert rows[0].guardian_names == () and all(r.present is None for r in rows)
    service.set_attendance(
        ADMIN,
        activity_id,
        [
            AttendanceMark(small.ming, True, guardian_present=True, guardian_name="张奶奶"),
            AttendanceMark(small.hong, False, note="病假"),
        ],
    )
    service.set_attendance(ADMIN, activity_id, [AttendanceMark(small.hong, True)])
    rows = {r.child_name: r for r in service.attendance(ADMIN, activity_id)}
    assert (rows["张小明"].present, rows["张小明"].guardian_present) == (True, True)
    assert rows["张小明"].guardian_name == "张奶奶"
    assert (rows["陈小红"].present, rows["陈小红"].note) == (True, "")
    assert rows["白刚"].present is None
    assert service.get(ADMIN, activity_id).attended == 2
    with school_db.session_scope("test") as session:
        marks = session.scalars(
            select(ActivityAttendance).where(ActivityAttendance.activity_id == activity_id)
        ).all()
        assert len(marks) == 2  # upserted, not added twice
    assert audit_details(school_db, "attendance_recorded") == [{"count": 2}, {"count": 1}]
    # a class teacher sees and marks their own class only
    li = Actor("li", "class_teacher", teacher_id=small.li)
    assert [r.child_name for r in service.attendance(li, activity_id)] == ["白刚"]
    with pytest.raises(UserError, match="not open to your account"):
        service.set_attendance(li, activity_id, [AttendanceMark(small.ming, False)])
    service.set_attendance(li, activity_id, [AttendanceMark(small.gang, True)])
    # a mentor: their mentees
    mentor = Actor("wang", "mentor", teacher_id=small.wang)
    assert [r.child_name for r in service.attendance(mentor, activity_id)] == ["白刚"]
    service.delete(ADMIN, activity_id)
    with school_db.session_scope("test") as session:
        assert all(
            m.deleted
            for m in session.scalars(
                select(ActivityAttendance).where(ActivityAttendance.activity_id == activity_id)
            )
        )


def test_target_child_ids_follow_the_target(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = ActivityService(school_db, clock)
    cases = {
        ("school", ()): [small.hong, small.ming, small.gang],
        ("grades", ("4",)): [small.gang],
        ("classes", (small.class_3,)): [small.hong, small.ming],
        ("children", (small.gang, small.ming)): [small.ming, small.gang],
    }
    for (target_kind, target), expected in cases.items():
        activity_id = service.add(
            ADMIN,
            ActivityForm(
                kind="other",
                title="x",
                starts_on=date(2026, 11, 2),
                target_kind=target_kind,
                target=list(target),
            ),
        )
        with school_db.session_scope("test") as session:
            activity = session.get(Activity, activity_id)
            assert activity is not None
            assert target_child_ids(session, activity) == expected, target_kind


def test_term_for_gives_the_term_holding_the_day_or_the_next(
    school_db: Database, clock: FakeClock, small: Small
) -> None:
    service = ActivityService(school_db, clock)
    term = service.term_for(ADMIN, date(2026, 11, 2))
    assert term is not None and term.name == AUTUMN
    term = service.term_for(ADMIN, date(2027, 2, 1))  # winter holiday: the spring term next
    assert term is not None and term.name == SPRING
    assert service.term_for(ADMIN, date(2027, 8, 1)) is None

"""The demo school's term: its plan from the bundled template, the activities already
held (with attendance, and guardians at the guardian meeting), family calls, home visits,
growth entries and a few photos.

:func:`add_term_activities` runs after the demo children are written. Planning is
idempotent; the rest is made only for children who have none yet, so adding demo
children twice gives the newcomers a term like the others'.
"""

from __future__ import annotations

import io
import random
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db.models import (
    Activity,
    ActivityAttendance,
    Child,
    FamilyContact,
    GrowthEntry,
    Guardian,
    HomeVisit,
    Photo,
    SchoolClass,
    SchoolTerm,
    Teacher,
    new_uuid,
)
from liushou_desktop.db.sync_meta import insert_synced, installation_origin, local_date
from liushou_desktop.domain import demo_data, vocab
from liushou_desktop.domain.activities import target_child_ids
from liushou_desktop.domain.activity_planning import plan_in_session
from liushou_desktop.domain.activity_rows import find_term
from liushou_desktop.domain.activity_templates import DEFAULT_TEMPLATE
from liushou_desktop.domain.installation import installation_school_id
from liushou_desktop.domain.school_calendar import load_calendar

CALL_SHARE = 0.85  # children with a call from a parent in a month
VISIT_SHARE = 0.45  # children with a home visit so far this term
PRESENT_SHARE = 0.95
GUARDIAN_SHARE = 0.7  # guardians who came to the guardian meeting
PHOTO_ENTRIES = 6  # growth entries with a photo


def add_term_activities(session: Session, now: datetime) -> None:
    """Plan this term from the bundled template and fill what a school would have
    recorded by today (see the module docstring), in the demo's transaction. Nothing
    happens without a term."""
    today = local_date(now)
    school_id = installation_school_id(session)
    term = session.scalars(
        select(SchoolTerm).where(
            SchoolTerm.deleted.is_(False),
            SchoolTerm.starts_on <= today,
            SchoolTerm.ends_on >= today,
        )
    ).first()
    if term is None or school_id is None:
        return
    plan_in_session(session, school_id, find_term(session, school_id, term.name), DEFAULT_TEMPLATE)
    _Term(session, term, today, random.Random(f"{term.name}:activities")).fill(now)


class _Term:
    def __init__(self, session: Session, term: SchoolTerm, today: date, rng: random.Random):
        self.session = session
        self.term = term
        self.today = today
        self.rng = rng
        self.school_id = installation_school_id(session) or ""
        self.origin = installation_origin(session)
        calendar = load_calendar(session)
        self.school_days = [
            d for d in calendar.school_days(term.starts_on, min(term.ends_on, today)) if d < today
        ]
        children = session.execute(
            select(Child.id, Child.family_id, Child.class_id, Child.mentor_id).where(
                Child.deleted.is_(False), Child.status == vocab.CHILD_ACTIVE
            )
        ).all()
        self.children = [c.id for c in children]
        self.family_of = {c.id: c.family_id for c in children}
        teachers = dict(session.execute(select(Teacher.id, Teacher.name)).all())
        class_teacher = dict(
            session.execute(select(SchoolClass.id, SchoolClass.class_teacher_id)).all()
        )
        self.teacher_of = {
            c.id: teachers.get(c.mentor_id or class_teacher.get(c.class_id) or "", "")
            for c in children
        }
        self.guardians: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for family_id, relation, name in session.execute(
            select(Guardian.family_id, Guardian.relation, Guardian.name).where(
                Guardian.deleted.is_(False)
            )
        ):
            self.guardians[family_id].append((relation, name))

    def _without(self, model: Any, column: Any) -> list[str]:
        """The children with no row of ``model`` yet (the newcomers of this demo run)."""
        done = set(self.session.scalars(select(column).where(model.deleted.is_(False))))
        return [c for c in self.children if c not in done]

    def fill(self, now: datetime) -> None:
        self._held_activities(now)
        self._family_calls(now)
        self._home_visits(now)
        self._growth(now)

    # --- activities held so far ------------------------------------------------------

    def _held_activities(self, now: datetime) -> None:
        rng = self.rng
        activities = self.session.scalars(
            select(Activity).where(
                Activity.term_id == self.term.id,
                Activity.deleted.is_(False),
                Activity.status != vocab.ACTIVITY_CANCELLED,
                Activity.ends_on < self.today,
            )
        ).all()
        marked = {
            (row.activity_id, row.child_id)
            for row in self.session.execute(
                select(ActivityAttendance.activity_id, ActivityAttendance.child_id)
            )
        }
        rows: list[dict[str, Any]] = []
        for activity in activities:
            if activity.status == vocab.ACTIVITY_PLANNED:
                activity.status = vocab.ACTIVITY_HELD
                activity.held_on = activity.ends_on
                activity.record = rng.choice(demo_data.ACTIVITY_RECORDS)
                if activity.kind == "guardian_meeting":
                    activity.agreed = rng.choice(demo_data.MEETING_AGREED)
            if activity.kind in ("family_call", "home_visit"):
                continue  # their records are the calls and visits themselves
            meeting = activity.kind == "guardian_meeting"
            for child_id in target_child_ids(self.session, activity):
                if (activity.id, child_id) in marked:
                    continue
                guardians = self.guardians.get(self.family_of.get(child_id) or "", [])
                came = meeting and bool(guardians) and rng.random() < GUARDIAN_SHARE
                rows.append(
                    dict(
                        activity_id=activity.id,
                        child_id=child_id,
                        present=rng.random() < PRESENT_SHARE,
                        guardian_present=came,
                        guardian_name=_home_guardian(guardians)[1] if came else "",
                    )
                )
        insert_synced(self.session, ActivityAttendance, rows, now)

    # --- family calls, home visits, growth entries -----------------------------------

    def _family_calls(self, now: datetime) -> None:
        rng = self.rng
        rows: list[dict[str, Any]] = []
        days_by_month: dict[tuple[int, int], list[date]] = defaultdict(list)
        day = self.term.starts_on
        while day < self.today and day <= self.term.ends_on:
            days_by_month[(day.year, day.month)].append(day)
            day += timedelta(days=1)
        for child_id in self._without(FamilyContact, FamilyContact.child_id):
            guardians = self.guardians.get(self.family_of.get(child_id) or "", [])
            parents = [r for r, _ in guardians if r in vocab.PARENT_RELATIONS] or ["mother"]
            for days in days_by_month.values():
                if rng.random() >= CALL_SHARE:
                    if rng.random() < 0.5:  # a call with an uncle or aunt away instead
                        rows.append(self._call(child_id, rng.choice(days), "other"))
                    continue
                for _ in range(rng.choice((1, 1, 2))):
                    rows.append(self._call(child_id, rng.choice(days), rng.choice(parents)))
        insert_synced(self.session, FamilyContact, rows, now)

    def _call(self, child_id: str, on: date, relation: str) -> dict[str, Any]:
        rng = self.rng
        return dict(
            child_id=child_id,
            on=on,
            relation=relation,
            kind=rng.choices(("phone", "video"), (3, 2))[0],
            minutes=rng.randrange(3, 25),
            via=rng.choices(("school", "teacher", "guardian"), (6, 2, 2))[0],
            note=rng.choice(demo_data.CALL_NOTES),
            author=self.teacher_of.get(child_id, ""),
        )

    def _home_visits(self, now: datetime) -> None:
        rng = self.rng
        if not self.school_days:
            return
        rows: list[dict[str, Any]] = []
        for child_id in self._without(HomeVisit, HomeVisit.child_id):
            if rng.random() >= VISIT_SHARE:
                continue
            guardians = self.guardians.get(self.family_of.get(child_id) or "", [])
            relation, name = _home_guardian(guardians)
            rows.append(
                dict(
                    child_id=child_id,
                    visited_on=rng.choice(self.school_days),
                    visitors=self.teacher_of.get(child_id, ""),
                    met=f"{name}（{demo_data.RELATION_WORDS.get(relation, '')}）" if name else "",
                    situation=rng.choice(demo_data.VISIT_SITUATIONS),
                    agreed=rng.choice(demo_data.VISIT_AGREED),
                    author=self.teacher_of.get(child_id, ""),
                )
            )
        insert_synced(self.session, HomeVisit, rows, now)

    def _growth(self, now: datetime) -> None:
        rng = self.rng
        if not self.school_days:
            return
        rows: list[dict[str, Any]] = []
        for child_id in self._without(GrowthEntry, GrowthEntry.child_id):
            for _ in range(rng.randrange(2, 6)):
                kind, title, text = rng.choice(demo_data.GROWTH_ENTRIES)
                rows.append(
                    dict(
                        id=new_uuid(self.origin),
                        child_id=child_id,
                        on=rng.choice(self.school_days),
                        kind=kind,
                        title=title,
                        text=text,
                        shared=rng.random() < 0.5,
                        author=self.teacher_of.get(child_id, ""),
                    )
                )
        insert_synced(self.session, GrowthEntry, rows, now)
        photos = [
            dict(
                school_id=self.school_id,
                owner_kind="growth",
                owner_id=row["id"],
                taken_on=row["on"],
                caption=row["title"],
                **_demo_photo(rng, index),
            )
            for index, row in enumerate(rows[:PHOTO_ENTRIES])
        ]
        if self.school_id:
            insert_synced(self.session, Photo, photos, now)


def _home_guardian(guardians: list[tuple[str, str]]) -> tuple[str, str]:
    """The guardian at home: a grandparent or the other relative, else the first one."""
    for relation, name in guardians:
        if relation not in vocab.PARENT_RELATIONS and name:
            return relation, name
    return guardians[0] if guardians else ("", "")


def _demo_photo(rng: random.Random, index: int) -> dict[str, Any]:
    """A small made-up picture (sky, hills, a sun) as a JPEG, with its size."""
    from PIL import Image, ImageDraw

    width, height = 480, 360
    image = Image.new("RGB", (width, height), (135 + index * 10, 190, 235))
    draw = ImageDraw.Draw(image)
    for k in range(3):
        top = rng.randrange(150, 260)
        draw.polygon(
            [(k * 200 - 80, height), (k * 200 + 90, top), (k * 200 + 260, height)],
            fill=(60 + 30 * k, 140 + 20 * k, 70),
        )
    x, y = rng.randrange(40, 440), rng.randrange(30, 110)
    draw.ellipse([x - 28, y - 28, x + 28, y + 28], fill=(250, 210, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    data = out.getvalue()
    return dict(width=width, height=height, size=len(data), data=data)

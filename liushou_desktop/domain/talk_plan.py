"""The monthly talk plan: one planned 谈心 per active child, spread evenly over the month.

:meth:`TalkPlanService.plan_month` gives every active child without a planned or held talk
this month one planned talk with its mentor (``Child.mentor_id``; without one, or when the
mentor is no longer an active teacher, the class teacher; else nobody) on a school day of
the month. Each talk goes on the school day where its mentor has the fewest talks this
month, counting the talks already planned or held, ties to the earliest day; a talk
without a mentor goes on the day with the fewest talks overall. Children are taken by
class and pinyin, so the same school gives the same plan. Planned talks of children who
are no longer active are cancelled. Planning again changes nothing (it plans 0).

A month with no school day at all (summer) is planned per the setting
``talks.holiday_form``: ``phone`` (the default) or ``home_visit`` talks on the month's
weekdays, or ``none``: no talks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, SchoolClass, Talk, Teacher
from liushou_desktop.db.sync_meta import Now, insert_synced, local_date, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.installation import require_school_id
from liushou_desktop.domain.months import month_key
from liushou_desktop.domain.permissions import PLAN_TALKS, RECORD_TALKS, Actor
from liushou_desktop.domain.school_calendar import (
    HOLIDAY,
    SCHOOL_OFF,
    SchoolCalendar,
    load_calendar,
    month_bounds,
)
from liushou_desktop.domain.settings import (
    DEFAULTS,
    TALK_HOLIDAY_FORM,
    TALK_HOLIDAY_FORMS,
    TALK_HOLIDAY_NONE,
    SettingsService,
)
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

HOLIDAY_FORM_KEY = TALK_HOLIDAY_FORM
HOLIDAY_FORM_NONE = TALK_HOLIDAY_NONE
HOLIDAY_FORMS = TALK_HOLIDAY_FORMS
SCHOOL_FORM = "face"  # a talk planned on a school day is held at school, face to face
PLAN_ACTION = "talks_planned"


# What a school-only action says at a township.
_AT_TOWNSHIP = QT_TRANSLATE_NOOP(
    "UserError",
    "Talks are planned at the school, not at the township: plan them on the school's computer.",
)


@dataclass(frozen=True)
class PlanResult:
    """What one run of "plan this month" did.

    ``planned``: new planned talks; ``kept``: active children who already had a planned
    or held talk this month; ``dropped``: planned talks cancelled because their child is
    no longer active; ``holiday_month``: the month has no school day; ``no_school_days``:
    a holiday month and the school plans no talks then (``talks.holiday_form`` none).
    """

    month: str
    planned: int
    kept: int
    dropped: int
    holiday_month: bool
    no_school_days: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "planned": self.planned,
            "kept": self.kept,
            "dropped": self.dropped,
            "holiday_month": self.holiday_month,
            "no_school_days": self.no_school_days,
        }


def plan_days(calendar: SchoolCalendar, month: date) -> tuple[list[date], bool]:
    """The days a talk of ``month`` may be planned on, and whether the month is wholly
    holiday: its school days; in a month without any, its weekdays that are neither a
    statutory holiday nor a day the school marked off (all its weekdays if none is left)."""
    first, last = month_bounds(month)
    days = calendar.school_days(first, last)
    if days:
        return days, False
    weekdays = [info for info in calendar.month_days(month) if info.day.weekday() < 5]
    free = [info.day for info in weekdays if info.reason not in (HOLIDAY, SCHOOL_OFF)]
    return free or [info.day for info in weekdays], True


def assign_days(
    mentors: Sequence[str | None],
    days: Sequence[date],
    existing: Iterable[tuple[str | None, date | None]] = (),
) -> list[date]:
    """The day of each new talk, whose mentors are ``mentors`` (in order).

    Each goes on the day of ``days`` where its mentor has the fewest talks, counting
    ``existing`` (mentor, day) talks and the new ones before it; ties to the earliest
    day. A talk without a mentor (None) goes on the day with the fewest talks overall.
    Existing talks on other days are not counted.
    """
    if not days:
        raise ValueError("no day to plan on")
    position = {day: index for index, day in enumerate(days)}
    total = [0] * len(days)
    by_mentor: dict[str | None, list[int]] = {}
    for mentor, day in existing:
        index = position.get(day) if day is not None else None
        if index is not None:
            total[index] += 1
            by_mentor.setdefault(mentor, [0] * len(days))[index] += 1
    chosen = []
    for mentor in mentors:
        counts = total if mentor is None else by_mentor.setdefault(mentor, [0] * len(days))
        index = min(range(len(days)), key=counts.__getitem__)  # first of the least loaded
        if mentor is not None:
            counts[index] += 1
        total[index] += 1
        chosen.append(days[index])
    return chosen


@dataclass(frozen=True)
class _Planned:
    """An active child to plan: its id and whom its talk is with."""

    child_id: str
    mentor_id: str | None


class TalkPlanService:
    """Plans the month's talks for the whole school; moves and swaps planned talks."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def holiday_form(self) -> str:
        """The ``talks.holiday_form`` setting: phone (default), home_visit or none."""
        value = SettingsService(self._db).get(HOLIDAY_FORM_KEY)
        return value if value in HOLIDAY_FORMS else DEFAULTS[HOLIDAY_FORM_KEY]

    def plan_month(self, actor: Actor, month: date) -> PlanResult:
        """Plan the talks of ``month`` (any day of it) in one transaction, audited."""
        enforce(self._db, actor, PLAN_TALKS, self._now)
        key = month_key(month)
        holiday_form = self.holiday_form()
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            days, holiday = plan_days(load_calendar(session), month)
            # Planned mid-month, talks go on the days still to come, not into the past.
            today = local_date(now)
            days = [d for d in days if d >= today] or days
            children = _active_children(session, school_id)
            active = {child.child_id for child in children}
            talks = session.execute(
                select(
                    Talk.id,
                    Talk.child_id,
                    Talk.mentor_id,
                    Talk.status,
                    Talk.planned_on,
                    Talk.held_on,
                ).where(
                    Talk.month == key,
                    Talk.deleted.is_(False),
                    Talk.status.in_((vocab.TALK_PLANNED, vocab.TALK_DONE)),
                )
            ).all()
            dropped = [
                t.id for t in talks if t.status == vocab.TALK_PLANNED and t.child_id not in active
            ]
            dropped_ids = set(dropped)
            with_talk = {t.child_id for t in talks if t.child_id in active}
            existing = [
                (
                    t.mentor_id,
                    t.held_on if t.status == vocab.TALK_DONE and t.held_on else t.planned_on,
                )
                for t in talks
                if t.id not in dropped_ids
            ]
            no_talks = holiday and holiday_form == HOLIDAY_FORM_NONE
            new = [] if no_talks else [c for c in children if c.child_id not in with_talk]
            chosen = assign_days([c.mentor_id for c in new], days, existing) if new else []
            form = holiday_form if holiday else SCHOOL_FORM
            insert_synced(
                session,
                Talk,
                [_new_talk(child, key, day, form) for child, day in zip(new, chosen, strict=True)],
                now,
            )
            _cancel(session, dropped)
            result = PlanResult(key, len(new), len(with_talk), len(dropped), holiday, no_talks)
            audit.append(
                session,
                actor=actor.username,
                action=PLAN_ACTION,
                now=now,
                object_type="month",
                object_id=key,
                detail={**result.to_json(), "form": "" if no_talks else form},
            )
        return result

    def move(self, actor: Actor, talk_id: str, day: date) -> None:
        """Move a planned talk to another school day of its month."""
        enforce(self._db, actor, RECORD_TALKS, self._now)
        with self._db.session_scope(actor.username) as session:
            talk = _planned_talk(session, actor, talk_id)
            old = talk.planned_on
            if old == day:
                return
            _check_day(session, talk.month, day)
            talk.planned_on = day
            audit.append(
                session,
                actor=actor.username,
                action="talk_moved",
                now=self._now(),
                object_type="talk",
                object_id=talk.id,
                detail={"old": old.isoformat() if old else None, "new": day.isoformat()},
            )

    def swap(self, actor: Actor, first_id: str, second_id: str) -> None:
        """Exchange the days of two planned talks of the same month."""
        enforce(self._db, actor, RECORD_TALKS, self._now)
        if first_id == second_id:
            return
        with self._db.session_scope(actor.username) as session:
            first = _planned_talk(session, actor, first_id)
            second = _planned_talk(session, actor, second_id)
            if first.month != second.month:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "Only two talks of the same month can swap days: these are planned "
                        "for {first} and {second}.",
                    ),
                    {"first": first.month, "second": second.month},
                )
            first.planned_on, second.planned_on = second.planned_on, first.planned_on
            audit.append(
                session,
                actor=actor.username,
                action="talks_swapped",
                now=self._now(),
                object_type="talk",
                object_id=first.id,
                detail={
                    "first": [first.id, _iso(first.planned_on)],
                    "second": [second.id, _iso(second.planned_on)],
                },
            )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _active_children(session: Session, school_id: str) -> list[_Planned]:
    """The school's active children by class (grade, name) and pinyin, each with whom
    its talk is: its mentor, else its class teacher (an active teacher), else None."""
    teachers = set(
        session.scalars(
            select(Teacher.id).where(Teacher.active.is_(True), Teacher.deleted.is_(False))
        )
    )
    rows = session.execute(
        select(
            Child.id,
            Child.mentor_id,
            SchoolClass.class_teacher_id,
            SchoolClass.grade,
            SchoolClass.name,
            Child.name_pinyin,
        )
        .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
        .where(
            Child.school_id == school_id,
            Child.deleted.is_(False),
            Child.status == vocab.CHILD_ACTIVE,
        )
    ).all()
    rows.sort(key=lambda r: (r.grade is None, r.grade or 0, r.name or "", r.name_pinyin, r.id))
    planned = []
    for row in rows:
        mentor = row.mentor_id if row.mentor_id in teachers else None
        if mentor is None and row.class_teacher_id in teachers:
            mentor = row.class_teacher_id
        planned.append(_Planned(row.id, mentor))
    return planned


def _new_talk(child: _Planned, month: str, day: date, form: str) -> dict[str, Any]:
    """The row of a new planned talk, every column given (for a bulk insert)."""
    return {
        "child_id": child.child_id,
        "mentor_id": child.mentor_id,
        "month": month,
        "status": vocab.TALK_PLANNED,
        "planned_on": day,
        "held_on": None,
        "form": form,
        "place": "",
        "topics": [],
        "condition": "",
        "problems": "",
        "measures": "",
        "follow_up_on": None,
        "concerns": [],
        "author": "",
        "recorded_at": None,
    }


def _cancel(session: Session, talk_ids: list[str]) -> None:
    """Cancel these planned talks (through the ORM, so the flush stamps them)."""
    for part in chunks(talk_ids):
        for talk in session.scalars(select(Talk).where(Talk.id.in_(part))):
            talk.status = vocab.TALK_CANCELLED
    session.flush()


def _planned_talk(session: Session, actor: Actor, talk_id: str) -> Talk:
    """The planned talk ``talk_id`` of a child the actor may see, or UserError."""
    talk = session.scalars(
        select(Talk)
        .join(Child, Talk.child_id == Child.id)
        .where(Talk.id == talk_id, Talk.deleted.is_(False), ChildrenService.scope(actor))
    ).first()
    if talk is None:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "This talk is not open to your account (the child belongs to another class "
                "or mentor), or it was removed.",
            )
        )
    if talk.status != vocab.TALK_PLANNED:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Only a planned talk can be moved: this one was already held or cancelled.",
            )
        )
    return talk


def _check_day(session: Session, month: str, day: date) -> None:
    """UserError unless ``day`` is a day a talk of ``month`` may be planned on."""
    allowed: list[date] = []
    if month_key(day) == month:
        allowed, _ = plan_days(load_calendar(session), day)
    if day not in allowed:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "A talk of {month} can only move to a school day of that month, and {day} is "
                "not one: choose another day.",
            ),
            {"month": month, "day": day.isoformat()},
        )

"""Where the month's talks stand: done / planned / overdue by class and mentor, the
completion rate (谈心完成率), the children nobody talked to for two months, and the
home page's figures.

Every figure is a SQL aggregate (GROUP BY) over the talks of the children the actor may
see, so a township of 5,000 children with 60,000 talk records is counted in a few
milliseconds. The definitions, for the active children in scope:

- ``children``: active children;
- ``done``: children with a held talk in the month;
- ``planned``: children with a planned talk in the month and no held one;
- ``overdue``: planned (not held) talks of the month dated before ``today``;
- ``rate``: done / children (0 when there are no children);
- silent: children with no held talk in the month or the month before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, Subquery, and_, case, exists, func, select
from sqlalchemy.orm import aliased

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, Concern, SchoolClass, Talk, Teacher
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.months import month_key, previous_month
from liushou_desktop.domain.permissions import VIEW_TALK_STATUS, Actor

T = TypeVar("T")


@dataclass(frozen=True)
class Figures:
    """The month's counts for a group of children (see the module docstring)."""

    children: int
    done: int
    planned: int
    overdue: int
    rate: float

    def to_json(self) -> dict[str, int | float]:
        return {
            "children": self.children,
            "done": self.done,
            "planned": self.planned,
            "overdue": self.overdue,
            "rate": self.rate,
        }


def _figures(children: int, done: int, planned: int, overdue: int) -> Figures:
    return Figures(
        children=children,
        done=done,
        planned=planned,
        overdue=overdue,
        rate=done / children if children else 0.0,
    )


@dataclass(frozen=True)
class MonthStatus:
    """The month's figures for the whole scope, by class (name; by grade and name) and by
    mentor (name; a child's mentor, else their class teacher; children with neither
    count only in ``total``), and the silent children (name, class), by class and pinyin."""

    month: str
    total: Figures
    classes: dict[str, Figures]
    mentors: dict[str, Figures]
    silent: list[tuple[str, str]]

    def to_json(self) -> dict[str, object]:
        """The JSON of ``talks status``: the total's keys, and ``classes``."""
        return {
            "month": self.month,
            **self.total.to_json(),
            "classes": {name: figures.to_json() for name, figures in self.classes.items()},
        }


@dataclass(frozen=True)
class HomeFigures:
    """The home page's talk figures for the actor's children: planned talks due from
    today to Sunday, this month's planned talks dated before today, and children with an
    open concern."""

    due_this_week: int
    overdue: int
    open_concerns: int


class TalkStatusService:
    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def status(self, actor: Actor, month: date, today: date | None = None) -> MonthStatus:
        """The month's figures (``today`` decides what is overdue; default: today)."""
        enforce(self._db, actor, VIEW_TALK_STATUS, self._now)
        today = today or local_date(self._now())
        key = month_key(month)
        per_child = _per_child(key, today)
        done = func.coalesce(per_child.c.done, 0)
        counts = (
            func.count(Child.id),
            func.coalesce(func.sum(done), 0),
            func.coalesce(
                func.sum(case((and_(per_child.c.planned == 1, done == 0), 1), else_=0)), 0
            ),
            func.coalesce(func.sum(per_child.c.overdue), 0),
        )
        class_teacher = aliased(Teacher)
        mentor_id = func.coalesce(Child.mentor_id, class_teacher.id)
        # One GROUP BY (class, mentor): a few hundred groups, summed up below.
        groups = (
            select(*counts, Child.class_id, mentor_id)
            .outerjoin(per_child, per_child.c.child_id == Child.id)
            .outerjoin(SchoolClass, SchoolClass.id == Child.class_id)
            .outerjoin(class_teacher, class_teacher.id == SchoolClass.class_teacher_id)
            .where(_active(actor))
            .group_by(Child.class_id, mentor_id)
        )
        class_names = select(SchoolClass.id, SchoolClass.name).order_by(
            SchoolClass.grade, SchoolClass.name
        )
        teacher_names = select(Teacher.id, Teacher.name).order_by(
            Teacher.name_pinyin, Teacher.name, Teacher.id
        )
        with self._db.session_scope(actor.username) as session:
            rows = session.execute(groups).all()
            total = _sum(row[:4] for row in rows)
            by_class = _sum_by((row[4], row[:4]) for row in rows)
            by_mentor = _sum_by((row[5], row[:4]) for row in rows)
            classes = _keyed(
                (name, by_class[cid])
                for cid, name in session.execute(class_names)
                if cid in by_class
            )
            mentors = _keyed(
                (name, by_mentor[tid])
                for tid, name in session.execute(teacher_names)
                if tid in by_mentor
            )
            silent = [
                (name, class_name or "")
                for name, class_name in session.execute(_silent(actor, month))
            ]
        return MonthStatus(key, total, classes, mentors, silent)

    def completion_by_month(self, actor: Actor, months: list[date]) -> dict[str, dict[str, float]]:
        """Month (``YYYY-MM``) -> class name -> completion rate, for the chart: children of
        the class who had a held talk that month, over the class's active children now."""
        enforce(self._db, actor, VIEW_TALK_STATUS, self._now)
        keys = [month_key(m) for m in months]
        where = _active(actor)
        sizes = (
            select(SchoolClass.id, SchoolClass.name, func.count(Child.id))
            .join(SchoolClass, SchoolClass.id == Child.class_id)
            .where(where)
            .group_by(SchoolClass.id)
            .order_by(SchoolClass.grade, SchoolClass.name)
        )
        done = (
            select(Talk.month, Child.class_id, func.count(func.distinct(Talk.child_id)))
            .join(Child, Child.id == Talk.child_id)
            .where(
                where,
                Talk.month.in_(keys),
                Talk.status == vocab.TALK_DONE,
                Talk.deleted.is_(False),
                Child.class_id.is_not(None),
            )
            .group_by(Talk.month, Child.class_id)
        )
        with self._db.session_scope(actor.username) as session:
            classes = [(r[0], r[1], r[2]) for r in session.execute(sizes)]
            held = {(r[0], r[1]): r[2] for r in session.execute(done)}
        result: dict[str, dict[str, float]] = {}
        for key in keys:
            rates = [(name, held.get((key, cid), 0) / size) for cid, name, size in classes]
            result[key] = _keyed(rates)
        return result

    def home(self, actor: Actor, today: date) -> HomeFigures:
        """The home page's figures on ``today`` (see :class:`HomeFigures`)."""
        enforce(self._db, actor, VIEW_TALK_STATUS, self._now)
        sunday = today + timedelta(days=6 - today.weekday())
        planned = and_(
            Talk.status == vocab.TALK_PLANNED,
            Talk.deleted.is_(False),
            Talk.child_id.in_(select(Child.id).where(_active(actor))),
        )
        talks = select(
            func.coalesce(func.sum(case((Talk.planned_on.between(today, sunday), 1), else_=0)), 0),
            func.coalesce(
                func.sum(
                    case(
                        (and_(Talk.month == month_key(today), Talk.planned_on < today), 1),
                        else_=0,
                    )
                ),
                0,
            ),
        ).where(planned)
        concerns = select(func.count(func.distinct(Concern.child_id))).where(
            Concern.closed_on.is_(None),
            Concern.deleted.is_(False),
            Concern.child_id.in_(select(Child.id).where(_active(actor))),
        )
        with self._db.session_scope(actor.username) as session:
            due, overdue = session.execute(talks).one()
            open_concerns = session.scalar(concerns) or 0
        return HomeFigures(due_this_week=due, overdue=overdue, open_concerns=open_concerns)


def _active(actor: Actor) -> ColumnElement[bool]:
    return and_(
        Child.deleted.is_(False),
        Child.status == vocab.CHILD_ACTIVE,
        ChildrenService.scope(actor),
    )


def _per_child(key: str, today: date) -> Subquery:
    """Per child with a talk in the month: held (0/1), planned (0/1), overdue talks."""
    is_planned = Talk.status == vocab.TALK_PLANNED
    return (
        select(
            Talk.child_id.label("child_id"),
            func.max(case((Talk.status == vocab.TALK_DONE, 1), else_=0)).label("done"),
            func.max(case((is_planned, 1), else_=0)).label("planned"),
            func.sum(case((and_(is_planned, Talk.planned_on < today), 1), else_=0)).label(
                "overdue"
            ),
        )
        .where(Talk.month == key, Talk.deleted.is_(False))
        .group_by(Talk.child_id)
        .subquery()
    )


def _silent(actor: Actor, month: date) -> Select[tuple[str, str | None]]:
    """(name, class name) of active children with no held talk this month or the last."""
    held = exists().where(
        Talk.child_id == Child.id,
        Talk.month.in_((month_key(month), month_key(previous_month(month)))),
        Talk.status == vocab.TALK_DONE,
        Talk.deleted.is_(False),
    )
    return (
        select(Child.name, SchoolClass.name)
        .outerjoin(SchoolClass, SchoolClass.id == Child.class_id)
        .where(_active(actor), ~held)
        .order_by(SchoolClass.grade, SchoolClass.name, Child.name_pinyin, Child.id)
    )


def _keyed(pairs: Iterable[tuple[str, T]]) -> dict[str, T]:
    """A dict in the pairs' order; a repeated name (two teachers both called 王芳) gets
    " (2)", " (3)"... so no group hides another."""
    result: dict[str, T] = {}
    for name, value in pairs:
        key, n = name, 1
        while key in result:
            n += 1
            key = f"{name} ({n})"
        result[key] = value
    return result


def _sum(counts: Iterable[Sequence[int]]) -> Figures:
    children = done = planned = overdue = 0
    for row in counts:
        children, done = children + row[0], done + row[1]
        planned, overdue = planned + row[2], overdue + row[3]
    return _figures(children, done, planned, overdue)


def _sum_by(keyed: Iterable[tuple[str | None, Sequence[int]]]) -> dict[str, Figures]:
    """Figures per key (None keys left out) from (key, counts) groups."""
    groups: dict[str, list[Sequence[int]]] = {}
    for key, counts in keyed:
        if key is not None:
            groups.setdefault(key, []).append(counts)
    return {key: _sum(rows) for key, rows in groups.items()}

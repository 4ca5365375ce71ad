"""Counting the term's activities and family contact, per class (统计: 活动与亲情).

:meth:`ActivityStatsService.term_figures` gives one :class:`ClassFigures` per class the
actor may see, then the total row. The definitions, for a term (``2026-2027-1``):

- **children of a class**: its active children (``Child.status`` active, not deleted)
  within the actor's scope (:meth:`ChildrenService.scope`). The classes listed are those
  holding such a child, plus, for roles that see every child, every active class, and,
  for a class teacher, their own active classes (a class teacher sees only theirs).
- an activity is **for** a class when its ``target_kind`` is ``school``, or ``grades``
  and the class's grade (as text, ``"3"``) is in ``target``, or ``classes`` and the
  class's id is in ``target``, or ``children`` and one of the class's children is in
  ``target``. **planned**: the term's activities for the class that are neither
  cancelled nor deleted; **held**: those of them with status ``held``.
- **reached**: children of the class marked present (``ActivityAttendance.present``) at
  one or more held activities of the term.
- **months**: each calendar month of the term from its first month up to the month of
  ``today`` (default: today), never past the term's last month; for each, the children
  of the class with a family contact (``FamilyContact``) with a parent
  (``vocab.PARENT_RELATIONS``: father or mother, not a grandparent) dated in that month.
- **home_visited**: children of the class with a home visit (``HomeVisit``) dated within
  the term; **guardian_attended**: children of the class whose guardian came
  (``guardian_present``) to a held guardian meeting (``guardian_meeting``) of the term.
- the **total** row (``class_id`` ""), last, sums the classes' children, reached,
  months, home_visited and guardian_attended (children without a class are in no row);
  its planned and held count each activity once: for roles that see every child, all
  the term's activities (not cancelled); for a class teacher or a mentor, those for one
  or more of their classes.

Deleted rows (tombstones) never count. Everything is a handful of grouped queries
(GROUP BY class), whatever the number of children: 5,000 children with 55,000
attendance marks are counted in a quarter of a second. At a township, the term is each
school's term of that name and every class is counted against its own school's term.

:meth:`ActivityStatsService.export` writes the figures as a workbook (one row per class,
the total, percentages), audited ``activity_stats_exported``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Activity,
    ActivityAttendance,
    Child,
    FamilyContact,
    HomeVisit,
    School,
    SchoolClass,
    SchoolTerm,
)
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.installation import installation_school_id
from liushou_desktop.domain.months import add_months, month_key, month_start
from liushou_desktop.domain.permissions import ALL_CHILDREN_ROLES, VIEW_ACTIVITIES, Actor
from liushou_desktop.domain.print_records import load_school
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP
from liushou_desktop.io.xlsx import NUMBER, TEXT, FormColumn, FormSheet, write_forms

__all__ = [
    "AUDIT_ACTION",
    "ActivityStatsService",
    "ClassFigures",
    "MonthCoverage",
    "SHEET",
    "TOTAL",
    "figure_rows",
    "percent",
    "rate",
    "term_months",
]

AUDIT_ACTION = "activity_stats_exported"
SHEET = "活动与亲情统计"
TITLE = "{school}{term}学期活动与亲情统计"
TOTAL = "合计"
FOOTER = "填表人：　　　　　　联系电话：　　　　　　填表日期：　　　　年　　月　　日"
GUARDIAN_MEETING = "guardian_meeting"
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class MonthCoverage:
    """One month (``YYYY-MM``): the children counted and those with a parent contact."""

    month: str
    children: int
    with_parent_contact: int


@dataclass(frozen=True)
class ClassFigures:
    """A class's figures for the term (see the module docstring); ``class_id`` is ""
    for the total row, which comes last."""

    class_id: str
    class_name: str
    children: int
    planned: int
    held: int
    reached: int
    months: tuple[MonthCoverage, ...]
    home_visited: int
    guardian_attended: int


def rate(part: int, whole: int) -> float:
    """``part / whole`` (0 when ``whole`` is 0)."""
    return part / whole if whole else 0.0


def percent(part: int, whole: int) -> str:
    """A share as the sheet writes it: ``85.7%`` (``0.0%`` of nothing)."""
    return f"{rate(part, whole) * 100:.1f}%"


def term_months(starts_on: date, ends_on: date, today: date) -> list[date]:
    """The first days of the term's months from its first up to ``today``'s month, not
    past its last month (none when the term has not begun by ``today``'s month)."""
    last = min(month_start(today), month_start(ends_on))
    months: list[date] = []
    month = month_start(starts_on)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


@dataclass(frozen=True)
class _Class:
    id: str
    school_id: str
    grade: int
    name: str


@dataclass(frozen=True)
class _Activity:
    id: str
    school_id: str
    status: str
    target_kind: str
    target: frozenset[str]


class ActivityStatsService:
    """The term's activity and family-contact figures, per class."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def term_figures(
        self, actor: Actor, term_name: str, today: date | None = None
    ) -> list[ClassFigures]:
        """One row per class (by school, grade, name), then the total (VIEW_ACTIVITIES)."""
        enforce(self._db, actor, VIEW_ACTIVITIES, self._now)
        today = today or local_date(self._now())
        with self._db.session_scope(actor.username) as session:
            return _Counting(session, actor, term_name, today).figures()

    def export(self, actor: Actor, term_name: str, out: Path) -> None:
        """Write the term's figures to the workbook ``out`` (one row per class, the total,
        percentages), read it back, and audit it. UserError when it cannot be written."""
        enforce(self._db, actor, VIEW_ACTIVITIES, self._now)
        out = Path(out)
        figures = self.term_figures(actor, term_name)
        with self._db.session_factory() as session:
            school = load_school(session).name
        months = [m.month for m in figures[-1].months] if figures else []
        sheet = FormSheet(
            name=SHEET,
            title=TITLE.format(school=school, term=term_name),
            columns=_columns(months),
            rows=figure_rows(figures),
            footer=FOOTER,
        )
        write_forms(out, [sheet])
        with self._db.session_scope(actor.username) as session:
            audit.append(
                session,
                actor=actor.username,
                action=AUDIT_ACTION,
                now=self._now(),
                object_type="file",
                object_id=out.name[:64],
                detail={"file": out.name, "term": term_name, "classes": len(figures) - 1},
            )


# --- the workbook ----------------------------------------------------------------------


def _pair(group: str) -> tuple[FormColumn, FormColumn]:
    return FormColumn((group, "人数"), 7, NUMBER), FormColumn((group, "占比"), 8, TEXT)


def _columns(months: Sequence[str]) -> tuple[FormColumn, ...]:
    columns = [
        FormColumn(("班级",), 14, TEXT),
        FormColumn(("在册儿童",), 8, NUMBER),
        FormColumn(("活动", "计划"), 7, NUMBER),
        FormColumn(("活动", "已开展"), 7, NUMBER),
        FormColumn(("活动", "开展率"), 8, TEXT),
        *_pair("参加活动的儿童"),
    ]
    for key in months:
        columns.extend(_pair(f"{int(key[5:])}月亲情联系"))
    columns.extend(_pair("已家访"))
    columns.extend(_pair("监护人会出席"))
    return tuple(columns)


def figure_rows(figures: Sequence[ClassFigures]) -> list[list[Any]]:
    """The workbook's rows: one per class, the total row named 合计."""
    rows = []
    for f in figures:
        row: list[Any] = [
            f.class_name if f.class_id else TOTAL,
            f.children,
            f.planned,
            f.held,
            percent(f.held, f.planned),
            f.reached,
            percent(f.reached, f.children),
        ]
        for month in f.months:
            row += [month.with_parent_contact, percent(month.with_parent_contact, month.children)]
        row += [f.home_visited, percent(f.home_visited, f.children)]
        row += [f.guardian_attended, percent(f.guardian_attended, f.children)]
        rows.append(row)
    return rows


# --- the counting ----------------------------------------------------------------------


class _Counting:
    """One term_figures call: the term, the classes, then one grouped query a figure."""

    def __init__(self, session: Session, actor: Actor, term_name: str, today: date) -> None:
        self.session = session
        self.actor = actor
        self.term_name = term_name
        self.today = today

    def figures(self) -> list[ClassFigures]:
        terms = self._terms()
        term_ids = [t.id for t in terms]
        months = term_months(
            min(t.starts_on for t in terms), max(t.ends_on for t in terms), self.today
        )
        keys = [month_key(m) for m in months]
        sizes = self._grouped(select(Child.class_id, func.count(Child.id)))
        classes = self._classes()
        activities = self._activities(term_ids)
        in_children = self._targeted_children(activities)
        reached = self._grouped(self._attended(term_ids, ActivityAttendance.present.is_(True)))
        attended = self._grouped(
            self._attended(
                term_ids,
                ActivityAttendance.guardian_present.is_(True),
                Activity.kind == GUARDIAN_MEETING,
            )
        )
        visited = self._grouped(self._visited())
        contacts = self._contacts(months)
        several_schools = len({c.school_id for c in classes}) > 1
        names = self._school_names() if several_schools else {}
        rows: list[ClassFigures] = []
        for klass in classes:
            size = sizes.get(klass.id, 0)
            mine = [a for a in activities if _is_for(a, klass, in_children)]
            rows.append(
                ClassFigures(
                    class_id=klass.id,
                    class_name=f"{names.get(klass.school_id, '')}{klass.name}",
                    children=size,
                    planned=len(mine),
                    held=sum(1 for a in mine if a.status == vocab.ACTIVITY_HELD),
                    reached=reached.get(klass.id, 0),
                    months=tuple(
                        MonthCoverage(key, size, contacts.get((klass.id, key), 0)) for key in keys
                    ),
                    home_visited=visited.get(klass.id, 0),
                    guardian_attended=attended.get(klass.id, 0),
                )
            )
        rows.append(self._total(rows, keys, activities, classes, in_children))
        return rows

    def _total(
        self,
        rows: list[ClassFigures],
        keys: list[str],
        activities: list[_Activity],
        classes: list[_Class],
        in_children: dict[str, set[str]],
    ) -> ClassFigures:
        if self.actor.role in ALL_CHILDREN_ROLES:
            counted = activities
        else:
            counted = [a for a in activities if any(_is_for(a, c, in_children) for c in classes)]
        children = sum(r.children for r in rows)
        return ClassFigures(
            class_id="",
            class_name=TOTAL,
            children=children,
            planned=len(counted),
            held=sum(1 for a in counted if a.status == vocab.ACTIVITY_HELD),
            reached=sum(r.reached for r in rows),
            months=tuple(
                MonthCoverage(key, children, sum(r.months[k].with_parent_contact for r in rows))
                for k, key in enumerate(keys)
            ),
            home_visited=sum(r.home_visited for r in rows),
            guardian_attended=sum(r.guardian_attended for r in rows),
        )

    # --- queries ---

    def _active(self) -> ColumnElement[bool]:
        return and_(
            Child.deleted.is_(False),
            Child.status == vocab.CHILD_ACTIVE,
            Child.class_id.is_not(None),
            ChildrenService.scope(self.actor),
        )

    def _grouped(self, query: Any) -> dict[str, int]:
        """class id -> count, for a ``select(Child.class_id, count)`` over the children."""
        query = query.where(self._active()).group_by(Child.class_id)
        return {cid: n for cid, n in self.session.execute(query)}

    def _terms(self) -> list[SchoolTerm]:
        """This school's term of the name (at a township, each school's); UserError if none."""
        query = select(SchoolTerm).where(
            SchoolTerm.name == self.term_name, SchoolTerm.deleted.is_(False)
        )
        school_id = installation_school_id(self.session)
        if school_id is not None:
            query = query.where(SchoolTerm.school_id == school_id)
        terms = list(self.session.scalars(query))
        if not terms:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "There is no term {name} in the school calendar: enter the term in the "
                    "school calendar (校历) first.",
                ),
                {"name": self.term_name},
            )
        return terms

    def _term_of_child(self) -> ColumnElement[bool]:
        """Join condition: the child's school's term of the name."""
        return and_(
            SchoolTerm.school_id == Child.school_id,
            SchoolTerm.name == self.term_name,
            SchoolTerm.deleted.is_(False),
        )

    def _classes(self) -> list[_Class]:
        """The classes listed (see the module docstring), by school, grade and name."""
        wanted = [SchoolClass.id.in_(select(Child.class_id).where(self._active()))]
        active = and_(SchoolClass.active.is_(True), SchoolClass.deleted.is_(False))
        if self.actor.role in ALL_CHILDREN_ROLES:
            wanted.append(active)
        elif self.actor.role == vocab.ROLE_CLASS_TEACHER and self.actor.teacher_id:
            wanted.append(and_(active, SchoolClass.class_teacher_id == self.actor.teacher_id))
        query = (
            select(SchoolClass.id, SchoolClass.school_id, SchoolClass.grade, SchoolClass.name)
            .where(SchoolClass.deleted.is_(False), or_(*wanted))
            .order_by(SchoolClass.school_id, SchoolClass.grade, SchoolClass.name)
        )
        found = [_Class(*row) for row in self.session.execute(query)]
        found.sort(key=lambda c: (c.school_id, c.grade, _natural(c.name)))
        return found

    def _activities(self, term_ids: list[str]) -> list[_Activity]:
        """The terms' activities neither cancelled nor deleted."""
        query = select(
            Activity.id, Activity.school_id, Activity.status, Activity.target_kind, Activity.target
        ).where(
            Activity.term_id.in_(term_ids),
            Activity.deleted.is_(False),
            Activity.status != vocab.ACTIVITY_CANCELLED,
        )
        return [
            _Activity(aid, school_id, status, kind, frozenset(str(t) for t in (target or ())))
            for aid, school_id, status, kind, target in self.session.execute(query)
        ]

    def _targeted_children(self, activities: list[_Activity]) -> dict[str, set[str]]:
        """class id -> ids of its children some "children" activity names."""
        named = sorted({cid for a in activities if a.target_kind == "children" for cid in a.target})
        found: dict[str, set[str]] = {}
        for part in chunks(named):
            query = select(Child.class_id, Child.id).where(self._active(), Child.id.in_(part))
            for class_id, child_id in self.session.execute(query):
                found.setdefault(class_id, set()).add(child_id)
        return found

    def _attended(self, term_ids: list[str], *conditions: ColumnElement[bool]) -> Any:
        """Per class, children with an attendance row meeting ``conditions`` at a held
        activity of the terms."""
        return (
            select(Child.class_id, func.count(func.distinct(Child.id)))
            .join(ActivityAttendance, ActivityAttendance.child_id == Child.id)
            .join(Activity, Activity.id == ActivityAttendance.activity_id)
            .where(
                ActivityAttendance.deleted.is_(False),
                Activity.deleted.is_(False),
                Activity.status == vocab.ACTIVITY_HELD,
                Activity.term_id.in_(term_ids),
                *conditions,
            )
        )

    def _visited(self) -> Any:
        """Per class, children with a home visit dated within their school's term."""
        return (
            select(Child.class_id, func.count(func.distinct(Child.id)))
            .join(HomeVisit, HomeVisit.child_id == Child.id)
            .join(SchoolTerm, self._term_of_child())
            .where(
                HomeVisit.deleted.is_(False),
                HomeVisit.visited_on.between(SchoolTerm.starts_on, SchoolTerm.ends_on),
            )
        )

    def _contacts(self, months: list[date]) -> dict[tuple[str, str], int]:
        """(class id, ``YYYY-MM``) -> children with a parent contact that month."""
        if not months:
            return {}
        month = func.strftime("%Y-%m", FamilyContact.on)
        query = (
            select(Child.class_id, month, func.count(func.distinct(Child.id)))
            .join(FamilyContact, FamilyContact.child_id == Child.id)
            .where(
                self._active(),
                FamilyContact.deleted.is_(False),
                FamilyContact.relation.in_(vocab.PARENT_RELATIONS),
                FamilyContact.on >= months[0],
                FamilyContact.on < add_months(months[-1], 1),
            )
            .group_by(Child.class_id, month)
        )
        return {(cid, key): n for cid, key, n in self.session.execute(query)}

    def _school_names(self) -> dict[str, str]:
        """School id -> its name and a space (at a township, in front of class names)."""
        return {
            sid: f"{name} " for sid, name in self.session.execute(select(School.id, School.name))
        }


def _is_for(activity: _Activity, klass: _Class, in_children: dict[str, set[str]]) -> bool:
    """Whether ``activity`` is for ``klass`` (see the module docstring)."""
    if activity.school_id != klass.school_id:
        return False
    if activity.target_kind == vocab.ACTIVITY_TARGET_SCHOOL:
        return True
    if activity.target_kind == "grades":
        return str(klass.grade) in activity.target
    if activity.target_kind == "classes":
        return klass.id in activity.target
    if activity.target_kind == "children":
        return not activity.target.isdisjoint(in_children.get(klass.id, ()))
    return False


def _natural(text: str) -> tuple[Any, ...]:
    """A sort key putting 一年级2班 before 一年级10班."""
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(text))

"""A new school year: every class moves up a grade, the top grade graduates, the re-survey opens.

:meth:`SchoolYearService.preview` plans it and writes nothing; :meth:`SchoolYearService.run`
backs the database up, then does everything in one transaction:

* each active class below the top grade keeps its row (children, class teacher and history
  stay attached) and is renamed one grade up: 一年级1班 (grade 1) becomes 二年级1班 (grade 2);
* each active class of the top grade graduates: its active children get the status
  "graduated" (with a status-history row each) and the class is set inactive and renamed
  with its cohort, 六年级1班 → 六年级1班（2026届）, so the name is free for the class
  moving up and the archive still says which class the children left from;
* an inactive class whose name a promoted class needs (a class closed years ago) is
  renamed out of the way with the year it was last changed, 二年级1班 → 二年级1班（2024年停用）.
  It is renamed, not merged: its children and history belong to other pupils, and moving
  them into this year's class would mix two cohorts in one class;
* the re-survey starts: :data:`~.resurvey.RESURVEY_STARTED_ON` holds the day, and
  :meth:`SchoolYearService.resurvey` lists the active children whose record was not
  confirmed since then (the checklist itself is :mod:`.resurvey`).

A second start less than :data:`MIN_DAYS_BETWEEN` days after the last one is refused
(a double click, or the same button pressed again next week) unless forced.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from liushou_desktop.db.backup import backup_database
from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Child,
    ChildStatusChange,
    SchoolClass,
)
from liushou_desktop.db.sync_meta import Now, insert_synced, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.installation import require_school_id
from liushou_desktop.domain.names import GRADE_NAMES, canonical_class_name
from liushou_desktop.domain.permissions import START_SCHOOL_YEAR, Actor
from liushou_desktop.domain.resurvey import MISSING_LABELS as MISSING_LABELS  # re-exported
from liushou_desktop.domain.resurvey import RESURVEY_STARTED_ON as RESURVEY_STARTED_ON
from liushou_desktop.domain.resurvey import (
    ResurveyCounts,
    ResurveyRow,
    ResurveyService,
    set_started_on,
    started_on,
)
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

MIN_DAYS_BETWEEN = 300
AUDIT_ACTION = "school_year_started"
BACKUP_REASON = "before-school-year"
GRADUATED = "graduated"
GRADUATION_NOTE = "新学年毕业"
TOP_GRADE_CHOICES = (6, 9, 12)

# --- what the service hands out ------------------------------------------------------------


# What a school-only action says at a township.
_AT_TOWNSHIP = QT_TRANSLATE_NOOP(
    "UserError",
    "A new school year can only be started at a school, not at a township: "
    "start it on the school's computer.",
)


@dataclass(frozen=True)
class ClassMove:
    """One active class in the new school year: promoted, or graduating (then inactive)."""

    class_id: str
    old_name: str
    old_grade: int
    new_name: str  # a graduating class: its archive name, 六年级1班（2026届）
    new_grade: int  # a graduating class keeps its grade
    children: int  # active children in the class
    graduates: bool


@dataclass(frozen=True)
class ClassRename:
    """A class renamed without moving: an inactive class in the way, or one left as it is."""

    class_id: str
    old_name: str
    new_name: str


@dataclass(frozen=True)
class ChildLine:
    """A child named in the plan: graduating, or left where they are."""

    child_id: str
    name: str
    class_name: str


@dataclass(frozen=True)
class SchoolYearPlan:
    """What starting the school year on ``on`` would do (nothing is written by a plan).

    ``unreadable`` are active classes whose name does not say the class number
    (e.g. 特教班): they are left as they are; rename them like 一年级1班 first.
    ``without_class`` are active children with no class, or in an inactive class: left as
    they are. ``last_started_on`` is when the previous school year was started, if ever.
    """

    on: date
    top_grade: int
    promoted: tuple[ClassMove, ...]
    graduating: tuple[ClassMove, ...]
    graduates: tuple[ChildLine, ...]
    without_class: tuple[ChildLine, ...]
    moved_aside: tuple[ClassRename, ...]
    unreadable: tuple[ClassRename, ...]
    last_started_on: date | None

    @property
    def promoted_children(self) -> int:
        return sum(move.children for move in self.promoted)

    def counts(self) -> dict[str, int]:
        """The plan's numbers (the audit entry and the CLI print them)."""
        return {
            "classes_promoted": len(self.promoted),
            "children_promoted": self.promoted_children,
            "classes_graduated": len(self.graduating),
            "children_graduated": len(self.graduates),
            "children_without_class": len(self.without_class),
            "classes_moved_aside": len(self.moved_aside),
            "classes_not_promoted": len(self.unreadable),
        }

    def to_json(self) -> dict[str, Any]:
        """The plan as plain JSON-ready values."""
        return {
            "on": self.on.isoformat(),
            "top_grade": self.top_grade,
            **self.counts(),
            "promoted": [[m.old_name, m.new_name, m.children] for m in self.promoted],
            "graduating": [[m.old_name, m.new_name, m.children] for m in self.graduating],
            "moved_aside": [[r.old_name, r.new_name] for r in self.moved_aside],
            "not_promoted": [r.old_name for r in self.unreadable],
            "without_class": [[c.name, c.class_name] for c in self.without_class],
        }


@dataclass(frozen=True)
class SchoolYearResult:
    """What :meth:`SchoolYearService.run` did: the plan it carried out and the backup."""

    plan: SchoolYearPlan
    backup: str  # the backup file's path


def suggested_top_grade(highest_grade: int | None) -> int:
    """The top grade a school most likely has: 6 (primary), 9 (九年一贯制) or 12."""
    if highest_grade is None or highest_grade <= 6:
        return 6
    return 9 if highest_grade <= 9 else 12


# --- the service ----------------------------------------------------------------------------


class SchoolYearService:
    """Starts a new school year at this school and keeps the re-survey checklist."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def suggested_top_grade(self, actor: Actor) -> int:
        """The top grade the dialog offers first, from the highest active class."""
        enforce(self._db, actor, START_SCHOOL_YEAR, self._now)
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            highest = session.scalar(
                select(func.max(SchoolClass.grade)).where(*_active_classes(school_id))
            )
        return suggested_top_grade(highest)

    def last_started_on(self) -> date | None:
        """The day the last school year (and its re-survey) was started, if ever."""
        with self._db.session_scope("system") as session:
            return started_on(session)

    def preview(self, actor: Actor, on: date, top_grade: int | None = None) -> SchoolYearPlan:
        """What :meth:`run` would do on ``on``; ``top_grade`` defaults to the suggested one."""
        enforce(self._db, actor, START_SCHOOL_YEAR, self._now)
        with self._db.session_scope(actor.username) as session:
            return _plan(session, on, top_grade)

    def run(
        self, actor: Actor, on: date, top_grade: int | None = None, *, force: bool = False
    ) -> SchoolYearResult:
        """Start the school year: a backup first, then every change in one transaction."""
        enforce(self._db, actor, START_SCHOOL_YEAR, self._now)
        with self._db.session_scope(actor.username) as session:
            if not force:
                _refuse_if_recent(session, on)
            _plan(session, on, top_grade)  # refuse before the backup if it cannot run
        now = self._now()
        data_dir = self._db.data_dir
        backup = backup_database(data_dir.database, data_dir.backups, BACKUP_REASON, now)
        with self._db.session_scope(actor.username) as session:
            if not force:
                _refuse_if_recent(session, on)
            plan = _plan(session, on, top_grade)
            _carry_out(session, plan, now)
            set_started_on(session, on)
            audit.append(
                session,
                actor=actor.username,
                action=AUDIT_ACTION,
                now=now,
                object_type="school",
                object_id=on.isoformat(),
                detail={"on": on.isoformat(), "top_grade": plan.top_grade, "forced": force}
                | plan.counts(),
            )
        return SchoolYearResult(plan=plan, backup=str(backup))

    # --- the re-survey (see :mod:`.resurvey`) ------------------------------------------

    def resurvey(self, actor: Actor) -> list[ResurveyRow]:
        """Active children in the actor's scope whose record awaits confirming, by class."""
        return ResurveyService(self._db, self._now).rows(actor)

    def resurvey_counts(self, actor: Actor) -> ResurveyCounts:
        """How many active children (in scope) still need confirming, and how many are done."""
        return ResurveyService(self._db, self._now).counts(actor)


# --- planning -------------------------------------------------------------------------------


def _active_classes(school_id: str) -> tuple[ColumnElement[bool], ...]:
    return (
        SchoolClass.school_id == school_id,
        SchoolClass.active.is_(True),
        SchoolClass.deleted.is_(False),
    )


def _refuse_if_recent(session: Session, on: date) -> None:
    last = started_on(session)
    if last is not None and abs((on - last).days) < MIN_DAYS_BETWEEN:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "A new school year was already started on {date}: starting another one now "
                "would move every class up a second time. If the first start was a mistake, "
                "restore the backup made just before it (Settings, Backup and restore).",
            ),
            {"date": last.isoformat()},
        )


def _check_top_grade(top_grade: int, highest: int | None) -> None:
    if top_grade not in TOP_GRADE_CHOICES:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The top grade {grade} is not possible: choose 6 for a primary school, 9 for a "
                "nine-year school (九年一贯制) or 12.",
            ),
            {"grade": top_grade},
        )
    if highest is not None and highest > top_grade:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The school has classes in grade {highest}, above the top grade {grade}: "
                "choose a top grade of at least {highest}.",
            ),
            {"highest": highest, "grade": top_grade},
        )


def _plan(session: Session, on: date, top_grade: int | None) -> SchoolYearPlan:
    """Everything starting the school year on ``on`` would do; reads only."""
    school_id = require_school_id(session, _AT_TOWNSHIP)
    classes = list(
        session.scalars(
            select(SchoolClass).where(*_active_classes(school_id)).order_by(SchoolClass.grade)
        )
    )
    highest = max((c.grade for c in classes), default=None)
    top = suggested_top_grade(highest) if top_grade is None else top_grade
    _check_top_grade(top, highest)
    sizes = dict(
        session.execute(
            select(Child.class_id, func.count())
            .where(Child.status == vocab.CHILD_ACTIVE, Child.deleted.is_(False))
            .group_by(Child.class_id)
        ).all()
    )
    taken = {
        name: class_id
        for class_id, name in session.execute(
            select(SchoolClass.id, SchoolClass.name).where(SchoolClass.school_id == school_id)
        )
    }
    promoted, graduating, unreadable = _moves(classes, top, sizes, on)
    _refuse_double_targets(promoted)
    moving = {m.class_id for m in (*promoted, *graduating)}
    moved_aside = _move_aside(session, promoted, taken, moving, on)
    graduating = _archive_names(graduating, taken, moving, moved_aside)
    return SchoolYearPlan(
        on=on,
        top_grade=top,
        promoted=tuple(promoted),
        graduating=tuple(graduating),
        graduates=tuple(_graduates(session, [m.class_id for m in graduating])),
        without_class=tuple(_without_class(session, school_id)),
        moved_aside=tuple(moved_aside),
        unreadable=tuple(unreadable),
        last_started_on=started_on(session),
    )


def _moves(
    classes: list[SchoolClass], top: int, sizes: dict[str | None, int], on: date
) -> tuple[list[ClassMove], list[ClassMove], list[ClassRename]]:
    """(promoted, graduating, unreadable) for the active classes."""
    promoted, graduating, unreadable = [], [], []
    for klass in classes:
        children = sizes.get(klass.id, 0)
        if klass.grade >= top:
            archive = f"{klass.name}（{on.year}届）"
            graduating.append(
                ClassMove(klass.id, klass.name, klass.grade, archive, klass.grade, children, True)
            )
            continue
        try:
            number = canonical_class_name(klass.name, default_grade=klass.grade).number
        except UserError:
            unreadable.append(ClassRename(klass.id, klass.name, klass.name))
            continue
        new_grade = klass.grade + 1
        new_name = f"{GRADE_NAMES[new_grade]}{number}班"
        promoted.append(
            ClassMove(klass.id, klass.name, klass.grade, new_name, new_grade, children, False)
        )
    return promoted, graduating, unreadable


def _refuse_double_targets(promoted: list[ClassMove]) -> None:
    """Two classes written differently for the same class (一(1)班 and 一年级1班) collide."""
    counts = Counter(m.new_name for m in promoted)
    for move in promoted:
        if counts[move.new_name] > 1:
            twins = [m.old_name for m in promoted if m.new_name == move.new_name]
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "The classes {classes} are the same class written differently, so both "
                    "would become {name}: move the children of one into the other first.",
                ),
                {"classes": "、".join(twins), "name": move.new_name},
            )


def _free_name(base: str, used: set[str]) -> str:
    """``base``, or ``base`` with -2, -3... if that name is used."""
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    return name


def _move_aside(
    session: Session,
    promoted: list[ClassMove],
    taken: dict[str, str],
    moving: set[str],
    on: date,
) -> list[ClassRename]:
    """Renames for the classes that are not moving but hold a name a promoted class needs."""
    blockers = [
        taken[m.new_name]
        for m in promoted
        if m.new_name in taken and taken[m.new_name] not in moving
    ]
    if not blockers:
        return []
    used = set(taken) | {m.new_name for m in promoted}
    renames = []
    for klass in session.scalars(select(SchoolClass).where(SchoolClass.id.in_(blockers))):
        year = klass.updated_at.year if klass.updated_at else on.year
        new_name = _free_name(f"{klass.name}（{year}年停用）", used)
        used.add(new_name)
        renames.append(ClassRename(klass.id, klass.name, new_name))
    return sorted(renames, key=lambda r: r.old_name)


def _archive_names(
    graduating: list[ClassMove],
    taken: dict[str, str],
    moving: set[str],
    moved_aside: list[ClassRename],
) -> list[ClassMove]:
    """Graduating classes with an archive name no other class holds."""
    used = {name for name, class_id in taken.items() if class_id not in moving}
    used |= {r.new_name for r in moved_aside}
    result = []
    for move in graduating:
        name = _free_name(move.new_name, used)
        used.add(name)
        result.append(replace(move, new_name=name))
    return result


def _graduates(session: Session, class_ids: list[str]) -> list[ChildLine]:
    if not class_ids:
        return []
    rows = session.execute(
        select(Child.id, Child.name, SchoolClass.name)
        .join(SchoolClass, Child.class_id == SchoolClass.id)
        .where(
            Child.class_id.in_(class_ids),
            Child.status == vocab.CHILD_ACTIVE,
            Child.deleted.is_(False),
        )
        .order_by(SchoolClass.name, Child.name_pinyin)
    )
    return [ChildLine(r[0], r[1], r[2]) for r in rows]


def _without_class(session: Session, school_id: str) -> list[ChildLine]:
    """Active children with no class, or in a class that is no longer active."""
    rows = session.execute(
        select(Child.id, Child.name, SchoolClass.name)
        .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
        .where(
            Child.school_id == school_id,
            Child.status == vocab.CHILD_ACTIVE,
            Child.deleted.is_(False),
            SchoolClass.id.is_(None)
            | SchoolClass.active.is_(False)
            | SchoolClass.deleted.is_(True),
        )
        .order_by(Child.name_pinyin)
    )
    return [ChildLine(r[0], r[1], r[2] or "") for r in rows]


# --- carrying it out ------------------------------------------------------------------------


def _carry_out(session: Session, plan: SchoolYearPlan, now: datetime) -> None:
    """Rename and promote the classes, graduate the top grade (in the caller's transaction)."""
    renames = {r.class_id: r.new_name for r in plan.moved_aside}
    renames.update({m.class_id: m.new_name for m in (*plan.promoted, *plan.graduating)})
    classes = {
        c.id: c
        for c in session.scalars(select(SchoolClass).where(SchoolClass.id.in_(list(renames))))
    }
    # Names are unique per school and SQLite checks that row by row, so every renamed
    # class first takes a temporary name nobody else can hold, then its new one.
    for class_id, klass in classes.items():
        klass.name = f"~{class_id}"
    session.flush()
    for class_id, klass in classes.items():
        klass.name = renames[class_id]
    for move in plan.promoted:
        classes[move.class_id].grade = move.new_grade
    for move in plan.graduating:
        classes[move.class_id].active = False
    session.flush()
    _graduate(session, [c.child_id for c in plan.graduates], plan.on, now)


def _graduate(session: Session, child_ids: list[str], on: date, now: datetime) -> None:
    """Set the children's status to graduated, with one status-history row each."""
    history = []
    for chunk in chunks(child_ids):
        for child in session.scalars(select(Child).where(Child.id.in_(chunk))):
            history.append(
                {
                    "child_id": child.id,
                    "changed_on": on,
                    "previous_status": child.status,
                    "status": GRADUATED,
                    "note": GRADUATION_NOTE,
                }
            )
            child.status = GRADUATED
            child.status_date = on
    session.flush()
    insert_synced(session, ChildStatusChange, history, now)

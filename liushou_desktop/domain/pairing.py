"""结对帮扶: a mentor teacher (帮扶教师 / 代理家长) for every child, and a study buddy (学习帮手).

``Child.mentor_id`` is the child's current mentor; every pairing is also a
:class:`~liushou_desktop.db.models.MentorAssignment` row, so reassigning keeps the history:
the open row (``ends_on`` None) is closed on the day of the change and a new one opened.

Writes (:data:`~.permissions.MANAGE_PAIRING`, the administrator) are one transaction each,
written with SQLAlchemy Core in bulk (a thousand children in one action), stamped with the
sync clock and audited: one ``mentor_assigned`` entry per child whose mentor changed
(object: the child), except a hand-over, which is one ``mentors_handed_over`` entry with
the count (object: the teacher who leaves). Reads (the teachers, the workload, a child's
history) need :data:`~.permissions.VIEW_TALK_STATUS` (every role); the workload counts
only the children the actor may see, and phones are masked unless the role may see them.

:func:`~liushou_desktop.domain.pairing_plan.plan_even` is the "assign evenly" rule on its
own, without a database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Child,
    MentorAssignment,
    SchoolClass,
    Teacher,
    UserAccount,
)
from liushou_desktop.db.sync_meta import Now, insert_synced, local_date, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.installation import require_school_id
from liushou_desktop.domain.names import normalize_person_name
from liushou_desktop.domain.pairing_plan import Pupil, plan_even
from liushou_desktop.domain.permissions import (
    MANAGE_PAIRING,
    SEE_PHONES,
    VIEW_TALK_STATUS,
    Actor,
    allowed,
)
from liushou_desktop.domain.phones import mask_phone, normalize_phone
from liushou_desktop.domain.pinyin import name_pinyin
from liushou_desktop.domain.roster_write import update_rows
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

AUDIT_ASSIGNED = "mentor_assigned"
AUDIT_HANDED_OVER = "mentors_handed_over"
AUDIT_BUDDY = "study_buddy_set"
AUDIT_TEACHER_ADDED = "teacher_added"


# --- what the service hands out ------------------------------------------------------------


# What a school-only action says at a township.
_AT_TOWNSHIP = QT_TRANSLATE_NOOP(
    "UserError",
    "Mentors are paired with children at the school: do it on the school's computer.",
)


@dataclass(frozen=True)
class TeacherView:
    """A teacher of the school: ``has_account`` when an enabled user account is linked to
    them (else staff who do not sign in); ``classes`` the active classes they are class
    teacher of, by grade and name; ``phone`` masked unless the role may see phones."""

    teacher_id: str
    name: str
    name_pinyin: str
    phone: str
    has_account: bool
    classes: list[str]


@dataclass(frozen=True)
class MentorLoad:
    """A mentor's load: the active children (that the viewer may see) they mentor, and the
    classes those children are in, by grade and name."""

    teacher_id: str
    name: str
    children: int
    classes: list[str]


@dataclass(frozen=True)
class AssignmentView:
    """One period of a child's pairing: ``ends_on`` None while it lasts."""

    teacher_id: str
    teacher_name: str
    starts_on: date
    ends_on: date | None
    note: str


# --- looking things up -------------------------------------------------------------------------


def _teacher(session: Session, school_id: str, teacher_id: str, *, active: bool = True) -> Teacher:
    teacher = session.get(Teacher, teacher_id)
    if (
        teacher is None
        or teacher.deleted
        or teacher.school_id != school_id
        or (active and not teacher.active)
    ):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "This teacher is not (or no longer) a teacher of the school: choose another "
                "one from the list.",
            )
        )
    return teacher


def _names(session: Session) -> dict[str, str]:
    """teacher id -> name, of every teacher (a school has a few dozen)."""
    return {row[0]: row[1] for row in session.execute(select(Teacher.id, Teacher.name))}


def _current(
    session: Session, actor: Actor, school_id: str, *where: ColumnElement[bool]
) -> dict[str, str | None]:
    """child id -> current mentor id of the active children (open to the actor) matching."""
    query = select(Child.id, Child.mentor_id).where(*_active_children(actor, school_id), *where)
    return {row[0]: row[1] for row in session.execute(query)}


def _teachers_of(school_id: str) -> tuple[ColumnElement[bool], ...]:
    return (Teacher.school_id == school_id, Teacher.deleted.is_(False))


def _classes_of(school_id: str) -> tuple[ColumnElement[bool], ...]:
    return (
        SchoolClass.school_id == school_id,
        SchoolClass.active.is_(True),
        SchoolClass.deleted.is_(False),
    )


def _children(
    session: Session, actor: Actor, school_id: str, child_ids: Sequence[str]
) -> dict[str, str | None]:
    """child id -> current mentor id of the children given, which must all be the school's,
    not removed and open to the actor; UserError otherwise."""
    wanted = list(dict.fromkeys(child_ids))
    found: dict[str, str | None] = {}
    for chunk in chunks(wanted):
        query = select(Child.id, Child.mentor_id).where(
            Child.id.in_(chunk),
            Child.school_id == school_id,
            Child.deleted.is_(False),
            ChildrenService.scope(actor),
        )
        found.update((row[0], row[1]) for row in session.execute(query))
    if len(found) != len(wanted):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "{count} of the children chosen were not found (removed, or not open to your "
                "account): refresh the list and choose again.",
            ),
            {"count": len(wanted) - len(found)},
        )
    return found


def _active_children(actor: Actor | None, school_id: str) -> tuple[ColumnElement[bool], ...]:
    """The school's active children (that ``actor`` may see: None for all)."""
    scope = ChildrenService.scope(actor) if actor else true()
    return (
        Child.school_id == school_id,
        Child.status == vocab.CHILD_ACTIVE,
        Child.deleted.is_(False),
        scope,
    )


def _reassign(
    session: Session,
    actor: Actor,
    moves: Mapping[str, tuple[str | None, str]],
    on: date,
    now: datetime,
    *,
    via: str,
    audit_each: bool = True,
) -> None:
    """Give each child (id -> (old mentor, new mentor)) its new mentor: close its open
    pairing on ``on``, open a new one, set ``Child.mentor_id``; in bulk, in the caller's
    transaction. ``audit_each``: one ``mentor_assigned`` entry per child."""
    if not moves:
        return
    open_rows: list[str] = []
    for chunk in chunks(list(moves)):
        open_rows.extend(
            session.scalars(
                select(MentorAssignment.id).where(
                    MentorAssignment.child_id.in_(chunk),
                    MentorAssignment.ends_on.is_(None),
                    MentorAssignment.deleted.is_(False),
                )
            )
        )
    update_rows(session, MentorAssignment.__table__, {i: {"ends_on": on} for i in open_rows}, now)
    insert_synced(
        session,
        MentorAssignment,
        [
            {"child_id": c, "teacher_id": new, "starts_on": on, "ends_on": None, "note": ""}
            for c, (_old, new) in moves.items()
        ],
        now,
    )
    update_rows(
        session, Child.__table__, {c: {"mentor_id": new} for c, (_old, new) in moves.items()}, now
    )
    if not audit_each:
        return
    names = _names(session)
    entries = [
        (child, {"from": names.get(old or "", ""), "to": names[new], "to_id": new, "via": via})
        for child, (old, new) in moves.items()
    ]
    audit.append_many(
        session,
        actor=actor.username,
        action=AUDIT_ASSIGNED,
        now=now,
        object_type="child",
        entries=entries,
    )


# --- the service -------------------------------------------------------------------------------


class PairingService:
    """Pairs the school's children with mentor teachers and study buddies."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    # --- reads ---------------------------------------------------------------------------

    def teachers(self, actor: Actor) -> list[TeacherView]:
        """Every active teacher of the school, by pinyin: users and staff who are not."""
        enforce(self._db, actor, VIEW_TALK_STATUS, self._now)
        see_phones = allowed(actor, SEE_PHONES)
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            with_account = set(
                session.scalars(
                    select(UserAccount.teacher_id).where(
                        UserAccount.teacher_id.is_not(None), UserAccount.disabled.is_(False)
                    )
                )
            )
            classes: dict[str, list[str]] = {}
            for teacher_id, name in session.execute(
                select(SchoolClass.class_teacher_id, SchoolClass.name)
                .where(*_classes_of(school_id), SchoolClass.class_teacher_id.is_not(None))
                .order_by(SchoolClass.grade, SchoolClass.name)
            ):
                classes.setdefault(teacher_id, []).append(name)
            teachers = session.execute(
                select(Teacher.id, Teacher.name, Teacher.name_pinyin, Teacher.phone)
                .where(*_teachers_of(school_id), Teacher.active.is_(True))
                .order_by(Teacher.name_pinyin, Teacher.name)
            ).all()
        return [
            TeacherView(
                t.id,
                t.name,
                t.name_pinyin,
                t.phone if see_phones else mask_phone(t.phone),
                t.id in with_account,
                classes.get(t.id, []),
            )
            for t in teachers
        ]

    def workload(self, actor: Actor) -> list[MentorLoad]:
        """Children per mentor: every active teacher (0 included) and any other teacher who
        still mentors a child, with the active children the actor may see; busiest first."""
        enforce(self._db, actor, VIEW_TALK_STATUS, self._now)
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            counts: Counter[str] = Counter()
            classes: dict[str, list[str]] = {}
            for mentor_id, class_name, count in session.execute(
                select(Child.mentor_id, SchoolClass.name, func.count())
                .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
                .where(*_active_children(actor, school_id), Child.mentor_id.is_not(None))
                .group_by(Child.mentor_id, SchoolClass.grade, SchoolClass.name)
                .order_by(SchoolClass.grade, SchoolClass.name)
            ):
                counts[mentor_id] += count
                if class_name:
                    classes.setdefault(mentor_id, []).append(class_name)
            teachers = session.execute(
                select(Teacher.id, Teacher.name, Teacher.name_pinyin).where(
                    *_teachers_of(school_id),
                    Teacher.active.is_(True) | Teacher.id.in_(list(counts)),
                )
            ).all()
        teachers = sorted(teachers, key=lambda t: (-counts[t.id], t.name_pinyin, t.name))
        return [MentorLoad(t.id, t.name, counts[t.id], classes.get(t.id, [])) for t in teachers]

    def without_mentor(self, actor: Actor) -> int:
        """How many active children (that the actor may see) have no mentor yet."""
        enforce(self._db, actor, VIEW_TALK_STATUS, self._now)
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            query = select(func.count()).where(
                *_active_children(actor, school_id), Child.mentor_id.is_(None)
            )
            return session.scalar(query) or 0

    def history(self, actor: Actor, child_id: str) -> list[AssignmentView]:
        """The child's pairings, the newest first (the current one has ``ends_on`` None)."""
        enforce(self._db, actor, VIEW_TALK_STATUS, self._now)
        with self._db.session_scope(actor.username) as session:
            _children(session, actor, require_school_id(session, _AT_TOWNSHIP), [child_id])
            rows = session.execute(
                select(MentorAssignment, Teacher.name)
                .join(Teacher, MentorAssignment.teacher_id == Teacher.id)
                .where(MentorAssignment.child_id == child_id, MentorAssignment.deleted.is_(False))
                .order_by(MentorAssignment.starts_on.desc(), MentorAssignment.clock.desc())
            ).all()
            return [
                AssignmentView(a.teacher_id, name, a.starts_on, a.ends_on, a.note)
                for a, name in rows
            ]

    # --- writes --------------------------------------------------------------------------

    def add_teacher(self, actor: Actor, name: str, phone: str = "") -> str:
        """Add a member of staff who does not sign in (so they can mentor); their id."""
        enforce(self._db, actor, MANAGE_PAIRING, self._now)
        name = normalize_person_name(name)
        phone = normalize_phone(phone)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            taken = session.scalar(
                select(Teacher.id).where(
                    *_teachers_of(school_id), Teacher.name == name, Teacher.active.is_(True)
                )
            )
            if taken is not None:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "There is already a teacher called “{name}”: if this is another person, "
                        "add something to tell them apart, e.g. {name}（数学）.",
                    ),
                    {"name": name},
                )
            teacher = Teacher(
                school_id=school_id, name=name, name_pinyin=name_pinyin(name)[0], phone=phone
            )
            session.add(teacher)
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action=AUDIT_TEACHER_ADDED,
                now=now,
                object_type="teacher",
                object_id=teacher.id,
                detail={"name": name},
            )
            return teacher.id

    def assign(
        self, actor: Actor, child_ids: list[str], teacher_id: str, on: date | None = None
    ) -> int:
        """Make ``teacher_id`` the mentor of the children given from ``on`` (default today);
        how many changed (a child who already has this mentor is left as it is)."""
        return self._assign(
            actor,
            teacher_id,
            on,
            "assign",
            lambda s, school: _children(s, actor, school, child_ids),
        )

    def assign_class(self, actor: Actor, class_id: str, teacher_id: str) -> int:
        """Make ``teacher_id`` the mentor of every active child of the class; how many changed."""
        return self._assign(
            actor,
            teacher_id,
            None,
            "class",
            lambda s, school: _current(s, actor, school, Child.class_id == class_id),
        )

    def _assign(
        self,
        actor: Actor,
        teacher_id: str,
        on: date | None,
        via: str,
        children: Callable[[Session, str], dict[str, str | None]],
    ) -> int:
        enforce(self._db, actor, MANAGE_PAIRING, self._now)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            _teacher(session, school_id, teacher_id)
            current = children(session, school_id)
            moves = {c: (old, teacher_id) for c, old in current.items() if old != teacher_id}
            _reassign(session, actor, moves, on or local_date(now), now, via=via)
        return len(moves)

    def assign_evenly(
        self, actor: Actor, teacher_ids: list[str], child_ids: list[str] | None = None
    ) -> dict[str, int]:
        """Share the children (default: every active child the actor may see) among the
        mentors given so that their counts differ by at most one, keeping as many current
        pairs as possible (see :func:`plan_even`); mentor id -> how many of these children
        they mentor afterwards."""
        enforce(self._db, actor, MANAGE_PAIRING, self._now)
        if not teacher_ids:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError", "Choose at least one mentor to share the children among."
                )
            )
        mentors = list(dict.fromkeys(teacher_ids))
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            for teacher_id in mentors:
                _teacher(session, school_id, teacher_id)
            query = (
                select(Child.id, Child.class_id, Child.mentor_id)
                .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
                .order_by(SchoolClass.grade, SchoolClass.name, Child.name_pinyin, Child.id)
            )
            if child_ids is None:
                rows = session.execute(query.where(*_active_children(actor, school_id)))
                pupils = [Pupil(*row) for row in rows]
            else:
                wanted = _children(session, actor, school_id, child_ids)
                rows = session.execute(query.where(Child.school_id == school_id))
                pupils = [Pupil(*row) for row in rows if row[0] in wanted]
            own: dict[str, list[str]] = {}
            for class_id, teacher_id in session.execute(
                select(SchoolClass.id, SchoolClass.class_teacher_id)
                .where(*_classes_of(school_id), SchoolClass.class_teacher_id.in_(mentors))
                .order_by(SchoolClass.grade, SchoolClass.name)
            ):
                own.setdefault(teacher_id, []).append(class_id)
            plan = plan_even(mentors, pupils, own)
            moves = {
                p.child_id: (p.mentor_id, plan[p.child_id])
                for p in pupils
                if plan[p.child_id] != p.mentor_id
            }
            _reassign(session, actor, moves, local_date(now), now, via="even")
        loads = Counter(plan.values())
        return {t: loads[t] for t in mentors}

    def hand_over(self, actor: Actor, from_teacher: str, to_teacher: str) -> int:
        """Give every active child of ``from_teacher`` (a mentor who leaves) to
        ``to_teacher`` in one action and one audit entry; how many children moved."""
        enforce(self._db, actor, MANAGE_PAIRING, self._now)
        if from_teacher == to_teacher:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "The children would be handed over to the same teacher: choose another "
                    "teacher to take them.",
                )
            )
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            leaving = _teacher(session, school_id, from_teacher, active=False)
            taking = _teacher(session, school_id, to_teacher)
            child_ids = _current(session, actor, school_id, Child.mentor_id == from_teacher)
            moves = {c: (from_teacher, to_teacher) for c in child_ids}
            _reassign(
                session, actor, moves, local_date(now), now, via="hand_over", audit_each=False
            )
            audit.append(
                session,
                actor=actor.username,
                action=AUDIT_HANDED_OVER,
                now=now,
                object_type="teacher",
                object_id=from_teacher,
                detail={"from": leaving.name, "to": taking.name, "children": len(moves)},
            )
        return len(moves)

    def set_study_buddy(self, actor: Actor, child_id: str, buddy_id: str | None) -> None:
        """Give the child a study buddy (学习帮手): another active pupil of the school; None
        takes the buddy away."""
        enforce(self._db, actor, MANAGE_PAIRING, self._now)
        if buddy_id == child_id:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "A child cannot be their own study buddy: choose another pupil.",
                )
            )
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, _AT_TOWNSHIP)
            _children(session, actor, school_id, [child_id])
            child = session.get_one(Child, child_id)
            if buddy_id is not None:
                buddy = select(Child.id).where(
                    Child.id == buddy_id, *_active_children(None, school_id)
                )
                if session.scalar(buddy) is None:
                    raise UserError(
                        QT_TRANSLATE_NOOP(
                            "UserError",
                            "The study buddy must be another pupil of this school who is still "
                            "at school: choose one from the list.",
                        )
                    )
            if child.study_buddy_id == buddy_id:
                return
            old = child.study_buddy_id
            child.study_buddy_id = buddy_id
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action=AUDIT_BUDDY,
                now=now,
                object_type="child",
                object_id=child_id,
                detail={"previous_id": old, "buddy_id": buddy_id},
            )

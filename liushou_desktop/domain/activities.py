"""The term plan (行事历): activities, their records and who took part.

:class:`ActivityService` lists a term's activities (everyone may see the plan), adds,
changes, cancels and deletes them (the administrator; a class teacher for their own
classes), records a held activity and its attendance (children within the actor's
scope), and plans a term from a template (:mod:`.activity_planning`). The DTOs live in
:mod:`.activity_rows` and are re-exported here.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Activity,
    ActivityAttendance,
    Child,
    Guardian,
    Photo,
    SchoolClass,
    SchoolTerm,
)
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.activity_planning import AT_TOWNSHIP, ActivityPlanMixin
from liushou_desktop.domain.activity_rows import (
    GUARDIAN_NAME_MAX,
    NOTE_MAX,
    clean_form,
    load_rows,
    term_holding,
)
from liushou_desktop.domain.activity_rows import ActivityForm as ActivityForm
from liushou_desktop.domain.activity_rows import ActivityRow as ActivityRow
from liushou_desktop.domain.activity_rows import AttendanceMark as AttendanceMark
from liushou_desktop.domain.activity_rows import AttendanceRow as AttendanceRow
from liushou_desktop.domain.activity_rows import PlanResult as PlanResult
from liushou_desktop.domain.activity_rows import target_child_ids as target_child_ids
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.installation import installation_school_id, require_school_id
from liushou_desktop.domain.permissions import (
    PLAN_ACTIVITIES,
    RECORD_ACTIVITIES,
    VIEW_ACTIVITIES,
    Actor,
    allowed,
)
from liushou_desktop.domain.school_calendar import TermView, load_calendar
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

OLDEST_DAYS = 366  # a record of an activity held longer ago than this is a typing mistake
# The fields of an activity the form changes (ActivityForm's fields).
FORM_FIELDS = (
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "topic",
    "organiser",
    "place",
    "target_kind",
    "target",
    "notes",
)

_NOT_OPEN = QT_TRANSLATE_NOOP(
    "UserError",
    "This child's record is not open to your account (it belongs to another class or "
    "mentor), or it was removed.",
)


class ActivityService(ActivityPlanMixin):
    """The term plan's activities (see the module docstring)."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    # --- reading -------------------------------------------------------------------------

    def term_for(self, actor: Actor, day: date) -> TermView | None:
        """The term that holds ``day``, else the next one to start, else None."""
        enforce(self._db, actor, VIEW_ACTIVITIES, self._now)
        with self._db.session_scope(actor.username) as session:
            terms = load_calendar(session).terms
        holding = [t for t in terms if t.starts_on <= day <= t.ends_on]
        later = [t for t in terms if t.starts_on > day]
        return (holding or later or [None])[0]

    def list(
        self,
        actor: Actor,
        term_name: str | None = None,
        first: date | None = None,
        last: date | None = None,
    ) -> list[ActivityRow]:
        """The activities of the term ``term_name`` (every term if None) overlapping
        ``first``–``last`` (open where None), by first day and title; cancelled ones
        included."""
        enforce(self._db, actor, VIEW_ACTIVITIES, self._now)
        with self._db.session_scope(actor.username) as session:
            where = self._school_filter(session)
            if term_name is not None:
                term_ids = list(
                    session.scalars(
                        select(SchoolTerm.id).where(
                            SchoolTerm.name == term_name.strip(),
                            SchoolTerm.deleted.is_(False),
                            *self._term_school(session),
                        )
                    )
                )
                if not term_ids:
                    raise _no_term(term_name)
                where.append(Activity.term_id.in_(term_ids))
            if first is not None:
                where.append(Activity.ends_on >= first)
            if last is not None:
                where.append(Activity.starts_on <= last)
            return load_rows(session, *where)

    def week(self, actor: Actor, day: date) -> list[ActivityRow]:
        """The activities of the week (Monday to Sunday) of ``day``, not the cancelled ones."""
        monday = day - timedelta(days=day.weekday())
        rows = self.list(actor, first=monday, last=monday + timedelta(days=6))
        return [row for row in rows if row.status != vocab.ACTIVITY_CANCELLED]

    def get(self, actor: Actor, activity_id: str) -> ActivityRow:
        """One activity."""
        enforce(self._db, actor, VIEW_ACTIVITIES, self._now)
        with self._db.session_scope(actor.username) as session:
            rows = load_rows(session, Activity.id == activity_id, *self._school_filter(session))
        if not rows:
            raise _removed()
        return rows[0]

    # --- planning by hand ---------------------------------------------------------------

    def add(self, actor: Actor, form: ActivityForm) -> str:
        """Add an activity to the term holding its first day; its id."""
        own_classes_only = self._planning_rights(actor)
        form = clean_form(form)
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, AT_TOWNSHIP)
            if own_classes_only:
                _check_own_classes(session, actor, form)
            _check_target(session, actor, school_id, form)
            term = term_holding(session, school_id, form.starts_on)
            activity = Activity(school_id=school_id, term_id=term.id, status=vocab.ACTIVITY_PLANNED)
            for name in FORM_FIELDS:
                setattr(activity, name, getattr(form, name))
            session.add(activity)
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action="activity_added",
                now=self._now(),
                object_type="activity",
                object_id=activity.id,
                detail={"title": form.title, "starts_on": form.starts_on.isoformat()},
            )
            return activity.id

    def update(self, actor: Actor, activity_id: str, form: ActivityForm) -> None:
        """Change an activity; each changed field is audited with its old and new value."""
        own_classes_only = self._planning_rights(actor)
        form = clean_form(form)
        with self._db.session_scope(actor.username) as session:
            school_id = require_school_id(session, AT_TOWNSHIP)
            activity = _activity(session, activity_id)
            if own_classes_only:
                _check_own_classes(session, actor, activity)
                _check_own_classes(session, actor, form)
            _check_target(session, actor, school_id, form)
            activity.term_id = term_holding(session, school_id, form.starts_on).id
            changes = {}
            for name in FORM_FIELDS:
                old, new = getattr(activity, name), getattr(form, name)
                if old != new:
                    changes[name] = [_jsonable(old), _jsonable(new)]
                    setattr(activity, name, new)
            if changes:
                audit.append(
                    session,
                    actor=actor.username,
                    action="activity_changed",
                    now=self._now(),
                    object_type="activity",
                    object_id=activity.id,
                    detail=changes,
                )

    def delete(self, actor: Actor, activity_id: str) -> None:
        """Remove an activity, its attendance and its photos (tombstones, for sync)."""
        own_classes_only = self._planning_rights(actor)
        with self._db.session_scope(actor.username) as session:
            activity = _activity(session, activity_id)
            if own_classes_only:
                _check_own_classes(session, actor, activity)
            activity.deleted = True
            for mark in session.scalars(
                select(ActivityAttendance).where(ActivityAttendance.activity_id == activity.id)
            ):
                mark.deleted = True
            for photo in session.scalars(
                select(Photo).where(Photo.owner_kind == "activity", Photo.owner_id == activity.id)
            ):
                photo.deleted = True
            audit.append(
                session,
                actor=actor.username,
                action="activity_deleted",
                now=self._now(),
                object_type="activity",
                object_id=activity.id,
                detail={"title": activity.title, "starts_on": activity.starts_on.isoformat()},
            )

    def cancel(self, actor: Actor, activity_id: str) -> None:
        """Mark an activity cancelled (it stays in the plan, struck through)."""
        enforce(self._db, actor, PLAN_ACTIVITIES, self._now)
        with self._db.session_scope(actor.username) as session:
            activity = _activity(session, activity_id)
            old = activity.status
            activity.status = vocab.ACTIVITY_CANCELLED
            audit.append(
                session,
                actor=actor.username,
                action="activity_cancelled",
                now=self._now(),
                object_type="activity",
                object_id=activity.id,
                detail={"old": old},
            )

    # --- doing and recording -------------------------------------------------------------

    def record(
        self, actor: Actor, activity_id: str, held_on: date, record: str, agreed: str = ""
    ) -> None:
        """The activity was held on ``held_on``: what happened and, at a guardian meeting,
        what was agreed."""
        enforce(self._db, actor, RECORD_ACTIVITIES, self._now)
        _check_held_on(held_on, local_date(self._now()))
        with self._db.session_scope(actor.username) as session:
            activity = _activity(session, activity_id)
            old = [activity.status, _jsonable(activity.held_on)]
            activity.status = vocab.ACTIVITY_HELD
            activity.held_on = held_on
            activity.record = record.strip()
            activity.agreed = agreed.strip()
            audit.append(
                session,
                actor=actor.username,
                action="activity_recorded",
                now=self._now(),
                object_type="activity",
                object_id=activity.id,
                detail={"old": old, "held_on": held_on.isoformat()},
            )

    def attendance(self, actor: Actor, activity_id: str) -> list[AttendanceRow]:
        """The active children the activity is for, within the actor's scope, by class and
        name, with their marks and their guardians' names."""
        enforce(self._db, actor, VIEW_ACTIVITIES, self._now)
        with self._db.session_scope(actor.username) as session:
            activity = _activity(session, activity_id)
            ids = target_child_ids(session, activity)
            children: dict[str, tuple[str, str, str | None]] = {}
            for part in chunks(ids):
                for child_id, name, class_name, family_id in session.execute(
                    select(Child.id, Child.name, SchoolClass.name, Child.family_id)
                    .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
                    .where(Child.id.in_(part), ChildrenService.scope(actor))
                ):
                    children[child_id] = (name, class_name or "", family_id)
            marks = {
                mark.child_id: mark
                for mark in session.scalars(
                    select(ActivityAttendance).where(
                        ActivityAttendance.activity_id == activity.id,
                        ActivityAttendance.deleted.is_(False),
                    )
                )
            }
            guardians = _guardian_names(session, {f for _, _, f in children.values() if f})
        rows = []
        for child_id in ids:
            if child_id not in children:
                continue
            name, class_name, family_id = children[child_id]
            mark = marks.get(child_id)
            rows.append(
                AttendanceRow(
                    child_id=child_id,
                    child_name=name,
                    class_name=class_name,
                    present=None if mark is None else mark.present,
                    guardian_present=bool(mark and mark.guardian_present),
                    guardian_name=mark.guardian_name if mark else "",
                    note=mark.note if mark else "",
                    guardian_names=guardians.get(family_id or "", ()),
                )
            )
        return rows

    def set_attendance(self, actor: Actor, activity_id: str, marks: list[AttendanceMark]) -> None:
        """Mark children present or absent (and whether their guardian came); a child
        marked again gets the new mark."""
        enforce(self._db, actor, RECORD_ACTIVITIES, self._now)
        for mark in marks:
            if len(mark.guardian_name.strip()) > GUARDIAN_NAME_MAX or len(mark.note) > NOTE_MAX:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "A guardian's name or a note is too long: keep names under {name} "
                        "and notes under {note} characters.",
                    ),
                    {"name": GUARDIAN_NAME_MAX, "note": NOTE_MAX},
                )
        with self._db.session_scope(actor.username) as session:
            activity = _activity(session, activity_id)
            if activity.status == vocab.ACTIVITY_CANCELLED:
                raise UserError(
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "This activity was cancelled: nobody can attend it. If it was held "
                        "after all, record it as held first.",
                    )
                )
            wanted = list(dict.fromkeys(mark.child_id for mark in marks))
            found = {
                child_id
                for part in chunks(wanted)
                for child_id in session.scalars(
                    select(Child.id).where(
                        Child.id.in_(part), Child.deleted.is_(False), ChildrenService.scope(actor)
                    )
                )
            }
            if set(wanted) - found:
                raise UserError(_NOT_OPEN)
            existing = {
                row.child_id: row
                for row in session.scalars(
                    select(ActivityAttendance).where(ActivityAttendance.activity_id == activity.id)
                )
            }
            for mark in marks:
                row = existing.get(mark.child_id)
                if row is None:
                    row = ActivityAttendance(activity_id=activity.id, child_id=mark.child_id)
                    session.add(row)
                    existing[mark.child_id] = row
                row.present = mark.present
                row.guardian_present = mark.guardian_present
                row.guardian_name = mark.guardian_name.strip()
                row.note = mark.note.strip()
                row.deleted = False
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action="attendance_recorded",
                now=self._now(),
                object_type="activity",
                object_id=activity.id,
                detail={"count": len(marks)},
            )

    # --- helpers -------------------------------------------------------------------------

    def _planning_rights(self, actor: Actor) -> bool:
        """Whether ``actor`` may plan only for their own classes (a class teacher); raises
        PermissionDenied (logged) for a role that may not plan at all."""
        if allowed(actor, PLAN_ACTIVITIES):
            return False
        if actor.role == vocab.ROLE_CLASS_TEACHER and actor.teacher_id is not None:
            return True
        enforce(self._db, actor, PLAN_ACTIVITIES, self._now)
        return True  # not reached: enforce raised

    @staticmethod
    def _school_filter(session: Session) -> list[ColumnElement[bool]]:
        """This school's activities (at a township: every school's)."""
        school_id = installation_school_id(session)
        return [] if school_id is None else [Activity.school_id == school_id]

    @staticmethod
    def _term_school(session: Session) -> list[ColumnElement[bool]]:
        school_id = installation_school_id(session)
        return [] if school_id is None else [SchoolTerm.school_id == school_id]


def _activity(session: Session, activity_id: str) -> Activity:
    school_id = installation_school_id(session)
    activity = session.get(Activity, activity_id)
    if activity is None or activity.deleted or (school_id and activity.school_id != school_id):
        raise _removed()
    return activity


def _removed() -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError", "This activity is no longer in the plan: it may have been deleted."
        )
    )


def _no_term(name: str) -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "There is no term {name} in the school calendar: enter the term in the school "
            "calendar (校历) first.",
        ),
        {"name": name.strip()},
    )


def _check_own_classes(session: Session, actor: Actor, target: Any) -> None:
    """UserError unless ``target`` (a form or an activity) is aimed at some of the class
    teacher's own classes only."""
    own = set(
        session.scalars(
            select(SchoolClass.id).where(
                SchoolClass.class_teacher_id == actor.teacher_id, SchoolClass.deleted.is_(False)
            )
        )
    )
    chosen = set(target.target or [])
    if target.target_kind != "classes" or not chosen or not chosen <= own:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "A class teacher plans activities for their own classes only: choose "
                "“Classes” and your own classes, or ask the school administrator.",
            )
        )


def _check_target(session: Session, actor: Actor, school_id: str, form: ActivityForm) -> None:
    """UserError when a chosen class is not the school's or a chosen child is not open to
    the actor."""
    chosen = list(form.target)
    if form.target_kind == "classes":
        found = set(
            session.scalars(
                select(SchoolClass.id).where(
                    SchoolClass.id.in_(chosen),
                    SchoolClass.school_id == school_id,
                    SchoolClass.deleted.is_(False),
                )
            )
        )
        if set(chosen) - found:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError", "A class you chose no longer exists: choose the classes again."
                )
            )
    elif form.target_kind == "children":
        found = {
            child_id
            for part in chunks(chosen)
            for child_id in session.scalars(
                select(Child.id).where(
                    Child.id.in_(part), Child.deleted.is_(False), ChildrenService.scope(actor)
                )
            )
        }
        if set(chosen) - found:
            raise UserError(_NOT_OPEN)


def _check_held_on(held_on: date, today: date) -> None:
    if held_on > today:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The day {day} is in the future: enter the day the activity was held.",
            ),
            {"day": held_on.isoformat()},
        )
    if held_on < today - timedelta(days=OLDEST_DAYS):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError", "The day {day} is more than a year ago: check the year."
            ),
            {"day": held_on.isoformat()},
        )


def _guardian_names(session: Session, family_ids: set[str]) -> dict[str, tuple[str, ...]]:
    """The guardians' names of each family: the entrusted guardian first, then by relation."""
    found: dict[str, list[tuple[bool, int, str]]] = {}
    order = {relation: n for n, relation in enumerate(vocab.RELATIONS)}
    for part in chunks(sorted(family_ids)):
        for family_id, name, relation, entrusted in session.execute(
            select(
                Guardian.family_id, Guardian.name, Guardian.relation, Guardian.is_entrusted_guardian
            ).where(Guardian.family_id.in_(part), Guardian.deleted.is_(False), Guardian.name != "")
        ):
            found.setdefault(family_id, []).append((not entrusted, order.get(relation, 99), name))
    return {
        family_id: tuple(dict.fromkeys(name for *_, name in sorted(names)))
        for family_id, names in found.items()
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value

"""亲情电话: the log of calls and video calls between a child and their family far away.

:class:`FamilyContactService` logs, corrects and removes calls (``activities.record``,
children in the actor's scope), lists them, and gives the month view: every active
child with their calls of the month, those without a call with a parent first.

Besides the service, this module holds the small rules the family services share
(:mod:`.home_visits`, :mod:`.growth`, :mod:`.photos`): the typed-date check, the
child-in-scope lookup, a term by name and the class order; and :func:`coverage`, the
children with a parent contact in a range of days (for the statistics).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from liushou_desktop.db.chunks import chunks
from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, FamilyContact, SchoolClass, SchoolTerm
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.months import month_bounds
from liushou_desktop.domain.names import canonical_class_name
from liushou_desktop.domain.permissions import (
    RECORD_ACTIVITIES,
    VIEW_ACTIVITIES,
    VIEW_CHILD_RECORD,
    Actor,
)
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

OLDEST_DAYS = 366  # a day typed longer ago than this is a typing mistake
MAX_MINUTES = 600
NOTE_LENGTH = 200

# --- rules the family services share -----------------------------------------------


def check_day(day: date, today: date) -> None:
    """UserError, in plain words, unless ``day`` is between a year ago and today."""
    if day > today:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError", "The date {day} is in the future: enter the day it happened."
            ),
            {"day": day.isoformat()},
        )
    if day < today - timedelta(days=OLDEST_DAYS):
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError", "The date {day} is more than a year ago: check the year."
            ),
            {"day": day.isoformat()},
        )


def not_in_scope() -> UserError:
    return UserError(
        QT_TRANSLATE_NOOP(
            "UserError",
            "This child's record is not open to your account (it belongs to another class "
            "or mentor), or it was removed.",
        )
    )


def child_in_scope(session: Session, actor: Actor, child_id: str) -> Child:
    """The child, if it exists and the actor's scope holds it; else UserError."""
    child = session.scalars(
        select(Child).where(
            Child.id == child_id, Child.deleted.is_(False), ChildrenService.scope(actor)
        )
    ).first()
    if child is None:
        raise not_in_scope()
    return child


def active_in_scope(actor: Actor, class_id: str | None = None) -> Any:
    """The WHERE clause for the active children in the actor's scope (of one class)."""
    clause = and_(
        Child.deleted.is_(False), Child.status == vocab.CHILD_ACTIVE, ChildrenService.scope(actor)
    )
    return clause if class_id is None else and_(clause, Child.class_id == class_id)


def term_named(session: Session, school_id: str, name: str) -> SchoolTerm:
    """The school's term of that name; UserError telling to enter it in the 校历 first."""
    term = session.scalars(
        select(SchoolTerm).where(
            SchoolTerm.school_id == school_id,
            SchoolTerm.name == name.strip(),
            SchoolTerm.deleted.is_(False),
        )
    ).first()
    if term is None:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "There is no term {name} in the school calendar: enter the term in the "
                "school calendar (校历) first.",
            ),
            {"name": name},
        )
    return term


@lru_cache(maxsize=1024)
def class_key(grade: int | None, name: str | None) -> tuple[int, int, str]:
    """How classes are ordered: grade, class number (三年级2班 before 三年级10班), name;
    children without a class last."""
    if grade is None or name is None:
        return (99, 99, "")
    try:
        number = canonical_class_name(name, default_grade=grade).number
    except UserError:
        number = 99
    return (grade, number, name)


def coverage(session: Session, child_ids: Sequence[str], first: date, last: date) -> set[str]:
    """The children of ``child_ids`` with a call or video with a parent (father or
    mother, :data:`vocab.PARENT_RELATIONS`) from ``first`` to ``last`` included."""
    found: set[str] = set()
    for part in chunks(list(child_ids)):
        found.update(
            session.scalars(
                select(FamilyContact.child_id)
                .where(
                    FamilyContact.child_id.in_(part),
                    FamilyContact.deleted.is_(False),
                    FamilyContact.relation.in_(vocab.PARENT_RELATIONS),
                    FamilyContact.on >= first,
                    FamilyContact.on <= last,
                )
                .distinct()
            )
        )
    return found


# --- the service -------------------------------------------------------------------


@dataclass
class ContactForm:
    """A call as the teacher enters it: the day, whom the child talked to (a code of
    :data:`vocab.RELATIONS`), phone or video (CONTACT_KINDS), minutes, by which phone
    (CONTACT_PHONES) and a note."""

    on: date
    relation: str
    kind: str = "phone"
    minutes: int = 0
    via: str = "school"
    note: str = ""


@dataclass(frozen=True)
class ContactRow:
    """One logged call, with the child's name and class."""

    id: str
    child_id: str
    child_name: str
    class_name: str
    on: date
    relation: str
    kind: str
    minutes: int
    via: str
    note: str
    author: str


@dataclass(frozen=True)
class ChildContactMonth:
    """A child's calls of one month: how many, how many with a parent, the last days."""

    child_id: str
    child_name: str
    class_name: str
    class_id: str
    contacts: int
    parent_contacts: int
    last_on: date | None
    last_parent_on: date | None


def _values(form: ContactForm) -> dict[str, Any]:
    """The row's values for ``form``; wrong codes are a programming error (ValueError)."""
    if form.relation not in vocab.RELATIONS:
        raise ValueError(f"unknown relation {form.relation!r}")
    if form.kind not in vocab.CONTACT_KINDS:
        raise ValueError(f"unknown contact kind {form.kind!r}")
    if form.via not in vocab.CONTACT_PHONES:
        raise ValueError(f"unknown phone {form.via!r}")
    if not 0 <= form.minutes <= MAX_MINUTES:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "A call of {minutes} minutes cannot be right: enter from 0 to {max} minutes.",
            ),
            {"minutes": form.minutes, "max": MAX_MINUTES},
        )
    return {
        "on": form.on,
        "relation": form.relation,
        "kind": form.kind,
        "minutes": int(form.minutes),
        "via": form.via,
        "note": form.note.strip()[:NOTE_LENGTH],
    }


class FamilyContactService:
    """The family-call log (see the module)."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def log(self, actor: Actor, child_id: str, form: ContactForm) -> str:
        """Log a call of a child in the actor's scope; returns its id."""
        enforce(self._db, actor, RECORD_ACTIVITIES, self._now)
        now = self._now()
        check_day(form.on, local_date(now))
        values = _values(form)
        with self._db.session_scope(actor.username) as session:
            child = child_in_scope(session, actor, child_id)
            row = FamilyContact(child_id=child.id, author=actor.username, **values)
            session.add(row)
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action="family_contact_logged",
                now=now,
                object_type="family_contact",
                object_id=row.id,
                detail={"child": child.id},
            )
            return row.id

    def update(self, actor: Actor, contact_id: str, form: ContactForm) -> None:
        """Correct a logged call (audited with the names of the changed fields)."""
        enforce(self._db, actor, RECORD_ACTIVITIES, self._now)
        now = self._now()
        check_day(form.on, local_date(now))
        values = _values(form)
        with self._db.session_scope(actor.username) as session:
            row = self._row(session, actor, contact_id)
            audit.apply_changes(
                session,
                row,
                values,
                actor=actor.username,
                action="family_contact_changed",
                now=now,
                object_type="family_contact",
                detail={"child": row.child_id},
            )

    def delete(self, actor: Actor, contact_id: str) -> None:
        """Remove a call logged by mistake (a tombstone)."""
        enforce(self._db, actor, RECORD_ACTIVITIES, self._now)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            row = self._row(session, actor, contact_id)
            audit.tombstone(
                session,
                row,
                actor=actor.username,
                action="family_contact_deleted",
                now=now,
                object_type="family_contact",
                detail={"child": row.child_id},
            )

    @staticmethod
    def _row(session: Session, actor: Actor, contact_id: str) -> FamilyContact:
        row = session.get(FamilyContact, contact_id)
        if row is None or row.deleted:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "This call is no longer in the log (it was removed): refresh the list.",
                )
            )
        child_in_scope(session, actor, row.child_id)
        return row

    def contacts(
        self, actor: Actor, child_id: str | None = None, month: date | None = None
    ) -> list[ContactRow]:
        """The calls of the children in the actor's scope (of one child, of one month),
        newest first."""
        enforce(self._db, actor, VIEW_CHILD_RECORD, self._now)
        query = (
            select(FamilyContact, Child.name, SchoolClass.name)
            .join(Child, Child.id == FamilyContact.child_id)
            .outerjoin(SchoolClass, SchoolClass.id == Child.class_id)
            .where(
                FamilyContact.deleted.is_(False),
                Child.deleted.is_(False),
                ChildrenService.scope(actor),
            )
            .order_by(FamilyContact.on.desc(), FamilyContact.created_at.desc(), FamilyContact.id)
        )
        if month is not None:
            first, last = month_bounds(month)
            query = query.where(FamilyContact.on >= first, FamilyContact.on <= last)
        with self._db.session_scope(actor.username) as session:
            if child_id is not None:
                child_in_scope(session, actor, child_id)
                query = query.where(FamilyContact.child_id == child_id)
            return [
                ContactRow(
                    id=row.id,
                    child_id=row.child_id,
                    child_name=child_name,
                    class_name=class_name or "",
                    on=row.on,
                    relation=row.relation,
                    kind=row.kind,
                    minutes=row.minutes,
                    via=row.via,
                    note=row.note,
                    author=row.author,
                )
                for row, child_name, class_name in session.execute(query)
            ]

    def month(
        self, actor: Actor, month: date, class_id: str | None = None
    ) -> list[ChildContactMonth]:
        """Every active child in the actor's scope (of one class) with their calls of
        ``month``: those with no call with a parent first, then by class and name."""
        enforce(self._db, actor, VIEW_ACTIVITIES, self._now)
        first, last = month_bounds(month)
        children = (
            select(
                Child.id,
                Child.name,
                Child.name_pinyin,
                Child.class_id,
                SchoolClass.name,
                SchoolClass.grade,
            )
            .outerjoin(SchoolClass, SchoolClass.id == Child.class_id)
            .where(active_in_scope(actor, class_id))
        )
        is_parent = FamilyContact.relation.in_(vocab.PARENT_RELATIONS)
        counts = (
            select(
                FamilyContact.child_id,
                func.count(),
                func.sum(case((is_parent, 1), else_=0)),
                func.max(FamilyContact.on),
            )
            .where(
                FamilyContact.deleted.is_(False),
                FamilyContact.on >= first,
                FamilyContact.on <= last,
                FamilyContact.child_id.in_(
                    select(Child.id).where(active_in_scope(actor, class_id))
                ),
            )
            .group_by(FamilyContact.child_id)
        )
        last_parent = (
            select(FamilyContact.child_id, func.max(FamilyContact.on))
            .where(
                FamilyContact.deleted.is_(False),
                is_parent,
                FamilyContact.on >= first,
                FamilyContact.on <= last,
                FamilyContact.child_id.in_(
                    select(Child.id).where(active_in_scope(actor, class_id))
                ),
            )
            .group_by(FamilyContact.child_id)
        )
        with self._db.session_scope(actor.username) as session:
            child_rows = session.execute(children).all()
            by_child = {row[0]: row[1:] for row in session.execute(counts)}
            parent_last = {row[0]: row[1] for row in session.execute(last_parent)}
        rows: list[tuple[tuple[Any, ...], ChildContactMonth]] = []
        for child_id, name, pinyin, child_class, class_name, grade in child_rows:
            total, parents, last_on = by_child.get(child_id, (0, 0, None))
            row = ChildContactMonth(
                child_id=child_id,
                child_name=name,
                class_name=class_name or "",
                class_id=child_class or "",
                contacts=int(total or 0),
                parent_contacts=int(parents or 0),
                last_on=last_on,
                last_parent_on=parent_last.get(child_id),
            )
            key = (row.parent_contacts > 0, class_key(grade, class_name), pinyin, name, child_id)
            rows.append((key, row))
        rows.sort(key=lambda pair: pair[0])
        return [row for _, row in rows]

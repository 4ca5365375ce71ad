"""The re-survey: which active children's records await confirming this school year.

Starting a school year (:mod:`.school_year`) stores the day in the setting
:data:`RESURVEY_STARTED_ON`; from then on :meth:`ResurveyService.rows` lists the active
children (in the actor's scope) whose record was not confirmed since that day
(``Child.confirmed_on``, set by :meth:`~.children.ChildrenService.confirm`, the one way to
confirm a record), each with what the record still lacks. What counts as lacking is the
children list's rule, :func:`~.children.lacking`, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, SchoolClass, Setting
from liushou_desktop.db.sync_meta import Now, utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.children import MISSING_FIELDS, ChildrenService, lacking
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.permissions import VIEW_CHILDREN, Actor

RESURVEY_STARTED_ON = "resurvey_started_on"  # setting: ISO date the re-survey began
# What the re-survey says looks missing from a record: code -> label (Vocab context);
# the same codes and labels as the children list's "missing" column.
MISSING_LABELS: dict[str, str] = MISSING_FIELDS


@dataclass(frozen=True)
class ResurveyRow:
    """One child of the re-survey checklist: whose record needs confirming, and gaps seen."""

    child_id: str
    name: str
    grade: int | None
    class_name: str
    confirmed_on: date | None
    missing: tuple[str, ...]  # MISSING_LABELS codes, in its order


@dataclass(frozen=True)
class ResurveyCounts:
    """How far the re-survey is: active children (in scope) to confirm and confirmed."""

    started_on: date | None
    to_confirm: int
    confirmed: int


class ResurveyService:
    """The re-survey checklist and its counts (read only; confirming is in ChildrenService)."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def rows(self, actor: Actor) -> list[ResurveyRow]:
        """Active children in the actor's scope whose record awaits confirming, by class."""
        enforce(self._db, actor, VIEW_CHILDREN, self._now)
        lacks = lacking()
        with self._db.session_scope(actor.username) as session:
            started = started_on(session)
            query = (
                select(
                    Child.id,
                    Child.name,
                    SchoolClass.grade,
                    SchoolClass.name,
                    Child.confirmed_on,
                    *lacks.values(),
                )
                .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
                .where(*_active_children(actor), _unconfirmed(started))
                .order_by(SchoolClass.grade, SchoolClass.name, Child.name_pinyin)
            )
            rows = session.execute(query).all()
        return [
            ResurveyRow(
                child_id=r[0],
                name=r[1],
                grade=r[2],
                class_name=r[3] or "",
                confirmed_on=r[4],
                missing=tuple(key for key, absent in zip(lacks, r[5:], strict=True) if absent),
            )
            for r in rows
        ]

    def counts(self, actor: Actor) -> ResurveyCounts:
        """How many active children (in scope) still need confirming, and how many are done."""
        enforce(self._db, actor, VIEW_CHILDREN, self._now)
        with self._db.session_scope(actor.username) as session:
            started = started_on(session)
            active = _active_children(actor)
            total = session.scalar(select(func.count()).select_from(Child).where(*active)) or 0
            to_confirm = (
                session.scalar(
                    select(func.count()).select_from(Child).where(*active, _unconfirmed(started))
                )
                or 0
            )
        return ResurveyCounts(
            started_on=started, to_confirm=to_confirm, confirmed=total - to_confirm
        )


def started_on(session: Session) -> date | None:
    """The day the last re-survey (and school year) was started, if ever."""
    row = session.get(Setting, RESURVEY_STARTED_ON)
    if row is None or not row.value:
        return None
    try:
        return date.fromisoformat(str(row.value))
    except ValueError:
        return None


def set_started_on(session: Session, on: date) -> None:
    """Record ``on`` as the day the re-survey started (in the caller's transaction)."""
    row = session.get(Setting, RESURVEY_STARTED_ON)
    if row is None:
        session.add(Setting(key=RESURVEY_STARTED_ON, value=on.isoformat()))
    else:
        row.value = on.isoformat()


def _active_children(actor: Actor) -> tuple[ColumnElement[bool], ...]:
    return (
        Child.status == vocab.CHILD_ACTIVE,
        Child.deleted.is_(False),
        ChildrenService.scope(actor),
    )


def _unconfirmed(started: date | None) -> ColumnElement[bool]:
    if started is None:
        return Child.confirmed_on.is_(None)
    return Child.confirmed_on.is_(None) | (Child.confirmed_on < started)

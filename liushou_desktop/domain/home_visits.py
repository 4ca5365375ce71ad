"""家访: home visits (家访记录表) and the term view of visits and guardian meetings.

:class:`HomeVisitService` records, corrects and removes visits (``activities.record``,
children in the actor's scope), lists them and gives the term view: every active child
with their last home visit of the term and the held guardian meeting of the term their
guardian attended. The meetings are read from the activity tables directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Activity, ActivityAttendance, Child, HomeVisit, SchoolClass
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.children import ChildrenService
from liushou_desktop.domain.family_contact import (
    active_in_scope,
    check_day,
    child_in_scope,
    class_key,
    term_named,
)
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.installation import require_school_id
from liushou_desktop.domain.permissions import (
    RECORD_ACTIVITIES,
    VIEW_ACTIVITIES,
    VIEW_CHILD_RECORD,
    Actor,
)
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

GUARDIAN_MEETING = "guardian_meeting"  # vocab.ACTIVITY_KINDS
SHORT_LENGTH = 100  # visitors, met

_AT_TOWNSHIP = QT_TRANSLATE_NOOP(
    "UserError",
    "Home visits and guardian meetings are kept at the school, not at the township: "
    "open them on the school's computer.",
)


@dataclass
class VisitForm:
    """A visit as the teacher enters it: the day, the teachers who went, whom they met,
    what they found, what was agreed, and the plan's home-visit round it belongs to."""

    visited_on: date
    visitors: str = ""
    met: str = ""
    situation: str = ""
    agreed: str = ""
    activity_id: str | None = None


@dataclass(frozen=True)
class VisitRow:
    """One recorded visit, with the child's name and class."""

    id: str
    child_id: str
    child_name: str
    class_name: str
    visited_on: date
    visitors: str
    met: str
    situation: str
    agreed: str
    author: str


@dataclass(frozen=True)
class ChildTermRow:
    """A child in the term view: the day of their last home visit of the term (None:
    not visited), the day of a held guardian meeting of the term their guardian
    attended (None: none) and who signed for them."""

    child_id: str
    child_name: str
    class_name: str
    class_id: str
    visited_on: date | None
    meeting_on: date | None
    guardian_name: str


def _values(form: VisitForm) -> dict[str, Any]:
    return {
        "visited_on": form.visited_on,
        "visitors": form.visitors.strip()[:SHORT_LENGTH],
        "met": form.met.strip()[:SHORT_LENGTH],
        "situation": form.situation.strip(),
        "agreed": form.agreed.strip(),
        "activity_id": form.activity_id or None,
    }


class HomeVisitService:
    """Home visits and the term view (see the module)."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def record(self, actor: Actor, child_id: str, form: VisitForm) -> str:
        """Record a visit to the home of a child in the actor's scope; returns its id."""
        enforce(self._db, actor, RECORD_ACTIVITIES, self._now)
        now = self._now()
        check_day(form.visited_on, local_date(now))
        values = _values(form)
        with self._db.session_scope(actor.username) as session:
            child = child_in_scope(session, actor, child_id)
            _check_activity(session, values["activity_id"])
            visit = HomeVisit(child_id=child.id, author=actor.username, **values)
            session.add(visit)
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action="home_visit_recorded",
                now=now,
                object_type="home_visit",
                object_id=visit.id,
                detail={"child": child.id, "activity": visit.activity_id},
            )
            return visit.id

    def update(self, actor: Actor, visit_id: str, form: VisitForm) -> None:
        """Correct a visit (audited with the names of the changed fields)."""
        enforce(self._db, actor, RECORD_ACTIVITIES, self._now)
        now = self._now()
        check_day(form.visited_on, local_date(now))
        values = _values(form)
        with self._db.session_scope(actor.username) as session:
            visit = self._visit(session, actor, visit_id)
            if values["activity_id"] != visit.activity_id:
                _check_activity(session, values["activity_id"])
            audit.apply_changes(
                session,
                visit,
                values,
                actor=actor.username,
                action="home_visit_changed",
                now=now,
                object_type="home_visit",
                detail={"child": visit.child_id},
            )

    def delete(self, actor: Actor, visit_id: str) -> None:
        """Remove a visit recorded by mistake (a tombstone)."""
        enforce(self._db, actor, RECORD_ACTIVITIES, self._now)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            visit = self._visit(session, actor, visit_id)
            audit.tombstone(
                session,
                visit,
                actor=actor.username,
                action="home_visit_deleted",
                now=now,
                object_type="home_visit",
                detail={"child": visit.child_id},
            )

    @staticmethod
    def _visit(session: Session, actor: Actor, visit_id: str) -> HomeVisit:
        visit = session.get(HomeVisit, visit_id)
        if visit is None or visit.deleted:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError", "This home visit was removed: refresh the list of visits."
                )
            )
        child_in_scope(session, actor, visit.child_id)
        return visit

    def visits(
        self, actor: Actor, child_id: str | None = None, term_name: str | None = None
    ) -> list[VisitRow]:
        """The visits of the children in the actor's scope (of one child, of one term),
        newest first."""
        enforce(self._db, actor, VIEW_CHILD_RECORD, self._now)
        query = (
            select(HomeVisit, Child.name, SchoolClass.name)
            .join(Child, Child.id == HomeVisit.child_id)
            .outerjoin(SchoolClass, SchoolClass.id == Child.class_id)
            .where(
                HomeVisit.deleted.is_(False), Child.deleted.is_(False), ChildrenService.scope(actor)
            )
            .order_by(HomeVisit.visited_on.desc(), HomeVisit.created_at.desc(), HomeVisit.id)
        )
        with self._db.session_scope(actor.username) as session:
            if child_id is not None:
                child_in_scope(session, actor, child_id)
                query = query.where(HomeVisit.child_id == child_id)
            if term_name is not None:
                term = term_named(session, require_school_id(session, _AT_TOWNSHIP), term_name)
                query = query.where(
                    HomeVisit.visited_on >= term.starts_on, HomeVisit.visited_on <= term.ends_on
                )
            return [
                VisitRow(
                    id=visit.id,
                    child_id=visit.child_id,
                    child_name=child_name,
                    class_name=class_name or "",
                    visited_on=visit.visited_on,
                    visitors=visit.visitors,
                    met=visit.met,
                    situation=visit.situation,
                    agreed=visit.agreed,
                    author=visit.author,
                )
                for visit, child_name, class_name in session.execute(query)
            ]

    def term_view(
        self, actor: Actor, term_name: str, class_id: str | None = None
    ) -> list[ChildTermRow]:
        """Every active child in the actor's scope (of one class), by class and name,
        with their last home visit of the term and the last held guardian meeting of
        the term their guardian attended."""
        enforce(self._db, actor, VIEW_ACTIVITIES, self._now)
        in_scope = select(Child.id).where(active_in_scope(actor, class_id))
        with self._db.session_scope(actor.username) as session:
            term = term_named(session, require_school_id(session, _AT_TOWNSHIP), term_name)
            children = session.execute(
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
            ).all()
            visited = {
                child_id: day
                for child_id, day in session.execute(
                    select(HomeVisit.child_id, func.max(HomeVisit.visited_on))
                    .where(
                        HomeVisit.deleted.is_(False),
                        HomeVisit.visited_on >= term.starts_on,
                        HomeVisit.visited_on <= term.ends_on,
                        HomeVisit.child_id.in_(in_scope),
                    )
                    .group_by(HomeVisit.child_id)
                )
            }
            meetings: dict[str, tuple[date, str]] = {}
            for child_id, held_on, starts_on, guardian in session.execute(
                select(
                    ActivityAttendance.child_id,
                    Activity.held_on,
                    Activity.starts_on,
                    ActivityAttendance.guardian_name,
                )
                .join(Activity, Activity.id == ActivityAttendance.activity_id)
                .where(
                    Activity.term_id == term.id,
                    Activity.deleted.is_(False),
                    Activity.kind == GUARDIAN_MEETING,
                    Activity.status == vocab.ACTIVITY_HELD,
                    ActivityAttendance.deleted.is_(False),
                    ActivityAttendance.guardian_present.is_(True),
                    ActivityAttendance.child_id.in_(in_scope),
                )
            ):
                day = held_on or starts_on
                if child_id not in meetings or meetings[child_id][0] < day:
                    meetings[child_id] = (day, guardian)
        rows = []
        for child_id, name, pinyin, child_class, class_name, grade in children:
            meeting = meetings.get(child_id)
            row = ChildTermRow(
                child_id=child_id,
                child_name=name,
                class_name=class_name or "",
                class_id=child_class or "",
                visited_on=visited.get(child_id),
                meeting_on=meeting[0] if meeting else None,
                guardian_name=meeting[1] if meeting else "",
            )
            rows.append(((class_key(grade, class_name), pinyin, name, child_id), row))
        rows.sort(key=lambda pair: pair[0])
        return [row for _, row in rows]


def _check_activity(session: Session, activity_id: str | None) -> None:
    """UserError when the visit's plan round no longer exists."""
    if activity_id is None:
        return
    activity = session.get(Activity, activity_id)
    if activity is None or activity.deleted:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The activity this visit belongs to was removed from the plan: choose "
                "another one, or none.",
            )
        )

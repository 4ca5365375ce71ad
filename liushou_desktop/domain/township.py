"""The township's view of its schools (乡镇汇总): one line of figures per school.

At a township installation the database holds the schools' rows as the bundles merged
them (each Child carries its ``school_id``) and one :class:`SyncPeer` per school the
township entered (code, name, expected number of left-behind children) or a bundle
brought. :meth:`TownshipService.overview` lists every such school (the peers, and any
merged School row without a peer), by code, then the total (``code`` "") last.

The definitions, for a school on ``today`` (default: today), counted the way a school
counts its own figures (:mod:`~liushou_desktop.domain.talk_status`,
:mod:`~liushou_desktop.domain.activity_stats`):

- **children** (已建档): the school's active children (``status`` active, not deleted);
- **expected** (应建档): the number the township entered for the school (``SyncPeer``,
  else the one the school's own row carries); None when not entered;
- **registration_rate** (建档率): children / expected; None without an expected number
  (or when it is 0);
- **talks_due** (本月应谈心): the children (one talk per child a month);
  **talks_done** (已谈心): children with a held talk this month (``Talk.month``);
  **talk_rate** (谈心完成率): talks_done / talks_due (None with no children);
- **overdue** (逾期未谈): this month's planned, not held talks dated before ``today``
  (talks, not children: a child may have two);
- **open_concerns** (未结关注): children with an open concern (not closed, not deleted);
- **family_contacted** (亲情联系): children with a call or video with their father or
  mother (``vocab.PARENT_RELATIONS``) dated this month; **family_contact_rate**:
  family_contacted / children (None with no children);
- **home_visited** (家访): children with a home visit dated within the school's term:
  the term holding ``today``, else the last one begun before it (``term`` names it, ""
  when the school entered none: then nobody counts as visited); **home_visit_rate**:
  home_visited / children (None with no term or no children).

The **total** row sums every count over the schools; its rates are recomputed from
its sums (never averaged): registration_rate = children / expected, with expected the
sum over the schools only when every school has one (else None: the township's rate
needs every denominator); talk_rate = talks_done / talks_due; family_contact_rate =
family_contacted / children; home_visit_rate = home_visited / children (schools with
no term add their children and no visits). ``last_bundle_at`` of the total is the most
recent of the schools'. Deleted rows (tombstones) never count. A handful of grouped
queries whatever the number of schools.

:meth:`TownshipService.by_class` gives the same figures for one school class by class
(children with no class under 未分班), the school's total last; :meth:`school_children`
the school's children list (read-only, masked as the lists are).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Child,
    Concern,
    FamilyContact,
    HomeVisit,
    School,
    SchoolClass,
    SchoolTerm,
    SyncPeer,
)
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import vocab
from liushou_desktop.domain.children import ChildFilter, ChildrenService, ChildRow
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.installation import installation_school_id
from liushou_desktop.domain.months import add_months, month_key, month_start
from liushou_desktop.domain.permissions import VIEW_TALK_STATUS, Actor
from liushou_desktop.domain.talk_status import _per_child
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

__all__ = [
    "NO_CLASS",
    "TOTAL_CODE",
    "SchoolFigures",
    "TownshipService",
    "current_term",
    "ratio",
]

TOTAL_CODE = ""
NO_CLASS = "未分班"
TOTAL_NAME = "合计"


@dataclass(frozen=True)
class SchoolFigures:
    """One school's figures (see the module docstring); ``code`` "" for the total.

    In :meth:`TownshipService.by_class` a row is a class: ``code`` its class id
    (``"-"`` for the children without a class, "" for the school's total)."""

    code: str
    name: str
    last_bundle_at: datetime | None
    expected: int | None
    children: int
    registration_rate: float | None
    talks_due: int
    talks_done: int
    talk_rate: float | None
    overdue: int
    open_concerns: int
    family_contact_rate: float | None
    home_visit_rate: float | None
    family_contacted: int = 0
    home_visited: int = 0
    term: str = ""

    @property
    def is_total(self) -> bool:
        return self.code == TOTAL_CODE


def ratio(part: int, whole: int | None) -> float | None:
    """``part / whole``; None when there is no whole (None or 0)."""
    return part / whole if whole else None


def current_term(terms: Iterable[tuple[str, date, date]], today: date) -> tuple[str, date, date]:
    """Of (name, first day, last day) terms, the one holding ``today``, else the last one
    begun before it; ("", today, today) with an empty range when none has begun."""
    begun: tuple[str, date, date] | None = None
    for term in sorted(terms, key=lambda t: t[1]):
        if term[1] <= today <= term[2]:
            return term
        if term[1] <= today:
            begun = term
    return begun or ("", date.max, date.min)


@dataclass(frozen=True)
class _Counts:
    children: int = 0
    done: int = 0
    overdue: int = 0
    concerns: int = 0
    contacted: int = 0
    visited: int = 0


@dataclass(frozen=True)
class _School:
    id: str | None
    code: str
    name: str
    expected: int | None
    last_bundle_at: datetime | None


class TownshipService:
    """The township's figures per school, and a school's children (read-only)."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    def overview(self, actor: Actor, today: date | None = None) -> list[SchoolFigures]:
        """One row per school (by code), then the total (VIEW_TALK_STATUS; at a township)."""
        enforce(self._db, actor, VIEW_TALK_STATUS, self._now)
        today = today or local_date(self._now())
        with self._db.session_scope(actor.username) as session:
            _require_township(session)
            schools = _schools(session)
            terms = _terms(session, today)
            counts = _count(session, actor, Child.school_id, today, terms)
        rows = [
            _figures(
                s.code,
                s.name,
                counts.get(s.id, _Counts()) if s.id else _Counts(),
                s.expected,
                s.last_bundle_at,
                terms.get(s.id, ("", date.max, date.min))[0] if s.id else "",
            )
            for s in schools
        ]
        return [*rows, total_of(rows, TOTAL_NAME)]

    def by_class(self, actor: Actor, code: str, today: date | None = None) -> list[SchoolFigures]:
        """The school ``code``'s figures class by class (by grade and name; 未分班 last),
        then its total (VIEW_TALK_STATUS; at a township). UserError for an unknown code."""
        enforce(self._db, actor, VIEW_TALK_STATUS, self._now)
        today = today or local_date(self._now())
        with self._db.session_scope(actor.username) as session:
            _require_township(session)
            school = _school(session, code)
            if school.id is None:
                return [total_of([], school.name)]
            terms = _terms(session, today)
            term = terms.get(school.id, ("", date.max, date.min))
            counts = _count(
                session, actor, Child.class_id, today, terms, Child.school_id == school.id
            )
            classes = session.execute(
                select(SchoolClass.id, SchoolClass.name)
                .where(SchoolClass.school_id == school.id, SchoolClass.deleted.is_(False))
                .order_by(SchoolClass.grade, SchoolClass.name)
            ).all()
        rows = [
            _figures(cid, name, counts[cid], None, None, term[0])
            for cid, name in classes
            if cid in counts
        ]
        if None in counts:
            rows.append(_figures("-", NO_CLASS, counts[None], None, None, term[0]))
        total = total_of(rows, school.name)
        return [*rows, replace(total, term=term[0])]

    def school_children(self, actor: Actor, code: str) -> list[ChildRow]:
        """The active children of the school ``code``, as the children list shows them
        (VIEW_CHILDREN, IDs and phones masked as for the role); [] before its first
        bundle. UserError for an unknown code."""
        with self._db.session_scope(actor.username) as session:
            _require_township(session)
            school = _school(session, code)
            ids = (
                set(session.scalars(select(Child.id).where(Child.school_id == school.id)))
                if school.id
                else set()
            )
        rows = ChildrenService(self._db, self._now).list_children(actor, ChildFilter())
        return [row for row in rows if row.id in ids]


def total_of(rows: Sequence[SchoolFigures], name: str) -> SchoolFigures:
    """The total row of ``rows`` (see the module docstring): sums, rates from the sums."""
    counts = _Counts(
        children=sum(r.children for r in rows),
        done=sum(r.talks_done for r in rows),
        overdue=sum(r.overdue for r in rows),
        concerns=sum(r.open_concerns for r in rows),
        contacted=sum(r.family_contacted for r in rows),
        visited=sum(r.home_visited for r in rows),
    )
    expected: int | None = None
    if rows and all(r.expected is not None for r in rows):
        expected = sum(r.expected or 0 for r in rows)
    last = max((r.last_bundle_at for r in rows if r.last_bundle_at), default=None)
    total = _figures(TOTAL_CODE, name, counts, expected, last, "")
    # the total's home visits: over all its children, even of schools with no term
    return replace(total, home_visit_rate=ratio(counts.visited, counts.children))


def _figures(
    code: str,
    name: str,
    counts: _Counts,
    expected: int | None,
    last_bundle_at: datetime | None,
    term: str,
) -> SchoolFigures:
    return SchoolFigures(
        code=code,
        name=name,
        last_bundle_at=last_bundle_at,
        expected=expected,
        children=counts.children,
        registration_rate=ratio(counts.children, expected),
        talks_due=counts.children,
        talks_done=counts.done,
        talk_rate=ratio(counts.done, counts.children),
        overdue=counts.overdue,
        open_concerns=counts.concerns,
        family_contact_rate=ratio(counts.contacted, counts.children),
        home_visit_rate=ratio(counts.visited, counts.children) if term else None,
        family_contacted=counts.contacted,
        home_visited=counts.visited,
        term=term,
    )


# --- reading ---------------------------------------------------------------------------


def _require_township(session: Session) -> None:
    if installation_school_id(session) is not None:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The schools' overview is kept at the township's computer: this computer "
                "is a school. Send the township a sync bundle instead.",
            )
        )


def _schools(session: Session) -> list[_School]:
    """The peers (role school) and the merged School rows, joined by code, by code."""
    merged = {
        code: (sid, name, expected)
        for sid, code, name, expected in session.execute(
            select(School.id, School.code, School.name, School.expected_children).where(
                School.deleted.is_(False)
            )
        )
    }
    found: dict[str, _School] = {}
    for peer in session.scalars(select(SyncPeer).where(SyncPeer.role == vocab.INSTALLATION_SCHOOL)):
        sid, name, expected = merged.get(peer.code, (None, "", None))
        found[peer.code] = _School(
            sid,
            peer.code,
            peer.name or name,
            peer.expected_children if peer.expected_children is not None else expected,
            peer.last_bundle_at,
        )
    for code, (sid, name, expected) in merged.items():
        if code not in found:
            found[code] = _School(sid, code, name, expected, None)
    return [found[code] for code in sorted(found)]


def _school(session: Session, code: str) -> _School:
    for school in _schools(session):
        if school.code == code:
            return school
    raise UserError(
        QT_TRANSLATE_NOOP(
            "UserError", "There is no school with the code {code}: check the school's code."
        ),
        {"code": code},
    )


def _terms(session: Session, today: date) -> dict[str, tuple[str, date, date]]:
    """School id -> its current term (see :func:`current_term`), for schools with one."""
    by_school: dict[str, list[tuple[str, date, date]]] = {}
    for sid, name, starts, ends in session.execute(
        select(
            SchoolTerm.school_id, SchoolTerm.name, SchoolTerm.starts_on, SchoolTerm.ends_on
        ).where(SchoolTerm.deleted.is_(False))
    ):
        by_school.setdefault(sid, []).append((name, starts, ends))
    found = {sid: current_term(terms, today) for sid, terms in by_school.items()}
    return {sid: term for sid, term in found.items() if term[0]}


def _count(
    session: Session,
    actor: Actor,
    key: Any,
    today: date,
    terms: dict[str, tuple[str, date, date]],
    *where: ColumnElement[bool],
) -> dict[Any, _Counts]:
    """key value -> counts, for the active children grouped by ``key`` (a Child column)."""
    active = and_(
        Child.deleted.is_(False),
        Child.status == vocab.CHILD_ACTIVE,
        ChildrenService.scope(actor),
        *where,
    )
    per_child = _per_child(month_key(today), today)
    talks = (
        select(
            key,
            func.count(Child.id),
            func.coalesce(func.sum(func.coalesce(per_child.c.done, 0)), 0),
            func.coalesce(func.sum(per_child.c.overdue), 0),
        )
        .outerjoin(per_child, per_child.c.child_id == Child.id)
        .where(active)
        .group_by(key)
    )
    concerns = _children_with(
        key,
        active,
        select(Concern.child_id).where(Concern.closed_on.is_(None), Concern.deleted.is_(False)),
    )
    first = month_start(today)
    contacts = _children_with(
        key,
        active,
        select(FamilyContact.child_id).where(
            FamilyContact.deleted.is_(False),
            FamilyContact.relation.in_(vocab.PARENT_RELATIONS),
            FamilyContact.on >= first,
            FamilyContact.on < add_months(first, 1),
        ),
    )
    in_term = [
        and_(Child.school_id == sid, HomeVisit.visited_on.between(starts, ends))
        for sid, (_, starts, ends) in terms.items()
    ]
    visits = (
        select(key, func.count(func.distinct(Child.id)))
        .join(HomeVisit, HomeVisit.child_id == Child.id)
        .where(active, HomeVisit.deleted.is_(False), or_(false(), *in_term))
        .group_by(key)
    )
    concerned = dict(session.execute(concerns).all())
    contacted = dict(session.execute(contacts).all())
    visited = dict(session.execute(visits).all())
    return {
        group: _Counts(
            children=children,
            done=done,
            overdue=overdue,
            concerns=concerned.get(group, 0),
            contacted=contacted.get(group, 0),
            visited=visited.get(group, 0),
        )
        for group, children, done, overdue in session.execute(talks)
    }


def _children_with(key: Any, active: ColumnElement[bool], child_ids: Any) -> Any:
    """Per ``key``, the active children whose id is among ``child_ids`` (a select)."""
    return select(key, func.count(Child.id)).where(active, Child.id.in_(child_ids)).group_by(key)

"""The children's archive as each role may see it: lists, full records, edits, privacy.

Every method takes the :class:`~liushou_desktop.domain.permissions.Actor` and
enforces the role table and the actor's scope (own classes, own mentees).
ID numbers and phones are masked unless the role may see them; health
details are left out unless the role needs them. Opening a full record and
every changed field are written to the audit log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, exists, false, func, or_, select, true
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, Consent, Family, Guardian, SchoolClass
from liushou_desktop.db.sync_meta import Now, local_date, utcnow
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.child_history import ChildHistoryMixin
from liushou_desktop.domain.child_records import ChildRecordsMixin
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.id_numbers import mask_id_number
from liushou_desktop.domain.permissions import (
    ALL_CHILDREN_ROLES,
    ANONYMISE,
    EDIT_CHILD,
    RECORD_CONSENT,
    SEE_FULL_ID,
    SEE_HEALTH,
    SEE_PHONES,
    VIEW_CHILD_RECORD,
    VIEW_CHILDREN,
    Actor,
    PermissionDenied,
    allowed,
)
from liushou_desktop.domain.phones import mask_phone
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

RETENTION_YEARS = 3
ENDED_STATUSES = ("graduated", "transferred", "left")
ANONYMOUS_NAME = "已匿名"
CONSENT_FORMS = ("written", "oral")
# Fields of the child's own row that the edit service accepts.
EDITABLE_FIELDS = frozenset(
    {
        "name",
        "sex",
        "ethnicity",
        "birth_date",
        "id_number",
        "student_number",
        "hukou_registered",
        "hukou_place",
        "current_address",
        "health",
        "disability_type",
        "disability_grade",
        "illness_type",
        "boarding",
        "schooling_stage",
        "status",
        "status_date",
        "both_parents_away",
        "one_parent_away_other_unable",
        "unable_parent",
        "guardianship_type",
        "categories",
        "hobbies",
        "personality",
        "medical_history",
        "class_id",
        "mentor_id",
    }
)
HEALTH_FIELDS = ("health", "disability_type", "disability_grade", "illness_type", "medical_history")
# What an incomplete record lacks (ChildRow.missing), in the order the list shows it.
MISSING_FIELDS = {
    "id_number": QT_TRANSLATE_NOOP("Vocab", "ID number"),
    "birth_date": QT_TRANSLATE_NOOP("Vocab", "Birth date"),
    "class": QT_TRANSLATE_NOOP("Vocab", "Class"),
    "guardian": QT_TRANSLATE_NOOP("Vocab", "Guardian"),
    "guardianship": QT_TRANSLATE_NOOP("Vocab", "Guardianship type"),
    "consent": QT_TRANSLATE_NOOP("Vocab", "Consent"),
}


def lacking() -> dict[str, ColumnElement[bool]]:
    """For each key of :data:`MISSING_FIELDS`, the SQL condition (on Child) that the record
    lacks it: the one rule behind the list's ``missing`` and :meth:`ChildrenService.counts`."""
    return {
        "id_number": Child.id_number.is_(None) | (Child.id_number == ""),
        "birth_date": Child.birth_date.is_(None),
        "class": Child.class_id.is_(None),
        "guardian": ~exists().where(
            Guardian.family_id == Child.family_id,
            Guardian.deleted.is_(False),
            Guardian.name != "",
        ),
        "guardianship": Child.guardianship_type.is_(None) | (Child.guardianship_type == ""),
        "consent": ~exists().where(Consent.child_id == Child.id, Consent.deleted.is_(False)),
    }


@dataclass(frozen=True)
class ChildRow:
    """One line of the children list: the ID number masked, the phone if the role may.

    ``missing`` holds the keys of :data:`MISSING_FIELDS` the record still lacks.
    """

    id: str
    name: str
    name_pinyin: str
    name_initials: str
    sex: str
    birth_date: date | None
    grade: int | None
    class_name: str
    id_number_shown: str
    guardian_name: str
    guardian_phone_shown: str
    both_parents_away: bool | None
    class_id: str | None = None
    categories: tuple[str, ...] = ()
    status: str = vocab.CHILD_ACTIVE
    missing: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChildFilter:
    """Which rows of the list to show. ``status`` None means every status; the other
    fields None (or False) do not filter."""

    status: str | None = vocab.CHILD_ACTIVE
    grade: int | None = None
    class_id: str | None = None
    category: str | None = None
    incomplete_only: bool = False

    def matches(self, row: ChildRow) -> bool:
        """Whether ``row`` passes every filter but the status (applied in SQL)."""
        return (
            (self.grade is None or row.grade == self.grade)
            and (self.class_id is None or row.class_id == self.class_id)
            and (self.category is None or self.category in row.categories)
            and (not self.incomplete_only or bool(row.missing))
        )

    def apply(self, rows: Iterable[ChildRow]) -> list[ChildRow]:
        if (self.grade, self.class_id, self.category, self.incomplete_only) == (
            None,
            None,
            None,
            False,
        ):
            return list(rows)
        return [row for row in rows if self.matches(row)]


@dataclass(frozen=True)
class GuardianView:
    relation: str
    name: str
    phone: str
    id_number: str
    work_place: str
    employer: str
    is_entrusted_guardian: bool


@dataclass(frozen=True)
class ChildRecord:
    """One child's record as the viewer may see it."""

    id: str
    name: str
    sex: str
    ethnicity: str
    birth_date: date | None
    id_number: str
    class_name: str
    current_address: str
    status: str
    guardianship_type: str
    health: str
    illness_type: str
    disability_type: str
    medical_history: str
    guardians: tuple[GuardianView, ...]
    consent_date: date | None


@dataclass(frozen=True)
class ArchiveCounts:
    children_active: int
    classes: int
    incomplete_records: int


class ChildrenService(ChildRecordsMixin, ChildHistoryMixin):
    """The archive's service: lists and counts here; the edit form from
    :class:`ChildRecordsMixin`; status changes, confirmation and the timeline from
    :class:`ChildHistoryMixin`."""

    def __init__(self, db: Database, now: Now = utcnow) -> None:
        self._db = db
        self._now = now

    # --- scope -----------------------------------------------------------------

    @staticmethod
    def scope(actor: Actor) -> ColumnElement[bool]:
        """The children ``actor`` may see, as a WHERE clause on Child."""
        if actor.role in ALL_CHILDREN_ROLES:
            return true()
        if actor.teacher_id is None:
            return false()
        if actor.role == vocab.ROLE_CLASS_TEACHER:
            own = select(SchoolClass.id).where(SchoolClass.class_teacher_id == actor.teacher_id)
            return Child.class_id.in_(own)
        if actor.role == vocab.ROLE_MENTOR:
            return Child.mentor_id == actor.teacher_id
        return false()

    def _child_in_scope(self, session: Session, actor: Actor, child_id: str) -> Child:
        child = session.scalars(
            select(Child).where(Child.id == child_id, Child.deleted.is_(False), self.scope(actor))
        ).first()
        if child is None:
            raise UserError(
                QT_TRANSLATE_NOOP(
                    "UserError",
                    "This child's record is not open to your account (it belongs to another "
                    "class or mentor), or it was removed.",
                )
            )
        return child

    # --- lists -----------------------------------------------------------------

    def list_active(self, actor: Actor) -> list[ChildRow]:
        """Active children in the actor's scope, by grade, class and pinyin, in one query."""
        return self.list_children(actor, ChildFilter())

    def list_children(self, actor: Actor, filters: ChildFilter | None = None) -> list[ChildRow]:
        """Children in the actor's scope passing ``filters`` (default: the active ones), by
        grade, class and pinyin; one SQL query, whatever the number of rows."""
        enforce(self._db, actor, VIEW_CHILDREN, self._now)
        filters = filters or ChildFilter()
        phones = allowed(actor, SEE_PHONES)  # ID numbers are always masked in lists
        entrusted = (
            select(Guardian.family_id, Guardian.name, Guardian.phone)
            .where(Guardian.is_entrusted_guardian.is_(True), Guardian.deleted.is_(False))
            .subquery()
        )
        lacks = lacking()
        where = [Child.deleted.is_(False), self.scope(actor)]
        if filters.status is not None:
            where.append(Child.status == filters.status)
        if filters.class_id is not None:
            where.append(Child.class_id == filters.class_id)
        query = (
            select(
                Child.id,
                Child.name,
                Child.name_pinyin,
                Child.name_initials,
                Child.sex,
                Child.birth_date,
                SchoolClass.grade,
                SchoolClass.name,
                Child.id_number,
                entrusted.c.name,
                entrusted.c.phone,
                Child.both_parents_away,
                Child.class_id,
                Child.categories,
                Child.status,
                *lacks.values(),
            )
            .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
            .outerjoin(entrusted, entrusted.c.family_id == Child.family_id)
            .where(*where)
            .order_by(SchoolClass.grade, SchoolClass.name, Child.name_pinyin)
        )
        with self._db.session_scope(actor.username) as session:
            rows = session.execute(query).all()
        seen: set[str] = set()
        result = []
        for r in rows:
            if r[0] in seen:  # a family with two entrusted guardians: show the first
                continue
            seen.add(r[0])
            number, phone = r[8] or "", r[10] or ""
            missing = tuple(key for key, absent in zip(lacks, r[15:], strict=True) if absent)
            result.append(
                ChildRow(
                    id=r[0],
                    name=r[1],
                    name_pinyin=r[2],
                    name_initials=r[3],
                    sex=r[4],
                    birth_date=r[5],
                    grade=r[6],
                    class_name=r[7] or "",
                    id_number_shown=mask_id_number(number),
                    guardian_name=r[9] or "",
                    guardian_phone_shown=phone if phones else mask_phone(phone),
                    both_parents_away=r[11],
                    class_id=r[12],
                    categories=tuple(r[13] or ()),
                    status=r[14],
                    missing=missing,
                )
            )
        return filters.apply(result)

    def class_choices(self, actor: Actor) -> list[tuple[str, int, str]]:
        """(id, grade, name) of the active classes the actor may put a child in or filter by."""
        enforce(self._db, actor, VIEW_CHILDREN, self._now)
        query = select(SchoolClass.id, SchoolClass.grade, SchoolClass.name).where(
            SchoolClass.deleted.is_(False), SchoolClass.active.is_(True)
        )
        if actor.role == vocab.ROLE_CLASS_TEACHER:
            query = query.where(SchoolClass.class_teacher_id == actor.teacher_id)
        with self._db.session_scope(actor.username) as session:
            return [
                (r.id, r.grade, r.name)
                for r in session.execute(query.order_by(SchoolClass.grade, SchoolClass.name))
            ]

    def counts(self, actor: Actor) -> ArchiveCounts:
        """Active children in the actor's scope, their classes, and how many of them have
        a record with something missing (the rows the list marks incomplete)."""
        enforce(self._db, actor, VIEW_CHILDREN, self._now)
        active = (Child.status == vocab.CHILD_ACTIVE) & Child.deleted.is_(False) & self.scope(actor)
        query = select(
            func.count(),
            func.count(func.distinct(Child.class_id)),
            func.coalesce(func.sum(case((or_(*lacking().values()), 1), else_=0)), 0),
        ).where(active)
        with self._db.session_scope(actor.username) as session:
            children, classes, incomplete = session.execute(query).one()
        return ArchiveCounts(
            children_active=children, classes=classes, incomplete_records=incomplete
        )

    # --- one child ---------------------------------------------------------------

    def record(self, actor: Actor, child_id: str) -> ChildRecord:
        """One child's full record; the opening is written to the audit log."""
        enforce(self._db, actor, VIEW_CHILD_RECORD, self._now)
        full_id, phones = allowed(actor, SEE_FULL_ID), allowed(actor, SEE_PHONES)
        health = allowed(actor, SEE_HEALTH)
        with self._db.session_scope(actor.username) as session:
            child = self._child_in_scope(session, actor, child_id)
            guardians = []
            if child.family_id:
                for g in session.scalars(
                    select(Guardian)
                    .where(Guardian.family_id == child.family_id, Guardian.deleted.is_(False))
                    .order_by(Guardian.relation)
                ):
                    guardians.append(
                        GuardianView(
                            relation=g.relation,
                            name=g.name,
                            phone=g.phone if phones else mask_phone(g.phone),
                            id_number=(g.id_number or "")
                            if full_id
                            else mask_id_number(g.id_number or ""),
                            work_place=f"{g.work_province}{g.work_city}",
                            employer=g.employer,
                            is_entrusted_guardian=g.is_entrusted_guardian,
                        )
                    )
            consent = session.scalar(
                select(func.max(Consent.consent_date)).where(
                    Consent.child_id == child.id, Consent.deleted.is_(False)
                )
            )
            record = ChildRecord(
                id=child.id,
                name=child.name,
                sex=child.sex,
                ethnicity=child.ethnicity,
                birth_date=child.birth_date,
                id_number=(child.id_number or "")
                if full_id
                else mask_id_number(child.id_number or ""),
                class_name=child.school_class.name if child.school_class else "",
                current_address=child.current_address,
                status=child.status,
                guardianship_type=child.guardianship_type,
                health=child.health if health else "",
                illness_type=child.illness_type if health else "",
                disability_type=child.disability_type if health else "",
                medical_history=child.medical_history if health else "",
                guardians=tuple(guardians),
                consent_date=consent,
            )
            audit.append(
                session,
                actor=actor.username,
                action="view_child_record",
                now=self._now(),
                object_type="child",
                object_id=child.id,
            )
            return record

    def update(self, actor: Actor, child_id: str, changes: dict[str, Any]) -> None:
        """Change fields of a child's record; each changed field is audited (old, new)."""
        enforce(self._db, actor, EDIT_CHILD, self._now)
        unknown = sorted(set(changes) - EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"not editable: {unknown}")
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            child = self._child_in_scope(session, actor, child_id)
            for field, new in sorted(changes.items()):
                old = getattr(child, field)
                if old == new:
                    continue
                setattr(child, field, new)
                audit.append(
                    session,
                    actor=actor.username,
                    action="child_edit",
                    now=now,
                    object_type="child",
                    object_id=child.id,
                    detail={"field": field, "old": _jsonable(old), "new": _jsonable(new)},
                )

    def record_consent(
        self, actor: Actor, child_id: str, consent_date: date, form: str, given_by: str
    ) -> None:
        """The guardian's consent to keeping the record: date, written or oral, who gave it."""
        enforce(self._db, actor, RECORD_CONSENT, self._now)
        if form not in CONSENT_FORMS:
            raise ValueError(f"unknown consent form: {form}")
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            child = self._child_in_scope(session, actor, child_id)
            consent = Consent(
                child_id=child.id, consent_date=consent_date, form=form, given_by=given_by.strip()
            )
            session.add(consent)
            session.flush()
            audit.append(
                session,
                actor=actor.username,
                action="consent_recorded",
                now=now,
                object_type="child",
                object_id=child.id,
                detail={"date": consent_date.isoformat(), "form": form},
            )

    # --- retention -----------------------------------------------------------------

    def retention_candidates(
        self, actor: Actor, years: int = RETENTION_YEARS
    ) -> list[tuple[str, str, date]]:
        """(id, name, status date) of children who left more than ``years`` years ago."""
        enforce(self._db, actor, ANONYMISE, self._now)
        today = local_date(self._now())
        cutoff = today.replace(year=today.year - years)
        with self._db.session_scope(actor.username) as session:
            return [
                (r.id, r.name, r.status_date)
                for r in session.execute(
                    select(Child.id, Child.name, Child.status_date)
                    .where(
                        Child.status.in_(ENDED_STATUSES),
                        Child.status_date <= cutoff,
                        Child.anonymised.is_(False),
                        Child.deleted.is_(False),
                    )
                    .order_by(Child.status_date)
                )
            ]

    def anonymise(self, actor: Actor, child_ids: list[str]) -> int:
        """Irreversibly remove what identifies these children (and their families'
        contacts, once no child with a kept record shares the family). Logged."""
        enforce(self._db, actor, ANONYMISE, self._now)
        eligible = {c[0] for c in self.retention_candidates(actor)}
        refused = set(child_ids) - eligible
        if refused:
            raise PermissionDenied(actor, ANONYMISE)
        now = self._now()
        with self._db.session_scope(actor.username) as session:
            children = list(session.scalars(select(Child).where(Child.id.in_(child_ids))))
            families = {c.family_id for c in children if c.family_id}
            for child in children:
                _blank_child(child)
            for family_id in families:
                kept = session.scalar(
                    select(func.count()).where(
                        Child.family_id == family_id, Child.anonymised.is_(False)
                    )
                )
                if not kept:
                    _blank_family(session, family_id)
            audit.append(
                session,
                actor=actor.username,
                action="anonymised",
                now=now,
                object_type="child",
                object_id="",
                detail={"children": sorted(child_ids)},
            )
        return len(children)


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def _blank_child(child: Child) -> None:
    child.name = ANONYMOUS_NAME
    child.name_pinyin = ""
    child.name_initials = ""
    child.id_number = None
    child.student_number = ""
    if child.birth_date:
        child.birth_date = child.birth_date.replace(month=1, day=1)  # the year stays for counts
    for text_field in (
        "hukou_place",
        "current_address",
        "hobbies",
        "personality",
        *HEALTH_FIELDS[1:],
    ):
        setattr(child, text_field, "")
    child.photo = None
    child.anonymised = True


def _blank_family(session: Session, family_id: str) -> None:
    family = session.get(Family, family_id)
    if family is not None:
        family.address = ""
        family.home_phone = ""
    for guardian in session.scalars(select(Guardian).where(Guardian.family_id == family_id)):
        guardian.name = ""
        guardian.phone = ""
        guardian.employer = ""
        guardian.id_number = None
        guardian.birth_date = None
        guardian.address = ""
        guardian.employer_address = ""
        guardian.employer_phone = ""

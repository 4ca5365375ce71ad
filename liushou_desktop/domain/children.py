"""The children's archive as each role may see it: lists, full records, edits, privacy.

Every method takes the :class:`~liushou_desktop.domain.permissions.Actor` and
enforces the role table and the actor's scope (own classes, own mentees).
ID numbers and phones are masked unless the role may see them; health
details are left out unless the role needs them. Opening a full record and
every changed field are written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, false, func, select, true
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import Child, Consent, Family, Guardian, SchoolClass
from liushou_desktop.db.sync_meta import Now, utcnow
from liushou_desktop.domain import audit, vocab
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


@dataclass(frozen=True)
class ChildRow:
    """One line of the children list: the ID number masked, the phone if the role may."""

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


class ChildrenService:
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
        enforce(self._db, actor, VIEW_CHILDREN, self._now)
        phones = allowed(actor, SEE_PHONES)  # ID numbers are always masked in lists
        entrusted = (
            select(Guardian.family_id, Guardian.name, Guardian.phone)
            .where(Guardian.is_entrusted_guardian.is_(True), Guardian.deleted.is_(False))
            .subquery()
        )
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
            )
            .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
            .outerjoin(entrusted, entrusted.c.family_id == Child.family_id)
            .where(Child.status == vocab.CHILD_ACTIVE, Child.deleted.is_(False), self.scope(actor))
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
                )
            )
        return result

    def counts(self, actor: Actor) -> ArchiveCounts:
        enforce(self._db, actor, VIEW_CHILDREN, self._now)
        active = (Child.status == vocab.CHILD_ACTIVE) & Child.deleted.is_(False) & self.scope(actor)
        incomplete = active & (
            Child.id_number.is_(None)
            | Child.birth_date.is_(None)
            | Child.class_id.is_(None)
            | Child.family_id.is_(None)
            | (Child.guardianship_type == "")
        )
        classes = select(func.count(func.distinct(Child.class_id))).where(active)
        with self._db.session_scope(actor.username) as session:
            return ArchiveCounts(
                children_active=session.scalar(select(func.count()).where(active)) or 0,
                classes=session.scalar(classes) or 0,
                incomplete_records=session.scalar(select(func.count()).where(incomplete)) or 0,
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
        today = self._now().date()
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

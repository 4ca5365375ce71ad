"""Editing one child's whole record: the form's data and validation that helps.

:class:`ChildForm` holds everything the paper form asks for (the child, the family and
each guardian); :class:`ChildRecordsMixin` gives :class:`~.children.ChildrenService`
``new_form``, ``editable``, ``validate``, ``save`` and ``mentor_choices``. The record's
history (status changes, confirmations, the timeline, the audited edits) is in
:mod:`.child_history`; :class:`TimelineEntry` is re-exported from there.
Saving checks only what must be right (the child's name; an ID number, if typed, must be
valid and agree with the sex and birth date; phones and other names must be readable);
everything else may stay empty and is listed as missing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Child,
    Family,
    Guardian,
    Installation,
    School,
    SchoolClass,
    Teacher,
)
from liushou_desktop.db.sync_meta import Now
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.child_history import (
    HEALTH_FORM_FIELDS,
    PHONE_FIELDS,
    EditLog,
)
from liushou_desktop.domain.child_history import TimelineEntry as TimelineEntry  # for the GUI
from liushou_desktop.domain.eligibility import Eligibility, assess
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.id_numbers import check_consistency, mask_id_number, validate_id_number
from liushou_desktop.domain.names import canonical_class_name, normalize_person_name
from liushou_desktop.domain.permissions import (
    EDIT_CHILD,
    SEE_FULL_ID,
    SEE_HEALTH,
    SEE_PHONES,
    VIEW_CHILD_RECORD,
    Actor,
    allowed,
)
from liushou_desktop.domain.phones import mask_phone, normalize_phone
from liushou_desktop.domain.pinyin import name_pinyin
from liushou_desktop.errors import NotSetUpError, UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

PHOTO_MAX_BYTES = 30_000
# The people of the paper form, in its order; "other" is an entrusted guardian who is
# neither a parent nor a grandparent.
FORM_RELATIONS = tuple(vocab.RELATIONS)
CHILD_FORM_FIELDS = (
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
    "medical_history",
    "boarding",
    "schooling_stage",
    "both_parents_away",
    "one_parent_away_other_unable",
    "unable_parent",
    "guardianship_type",
    "categories",
    "hobbies",
    "personality",
    "care_needs",
    "care_measures",
    "mentor_id",
    "photo",
)
FAMILY_FORM_FIELDS = ("address", "home_phone", "income_sources", "assistance")
GUARDIAN_FORM_FIELDS = (
    "name",
    "relation_note",
    "birth_date",
    "id_number",
    "phone",
    "address",
    "occupation",
    "health",
    "work_province",
    "work_city",
    "employer",
    "employer_address",
    "employer_phone",
    "works_away",
    "is_entrusted_guardian",
)
_CODED = {
    "sex": vocab.SEX,
    "health": vocab.HEALTH,
    "schooling_stage": vocab.SCHOOLING_STAGES,
    "guardianship_type": vocab.GUARDIANSHIP_TYPES,
    "unable_parent": {"father": "", "mother": ""},
}
_LISTS = {
    "categories": vocab.CATEGORIES,
    "income_sources": vocab.INCOME_SOURCES,
    "assistance": vocab.ASSISTANCE,
}


@dataclass
class GuardianForm:
    """One person of the family as the form edits them; ``id`` None for a new person.

    ``id_number`` and ``phone`` hold masked text when the role may not see them; such
    values are never written back.
    """

    relation: str
    id: str | None = None
    name: str = ""
    relation_note: str = ""
    birth_date: date | None = None
    id_number: str = ""
    phone: str = ""
    address: str = ""
    occupation: str = ""
    health: str = ""
    work_province: str = ""
    work_city: str = ""
    employer: str = ""
    employer_address: str = ""
    employer_phone: str = ""
    works_away: bool = False
    is_entrusted_guardian: bool = False

    def is_blank(self) -> bool:
        return not any(
            getattr(self, f) for f in GUARDIAN_FORM_FIELDS if f != "is_entrusted_guardian"
        )


@dataclass
class ChildForm:
    """A child's whole record for the edit form; ``child_id`` None for a new child.

    ``class_name`` is the class as typed (一(1)班 and 一年级1班 are the same class).
    ``family_id`` is the household shared with siblings (set by :meth:`new_form` when
    linking a new child to a sibling's family). The ``can_*`` flags say what the role
    may see (hidden values are masked or empty and never saved); ``read_only`` is set
    for roles that may not edit. ``status``, ``confirmed_on`` and ``eligibility`` are
    for display only.
    """

    child_id: str | None = None
    name: str = ""
    sex: str = ""
    ethnicity: str = ""
    birth_date: date | None = None
    id_number: str = ""
    student_number: str = ""
    hukou_registered: bool | None = None
    hukou_place: str = ""
    current_address: str = ""
    health: str = "healthy"
    disability_type: str = ""
    disability_grade: str = ""
    illness_type: str = ""
    medical_history: str = ""
    boarding: bool = False
    schooling_stage: str = ""
    both_parents_away: bool | None = None
    one_parent_away_other_unable: bool | None = None
    unable_parent: str = ""
    guardianship_type: str = ""
    categories: list[str] = field(default_factory=list)
    hobbies: str = ""
    personality: str = ""
    care_needs: str = ""
    care_measures: str = ""
    mentor_id: str | None = None
    photo: bytes | None = None
    class_name: str = ""
    family_id: str | None = None
    address: str = ""
    home_phone: str = ""
    income_sources: list[str] = field(default_factory=list)
    assistance: list[str] = field(default_factory=list)
    guardians: list[GuardianForm] = field(default_factory=list)
    status: str = vocab.CHILD_ACTIVE
    confirmed_on: date | None = None
    eligibility: Eligibility | None = None
    can_see_full_id: bool = True
    can_see_phones: bool = True
    can_see_health: bool = True
    read_only: bool = False

    def guardian(self, relation: str) -> GuardianForm:
        """The first person of ``relation``, added (blank) when there is none yet."""
        for person in self.guardians:
            if person.relation == relation:
                return person
        person = GuardianForm(relation=relation)
        self.guardians.append(person)
        return person


@dataclass(frozen=True)
class DuplicateCandidate:
    """A child already in the archive who may be the one being entered."""

    id: str
    name: str
    birth_date: date | None
    class_name: str
    status: str
    same_id_number: bool


@dataclass(frozen=True)
class SaveResult:
    """What a save did: ``saved`` false when ``duplicates`` ask the user to choose."""

    saved: bool
    child_id: str | None
    created: bool = False
    duplicates: tuple[DuplicateCandidate, ...] = ()
    eligibility: Eligibility | None = None
    warnings: tuple[UserError, ...] = ()


class FieldErrors(UserError):
    """The record cannot be saved yet: ``errors`` lists (field, UserError) for the form.

    Field names are ChildForm attributes, ``class_name``, or ``relation.attribute`` for a
    guardian (``father.phone``).
    """

    def __init__(self, errors: list[tuple[str, UserError]]) -> None:
        super().__init__(
            QT_TRANSLATE_NOOP(
                "UserError",
                "The record was not saved: correct the {count} field(s) marked in red.",
            ),
            {"count": len(errors)},
        )
        self.errors = errors


def merge_forms(existing: ChildForm, typed: ChildForm) -> ChildForm:
    """The existing record with its empty fields filled from what was typed (a merge)."""
    merged = dataclasses.replace(
        existing, guardians=[dataclasses.replace(g) for g in existing.guardians]
    )
    for name in (*CHILD_FORM_FIELDS, "class_name", *FAMILY_FORM_FIELDS):
        if getattr(merged, name) in ("", None, []) and getattr(typed, name) not in ("", None, []):
            setattr(merged, name, getattr(typed, name))
    for person in typed.guardians:
        target = merged.guardian(person.relation)
        for name in GUARDIAN_FORM_FIELDS:
            if not getattr(target, name) and getattr(person, name):
                setattr(target, name, getattr(person, name))
    return merged


def _error(
    field_name: str, message: str, params: dict[str, Any] | None = None
) -> tuple[str, UserError]:
    return field_name, UserError(message, params)


class _Cleaned:
    """Values ready to store, from a ChildForm, and the errors found on the way."""

    def __init__(self) -> None:
        self.child: dict[str, Any] = {}
        self.family: dict[str, Any] = {}
        self.guardians: list[tuple[GuardianForm, dict[str, Any]]] = []
        self.errors: list[tuple[str, UserError]] = []
        self.class_name: Any = None  # names.ClassName, or None for no class

    def attempt(self, field_name: str, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except UserError as exc:
            self.errors.append((field_name, exc))
            return None


def _clean(form: ChildForm, today: date, actor: Actor) -> _Cleaned:
    """Check and normalise the form as far as ``actor`` may write it."""
    see_id, see_phones = allowed(actor, SEE_FULL_ID), allowed(actor, SEE_PHONES)
    see_health = allowed(actor, SEE_HEALTH)
    out = _Cleaned()
    for name in CHILD_FORM_FIELDS:
        if (name in HEALTH_FORM_FIELDS and not see_health) or (name == "id_number" and not see_id):
            continue
        value = getattr(form, name)
        if name in _CODED and value and value not in _CODED[name]:
            raise ValueError(f"{name}: unknown code {value!r}")
        if name in _LISTS:
            value = [code for code in _LISTS[name] if code in value]  # vocab order
        elif isinstance(value, str) and name != "id_number":
            value = value.strip()
        out.child[name] = value
    out.child["name"] = out.attempt("name", normalize_person_name, form.name) or form.name.strip()
    if see_id:
        _clean_child_id(form, today, out)
    birth = out.child.get("birth_date", form.birth_date)
    if birth is not None and birth > today:
        out.errors.append(
            _error(
                "birth_date",
                QT_TRANSLATE_NOOP(
                    "UserError", "The birth date {date} is after today: correct the birth date."
                ),
                {"date": birth.isoformat()},
            )
        )
    if form.photo is not None and len(form.photo) > PHOTO_MAX_BYTES:
        out.errors.append(
            _error(
                "photo",
                QT_TRANSLATE_NOOP(
                    "UserError", "The photo is too large ({size} KB): choose a smaller photo."
                ),
                {"size": len(form.photo) // 1000},
            )
        )
    if form.class_name.strip():
        out.class_name = out.attempt("class_name", canonical_class_name, form.class_name)
    for name in FAMILY_FORM_FIELDS:
        value = getattr(form, name)
        if name in _LISTS:
            out.family[name] = [code for code in _LISTS[name] if code in value]
        elif name == "home_phone":
            if see_phones:
                out.family[name] = out.attempt(name, normalize_phone, value) or ""
        else:
            out.family[name] = value.strip()
    for person in form.guardians:
        if person.relation not in vocab.RELATIONS:
            raise ValueError(f"unknown relation {person.relation!r}")
        out.guardians.append((person, _clean_guardian(person, today, see_id, see_phones, out)))
    return out


def _clean_child_id(form: ChildForm, today: date, out: _Cleaned) -> None:
    raw = form.id_number.strip()
    if not raw:
        out.child["id_number"] = None
        return
    info = out.attempt("id_number", lambda v: validate_id_number(v, today=today), raw)
    if info is None:
        return
    out.child["id_number"] = info.number
    empty = out.attempt("id_number", check_consistency, info, form.sex or None, form.birth_date)
    for name in empty or ():
        out.child[name] = getattr(info, name)


def _clean_guardian(
    person: GuardianForm, today: date, see_id: bool, see_phones: bool, out: _Cleaned
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    prefix = person.relation + "."
    for name in GUARDIAN_FORM_FIELDS:
        value = getattr(person, name)
        if name == "id_number":
            if not see_id:
                continue
            if value.strip():
                info = out.attempt(
                    prefix + name, lambda v: validate_id_number(v, today=today), value
                )
                value = info.number if info else None
            else:
                value = None
        elif name in PHONE_FIELDS:
            if not see_phones:
                continue
            value = out.attempt(prefix + name, normalize_phone, value) or ""
        elif name == "name" and value.strip():
            value = out.attempt(prefix + name, normalize_person_name, value) or value.strip()
        elif isinstance(value, str):
            value = value.strip()
        values[name] = value
    return values


class ChildRecordsMixin:
    """The editing part of ChildrenService (see the module docstring)."""

    _db: Database
    _now: Now

    @staticmethod
    def scope(actor: Actor) -> Any:
        raise NotImplementedError

    def _child_in_scope(self, session: Session, actor: Actor, child_id: str) -> Child:
        raise NotImplementedError

    # --- reading the form --------------------------------------------------------------

    def new_form(self, actor: Actor, link_family_of: str | None = None) -> ChildForm:
        """A blank form for a new child; with ``link_family_of``, that child's family
        (address, phones, guardians) is filled in and shared: siblings are entered once."""
        enforce(self._db, actor, EDIT_CHILD, self._now)
        form = self._flags(ChildForm(), actor)
        if link_family_of is not None:
            with self._db.session_scope(actor.username) as session:
                sibling = self._child_in_scope(session, actor, link_family_of)
                if sibling.family_id is None:
                    family = Family(school_id=sibling.school_id)
                    session.add(family)
                    session.flush()
                    sibling.family_id = family.id
                self._fill_family(session, form, sibling.family_id)
                form.current_address = sibling.current_address
                form.hukou_place = sibling.hukou_place
        form.eligibility = self._assess(form)
        return form

    def editable(self, actor: Actor, child_id: str) -> ChildForm:
        """The child's whole record for the form (opening it is audited)."""
        enforce(self._db, actor, VIEW_CHILD_RECORD, self._now)
        form = self._flags(ChildForm(child_id=child_id), actor)
        with self._db.session_scope(actor.username) as session:
            child = self._child_in_scope(session, actor, child_id)
            for name in CHILD_FORM_FIELDS:
                value = getattr(child, name)
                setattr(form, name, list(value) if isinstance(value, list) else value)
            form.id_number = child.id_number or ""
            if not form.can_see_full_id:
                form.id_number = mask_id_number(form.id_number)
            if not form.can_see_health:
                for name in HEALTH_FORM_FIELDS:
                    setattr(form, name, "")
            form.class_name = child.school_class.name if child.school_class else ""
            form.status, form.confirmed_on = child.status, child.confirmed_on
            if child.family_id:
                self._fill_family(session, form, child.family_id)
            audit.append(
                session,
                actor=actor.username,
                action="view_child_record",
                now=self._now(),
                object_type="child",
                object_id=child.id,
            )
        form.eligibility = self._assess(form)
        return form

    def _flags(self, form: ChildForm, actor: Actor) -> ChildForm:
        form.can_see_full_id = allowed(actor, SEE_FULL_ID)
        form.can_see_phones = allowed(actor, SEE_PHONES)
        form.can_see_health = allowed(actor, SEE_HEALTH)
        form.read_only = not allowed(actor, EDIT_CHILD)
        return form

    def _fill_family(self, session: Session, form: ChildForm, family_id: str) -> None:
        family = session.get(Family, family_id)
        if family is None:
            return
        form.family_id = family.id
        form.address, form.home_phone = family.address, family.home_phone
        form.income_sources, form.assistance = list(family.income_sources), list(family.assistance)
        if not form.can_see_phones:
            form.home_phone = mask_phone(form.home_phone)
        form.guardians = []
        for row in session.scalars(
            select(Guardian)
            .where(Guardian.family_id == family.id, Guardian.deleted.is_(False))
            .order_by(Guardian.created_at)
        ):
            person = GuardianForm(relation=row.relation, id=row.id)
            for name in GUARDIAN_FORM_FIELDS:
                setattr(person, name, getattr(row, name))
            person.id_number = row.id_number or ""
            if not form.can_see_full_id:
                person.id_number = mask_id_number(person.id_number)
            if not form.can_see_phones:
                person.phone = mask_phone(person.phone)
                person.employer_phone = mask_phone(person.employer_phone)
            form.guardians.append(person)

    def _assess(self, form: ChildForm) -> Eligibility:
        return assess(
            form.birth_date,
            self._now().date(),
            form.both_parents_away,
            form.one_parent_away_other_unable,
        )

    def mentor_choices(self, actor: Actor) -> list[tuple[str, str]]:
        """(teacher id, name) of the school's active teachers, for the responsible mentor."""
        enforce(self._db, actor, VIEW_CHILD_RECORD, self._now)
        with self._db.session_scope(actor.username) as session:
            return [
                (r.id, r.name)
                for r in session.execute(
                    select(Teacher.id, Teacher.name)
                    .where(Teacher.active.is_(True), Teacher.deleted.is_(False))
                    .order_by(Teacher.name_pinyin, Teacher.name)
                )
            ]

    # --- saving ------------------------------------------------------------------------

    def validate(self, actor: Actor, form: ChildForm) -> list[tuple[str, UserError]]:
        """The (field, message) errors :meth:`save` would report, without saving anything
        (the class teacher's own-class rule is checked only by ``save``)."""
        enforce(self._db, actor, EDIT_CHILD, self._now)
        return _clean(form, self._now().date(), actor).errors

    def save(self, actor: Actor, form: ChildForm, allow_duplicate: bool = False) -> SaveResult:
        """Create (``form.child_id`` None) or update a child's record in one transaction.

        Raises :class:`FieldErrors` listing each field to correct. A new child with the
        same ID number (or, without one, the same name and birth date) as a child of the
        school is not saved: the result lists the ``duplicates`` and the user either opens
        the existing record (see :func:`merge_forms`) or saves again with
        ``allow_duplicate``. Every changed field is audited.
        """
        enforce(self._db, actor, EDIT_CHILD, self._now)
        now = self._now()
        cleaned = _clean(form, now.date(), actor)
        with self._db.session_scope(actor.username) as session:
            class_id = self._class_for(session, actor, cleaned)
            if cleaned.errors:
                raise FieldErrors(cleaned.errors)
            if form.child_id is None:
                school_id = _school_id(session)
                if not allow_duplicate:
                    found = _duplicates(session, school_id, cleaned.child)
                    if found:
                        return SaveResult(False, None, duplicates=found)
                child = Child(school_id=school_id, name=cleaned.child["name"])
                session.add(child)
            else:
                child = self._child_in_scope(session, actor, form.child_id)
                self._check_unique_id(session, child, cleaned)
            created = form.child_id is None
            values = {**cleaned.child, "class_id": class_id}
            if "name" in values and values["name"] != (None if created else child.name):
                values["name_pinyin"], values["name_initials"] = name_pinyin(values["name"])
            log = EditLog(session, actor, now, child, created)
            log.assign(child, values, "")
            if created:
                session.flush()
            self._save_family(session, child, form, cleaned, log)
            session.flush()
            log.finish()
            child_id = child.id
        form.child_id = child_id
        return SaveResult(True, child_id, created, eligibility=self._assess(form))

    def _class_for(self, session: Session, actor: Actor, cleaned: _Cleaned) -> str | None:
        """The class's id (found or made); a class teacher may use only their own classes."""
        name = cleaned.class_name
        if name is None:
            return None
        school_id = _school_id(session)
        klass = session.scalars(
            select(SchoolClass).where(
                SchoolClass.school_id == school_id,
                SchoolClass.name == name.canonical,
                SchoolClass.deleted.is_(False),
            )
        ).first()
        if actor.role == vocab.ROLE_CLASS_TEACHER and (
            klass is None or klass.class_teacher_id != actor.teacher_id
        ):
            cleaned.errors.append(
                _error(
                    "class_name",
                    QT_TRANSLATE_NOOP(
                        "UserError",
                        "{name} is not one of your classes: choose one of your own classes, "
                        "or ask the school administrator to enter this child.",
                    ),
                    {"name": name.canonical},
                )
            )
            return None
        if klass is None:
            klass = SchoolClass(
                school_id=school_id, grade=name.grade, name=name.canonical, active=True
            )
            session.add(klass)
            session.flush()
        return klass.id

    def _check_unique_id(self, session: Session, child: Child, cleaned: _Cleaned) -> None:
        number = cleaned.child.get("id_number")
        if not number or number == child.id_number:
            return
        other = session.scalars(
            select(Child).where(
                Child.id_number == number, Child.id != child.id, Child.deleted.is_(False)
            )
        ).first()
        if other is not None:
            raise FieldErrors(
                [
                    _error(
                        "id_number",
                        QT_TRANSLATE_NOOP(
                            "UserError",
                            "Another child ({name}) already has the ID number {number}: "
                            "check the number against the card.",
                        ),
                        {"name": other.name, "number": number},
                    )
                ]
            )

    def _save_family(
        self, session: Session, child: Child, form: ChildForm, cleaned: _Cleaned, log: EditLog
    ) -> None:
        family_id = child.family_id or form.family_id
        people = [(p, v) for p, v in cleaned.guardians if p.id or not p.is_blank()]
        family_typed = any(cleaned.family.get(k) for k in FAMILY_FORM_FIELDS)
        if family_id is None and not (people or family_typed):
            return
        family = session.get(Family, family_id) if family_id else None
        if family is None:
            family = Family(school_id=child.school_id)
            session.add(family)
            session.flush()
        if child.family_id != family.id:
            log.assign(child, {"family_id": family.id}, "")
        log.assign(family, cleaned.family, "family.")
        for person, values in people:
            row = session.get(Guardian, person.id) if person.id else None
            if row is None or row.family_id != family.id:
                session.add(Guardian(family_id=family.id, relation=person.relation, **values))
                log.note_added(person.relation)
            else:
                log.assign(row, values, person.relation + ".")


def _school_id(session: Session) -> str:
    """This installation's school (a township installation has none to add children to)."""
    code = session.scalar(select(Installation.code))
    if code is None:
        raise NotSetUpError()
    school_id = session.scalar(select(School.id).where(School.code == code))
    if school_id is None:
        raise UserError(
            QT_TRANSLATE_NOOP(
                "UserError",
                "Children are entered at their school, not at the township: enter them on "
                "the school's computer.",
            )
        )
    return school_id


def _duplicates(
    session: Session, school_id: str, values: dict[str, Any]
) -> tuple[DuplicateCandidate, ...]:
    number = values.get("id_number")
    query = (
        select(Child, SchoolClass.name)
        .outerjoin(SchoolClass, Child.class_id == SchoolClass.id)
        .where(Child.school_id == school_id, Child.deleted.is_(False))
    )
    if number:
        query = query.where(Child.id_number == number)
    elif values.get("birth_date") is not None:
        query = query.where(Child.name == values["name"], Child.birth_date == values["birth_date"])
    else:
        return ()
    return tuple(
        DuplicateCandidate(c.id, c.name, c.birth_date, klass or "", c.status, bool(number))
        for c, klass in session.execute(query.order_by(func.coalesce(Child.name_pinyin, "")))
    )

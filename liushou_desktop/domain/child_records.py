"""Editing one child's whole record: reading it into the form, and saving it.

:class:`ChildRecordsMixin` gives :class:`~.children.ChildrenService` ``new_form``,
``editable``, ``validate``, ``save`` and ``mentor_choices``. The form's data
(:class:`ChildForm`, :class:`GuardianForm`, the ``*_FORM_FIELDS``) and its checking
(:class:`FieldErrors`, :func:`merge_forms`) are in :mod:`.child_form_data`, and re-exported
here. The record's history (status changes, confirmations, the timeline, the audited
edits) is in :mod:`.child_history`; :class:`TimelineEntry` is re-exported from there.
Saving checks only what must be right (the child's name; an ID number, if typed, must be
valid and agree with the sex and birth date; phones and other names must be readable);
everything else may stay empty and is listed as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from liushou_desktop.db.database import Database
from liushou_desktop.db.models import (
    Child,
    Family,
    Guardian,
    SchoolClass,
    Teacher,
)
from liushou_desktop.db.sync_meta import Now, local_date
from liushou_desktop.domain import audit, vocab
from liushou_desktop.domain.child_form_data import (
    CHILD_FORM_FIELDS,
    FAMILY_FORM_FIELDS,
    FORM_RELATIONS,
    GUARDIAN_FORM_FIELDS,
    PHOTO_MAX_BYTES,
    ChildForm,
    CleanedForm,
    FieldErrors,
    GuardianForm,
    clean_form,
    field_error,
    merge_forms,
)
from liushou_desktop.domain.child_history import HEALTH_FORM_FIELDS, EditLog
from liushou_desktop.domain.child_history import TimelineEntry as TimelineEntry  # for the GUI
from liushou_desktop.domain.eligibility import Eligibility, assess
from liushou_desktop.domain.guard import enforce
from liushou_desktop.domain.id_numbers import mask_id_number
from liushou_desktop.domain.installation import require_school_id
from liushou_desktop.domain.permissions import (
    EDIT_CHILD,
    SEE_FULL_ID,
    SEE_HEALTH,
    SEE_PHONES,
    VIEW_CHILD_RECORD,
    Actor,
    allowed,
)
from liushou_desktop.domain.phones import mask_phone
from liushou_desktop.domain.pinyin import name_pinyin
from liushou_desktop.errors import UserError
from liushou_desktop.i18n import QT_TRANSLATE_NOOP

__all__ = [  # the form's names stay importable from here (the GUI and tests use them)
    "CHILD_FORM_FIELDS",
    "FAMILY_FORM_FIELDS",
    "FORM_RELATIONS",
    "GUARDIAN_FORM_FIELDS",
    "PHOTO_MAX_BYTES",
    "ChildForm",
    "ChildRecordsMixin",
    "DuplicateCandidate",
    "FieldErrors",
    "GuardianForm",
    "SaveResult",
    "TimelineEntry",
    "merge_forms",
]


# What a school-only action says at a township.
_AT_TOWNSHIP = QT_TRANSLATE_NOOP(
    "UserError",
    "Children are entered at their school, not at the township: enter them on "
    "the school's computer.",
)


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
            local_date(self._now()),
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
        return clean_form(form, local_date(self._now()), actor).errors

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
        cleaned = clean_form(form, local_date(now), actor)
        with self._db.session_scope(actor.username) as session:
            class_id = self._class_for(session, actor, cleaned)
            if cleaned.errors:
                raise FieldErrors(cleaned.errors)
            if form.child_id is None:
                school_id = require_school_id(session, _AT_TOWNSHIP)
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

    def _class_for(self, session: Session, actor: Actor, cleaned: CleanedForm) -> str | None:
        """The class's id (found or made); a class teacher may use only their own classes."""
        name = cleaned.class_name
        if name is None:
            return None
        school_id = require_school_id(session, _AT_TOWNSHIP)
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
                field_error(
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

    def _check_unique_id(self, session: Session, child: Child, cleaned: CleanedForm) -> None:
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
                    field_error(
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
        self, session: Session, child: Child, form: ChildForm, cleaned: CleanedForm, log: EditLog
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
